/**
 * "Did you mean" for near-miss names: optimal string alignment (restricted Damerau-Levenshtein)
 * distance, with a threshold that shrinks for short words so `ap` never suggests `at`.
 */

/** Edits (insert, delete, substitute, swap two adjacent characters) turning `a` into `b`. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev2: number[] = [];
  let prev: number[] = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur: number[] = [i];
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    prev2 = prev;
    prev = cur;
  }
  return prev[n] ?? 0;
}

/** The largest distance still counted as a near miss of a word this long. */
export function maxDistanceFor(word: string): number {
  return word.length <= 2 ? 0 : word.length <= 4 ? 1 : 2;
}

/** The closest candidate within the near-miss threshold (case-insensitive), or undefined. Ties keep the first. */
export function closest(word: string, candidates: Iterable<string>): { readonly candidate: string; readonly distance: number } | undefined {
  const w = word.toLowerCase();
  const limit = maxDistanceFor(w);
  let best: { candidate: string; distance: number } | undefined;
  for (const c of candidates) {
    if (c.toLowerCase() === w) return { candidate: c, distance: 0 };
    if (Math.abs(c.length - w.length) > limit) continue;
    const d = editDistance(w, c.toLowerCase());
    if (d <= limit && (best === undefined || d < best.distance)) best = { candidate: c, distance: d };
  }
  return best;
}

/** "did you mean `x`?" for the closest candidate, or undefined. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const c = closest(word, candidates);
  return c && c.distance > 0 ? `did you mean \`${c.candidate}\`?` : undefined;
}

const DID_YOU_MEAN = /did you mean `([^`]+)`\?/;

/** The candidate a `didYouMean` text (e.g. a diagnostic's help) proposes, or undefined. */
export function suggestionIn(text: string | undefined): string | undefined {
  return text === undefined ? undefined : DID_YOU_MEAN.exec(text)?.[1];
}

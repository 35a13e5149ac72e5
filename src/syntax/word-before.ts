/**
 * The word that ends a text (before trailing blanks): what `/([A-Za-z0-9_][A-Za-z0-9_.\-]*)[ \t]*$/`
 * would capture, found by one backward scan. The regular expression backtracks quadratically on
 * a long word that does not end the text (a 90,000-character mutated word took 9 s).
 * `extra`: characters allowed inside the word besides letters, digits, `_`, `.` and `-`.
 */
export function wordBefore(text: string, extra = ''): string | undefined {
  return wordBeforeAt(text, extra)?.word;
}

/** wordBefore, with where the word starts in `text`. */
export function wordBeforeAt(text: string, extra = ''): { readonly word: string; readonly index: number } | undefined {
  let end = text.length;
  while (end > 0 && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  let start = end;
  while (start > 0 && isWordChar(text[start - 1] as string, extra)) start--;
  // A word starts with a letter, a digit or `_`.
  while (start < end && !isWordStart(text[start] as string)) start++;
  return start < end ? { word: text.slice(start, end), index: start } : undefined;
}

function isWordStart(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c === '_';
}

function isWordChar(c: string, extra: string): boolean {
  return isWordStart(c) || c === '.' || c === '-' || extra.includes(c);
}

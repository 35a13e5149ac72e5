/** Bitsets as Uint32Array words, bit i in word i >>> 5 at position i & 31; bits past a set's length read as 0. */

export function wordsFor(bits: number): number {
  return (bits + 31) >>> 5;
}

export function hasBit(set: Uint32Array, i: number): boolean {
  const w = i >>> 5;
  return w < set.length && ((set[w]! >>> (i & 31)) & 1) === 1;
}

/** Sets bit i in place; the caller guarantees the set is long enough. */
export function setBit(set: Uint32Array, i: number): void {
  set[i >>> 5]! |= 1 << (i & 31);
}

/** A copy of `set`, at least `words` long, with bit i set. */
export function withBit(set: Uint32Array | undefined, i: number, words: number): Uint32Array {
  const out = new Uint32Array(Math.max(words, set?.length ?? 0, (i >>> 5) + 1));
  if (set !== undefined) out.set(set);
  setBit(out, i);
  return out;
}

/** `target |= source` over the shorter length. */
export function orInto(target: Uint32Array, source: Uint32Array): void {
  const n = Math.min(target.length, source.length);
  for (let w = 0; w < n; w++) target[w]! |= source[w]!;
}

/** `target &= source`; words of target past source's length become 0. */
export function andInto(target: Uint32Array, source: Uint32Array): void {
  const n = Math.min(target.length, source.length);
  for (let w = 0; w < n; w++) target[w]! &= source[w]!;
  target.fill(0, n);
}

/** Sets bits [from, to) in place. */
export function setRange(set: Uint32Array, from: number, to: number): void {
  if (from >= to) return;
  const fw = from >>> 5;
  const tw = (to - 1) >>> 5;
  const fm = ~0 << (from & 31);
  const tm = ~0 >>> (31 - ((to - 1) & 31));
  if (fw === tw) {
    set[fw]! |= fm & tm;
    return;
  }
  set[fw]! |= fm;
  for (let w = fw + 1; w < tw; w++) set[w] = 0xffffffff;
  set[tw]! |= tm;
}

/** A set of `bits` bits, all set (padding bits of the last word clear). */
export function allOnes(bits: number): Uint32Array {
  const out = new Uint32Array(wordsFor(bits));
  setRange(out, 0, bits);
  return out;
}

export function popcount(set: Uint32Array): number {
  let n = 0;
  for (let w = 0; w < set.length; w++) {
    let v = set[w]!;
    v = v - ((v >>> 1) & 0x55555555);
    v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
    n += (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
  }
  return n;
}

/** Indexes of the set bits, ascending. */
export function bitsOf(set: Uint32Array): number[] {
  const out: number[] = [];
  for (let w = 0; w < set.length; w++) {
    let v = set[w]!;
    while (v !== 0) {
      const low = v & -v;
      out.push((w << 5) + (31 - Math.clz32(low)));
      v ^= low;
    }
  }
  return out;
}

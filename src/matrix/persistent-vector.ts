/**
 * An immutable vector with cheap updates: `set` and `push` copy one 1024-slot chunk and the
 * chunk table, never the whole vector. Slots never written read as undefined.
 */
const SHIFT = 10;
const CHUNK = 1 << SHIFT;
const MASK = CHUNK - 1;

export class PersistentVector<T> {
  private constructor(
    private readonly chunks: readonly (readonly (T | undefined)[])[],
    readonly length: number,
  ) {}

  static empty<T>(): PersistentVector<T> {
    return new PersistentVector<T>([], 0);
  }

  static from<T>(items: readonly (T | undefined)[]): PersistentVector<T> {
    const chunks: (T | undefined)[][] = [];
    for (let i = 0; i < items.length; i += CHUNK) chunks.push(items.slice(i, i + CHUNK));
    return new PersistentVector<T>(chunks, items.length);
  }

  get(i: number): T | undefined {
    return this.chunks[i >>> SHIFT]?.[i & MASK];
  }

  /** A vector with slot `i` set to `value`; it grows (with undefined slots) when `i >= length`. */
  set(i: number, value: T | undefined): PersistentVector<T> {
    const c = i >>> SHIFT;
    const chunks = this.chunks.slice();
    while (chunks.length <= c) chunks.push([]);
    const chunk = (chunks[c] as readonly (T | undefined)[]).slice();
    while (chunk.length < (i & MASK)) chunk.push(undefined);
    chunk[i & MASK] = value;
    chunks[c] = chunk;
    return new PersistentVector<T>(chunks, Math.max(this.length, i + 1));
  }

  push(value: T): PersistentVector<T> {
    return this.set(this.length, value);
  }

  /** Calls `f` on every defined slot in index order. */
  each(f: (value: T, index: number) => void): void {
    let base = 0;
    for (const chunk of this.chunks) {
      for (let j = 0; j < chunk.length; j++) {
        const v = chunk[j];
        if (v !== undefined) f(v, base + j);
      }
      base += CHUNK;
    }
  }

  /** Calls `f` on every slot in index order, undefined slots included. */
  forEach(f: (value: T | undefined, index: number) => void): void {
    for (let i = 0; i < this.length; i++) f(this.get(i), i);
  }

  toArray(): (T | undefined)[] {
    const out: (T | undefined)[] = [];
    for (const chunk of this.chunks) {
      for (let j = 0; j < CHUNK && out.length < this.length; j++) out.push(chunk[j]);
    }
    return out;
  }
}

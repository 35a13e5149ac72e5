/**
 * A persistent hash map for string keys (a hash array mapped trie): `set` returns a new map
 * sharing all but the O(log32 n) nodes on the key's path, so a state derived by a small change
 * can hold its own version without copying. Used by the incremental state updates.
 */
import { fnv1a } from '../address/ip.js';

type Entry<V> = { readonly key: string; readonly value: V };
/** A bitmap-indexed branch; a leaf bucket holds the entries whose hashes collide fully. */
type Node<V> = { readonly bitmap: number; readonly children: readonly (Node<V> | Bucket<V>)[] };
type Bucket<V> = { readonly hash: number; readonly entries: readonly Entry<V>[] };

const BITS = 5;
const MASK = 31;

function isBucket<V>(n: Node<V> | Bucket<V>): n is Bucket<V> {
  return (n as Bucket<V>).entries !== undefined;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

const EMPTY: Node<never> = { bitmap: 0, children: [] };

export class Hamt<V> {
  private constructor(
    private readonly root: Node<V>,
    readonly size: number,
  ) {}

  static empty<V>(): Hamt<V> {
    return new Hamt<V>(EMPTY, 0);
  }

  get(key: string): V | undefined {
    const hash = fnv1a(key);
    let node: Node<V> | Bucket<V> = this.root;
    for (let shift = 0; ; shift += BITS) {
      if (isBucket(node)) {
        if (node.hash !== hash) return undefined;
        for (const e of node.entries) if (e.key === key) return e.value;
        return undefined;
      }
      const bit = 1 << ((hash >>> shift) & MASK);
      if ((node.bitmap & bit) === 0) return undefined;
      node = node.children[popcount(node.bitmap & (bit - 1))] as Node<V> | Bucket<V>;
    }
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  set(key: string, value: V): Hamt<V> {
    const r = insert(this.root, fnv1a(key), key, value, 0);
    return new Hamt(r.node as Node<V>, this.size + (r.added ? 1 : 0));
  }

  *entries(): Generator<[string, V]> {
    const stack: (Node<V> | Bucket<V>)[] = [this.root];
    while (stack.length > 0) {
      const n = stack.pop() as Node<V> | Bucket<V>;
      if (isBucket(n)) for (const e of n.entries) yield [e.key, e.value];
      else for (const c of n.children) stack.push(c);
    }
  }
}

function insert<V>(node: Node<V> | Bucket<V>, hash: number, key: string, value: V, shift: number): { node: Node<V> | Bucket<V>; added: boolean } {
  if (isBucket(node)) {
    if (node.hash === hash) {
      const i = node.entries.findIndex((e) => e.key === key);
      const entries = i < 0 ? [...node.entries, { key, value }] : node.entries.map((e, j) => (j === i ? { key, value } : e));
      return { node: { hash, entries }, added: i < 0 };
    }
    // Split: push the existing bucket one level down, then insert beside it.
    const bit = 1 << ((node.hash >>> shift) & MASK);
    return insert({ bitmap: bit, children: [node] }, hash, key, value, shift);
  }
  const bit = 1 << ((hash >>> shift) & MASK);
  const index = popcount(node.bitmap & (bit - 1));
  if ((node.bitmap & bit) === 0) {
    const children = [...node.children];
    children.splice(index, 0, { hash, entries: [{ key, value }] });
    return { node: { bitmap: node.bitmap | bit, children }, added: true };
  }
  const r = insert(node.children[index] as Node<V> | Bucket<V>, hash, key, value, shift + BITS);
  const children = [...node.children];
  children[index] = r.node;
  return { node: { bitmap: node.bitmap, children }, added: r.added };
}

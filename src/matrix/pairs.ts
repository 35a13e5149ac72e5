/** Counterexamples to "for all" assertions over the matrix. */
import type { PodPair, PortQuery, ReachMatrix } from './types.js';

export interface PairsQuery extends PortQuery {
  /** Source pods to consider; every pod when omitted. */
  readonly sources?: readonly number[];
  /** Destination pods to consider; every pod when omitted. */
  readonly destinations?: readonly number[];
  /** The verdict every pair should have: pairs with the other one are returned. */
  readonly expect: 'allowed' | 'denied';
  /** At most this many pairs (default 100), in source then destination order. */
  readonly limit?: number;
}

/** The (source, destination) pairs whose verdict is not `expect`. */
export function pairsWhere(matrix: ReachMatrix, q: PairsQuery): PodPair[] {
  const limit = q.limit ?? 100;
  const out: PodPair[] = [];
  const all = Array.from({ length: matrix.size }, (_, i) => i);
  const wantAllowed = q.expect === 'allowed';
  for (const src of q.sources ?? all) {
    const row = matrix.row(src, q);
    for (const dst of q.destinations ?? all) {
      const allowed = ((row[dst >>> 5]! >>> (dst & 31)) & 1) === 1;
      if (allowed !== wantAllowed) {
        out.push({ src, dst });
        if (out.length >= limit) return out;
      }
    }
  }
  return out;
}

/**
 * The diff of two generated connectivity lists (src/connlist/diff.ts) accounts for every
 * difference and nothing else: at every workload pair, and at every address of every external
 * range, what the after side allows is what the before side allows minus the change's lost ports
 * plus its gained ones (the before side itself when no change covers it), and the change's
 * before and after are the two sides' own. The external ranges of the two sides are cut at
 * independent boundaries.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatConnections, mergedConnections, PROTOCOLS, type Connection, type Connections } from '../../src/connlist/connlist.js';
import { diffConnlists, minus, type ConnectionChange } from '../../src/connlist/diff.js';
import { parseRangeLabel, rangeLabel } from '../../src/connlist/ranges.js';
import type { Protocol } from '../../src/spec/types.js';

const WORKLOADS = ['shop/a[Deployment]', 'shop/b[Pod]', 'other/c[StatefulSet]'];

/** A small connection set: a few port ranges of 1..12 per protocol, or everything. */
const connections: fc.Arbitrary<Connections> = fc.oneof(
  fc.constant(mergedConnections(PROTOCOLS.map((protocol) => ({ protocol, from: 1, to: 65535 })))),
  fc
    .array(fc.record({ protocol: fc.constantFrom<Protocol>(...PROTOCOLS), from: fc.integer({ min: 1, max: 12 }), len: fc.integer({ min: 0, max: 3 }) }), { maxLength: 4 })
    .map((ps) => mergedConnections(ps.map((p) => ({ protocol: p.protocol, from: p.from, to: p.from + p.len })))),
);

/** The IPv4 space cut at some multiples of 2^28, each piece allowing a set (empty: not listed). */
const ranges: fc.Arbitrary<{ interval: [bigint, bigint]; conns: Connections }[]> = fc
  .tuple(fc.uniqueArray(fc.integer({ min: 1, max: 15 }), { maxLength: 4 }), fc.array(connections, { minLength: 5, maxLength: 5 }))
  .map(([cuts, sets]) => {
    const starts = [0, ...cuts.sort((x, y) => x - y)].map((c) => BigInt(c) << 28n);
    return starts.map((from, i) => ({ interval: [from, i + 1 < starts.length ? starts[i + 1]! - 1n : (1n << 32n) - 1n] as [bigint, bigint], conns: sets[i]! }));
  });

const side: fc.Arbitrary<Connection[]> = fc
  .tuple(
    fc.array(fc.option(connections, { nil: undefined }), { minLength: 6, maxLength: 6 }),
    fc.array(fc.tuple(ranges, ranges), { minLength: WORKLOADS.length, maxLength: WORKLOADS.length }),
  )
  .map(([pairSets, rangeSets]) => {
    const out: Connection[] = [];
    const pairs = WORKLOADS.flatMap((src) => WORKLOADS.filter((dst) => dst !== src).map((dst) => [src, dst] as const));
    pairs.forEach(([src, dst], i) => {
      const conns = pairSets[i];
      if (conns && conns.size > 0) out.push({ src, dst, conns });
    });
    WORKLOADS.forEach((w, i) => {
      const [inbound, outbound] = rangeSets[i]!;
      for (const r of inbound) if (r.conns.size > 0) out.push({ src: rangeLabel('ipv4', r.interval), dst: w, conns: r.conns });
      for (const r of outbound) if (r.conns.size > 0) out.push({ src: w, dst: rangeLabel('ipv4', r.interval), conns: r.conns });
    });
    return out;
  });

const text = formatConnections;

function union(a: Connections, b: Connections): Connections {
  return mergedConnections([...a, ...b].flatMap(([protocol, rs]) => rs.map(([from, to]) => ({ protocol, from, to }))));
}

/** Whether an end of a line (a label) holds `end`: that workload, or a range holding that address. */
function covers(label: string, end: string | bigint): boolean {
  if (typeof end === 'string') return label === end;
  const r = parseRangeLabel(label);
  return r !== undefined && r.interval[0] <= end && end <= r.interval[1];
}

/** What a side allows from `src` to `dst`, an end being a workload or one address (a bigint). */
function allowed(list: readonly Connection[], src: string | bigint, dst: string | bigint): Connections {
  return list.find((c) => covers(c.src, src) && covers(c.dst, dst))?.conns ?? new Map();
}

/** The change that covers `src` → `dst`: at most one does. */
function changeAt(changes: readonly ConnectionChange[], src: string | bigint, dst: string | bigint): ConnectionChange | undefined {
  const found = changes.filter((c) => covers(c.src, src) && covers(c.dst, dst));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

describe('diffConnlists on generated lists', () => {
  it('accounts for every difference at every workload pair and every address, and nothing else', () => {
    fc.assert(
      fc.property(side, side, (before, after) => {
        const diff = diffConnlists({ workloads: WORKLOADS, connections: before }, { workloads: WORKLOADS, connections: after });
        const probes: [string | bigint, string | bigint][] = WORKLOADS.flatMap((src) => WORKLOADS.filter((dst) => dst !== src).map((dst) => [src, dst] as [string, string]));
        for (const w of WORKLOADS) for (let k = 0n; k < 16n; k++) for (const n of [k << 28n, ((k + 1n) << 28n) - 1n]) probes.push([n, w], [w, n]);
        for (const [src, dst] of probes) {
          const was = allowed(before, src, dst);
          const is = allowed(after, src, dst);
          const change = changeAt(diff.connections, src, dst);
          if (!change) {
            expect(text(is)).toBe(text(was));
            continue;
          }
          expect(text(change.before)).toBe(text(was));
          expect(text(change.after)).toBe(text(is));
          expect(text(union(minus(was, change.lost), change.gained))).toBe(text(is));
          expect(change.kind).toBe(was.size === 0 ? 'added' : is.size === 0 ? 'removed' : 'changed');
        }
        expect(diffConnlists({ workloads: WORKLOADS, connections: after }, { workloads: WORKLOADS, connections: after }).connections).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });
});

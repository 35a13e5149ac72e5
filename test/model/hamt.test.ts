import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Hamt } from '../../src/model/hamt.js';
import { fnv1a } from '../../src/address/ip.js';

describe('Hamt', () => {
  it('behaves like a Map under any sequence of sets, and old versions never change', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ maxLength: 4 }), fc.integer()), { maxLength: 300 }), (ops) => {
        let h = Hamt.empty<number>();
        const m = new Map<string, number>();
        const versions: [Hamt<number>, Map<string, number>][] = [];
        for (const [k, v] of ops) {
          h = h.set(k, v);
          m.set(k, v);
          versions.push([h, new Map(m)]);
        }
        for (const [hv, mv] of versions) {
          expect(hv.size).toBe(mv.size);
          for (const [k, v] of mv) expect(hv.get(k)).toBe(v);
          expect(new Map(hv.entries())).toEqual(mv);
        }
        expect(h.get('\u0000absent')).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });

  it('keeps keys whose 32-bit hashes collide apart', () => {
    // Two keys with the same FNV-1a hash (found by search, checked here so the test cannot go stale).
    const pair: [string, string] = ['kiszvg9/4', 'km0qhvy/3'];
    expect(fnv1a(pair[0])).toBe(fnv1a(pair[1]));
    const [a, b] = pair as [string, string];
    const h = Hamt.empty<string>().set(a, 'A').set(b, 'B');
    expect([h.get(a), h.get(b), h.size]).toEqual(['A', 'B', 2]);
    expect(h.set(a, 'A2').get(b)).toBe('B');
  });

  it('holds 100,000 keys and finds each', () => {
    let h = Hamt.empty<number>();
    for (let i = 0; i < 100_000; i++) h = h.set(`k${i}`, i);
    expect(h.size).toBe(100_000);
    for (let i = 0; i < 100_000; i += 997) expect(h.get(`k${i}`)).toBe(i);
    expect(h.get('k100000')).toBeUndefined();
  });
});

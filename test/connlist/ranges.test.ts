/** Address-space splitting and range labels of connectivity lists. */
import { describe, expect, it } from 'vitest';
import { blockIntervals, compareEndpoints, rangeLabel, splitSpace } from '../../src/connlist/ranges.js';

describe('external ranges', () => {
  it('a block minus its excepts (as an address set), split from the whole space, printed first-last', () => {
    const v4 = splitSpace('ipv4', blockIntervals('ipv4', '10.0.0.0/8', ['10.1.0.0/16']));
    expect(v4.map((r) => rangeLabel('ipv4', r))).toEqual([
      '0.0.0.0-9.255.255.255[External]',
      '10.0.0.0-10.0.255.255[External]',
      '10.1.0.0-10.1.255.255[External]',
      '10.2.0.0-10.255.255.255[External]',
      '11.0.0.0-255.255.255.255[External]',
    ]);
    // The except is the block's upper half: the block is one interval, so no cut falls inside 2001:db8:8000::/33.
    const v6 = splitSpace('ipv6', blockIntervals('ipv6', '2001:db8::/32', ['2001:db8:8000::/33']));
    expect(v6.map((r) => rangeLabel('ipv6', r))).toEqual([
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8::-2001:db8:7fff:ffff:ffff:ffff:ffff:ffff[External]',
      '2001:db8:8000::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
    ]);
  });

  it('a block of the other family, or an invalid one, cuts nothing', () => {
    expect(blockIntervals('ipv6', '10.0.0.0/8', [])).toEqual([]);
    expect(blockIntervals('ipv4', '::/0', [])).toEqual([]);
    expect(blockIntervals('ipv4', '10.0.0.0/33', [])).toEqual([]);
    expect(splitSpace('ipv6', []).map((r) => rangeLabel('ipv6', r))).toEqual(['::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]']);
    expect(splitSpace('ipv6', blockIntervals('ipv6', '::/0', [])).length).toBe(1);
  });

  it('orders IPv6 ranges after every other endpoint, by address, and the rest by text', () => {
    const labels = ['2001:db8::-2001:db8::1[External]', 'a/x[Pod]', '::-::1[External]', '10.0.0.0-10.0.0.1[External]', '9.0.0.0-9.0.0.1[External]'];
    expect([...labels].sort(compareEndpoints)).toEqual([
      '10.0.0.0-10.0.0.1[External]',
      '9.0.0.0-9.0.0.1[External]',
      'a/x[Pod]',
      '::-::1[External]',
      '2001:db8::-2001:db8::1[External]',
    ]);
  });
});

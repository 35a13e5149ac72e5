/**
 * containingBlocks (the ipBlocks holding each pod's address, found per block by a range search)
 * answers exactly as testing blockContains for every (block, address) pair.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockContains, containingBlocks, parseAddress, prepareBlock } from '../../src/matrix/address.js';

const octet = fc.integer({ min: 0, max: 255 });
/** Addresses bunched in a few /16s so that blocks hold some of them. */
const v4 = fc.tuple(fc.constantFrom(10, 172, 192), fc.constantFrom(0, 16, 168), octet, octet).map((p) => p.join('.'));
const v6 = fc.tuple(fc.constantFrom('fd00', '2001:db8'), fc.integer({ min: 0, max: 0xffff })).map(([p, x]) => `${p}::${x.toString(16)}`);
const cidr4 = fc.tuple(v4, fc.integer({ min: 0, max: 32 })).map(([a, bits]) => `${a}/${bits}`);
const cidr6 = fc.tuple(v6, fc.integer({ min: 0, max: 128 })).map(([a, bits]) => `${a}/${bits}`);
const block = fc.oneof(
  { weight: 4, arbitrary: fc.record({ cidr: cidr4, except: fc.array(cidr4, { maxLength: 3 }) }) },
  { weight: 1, arbitrary: fc.record({ cidr: cidr6, except: fc.array(cidr6, { maxLength: 2 }) }) },
);

describe('containingBlocks', () => {
  it('equals blockContains over every pair', () => {
    fc.assert(
      fc.property(fc.array(block, { maxLength: 30 }), fc.array(fc.oneof({ weight: 5, arbitrary: v4 }, { weight: 1, arbitrary: v6 }), { maxLength: 60 }), (blocks, texts) => {
        const prepared = blocks.map(prepareBlock);
        const addresses = texts.map(parseAddress);
        const expected = addresses.map((a) => {
          const ids = prepared.flatMap((p, b) => (blockContains(p, a) ? [b] : []));
          return ids.length === 0 ? undefined : ids;
        });
        expect(containingBlocks(prepared, addresses)).toEqual(expected);
      }),
      { numRuns: 2_000 },
    );
  });

  it('finds the address at both ends of a block’s range and none outside it', () => {
    const blocks = [prepareBlock({ cidr: '10.0.0.0/24', except: ['10.0.0.128/25'] }), prepareBlock({ cidr: '0.0.0.0/0', except: [] })];
    const addresses = ['9.255.255.255', '10.0.0.0', '10.0.0.127', '10.0.0.128', '10.0.1.0', '255.255.255.255'].map(parseAddress);
    expect(containingBlocks(blocks, addresses)).toEqual([[1], [0, 1], [0, 1], [1], [1], [1]]);
  });
});

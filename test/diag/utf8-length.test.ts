import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from '../../src/diag/utf8-length.js';

/** Strings of any UTF-16 code units, lone surrogates included. */
const units = fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 40 });

describe('utf8Length', () => {
  it('equals Buffer.byteLength and TextEncoder for any string', () => {
    fc.assert(
      fc.property(units, fc.string({ unit: 'grapheme', maxLength: 20 }), (a, b) => {
        const s = a + b;
        expect(utf8Length(s)).toBe(Buffer.byteLength(s, 'utf8'));
        expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
      }),
      { numRuns: 5000 },
    );
  });
});

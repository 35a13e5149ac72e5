/** The plain SHA-256 that variants are drawn with equals the FIPS 180-4 examples and Node's own. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../src/check/params/sha256.js';
import { seededRandom } from '../../../src/bench/random.js';

describe('sha256', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(sha256Hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(sha256Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe('248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto on texts of every length around the block boundaries, and on non-ASCII text', () => {
    const random = seededRandom(5);
    for (let n = 0; n < 200; n++) {
      const text = Array.from({ length: n }, () => String.fromCharCode(32 + Math.floor(random.next() * 95))).join('') + (n % 7 === 0 ? 'é✓' : '');
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
    }
  });
});

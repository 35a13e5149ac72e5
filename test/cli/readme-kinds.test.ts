/**
 * The README's "Kinds read" list is the manifest reader's (SUPPORTED_KINDS, src/manifests/objects.ts):
 * a kind the reader gains is named there, so a reader of the README alone finds it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_KINDS } from '../../src/manifests/objects.js';

const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf('Kinds read:');
const list = readme.slice(start, readme.indexOf('Other\nkinds are reported', start)).replace(/\s+/g, ' ');

describe("README's list of the kinds manifests may hold", () => {
  it('names every kind the reader reads (with its group where two groups share a kind)', () => {
    expect(start).toBeGreaterThan(0);
    const missing = SUPPORTED_KINDS.filter((k) => {
      const [kind, group] = k.split(/\.(.*)/s) as [string, string | undefined];
      const word = new RegExp(`\\b${kind}\\b`);
      if (!word.test(list)) return true;
      // A kind two groups define: the README names the other group near it.
      return group !== undefined && !list.includes(group);
    });
    expect(missing).toEqual([]);
  });
});

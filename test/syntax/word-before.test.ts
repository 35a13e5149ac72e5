/**
 * wordBefore agrees with the regular expression it replaces on random texts, and stays linear on
 * a long word that does not end the text (where the expression backtracked quadratically).
 */
import { describe, expect, it } from 'vitest';
import { wordBefore, wordBeforeAt } from '../../src/syntax/word-before.js';

const REGEX = /([A-Za-z0-9_][A-Za-z0-9_.\-]*)[ \t]*$/;
const REGEX_SLASH = /([A-Za-z0-9_][A-Za-z0-9_.\-/]*)[ \t]*$/;

describe('wordBefore', () => {
  it('finds what the regular expression finds', () => {
    const alphabet = ['a', 'Z', '0', '_', '.', '-', '/', ' ', '\t', '=', '('];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (let i = 0; i < 5000; i++) {
      let text = '';
      const n = Math.floor(next() * 12);
      for (let k = 0; k < n; k++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(wordBefore(text), JSON.stringify(text)).toBe(REGEX.exec(text)?.[1]);
      const m = REGEX_SLASH.exec(text);
      expect(wordBeforeAt(text, '/'), JSON.stringify(text)).toEqual(m ? { word: m[1], index: m.index } : undefined);
    }
  });
  it('scans a 200,000-character word once', () => {
    const text = `${'x'.repeat(200_000)} =`;
    expect(wordBefore(text)).toBeUndefined();
    expect(wordBefore(`${text} ok  `)).toBe('ok');
  });
});

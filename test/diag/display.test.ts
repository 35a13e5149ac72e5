import { describe, expect, it } from 'vitest';
import { displayText, MAX_EXPECTED, MAX_MESSAGE, MAX_QUOTED, visibleControls } from '../../src/diag/display.js';
import { renderDiagnostics } from '../../src/diag/render.js';

describe('visibleControls', () => {
  it('replaces each control character with one visible character and keeps tabs and text', () => {
    expect(visibleControls('a\u0000b\u001b[31mc\u0007\td\u007f\u0085é')).toBe('a␀b␛[31mc␇\td␡\ufffdé');
  });
});

describe('displayText', () => {
  it('cuts a quoted name over MAX_QUOTED characters and keeps shorter ones whole', () => {
    const long = 'n'.repeat(MAX_QUOTED + 1);
    const short = 'n'.repeat(MAX_QUOTED);
    expect(displayText(`invalid name \`${long}\` and \`${short}\``)).toBe(`invalid name \`${'n'.repeat(MAX_QUOTED - 1)}…\` and \`${short}\``);
  });

  it('cuts the whole text at MAX_MESSAGE characters, after a whole word or list item when one ends near the limit', () => {
    const words = displayText('word '.repeat(200));
    expect(words.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(words.length).toBeGreaterThan(MAX_MESSAGE - 60);
    expect(words).toMatch(/^(word )+…$/);
    const list = displayText(Array.from({ length: 100 }, (_, i) => `setting-${i}`).join(', '));
    expect(list.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(list).toMatch(/^(setting-\d+, )*setting-\d+, …$/);
    const unbroken = displayText('x'.repeat(1000));
    expect(unbroken).toHaveLength(MAX_MESSAGE);
    expect(unbroken.endsWith('x…')).toBe(true);
  });
  it('cuts at the limit given: an expected list of choices keeps up to MAX_EXPECTED characters', () => {
    const list = Array.from({ length: 60 }, (_, i) => `setting-${i}`).join(', ');
    expect(list.length).toBeGreaterThan(MAX_MESSAGE);
    expect(list.length).toBeLessThan(MAX_EXPECTED);
    expect(displayText(list, MAX_EXPECTED)).toBe(list);
    const span = { file: 'f.netscn', start: { offset: 0, line: 1, column: 1 }, end: { offset: 1, line: 1, column: 2 } };
    const out = renderDiagnostics([{ code: 'NS1001', severity: 'error', message: 'unknown setting', span, expected: list, help: list }], 'x\n', { color: false });
    expect(out).toContain(`= expected: ${list}\n`);
    expect(out).not.toContain(`= help: ${list}`);
  });
});

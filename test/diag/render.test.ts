import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { diagnosticsToJson } from '../../src/diag/json.js';
import { codeFrame, renderDiagnostic, renderDiagnostics } from '../../src/diag/render.js';
import { didYouMean, editDistance } from '../../src/diag/suggest.js';

const source = 'cluster c {\n  pod web lables app=web\n}\n';
const pos = (line: number, column: number, offset: number) => ({ line, column, offset });
const d: Diagnostic = {
  code: 'NS0001',
  severity: 'error',
  message: 'unexpected `app`',
  span: { file: 'x.netscn', start: pos(2, 18, 29), end: pos(2, 21, 32) },
  label: 'not valid here',
  expected: 'a clause or end of line',
  notes: ['one note'],
  help: 'did you mean `labels`?',
};

describe('renderDiagnostic', () => {
  it('renders rustc-style text without colour', () => {
    expect(renderDiagnostic(d, source, { color: false })).toBe(
      [
        'error[NS0001]: unexpected `app`',
        ' --> x.netscn:2:18',
        '  |',
        '2 |   pod web lables app=web',
        '  |                  ^^^ not valid here',
        '  |',
        '  = expected: a clause or end of line',
        '  = note: one note',
        '  = help: did you mean `labels`?',
      ].join('\n'),
    );
  });

  it('uses ANSI colour only when asked', () => {
    expect(renderDiagnostic(d, source, { color: false })).not.toMatch(/\u001b\[/);
    expect(renderDiagnostic(d, source, { color: true })).toMatch(/\u001b\[/);
  });

  it('draws one caret for an empty span and carets to the line end for a multi-line span', () => {
    const empty = { ...d, span: { ...d.span, end: d.span.start } };
    expect(codeFrame(source, empty.span)).toContain('|                  ^');
    expect(codeFrame(source, empty.span).split('\n').pop()?.trim()).toBe('|                  ^'.trim());
    const multi = { ...d.span, start: pos(2, 3, 14), end: pos(3, 2, 38) };
    expect(codeFrame(source, multi).split('\n').pop()).toBe('  |   ' + '^'.repeat(22));
  });

  it('widens the gutter for long line numbers', () => {
    const many = 'x\n'.repeat(120);
    const far = { ...d, span: { file: 'f', start: pos(100, 1, 198), end: pos(100, 2, 199) } };
    expect(renderDiagnostic(far, many, { color: false }).split('\n').slice(1, 4)).toEqual(['   --> f:100:1', '    |', '100 | x']);
  });

  it('summarises errors and warnings', () => {
    const w: Diagnostic = { ...d, severity: 'warning' };
    expect(renderDiagnostics([d, d, w], source, { color: false }).trimEnd().split('\n').pop()).toBe('2 errors, 1 warning');
    expect(renderDiagnostics([], source, { color: false })).toBe('');
  });
});

describe('diagnosticsToJson', () => {
  it('is plain, stable data', () => {
    const [j] = diagnosticsToJson([d]);
    expect(Object.keys(j ?? {})).toEqual(['code', 'severity', 'message', 'file', 'line', 'column', 'endLine', 'endColumn', 'label', 'expected', 'notes', 'help']);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
    const [bare] = diagnosticsToJson([{ code: 'X', severity: 'note', message: 'm', span: d.span }]);
    expect(Object.keys(bare ?? {})).not.toContain('help');
  });
});

describe('suggestions', () => {
  it('counts a swap of adjacent letters as one edit', () => {
    expect(editDistance('lables', 'labels')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
  });
  it('suggests only near misses, scaled to word length', () => {
    expect(didYouMean('servce', ['service', 'pod'])).toBe('did you mean `service`?');
    expect(didYouMean('ap', ['at'])).toBeUndefined();
    expect(didYouMean('zzzz', ['service'])).toBeUndefined();
  });
});

describe('renderDiagnostics over many diagnostics', () => {
  it('renders each diagnostic as renderDiagnostic does, from one index of the lines', () => {
    const text = 'a\r\nbb\n\ncc\u0007c\nlast';
    const at = (line: number, column: number) => ({ line, column, offset: 0 });
    const ds: Diagnostic[] = [1, 2, 3, 4, 5, 6].map((line) => ({ code: 'NS2001', severity: 'error', message: `line ${line}`, span: { file: 'x', start: at(line, 1), end: at(line, 2) } }));
    const one = ds.map((x) => renderDiagnostic(x, text, { color: false }));
    expect(renderDiagnostics(ds, text, { color: false })).toBe(`${one.join('\n\n')}\n\n6 errors\n`);
    expect(one[3]).toContain('4 | cc␇c');
    expect(one[5]).not.toContain('6 |');
  });
});

import { describe, expect, it } from 'vitest';
import { capDiagnostics, capDiagnosticsPerFile } from '../../src/diag/cap.js';
import { hasErrors, type Diagnostic, type Severity } from '../../src/diag/diagnostic.js';
import { codeFrame } from '../../src/diag/render.js';

const at = (column: number) => ({ line: 1, column, offset: column - 1 });
const diag = (severity: Severity, column: number): Diagnostic => ({
  code: 'NS2001',
  severity,
  message: `at ${column}`,
  span: { file: 'x.netscn', start: at(column), end: at(column + 1) },
});

describe('capDiagnostics', () => {
  it('keeps a list within the limit as it is', () => {
    const ds = [diag('error', 1), diag('warning', 2)];
    expect(capDiagnostics(ds, 2)).toEqual(ds);
  });

  it('keeps the first `limit` and summarises the rest at the first one left out', () => {
    const ds = [1, 2, 3, 4, 5].map((c) => diag('error', c));
    const capped = capDiagnostics(ds, 3);
    expect(capped.slice(0, 3)).toEqual(ds.slice(0, 3));
    expect(capped).toHaveLength(4);
    expect(capped[3]).toMatchObject({ code: 'NS0004', severity: 'error', message: '… and 2 more diagnostics not shown (2 errors)', span: ds[3]?.span });
  });

  it('fails when the full list fails, even if every kept diagnostic is a warning', () => {
    const ds = [diag('warning', 1), diag('warning', 2), diag('error', 3)];
    const capped = capDiagnostics(ds, 2);
    expect(hasErrors(capped)).toBe(true);
    expect(capped[2]?.message).toBe('… and 1 more diagnostic not shown (1 error)');
  });

  it('summarises only warnings as a warning', () => {
    const capped = capDiagnostics([diag('error', 1), diag('warning', 2), diag('note', 3)], 1);
    expect(capped[1]).toMatchObject({ severity: 'warning', message: '… and 2 more diagnostics not shown (1 warning, 1 note)' });
  });
});

describe('code frames of long lines', () => {
  it('show a window around the span with … either side', () => {
    const line = 'a'.repeat(1000) + 'HERE' + 'b'.repeat(1000);
    const frame = codeFrame(line, { file: 'x', start: at(1001), end: at(1005) }, 'found');
    const [, text, carets] = frame.split('\n');
    expect(text).toBe(`1 | …${'a'.repeat(60)}HERE${'b'.repeat(60)}…`);
    expect(carets).toBe(`  | ${' '.repeat(61)}^^^^ found`);
  });

  it('show the start of a span longer than the window', () => {
    const line = 'x'.repeat(500);
    const frame = codeFrame(line, { file: 'x', start: at(1), end: at(501) });
    const [, text, carets] = frame.split('\n');
    expect(text).toBe(`1 | ${'x'.repeat(180)}…`);
    expect(carets).toBe(`  | ${'^'.repeat(120)}`);
  });

  it('leave a line of up to 240 characters whole', () => {
    const line = 'y'.repeat(240);
    expect(codeFrame(line, { file: 'x', start: at(200), end: at(201) }).split('\n')[1]).toBe(`1 | ${line}`);
  });
});

describe('capDiagnosticsPerFile', () => {
  it('caps each file of a manifest folder on its own, keeping the order of the files', () => {
    const inFile = (file: string, column: number): Diagnostic => ({ ...diag('error', column), span: { ...diag('error', column).span, file } });
    const ds = [inFile('a.yaml', 1), inFile('b.yaml', 1), inFile('a.yaml', 2), inFile('a.yaml', 3), inFile('b.yaml', 2)];
    const capped = capDiagnosticsPerFile(ds, 2);
    expect(capped.map((d) => `${d.span.file} ${d.code}`)).toEqual(['a.yaml NS2001', 'a.yaml NS2001', 'a.yaml NS0004', 'b.yaml NS2001', 'b.yaml NS2001']);
    expect(hasErrors(capped)).toBe(true);
  });
});

/** Diagnostics as stable plain data (for `--format json` and tools): fixed key order, no undefined. */
import type { Diagnostic } from './diagnostic.js';

export interface JsonDiagnostic {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly label?: string;
  readonly expected?: string;
  readonly notes?: readonly string[];
  readonly help?: string;
}

export function diagnosticsToJson(ds: readonly Diagnostic[]): JsonDiagnostic[] {
  return ds.map((d) => ({
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.span.file,
    line: d.span.start.line,
    column: d.span.start.column,
    endLine: d.span.end.line,
    endColumn: d.span.end.column,
    ...(d.label !== undefined ? { label: d.label } : {}),
    ...(d.expected !== undefined ? { expected: d.expected } : {}),
    ...(d.notes !== undefined && d.notes.length > 0 ? { notes: [...d.notes] } : {}),
    ...(d.help !== undefined ? { help: d.help } : {}),
  }));
}

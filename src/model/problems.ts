/**
 * Allocation problems the model reports as Diagnostics (codes NS30xx of the catalogue, src/diag/codes/allocation.ts): what a real API server
 * or controller would refuse or fail to do. The model still builds a state around them.
 */
import type { CodeEntry } from '../diag/catalogue.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Span } from '../spec/types.js';

const NOWHERE: Span = { file: '<cluster>', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

export function problem(code: CodeEntry, message: string, span: Span | undefined, notes?: readonly string[]): Diagnostic {
  return { code: code.code, severity: 'error', message, span: span ?? NOWHERE, ...(notes ? { notes } : {}) };
}

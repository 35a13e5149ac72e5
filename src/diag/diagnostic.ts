/**
 * Diagnostics are data. Every stage collects them instead of throwing; renderers (terminal,
 * JSON, vitest) live beside this file and are the only code that turns them into text.
 */
import type { Span } from '../spec/types.js';

export type Severity = 'error' | 'warning' | 'note';

export interface Diagnostic {
  /** Stable code from the catalogue (src/diag/catalogue.ts), e.g. NS0001; `netscn explain-code CODE` explains it. */
  readonly code: string;
  readonly severity: Severity;
  /** One line: what is wrong. */
  readonly message: string;
  readonly span: Span;
  /** The label under the caret: what was found. */
  readonly label?: string;
  /** What was expected, in words. */
  readonly expected?: string;
  /** Extra facts, each rendered as "= note: ...". */
  readonly notes?: readonly string[];
  /** How to fix it, e.g. "did you mean `labels`?". */
  readonly help?: string;
}

export function hasErrors(diags: readonly Diagnostic[]): boolean {
  return diags.some((d) => d.severity === 'error');
}

/**
 * The diagnostics sink of one `check` run. Created per call and passed down; never shared.
 */
import type { CodeEntry } from '../diag/catalogue.js';
import type { Diagnostic, Severity } from '../diag/diagnostic.js';
import type { Span } from '../spec/types.js';

export interface Extra {
  readonly label?: string;
  readonly expected?: string;
  readonly notes?: readonly string[];
  readonly help?: string | undefined;
}

export interface Ctx {
  readonly file: string;
  readonly diagnostics: Diagnostic[];
}

export function newCtx(file: string): Ctx {
  return { file, diagnostics: [] };
}

export function report(ctx: Ctx, severity: Severity, code: CodeEntry, span: Span, message: string, extra: Extra = {}): void {
  const d: Diagnostic = {
    code: code.code,
    severity,
    message,
    span,
    ...(extra.label !== undefined ? { label: extra.label } : {}),
    ...(extra.expected !== undefined ? { expected: extra.expected } : {}),
    ...(extra.notes !== undefined && extra.notes.length > 0 ? { notes: extra.notes } : {}),
    ...(extra.help !== undefined ? { help: extra.help } : {}),
  };
  ctx.diagnostics.push(d);
}

export function error(ctx: Ctx, code: CodeEntry, span: Span, message: string, extra?: Extra): void {
  report(ctx, 'error', code, span, message, extra);
}

export function warn(ctx: Ctx, code: CodeEntry, span: Span, message: string, extra?: Extra): void {
  report(ctx, 'warning', code, span, message, extra);
}

/** "file:line:col", for notes that point at another place. */
export function where(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

/** The diagnostic renderers reporters use: those of src/diag, the single source of diagnostic text. */
import { codeFrame } from '../diag/render.js';
import type { Span } from '../spec/types.js';

export { codeFrame, renderDiagnostic } from '../diag/render.js';
export { diagnosticsToJson } from '../diag/json.js';

/** `--> file:line:col` over the code frame, rustc-style: where an assertion is, and its text. */
export function locatedFrame(source: string, span: Span, label?: string): string {
  const pad = ' '.repeat(String(span.start.line).length);
  const frame = codeFrame(source, span, label);
  return `${pad}--> ${span.file}:${span.start.line}:${span.start.column}${frame ? `\n${frame}` : ''}`;
}

/**
 * netscn diagnostics as LSP diagnostics, grouped by the file they belong to: the scenario itself,
 * or a manifest it loads (its diagnostics carry that file's name). The text is the CLI's, without
 * the code frame: the message, then the `expected`, `note` and `help` lines the terminal renderer
 * prints under it, and the label. A "did you mean" suggestion rides along in `data` for the code
 * action that applies it.
 */
import type { Diagnostic as LspDiagnostic } from 'vscode-languageserver';
import type { Diagnostic, Severity } from '../diag/diagnostic.js';
import { suggestionIn } from '../diag/suggest.js';
import { rangeOf } from './positions.js';

/** What a diagnostic's `data` holds. */
export interface DiagnosticData {
  /** The name the diagnostic suggests instead of what is written. */
  readonly suggestion?: string;
}

/** LSP DiagnosticSeverity values (Error 1, Warning 2, Information 3). */
function severityOf(s: Severity): 1 | 2 | 3 {
  switch (s) {
    case 'error':
      return 1;
    case 'warning':
      return 2;
    case 'note':
      return 3;
    default: {
      const never: never = s;
      throw new Error(`unexpected severity ${String(never)}`);
    }
  }
}

/** The lines the CLI prints under the frame, as the renderer words them. */
export function diagnosticText(d: Diagnostic): string {
  const lines = [d.label ? `${d.message} (${d.label})` : d.message];
  if (d.expected) lines.push(`expected: ${d.expected}`);
  for (const n of d.notes ?? []) lines.push(`note: ${n}`);
  if (d.help) lines.push(`help: ${d.help}`);
  return lines.join('\n');
}

export function toLspDiagnostic(d: Diagnostic): LspDiagnostic {
  const suggestion = suggestionIn(d.help);
  const data: DiagnosticData = suggestion !== undefined ? { suggestion } : {};
  return { range: rangeOf(d.span), severity: severityOf(d.severity), code: d.code, source: 'netscn', message: diagnosticText(d), data };
}

/**
 * Per file name (as the diagnostics carry it): its LSP diagnostics, in the CLI's order. The
 * document's own file is always present (possibly empty), so stale diagnostics are cleared.
 */
export function diagnosticsByFile(file: string, diagnostics: readonly Diagnostic[]): Map<string, LspDiagnostic[]> {
  const out = new Map<string, LspDiagnostic[]>([[file, []]]);
  for (const d of diagnostics) {
    const list = out.get(d.span.file) ?? [];
    list.push(toLspDiagnostic(d));
    out.set(d.span.file, list);
  }
  return out;
}

/**
 * At most MAX_DIAGNOSTICS_PER_FILE diagnostics are kept for one file, in their order; the rest
 * are summarised in one last diagnostic (DIAG.moreDiagnostics) at the first one left out. That summary is an
 * error when any diagnostic it replaces is an error (and a warning when any is a warning), so a
 * capped list fails exactly when the full list does.
 */
import { DIAG, message } from './catalogue.js';
import type { Diagnostic, Severity } from './diagnostic.js';

export const MAX_DIAGNOSTICS_PER_FILE = 50;

export function capDiagnostics(ds: readonly Diagnostic[], limit: number = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  if (ds.length <= limit) return [...ds];
  const kept = ds.slice(0, limit);
  const rest = ds.slice(limit);
  const first = rest[0];
  if (first === undefined) return kept;
  const errors = rest.filter((d) => d.severity === 'error').length;
  const warnings = rest.filter((d) => d.severity === 'warning').length;
  const severity: Severity = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'note';
  const counts = [plural(errors, 'error'), plural(warnings, 'warning'), plural(rest.length - errors - warnings, 'note')].filter((s) => s !== '');
  kept.push({
    code: DIAG.moreDiagnostics.code,
    severity,
    message: message(DIAG.moreDiagnostics, { count: rest.length, noun: rest.length === 1 ? 'diagnostic' : 'diagnostics', counts: counts.join(', ') }),
    span: first.span,
    label: 'the first one not shown',
    notes: [`netscn reports at most ${limit} diagnostics per file`],
    help: 'fix the ones above and check again',
  });
  return kept;
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** capDiagnostics for each file of a list that spans several (a manifest folder), in order of first appearance. */
export function capDiagnosticsPerFile(ds: readonly Diagnostic[], limit: number = MAX_DIAGNOSTICS_PER_FILE): Diagnostic[] {
  const byFile = new Map<string, Diagnostic[]>();
  for (const d of ds) {
    const list = byFile.get(d.span.file);
    if (list) list.push(d);
    else byFile.set(d.span.file, [d]);
  }
  return [...byFile.values()].flatMap((list) => capDiagnostics(list, limit));
}

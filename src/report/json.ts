/**
 * The JSON reporter. Schema version 1 (stable; additive changes only):
 *
 *   { version: 1, summary: Summary,
 *     files: [{ file, title|null, status: 'passed'|'failed'|'error', durationMs, diagnostics: [...],
 *       steps: [{ title|null, assertions: [{ kind, text, status: 'passed'|'failed', message,
 *         location: {file, line, column, endLine, endColumn}, flows: Flow[], counterexample: Flow|null,
 *         dns: DnsResult|null, table: {cells: [{row, column, expect, actual, passed}]}|null,
 *         changes: DiffChange[]|null, problems: Diagnostic[] }] }] }] }
 *
 * Flow, DnsResult and Diagnostic are the data types of src/net/types.ts and src/diag/diagnostic.ts;
 * DiffChange is a connection of `netscn diff --format json` (src/connlist/diff-formats.ts
 * changeJson): a failed change check's forbidden changes, null for other checks.
 */
import type { Span } from '../spec/types.js';
import { changeJson } from '../connlist/diff-formats.js';
import type { CheckResult } from '../run/results.js';
import { diagnosticsToJson } from './diagnostics.js';
import { fileStatus, summarize, type RunReport } from './summary.js';

export const JSON_SCHEMA_VERSION = 1;

function location(span: Span) {
  return { file: span.file, line: span.start.line, column: span.start.column, endLine: span.end.line, endColumn: span.end.column };
}

export function checkToJson(r: CheckResult) {
  return {
    kind: r.check.kind,
    text: r.check.text,
    status: r.passed ? 'passed' : 'failed',
    message: r.message,
    location: location(r.check.span),
    flows: r.flows,
    counterexample: r.counterexample ?? null,
    dns: r.dns ?? null,
    table: r.table ? { cells: r.table.cells.map(({ row, column, expect, actual, passed }) => ({ row, column, expect, actual, passed })) } : null,
    changes: r.changes ? r.changes.map(changeJson) : null,
    problems: diagnosticsToJson(r.problems ?? []),
  };
}

export function reportToJson(report: RunReport) {
  return {
    version: JSON_SCHEMA_VERSION,
    summary: summarize(report),
    files: report.files.map((f) => ({
      file: f.file,
      title: f.result?.title ?? null,
      status: fileStatus(f),
      durationMs: f.durationMs,
      diagnostics: diagnosticsToJson(f.diagnostics),
      steps: (f.result?.steps ?? []).map((s) => ({ title: s.title ?? null, assertions: s.checks.map(checkToJson) })),
    })),
  };
}

export function formatJson(report: RunReport): string {
  return JSON.stringify(reportToJson(report), null, 2) + '\n';
}

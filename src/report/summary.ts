/** Counts over a whole run, shared by every reporter. */
import { hasErrors } from '../diag/diagnostic.js';
import type { FileRun } from '../run/source.js';
import { checkResults } from '../run/results.js';

export interface TimedRun extends FileRun {
  readonly durationMs: number;
}

export interface RunReport {
  readonly files: readonly TimedRun[];
  readonly durationMs: number;
}

export type FileStatus = 'passed' | 'failed' | 'error';

/** A file without a result but without errors was only checked (`netscn check`): it passed. */
export function fileStatus(f: FileRun): FileStatus {
  if (hasErrors(f.diagnostics)) return 'error';
  return (f.result?.failed ?? 0) > 0 ? 'failed' : 'passed';
}

export interface Summary {
  readonly files: { readonly passed: number; readonly failed: number; readonly errors: number; readonly total: number };
  readonly assertions: { readonly passed: number; readonly failed: number; readonly total: number };
  readonly durationMs: number;
}

export function summarize(report: RunReport): Summary {
  let passed = 0;
  let failed = 0;
  for (const f of report.files) {
    if (!f.result) continue;
    for (const c of checkResults(f.result)) c.passed ? passed++ : failed++;
  }
  const status = report.files.map(fileStatus);
  const count = (s: FileStatus) => status.filter((x) => x === s).length;
  return {
    files: { passed: count('passed'), failed: count('failed') + count('error'), errors: count('error'), total: status.length },
    assertions: { passed, failed, total: passed + failed },
    durationMs: report.durationMs,
  };
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)}ms` : `${(ms / 1000).toFixed(2)}s`;
}

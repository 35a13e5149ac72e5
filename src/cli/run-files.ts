/**
 * `netscn test` and `netscn check`: run (or only check) every scenario file found under the
 * paths, reporting file by file (pretty) or as one document (json, junit); the exit code says
 * whether anything failed or did not check.
 */
import { hasErrors } from '../diag/diagnostic.js';
import { checkSource, runSource, type FileRun } from '../host/run-source.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import { formatJson } from '../report/json.js';
import { formatJunit } from '../report/junit.js';
import { formatFile, formatPretty, formatSummary } from '../report/pretty.js';
import { summarize, type RunReport, type TimedRun } from '../report/summary.js';
import type { CommonOptions } from './args.js';
import { discover } from './discover.js';
import { EXIT } from './exit.js';
import { readScenario, withReader, writeReport, type CliIO } from './io.js';
import { runOptions, useColor } from './options.js';
import { progressLine, RUN_PROGRESS } from './progress.js';

export function runFiles(kind: 'test' | 'check', paths: readonly string[], options: CommonOptions, io: CliIO): number {
  const now = io.now ?? (() => performance.now());
  const files = discover(paths, io.cwd);
  const base = runOptions(io, options);
  const color = useColor(options, io);
  // The pretty test report is printed file by file as each finishes; the others are whole documents.
  const streamed = kind === 'test' && options.reporter === 'pretty';
  const shown = (r: TimedRun): boolean => options.filter === undefined || !r.result || r.result.steps.some((s) => s.checks.length > 0);
  const progress = progressLine(io, RUN_PROGRESS);
  const start = now();
  const runs: TimedRun[] = [];
  try {
    files.forEach((file, i) => runOne(file, i));
  } finally {
    progress.clear();
  }
  function runOne(file: string, i: number): void {
    progress.update(`[${i + 1}/${files.length}] ${file}`);
    const text = readScenario(file, io);
    const t0 = now();
    const opts = withReader(base, file, io);
    const run: FileRun = kind === 'test' ? runSource(text, file, opts) : checkSource(text, file, opts);
    // Only the JSON report prints the paths of passing checks: the others keep a file's verdicts,
    // not its traces, so a run over many files does not hold every trace until the end.
    const timed: TimedRun = { ...(options.reporter === 'json' ? run : withoutPassingTraces(run)), durationMs: now() - t0 };
    runs.push(timed);
    if (streamed && shown(timed)) {
      progress.clear();
      io.stdout(`${formatFile(timed, { color })}\n`);
    }
  }
  const report: RunReport = { files: runs.filter(shown), durationMs: now() - start };
  if (streamed) io.stdout(`\n${formatSummary(summarize(report), { color })}\n`);
  else if (kind === 'check') writeReport(checkReport(report, options, color), options, io);
  else writeReport(formatReport(report, options, color), options, io);
  const errors = runs.some((r) => hasErrors(r.diagnostics));
  if (kind === 'test' && options.filter !== undefined && !runs.some((r) => r.result?.steps.some((s) => s.checks.length > 0))) {
    const n = runs.filter((r) => r.result !== undefined).length;
    const where = errors ? `${n} ${n === 1 ? 'file that checks' : 'files that check'}` : `${n} ${n === 1 ? 'file' : 'files'}`;
    io.stderr(`netscn: --filter \`${options.filter}\` matches no assertion in ${where}; check the pattern (a /regex/ needs its slashes)\n`);
    return errors ? EXIT.diagnostics : EXIT.usage;
  }
  if (errors) return EXIT.diagnostics;
  if (kind === 'test' && runs.some((r) => (r.result?.failed ?? 0) > 0)) return EXIT.failed;
  return EXIT.ok;
}

function withoutPassingTraces(run: FileRun): FileRun {
  if (!run.result) return run;
  const steps = run.result.steps.map((step) => ({ ...step, checks: step.checks.map((c) => (c.passed ? { ...c, flows: [] } : c)) }));
  return { ...run, result: { ...run.result, steps } };
}

function formatReport(report: RunReport, options: CommonOptions, color: boolean): string {
  switch (options.reporter) {
    case 'pretty':
      return formatPretty(report, { color });
    case 'json':
      return formatJson(report);
    case 'junit':
      return formatJunit(report);
    default: {
      const never: never = options.reporter;
      throw new Error(`unhandled reporter ${String(never)}`);
    }
  }
}

function checkReport(report: RunReport, options: CommonOptions, color: boolean): string {
  if (options.reporter !== 'pretty') return formatReport(report, options, color);
  const out: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const f of report.files) {
    for (const d of f.diagnostics) {
      out.push(renderDiagnostic(d, f.source, { color }) + '\n');
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
    }
  }
  const n = report.files.length;
  out.push(`Checked ${n} ${n === 1 ? 'file' : 'files'}: ${errors} ${errors === 1 ? 'error' : 'errors'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'}\n`);
  return out.join('\n');
}

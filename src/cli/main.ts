#!/usr/bin/env node
/**
 * The `netscn` command. `main(argv, io)` is the whole program (no process globals inside), so
 * tests call it directly; the bottom of this file runs it when this module is the entry point.
 * It never imports vitest.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../diag/diagnostic.js';
import { textFilter } from '../run/filter.js';
import { checkSource, runSource, type FileRun, type RunOptions } from '../host/run-source.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import { formatJson } from '../report/json.js';
import { formatJunit } from '../report/junit.js';
import { formatFile, formatPretty, formatSummary } from '../report/pretty.js';
import { summarize, type RunReport, type TimedRun } from '../report/summary.js';
import { parseCommand, UsageError, type Command, type CommonOptions } from './args.js';
import { COMMAND_HELP, HELP } from './help.js';
import { connlistCommand } from './connlist.js';
import { gradeCommand } from './grade.js';
import { discover } from './discover.js';
import { diagram, explain } from './explain.js';
import { explainCodeCommand } from './explain-code.js';
import { fmtCommand } from './fmt.js';
import { readScenario, withReader, writeReport, type CliIO } from './io.js';
import { fdWriter, OutputClosed } from './output.js';
import { progressLine, RUN_PROGRESS } from './progress.js';

export type { CliIO } from './io.js';

/** outputClosed: stdout's reader went away mid-run (as a tool stopped by SIGPIPE: 128 + 13). */
export const EXIT = { ok: 0, failed: 1, diagnostics: 2, usage: 64, internal: 70, outputClosed: 141 } as const;

export function main(argv: readonly string[], io: CliIO): number {
  try {
    return execute(parseCommand(argv), io);
  } catch (e) {
    if (e instanceof OutputClosed) return EXIT.outputClosed;
    if (e instanceof UsageError) {
      io.stderr(`netscn: ${e.message}\nRun \`netscn --help\` for usage.\n`);
      return EXIT.usage;
    }
    const detail = e instanceof Error ? e.message : String(e);
    io.stderr(`netscn: internal error: ${detail}\nThis is a bug in netscn; please report it with the scenario that triggered it.\n`);
    if (io.env.NETSCN_DEBUG && e instanceof Error && e.stack) io.stderr(e.stack + '\n');
    return EXIT.internal;
  }
}

export function useColor(options: CommonOptions, io: CliIO): boolean {
  if (options.noColor) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

function execute(cmd: Command, io: CliIO): number {
  switch (cmd.kind) {
    case 'help':
      io.stdout(cmd.command !== undefined ? COMMAND_HELP[cmd.command] : HELP);
      return EXIT.ok;
    case 'version':
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    case 'test':
    case 'check':
      return runFiles(cmd.kind, cmd.paths, cmd.options, io);
    case 'connlist':
      return connlistCommand(cmd.paths, cmd.format, cmd.options.output, io, cmd.clusterWorkloads);
    case 'grade':
      return gradeCommand(cmd.exercise, cmd.submission, cmd.options, io);
    case 'explain':
      return explain(cmd.file, cmd.line, { ...runOptions(io, cmd.options), color: useColor(cmd.options, io), io, format: cmd.format });
    case 'explain-code':
      return explainCodeCommand(cmd.code, io);
    case 'diagram':
      return diagram(cmd.file, { ...runOptions(io, cmd.options), io });
    case 'fmt':
      return fmtCommand(cmd.paths, cmd.check, useColor(cmd.options, io), io);
    case 'lsp':
      // Serves until the client exits (the process stays up on the open stdin); loaded only here.
      void import('../lsp/server.js').then((m) => m.lspCommand());
      return EXIT.ok;
    default: {
      const never: never = cmd;
      throw new Error(`unhandled command ${JSON.stringify(never)}`);
    }
  }
}

export function runOptions(io: CliIO, options: CommonOptions): RunOptions {
  let filter;
  if (options.filter !== undefined) {
    try {
      filter = textFilter(options.filter);
    } catch (e) {
      throw new UsageError(`--filter: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return {
    ...(io.engine ? { engine: io.engine } : {}),
    ...(filter ? { filter } : {}),
  };
}

function runFiles(kind: 'test' | 'check', paths: readonly string[], options: CommonOptions, io: CliIO): number {
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

function version(): string {
  const pkg = createRequire(import.meta.url)('../../package.json') as { version?: string };
  return pkg.version ?? 'unknown';
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  process.exitCode = main(process.argv.slice(2), {
    stdout: fdWriter(1, true),
    stderr: fdWriter(2, false),
    cwd: process.cwd(),
    env: process.env,
    // isatty, not process.stdout: creating that stream would make a piped descriptor non-blocking.
    isTTY: isatty(1),
    stderrIsTTY: isatty(2),
    stdin: () => readFileSync(0, 'utf8'),
  });
}

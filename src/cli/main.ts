#!/usr/bin/env node
/**
 * The `netscn` command. `main(argv, io)` is the whole program (no process globals inside), so
 * tests call it directly; the bottom of this file runs it when this module is the entry point.
 * It never imports vitest.
 */
import { mkdirSync, realpathSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors } from '../diag/diagnostic.js';
import { textFilter } from '../run/filter.js';
import { findProjectRoot } from '../run/project-files.js';
import { checkSource, runSource, type FileRun, type RunOptions } from '../run/run-source.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import { formatJson } from '../report/json.js';
import { formatJunit } from '../report/junit.js';
import { formatPretty } from '../report/pretty.js';
import type { RunReport, TimedRun } from '../report/summary.js';
import { HELP, parseCommand, UsageError, type Command, type CommonOptions } from './args.js';
import { connlistCommand } from './connlist.js';
import { gradeCommand } from './grade.js';
import { discover } from './discover.js';
import { diagram, explain } from './explain.js';
import { readScenario, withReader, type CliIO } from './io.js';

export type { CliIO } from './io.js';

export const EXIT = { ok: 0, failed: 1, diagnostics: 2, usage: 64, internal: 70 } as const;

export function main(argv: readonly string[], io: CliIO): number {
  try {
    return execute(parseCommand(argv), io);
  } catch (e) {
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
      io.stdout(HELP);
      return EXIT.ok;
    case 'version':
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    case 'test':
    case 'check':
      return runFiles(cmd.kind, cmd.paths, cmd.options, io);
    case 'connlist':
      return connlistCommand(cmd.paths, cmd.format, cmd.options.output, io);
    case 'grade':
      return gradeCommand(cmd.exercise, cmd.submission, cmd.options, io);
    case 'explain':
      return explain(cmd.file, cmd.line, { ...runOptions(io, cmd.options), color: useColor(cmd.options, io), io, format: cmd.format });
    case 'diagram':
      return diagram(cmd.file, { ...runOptions(io, cmd.options), io });
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
    projectRoot: findProjectRoot(resolve(io.cwd, 'x')),
    ...(io.engine ? { engine: io.engine } : {}),
    ...(filter ? { filter } : {}),
  };
}

function runFiles(kind: 'test' | 'check', paths: readonly string[], options: CommonOptions, io: CliIO): number {
  const now = io.now ?? (() => performance.now());
  const files = discover(paths, io.cwd);
  const base = runOptions(io, options);
  const start = now();
  const runs: TimedRun[] = [];
  for (const file of files) {
    const text = readScenario(file, io);
    const t0 = now();
    const opts = withReader(base, file, io);
    const run: FileRun = kind === 'test' ? runSource(text, file, opts) : checkSource(text, file, opts);
    // Only the JSON report prints the paths of passing checks: the others keep a file's verdicts,
    // not its traces, so a run over many files does not hold every trace until the end.
    runs.push({ ...(options.reporter === 'json' ? run : withoutPassingTraces(run)), durationMs: now() - t0 });
  }
  const shown = options.filter === undefined ? runs : runs.filter((r) => !r.result || r.result.steps.some((s) => s.checks.length > 0));
  const report: RunReport = { files: shown, durationMs: now() - start };
  const color = useColor(options, io);
  if (kind === 'check') writeReport(checkReport(report, options, color), options, io);
  else writeReport(formatReport(report, options, color), options, io);
  if (runs.some((r) => hasErrors(r.diagnostics))) return EXIT.diagnostics;
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

function writeReport(text: string, options: CommonOptions, io: CliIO): void {
  if (options.output === undefined) {
    io.stdout(text);
    return;
  }
  const target = resolve(io.cwd, options.output);
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, text);
  } catch (e) {
    throw new UsageError(`cannot write ${options.output}: ${e instanceof Error ? e.message : String(e)}`);
  }
  io.stderr(`netscn: wrote ${options.reporter} report to ${options.output}\n`);
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
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    isTTY: process.stdout.isTTY === true,
  });
}

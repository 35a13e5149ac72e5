#!/usr/bin/env node
/**
 * The `netscn` command. `main(argv, io)` is the whole program (no process globals inside), so
 * tests call it directly; the bottom of this file runs it when this module is the entry point.
 * It never imports vitest. Each command's code is imported when that command runs, so `--version`
 * or `connlist` does not load the scenario engine and its reporters.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isatty } from 'node:tty';
import { fileURLToPath } from 'node:url';
import { isExamFile, parseCommand, UsageError, type Command } from './args.js';
import { EXIT } from './exit.js';
import { COMMAND_HELP, HELP } from './help.js';
import type { CliIO } from './io.js';
import { fdWriter, OutputClosed } from './output.js';

export type { CliIO } from './io.js';
export { EXIT } from './exit.js';

export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  try {
    return await execute(parseCommand(argv), io);
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

async function execute(cmd: Command, io: CliIO): Promise<number> {
  switch (cmd.kind) {
    case 'help':
      io.stdout(cmd.command !== undefined ? COMMAND_HELP[cmd.command] : HELP);
      return EXIT.ok;
    case 'version':
      io.stdout(`${version()}\n`);
      return EXIT.ok;
    case 'test':
    case 'check':
      return (await import('./run-files.js')).runFiles(cmd.kind, cmd.paths, cmd.options, io);
    case 'connlist':
      return (await import('./connlist.js')).connlistCommand(cmd.paths, cmd.format, cmd.options.output, io, cmd.clusterWorkloads);
    case 'diff':
      return (await import('./diff.js')).diffCommand(cmd.sides, { format: cmd.format, clusterWorkloads: cmd.clusterWorkloads, exitCode: cmd.exitCode, ...(cmd.options.output !== undefined ? { output: cmd.options.output } : {}) }, io);
    case 'grade':
      if (isExamFile(cmd.exercise)) return (await import('./grade-exam.js')).gradeExamCommand(cmd.exercise, cmd.submission, cmd.exam, cmd.options, io);
      return (await import('./grade.js')).gradeCommand(cmd.exercise, cmd.submission, cmd.variant, cmd.options, io);
    case 'variant':
      return (await import('./variant.js')).variantCommand(cmd.exercise, cmd.variant, { tasks: cmd.tasks, ...(cmd.bind !== undefined ? { bind: cmd.bind } : {}) }, io);
    case 'explain': {
      const [{ explain }, { runOptions, useColor }] = await Promise.all([import('./explain.js'), import('./options.js')]);
      return explain(cmd.file, cmd.line, { ...runOptions(io, cmd.options), color: useColor(cmd.options, io), io, format: cmd.format });
    }
    case 'explain-code':
      return (await import('./explain-code.js')).explainCodeCommand(cmd.code, io);
    case 'diagram': {
      const [{ diagram }, { runOptions }] = await Promise.all([import('./explain.js'), import('./options.js')]);
      return diagram(cmd.file, { ...runOptions(io, cmd.options), io });
    }
    case 'fmt': {
      const [{ fmtCommand }, { useColor }] = await Promise.all([import('./fmt.js'), import('./options.js')]);
      return fmtCommand(cmd.paths, cmd.check, useColor(cmd.options, io), io);
    }
    case 'lsp':
      // Serves until the client exits (the process stays up on the open stdin).
      void import('../lsp/server.js').then((m) => m.lspCommand());
      return EXIT.ok;
    default: {
      const never: never = cmd;
      throw new Error(`unhandled command ${JSON.stringify(never)}`);
    }
  }
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
  void main(process.argv.slice(2), {
    stdout: fdWriter(1, true),
    stderr: fdWriter(2, false),
    cwd: process.cwd(),
    env: process.env,
    // isatty, not process.stdout: creating that stream would make a piped descriptor non-blocking.
    isTTY: isatty(1),
    stderrIsTTY: isatty(2),
    stdin: () => readFileSync(0, 'utf8'),
  }).then((code) => {
    process.exitCode = code;
  });
}

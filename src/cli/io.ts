/** What the CLI touches outside itself, passed in so `main` runs the same in tests. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Engine } from '../run/engine.js';
import { projectReader } from '../host/project-files.js';
import type { RunOptions } from '../host/run-source.js';
import { UsageError, type CommonOptions } from './args.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is off otherwise). */
  readonly isTTY: boolean;
  /** Whether stderr is a terminal (progress lines are shown only then). */
  readonly stderrIsTTY?: boolean;
  /** Elapsed-time source in ms; injected so output can be made deterministic. */
  readonly now?: () => number;
  /** Standard input, read whole (`netscn fmt -`). */
  readonly stdin?: () => string;
  /** Replaces the real pipeline (tests). */
  readonly engine?: Engine;
}

/** The bytes of a scenario file named on the command line (decoded strictly by the pipeline). */
export function readScenario(file: string, io: CliIO): Uint8Array {
  try {
    return readFileSync(resolve(io.cwd, file));
  } catch {
    throw new UsageError(`cannot read ${file}`);
  }
}

/**
 * Scenario paths are relative to io.cwd; the confined reader resolves from the scenario file
 * and takes its project root from there (never from the current directory).
 */
export function withReader(opts: RunOptions, file: string, io: CliIO): RunOptions {
  return { ...opts, readFile: projectReader(resolve(io.cwd, file), opts.projectRoot) };
}


/** A report to stdout, or to `--output` (folders created) with a line on stderr saying where. */
export function writeReport(text: string, options: CommonOptions, io: CliIO): void {
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

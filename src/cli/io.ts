/** What the CLI touches outside itself, passed in so `main` runs the same in tests. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Engine } from '../run/engine.js';
import { projectReader } from '../run/project-files.js';
import type { RunOptions } from '../run/run-source.js';
import { UsageError } from './args.js';

export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour is off otherwise). */
  readonly isTTY: boolean;
  /** Elapsed-time source in ms; injected so output can be made deterministic. */
  readonly now?: () => number;
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


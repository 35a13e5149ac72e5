/**
 * runSource / checkSource / runFile for a Node host: the real pipeline as the default engine,
 * and the files a scenario names read from disk, confined to its project (projectReader).
 */
import { readFileSync } from 'node:fs';
import { defaultEngine } from '../run/engine-default.js';
import { checkSourceWith, runSourceWith, type FileRun, type RunOptions as CoreRunOptions, type ScenarioInput } from '../run/source.js';
import { projectReader } from './project-files.js';

export type { FileRun, ScenarioInput } from '../run/source.js';

export interface RunOptions extends CoreRunOptions {
  /** Files the scenario names must lie inside it; default: findProjectRoot of the scenario file. */
  readonly projectRoot?: string;
}

/** `opts` with the project's reader when none is given. */
function withReader(file: string, opts: RunOptions): CoreRunOptions {
  return { ...opts, readFile: opts.readFile ?? projectReader(file, opts.projectRoot) };
}

export function runSource(text: ScenarioInput, file: string, opts: RunOptions = {}): FileRun {
  return runSourceWith(opts.engine ?? defaultEngine, text, file, withReader(file, opts));
}

/** Only check: diagnostics, no evaluation. */
export function checkSource(text: ScenarioInput, file: string, opts: RunOptions = {}): FileRun {
  return checkSourceWith(opts.engine ?? defaultEngine, text, file, withReader(file, opts));
}

/** Reads `path` (the scenario file itself is given by the user, so it is not confined). */
export function runFile(path: string, opts: RunOptions = {}): FileRun {
  return runSource(readFileSync(path), path, opts);
}

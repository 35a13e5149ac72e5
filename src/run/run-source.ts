/** runSource / checkSource / runFile with the real pipeline as the default engine. */
import { readFileSync } from 'node:fs';
import { defaultEngine } from './engine-default.js';
import { checkSourceWith, runSourceWith, type FileRun, type RunOptions, type ScenarioInput } from './source.js';

export type { FileRun, RunOptions, ScenarioInput } from './source.js';

export function runSource(text: ScenarioInput, file: string, opts: RunOptions = {}): FileRun {
  return runSourceWith(opts.engine ?? defaultEngine, text, file, opts);
}

/** Only check: diagnostics, no evaluation. */
export function checkSource(text: ScenarioInput, file: string, opts: RunOptions = {}): FileRun {
  return checkSourceWith(opts.engine ?? defaultEngine, text, file, opts);
}

/** Reads `path` (the scenario file itself is given by the user, so it is not confined). */
export function runFile(path: string, opts: RunOptions = {}): FileRun {
  return runSource(readFileSync(path), path, opts);
}

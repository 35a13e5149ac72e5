/**
 * Text or file in, verdicts out: parse + check, and run only when check found no error (a
 * scenario that failed check is never evaluated). The `…With` forms take the engine explicitly;
 * run-source.ts adds the defaults.
 */
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { Engine } from './engine.js';
import { filterScenario, type CheckFilter } from './filter.js';
import { findProjectRoot, projectReader, type ReadFile } from './project-files.js';
import type { ScenarioResult } from './results.js';
import { runScenario } from './run-scenario.js';

export interface RunOptions {
  /** Default: the real pipeline (defaultEngine). */
  readonly engine?: Engine;
  /** Files the scenario names must lie inside it; default: the nearest folder with package.json or .git. */
  readonly projectRoot?: string;
  /** Replaces the confined file reader (tests). */
  readonly readFile?: ReadFile;
  /** Run only the checks it keeps (changes still apply). */
  readonly filter?: CheckFilter;
}

export interface FileRun {
  readonly file: string;
  readonly source: string;
  /** Everything check reported (a result exists only when none is an error). */
  readonly diagnostics: readonly Diagnostic[];
  readonly result?: ScenarioResult;
}

export function runSourceWith(engine: Engine, text: string, file: string, opts: RunOptions = {}): FileRun {
  const projectRoot = opts.projectRoot ?? findProjectRoot(file);
  const readFile = opts.readFile ?? projectReader(file, projectRoot);
  const checked = engine.parseAndCheck(text, file, { readFile, projectRoot });
  const diagnostics = checked.diagnostics;
  if (hasErrors(diagnostics) || checked.scenario === undefined) return { file, source: text, diagnostics };
  const scenario = opts.filter ? filterScenario(checked.scenario, opts.filter) : checked.scenario;
  return { file, source: text, diagnostics, result: runScenario(scenario, engine) };
}

/** Only check: diagnostics, no evaluation. */
export function checkSourceWith(engine: Engine, text: string, file: string, opts: RunOptions = {}): FileRun {
  const projectRoot = opts.projectRoot ?? findProjectRoot(file);
  const readFile = opts.readFile ?? projectReader(file, projectRoot);
  return { file, source: text, diagnostics: engine.parseAndCheck(text, file, { readFile, projectRoot }).diagnostics };
}


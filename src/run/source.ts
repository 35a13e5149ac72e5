/**
 * Text or file in, verdicts out: parse + check, and run only when check found no error (a
 * scenario that failed check is never evaluated). The `…With` forms take the engine explicitly
 * and read files only through `readFile` (none without it); src/host/run-source.ts adds the
 * defaults of a Node host (the real pipeline, the scenario's project read from disk).
 */
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { hasErrors, type Diagnostic } from '../diag/diagnostic.js';
import type { Engine } from './engine.js';
import { filterScenario, type CheckFilter } from './filter.js';
import { noFiles, type ReadFile } from '../check/file-read.js';
import type { ScenarioResult } from './results.js';
import { runScenario } from './run-scenario.js';

export interface RunOptions {
  /** Default: the real pipeline (defaultEngine). */
  readonly engine?: Engine;
  /** Reads the files the scenario names (confined by the reader); default: none (noFiles). */
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

/** A scenario as text, or as the bytes of its file (decoded as UTF-8, strictly). */
export type ScenarioInput = string | Uint8Array;

/** The text of `input`, or a FileRun holding its encoding error. */
function decoded(input: ScenarioInput, file: string): { readonly text: string; readonly failed?: FileRun } {
  if (typeof input === 'string') return { text: input };
  const d = decodeUtf8(input, file);
  return d.diagnostics.length === 0 ? { text: d.text } : { text: d.text, failed: { file, source: d.text, diagnostics: d.diagnostics } };
}

export function runSourceWith(engine: Engine, input: ScenarioInput, file: string, opts: RunOptions = {}): FileRun {
  const { text, failed } = decoded(input, file);
  if (failed) return failed;
  const readFile = opts.readFile ?? noFiles;
  const checked = engine.parseAndCheck(text, file, { readFile });
  const diagnostics = checked.diagnostics;
  if (hasErrors(diagnostics) || checked.scenario === undefined) return { file, source: text, diagnostics };
  const scenario = opts.filter ? filterScenario(checked.scenario, opts.filter) : checked.scenario;
  return { file, source: text, diagnostics, result: runScenario(scenario, engine) };
}

/** Only check: diagnostics, no evaluation. */
export function checkSourceWith(engine: Engine, input: ScenarioInput, file: string, opts: RunOptions = {}): FileRun {
  const { text, failed } = decoded(input, file);
  if (failed) return failed;
  const readFile = opts.readFile ?? noFiles;
  return { file, source: text, diagnostics: engine.parseAndCheck(text, file, { readFile }).diagnostics };
}


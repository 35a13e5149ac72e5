/**
 * One analysed document: parse + check exactly as `netscn check` does (parseFile, then checkParsed
 * with the same file access), keeping the AST and the checked scenario for the editor features.
 * The run of the scenario (verdicts, traces) and the built cluster state are computed on first
 * use and cached on the analysis, so typing only pays for parse + check.
 *
 * Contract: pure apart from the `readFile` the caller gives; never throws for any text.
 */
import type { VariantChoice } from '../check/params/template.js';
import { checkParsed, type CheckOptions } from '../check/index.js';
import { capDiagnostics } from '../diag/cap.js';
import type { Scenario } from '../check/scenario.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { buildState, type ClusterState } from '../model/index.js';
import { defaultEngine } from '../run/engine-default.js';
import type { ScenarioResult } from '../run/results.js';
import { runScenario } from '../run/run-scenario.js';
import type { File } from '../syntax/ast.js';
import { parseFile } from '../syntax/parse.js';

/** What a check may read, and (a template) which variant it checks: seed `0` unless given. */
export type FileAccess = Omit<CheckOptions, 'file'> & VariantChoice;

export interface Analysis {
  /** The file name diagnostics carry (as the CLI would print it). */
  readonly file: string;
  readonly text: string;
  /** Absent when the file has a syntax error. */
  readonly ast?: File;
  /** Present only when check found no error. */
  readonly scenario?: Scenario;
  /** Parse and check diagnostics, in the CLI's order. */
  readonly diagnostics: readonly Diagnostic[];
}

export function analyze(text: string, file: string, access: FileAccess = {}): Analysis {
  const parsed = parseFile(text, file);
  if (!parsed.ast) return { file, text, diagnostics: capDiagnostics(parsed.diagnostics) };
  const checked = checkParsed(parsed.ast, text, { ...access, file });
  return {
    file,
    text,
    ast: parsed.ast,
    ...(checked.scenario ? { scenario: checked.scenario } : {}),
    diagnostics: capDiagnostics([...parsed.diagnostics, ...checked.diagnostics]),
  };
}

const runs = new WeakMap<Analysis, ScenarioResult | undefined>();
const states = new WeakMap<Analysis, ClusterState | undefined>();

/** The scenario's verdicts (every step), or undefined when the file does not check. */
export function runOf(a: Analysis): ScenarioResult | undefined {
  if (!runs.has(a)) runs.set(a, a.scenario ? runScenario(a.scenario, defaultEngine) : undefined);
  return runs.get(a);
}

/** The declared cluster's state (before any step), or undefined when the file does not check. */
export function stateOf(a: Analysis): ClusterState | undefined {
  if (!states.has(a)) states.set(a, a.scenario ? buildState(a.scenario.cluster) : undefined);
  return states.get(a);
}

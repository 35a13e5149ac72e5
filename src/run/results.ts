/**
 * What a run produces: one result per check, per step, per scenario. Plain data, deterministic
 * for a given scenario and engine; reporters and the vitest runtime only read it.
 */
import type { Check, ExpectedOutcome, Scenario, Step, TableCheck } from '../check/scenario.js';
import type { ConnectionChange } from '../connlist/diff.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { DnsResult, Flow } from '../net/types.js';

export interface TableCell {
  readonly row: number;
  readonly column: number;
  readonly expect: ExpectedOutcome | '*';
  /** The outcome every flow had, or several joined with `|` when flows disagree. */
  readonly actual: string;
  readonly passed: boolean;
  readonly flows: readonly Flow[];
  /** When failed: why, in one line. */
  readonly message?: string;
  readonly counterexample?: Flow;
}

export interface TableResult {
  readonly check: TableCheck;
  /** Empty when the table was refused (`refused`). */
  readonly cells: readonly TableCell[];
  /** Set when the table was not evaluated because it needs too many connections: why, in one line. */
  readonly refused?: string;
}

export interface CheckResult {
  readonly check: Check;
  readonly passed: boolean;
  /** One line: what was expected and what happened. */
  readonly message: string;
  /** reach: every flow the engine enumerated (passing checks keep them for `explain`). */
  readonly flows: readonly Flow[];
  /** reach/table: the first flow that broke the expectation. */
  readonly counterexample?: Flow;
  /** resolve: the DNS answer and its hops. */
  readonly dns?: DnsResult;
  readonly table?: TableResult;
  /** change: the changes in scope that broke the expectation, in review order (`netscn diff`'s). */
  readonly changes?: readonly ConnectionChange[];
  /** Errors in the cluster state that made this check fail without being evaluated. */
  readonly problems?: readonly Diagnostic[];
}

export interface StepResult {
  readonly index: number;
  readonly step: Step;
  readonly title?: string;
  readonly checks: readonly CheckResult[];
  /** Every problem the model reported for this step's state (errors and warnings). */
  readonly problems: readonly Diagnostic[];
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly file: string;
  readonly title: string;
  readonly steps: readonly StepResult[];
  readonly passed: number;
  readonly failed: number;
}

export function checkResults(result: ScenarioResult): readonly CheckResult[] {
  return result.steps.flatMap((s) => s.checks);
}

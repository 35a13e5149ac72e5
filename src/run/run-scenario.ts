/**
 * Executes a checked scenario: steps in order, each applying its changes to the spec the previous
 * step left, building the state once, then judging every check against it (a change check against
 * the spec the step started from too).
 */
import type { Check, Scenario } from '../check/scenario.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { PathLimitError } from '../net/path-limit.js';
import type { ClusterSpec } from '../spec/types.js';
import type { Engine, EngineState } from './engine.js';
import { connlistSides, evaluateChange, type StepChange } from './change.js';
import { evaluateReach } from './reach.js';
import { evaluateGroup, MAX_GROUP_PROBES, type ForAllEngine } from './groups.js';
import { evaluateRequest } from './request.js';
import { evaluateResolve } from './resolve.js';
import type { CheckResult, ScenarioResult, StepResult } from './results.js';
import { evaluateTable, tableMessage } from './table.js';
import { assertNever } from '../spec/never.js';

export function runScenario(scenario: Scenario, engine: Engine): ScenarioResult {
  const steps: StepResult[] = [];
  let spec: ClusterSpec = scenario.cluster;
  let previous: EngineState | undefined;
  const sides = connlistSides();
  scenario.steps.forEach((step, index) => {
    const before = spec;
    spec = step.changes.reduce((s, change) => engine.applyChange(s, change), spec);
    const incremental = previous && step.changes.length > 0 ? engine.updateState?.(previous, spec, step.changes) : undefined;
    const state = incremental ?? engine.buildState(spec);
    previous = state;
    const errors = state.problems.filter((d) => d.severity === 'error');
    const checks = step.checks.map((check) => (errors.length > 0 ? blocked(check, errors) : runCheck(check, state, engine, spec, { before, sides })));
    steps.push({ index, step, ...(step.title !== undefined ? { title: step.title } : {}), checks, problems: state.problems });
  });
  const all = steps.flatMap((s) => s.checks);
  const passed = all.filter((c) => c.passed).length;
  return { scenario, file: scenario.file, title: scenario.title, steps, passed, failed: all.length - passed };
}

function blocked(check: Check, errors: readonly Diagnostic[]): CheckResult {
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  return { check, passed: false, message: `the cluster is invalid in this step: ${errors[0]!.message}${more}`, flows: [], problems: errors };
}

/**
 * `spec`: the cluster as this step has it (pod groups are chosen from it); `change`: the cluster
 * the step started from, which a change check compares it with (without it, a change check fails
 * saying so).
 */
export function runCheck(check: Check, state: EngineState, engine: Engine, spec: ClusterSpec, change?: StepChange): CheckResult {
  try {
    return evaluateCheck(check, state, engine, spec, change);
  } catch (e) {
    // Too many paths to enumerate: a failed check that says so, never an exhausted memory.
    if (e instanceof PathLimitError) return { check, passed: false, message: `${e.message}: narrow it (\`at node N\`, fewer nodes or endpoints)`, flows: [] };
    throw e;
  }
}

/** The engine's for-all signatures and matrix in this step's state, if it has them. */
function forAllOf(engine: Engine, state: EngineState): ForAllEngine | undefined {
  const sig = engine.forAllSignature;
  if (!sig) return undefined;
  const policy = engine.forAllPolicy;
  return {
    signature: (namespace, name, scope) => sig.call(engine, state, namespace, name, scope),
    ...(policy ? { policy: () => policy.call(engine, state) } : {}),
  };
}

function evaluateCheck(check: Check, state: EngineState, engine: Engine, spec: ClusterSpec, change: StepChange | undefined): CheckResult {
  switch (check.kind) {
    case 'reach': {
      const flows = engine.probe(state, check.probe).flows;
      const v = evaluateReach(flows, check.expect);
      return { check, passed: v.passed, message: v.message, flows, ...(v.counterexample ? { counterexample: v.counterexample } : {}) };
    }
    case 'resolve': {
      const dns = engine.resolve(state, check.source, check.name, check.recordType);
      const expected = check.expect.kind === 'address-of' ? engine.addressesOf(state, check.expect.target, check.recordType) : undefined;
      const v = evaluateResolve(dns, check.expect, expected);
      return { check, passed: v.passed, message: v.message, flows: [], dns };
    }
    case 'table': {
      const table = evaluateTable(check, spec, (p) => engine.probe(state, p), MAX_GROUP_PROBES, forAllOf(engine, state)?.signature);
      const failed = table.cells.find((c) => !c.passed);
      return {
        check,
        passed: failed === undefined && table.refused === undefined,
        message: tableMessage(table),
        flows: table.cells.flatMap((c) => c.flows),
        ...(failed?.counterexample ? { counterexample: failed.counterexample } : {}),
        table,
      };
    }
    case 'group': {
      const v = evaluateGroup(check, spec, (p) => engine.probe(state, p), MAX_GROUP_PROBES, forAllOf(engine, state));
      const first = v.failures[0];
      return { check, passed: v.passed, message: v.message, flows: v.flows, ...(first?.counterexample ? { counterexample: first.counterexample } : {}) };
    }
    case 'request': {
      const flows = engine.request(state, check.source, check.request).flows;
      const v = evaluateRequest(flows, check.expect);
      return { check, passed: v.passed, message: v.message, flows, ...(v.counterexample ? { counterexample: v.counterexample } : {}) };
    }
    case 'change': {
      if (!change) return { check, passed: false, message: 'a change check needs the cluster its step started from', flows: [] };
      const v = evaluateChange(check, change, spec);
      return { check, passed: v.passed, message: v.message, flows: [], ...(v.passed ? {} : { changes: v.changes }) };
    }
    default:
      return assertNever(check);
  }
}

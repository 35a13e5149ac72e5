/**
 * netscn's library API: run scenarios, read their results, format traces and reports. The CLI
 * (`netscn`) and the vitest plugin (`netscn/vitest`) are built on exactly this.
 */
export type { Scenario, Step, Check } from './check/scenario.js';
export type { Change } from './spec/objects.js';
export type { Diagnostic, Severity } from './diag/diagnostic.js';
export { hasErrors } from './diag/diagnostic.js';
export type { Flow, Hop, ProbeResult, DnsResult, Probe, Outcome, Cause } from './net/types.js';
export type { ClusterSpec } from './spec/types.js';
export { runSource, runFile, checkSource, type RunOptions, type FileRun } from './host/run-source.js';
export {
  runScenario,
  textFilter,
  defaultEngine,
  type Engine,
  type EngineState,
  type ScenarioResult,
  type StepResult,
  type CheckResult,
  type TableResult,
  type TableCell,
  type CheckFilter,
} from './run/index.js';
export {
  formatFlow,
  formatFlows,
  formatDns,
  formatEvidence,
  formatPretty,
  formatJson,
  formatJunit,
  summarize,
  type RunReport,
  type TimedRun,
  type Summary,
} from './report/index.js';

/**
 * The library as the browser playground uses it: the core pipeline (parse, check, run, report,
 * grade) with files read from an in-memory folder. Nothing reachable from here imports a Node
 * built-in (test/layering/browser-imports.test.ts walks the graph).
 */
export { memoryReader, type MemoryFolder } from './check/memory-folder.js';
export type { ReadFile, FileRead } from './check/file-read.js';
export type { Diagnostic, Severity } from './diag/diagnostic.js';
export { hasErrors } from './diag/diagnostic.js';
export { renderDiagnostic } from './diag/render.js';
export type { Flow, Hop, DnsResult } from './net/types.js';
export { defaultEngine } from './run/engine-default.js';
export { runSourceWith, checkSourceWith, type FileRun, type RunOptions } from './run/source.js';
export { runScenario } from './run/run-scenario.js';
export type { ScenarioResult, StepResult, CheckResult, TableResult, TableCell } from './run/results.js';
export { formatFlow, formatDns, verdictLine } from './report/trace.js';
export { formatEvidence } from './report/explain.js';
export { formatCheck } from './report/pretty.js';
export { flowsMermaid, clusterMermaid } from './report/mermaid.js';
export { buildState } from './model/index.js';
export { gradeExercise, formatGrade, type GradeResult, type TaskGrade, type CheckGrade } from './grade/grade.js';
export type { SubmissionReader, SubmissionFile } from './grade/submission.js';
export { analyze, type Analysis } from './lsp/analysis.js';
export { bindText } from './check/params/template.js';
export { DEFAULT_SEED } from './check/params/variant.js';
export { completion } from './lsp/completion.js';
export { collectNames, type Occurrence } from './lsp/names.js';

/** `netscn explain <file>:<line>`: every path of one assertion, with its full trace. */
import { hasErrors } from '../diag/diagnostic.js';
import type { RunOptions } from '../host/run-source.js';
import { runSource } from '../host/run-source.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import { formatExplanation } from '../report/explain.js';
import { clusterMermaid, flowsMermaid } from '../report/mermaid.js';
import { buildState } from '../model/index.js';
import { UsageError } from './args.js';
import { readScenario, withReader, type CliIO } from './io.js';

export function explain(file: string, line: number, opts: RunOptions & { readonly color: boolean; readonly io: CliIO; readonly format?: 'text' | 'mermaid' }): number {
  const { io, color, filter: _ignored, format, ...runOpts } = opts;
  const run = runSource(readScenario(file, io), file, withReader(runOpts, file, io));
  const text = run.source;
  if (hasErrors(run.diagnostics) || !run.result) {
    for (const d of run.diagnostics) io.stdout(renderDiagnostic(d, text, { color }) + '\n\n');
    return 2;
  }
  const all = run.result.steps.flatMap((s) => s.checks.map((c) => ({ step: s.title, r: c })));
  const hit = all.find(({ r }) => r.check.span.start.line <= line && line <= r.check.span.end.line);
  if (!hit) {
    const lines = all.map(({ r }) => r.check.span.start.line);
    const list = lines.length > 0 ? `; assertions start on lines ${lines.join(', ')}` : '; the file has no assertions';
    throw new UsageError(`no assertion on line ${line} of ${file}${list}`);
  }
  if (format === 'mermaid') {
    const flows = hit.r.table ? hit.r.table.cells.flatMap((c) => c.flows) : hit.r.flows;
    io.stdout(flowsMermaid(flows));
  } else io.stdout(formatExplanation(hit.r, text, hit.step, color));
  return hit.r.passed ? 0 : 1;
}

/** `netscn diagram <file>`: the declared cluster as Mermaid, with the top-level truth tables' edges. */
export function diagram(file: string, opts: RunOptions & { readonly io: CliIO }): number {
  const { io, filter: _ignored, ...runOpts } = opts;
  const run = runSource(readScenario(file, io), file, withReader(runOpts, file, io));
  if (hasErrors(run.diagnostics) || !run.result) {
    for (const d of run.diagnostics) io.stdout(renderDiagnostic(d, run.source, { color: false }) + '\n\n');
    return 2;
  }
  io.stdout(clusterMermaid(buildState(run.result.scenario.cluster), run.result));
  return 0;
}

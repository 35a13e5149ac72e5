/**
 * What one fuzz input goes through, as the CLI would take it:
 * - a scenario: parse → check → run, then every reporter (pretty with and without colour, JSON,
 *   JUnit), `check`'s diagnostics, `diagram`, and `explain` (text and Mermaid) of every assertion;
 * - a manifest: the manifest loader, then connlist in every format, and its diff from an empty
 *   list in every format.
 * An exception escaping is a crash (the caller catches it); a diagnostic or text that says
 * "internal error" is reported as an internal error.
 */
import { DIAG } from '../diag/catalogue.js';
import { connlist } from '../connlist/matrix-list.js';
import { CONNLIST_FORMATS, formatConnlist } from '../connlist/formats.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import { workloadLabel, workloadsOf } from '../connlist/connlist.js';
import { diffConnlists } from '../connlist/diff.js';
import { DIFF_FORMATS, formatDiff } from '../connlist/diff-formats.js';
import { renderDiagnostics } from '../diag/render.js';
import { formatExplanation } from '../report/explain.js';
import { objectsFromYaml } from '../manifests/index.js';
import { buildState } from '../model/index.js';
import { formatJson } from '../report/json.js';
import { formatJunit } from '../report/junit.js';
import { clusterMermaid, flowsMermaid } from '../report/mermaid.js';
import { formatPretty } from '../report/pretty.js';
import { runSource } from '../host/run-source.js';
import type { FuzzInput } from './inputs.js';

export interface TargetOutcome {
  /** One line per internal error found in diagnostics or output. */
  readonly internalErrors: readonly string[];
  /** Characters of output produced, all formats together. */
  readonly outputChars: number;
}

/** Diagnostic codes that mean netscn failed, not the input (parse, check, YAML reader). */
export const INTERNAL_CODES: ReadonlySet<string> = new Set([DIAG.internalParse.code, DIAG.internalCheck.code, DIAG.internalFormat.code, DIAG.internalYaml.code]);
const INTERNAL_TEXT = /internal error|YAML could not be read|This is a bug in netscn/i;

export function runTarget(input: FuzzInput, projectRoot: string): TargetOutcome {
  return input.kind === 'scenario' ? scenarioTarget(input, projectRoot) : manifestTarget(input);
}

function scenarioTarget(input: FuzzInput, projectRoot: string): TargetOutcome {
  const internal: string[] = [];
  const run = runSource(input.text, input.file, { projectRoot });
  for (const d of run.diagnostics) if (INTERNAL_CODES.has(d.code) || INTERNAL_TEXT.test(d.message)) internal.push(`${d.code}: ${d.message} ${(d.notes ?? []).join(' ')}`);
  const report = { files: [{ ...run, durationMs: 0 }], durationMs: 0 };
  const outputs = [
    renderDiagnostics(run.diagnostics, input.text, { color: false }),
    formatPretty(report, { color: false }),
    formatPretty(report, { color: true }),
    formatJson(report),
    formatJunit(report),
  ];
  if (run.result) {
    outputs.push(clusterMermaid(buildState(run.result.scenario.cluster), run.result));
    for (const step of run.result.steps) {
      for (const r of step.checks) {
        outputs.push(formatExplanation(r, input.text, step.title, false));
        outputs.push(flowsMermaid(r.table ? r.table.cells.flatMap((c) => c.flows) : r.flows));
      }
    }
  }
  for (const d of run.result?.steps.flatMap((s) => s.problems) ?? []) if (INTERNAL_TEXT.test(d.message)) internal.push(`${d.code}: ${d.message}`);
  return { internalErrors: internal, outputChars: outputs.reduce((n, o) => n + o.length, 0) };
}

function manifestTarget(input: FuzzInput): TargetOutcome {
  const internal: string[] = [];
  const loaded = { ...objectsFromYaml(input.text, input.file), files: [input.file], texts: [input.text], skipped: [] };
  for (const d of loaded.diagnostics) if (INTERNAL_TEXT.test(d.message)) internal.push(`${d.code}: ${d.message}`);
  const outputs = [renderDiagnostics(loaded.diagnostics, input.text, { color: false })];
  const { input: connInput } = connlistInputFromManifests(loaded);
  const conns = connlist(connInput);
  for (const format of CONNLIST_FORMATS) outputs.push(formatConnlist(conns, format));
  const diff = diffConnlists({ workloads: [], connections: [] }, { workloads: workloadsOf(connInput.pods, connInput.kindlessOwners).map(workloadLabel), connections: conns });
  for (const format of DIFF_FORMATS) outputs.push(formatDiff(diff, format));
  return { internalErrors: internal, outputChars: outputs.reduce((n, o) => n + o.length, 0) };
}

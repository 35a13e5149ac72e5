/**
 * A check result explained: the one-line reason, then the evidence (the counterexample trace,
 * the DNS answer, the table diff, a change check's forbidden changes as `netscn diff` lines, or
 * the cluster problems that blocked it).
 */
import { changeLine } from '../connlist/diff-formats.js';
import type { CheckResult } from '../run/results.js';
import { renderTableDiff } from '../run/table.js';
import { formatDns, formatFlow, formatFlows } from './trace.js';
import { painter, type StyleOptions } from './style.js';
import { locatedFrame } from './diagnostics.js';

/** Paths a failure without a single counterexample shows in full (the rest are counted). */
export const SHOWN_PATHS = 8;

/** Changes a failed change check shows (the rest are counted). */
export const SHOWN_CHANGES = 20;

/** The evidence for a failed check (or, with `all`, every flow of any check). */
export function formatEvidence(r: CheckResult, opts: StyleOptions & { readonly all?: boolean }): string {
  const parts: string[] = [];
  if (r.problems && r.problems.length > 0) parts.push(r.problems.map((p) => `cluster problem [${p.code}]: ${p.message}`).join('\n'));
  if (r.changes && r.changes.length > 0) {
    const shown = opts.all ? r.changes : r.changes.slice(0, SHOWN_CHANGES);
    const rest = r.changes.length - shown.length;
    const more = rest > 0 ? [`… ${rest} more not shown (\`netscn explain FILE:LINE\` prints every one)`] : [];
    parts.push(['the changes in scope, as `netscn diff` lists them (+ added, - removed, ~ changed):', ...shown.map(changeLine), ...more].join('\n'));
  }
  if (r.table) {
    parts.push(renderTableDiff(r.table));
    if (opts.all) {
      for (const cell of r.table.cells) {
        const row = r.table.check.rows[cell.row]!.label;
        const col = r.table.check.columns[cell.column]!.label;
        parts.push(`${row} → ${col} (expected ${cell.expect}):\n${formatFlows(cell.flows, opts)}`);
      }
    } else if (r.counterexample) {
      parts.push(formatFlow(r.counterexample, opts));
    }
  } else if (r.dns) {
    parts.push(formatDns(r.dns, opts));
  } else if (opts.all && r.flows.length > 0) {
    parts.push(formatFlows(r.flows, opts));
  } else if (r.counterexample) {
    parts.push(formatFlow(r.counterexample, opts));
  } else if (!r.passed && r.flows.length > 0) {
    parts.push(formatFlows(r.flows, opts, SHOWN_PATHS));
  }
  return parts.join('\n\n');
}

/** One assertion explained (`netscn explain`, the editor's lens): verdict, where, why, and every path. */
export function formatExplanation(r: CheckResult, source: string, step: string | undefined, color: boolean): string {
  const c = painter({ color });
  const head = `${r.passed ? c.green('✓ passed') : c.red('✗ failed')}: ${r.check.text}`;
  const parts = [head];
  if (step !== undefined) parts.push(c.dim(`in step "${step}"`));
  parts.push(locatedFrame(source, r.check.span), r.passed ? r.message : c.red(r.message), '', formatEvidence(r, { color, all: true }));
  return parts.join('\n') + '\n';
}

/**
 * A check result explained: the one-line reason, then the evidence (the counterexample trace,
 * the DNS answer, the table diff, or the cluster problems that blocked it).
 */
import type { CheckResult } from '../run/results.js';
import { renderTableDiff } from '../run/table.js';
import { formatDns, formatFlow, formatFlows } from './trace.js';
import type { StyleOptions } from './style.js';

/** Paths a failure without a single counterexample shows in full (the rest are counted). */
export const SHOWN_PATHS = 8;

/** The evidence for a failed check (or, with `all`, every flow of any check). */
export function formatEvidence(r: CheckResult, opts: StyleOptions & { readonly all?: boolean }): string {
  const parts: string[] = [];
  if (r.problems && r.problems.length > 0) parts.push(r.problems.map((p) => `cluster problem [${p.code}]: ${p.message}`).join('\n'));
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

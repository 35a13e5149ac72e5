/**
 * Truth tables: one probe per (row, column), each cell judged like a reach assertion with only
 * an outcome ('*' accepts anything); a pod-group cell is a for-all assertion, answered by classes
 * of alike pods (groups.ts). Bounded as a whole: the probes of every cell on every port (one per
 * single cell, pairs of classes × ports per pod-group cell) are counted before any is run, and
 * a table that needs more than MAX_GROUP_PROBES is refused with one message.
 */
import type { GroupCheck, TableCheck } from '../check/scenario.js';
import type { Flow, Probe, ProbeResult, ProbeSource, ProbeTarget, Via } from '../net/types.js';
import type { ClusterSpec } from '../spec/types.js';
import { evaluateGroup, groupProbes, MAX_GROUP_PROBES, tooManyProbes, type Signature } from './groups.js';
import { evaluateReach } from './reach.js';
import type { TableCell, TableResult } from './results.js';

/**
 * The probe for one cell of single endpoints (undefined for a pod-group cell): the table's
 * via/port/protocol apply to every column.
 */
export function cellProbe(check: TableCheck, row: number, column: number): Probe | undefined {
  const source = check.rows[row]!.source;
  const col = check.columns[column]!.target;
  if (source.kind === 'pod-group' || col.kind === 'pod-group') return undefined;
  const target = withVia(col, check);
  return {
    source,
    target,
    ...(check.port !== undefined ? { port: check.port } : {}),
    ...(check.protocol !== undefined ? { protocol: check.protocol } : {}),
  };
}

/** Paths a pod (rather than a Service) can be reached by. */
const POD_PATHS: readonly Via[] = ['pod-ip', 'hostport', 'hostnetwork'];

/**
 * The table's `via` applies to each column it can describe: every Service column, and pod
 * columns only for pod paths (`via clusterip` over a mixed table leaves pods reached directly).
 */
function withVia(target: ProbeTarget, check: TableCheck): ProbeTarget {
  const via = check.via;
  if (via === undefined) return target;
  if (target.kind === 'service' && target.via === undefined) return { ...target, via };
  if (target.kind === 'pod' && target.via === undefined && POD_PATHS.includes(via)) return { ...target, via };
  return target;
}

/** The outcomes the flows had, `|`-joined when they disagree, in first-seen order. */
export function actualOutcome(flows: readonly Flow[]): string {
  return [...new Set(flows.map((f) => f.outcome))].join('|') || '(no flow)';
}

/** A pod-group cell as a "for all" check (`via` reaches group members only on pod paths). */
function groupCell(check: TableCheck, source: ProbeSource | GroupCheck['source'], target: GroupCheck['target'], expect: GroupCheck['expect']): GroupCheck {
  const via = check.via;
  const viaFits = via !== undefined && (target.kind !== 'pod-group' || POD_PATHS.includes(via));
  return {
    kind: 'group',
    text: check.text,
    span: check.span,
    source,
    target: target.kind === 'pod-group' ? target : withVia(target, check),
    ...(viaFits ? { via } : {}),
    ...(check.port !== undefined ? { port: check.port } : {}),
    ...(check.protocol !== undefined ? { protocol: check.protocol } : {}),
    anyPort: false,
    expect,
  };
}

/** The probes the whole table needs: every cell (a pod-group cell its pairs of classes × ports) on every port. */
export function tableProbes(check: TableCheck, spec: ClusterSpec, signature?: Signature): number {
  let perPort = 0;
  check.rows.forEach((row, r) => {
    check.columns.forEach((col, c) => {
      perPort += cellProbe(check, r, c) !== undefined ? 1 : groupProbes(groupCell(check, row.source, col.target, { outcome: 'allow', outcomeSpan: row.span }), spec, signature);
    });
  });
  return perPort * Math.max(1, check.ports?.length ?? 0);
}

/**
 * With `ports`, each cell is judged on every port and holds only if it holds on all; its actual
 * value reads `80:allow 443:timeout` when the ports disagree. `limit`: the most probes the table
 * may need (tests pass a small one); `signature`: the engine's for-all signatures (groups.ts).
 * Cells use the classes only, not the matrix's factoring: the actual outcomes a cell prints
 * come in the order probing every pair sees them, which the classes keep.
 */
export function evaluateTable(check: TableCheck, spec: ClusterSpec, probe: (p: Probe) => ProbeResult, limit: number = MAX_GROUP_PROBES, signature?: Signature): TableResult {
  const count = tableProbes(check, spec, signature);
  if (count > limit) {
    const shape = `${check.rows.length} × ${check.columns.length} cells${check.ports && check.ports.length > 1 ? ` × ${check.ports.length} ports` : ''}`;
    return { check, cells: [], refused: tooManyProbes(limit, count, 'narrow a group with labels or a namespace, or test fewer ports', shape) };
  }
  if (check.ports === undefined || check.ports.length === 0) return evaluateOnePort(check, spec, probe, limit, signature);
  const perPort = check.ports.map((p) => {
    const { ports: _all, ...rest } = check;
    const one: TableCheck = { ...rest, port: p.port, ...(p.protocol ? { protocol: p.protocol } : {}) };
    return { label: `${p.port}${p.protocol ? `/${p.protocol.toLowerCase()}` : ''}`, result: evaluateOnePort(one, spec, probe, limit, signature) };
  });
  const cells = perPort[0]!.result.cells.map((first, i): TableCell => {
    const all = perPort.map((x) => ({ label: x.label, cell: x.result.cells[i]! }));
    const actuals = new Set(all.map((x) => x.cell.actual));
    const failed = all.find((x) => !x.cell.passed);
    const base = {
      row: first.row,
      column: first.column,
      expect: first.expect,
      actual: actuals.size === 1 ? first.actual : all.map((x) => `${x.label}:${x.cell.actual}`).join(' '),
      flows: all.flatMap((x) => x.cell.flows),
    };
    if (!failed) return { ...base, passed: true };
    return {
      ...base,
      passed: false,
      message: `port ${failed.label}: ${failed.cell.message ?? ''}`,
      ...(failed.cell.counterexample ? { counterexample: failed.cell.counterexample } : {}),
    };
  });
  return { check, cells };
}

function evaluateOnePort(check: TableCheck, spec: ClusterSpec, probe: (p: Probe) => ProbeResult, limit: number, signature: Signature | undefined): TableResult {
  const cells: TableCell[] = [];
  check.rows.forEach((row, r) => {
    check.columns.forEach((col, c) => {
      const expect = row.cells[c]?.expect ?? '*';
      const single = cellProbe(check, r, c);
      if (single === undefined) {
        const g = evaluateGroup(groupCell(check, row.source, col.target, { outcome: expect === '*' ? 'allow' : expect, outcomeSpan: row.cells[c]?.span ?? row.span }), spec, probe, limit, signature ? { signature } : undefined);
        const base = { row: r, column: c, expect, actual: g.outcomes.join('|') || '(no connection)', flows: g.flows };
        const first = g.failures[0];
        if (expect === '*' || g.passed) cells.push({ ...base, passed: true });
        else cells.push({ ...base, passed: false, message: first ? `${first.label}: ${first.message}` : g.message, ...(first?.counterexample ? { counterexample: first.counterexample } : {}) });
        return;
      }
      const flows = probe(single).flows;
      const base = { row: r, column: c, expect, actual: actualOutcome(flows), flows };
      if (expect === '*') {
        cells.push({ ...base, passed: true });
        return;
      }
      const v = evaluateReach(flows, { outcome: expect, outcomeSpan: row.cells[c]!.span });
      cells.push(v.passed ? { ...base, passed: true } : { ...base, passed: false, message: v.message, ...(v.counterexample ? { counterexample: v.counterexample } : {}) });
    });
  });
  return { check, cells };
}

/**
 * The expected and actual tables side by side as text; failing cells are marked with `✗` and
 * show `expected→actual`.
 */
export function renderTableDiff(result: TableResult): string {
  const { check } = result;
  const header = ['', ...check.columns.map((c) => c.label)];
  const body = check.rows.map((row, r) => [
    row.label,
    ...check.columns.map((_c, c) => {
      const cell = result.cells.find((x) => x.row === r && x.column === c);
      if (!cell) return '';
      return cell.passed ? cell.actual : `✗ ${cell.expect}→${cell.actual}`;
    }),
  ]);
  const rows = [header, ...body];
  const widths = header.map((_h, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

export function tableMessage(result: TableResult): string {
  if (result.refused !== undefined) return result.refused;
  const failed = result.cells.filter((c) => !c.passed);
  const total = result.cells.length;
  if (failed.length === 0) return `all ${total} cells as expected`;
  const first = failed[0]!;
  const row = result.check.rows[first.row]!.label;
  const col = result.check.columns[first.column]!.label;
  return `${failed.length} of ${total} cells differ; first: ${row} → ${col} expected ${first.expect}, got ${first.actual}`;
}

/**
 * `connlist`: connectivity lists read from the bitset matrix engine (src/matrix), streamed in
 * output order. Same lines and text as the pairwise oracle (pairwise.ts), which it is tested
 * against (test/connlist/matrix-agreement.property.test.ts).
 *
 * How:
 * - Workloads are the matrix's pods (one representative pod each, no address, a node of its
 *   own). Workloads of one matrix cell (namespace, labels, named ports) are treated alike by
 *   every policy, so a line's connection set depends only on the cells of its ends: it is
 *   computed once per (source cell, destination cell) and per (external range, cell).
 * - Ports: the matrix's port classes (every policy treats the ports of a class alike). A source
 *   cell's row for each class comes from the bitsets (`row`), read at one representative
 *   destination per cell (another member of the source's own cell, so self pairs never count).
 * - External ranges (connlist.ts) are decided per (range, cell, port class) by the evaluator on
 *   the range's first address: there are few ranges, and no pod is ever inside one.
 * - Each distinct set of classes becomes one interned connection set (maximal port ranges),
 *   shared by every line that has it.
 * - Lines are produced source by source in `compareConnections` order, so nothing is sorted or
 *   held but the per-cell answers (a bounded cache of source-cell rows).
 */
import { buildMatrix, podCell, type MatrixPod, type PortClass, type ReachMatrix } from '../matrix/index.js';
import { evaluatePolicies, type PolicyEndpoint, type PolicyIndex } from '../net/policy.js';
import { addressText, compareEndpoints, rangeLabel } from './ranges.js';
import {
  CONNLIST_SETTINGS,
  connlistPolicyIndex,
  CONTROLLER_LABEL,
  controllerConnections,
  externalRanges,
  listedFamilies,
  mergedConnections,
  podEndpoint,
  workloadLabel,
  workloadsOf,
  type Connection,
  type Connections,
  type ConnlistInput,
} from './connlist.js';

/** Called as sources are listed: `done` of `total` sources. */
export type ConnlistProgress = (done: number, total: number) => void;

/** Integers of source-cell rows kept at once (a row holds one per cell). */
const ROW_CACHE_BUDGET = 8_000_000;

/** One endpoint of the list, in output order. */
type Endpoint =
  /** Workload i (index into workloadsOf). */
  | { readonly kind: 'workload'; readonly label: string; readonly index: number }
  /** An external range: its connection-set id per cell of the workload at the other end. */
  | { readonly kind: 'range'; readonly label: string; readonly byCell: Int32Array }
  /** The ingress controller (a source only). */
  | { readonly kind: 'controller'; readonly label: string };

/** The connection sets seen so far: id 0 is "nothing allowed". */
class ConnectionSets {
  private readonly ids = new Map<string, number>();
  readonly sets: (Connections | undefined)[] = [undefined];

  constructor(private readonly classes: readonly PortClass[]) {}

  /** The id of the set of port classes `allowed` (ascending class ids). */
  idOf(allowed: readonly number[]): number {
    if (allowed.length === 0) return 0;
    const key = allowed.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.ids.set(key, id);
      this.sets.push(mergedConnections(allowed.flatMap((k) => this.classes[k]!.ranges)));
    }
    return id;
  }
}

export function connlist(input: ConnlistInput): Connection[] {
  return [...connlistRows(input)];
}

/** The lines of the list, in output order (`compareConnections`). */
export function* connlistRows(input: ConnlistInput, progress?: ConnlistProgress): Generator<Connection> {
  const index = connlistPolicyIndex(input);
  const workloads = workloadsOf(input.pods, input.kindlessOwners);
  const endpoints = workloads.map(podEndpoint);
  const pods: MatrixPod[] = endpoints.map((e) => ({ ...e.pod!, ip: e.ip }));
  const matrix = buildMatrix({
    namespaces: input.namespaces,
    pods,
    policies: input.policies,
    settings: CONNLIST_SETTINGS,
    ...(input.adminNetworkPolicies ? { adminNetworkPolicies: input.adminNetworkPolicies } : {}),
    ...(input.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: input.baselineAdminNetworkPolicy } : {}),
  });
  const cells = new Cells(matrix, workloads.length);
  const classes = matrix.portClasses();
  const sets = new ConnectionSets(classes);

  const external = (inbound: boolean): Endpoint[] =>
    listedFamilies(input).flatMap((family) =>
      externalRanges(input, inbound ? 'ingress' : 'egress', family).map((range): Endpoint => {
        const ext: PolicyEndpoint = { ip: addressText(family, range[0]) };
        const byCell = new Int32Array(cells.count);
        for (let c = 0; c < cells.count; c++) {
          const pod = endpoints[cells.rep[c]!]!;
          byCell[c] = sets.idOf(allowedClasses(index, classes, inbound ? ext : pod, inbound ? pod : ext));
        }
        return { kind: 'range', label: rangeLabel(family, range), byCell };
      }),
    );
  const byLabel = (a: Endpoint, b: Endpoint): number => compareEndpoints(a.label, b.label);
  const wl: Endpoint[] = workloads.map((w, i) => ({ kind: 'workload', label: workloadLabel(w), index: i }));
  const inbound = external(true);
  const controller = controllerConnections(input, index, workloads).sort((a, b) => compareEndpoints(a.dst, b.dst));
  const sources = [...wl, ...inbound, ...(controller.length > 0 ? [{ kind: 'controller', label: CONTROLLER_LABEL } as const] : [])].sort(byLabel);
  const workloadDsts = [...wl].sort(byLabel);
  const allDsts = [...wl, ...external(false)].sort(byLabel);
  const rows = new RowCache(matrix, cells, classes, sets);

  let done = 0;
  for (const src of sources) {
    progress?.(done++, sources.length);
    switch (src.kind) {
      case 'workload': {
        const row = rows.of(cells.of[src.index]!);
        for (const dst of allDsts) {
          let id: number;
          if (dst.kind === 'workload') {
            if (dst.index === src.index) continue;
            id = row[cells.of[dst.index]!]!;
          } else if (dst.kind === 'range') id = dst.byCell[cells.of[src.index]!]!;
          else continue;
          if (id !== 0) yield { src: src.label, dst: dst.label, conns: sets.sets[id]! };
        }
        break;
      }
      case 'range':
        for (const dst of workloadDsts) {
          if (dst.kind !== 'workload') continue;
          const id = src.byCell[cells.of[dst.index]!]!;
          if (id !== 0) yield { src: src.label, dst: dst.label, conns: sets.sets[id]! };
        }
        break;
      case 'controller':
        yield* controller;
        break;
      default: {
        const never: never = src;
        throw new Error(`unexpected endpoint ${JSON.stringify(never)}`);
      }
    }
  }
  progress?.(done, sources.length);
}

/** The port classes on which the evaluator allows src → dst (one of them external), ascending. */
function allowedClasses(index: PolicyIndex, classes: readonly PortClass[], src: PolicyEndpoint, dst: PolicyEndpoint): number[] {
  const out: number[] = [];
  for (const c of classes) if (evaluatePolicies(index, { src, dst, port: c.port, protocol: c.protocol }).allowed) out.push(c.id);
  return out;
}

/** The matrix cells of the workloads, densely renumbered: per cell its first member and another one (or -1). */
class Cells {
  /** Workload → dense cell number. */
  readonly of: Int32Array;
  /** Dense cell → its first workload. */
  readonly rep: number[] = [];
  /** Dense cell → a second workload of it, or -1. */
  readonly alt: number[] = [];

  constructor(matrix: ReachMatrix, n: number) {
    this.of = new Int32Array(n);
    const dense = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const cell = podCell(matrix, i);
      let c = dense.get(cell);
      if (c === undefined) {
        c = this.rep.length;
        dense.set(cell, c);
        this.rep.push(i);
        this.alt.push(-1);
      } else if (this.alt[c] === -1) this.alt[c] = i;
      this.of[i] = c;
    }
  }

  get count(): number {
    return this.rep.length;
  }
}

/** Per source cell, the connection-set id of every destination cell; rows are kept within ROW_CACHE_BUDGET. */
class RowCache {
  private readonly cache = new Map<number, Int32Array>();
  private readonly limit: number;

  constructor(
    private readonly matrix: ReachMatrix,
    private readonly cells: Cells,
    private readonly classes: readonly PortClass[],
    private readonly sets: ConnectionSets,
  ) {
    this.limit = Math.max(1, Math.floor(ROW_CACHE_BUDGET / Math.max(1, cells.count)));
  }

  of(cell: number): Int32Array {
    let row = this.cache.get(cell);
    if (row !== undefined) return row;
    if (this.cache.size >= this.limit) this.cache.clear();
    row = this.compute(cell);
    this.cache.set(cell, row);
    return row;
  }

  private compute(sourceCell: number): Int32Array {
    const { rep, alt, of } = this.cells;
    const s = rep[sourceCell]!;
    const allowed: (number[] | undefined)[] = new Array(this.cells.count);
    for (const cls of this.classes) {
      const bits = this.matrix.row(s, cls);
      for (let w = 0; w < bits.length; w++) {
        let word = bits[w]!;
        while (word !== 0) {
          const low = word & -word;
          const d = w * 32 + (31 - Math.clz32(low));
          word ^= low;
          if (d >= of.length) break;
          const c = of[d]!;
          if (d !== (c === sourceCell ? alt[c] : rep[c])) continue;
          (allowed[c] ??= []).push(cls.id);
        }
      }
    }
    const out = new Int32Array(this.cells.count);
    for (let c = 0; c < out.length; c++) {
      const list = allowed[c];
      if (list !== undefined) out[c] = this.sets.idOf(list);
    }
    return out;
  }
}

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
 * - External ranges (connlist.ts) are decided per (range, port class) on the range's first
 *   address: inbound from the matrix's ingress bitsets (every cell at once), outbound from each
 *   cell's compiled egress rules; with admin policies, whose tiers the matrix decides pair by
 *   pair, by the evaluator per (range, cell, port class). No pod is ever inside a range.
 * - Each distinct set of classes becomes one interned connection set (maximal port ranges),
 *   shared by every line that has it.
 * - Lines are produced source by source in `compareConnections` order, so nothing is sorted or
 *   held but the per-cell answers (a bounded cache of source-cell rows).
 * - With Calico policies (projectcalico.org/v3) the matrix, which does not compile Calico's
 *   tiers, is not used: the pairwise oracle (pairwise.ts, on the policy index that evaluates them,
 *   policy/calico.ts) gives the lines, sorted; likewise with Calico HostEndpoints, which are ends
 *   of the list (host-endpoints.ts). Correct, and O(lines × port intervals). Likewise
 *   with Cilium policies (cilium.io/v2, policy/cilium.ts), and for a scenario's cluster whose CNI
 *   is Cilium (its ipBlocks as Cilium matches them: spec/cilium.ts ciliumEnforces).
 * - With Istio objects the list of the policies is then folded by mesh-fold.ts, and the hosts of
 *   external ServiceEntries are added as DNS-name destinations (dns-destinations.ts), sorted in;
 *   with Istio Gateways, a gateway pod's TCP is then narrowed to its routes (gateway-fold.ts).
 */
import { hasBit } from '../matrix/bitset.js';
import { buildMatrix, cellRow, externalEgressAllowed, externalIngressCells, podCell, type MatrixPod, type PortClass, type ReachMatrix } from '../matrix/index.js';
import { evaluatePolicies, type PolicyEndpoint, type PolicyIndex } from '../policy/evaluate.js';
import { hasCalicoPolicies } from '../spec/calico.js';
import { ciliumEnforces } from '../spec/cilium.js';
import { connlistPairwise } from './pairwise.js';
import { addressText, compareEndpoints, rangeLabel } from './ranges.js';
import { foldMeshAuthorization, sidecarTest } from './mesh-fold.js';
import { dnsConnections, dnsHosts } from './dns-destinations.js';
import { foldGateways } from './gateway-fold.js';
import { CLUSTER_DEFAULTS } from '../spec/cluster-defaults.js';
import {
  compareConnections,
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

/**
 * The connection sets seen so far, as a trie of port-class lists: id 0 is the empty list
 * ("nothing allowed"), and `next(id, k)` the list of `id` with class k appended (classes are
 * appended in ascending order). Interning costs one numeric map lookup per allowed class, with
 * no string or array per line; a set's ports are merged when it is first listed.
 */
class ConnectionSets {
  private readonly edges = new Map<number, number>();
  private readonly parent: number[] = [-1];
  private readonly last: number[] = [-1];
  private readonly sets: (Connections | undefined)[] = [undefined];

  constructor(private readonly classes: readonly PortClass[]) {}

  next(id: number, k: number): number {
    const key = id * this.classes.length + k;
    let to = this.edges.get(key);
    if (to === undefined) {
      to = this.parent.length;
      this.edges.set(key, to);
      this.parent.push(id);
      this.last.push(k);
    }
    return to;
  }

  /** The id of a list of classes (ascending). */
  idOf(allowed: readonly number[]): number {
    let id = 0;
    for (const k of allowed) id = this.next(id, k);
    return id;
  }

  /** The allowed ports of a non-empty set. */
  connections(id: number): Connections {
    let conns = this.sets[id];
    if (conns === undefined) {
      const pieces: PortClass['ranges'][number][] = [];
      for (let at = id; at > 0; at = this.parent[at]!) pieces.push(...this.classes[this.last[at]!]!.ranges);
      this.sets[id] = conns = mergedConnections(pieces);
    }
    return conns;
  }
}

export function connlist(input: ConnlistInput): Connection[] {
  return [...connlistRows(input)];
}

/** The lines of the list, in output order (`compareConnections`). */
export function* connlistRows(input: ConnlistInput, progress?: ConnlistProgress): Generator<Connection> {
  const { authorizationPolicies = [], peerAuthentications = [], istioSidecars = [], serviceEntries = [], registryServices = [], sidecars, meshOutboundTrafficPolicy, istioGateways = [], virtualServices = [], ...kube } = input;
  const hosts = dnsHosts(serviceEntries);
  if (authorizationPolicies.length > 0 || peerAuthentications.length > 0 || istioSidecars.length > 0 || meshOutboundTrafficPolicy === 'REGISTRY_ONLY' || hosts.length > 0 || istioGateways.length > 0) {
    const rows = [...connlistRows(kube, progress)];
    const mesh = {
      authorizationPolicies, peerAuthentications, istioSidecars, serviceEntries, services: registryServices, namespaces: input.namespaces,
      ...(sidecars ? { sidecars } : {}), ...(meshOutboundTrafficPolicy ? { meshOutboundTrafficPolicy } : {}),
    };
    const workloads = workloadsOf(input.pods, input.kindlessOwners);
    const folded = foldMeshAuthorization(mesh, workloads, rows);
    // ServiceEntry hosts by name (dns-destinations.ts): decided on the policies' lines before the fold.
    const named = dnsConnections(hosts, { ...mesh, hasSidecar: sidecarTest(mesh) }, workloads, rows, listedFamilies(kube));
    const all = named.length === 0 ? folded : [...folded, ...named].sort(compareConnections);
    // Gateway pods last: their routes narrow what the policies and sidecars allowed (gateway-fold.ts).
    yield* (istioGateways.length === 0 ? all : foldGateways({ istioGateways, virtualServices, services: registryServices, dnsHosts: hosts, clusterDomain: CLUSTER_DEFAULTS.clusterDomain }, workloads, all));
    return;
  }
  if (hasCalicoPolicies(input) || (input.calicoHostEndpoints?.length ?? 0) > 0 || ciliumEnforces(input)) {
    // The matrix does not compile Calico's tiers, host endpoints nor Cilium's evaluation: the pairwise evaluator decides (see the header).
    const rows = connlistPairwise(input).sort(compareConnections);
    progress?.(1, 1);
    yield* rows;
    return;
  }
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
        const address = addressText(family, range[0]);
        const allowed = inbound ? externalInbound(matrix, cells, classes, address) : externalOutbound(matrix, cells, classes, address);
        const byCell = new Int32Array(cells.count);
        for (let c = 0; c < cells.count; c++) {
          let list = allowed?.[c];
          if (allowed === undefined) {
            const ext: PolicyEndpoint = { ip: address };
            const pod = endpoints[cells.rep[c]!]!;
            list = allowedClasses(index, classes, inbound ? ext : pod, inbound ? pod : ext);
          }
          byCell[c] = sets.idOf(list ?? []);
        }
        return { kind: 'range', label: rangeLabel(family, range), byCell };
      }),
    );
  const byLabel = (a: Endpoint, b: Endpoint): number => compareEndpoints(a.label, b.label);
  const wl: Endpoint[] = workloads.map((w, i) => ({ kind: 'workload', label: workloadLabel(w), index: i }));
  const inbound = external(true);
  const outbound = external(false);
  const controller = controllerConnections(input, index, workloads).sort((a, b) => compareEndpoints(a.dst, b.dst));
  const sources = [...wl, ...inbound, ...(controller.length > 0 ? [{ kind: 'controller', label: CONTROLLER_LABEL } as const] : [])].sort(byLabel);
  const workloadDsts = [...wl].sort(byLabel) as (Endpoint & { kind: 'workload' })[];
  // Destinations of a workload, in order, as flat arrays: a workload index (>= 0) or ~range.
  const dsts = [...wl, ...outbound].sort(byLabel);
  const dstRef = Int32Array.from(dsts, (d) => (d.kind === 'workload' ? d.index : ~outbound.indexOf(d)));
  const dstLabel = dsts.map((d) => d.label);
  const rows = new RowCache(matrix, cells, classes, sets);

  let done = 0;
  for (const src of sources) {
    progress?.(done++, sources.length);
    switch (src.kind) {
      case 'workload': {
        const i = src.index;
        const cell = cells.of[i]!;
        const row = rows.of(cell);
        for (let k = 0; k < dstRef.length; k++) {
          const j = dstRef[k]!;
          if (j === i) continue;
          const id = j >= 0 ? row[cells.of[j]!]! : (outbound[~j] as Endpoint & { kind: 'range' }).byCell[cell]!;
          if (id !== 0) yield { src: src.label, dst: dstLabel[k]!, conns: sets.connections(id) };
        }
        break;
      }
      case 'range':
        for (const dst of workloadDsts) {
          const id = src.byCell[cells.of[dst.index]!]!;
          if (id !== 0) yield { src: src.label, dst: dst.label, conns: sets.connections(id) };
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

/** Per cell, the port classes on which traffic from `address` (outside the cluster) is admitted, ascending; undefined when the matrix cannot tell (admin policies). */
function externalInbound(matrix: ReachMatrix, cells: Cells, classes: readonly PortClass[], address: string): (number[] | undefined)[] | undefined {
  const out: (number[] | undefined)[] = new Array(cells.count);
  for (const cls of classes) {
    const bits = externalIngressCells(matrix, address, cls);
    if (bits === undefined) return undefined;
    for (let c = 0; c < cells.count; c++) if (hasBit(bits, cells.engineCell[c]!)) (out[c] ??= []).push(cls.id);
  }
  return out;
}

/** Per cell, the port classes on which its egress admits traffic to `address` (outside the cluster), ascending; undefined with admin policies. */
function externalOutbound(matrix: ReachMatrix, cells: Cells, classes: readonly PortClass[], address: string): (number[] | undefined)[] | undefined {
  const out: (number[] | undefined)[] = new Array(cells.count);
  for (const cls of classes) {
    for (let c = 0; c < cells.count; c++) {
      const ok = externalEgressAllowed(matrix, cells.rep[c]!, address, cls);
      if (ok === undefined) return undefined;
      if (ok) (out[c] ??= []).push(cls.id);
    }
  }
  return out;
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
  /** Dense cell → the matrix's cell id. */
  readonly engineCell: number[] = [];
  /** Dense cell → a second workload of it, or -1. */
  readonly alt: number[] = [];
  /** Matrix cell → dense cell, or -1. */
  private readonly denseOf: Int32Array;

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
        this.engineCell.push(cell);
        this.alt.push(-1);
      } else if (this.alt[c] === -1) this.alt[c] = i;
      this.of[i] = c;
    }
    this.denseOf = new Int32Array(this.engineCell.reduce((m, e) => Math.max(m, e), 0) + 1).fill(-1);
    this.engineCell.forEach((e, c) => (this.denseOf[e] = c));
  }

  get count(): number {
    return this.rep.length;
  }

  /** The dense number of a matrix cell, or -1 when no workload is in it. */
  dense(engineCell: number): number {
    return engineCell < this.denseOf.length ? this.denseOf[engineCell]! : -1;
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
    const out = new Int32Array(this.cells.count);
    for (const cls of this.classes) {
      const cellBits = cellRow(this.matrix, s, cls);
      if (cellBits !== undefined) {
        // Cell-level row: bit of the source's own cell = its other members.
        forEachBit(cellBits, (e) => {
          const c = this.cells.dense(e);
          if (c >= 0) out[c] = this.sets.next(out[c]!, cls.id);
        });
        continue;
      }
      const bits = this.matrix.row(s, cls);
      forEachBit(bits, (d) => {
        if (d >= of.length) return;
        const c = of[d]!;
        if (d === (c === sourceCell ? alt[c] : rep[c])) out[c] = this.sets.next(out[c]!, cls.id);
      });
    }
    return out;
  }
}

/** Calls `f` with the index of every set bit, ascending. */
function forEachBit(bits: Uint32Array, f: (i: number) => void): void {
  for (let w = 0; w < bits.length; w++) {
    let word = bits[w]!;
    while (word !== 0) {
      const low = word & -word;
      f(w * 32 + (31 - Math.clz32(low)));
      word ^= low;
    }
  }
}

/**
 * The reachability-matrix engine: `buildMatrix` and `applyChange`. A matrix answers
 * `allowed(src, dst, port)` exactly as `evaluatePolicies`/`referenceAllowed` do for pod-to-pod
 * traffic (no NAT), and whole rows or the whole matrix as bitsets.
 *
 * How: pods with the same namespace, labels and named ports share a cell; peers become atoms
 * (sets of cells, or ipBlocks matched per address). Row s = E(s) AND I(s), where E(s) is the
 * union of the atoms s's egress rules allow (a set of destination cells) and I(s) the destination
 * cells whose ingress accepts s, read from the port view (atom → destination cells) of the
 * port — a transposed ingress, so no bit-matrix transpose is ever made. Cell rows are expanded to
 * pod rows through runs of consecutive pods in one cell, then the per-pod exceptions (self
 * traffic, a node-treated pod and the pods of its node) are set.
 *
 * With AdminNetworkPolicies or a BaselineAdminNetworkPolicy (admin-layer.ts) each pair is decided
 * tier by tier — admin policies, then NetworkPolicy (from the same compiled policies), then the
 * baseline — so rows are computed pod by pod; NetworkPolicy-only clusters keep the factored path.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { Settings } from '../spec/types.js';
import { addressOrder, blockContains, containingBlocks, parseAddress, type Address, type AddressOrder } from './address.js';
import { allOnes, andInto, hasBit, orInto, setBit, setRange, wordsFor } from './bitset.js';
import { Draft, freshView, initialState, type ClusterState, type PodRecord } from './cluster-state.js';
import { fitsAt, portFit, resolvesNamed, type CompiledPolicy, type CompiledRule } from './compiled-policy.js';
import { portClassIndex, type PortClassIndex } from './port-classes.js';
import { adminAction, adminPortEntries, baselineAction, makeAdminLayer, roleOf, withAdminChange, type AdminInput, type AdminLayer, type AdminQuery } from './admin-layer.js';
import type { PortView } from './port-view.js';
import type { BitMatrix, MatrixChange, MatrixInput, MatrixPod, PortClass, PortQuery, ReachMatrix } from './types.js';
import { ALL_ATOM, Universe, type Cell, type IpAtom, type SelectorAtom } from './universe.js';

export function buildMatrix(input: MatrixInput): ReachMatrix {
  const u = new Universe(input.namespaces, input.settings.hostNetworkPolicy);
  const context: AdminContext = { namespaces: input.namespaces, ...(input.nodes ? { nodes: input.nodes } : {}) };
  return new Engine(initialState(u, input.settings, input.pods, input.policies), new Map(), makeAdminLayer({ ...input, ...context }), context);
}

type AdminContext = Omit<AdminInput, 'adminNetworkPolicies' | 'baselineAdminNetworkPolicy'>;

/** The matrix after one change; `matrix` itself is unchanged. Port views already built are carried over, updated. */
export function applyChange(matrix: ReachMatrix, change: MatrixChange): ReachMatrix {
  if (!(matrix instanceof Engine)) throw new TypeError('applyChange needs a matrix made by buildMatrix');
  return matrix.apply(change);
}

/** Egress side of one source: every destination, or these destination cells plus these destination pods. */
type Egress = { readonly all: true } | { readonly all: false; readonly cells: Uint32Array; readonly pods?: Uint32Array };
const EGRESS_ALL: Egress = { all: true };

/** One group of sources with identical rows (before per-pod exceptions). */
export interface SourceGroup {
  readonly members: readonly number[];
  /** Destination cells allowed both ways. */
  readonly cells: Uint32Array;
  /** Destination cells whose ingress accepts the group. */
  readonly ingress: Uint32Array;
  /** Destination pods egress allows by ipBlock, beyond `cells`. */
  readonly egressPods?: Uint32Array;
}

/** Maximal runs of consecutive pods in one cell, and per cell its runs (runs of cell c: byCell[offset[c]..offset[c+1])). */
interface Runs {
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly offset: Int32Array;
  readonly byCell: Int32Array;
}

export class Engine implements ReachMatrix {
  private recordsMemo: readonly PodRecord[] | undefined;
  private addressesMemo: { readonly addresses: readonly Address[]; readonly order: AddressOrder } | undefined;
  private runsMemo: Runs | undefined;
  private classesMemo: PortClassIndex | undefined;
  private nodeLikeMemo: ReadonlyMap<number, readonly number[]> | undefined;
  private readonly ipPodsMemo = new Map<number, Uint32Array>();

  constructor(
    private readonly st: ClusterState,
    /** Port views by `protocol/port`: filled lazily, observably pure. */
    private readonly views: Map<string, PortView>,
    /** The admin tiers; undefined when the cluster has no admin policy. */
    private readonly admin: AdminLayer | undefined = undefined,
    private readonly adminContext: AdminContext = { namespaces: [] },
  ) {}

  get size(): number {
    return this.st.pods.length;
  }

  get settings(): Settings {
    return this.st.settings;
  }

  pod(index: number): MatrixPod {
    return this.record(index).spec;
  }

  /** The cell (policy identity: namespace, labels, named ports) of a pod: pods of one cell are treated alike by every policy. */
  cellOf(index: number): number {
    return this.record(index).cell;
  }

  apply(change: MatrixChange): Engine {
    if (change.kind === 'add-admin-policy' || change.kind === 'remove-admin-policy' || change.kind === 'set-baseline') {
      // NetworkPolicy state and its port views are untouched: shared with the new matrix.
      return new Engine(this.st, new Map(this.views), withAdminChange(this.admin, this.adminContext, change), this.adminContext);
    }
    const draft = new Draft(this.st, [...this.views.values()]);
    draft.apply(change);
    const { state, views } = draft.freeze();
    return new Engine(state, new Map(views.map((v) => [viewKey(v.port, v.protocol), v])), this.admin, this.adminContext);
  }

  allowed(src: number, dst: number, port: number, protocol: PacketProtocol): boolean {
    if (this.admin !== undefined) return this.tieredAllowed(this.admin, src, dst, port, protocol);
    const settings = this.st.settings;
    if (settings.networkPolicyEnforcement === 'none') return true;
    if (src === dst && settings.selfTrafficAllowed) return true;
    const s = this.record(src);
    const d = this.record(dst);
    const u = this.st.u;
    const dCell = u.cells[d.cell] as Cell;
    if (settings.networkPolicyEnforcement === 'full' && s.policyPod) {
      const egress = this.st.selection.get(s.cell)?.egress ?? [];
      if (egress.length > 0) {
        const ok = egress.some((id) =>
          this.policy(id).egress.some((r) => fitsAt(portFit(r.ports, port, protocol), dCell, port, protocol) && this.peerHas(r, d)),
        );
        if (!ok && !(settings.podToOwnNodeAllowed && !d.policyPod && d.node === s.node)) return false;
      }
    }
    if (!d.policyPod) return true;
    if (!s.policyPod && s.node === d.node) return true;
    const ingress = this.st.selection.get(d.cell)?.ingress ?? [];
    if (ingress.length === 0) return true;
    return ingress.some((id) =>
      this.policy(id).ingress.some((r) => fitsAt(portFit(r.ports, port, protocol), dCell, port, protocol) && this.peerHas(r, s)),
    );
  }

  row(src: number, q: PortQuery): Uint32Array {
    const out = new Uint32Array(wordsFor(this.size));
    if (this.st.settings.networkPolicyEnforcement === 'none') return allOnes(this.size);
    if (this.admin !== undefined) {
      for (let d = 0; d < this.size; d++) if (this.tieredAllowed(this.admin, src, d, q.port, q.protocol)) setBit(out, d);
      return out;
    }
    const s = this.record(src);
    const view = this.view(q);
    this.baseRow(view, q, s, out);
    this.exceptions(src, s, out);
    return out;
  }

  /**
   * The destination cells pod `src` may reach on q, as a cell bitset, when its row is uniform per
   * cell (every pod of a cell in it or none): the row before per-pod exceptions (self traffic,
   * node rules), so bit `cellOf(src)` says whether src reaches the other pods of its own cell.
   * Undefined when the row is not uniform per cell: with admin policies, or when an egress
   * ipBlock admits some pods by address.
   */
  cellRow(src: number, q: PortQuery): Uint32Array | undefined {
    if (this.admin !== undefined) return undefined;
    const u = this.st.u;
    if (this.st.settings.networkPolicyEnforcement === 'none') return new Uint32Array(wordsFor(u.cells.length)).fill(~0);
    const s = this.record(src);
    const ingress = this.ingressCells(this.view(q), s);
    const egress = this.egress(q, s);
    if (egress.all) return ingress;
    if (egress.pods !== undefined && egress.pods.some((w) => w !== 0)) return undefined;
    andInto(ingress, egress.cells);
    return ingress;
  }

  /**
   * Destination cells whose ingress admits traffic from `address`, an address no pod has (outside
   * the cluster), on q — as evaluatePolicies decides it for a source that is no pod. Undefined with
   * admin policies (their tiers are decided pair by pair).
   */
  externalIngress(address: string, q: PortQuery): Uint32Array | undefined {
    if (this.admin !== undefined) return undefined;
    const u = this.st.u;
    const out = new Uint32Array(wordsFor(u.cells.length));
    if (this.st.settings.networkPolicyEnforcement === 'none') return out.fill(~0);
    const view = this.view(q);
    const a = parseAddress(address);
    orInto(out, this.st.notIsolated);
    const all = view.acceptedBy.get(ALL_ATOM);
    if (all !== undefined) orInto(out, all);
    for (const atom of view.ipAtoms) {
      if (blockContains((u.atoms[atom] as IpAtom).block, a)) orInto(out, view.acceptedBy.get(atom) as Uint32Array);
    }
    return out;
  }

  /**
   * Whether pod `src`'s egress admits traffic to `address`, an address no pod or node has, on q —
   * as evaluatePolicies decides it for a destination that is no pod (named ports never resolve
   * there). Undefined with admin policies.
   */
  externalEgress(src: number, address: string, q: PortQuery): boolean | undefined {
    if (this.admin !== undefined) return undefined;
    const settings = this.st.settings;
    const s = this.record(src);
    if (settings.networkPolicyEnforcement !== 'full' || !s.policyPod) return true;
    const policies = this.st.selection.get(s.cell)?.egress ?? [];
    if (policies.length === 0) return true;
    const a = parseAddress(address);
    const atoms = this.st.u.atoms;
    return policies.some((id) =>
      this.policy(id).egress.some(
        (r) => portFit(r.ports, q.port, q.protocol).kind === 'yes' && (r.cellAtoms.includes(ALL_ATOM) || r.ipAtoms.some((x) => blockContains((atoms[x] as IpAtom).block, a))),
      ),
    );
  }

  portClasses(): readonly PortClass[] {
    return this.classes().classes;
  }

  classOf(port: number, protocol: PacketProtocol): PortClass {
    return this.classes().classOf(port, protocol);
  }

  materialize(q: PortQuery): BitMatrix {
    const n = this.size;
    const w = wordsFor(n);
    const words = new Uint32Array(n * w);
    if (this.st.settings.networkPolicyEnforcement === 'none') {
      const ones = allOnes(n);
      for (let s = 0; s < n; s++) words.set(ones, s * w);
    } else if (this.admin !== undefined) {
      for (let s = 0; s < n; s++) words.set(this.row(s, q), s * w);
    } else {
      const row = new Uint32Array(w);
      this.runs();
      this.nodeLikeByNode();
      this.sourceGroups(q, (g) => {
        row.fill(0);
        this.expandGroup(g, row);
        for (const s of g.members) {
          const target = words.subarray(s * w, (s + 1) * w);
          target.set(row);
          this.exceptions(s, this.record(s), target);
        }
      });
    }
    return {
      size: n,
      rowWords: w,
      words,
      row: (s) => words.subarray(s * w, (s + 1) * w),
      get: (s, d) => ((words[s * w + (d >>> 5)]! >>> (d & 31)) & 1) === 1,
    };
  }

  /**
   * Every source pod grouped with the pods whose rows equal its own before per-pod exceptions,
   * with the group's row in factored form (destination cells, plus ipBlock-allowed pods). A
   * complete description of the matrix for one port without materialising N×N bits.
   */
  sourceGroups(q: PortQuery, visit: (group: SourceGroup) => void): void {
    if (this.admin !== undefined) throw new TypeError('factored rows are not available with admin policies: use row() or materialize()');
    const view = this.view(q);
    const records = this.records();
    const groups = new Map<number | string, number[]>();
    // Pods of one cell differ only in the ipBlocks (of this view's rules) holding their address,
    // found per block by a range search over the sorted pod addresses (testing every pod against
    // every block costs pods × blocks); the key is a number (a bit mask of up to 16 blocks) where
    // it can be, for the map's sake.
    const ipAtoms = view.ipAtoms.map((a) => (this.st.u.atoms[a] as IpAtom).block);
    const byAddress = ipAtoms.length === 0 ? undefined : this.addresses();
    const inBlocks = byAddress === undefined ? undefined : containingBlocks(ipAtoms, byAddress.addresses, byAddress.order);
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as PodRecord;
      const blocks = inBlocks?.[i];
      let key: number | string = r.cell;
      if (ipAtoms.length > 0 && ipAtoms.length <= 16) {
        let sig = 0;
        for (const b of blocks ?? []) sig |= 1 << b;
        key = r.cell * 65536 + sig;
      } else if (blocks !== undefined) key = `${r.cell}:${blocks.join(',')}`;
      let list = groups.get(key);
      if (list === undefined) groups.set(key, (list = []));
      list.push(i);
    }
    const egressByCell = new Map<number, Egress>();
    for (const members of groups.values()) {
      const first = records[members[0] as number] as PodRecord;
      const ingress = this.ingressCells(view, first);
      let egress = egressByCell.get(first.cell);
      if (egress === undefined) egressByCell.set(first.cell, (egress = this.egress(q, first)));
      const cells = ingress.slice();
      if (!egress.all) andInto(cells, egress.cells);
      visit({ members, cells, ingress, ...(egress.all || egress.pods === undefined ? {} : { egressPods: egress.pods }) });
    }
  }

  /** Pod-level row of a group (before per-pod exceptions), OR'ed into `out`. */
  expandGroup(g: SourceGroup, out: Uint32Array): void {
    this.expand(g.cells, out);
    if (g.egressPods !== undefined) {
      const extra = new Uint32Array(out.length);
      this.expand(g.ingress, extra);
      andInto(extra, g.egressPods);
      orInto(out, extra);
    }
  }

  // ---- internals ----

  /** One pair, tier by tier, exactly as evaluatePolicies decides it (reference §7 and §6.4). */
  private tieredAllowed(admin: AdminLayer, src: number, dst: number, port: number, protocol: PacketProtocol): boolean {
    const settings = this.st.settings;
    if (settings.networkPolicyEnforcement === 'none') return true;
    if (src === dst && settings.selfTrafficAllowed) return true;
    const s = this.record(src);
    const d = this.record(dst);
    const dCell = this.st.u.cells[d.cell] as Cell;
    const sRole = roleOf(s.spec, s.policyPod);
    const dRole = roleOf(d.spec, d.policyPod);
    if (settings.networkPolicyEnforcement === 'full' && s.policyPod) {
      const out: AdminQuery = { direction: 'egress', subject: s.spec, peer: d.spec, peerRole: dRole, port, protocol };
      const action = adminAction(admin, out);
      if (action === 'Deny') return false;
      if (action !== 'Allow') {
        const egress = this.st.selection.get(s.cell)?.egress ?? [];
        if (egress.length > 0) {
          const ok = egress.some((id) => this.policy(id).egress.some((r) => fitsAt(portFit(r.ports, port, protocol), dCell, port, protocol) && this.peerHas(r, d)));
          if (!ok && !(settings.podToOwnNodeAllowed && !d.policyPod && d.node === s.node)) return false;
        } else if (baselineAction(admin, out) === 'Deny') return false;
      }
    }
    if (!d.policyPod) return true;
    const into: AdminQuery = { direction: 'ingress', subject: d.spec, peer: s.spec, peerRole: sRole, port, protocol };
    const action = adminAction(admin, into);
    if (action === 'Deny') return false;
    if (action === 'Allow') return true;
    if (!s.policyPod && s.node === d.node) return true;
    const ingress = this.st.selection.get(d.cell)?.ingress ?? [];
    if (ingress.length === 0) return baselineAction(admin, into) !== 'Deny';
    return ingress.some((id) => this.policy(id).ingress.some((r) => fitsAt(portFit(r.ports, port, protocol), dCell, port, protocol) && this.peerHas(r, s)));
  }

  private record(i: number): PodRecord {
    const r = this.st.pods.get(i);
    if (r === undefined) throw new RangeError(`no pod at index ${i}`);
    return r;
  }

  private policy(id: number): CompiledPolicy {
    return this.st.policies.get(id) as CompiledPolicy;
  }

  /** The pods' addresses in record order, and their order by address (for ipBlock range searches), built once. */
  private addresses(): { readonly addresses: readonly Address[]; readonly order: AddressOrder } {
    if (this.addressesMemo === undefined) {
      const addresses = this.records().map((r) => r.address);
      this.addressesMemo = { addresses, order: addressOrder(addresses) };
    }
    return this.addressesMemo;
  }

  private records(): readonly PodRecord[] {
    return (this.recordsMemo ??= this.st.pods.toArray() as PodRecord[]);
  }

  private classes(): PortClassIndex {
    if (this.classesMemo === undefined) {
      const live = this.st.policies.toArray().filter((p): p is CompiledPolicy => p !== undefined);
      this.classesMemo = portClassIndex(live, this.st.u.cells, this.admin ? adminPortEntries(this.admin) : []);
    }
    return this.classesMemo;
  }

  private view(q: PortQuery): PortView {
    const key = viewKey(q.port, q.protocol);
    let v = this.views.get(key);
    if (v === undefined) this.views.set(key, (v = freshView(this.st, q.port, q.protocol)));
    return v;
  }

  /** Whether a rule's peers include pod `x` (reference §6.3 via atoms). */
  private peerHas(r: CompiledRule, x: PodRecord): boolean {
    const atoms = this.st.u.atoms;
    for (const a of r.cellAtoms) {
      if (a === ALL_ATOM) return true;
      if (hasBit((atoms[a] as SelectorAtom).cells, x.cell)) return true;
    }
    return r.ipAtoms.some((a) => blockContains((atoms[a] as IpAtom).block, x.address));
  }

  /** Destination cells whose ingress accepts source `s` on the view's port. */
  private ingressCells(view: PortView, s: PodRecord): Uint32Array {
    const u = this.st.u;
    const out = new Uint32Array(wordsFor(u.cells.length));
    orInto(out, this.st.notIsolated);
    const all = view.acceptedBy.get(ALL_ATOM);
    if (all !== undefined) orInto(out, all);
    if (s.policyPod) {
      for (const a of (u.cells[s.cell] as Cell).atoms) {
        const bits = view.acceptedBy.get(a);
        if (bits !== undefined) orInto(out, bits);
      }
    }
    for (const a of view.ipAtoms) {
      if (blockContains((u.atoms[a] as IpAtom).block, s.address)) orInto(out, view.acceptedBy.get(a) as Uint32Array);
    }
    return out;
  }

  /** Destinations egress allows from source `s` on port q. */
  private egress(q: PortQuery, s: PodRecord): Egress {
    if (this.st.settings.networkPolicyEnforcement !== 'full' || !s.policyPod) return EGRESS_ALL;
    const policies = this.st.selection.get(s.cell)?.egress ?? [];
    if (policies.length === 0) return EGRESS_ALL;
    const u = this.st.u;
    const k = u.cells.length;
    const cells = new Uint32Array(wordsFor(k));
    let pods: Uint32Array | undefined;
    for (const id of policies) {
      for (const r of this.policy(id).egress) {
        const fit = portFit(r.ports, q.port, q.protocol);
        if (fit.kind === 'no') continue;
        const named = fit.kind === 'named' ? this.namedCells(fit.names, q) : undefined;
        for (const a of r.cellAtoms) {
          if (a === ALL_ATOM && named === undefined) return EGRESS_ALL;
          const bits = a === ALL_ATOM ? (named as Uint32Array) : (u.atoms[a] as SelectorAtom).cells;
          if (named === undefined) orInto(cells, bits);
          else for (let w = 0; w < cells.length; w++) cells[w]! |= (bits[w] ?? 0) & (named[w] ?? 0);
        }
        for (const a of r.ipAtoms) {
          const bits = this.ipPods(a);
          pods ??= new Uint32Array(wordsFor(this.size));
          if (named === undefined) orInto(pods, bits);
          else {
            const target = pods;
            this.st.pods.each((r, j) => {
              if (hasBit(bits, j) && hasBit(named, r.cell)) setBit(target, j);
            });
          }
        }
      }
    }
    return pods === undefined ? { all: false, cells } : { all: false, cells, pods };
  }

  /** Cells with a container port named one of `names` that is q. */
  private namedCells(names: readonly string[], q: PortQuery): Uint32Array {
    const cells = this.st.u.cells;
    const out = new Uint32Array(wordsFor(cells.length));
    for (const c of cells) if (resolvesNamed(c, names, q.port, q.protocol)) setBit(out, c.id);
    return out;
  }

  /** Pods whose address an ipBlock atom contains. */
  private ipPods(atom: number): Uint32Array {
    let bits = this.ipPodsMemo.get(atom);
    if (bits === undefined) {
      const block = (this.st.u.atoms[atom] as IpAtom).block;
      const out = new Uint32Array(wordsFor(this.size));
      this.st.pods.each((r, j) => {
        if (blockContains(block, r.address)) setBit(out, j);
      });
      this.ipPodsMemo.set(atom, (bits = out));
    }
    return bits;
  }

  private baseRow(view: PortView, q: PortQuery, s: PodRecord, out: Uint32Array): void {
    const ingress = this.ingressCells(view, s);
    const egress = this.egress(q, s);
    if (egress.all) {
      this.expand(ingress, out);
      return;
    }
    const cells = ingress.slice();
    andInto(cells, egress.cells);
    this.expandGroup({ members: [], cells, ingress, ...(egress.pods === undefined ? {} : { egressPods: egress.pods }) }, out);
  }

  /** Per-pod exceptions: self traffic, and the node rules for pods policy treats as their node. */
  private exceptions(index: number, s: PodRecord, out: Uint32Array): void {
    const settings = this.st.settings;
    if (settings.selfTrafficAllowed) setBit(out, index);
    if (!s.policyPod) {
      for (const j of this.st.podsByNode.get(s.node) ?? []) setBit(out, j);
    } else if (settings.networkPolicyEnforcement === 'full' && settings.podToOwnNodeAllowed) {
      if (this.nodeLikeMemo !== undefined) for (const j of this.nodeLikeMemo.get(s.node) ?? []) setBit(out, j);
      else for (const j of this.st.podsByNode.get(s.node) ?? []) if (!(this.st.pods.get(j) as PodRecord).policyPod) setBit(out, j);
    }
  }

  /** ORs into `out` the pods of every cell set in `cells` (through the runs when built, else pod by pod). */
  private expand(cells: Uint32Array, out: Uint32Array): void {
    const runs = this.runsMemo;
    if (runs === undefined) {
      this.st.pods.each((r, j) => {
        if (((cells[r.cell >>> 5] ?? 0) >>> (r.cell & 31)) & 1) out[j >>> 5]! |= 1 << (j & 31);
      });
      return;
    }
    const limit = Math.min(cells.length, (runs.offset.length + 30) >>> 5);
    for (let w = 0; w < limit; w++) {
      let v = cells[w]!;
      while (v !== 0) {
        const low = v & -v;
        v ^= low;
        const c = (w << 5) + (31 - Math.clz32(low));
        if (c + 1 >= runs.offset.length) break;
        for (let k = runs.offset[c]!; k < runs.offset[c + 1]!; k++) {
          const r = runs.byCell[k]!;
          setRange(out, runs.start[r]!, runs.end[r]!);
        }
      }
    }
  }

  private runs(): Runs {
    if (this.runsMemo === undefined) {
      const records = this.records();
      const start: number[] = [];
      const end: number[] = [];
      const cell: number[] = [];
      for (let i = 0; i < records.length; i++) {
        const c = (records[i] as PodRecord).cell;
        if (cell.length > 0 && cell[cell.length - 1] === c) end[end.length - 1] = i + 1;
        else {
          start.push(i);
          end.push(i + 1);
          cell.push(c);
        }
      }
      const k = this.st.u.cells.length;
      const offset = new Int32Array(k + 1);
      for (const c of cell) offset[c + 1]!++;
      for (let c = 0; c < k; c++) offset[c + 1]! += offset[c]!;
      const fill = offset.slice(0, k);
      const byCell = new Int32Array(cell.length);
      cell.forEach((c, r) => (byCell[fill[c]!++] = r));
      this.runsMemo = { start: Int32Array.from(start), end: Int32Array.from(end), offset, byCell };
    }
    return this.runsMemo;
  }

  /** Pods policy treats as their node, by node id. */
  private nodeLikeByNode(): ReadonlyMap<number, readonly number[]> {
    if (this.nodeLikeMemo === undefined) {
      const map = new Map<number, number[]>();
      this.records().forEach((r, i) => {
        if (r.policyPod) return;
        let list = map.get(r.node);
        if (list === undefined) map.set(r.node, (list = []));
        list.push(i);
      });
      this.nodeLikeMemo = map;
    }
    return this.nodeLikeMemo;
  }
}

function viewKey(port: number, protocol: PacketProtocol): string {
  return `${protocol}/${port}`;
}

/** Engine.cellRow of a matrix made by buildMatrix. */
export function cellRow(matrix: ReachMatrix, src: number, q: PortQuery): Uint32Array | undefined {
  if (!(matrix instanceof Engine)) throw new TypeError('cellRow needs a matrix made by buildMatrix');
  return matrix.cellRow(src, q);
}

/** Engine.externalIngress of a matrix made by buildMatrix. */
export function externalIngressCells(matrix: ReachMatrix, address: string, q: PortQuery): Uint32Array | undefined {
  if (!(matrix instanceof Engine)) throw new TypeError('externalIngressCells needs a matrix made by buildMatrix');
  return matrix.externalIngress(address, q);
}

/** Engine.externalEgress of a matrix made by buildMatrix. */
export function externalEgressAllowed(matrix: ReachMatrix, src: number, address: string, q: PortQuery): boolean | undefined {
  if (!(matrix instanceof Engine)) throw new TypeError('externalEgressAllowed needs a matrix made by buildMatrix');
  return matrix.externalEgress(src, address, q);
}

/** The cell of pod `index` (see Engine.cellOf). */
export function podCell(matrix: ReachMatrix, index: number): number {
  if (!(matrix instanceof Engine)) throw new TypeError('podCell needs a matrix made by buildMatrix');
  return matrix.cellOf(index);
}

/**
 * Visits every group of source pods whose rows are equal before per-pod exceptions (self, own
 * node), with the group's row in factored form: the whole matrix for one port without N×N bits.
 */
export function forEachSourceGroup(matrix: ReachMatrix, q: PortQuery, visit: (group: SourceGroup) => void): void {
  if (!(matrix instanceof Engine)) throw new TypeError('forEachSourceGroup needs a matrix made by buildMatrix');
  matrix.sourceGroups(q, visit);
}

/**
 * The persistent state behind one matrix, and the transitions `applyChange` makes. Every field is
 * immutable or persistent: a transition copies what it touches and shares the rest, so the
 * previous state stays valid. Cells "with data" are those this state has policy selections for;
 * every cell a pod of this state is in has data.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { Labels, NetworkPolicySpec, Settings } from '../spec/types.js';
import { parseAddress, type Address } from './address.js';
import { wordsFor, withBit } from './bitset.js';
import { compilePolicy, selectsCell, type CompiledPolicy } from './compiled-policy.js';
import { PersistentVector } from './persistent-vector.js';
import { buildView, viewWithCell, viewWithoutPolicy, viewWithPolicy, type PortView, type ViewSource } from './port-view.js';
import type { MatrixChange, MatrixPod } from './types.js';
import { NODE_CELL, type Cell, type Universe } from './universe.js';

export interface PodRecord {
  readonly spec: MatrixPod;
  readonly cell: number;
  readonly node: number;
  readonly address: Address;
  /** Policy treats the pod as a pod (not as its node). */
  readonly policyPod: boolean;
}

export interface CellSelection {
  /** Ingress-typed policies selecting the cell. */
  readonly ingress: readonly number[];
  /** Egress-typed policies selecting the cell. */
  readonly egress: readonly number[];
}

export interface ClusterState {
  readonly u: Universe;
  readonly settings: Settings;
  readonly pods: PersistentVector<PodRecord>;
  readonly policies: PersistentVector<CompiledPolicy>;
  readonly policiesByNamespace: ReadonlyMap<string, readonly number[]>;
  readonly selection: PersistentVector<CellSelection>;
  readonly selectedCells: PersistentVector<readonly number[]>;
  /** Cells with data that no ingress policy selects (always cell 0). */
  readonly notIsolated: Uint32Array;
  readonly podsByNode: PersistentVector<readonly number[]>;
}

const NO_SELECTION: CellSelection = { ingress: [], egress: [] };

export function viewSource(st: ClusterState): ViewSource {
  return {
    u: st.u,
    policy: (id) => st.policies.get(id),
    selectedCells: (p) => st.selectedCells.get(p) ?? [],
    policyIds: function* () {
      for (let i = 0; i < st.policies.length; i++) if (st.policies.get(i) !== undefined) yield i;
    },
  };
}

/** A state and its port views mid-transition; `freeze` returns the result. Used by one transition only. */
export class Draft {
  private st: { -readonly [K in keyof ClusterState]: ClusterState[K] };
  private views: PortView[];

  constructor(state: ClusterState, views: readonly PortView[]) {
    this.st = { ...state };
    this.views = [...views];
  }

  freeze(): { state: ClusterState; views: readonly PortView[] } {
    return { state: { ...this.st }, views: this.views };
  }

  private source(): ViewSource {
    return viewSource(this.st);
  }

  /** Gives `cellId` its selections (and the port views their entries) unless it has them. */
  ensureCell(cellId: number): void {
    if (this.st.selection.get(cellId) !== undefined) return;
    const cell = this.st.u.cells[cellId] as Cell;
    const ingress: number[] = [];
    const egress: number[] = [];
    if (cellId !== NODE_CELL) {
      for (const id of this.st.policiesByNamespace.get(cell.namespace) ?? []) {
        const p = this.st.policies.get(id) as CompiledPolicy;
        if (!selectsCell(p, cell)) continue;
        if (p.ingressTyped) ingress.push(id);
        if (p.egressTyped) egress.push(id);
        this.st.selectedCells = this.st.selectedCells.set(id, [...(this.st.selectedCells.get(id) ?? []), cellId]);
      }
    }
    this.st.selection = this.st.selection.set(cellId, ingress.length + egress.length === 0 ? NO_SELECTION : { ingress, egress });
    if (ingress.length === 0) this.st.notIsolated = withBit(this.st.notIsolated, cellId, wordsFor(this.st.u.cells.length));
    else {
      const src = this.source();
      this.views = this.views.map((v) => viewWithCell(src, v, cellId, ingress));
    }
  }

  addPolicy(spec: NetworkPolicySpec): void {
    this.removePolicy(spec.namespace, spec.name);
    const id = this.st.policies.length;
    const p = compilePolicy(this.st.u, id, spec);
    this.st.policies = this.st.policies.push(p);
    this.st.policiesByNamespace = withEntry(this.st.policiesByNamespace, spec.namespace, [
      ...(this.st.policiesByNamespace.get(spec.namespace) ?? []),
      id,
    ]);
    const selected: number[] = [];
    let notIsolated = this.st.notIsolated;
    let copied = false;
    for (const c of this.st.u.cellsIn(spec.namespace)) {
      const sel = this.st.selection.get(c);
      if (sel === undefined || !selectsCell(p, this.st.u.cells[c] as Cell)) continue;
      selected.push(c);
      this.st.selection = this.st.selection.set(c, {
        ingress: p.ingressTyped ? [...sel.ingress, id] : sel.ingress,
        egress: p.egressTyped ? [...sel.egress, id] : sel.egress,
      });
      if (p.ingressTyped && sel.ingress.length === 0) {
        if (!copied) notIsolated = notIsolated.slice();
        copied = true;
        notIsolated[c >>> 5]! &= ~(1 << (c & 31));
      }
    }
    this.st.notIsolated = notIsolated;
    this.st.selectedCells = this.st.selectedCells.set(id, selected);
    if (p.ingressTyped && selected.length > 0) {
      const src = this.source();
      this.views = this.views.map((v) => viewWithPolicy(src, v, p));
    }
  }

  removePolicy(namespace: string, name: string): void {
    const ids = this.st.policiesByNamespace.get(namespace) ?? [];
    const id = ids.find((i) => this.st.policies.get(i)?.spec.name === name);
    if (id === undefined) return;
    const p = this.st.policies.get(id) as CompiledPolicy;
    this.st.policies = this.st.policies.set(id, undefined);
    this.st.policiesByNamespace = withEntry(this.st.policiesByNamespace, namespace, ids.filter((i) => i !== id));
    let notIsolated = this.st.notIsolated;
    const cells = this.st.selectedCells.get(id) ?? [];
    for (const c of cells) {
      const sel = this.st.selection.get(c) as CellSelection;
      const ingress = sel.ingress.filter((i) => i !== id);
      this.st.selection = this.st.selection.set(c, { ingress, egress: sel.egress.filter((i) => i !== id) });
      if (ingress.length === 0) notIsolated = withBit(notIsolated, c, wordsFor(this.st.u.cells.length));
    }
    this.st.notIsolated = notIsolated;
    this.st.selectedCells = this.st.selectedCells.set(id, undefined);
    if (p.ingressTyped && cells.length > 0) {
      const src = this.source();
      const selection = this.st.selection;
      this.views = this.views.map((v) => viewWithoutPolicy(src, v, p, cells, (c) => selection.get(c)?.ingress ?? []));
    }
  }

  relabelPod(index: number, labels: Labels): void {
    const old = this.st.pods.get(index);
    if (old === undefined) throw new RangeError(`no pod at index ${index}`);
    const spec = { ...old.spec, labels };
    const cell = this.st.u.cellFor(spec.namespace, labels, spec.ports, spec.hostNetwork);
    this.ensureCell(cell);
    this.st.pods = this.st.pods.set(index, { ...old, spec, cell });
  }

  addPod(spec: MatrixPod): void {
    const index = this.st.pods.length;
    const rec = podRecord(this.st.u, spec);
    this.ensureCell(rec.cell);
    this.st.pods = this.st.pods.push(rec);
    this.st.podsByNode = this.st.podsByNode.set(rec.node, [...(this.st.podsByNode.get(rec.node) ?? []), index]);
  }

  apply(change: MatrixChange): void {
    switch (change.kind) {
      case 'add-policy':
        return this.addPolicy(change.policy);
      case 'remove-policy':
        return this.removePolicy(change.namespace, change.name);
      case 'relabel-pod':
        return this.relabelPod(change.pod, change.labels);
      case 'add-pod':
        return this.addPod(change.pod);
      case 'add-admin-policy':
      case 'remove-admin-policy':
      case 'set-baseline':
        // Admin policies live beside this state (admin-layer.ts); the engine applies them.
        return;
      default: {
        const never: never = change;
        throw new Error(`unexpected change ${JSON.stringify(never)}`);
      }
    }
  }
}

export function podRecord(u: Universe, spec: MatrixPod, hint?: number): PodRecord {
  return {
    spec,
    cell: u.cellFor(spec.namespace, spec.labels, spec.ports, spec.hostNetwork, hint),
    node: u.nodeId(spec.node),
    address: parseAddress(spec.ip),
    policyPod: u.isPolicyPod(spec.hostNetwork),
  };
}

/** The state of a whole cluster, built in one pass (no per-change copying). */
export function initialState(u: Universe, settings: Settings, pods: readonly MatrixPod[], policies: readonly NetworkPolicySpec[]): ClusterState {
  const records: PodRecord[] = [];
  for (const p of pods) records.push(podRecord(u, p, records[records.length - 1]?.cell));
  const byNode: number[][] = [];
  records.forEach((r, i) => (byNode[r.node] ??= []).push(i));
  const compiled: (CompiledPolicy | undefined)[] = [];
  const byName = new Map<string, number>();
  for (const spec of policies) {
    const key = `${spec.namespace}/${spec.name}`;
    const previous = byName.get(key);
    if (previous !== undefined) compiled[previous] = undefined;
    byName.set(key, compiled.length);
    compiled.push(compilePolicy(u, compiled.length, spec));
  }
  const live = compiled.filter((p): p is CompiledPolicy => p !== undefined);
  const byNamespace = new Map<string, number[]>();
  for (const p of live) {
    let list = byNamespace.get(p.spec.namespace);
    if (list === undefined) byNamespace.set(p.spec.namespace, (list = []));
    list.push(p.id);
  }
  const usedCells = new Set(records.map((r) => r.cell));
  usedCells.add(NODE_CELL);
  const selection: (CellSelection | undefined)[] = [];
  const selectedCells: number[][] = [];
  const notIsolated = new Uint32Array(wordsFor(u.cells.length));
  for (const c of [...usedCells].sort((a, b) => a - b)) {
    const cell = u.cells[c] as Cell;
    const ingress: number[] = [];
    const egress: number[] = [];
    if (c !== NODE_CELL) {
      for (const id of byNamespace.get(cell.namespace) ?? []) {
        const p = compiled[id] as CompiledPolicy;
        if (!selectsCell(p, cell)) continue;
        if (p.ingressTyped) ingress.push(id);
        if (p.egressTyped) egress.push(id);
        (selectedCells[id] ??= []).push(c);
      }
    }
    selection[c] = ingress.length + egress.length === 0 ? NO_SELECTION : { ingress, egress };
    if (ingress.length === 0) notIsolated[c >>> 5]! |= 1 << (c & 31);
  }
  for (const p of live) selectedCells[p.id] ??= [];
  return {
    u,
    settings,
    pods: PersistentVector.from(records),
    policies: PersistentVector.from(compiled),
    policiesByNamespace: byNamespace,
    selection: PersistentVector.from(selection),
    selectedCells: PersistentVector.from(selectedCells),
    notIsolated,
    podsByNode: PersistentVector.from(byNode),
  };
}

export function freshView(st: ClusterState, port: number, protocol: PacketProtocol): PortView {
  return buildView(viewSource(st), port, protocol);
}

function withEntry<K, V>(map: ReadonlyMap<K, V>, key: K, value: V): ReadonlyMap<K, V> {
  const out = new Map(map);
  out.set(key, value);
  return out;
}

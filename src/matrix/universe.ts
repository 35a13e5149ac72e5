/**
 * The identities a family of matrices shares (one family per `buildMatrix` call and every
 * matrix derived from it by `applyChange`): cells, atoms and their memberships. It only ever
 * grows, and everything in it is a pure function of its key (plus the family's fixed namespaces
 * and settings), so matrices that share it see the same answers whatever was added since.
 *
 * - A cell is a pod identity: every pod NetworkPolicy treats as a node is in cell 0; every other
 *   pod is in the cell of its (namespace, labels, container ports).
 * - An atom is a rule peer: atom 0 is the empty peer list (everything), then one atom per distinct
 *   selector peer (a set of cells) and per distinct ipBlock (matched per address).
 */
import { matchesSelector } from '../spec/selector.js';
import type { ContainerPort, IPBlock, LabelSelector, Labels, NamespaceSpec, NetworkPolicyPeer, Settings } from '../spec/types.js';
import { namespaceLabelsOf } from '../policy/namespace-labels.js';
import { prepareBlock, type PreparedBlock } from './address.js';
import { setBit, wordsFor } from './bitset.js';

export const NODE_CELL = 0;
export const ALL_ATOM = 0;

export interface Cell {
  readonly id: number;
  readonly namespace: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** False for cell 0: its pods are never selected, never match selectors, resolve no named port. */
  readonly policyPod: boolean;
  /** Selector atoms containing this cell, ascending. Grows as atoms are added. */
  readonly atoms: number[];
}

export interface SelectorAtom {
  readonly kind: 'selector';
  readonly id: number;
  /** The namespace of the policy the peer is written in (podSelector-only peers stay in it). */
  readonly policyNamespace: string;
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  /** Member cells; grows (the array is replaced) as cells are added. */
  cells: Uint32Array;
}

export interface IpAtom {
  readonly kind: 'ip';
  readonly id: number;
  readonly block: PreparedBlock;
}

export type Atom = { readonly kind: 'all'; readonly id: 0 } | SelectorAtom | IpAtom;

export class Universe {
  readonly cells: Cell[] = [];
  readonly atoms: Atom[] = [{ kind: 'all', id: 0 }];
  private readonly cellByKey = new Map<string, number>();
  private readonly cellsByNamespace = new Map<string, number[]>();
  private readonly atomByKey = new Map<string, number>();
  /** podSelector-only atoms by policy namespace. */
  private readonly podAtomsByNamespace = new Map<string, number[]>();
  /** Atoms with a namespaceSelector. */
  private readonly namespaceAtoms: number[] = [];
  private readonly namespaceLabels = new Map<string, Labels>();
  private readonly nodeIds = new Map<string, number>();
  readonly nodeNames: string[] = [];

  constructor(
    namespaces: readonly NamespaceSpec[],
    readonly hostNetworkPolicy: Settings['hostNetworkPolicy'],
  ) {
    for (const ns of namespaces) this.namespaceLabels.set(ns.name, namespaceLabelsOf(ns.name, ns.labels));
    this.cells.push({ id: NODE_CELL, namespace: '', labels: {}, ports: [], policyPod: false, atoms: [] });
  }

  /** Every cell of a namespace created so far, in creation order. */
  cellsIn(namespace: string): readonly number[] {
    return this.cellsByNamespace.get(namespace) ?? [];
  }

  labelsOfNamespace(ns: string): Labels {
    let labels = this.namespaceLabels.get(ns);
    if (labels === undefined) {
      labels = namespaceLabelsOf(ns, undefined);
      this.namespaceLabels.set(ns, labels);
    }
    return labels;
  }

  nodeId(name: string): number {
    let id = this.nodeIds.get(name);
    if (id === undefined) {
      id = this.nodeNames.length;
      this.nodeIds.set(name, id);
      this.nodeNames.push(name);
    }
    return id;
  }

  isPolicyPod(hostNetwork: boolean): boolean {
    return !hostNetwork || this.hostNetworkPolicy === 'pod';
  }

  /** The pod's cell; `hint` is a cell to try first (e.g. the previous replica's), which saves building a key. */
  cellFor(namespace: string, labels: Labels, ports: readonly ContainerPort[], hostNetwork: boolean, hint?: number): number {
    if (!this.isPolicyPod(hostNetwork)) return NODE_CELL;
    if (hint !== undefined && hint !== NODE_CELL) {
      const h = this.cells[hint];
      if (h !== undefined && h.namespace === namespace && sameLabels(h.labels, labels) && sameNamedPorts(h.ports, ports)) return hint;
    }
    const key = cellKey(namespace, labels, ports);
    const known = this.cellByKey.get(key);
    if (known !== undefined) return known;
    const cell: Cell = { id: this.cells.length, namespace, labels, ports, policyPod: true, atoms: [] };
    this.cells.push(cell);
    this.cellByKey.set(key, cell.id);
    let inNs = this.cellsByNamespace.get(namespace);
    if (inNs === undefined) this.cellsByNamespace.set(namespace, (inNs = []));
    inNs.push(cell.id);
    const candidates = [...(this.podAtomsByNamespace.get(namespace) ?? []), ...this.namespaceAtoms].sort((a, b) => a - b);
    for (const a of candidates) {
      const atom = this.atoms[a] as SelectorAtom;
      if (this.cellInAtom(cell, atom)) this.addMember(atom, cell);
    }
    return cell.id;
  }

  /** The atom of one peer written in a policy of `policyNamespace`; undefined for a peer that matches nothing. */
  atomFor(peer: NetworkPolicyPeer, policyNamespace: string): number | undefined {
    if (peer.ipBlock !== undefined) return this.ipAtom(peer.ipBlock);
    if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return undefined;
    const key =
      peer.namespaceSelector === undefined
        ? `p\u0000${policyNamespace}\u0000${selectorKey(peer.podSelector)}`
        : `n\u0000${selectorKey(peer.namespaceSelector)}\u0000${selectorKey(peer.podSelector)}`;
    const known = this.atomByKey.get(key);
    if (known !== undefined) return known;
    const atom: SelectorAtom = {
      kind: 'selector',
      id: this.atoms.length,
      policyNamespace,
      ...(peer.podSelector === undefined ? {} : { podSelector: peer.podSelector }),
      ...(peer.namespaceSelector === undefined ? {} : { namespaceSelector: peer.namespaceSelector }),
      cells: new Uint32Array(wordsFor(this.cells.length)),
    };
    this.atoms.push(atom);
    this.atomByKey.set(key, atom.id);
    if (atom.namespaceSelector === undefined) {
      let list = this.podAtomsByNamespace.get(policyNamespace);
      if (list === undefined) this.podAtomsByNamespace.set(policyNamespace, (list = []));
      list.push(atom.id);
      for (const c of this.cellsByNamespace.get(policyNamespace) ?? []) {
        const cell = this.cells[c] as Cell;
        if (this.cellInAtom(cell, atom)) this.addMember(atom, cell);
      }
    } else {
      this.namespaceAtoms.push(atom.id);
      for (const [ns, cells] of this.cellsByNamespace) {
        if (!matchesSelector(atom.namespaceSelector, this.labelsOfNamespace(ns))) continue;
        for (const c of cells) {
          const cell = this.cells[c] as Cell;
          if (atom.podSelector === undefined || matchesSelector(atom.podSelector, cell.labels)) this.addMember(atom, cell);
        }
      }
    }
    return atom.id;
  }

  private ipAtom(block: IPBlock): number {
    const key = `i\u0000${block.cidr}\u0000${block.except.join(',')}`;
    const known = this.atomByKey.get(key);
    if (known !== undefined) return known;
    const atom: IpAtom = { kind: 'ip', id: this.atoms.length, block: prepareBlock(block) };
    this.atoms.push(atom);
    this.atomByKey.set(key, atom.id);
    return atom.id;
  }

  /** The peer semantics of reference §6.3 for a selectable pod's identity. */
  private cellInAtom(cell: Cell, atom: SelectorAtom): boolean {
    const nsOk =
      atom.namespaceSelector === undefined
        ? cell.namespace === atom.policyNamespace
        : matchesSelector(atom.namespaceSelector, this.labelsOfNamespace(cell.namespace));
    return nsOk && (atom.podSelector === undefined || matchesSelector(atom.podSelector, cell.labels));
  }

  private addMember(atom: SelectorAtom, cell: Cell): void {
    if ((cell.id >>> 5) >= atom.cells.length) {
      const grown = new Uint32Array(Math.max(wordsFor(cell.id + 1), atom.cells.length * 2));
      grown.set(atom.cells);
      atom.cells = grown;
    }
    setBit(atom.cells, cell.id);
    cell.atoms.push(atom.id);
  }
}

function sameLabels(a: Labels, b: Labels): boolean {
  if (a === b) return true;
  let n = 0;
  for (const k in a) {
    if (a[k] !== b[k] || !Object.prototype.hasOwnProperty.call(b, k)) return false;
    n++;
  }
  for (const _ in b) n--;
  return n === 0;
}

/** Same named ports in the same order (a cheap sufficient test; the key decides otherwise). */
function sameNamedPorts(a: readonly ContainerPort[], b: readonly ContainerPort[]): boolean {
  if (a === b) return true;
  let i = 0;
  let j = 0;
  for (;;) {
    while (i < a.length && (a[i] as ContainerPort).name === undefined) i++;
    while (j < b.length && (b[j] as ContainerPort).name === undefined) j++;
    if (i === a.length || j === b.length) return i === a.length && j === b.length;
    const p = a[i++] as ContainerPort;
    const q = b[j++] as ContainerPort;
    if (p.name !== q.name || p.protocol !== q.protocol || p.containerPort !== q.containerPort) return false;
  }
}

function cellKey(namespace: string, labels: Labels, ports: readonly ContainerPort[]): string {
  const keys = Object.keys(labels);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) if ((keys[i - 1] as string) > (keys[i] as string)) sorted = false;
  if (!sorted) keys.sort();
  let key = namespace;
  for (const k of keys) key += `\u0000${k}=${labels[k]}`;
  key += '\u0001';
  const named: string[] = [];
  for (const cp of ports) if (cp.name !== undefined) named.push(`${cp.name}/${cp.protocol}/${cp.containerPort}`);
  if (named.length > 1) named.sort();
  return key + named.join('\u0000');
}

function selectorKey(sel: LabelSelector | undefined): string {
  if (sel === undefined) return '-';
  const labels = Object.keys(sel.matchLabels)
    .sort()
    .map((k) => [k, sel.matchLabels[k]]);
  return JSON.stringify([labels, sel.matchExpressions.map((r) => [r.key, r.operator, r.values])]);
}

/**
 * The ingress side of the matrix for one destination port, transposed: for every atom, the
 * destination cells whose ingress some rule with that peer allows on this port. A source is
 * allowed into a destination cell iff the cell is not ingress-isolated or one of the source's
 * atoms (its cell's selector atoms, the ipBlocks holding its address, ALL_ATOM) accepts the cell.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import { setBit, wordsFor } from './bitset.js';
import { fitsAt, portFit, type CompiledPolicy, type CompiledRule } from './compiled-policy.js';
import { PersistentVector } from './persistent-vector.js';
import type { Cell, Universe } from './universe.js';

export interface PortView {
  readonly port: number;
  readonly protocol: PacketProtocol;
  /** Atom id → destination cells; undefined = none. */
  readonly acceptedBy: PersistentVector<Uint32Array>;
  /** ip atoms with an acceptedBy entry. */
  readonly ipAtoms: readonly number[];
}

/** The policy facts a view is derived from. */
export interface ViewSource {
  readonly u: Universe;
  policy(id: number): CompiledPolicy | undefined;
  /** Cells (with data) a policy selects. */
  selectedCells(policy: number): readonly number[];
  /** Every live policy id. */
  policyIds(): Iterable<number>;
}

function ruleAtoms(r: CompiledRule): number[] {
  return [...r.cellAtoms, ...r.ipAtoms];
}

/** Destination cells a rule of `p` admits on this port. */
function ruleTargets(src: ViewSource, p: CompiledPolicy, r: CompiledRule, port: number, protocol: PacketProtocol): number[] {
  const fit = portFit(r.ports, port, protocol);
  if (fit.kind === 'no') return [];
  const cells = src.selectedCells(p.id);
  if (fit.kind === 'yes') return [...cells];
  return cells.filter((c) => fitsAt(fit, src.u.cells[c] as Cell, port, protocol));
}

/** Atom `a`'s accepted-cells bits in `changed`, copied there from the view on first write. */
function copyOnWrite(changed: Map<number, Uint32Array>, view: PortView, a: number, words: number): Uint32Array {
  let bits = changed.get(a);
  if (bits === undefined) {
    const old = view.acceptedBy.get(a);
    bits = new Uint32Array(Math.max(words, old?.length ?? 0));
    if (old !== undefined) bits.set(old);
    changed.set(a, bits);
  }
  return bits;
}

function ipList(u: Universe, acceptedBy: PersistentVector<Uint32Array>): number[] {
  const out: number[] = [];
  acceptedBy.forEach((bits, a) => {
    if (bits !== undefined && u.atoms[a]?.kind === 'ip') out.push(a);
  });
  return out;
}

export function buildView(src: ViewSource, port: number, protocol: PacketProtocol): PortView {
  const words = wordsFor(src.u.cells.length);
  const acc: (Uint32Array | undefined)[] = [];
  for (const id of src.policyIds()) {
    const p = src.policy(id);
    if (p === undefined || !p.ingressTyped) continue;
    for (const r of p.ingress) {
      const targets = ruleTargets(src, p, r, port, protocol);
      if (targets.length === 0) continue;
      for (const a of ruleAtoms(r)) {
        let bits = acc[a];
        if (bits === undefined) acc[a] = bits = new Uint32Array(words);
        for (const c of targets) setBit(bits, c);
      }
    }
  }
  const acceptedBy = PersistentVector.from(acc);
  return { port, protocol, acceptedBy, ipAtoms: ipList(src.u, acceptedBy) };
}

/** The view after a cell got its data: the ingress policies selecting it now accept their peers there. */
export function viewWithCell(src: ViewSource, view: PortView, cellId: number, ingressPolicies: readonly number[]): PortView {
  const cell = src.u.cells[cellId] as Cell;
  const words = wordsFor(src.u.cells.length);
  const changed = new Map<number, Uint32Array>();
  for (const id of ingressPolicies) {
    const p = src.policy(id);
    if (p === undefined) continue;
    for (const r of p.ingress) {
      if (!fitsAt(portFit(r.ports, view.port, view.protocol), cell, view.port, view.protocol)) continue;
      for (const a of ruleAtoms(r)) {
        setBit(copyOnWrite(changed, view, a, words), cellId);
      }
    }
  }
  return withEntries(src.u, view, changed);
}

/** The view after policy `p` (ingress-typed) was added: its peers are now accepted at the cells it selects. */
export function viewWithPolicy(src: ViewSource, view: PortView, p: CompiledPolicy): PortView {
  const words = wordsFor(src.u.cells.length);
  const changed = new Map<number, Uint32Array>();
  for (const r of p.ingress) {
    const targets = ruleTargets(src, p, r, view.port, view.protocol);
    if (targets.length === 0) continue;
    for (const a of ruleAtoms(r)) {
      const bits = copyOnWrite(changed, view, a, words);
      for (const c of targets) setBit(bits, c);
    }
  }
  return withEntries(src.u, view, changed);
}

/**
 * The view after policy `p` was removed from cells `cells` (their selections already updated,
 * `ingressOf` giving what still selects them): each of its atoms stays accepted at a cell only if
 * a remaining rule with that atom admits the port there.
 */
export function viewWithoutPolicy(
  src: ViewSource,
  view: PortView,
  p: CompiledPolicy,
  cells: readonly number[],
  ingressOf: (cell: number) => readonly number[],
): PortView {
  const changed = new Map<number, Uint32Array | undefined>();
  for (const a of new Set(p.ingress.flatMap(ruleAtoms))) {
    const old = view.acceptedBy.get(a);
    if (old === undefined) continue;
    const bits = old.slice();
    for (const c of cells) {
      const cell = src.u.cells[c] as Cell;
      const still = ingressOf(c).some((id) =>
        (src.policy(id)?.ingress ?? []).some(
          (r) => (r.cellAtoms.includes(a) || r.ipAtoms.includes(a)) && fitsAt(portFit(r.ports, view.port, view.protocol), cell, view.port, view.protocol),
        ),
      );
      if (!still) bits[c >>> 5]! &= ~(1 << (c & 31));
    }
    changed.set(a, bits.some((x) => x !== 0) ? bits : undefined);
  }
  return withEntries(src.u, view, changed);
}

function withEntries(u: Universe, view: PortView, changed: ReadonlyMap<number, Uint32Array | undefined>): PortView {
  if (changed.size === 0) return view;
  let acceptedBy = view.acceptedBy;
  let ipAtoms = view.ipAtoms;
  for (const [a, bits] of changed) {
    acceptedBy = acceptedBy.set(a, bits);
    if (u.atoms[a]?.kind !== 'ip') continue;
    const listed = ipAtoms.includes(a);
    if (bits !== undefined && !listed) ipAtoms = [...ipAtoms, a];
    if (bits === undefined && listed) ipAtoms = ipAtoms.filter((x) => x !== a);
  }
  return { port: view.port, protocol: view.protocol, acceptedBy, ipAtoms };
}

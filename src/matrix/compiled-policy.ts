/** A NetworkPolicy with its peers replaced by atoms of the family's universe. */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import { matchesSelector } from '../spec/selector.js';
import type { NetworkPolicyPort, NetworkPolicyRule, NetworkPolicySpec } from '../spec/types.js';
import type { Cell, Universe } from './universe.js';
import { ALL_ATOM } from './universe.js';
import { assertNever } from '../spec/never.js';

export interface CompiledRule {
  /** Selector atoms and ALL_ATOM (empty peer list), ascending. */
  readonly cellAtoms: readonly number[];
  readonly ipAtoms: readonly number[];
  readonly ports: readonly NetworkPolicyPort[];
}

export interface CompiledPolicy {
  readonly id: number;
  readonly spec: NetworkPolicySpec;
  readonly ingressTyped: boolean;
  readonly egressTyped: boolean;
  readonly ingress: readonly CompiledRule[];
  readonly egress: readonly CompiledRule[];
}

export function compilePolicy(u: Universe, id: number, spec: NetworkPolicySpec): CompiledPolicy {
  const rule = (r: NetworkPolicyRule): CompiledRule => {
    const cellAtoms = new Set<number>();
    const ipAtoms = new Set<number>();
    if (r.peers.length === 0) cellAtoms.add(ALL_ATOM);
    for (const peer of r.peers) {
      const a = u.atomFor(peer, spec.namespace);
      if (a === undefined) continue;
      if (u.atoms[a]?.kind === 'ip') ipAtoms.add(a);
      else cellAtoms.add(a);
    }
    return {
      cellAtoms: [...cellAtoms].sort((a, b) => a - b),
      ipAtoms: [...ipAtoms].sort((a, b) => a - b),
      ports: r.ports,
    };
  };
  return {
    id,
    spec,
    ingressTyped: spec.policyTypes.includes('Ingress'),
    egressTyped: spec.policyTypes.includes('Egress'),
    ingress: spec.ingress.map(rule),
    egress: spec.egress.map(rule),
  };
}

export function selectsCell(p: CompiledPolicy, cell: Cell): boolean {
  return cell.policyPod && cell.namespace === p.spec.namespace && matchesSelector(p.spec.podSelector, cell.labels);
}

/**
 * How a rule's port list matches one destination port: for every destination ('yes'), for none,
 * or only for destinations with a container port of one of `names` that is this port ('named').
 */
export type PortFit = { readonly kind: 'yes' } | { readonly kind: 'no' } | { readonly kind: 'named'; readonly names: readonly string[] };

const YES: PortFit = { kind: 'yes' };
const NO: PortFit = { kind: 'no' };

export function portFit(ports: readonly NetworkPolicyPort[], port: number, protocol: PacketProtocol): PortFit {
  if (ports.length === 0) return YES;
  let names: string[] | undefined;
  for (const e of ports) {
    if (e.protocol !== protocol) continue;
    if (e.port === undefined) return YES;
    if (typeof e.port === 'number') {
      if (e.endPort === undefined ? port === e.port : e.port <= port && port <= e.endPort) return YES;
    } else (names ??= []).push(e.port);
  }
  return names === undefined ? NO : { kind: 'named', names };
}

/** Whether `cell`, as a destination, has a container port named one of `names` that is port/protocol. */
export function resolvesNamed(cell: Cell, names: readonly string[], port: number, protocol: PacketProtocol): boolean {
  return (
    cell.policyPod &&
    cell.ports.some((cp) => cp.name !== undefined && cp.protocol === protocol && cp.containerPort === port && names.includes(cp.name))
  );
}

export function fitsAt(fit: PortFit, cell: Cell, port: number, protocol: PacketProtocol): boolean {
  switch (fit.kind) {
    case 'yes':
      return true;
    case 'no':
      return false;
    case 'named':
      return resolvesNamed(cell, fit.names, port, protocol);
    default:
      return assertNever(fit);
  }
}


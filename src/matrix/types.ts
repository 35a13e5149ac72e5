/** The public shapes of the reachability-matrix engine. */
import type { ListedProtocol, PacketProtocol } from '../spec/packet-protocol.js';
import type { PolicyScope } from '../spec/policy-scope.js';
import type { AdminNetworkPolicySpec, BaselineAdminNetworkPolicySpec, ContainerPort, Labels, NetworkPolicySpec, Settings } from '../spec/types.js';

/** A pod as the matrix sees it; a PodSpec with its IP assigned fits. */
export interface MatrixPod {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  readonly hostNetwork: boolean;
  /** The pod's address (a hostNetwork pod's is its node's). */
  readonly ip: string;
}

export interface MatrixInput extends PolicyScope {
  readonly pods: readonly MatrixPod[];
  readonly policies: readonly NetworkPolicySpec[];
}

/** A destination port and protocol (post-DNAT), or the representative of a port class. */
export interface PortQuery {
  readonly port: number;
  readonly protocol: PacketProtocol;
}

/** One change to the cluster. Pods are addressed by index; `add-pod` appends at index `size`. */
export type MatrixChange =
  | { readonly kind: 'add-policy'; readonly policy: NetworkPolicySpec }
  | { readonly kind: 'remove-policy'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'relabel-pod'; readonly pod: number; readonly labels: Labels }
  | { readonly kind: 'add-pod'; readonly pod: MatrixPod }
  /** Adds an AdminNetworkPolicy, or replaces the one with its name. */
  | { readonly kind: 'add-admin-policy'; readonly policy: AdminNetworkPolicySpec }
  | { readonly kind: 'remove-admin-policy'; readonly name: string }
  /** Sets (or with no policy, removes) the BaselineAdminNetworkPolicy. */
  | { readonly kind: 'set-baseline'; readonly policy?: BaselineAdminNetworkPolicySpec };

/**
 * A set of (protocol, port) pairs every policy treats alike for every pod pair, so one matrix
 * answers for all of them. `port`/`protocol` is the representative used for queries.
 */
export interface PortClass extends PortQuery {
  readonly id: number;
  /** Inclusive ranges covered, per protocol. */
  readonly ranges: readonly { readonly protocol: ListedProtocol; readonly from: number; readonly to: number }[];
}

/** An N×N bit matrix in one buffer: row s is `rowWords` words from s*rowWords; bit d of a row is pod d. */
export interface BitMatrix {
  readonly size: number;
  readonly rowWords: number;
  readonly words: Uint32Array;
  row(src: number): Uint32Array;
  get(src: number, dst: number): boolean;
}

/** A pair that broke a "for all" expectation. */
export interface PodPair {
  readonly src: number;
  readonly dst: number;
}

/**
 * Pod-to-pod reachability under NetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy:
 * allowed iff the source's egress and the destination's ingress both allow it, tier by tier, with
 * the node, self and hostNetwork rules of the evaluator. Immutable: `applyChange` returns a new
 * matrix and leaves this one as it was.
 */
export interface ReachMatrix {
  /** Number of pods; pod indexes are 0..size-1 in input order, then added pods. */
  readonly size: number;
  readonly settings: Settings;
  pod(index: number): MatrixPod;
  allowed(src: number, dst: number, port: number, protocol: PacketProtocol): boolean;
  /** Destinations `src` may reach on `port` (a class representative or any port): `size` bits. */
  row(src: number, port: PortQuery): Uint32Array;
  /** The distinct port behaviours of the current policies and pods, covering every protocol and port. */
  portClasses(): readonly PortClass[];
  classOf(port: number, protocol: PacketProtocol): PortClass;
  /** The whole matrix for one port. */
  materialize(port: PortQuery): BitMatrix;
}

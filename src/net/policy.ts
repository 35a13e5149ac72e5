/**
 * NetworkPolicy evaluation (networking.k8s.io/v1), the interface the trace engine calls.
 * TEMPORARY: the evaluator is being written (issue 4 semantics, reference §6); until it lands
 * this allows every connection and says so in its hop. Do not rely on it.
 */
import type { ContainerPort, Labels, NamespaceSpec, NetworkPolicySpec, Protocol, Settings } from '../spec/types.js';
import type { Hop } from './types.js';

/** One side of a connection as policy sees it. */
export interface PolicyEndpoint {
  readonly ip: string;
  /** The pod at this address (undefined for nodes, hosts, the internet). hostNetwork pods are given here too, flagged. */
  readonly pod?: {
    readonly namespace: string;
    readonly name: string;
    readonly labels: Labels;
    readonly node: string;
    readonly hostNetwork: boolean;
    readonly ports: readonly ContainerPort[];
  };
  /** The node this address belongs to, when it is a node address (or a hostNetwork pod's). */
  readonly node?: string;
}

export interface PolicyQuery {
  readonly src: PolicyEndpoint;
  /** Post-DNAT destination (the endpoint pod, never a Service VIP). */
  readonly dst: PolicyEndpoint;
  /** Post-DNAT destination port. */
  readonly port: number;
  readonly protocol: Protocol;
}

export interface PolicyDecision {
  readonly allowed: boolean;
  /** Which direction denied it, when denied. */
  readonly deniedBy?: 'egress' | 'ingress';
  /** Hops for the trace: egress at the source, then ingress at the destination. */
  readonly hops: readonly Hop[];
}

export interface PolicyIndex {
  readonly policies: readonly NetworkPolicySpec[];
}

export function buildPolicyIndex(input: {
  readonly policies: readonly NetworkPolicySpec[];
  /** Namespace labels must already include kubernetes.io/metadata.name. */
  readonly namespaces: readonly NamespaceSpec[];
  readonly settings: Settings;
}): PolicyIndex {
  return { policies: input.policies };
}

export function evaluatePolicies(_index: PolicyIndex, _q: PolicyQuery): PolicyDecision {
  return { allowed: true, hops: [{ stage: 'policy', text: 'policy evaluation not implemented yet: allowed' }] };
}

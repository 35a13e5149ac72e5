/**
 * Calico policies (projectcalico.org/v3 NetworkPolicy and GlobalNetworkPolicy) as data: the
 * normalised form the manifest reader (manifests/kinds/calico-policy.ts) produces and the Calico
 * evaluators (policy/calico.ts, policy/calico-reference.ts) read.
 * Field semantics: https://docs.tigera.io/calico/latest/reference/resources/networkpolicy and
 * .../globalnetworkpolicy (Rule, EntityRule, Ports), selectors: .../networkpolicy#selectors.
 */
import type { Protocol, ServiceAccountSpec, Span } from './types.js';
import type { CalicoHostEndpointSpec, CalicoNamespacedNetworkSetSpec, CalicoNetworkSetSpec, CalicoProfileSpec, CalicoTierSpec } from './calico-resources.js';

/**
 * A Calico selector expression (the label-expression language of `selector`,
 * `namespaceSelector`, `serviceAccountSelector` and of rules' entities).
 */
export type CalicoSelector =
  /** `all()`: every endpoint (the empty selector of a policy reads as this). */
  | { readonly kind: 'all' }
  /** `global()`: non-namespaced resources only (host endpoints, global network sets); never a pod. */
  | { readonly kind: 'global' }
  /** `has(k)`: the label k is present, with any value. */
  | { readonly kind: 'has'; readonly key: string }
  /** `k == 'v'`: present with this value. */
  | { readonly kind: 'eq'; readonly key: string; readonly value: string }
  /** `k != 'v'`: absent, or with another value. */
  | { readonly kind: 'ne'; readonly key: string; readonly value: string }
  /** `k in {'a', 'b'}`: present with one of the values. */
  | { readonly kind: 'in'; readonly key: string; readonly values: readonly string[] }
  /** `k not in {'a', 'b'}`: absent, or with none of the values. */
  | { readonly kind: 'not-in'; readonly key: string; readonly values: readonly string[] }
  /** `k contains 's'`: present with a value containing s. */
  | { readonly kind: 'contains'; readonly key: string; readonly value: string }
  /** `k starts with 's'`: present with a value starting with s. */
  | { readonly kind: 'starts-with'; readonly key: string; readonly value: string }
  /** `k ends with 's'`: present with a value ending with s. */
  | { readonly kind: 'ends-with'; readonly key: string; readonly value: string }
  /** `!e`: e does not match. */
  | { readonly kind: 'not'; readonly operand: CalicoSelector }
  /** `a && b`. */
  | { readonly kind: 'and'; readonly left: CalicoSelector; readonly right: CalicoSelector }
  /** `a || b`. */
  | { readonly kind: 'or'; readonly left: CalicoSelector; readonly right: CalicoSelector };

export type CalicoAction = 'Allow' | 'Deny' | 'Log' | 'Pass';

/** A rule's protocol: a transport protocol the model carries, ICMP of one family, or another (UDPLite, a number) that no modelled packet has. */
export type CalicoProtocol =
  /** TCP, UDP or SCTP. */
  | { readonly kind: 'modelled'; readonly protocol: Protocol }
  /** `ICMP` or 1 (IPv4's ICMP), `ICMPv6` or 58 (IPv6's), as written in `name`: the model's ping (net/icmp.ts). */
  | { readonly kind: 'icmp'; readonly family: 4 | 6; readonly name: string }
  /** UDPLite or another protocol number (as written): never the protocol of a modelled packet. */
  | { readonly kind: 'other'; readonly name: string };

/** A rule's `icmp` / `notICMP`: an ICMP type, and optionally a code of it. */
export interface CalicoIcmpMatch {
  /** 0-254. */
  readonly type: number;
  /** 0-255; undefined: every code of the type. */
  readonly code?: number;
}

/** One entry of `ports` / `notPorts`. */
export type CalicoPort =
  /** A port or an inclusive range `a:b`. */
  | { readonly kind: 'range'; readonly start: number; readonly end: number }
  /** A named port: a container port of the endpoint (the destination's, for destination ports) with that name and the rule's protocol. */
  | { readonly kind: 'named'; readonly name: string };

/** `source` / `destination` of a rule (an EntityRule); every given field must match. */
export interface CalicoEntity {
  /** The address is in one of these CIDRs (empty: no constraint). */
  readonly nets: readonly string[];
  /** The address is in none of these CIDRs. */
  readonly notNets: readonly string[];
  /** The endpoint is a Calico endpoint (pod) matching it; in a namespaced policy, of the policy's namespace unless namespaceSelector is given. */
  readonly selector?: CalicoSelector;
  /** The address is not that of an endpoint matching it (any other address matches). */
  readonly notSelector?: CalicoSelector;
  /** The endpoint is a pod of a namespace matching it. */
  readonly namespaceSelector?: CalicoSelector;
  /** The endpoint is a pod running as a service account of these names (empty: no constraint). */
  readonly serviceAccountNames: readonly string[];
  /** The endpoint is a pod whose service account's labels match it. */
  readonly serviceAccountSelector?: CalicoSelector;
  /** The port is one of these (empty: no constraint). */
  readonly ports: readonly CalicoPort[];
  /** The port is none of these. */
  readonly notPorts: readonly CalicoPort[];
}

export interface CalicoRule {
  readonly action: CalicoAction;
  /** undefined: any protocol. */
  readonly protocol?: CalicoProtocol;
  /** The connection's protocol is not this one. */
  readonly notProtocol?: CalicoProtocol;
  /** The connection's addresses are of this family (undefined: either). */
  readonly ipVersion?: 4 | 6;
  /** `icmp`: the packet is ICMP of this type (and code); the rule's protocol is ICMP or ICMPv6. */
  readonly icmp?: CalicoIcmpMatch;
  /** `notICMP`: the packet is not ICMP of this type (and code). */
  readonly notICMP?: CalicoIcmpMatch;
  readonly source: CalicoEntity;
  readonly destination: CalicoEntity;
  readonly span?: Span;
}

/** What a NetworkPolicy and a GlobalNetworkPolicy share. */
export interface CalicoPolicyBody {
  readonly name: string;
  /** The tier (`default` when not given). */
  readonly tier: string;
  /** Where the tier is named (for the check that it exists). */
  readonly tierSpan?: Span;
  /** Lower first; undefined: after every policy with an order ("infinite"). */
  readonly order?: number;
  /** The endpoints it applies to (`all()` when not given). */
  readonly selector: CalicoSelector;
  /** Pods whose service account's labels match (undefined: no constraint). */
  readonly serviceAccountSelector?: CalicoSelector;
  /** After defaulting: given, or Ingress, plus Egress when egress rules exist (Egress alone when only egress rules exist). */
  readonly types: readonly ('Ingress' | 'Egress')[];
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  readonly span?: Span;
}

/** projectcalico.org/v3 NetworkPolicy: applies to the pods of its namespace. */
export interface CalicoNetworkPolicySpec extends CalicoPolicyBody {
  readonly namespace: string;
}

/** projectcalico.org/v3 GlobalNetworkPolicy: applies to pods of every namespace. */
export interface CalicoGlobalNetworkPolicySpec extends CalicoPolicyBody {
  /** The pods' namespace matches it (undefined: every namespace). */
  readonly namespaceSelector?: CalicoSelector;
  /** Host endpoint policy applied before kube-proxy's DNAT, to ingress only (policy/calico-host.ts). */
  readonly preDNAT?: boolean;
  /** Host endpoint policy that also applies to traffic the host forwards (policy/calico-host.ts). */
  readonly applyOnForward?: boolean;
  /** Host endpoint policy applied untracked, before pre-DNAT and normal policy (policy/calico-host.ts). */
  readonly doNotTrack?: boolean;
}

/** The Calico policies of a cluster and the resources they read; absent lists mean none. */
export interface CalicoPolicies {
  readonly calicoNetworkPolicies?: readonly CalicoNetworkPolicySpec[];
  readonly calicoGlobalNetworkPolicies?: readonly CalicoGlobalNetworkPolicySpec[];
  readonly calicoHostEndpoints?: readonly CalicoHostEndpointSpec[];
  readonly calicoProfiles?: readonly CalicoProfileSpec[];
  readonly calicoTierSpecs?: readonly CalicoTierSpec[];
  readonly calicoNetworkSets?: readonly CalicoNamespacedNetworkSetSpec[];
  readonly calicoGlobalNetworkSets?: readonly CalicoNetworkSetSpec[];
  /** ServiceAccounts: their labels are what service-account selectors match. */
  readonly serviceAccounts?: readonly ServiceAccountSpec[];
}

/**
 * Whether the Calico evaluation replaces NetworkPolicy's for pods: a Calico policy, or a Profile
 * (a `kns.<namespace>` Profile decides what the tiers leave to the profile).
 */
export function hasCalicoPolicies(p: CalicoPolicies): boolean {
  return (p.calicoNetworkPolicies?.length ?? 0) > 0 || (p.calicoGlobalNetworkPolicies?.length ?? 0) > 0 || (p.calicoProfiles?.length ?? 0) > 0;
}

/** The same input without its Calico objects (every list of CalicoPolicies but the ServiceAccounts, which are Kubernetes objects). */
export function withoutCalico<T extends CalicoPolicies>(p: T): Omit<T, Exclude<keyof CalicoPolicies, 'serviceAccounts'>> {
  const {
    calicoNetworkPolicies: _np,
    calicoGlobalNetworkPolicies: _gnp,
    calicoHostEndpoints: _hep,
    calicoProfiles: _profiles,
    calicoTierSpecs: _tiers,
    calicoNetworkSets: _sets,
    calicoGlobalNetworkSets: _globalSets,
    ...rest
  } = p;
  return rest;
}

/** The Calico fields of a cluster or input (every list of CalicoPolicies), to pass them on together. */
export function calicoPoliciesOf(p: CalicoPolicies): CalicoPolicies {
  return {
    ...(p.calicoNetworkPolicies ? { calicoNetworkPolicies: p.calicoNetworkPolicies } : {}),
    ...(p.calicoGlobalNetworkPolicies ? { calicoGlobalNetworkPolicies: p.calicoGlobalNetworkPolicies } : {}),
    ...(p.calicoHostEndpoints ? { calicoHostEndpoints: p.calicoHostEndpoints } : {}),
    ...(p.calicoProfiles ? { calicoProfiles: p.calicoProfiles } : {}),
    ...(p.calicoTierSpecs ? { calicoTierSpecs: p.calicoTierSpecs } : {}),
    ...(p.calicoNetworkSets ? { calicoNetworkSets: p.calicoNetworkSets } : {}),
    ...(p.calicoGlobalNetworkSets ? { calicoGlobalNetworkSets: p.calicoGlobalNetworkSets } : {}),
    ...(p.serviceAccounts ? { serviceAccounts: p.serviceAccounts } : {}),
  };
}

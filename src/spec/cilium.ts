/**
 * Cilium policies (cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy) as data:
 * the normalised form the manifest reader (manifests/kinds/cilium-policy.ts) produces and the
 * Cilium evaluators (policy/cilium.ts, policy/cilium-reference.ts) read. The semantics, with
 * citations, head policy/cilium.ts. Field names follow Cilium's API (pkg/policy/api: Rule,
 * IngressRule, EgressRule, PortRule, PortRuleHTTP, FQDNSelector).
 */
import type { EndpointSliceSpec, LabelSelector, Labels, Protocol, ServiceSpec, Span } from './types.js';

/** The entities `fromEntities` / `toEntities` name (pkg/policy/api/entity.go). */
export const CILIUM_ENTITIES = ['all', 'world', 'world-ipv4', 'world-ipv6', 'cluster', 'host', 'remote-node', 'kube-apiserver', 'init', 'health', 'unmanaged', 'ingress', 'none'] as const;
export type CiliumEntity = (typeof CILIUM_ENTITIES)[number];

/** A `toFQDNs` entry. */
export type CiliumFqdn =
  /** `matchName`: this name exactly (lower case, no trailing dot). */
  | { readonly kind: 'name'; readonly name: string }
  /** `matchPattern`: `*` stands for any run of DNS-name characters but the dot (lower case, no trailing dot); `*` alone, every name. */
  | { readonly kind: 'pattern'; readonly pattern: string };

/** One L3 peer of a rule: an entry of its from/to lists. A rule's peers are alternatives. */
export type CiliumPeer =
  /** `fromEndpoints` / `toEndpoints`: pods whose Cilium labels match (namespace-scoped in a CiliumNetworkPolicy unless the selector names the namespace label). */
  | { readonly kind: 'endpoints'; readonly selector: LabelSelector }
  /** `fromEntities` / `toEntities`. */
  | { readonly kind: 'entity'; readonly entity: CiliumEntity }
  /** `fromCIDR` / `toCIDR` (no except) and `fromCIDRSet` / `toCIDRSet`: an address outside the cluster in `cidr` and in none of `except`. */
  | { readonly kind: 'cidr'; readonly cidr: string; readonly except: readonly string[] }
  /** `toFQDNs` (egress only): an address a matching name resolves to in the model's DNS. */
  | { readonly kind: 'fqdn'; readonly fqdn: CiliumFqdn }
  /** `toServices` `k8sService` (egress only): the endpoints of the Service `name`, in `namespace` or, when none is given, in every namespace. */
  | { readonly kind: 'service'; readonly name: string; readonly namespace?: string }
  /**
   * `fromNodes` / `toNodes`: the nodes other than the pod's own (Cilium's remote-node identities)
   * whose labels `selector` matches; only under Cilium's `enable-node-selector-labels`, without
   * which Cilium refuses the policy (policy/cilium.ts, 7b).
   */
  | { readonly kind: 'nodes'; readonly selector: LabelSelector }
  /** `toServices` `k8sServiceSelector` (egress only): the endpoints of every Service whose labels `selector` matches, in `namespace` or, when none is given, in every namespace. */
  | { readonly kind: 'service-selector'; readonly selector: LabelSelector; readonly namespace?: string };

/** An entry of a PortRule's `ports`. */
export interface CiliumPort {
  /** A number (0: every port), or a named container port of the destination pod; undefined: every port. */
  readonly port?: number | string;
  /** The inclusive end of a range starting at `port` (a number). */
  readonly endPort?: number;
  /** `ANY` (the default) matches TCP, UDP and SCTP. */
  readonly protocol: Protocol | 'ANY';
}

/** An entry of `rules.http` (PortRuleHTTP): every field given must match. */
export interface CiliumHttpRule {
  /** An extended regular expression the whole method must match. */
  readonly method?: string;
  /** An extended regular expression the whole path must match. */
  readonly path?: string;
  /** An extended regular expression the whole Host must match. */
  readonly host?: string;
  /** Headers the request must carry: with `value`, exactly that value (names are case-insensitive, kept lower case). */
  readonly headers: readonly { readonly name: string; readonly value?: string }[];
  readonly span?: Span;
}

/** An entry of `rules.dns` (PortRuleDNS): the names the DNS proxy lets a pod look up. */
export type CiliumDnsRule = CiliumFqdn;

/** An entry of `toPorts` (PortRule). */
export interface CiliumPortRule {
  /** Empty: every port. */
  readonly ports: readonly CiliumPort[];
  /** `rules.http`: undefined when the rule has none (no L7 filtering); the port's requests go through Cilium's proxy when given. */
  readonly http?: readonly CiliumHttpRule[];
  /** `rules.dns`: undefined when the rule has none; given, the port's DNS goes through Cilium's DNS proxy (what `toFQDNs` needs). */
  readonly dns?: readonly CiliumDnsRule[];
}

/** A field of an `icmps` entry: ICMP of this type (a name read as its number) and family. */
export interface CiliumIcmpField {
  readonly family: 4 | 6;
  /** 0-255. */
  readonly type: number;
}

/** An entry of `ingress`, `ingressDeny`, `egress` or `egressDeny`. */
export interface CiliumRule {
  /** The L3 peers (fromEndpoints, fromEntities, fromCIDR, fromCIDRSet, toFQDNs, …): any matches; empty: every peer, when `toPorts` is given. */
  readonly peers: readonly CiliumPeer[];
  /** Any matches; empty: every port. A rule with neither peers nor toPorts (`{}`) matches nothing. */
  readonly toPorts: readonly CiliumPortRule[];
  /**
   * `icmps`' fields, all entries together (absent or empty: none): ICMP of these types is allowed
   * (denied) beside `toPorts`; a rule with them and no toPorts matches ICMP only.
   */
  readonly icmps?: readonly CiliumIcmpField[];
  /** The rule matches nothing: it names only peers that are not modelled (toServices, …). */
  readonly matchesNothing: boolean;
  readonly span?: Span;
}

/** One entry of a policy's `spec` / `specs` (Cilium's Rule). */
export interface CiliumSpecRule {
  /** The pods it applies to (the empty selector: all, within the policy's namespace for a CiliumNetworkPolicy). */
  readonly endpointSelector: LabelSelector;
  /** undefined: the section is absent or empty (the rule does not apply in that direction). */
  readonly ingress?: readonly CiliumRule[];
  readonly ingressDeny?: readonly CiliumRule[];
  readonly egress?: readonly CiliumRule[];
  readonly egressDeny?: readonly CiliumRule[];
  /** `enableDefaultDeny`: false keeps this rule from putting its endpoints into default deny for the direction. */
  readonly defaultDeny: { readonly ingress: boolean; readonly egress: boolean };
  readonly span?: Span;
}

/** What both kinds share: their rules, in `spec` then `specs` order. */
export interface CiliumPolicyBody {
  readonly name: string;
  readonly rules: readonly CiliumSpecRule[];
  /** Whether the object wrote `specs` (a list): the trace then numbers its rules. */
  readonly listed: boolean;
  readonly span?: Span;
}

/** cilium.io/v2 CiliumNetworkPolicy: applies to, and by default selects peers in, its namespace. */
export interface CiliumNetworkPolicySpec extends CiliumPolicyBody {
  readonly namespace: string;
}

/** cilium.io/v2 CiliumClusterwideNetworkPolicy: applies to pods of every namespace. */
export type CiliumClusterwideNetworkPolicySpec = CiliumPolicyBody;

/** A name the model's DNS answers with addresses outside the cluster (lower case, no trailing dot): what `toFQDNs` resolves. */
export interface CiliumDnsName {
  readonly name: string;
  readonly ips: readonly string[];
}

/** A Service as `toServices` reads it: its labels, its selector (null: selector-less) and, selector-less, the addresses of its EndpointSlices. */
export interface CiliumService {
  readonly namespace: string;
  readonly name: string;
  /** metadata.labels (what `k8sServiceSelector` matches). */
  readonly labels: Labels;
  readonly selector: Labels | null;
  readonly addresses: readonly string[];
}

/** The Services of a cluster as `toServices` reads them. */
export function ciliumServicesOf(services: readonly ServiceSpec[], endpointSlices: readonly EndpointSliceSpec[]): CiliumService[] {
  return services.map((s) => ({
    namespace: s.namespace,
    name: s.name,
    labels: s.labels ?? {},
    selector: s.selector,
    addresses: s.selector !== null ? [] : endpointSlices.filter((es) => es.namespace === s.namespace && es.service === s.name).flatMap((es) => es.endpoints.flatMap((e) => e.addresses)),
  }));
}

/** The Cilium policies of a cluster, and the names their `toFQDNs` may resolve; absent lists mean none. */
/** A Cilium policy as messages name it: its kind and `namespace/name` (a clusterwide one: its name). */
export interface NamedCiliumPolicy {
  readonly kind: 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy';
  readonly name: string;
  /** A CiliumNetworkPolicy's namespace. */
  readonly namespace?: string;
  readonly policy: CiliumPolicyBody;
}

/** The Cilium policies of a cluster, namespaced first, each with the kind and name messages give it. */
export function namedCiliumPolicies(p: CiliumPolicies): NamedCiliumPolicy[] {
  return [
    ...(p.ciliumNetworkPolicies ?? []).map((policy): NamedCiliumPolicy => ({ kind: 'CiliumNetworkPolicy', name: `${policy.namespace}/${policy.name}`, namespace: policy.namespace, policy })),
    ...(p.ciliumClusterwideNetworkPolicies ?? []).map((policy): NamedCiliumPolicy => ({ kind: 'CiliumClusterwideNetworkPolicy', name: policy.name, policy })),
  ];
}

export interface CiliumPolicies {
  readonly ciliumNetworkPolicies?: readonly CiliumNetworkPolicySpec[];
  readonly ciliumClusterwideNetworkPolicies?: readonly CiliumClusterwideNetworkPolicySpec[];
  readonly ciliumDnsNames?: readonly CiliumDnsName[];
  /** The Services `toServices` may name. */
  readonly ciliumServices?: readonly CiliumService[];
  /** The cluster names Cilium as its CNI (`cni cilium`): Cilium enforces its NetworkPolicies even when it has no Cilium policy. */
  readonly ciliumCni?: boolean;
}

/** Whether a policy has a `fromNodes` / `toNodes` peer, which Cilium refuses without `enable-node-selector-labels` (policy/cilium.ts, 7b). */
export function usesNodeSelectors(p: CiliumPolicyBody): boolean {
  return p.rules.some((r) => [r.ingress, r.ingressDeny, r.egress, r.egressDeny].some((section) => (section ?? []).some((rule) => rule.peers.some((peer) => peer.kind === 'nodes'))));
}

/** Whether a cluster has any Cilium policy. */
export function hasCiliumPolicies(p: CiliumPolicies): boolean {
  return (p.ciliumNetworkPolicies?.length ?? 0) > 0 || (p.ciliumClusterwideNetworkPolicies?.length ?? 0) > 0;
}

/**
 * Whether Cilium enforces the cluster's policies (its evaluation then replaces NetworkPolicy's,
 * unless Calico policies take precedence): its CNI is Cilium, or it has Cilium policies (which
 * only a Cilium cluster, or one that names no CNI, keeps: model/build-state.ts).
 */
export function ciliumEnforces(p: CiliumPolicies): boolean {
  return p.ciliumCni === true || hasCiliumPolicies(p);
}

/**
 * Whether a cluster's Cilium policies take effect: its CNI is Cilium, or no CNI is named (manifests
 * read by `load` and connlist name none). Under another CNI nothing enforces them (policy/cilium.ts, 13).
 */
export function ciliumEnforced(cni: string | undefined): boolean {
  return cni === undefined || cni === CILIUM_CNI;
}

/** The CNI preset id of Cilium (cloud/cni.ts). */
export const CILIUM_CNI = 'cilium';

/** Cilium's label for a pod's namespace (endpoint selectors match it; `k8s:` prefixes are dropped when read). */
export const CILIUM_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
/** Prefix of a namespace's labels among a pod's Cilium labels. */
export const CILIUM_NAMESPACE_LABELS_PREFIX = 'io.cilium.k8s.namespace.labels.';
/** A pod's service account among its Cilium labels. */
export const CILIUM_SERVICE_ACCOUNT_LABEL = 'io.cilium.k8s.policy.serviceaccount';
/** The cluster's name among a pod's Cilium labels. */
export const CILIUM_CLUSTER_LABEL = 'io.cilium.k8s.policy.cluster';
/** Cilium's default cluster name. */
export const CILIUM_CLUSTER_NAME = 'default';

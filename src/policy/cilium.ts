/**
 * Cilium policy evaluation for one direction of one pod: cilium.io/v2 CiliumNetworkPolicy (CNP)
 * and CiliumClusterwideNetworkPolicy (CCNP), with the cluster's Kubernetes NetworkPolicies among
 * them as Cilium enforces them. policy/evaluate.ts calls it in place of the NetworkPolicy tier
 * when the cluster has a Cilium policy (spec/cilium.ts hasCiliumPolicies) and its CNI is Cilium
 * (or is not named); policy/cilium-reference.ts is the naive oracle it is property-tested against.
 *
 * Specification (Cilium 1.16; citations below):
 * 1. Selection. A policy's `spec` and each entry of `specs` is one rule with its own
 *    `endpointSelector` [api: Rule]. A CCNP's selector matches pods of every namespace; a CNP's
 *    only pods of its own namespace, whatever the selector says (Cilium adds the namespace label)
 *    [k8s]. The empty selector `{}` matches every pod it may. Selectors match a pod's Cilium
 *    labels: its Kubernetes labels, `io.kubernetes.pod.namespace`, its namespace's labels as
 *    `io.cilium.k8s.namespace.labels.<key>`, `io.cilium.k8s.policy.serviceaccount` and
 *    `io.cilium.k8s.policy.cluster` [k8s: "Namespace labels", "Service accounts"]; a key's source
 *    prefix `k8s:` or `any:` is dropped when read. `nodeSelector` rules (host policies) are not
 *    read (the reader warns). hostNetwork pods are their node (the host identity), never selected.
 * 2. Default deny [intro: "Policy Enforcement Modes", default mode]: a pod goes into default deny
 *    for ingress when a rule selecting it has an `ingress` or `ingressDeny` section (likewise
 *    egress), unless that rule's `enableDefaultDeny` says false for the direction [api: Rule
 *    EnableDefaultDeny]; a Kubernetes NetworkPolicy selecting it with that policy type does the
 *    same. An absent or empty section (`ingress: []`) is no section [api: "If omitted or empty,
 *    this rule does not apply at ingress"]. A pod in default deny is allowed only what an allow
 *    rule allows; a pod in no default deny is allowed everything no deny rule denies.
 * 3. Allows are a union [intro]: every allow rule of every policy selecting the pod (CNP, CCNP,
 *    and the Kubernetes NetworkPolicies' rules with their own semantics, policy/peer-match.ts)
 *    adds to what is allowed; their order does not matter (the trace names the first that
 *    matches, CCNPs, CNPs, then NetworkPolicies, each in input order).
 * 4. Denies win [deny: "Deny policies take precedence over allow policies, regardless of whether
 *    they are a Cilium Network Policy, a Clusterwide Cilium Network Policy or even a Kubernetes
 *    Network Policy"]: a matching `ingressDeny` / `egressDeny` rule of any policy selecting the
 *    pod drops the connection, whatever allows it, in or out of default deny.
 * 5. A rule [api: IngressRule, EgressRule]: its L3 peers (fromEndpoints, fromEntities, fromCIDR,
 *    fromCIDRSet; toEndpoints, toEntities, toCIDR, toCIDRSet, toFQDNs, toServices) are alternatives, and the
 *    connection must match one of them and one of its `toPorts` when both are given. No peer
 *    field: every peer (an L4-only rule). No toPorts: every port. A rule with neither, `{}`,
 *    allows nothing: it only puts the pod into default deny [lang: "Ingress/Egress Default Deny"].
 *    `fromRequires` / `toRequires` are not read (deprecated; the reader warns). ICMP [lang:
 *    "ICMP/ICMPv6"; net/icmp.ts]: `icmps` fields (type, family) are L4 alternatives beside
 *    `toPorts`; toPorts never match ICMP (their protocols are TCP, UDP, SCTP, ANY of those); a
 *    rule with neither (peers only) is L3 and matches ICMP too; one with `icmps` only matches
 *    ICMP only. The model's ICMP is an echo request: type 8 (IPv4) or 128 (IPv6).
 * 6. Endpoints: `fromEndpoints` / `toEndpoints` selectors match pods. In a CNP a selector that
 *    does not name `io.kubernetes.pod.namespace` matches only pods of the policy's namespace
 *    (`[{}]`: every pod of the namespace); naming it reaches other namespaces. In a CCNP they match
 *    pods of every namespace [k8s].
 * 7. Entities [api: entity.go; lang: "Entities Based"], over netscn's addresses: `world` every
 *    address outside the cluster (no pod, no node; `world-ipv4` / `world-ipv6` by family);
 *    `host` the local node of the pod the policy is enforced for (and hostNetwork pods on it);
 *    `remote-node` every other node (and hostNetwork pods on them); `cluster` every pod and node;
 *    `kube-apiserver` the model's control plane (the first node, where the built-in `kubernetes`
 *    Service points: model/builtin-objects.ts); `all` everything. `init`, `health`,
 *    `unmanaged`, `ingress` and `none` match no modelled address.
 * 7b. Nodes [l3: "Node based": fromNodes/toNodes "only take effect when enable-node-selector-labels
 *    flag is set"; source: pkg/policy/api rule_validation.go, a fromNodes/toNodes rule fails
 *    validation without the flag (ErrFromToNodesRequiresNodeSelectorOption), so the agent refuses
 *    the whole policy; pkg/k8s/apis/cilium.io/utils parseToCiliumIngressCommonRule, each node
 *    selector gains a `reserved:remote-node` requirement and the policy's cluster]: a
 *    `fromNodes` / `toNodes` selector matches the nodes other than the pod's own (and hostNetwork
 *    pods on them) whose labels, with `io.cilium.k8s.policy.cluster`, it matches: a labelled
 *    subset of `remote-node`, never the `host` (the pod's own node). Cilium's
 *    `enable-node-selector-labels` (setting ciliumNodeSelectorLabels) is off by default, and then
 *    a policy using them is refused: it plays no part (the checker warns, NS2126, and a trace
 *    whose pod such a policy selects says so). `--node-labels` (which labels make a node's
 *    identity) is not modelled: every label counts, Cilium's default.
 * 8. CIDRs [api: IngressRule FromCIDR "Only connections which do *not* originate from the
 *    cluster or from the local host are subject to CIDR rules"; l3: "IP/CIDR based", "Selecting
 *    nodes with CIDR / ipBlock": "By default, CIDR-based selectors do not match in-cluster entities
 *    (pods or nodes)"]: a `fromCIDR` / `toCIDR` prefix, or a `fromCIDRSet` / `toCIDRSet` `cidr`
 *    minus its `except` prefixes, matches addresses of the world only: never a pod Cilium manages
 *    nor a node (nor a hostNetwork pod, at its node's address), so use endpoints or entities for
 *    those. A Kubernetes NetworkPolicy's `ipBlock` is the same CIDR selector [k8s: "Known missing
 *    features": "ipBlock set with a pod IP" (cilium#9209); cilium#35212: Cilium "classifies traffic
 *    into whether it is inside the cluster or outside the cluster, and then applies IP/CIDR matches
 *    for traffic outside the cluster"]: under Cilium an ipBlock covering pod or node addresses does
 *    not match them, unlike the NetworkPolicy reference (k8s-networking.md §6.3). Cilium's
 *    `policy-cidr-match-mode` (setting ciliumCidrMatchMode, default empty) widens both: `nodes`
 *    (1.15+) gives every node's addresses, the local host's included, CIDR labels [source:
 *    pkg/node/manager nodeIdentityLabels, pkg/ipcache/metadata.go resolveIdentity: "It is not
 *    allowed for nodes to have CIDR labels, unless policy-cidr-match-mode includes nodes"];
 *    `pods` (1.20+, cilium#45194) lets CIDR selectors match pods. When a CIDR selector would have
 *    allowed a connection but for this, the trace says so.
 * 9. Ports [api: PortRule, PortProtocol]: `port` a number (`0`: every port), with `endPort` a
 *    range, or a name: a container port of the destination pod with that name; `protocol`
 *    TCP, UDP, SCTP or ANY (the default: any of them).
 * 10. FQDNs [lang: "DNS based"]: a `toFQDNs` entry (`matchName`, or `matchPattern` where `*` is
 *    any run of name characters within one label, no dot [api: pkg/fqdn/matchpattern], and `*`
 *    alone every name) matches an address outside the cluster
 *    that a matching name resolves to, in the model's DNS (hosts with a DNS name: net/dns.ts),
 *    and only when Cilium's DNS proxy saw the lookup: the pod's DNS traffic must be allowed by an
 *    egress rule whose `toPorts` (port 53) carry `rules.dns` matching the name [lang: "DNS
 *    Proxy", "toFQDNs ... requires ... DNS policy"]. Without one Cilium never learns the name's
 *    addresses and the entry matches nothing (the reader warns).
 * 10b. Services [l3: "Services based": toServices "uses the discovered services' label selector
 *    as an endpoint selector"; Services without selectors: "The IPs in the service's
 *    EndpointSlices are converted to CIDR selectors. CIDR selectors cannot select pods"]: an egress
 *    `toServices` `k8sService` entry matches the pods of the named Service's namespace that its
 *    selector selects; for a Service without a selector, its EndpointSlices' addresses as CIDR
 *    selectors (8: outside the cluster only, unless policy-cidr-match-mode widens them). No
 *    `namespace`: a Service of that name in any namespace [source: pkg/k8s RuleTranslator
 *    serviceMatches, an empty namespace matching every one]. A `k8sServiceSelector` entry
 *    (`selector`, a label selector, and an optional `namespace`) stands for every Service whose
 *    metadata labels the selector matches, in that namespace or, without one, in any, each read
 *    as a `k8sService` entry naming it [api: service.go K8sServiceSelectorNamespace; source:
 *    pkg/policy/k8s/service.go serviceSelectorMatches, the selector against the Service's labels
 *    and an empty namespace matching every one]. A scenario's `svc` declares no labels: only
 *    Services of manifests are selected this way.
 * 11. L7 [lang: "Layer 7 Examples", http]: an allow rule whose matching `toPorts` entry has
 *    `rules.http` lets the connection through at L4 and sends its requests through Cilium's
 *    proxy (Envoy); a request matching no HTTP rule (method, path and host: extended regular
 *    expressions matched whole; headers present, with the value when given) is answered 403
 *    `Access denied` by the proxy. When another allow rule matches the same connection without
 *    L7 rules, its requests are not filtered (the rules' union allows every request). Deny rules
 *    have no L7 part [deny: "Deny policies do not support: policy enforcement at L7"].
 * 12. The node: ingress from the pod's own node is always allowed, before any rule (Cilium's
 *    `allow-localhost`, default `auto`, which is `always` under Kubernetes [source: pkg/option
 *    AllowLocalhostAuto, "defaults to policy except when running in Kubernetes where it then
 *    defaults to always"; l3: "Access to/from local host": "Kubernetes will automatically allow
 *    all communication from the local host of all local endpoints"], for the kubelet's probes).
 *    Egress to it is not special: the pod's own node is the `host` entity, which an ipBlock does
 *    not match (8) [cilium#34387: egress to the host is denied under an `ipBlock: 0.0.0.0/0`
 *    rule; cilium#13081]; the `cni cilium` preset therefore turns the setting podToOwnNodeAllowed
 *    off (cloud/cni.ts), and when the setting is on, egress to the own node is allowed in default
 *    deny while a matching deny rule still drops it. evaluate.ts applies both, as for NetworkPolicy. AdminNetworkPolicy tiers (which
 *    Cilium does not implement) still come first when a cluster has them, as evaluate.ts does for
 *    every CNI; a cluster with both Calico and Cilium policies is evaluated by Calico's tiers.
 * 13. CNI: the policies take effect only when the cluster's CNI is Cilium (`cni cilium`) or not
 *    named (manifests read by `load` and connlist name none). Under another CNI they are read and
 *    not enforced: nothing watches them (the checker warns, NS2123). Under `cni cilium` this
 *    evaluation decides even when the cluster has only Kubernetes NetworkPolicies (spec/cilium.ts
 *    ciliumEnforces), for their ipBlocks (8).
 *
 * [api] https://github.com/cilium/cilium/tree/main/pkg/policy/api (rule.go, ingress.go, egress.go, l4.go, http.go, fqdn.go, entity.go)
 * [intro] https://docs.cilium.io/en/stable/security/policy/intro/
 * [lang] https://docs.cilium.io/en/stable/security/policy/language/
 * [deny] https://docs.cilium.io/en/stable/security/policy/deny/
 * [k8s] https://docs.cilium.io/en/stable/network/kubernetes/policy/
 * [l3] https://docs.cilium.io/en/stable/security/policy/language/ (Documentation/security/policy/layer3.rst in newer trees)
 * [source] https://github.com/cilium/cilium (pkg/option/config.go, pkg/node/manager/manager.go, pkg/ipcache/metadata.go)
 * cilium#N: https://github.com/cilium/cilium/issues/N (or pull/N)
 */
import { icmpMessage, type IcmpMessage, type PolicyProtocol } from '../spec/packet-protocol.js';
import {
  CILIUM_CLUSTER_LABEL,
  CILIUM_CLUSTER_NAME,
  CILIUM_NAMESPACE_LABEL,
  CILIUM_NAMESPACE_LABELS_PREFIX,
  CILIUM_SERVICE_ACCOUNT_LABEL,
  type CiliumClusterwideNetworkPolicySpec,
  type CiliumDnsName,
  type CiliumEntity,
  type CiliumFqdn,
  type CiliumHttpRule,
  type CiliumNetworkPolicySpec,
  type CiliumPeer,
  type CiliumPolicies,
  type CiliumPort,
  type CiliumPortRule,
  type CiliumRule,
  type CiliumService,
  type CiliumSpecRule,
  usesNodeSelectors,
} from '../spec/cilium.js';
import { matchesSelector, selectorFromLabels } from '../spec/selector.js';
import type { CiliumCidrMatch, ContainerPort, LabelSelector, Labels, NetworkPolicyPeer, NetworkPolicySpec } from '../spec/types.js';
import { assertNever } from '../spec/never.js';
import type { EndpointRole, PolicyPod } from './endpoint-role.js';
import { cidrContains, ipBlockContains } from './ip-block.js';
import { peerMatches as kubernetesPeerMatches } from './peer-match.js';
import { portsMatch } from './port-match.js';

/** The service account a pod runs as when its spec names none (spec.serviceAccountName). */
export const CILIUM_POD_SERVICE_ACCOUNT = 'default';

/** One policy, as the evaluation walks them. */
export type CiliumEntry =
  /** A CiliumClusterwideNetworkPolicy. */
  | { readonly kind: 'clusterwide'; readonly label: string; readonly spec: CiliumClusterwideNetworkPolicySpec }
  /** A CiliumNetworkPolicy. */
  | { readonly kind: 'namespaced'; readonly label: string; readonly spec: CiliumNetworkPolicySpec }
  /** A Kubernetes NetworkPolicy, whose rules are allow rules. */
  | { readonly kind: 'kubernetes'; readonly label: string; readonly spec: NetworkPolicySpec };

/** What the evaluation reads besides one connection. */
export interface CiliumIndex {
  /** CCNPs, CNPs, then Kubernetes NetworkPolicies, each in input order. */
  readonly entries: readonly CiliumEntry[];
  /** The node the `kube-apiserver` entity stands for (the first node), when there is one. */
  readonly apiServerNode?: string;
  /** The names `toFQDNs` may resolve. */
  readonly dnsNames: readonly CiliumDnsName[];
  /** Which in-cluster addresses CIDR selectors match besides the world (`policy-cidr-match-mode`, the header, 8). */
  readonly cidrMatch: readonly CiliumCidrMatch[];
  /** The Services `toServices` may name (the header, 10b). */
  readonly services: readonly CiliumService[];
  /** Each node's labels, which `fromNodes` / `toNodes` select (the header, 7b). */
  readonly nodeLabels: ReadonlyMap<string, Labels>;
  /** Policies Cilium refuses, left out of `entries`: they use fromNodes / toNodes without `enable-node-selector-labels` (the header, 7b). */
  readonly refused: readonly CiliumEntry[];
}

export function ciliumIndex(
  policies: CiliumPolicies,
  networkPolicies: readonly NetworkPolicySpec[],
  apiServerNode: string | undefined,
  dnsNames: readonly CiliumDnsName[],
  cidrMatch: readonly CiliumCidrMatch[],
  services: readonly CiliumService[],
  nodes: { readonly labels: ReadonlyMap<string, Labels>; readonly selectorLabels: boolean },
): CiliumIndex {
  const cilium = [
    ...(policies.ciliumClusterwideNetworkPolicies ?? []).map((spec): CiliumEntry => ({ kind: 'clusterwide', label: `CiliumClusterwideNetworkPolicy ${spec.name}`, spec })),
    ...(policies.ciliumNetworkPolicies ?? []).map((spec): CiliumEntry => ({ kind: 'namespaced', label: `CiliumNetworkPolicy ${spec.namespace}/${spec.name}`, spec })),
  ];
  const isRefused = (e: CiliumEntry): boolean => e.kind !== 'kubernetes' && !nodes.selectorLabels && usesNodeSelectors(e.spec);
  return {
    entries: [...cilium.filter((e) => !isRefused(e)), ...networkPolicies.map((spec): CiliumEntry => ({ kind: 'kubernetes', label: `NetworkPolicy ${spec.namespace}/${spec.name}`, spec }))],
    ...(apiServerNode === undefined ? {} : { apiServerNode }),
    dnsNames,
    cidrMatch,
    services,
    nodeLabels: nodes.labels,
    refused: cilium.filter(isRefused),
  };
}

/** The policies Cilium refused (the header, 7b) with a rule selecting the pod. */
export function refusedSelecting(index: CiliumIndex, side: Pick<CiliumSide, 'pod' | 'namespaceLabels'>): readonly CiliumEntry[] {
  return index.refused.filter((entry) => entry.kind !== 'kubernetes' && entry.spec.rules.some((rule) => selectsPod(entry, rule, side)));
}

/** A node's labels as its Cilium identity carries them: its labels and the cluster's name (the header, 7b). */
export function ciliumNodeLabels(labels: Labels): Labels {
  return { ...labels, [CILIUM_CLUSTER_LABEL]: CILIUM_CLUSTER_NAME };
}

/** One direction of a connection as Cilium sees it at the pod it is enforced for. */
export interface CiliumSide {
  readonly pod: PolicyPod;
  readonly direction: 'ingress' | 'egress';
  readonly peerIp: string;
  readonly peer: EndpointRole;
  readonly port: number;
  readonly protocol: PolicyProtocol;
  /** With ICMP: the message (absent: the echo request of the family). */
  readonly icmp?: IcmpMessage;
  /** The destination pod's container ports (named ports). */
  readonly destinationPorts: readonly ContainerPort[] | undefined;
  /** Namespace labels as the model gives them (kubernetes.io/metadata.name included). */
  readonly namespaceLabels: (namespace: string) => Labels;
}

/** A rule of a policy: which `spec`/`specs` entry (0 for a NetworkPolicy), which section, which rule (0-based). */
export interface CiliumRuleRef {
  readonly entry: CiliumEntry;
  readonly specIndex: number;
  readonly section: 'ingress' | 'egress' | 'ingressDeny' | 'egressDeny';
  readonly ruleIndex: number;
}

/** The HTTP rules one allow rule sets on the connection's port. */
export interface CiliumL7 {
  readonly by: CiliumRuleRef;
  readonly http: readonly CiliumHttpRule[];
}

/** How Cilium decided one direction. */
export type CiliumOutcome =
  /** A deny rule matched: dropped, whatever allows it. */
  | { readonly kind: 'denied-by-rule'; readonly by: CiliumRuleRef }
  /** An allow rule matched (`by`, the first); `l7`: when every matching allow rule filters the port's requests, their HTTP rules. */
  | { readonly kind: 'allowed'; readonly by: CiliumRuleRef; readonly l7?: readonly CiliumL7[] }
  /**
   * The pod is in default deny for the direction (these policies put it there) and no allow rule
   * matched; `unseenName`: a name that resolves to the peer and that a toFQDNs entry of a selecting
   * rule matches, but whose lookups Cilium's DNS proxy does not see (the header, 10);
   * `outOfCidrReach`: the first allow rule that a CIDR selector (`cidr`) of it would have made match
   * had CIDR selectors reached the in-cluster peer (the header, 8).
   */
  | {
      readonly kind: 'default-deny';
      readonly selectedBy: readonly CiliumEntry[];
      readonly unseenName?: string;
      readonly outOfCidrReach?: { readonly by: CiliumRuleRef; readonly cidr: string };
    }
  /** No policy puts the pod into default deny for the direction, and no deny rule matched. */
  | { readonly kind: 'not-selected' };

/** A pod's Cilium labels (the header, 1). */
export function ciliumPodLabels(pod: { readonly namespace: string; readonly labels: Labels; readonly serviceAccount?: string | undefined }, namespaceLabels: Labels): Labels {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(namespaceLabels)) out[CILIUM_NAMESPACE_LABELS_PREFIX + k] = v;
  return {
    ...out,
    ...pod.labels,
    [CILIUM_NAMESPACE_LABEL]: pod.namespace,
    [CILIUM_SERVICE_ACCOUNT_LABEL]: pod.serviceAccount ?? CILIUM_POD_SERVICE_ACCOUNT,
    [CILIUM_CLUSTER_LABEL]: CILIUM_CLUSTER_NAME,
  };
}

/** Whether a selector names the namespace label (then a CNP's peer selector reaches other namespaces). */
export function namesNamespace(sel: LabelSelector): boolean {
  return Object.prototype.hasOwnProperty.call(sel.matchLabels, CILIUM_NAMESPACE_LABEL) || sel.matchExpressions.some((e) => e.key === CILIUM_NAMESPACE_LABEL);
}

export function evaluateCilium(index: CiliumIndex, side: CiliumSide): CiliumOutcome {
  const allowSection = side.direction;
  const denySection = side.direction === 'ingress' ? 'ingressDeny' : 'egressDeny';
  // Denies first: one that matches decides, whatever allows the connection (the header, 4).
  for (const entry of index.entries) {
    if (entry.kind === 'kubernetes') continue;
    for (const [specIndex, rule] of entry.spec.rules.entries()) {
      if (!selectsPod(entry, rule, side)) continue;
      const ruleIndex = (rule[denySection] ?? []).findIndex((r) => ruleMatches(r, entry, side, index) !== undefined);
      if (ruleIndex >= 0) return { kind: 'denied-by-rule', by: { entry, specIndex, section: denySection, ruleIndex } };
    }
  }
  const selecting: CiliumEntry[] = [];
  let firstAllow: CiliumRuleRef | undefined;
  const l7: CiliumL7[] = [];
  let unfiltered = false;
  for (const entry of index.entries) {
    if (entry.kind === 'kubernetes') {
      const np = entry.spec;
      if (np.namespace !== side.pod.namespace || !np.policyTypes.includes(side.direction === 'ingress' ? 'Ingress' : 'Egress') || !matchesSelector(np.podSelector, side.pod.labels)) continue;
      selecting.push(entry);
      const rules = side.direction === 'ingress' ? np.ingress : np.egress;
      const ruleIndex = rules.findIndex((r) => portsMatch(r.ports, side.port, side.protocol, side.destinationPorts) && kubernetesPeersMatch(r.peers, np.namespace, side, index.cidrMatch));
      if (ruleIndex >= 0) {
        firstAllow ??= { entry, specIndex: 0, section: allowSection, ruleIndex };
        unfiltered = true;
      }
      continue;
    }
    for (const [specIndex, rule] of entry.spec.rules.entries()) {
      if (!selectsPod(entry, rule, side)) continue;
      const allows = rule[allowSection];
      if ((allows !== undefined || rule[denySection] !== undefined) && rule.defaultDeny[side.direction] && !selecting.includes(entry)) selecting.push(entry);
      for (const [ruleIndex, r] of (allows ?? []).entries()) {
        const ports = ruleMatches(r, entry, side, index);
        if (ports === undefined) continue;
        const by: CiliumRuleRef = { entry, specIndex, section: allowSection, ruleIndex };
        firstAllow ??= by;
        // L7 filtering only when every matching toPorts entry of the rule has HTTP rules (the header, 11).
        const http = ports !== 'every' && ports.every((p) => p.http !== undefined) ? ports.flatMap((p) => p.http ?? []) : undefined;
        if (http === undefined) unfiltered = true;
        else l7.push({ by, http });
      }
    }
  }
  if (firstAllow !== undefined) return { kind: 'allowed', by: firstAllow, ...(unfiltered ? {} : { l7 }) };
  if (selecting.length > 0) {
    const unseen = side.direction === 'egress' && side.peer.kind === 'other' ? unseenName(index, side) : undefined;
    const outOfReach = cidrReaches(side.peer, index.cidrMatch) ? undefined : outOfCidrReach(index, side);
    return {
      kind: 'default-deny',
      selectedBy: selecting,
      ...(unseen === undefined ? {} : { unseenName: unseen }),
      ...(outOfReach === undefined ? {} : { outOfCidrReach: outOfReach }),
    };
  }
  return { kind: 'not-selected' };
}

/** Whether CIDR selectors (CIDR rules, ipBlocks) match this peer under `policy-cidr-match-mode` (the header, 8). */
export function cidrReaches(peer: EndpointRole, cidrMatch: readonly CiliumCidrMatch[]): boolean {
  switch (peer.kind) {
    case 'other':
      return true;
    case 'node':
      return cidrMatch.includes('nodes');
    case 'pod':
      return cidrMatch.includes('pods');
    default:
      return assertNever(peer);
  }
}

/** A Kubernetes NetworkPolicy rule's peers under Cilium: as upstream, but an ipBlock is a CIDR selector (the header, 8). */
function kubernetesPeersMatch(peers: readonly NetworkPolicyPeer[], policyNamespace: string, side: CiliumSide, cidrMatch: readonly CiliumCidrMatch[]): boolean {
  return (
    peers.length === 0 ||
    peers.some((p) =>
      p.ipBlock === undefined
        ? kubernetesPeerMatches(p, policyNamespace, side.peerIp, side.peer, side.namespaceLabels)
        : cidrReaches(side.peer, cidrMatch) && ipBlockContains(p.ipBlock, side.peerIp),
    )
  );
}

/**
 * For an in-cluster peer that CIDR selectors do not reach: the first allow rule of a policy
 * selecting the pod that would match were they to reach it, and its CIDR covering the peer.
 */
function outOfCidrReach(index: CiliumIndex, side: CiliumSide): { readonly by: CiliumRuleRef; readonly cidr: string } | undefined {
  const outcome = evaluateCilium({ ...index, cidrMatch: ['nodes', 'pods'] }, side);
  if (outcome.kind !== 'allowed') return undefined;
  const { entry, specIndex, section, ruleIndex } = outcome.by;
  const covering = (cidr: string, except: readonly string[]): boolean => cidrContains(cidr, side.peerIp) && !except.some((c) => cidrContains(c, side.peerIp));
  if (entry.kind === 'kubernetes') {
    const rule = (section === 'ingress' ? entry.spec.ingress : entry.spec.egress)[ruleIndex];
    const block = rule?.peers.find((p) => p.ipBlock !== undefined && covering(p.ipBlock.cidr, p.ipBlock.except))?.ipBlock;
    return block === undefined ? undefined : { by: outcome.by, cidr: block.cidr };
  }
  const rule = entry.spec.rules[specIndex]?.[section]?.[ruleIndex];
  const peer = rule?.peers.find((p) => p.kind === 'cidr' && covering(p.cidr, p.except));
  return peer?.kind === 'cidr' ? { by: outcome.by, cidr: peer.cidr } : undefined;
}

function selectsPod(entry: CiliumEntry, rule: CiliumSpecRule, side: Pick<CiliumSide, 'pod' | 'namespaceLabels'>): boolean {
  if (entry.kind === 'namespaced' && entry.spec.namespace !== side.pod.namespace) return false;
  return matchesSelector(rule.endpointSelector, ciliumPodLabels(side.pod, side.namespaceLabels(side.pod.namespace)));
}

/**
 * A rule against the side's connection: undefined when it does not match; 'every' when it matches
 * on every port (no toPorts); else the toPorts entries that match the port.
 */
export function ruleMatches(rule: CiliumRule, entry: CiliumEntry, side: CiliumSide, index: CiliumIndex): 'every' | readonly CiliumPortRule[] | undefined {
  const icmps = rule.icmps ?? [];
  if (rule.matchesNothing) return undefined;
  if (rule.peers.length === 0 && rule.toPorts.length === 0 && icmps.length === 0) return undefined;
  if (rule.peers.length > 0 && !rule.peers.some((p) => peerMatches(p, entry, side, index))) return undefined;
  if (rule.toPorts.length === 0 && icmps.length === 0) return 'every';
  if (side.protocol === 'ICMP') {
    const family = side.peerIp.includes(':') ? 6 : 4;
    const type = icmpMessage(side.icmp, family).type;
    return icmps.some((f) => f.family === family && f.type === type) ? 'every' : undefined;
  }
  // Another IP protocol: toPorts (ANY included) carry TCP, UDP and SCTP only.
  if (side.protocol === 'IP') return undefined;
  const ports = rule.toPorts.filter((pr) => portRuleMatches(pr, side));
  return ports.length === 0 ? undefined : ports;
}

function portRuleMatches(pr: CiliumPortRule, side: CiliumSide): boolean {
  return pr.ports.length === 0 || pr.ports.some((p) => portMatches(p, side));
}

function portMatches(p: CiliumPort, side: CiliumSide): boolean {
  if (p.protocol !== 'ANY' && p.protocol !== side.protocol) return false;
  if (p.port === undefined || p.port === 0) return true;
  if (typeof p.port === 'number') return p.endPort === undefined ? side.port === p.port : p.port <= side.port && side.port <= p.endPort;
  const name = p.port;
  return (side.destinationPorts ?? []).some((cp) => cp.name === name && (p.protocol === 'ANY' || cp.protocol === p.protocol) && cp.protocol === side.protocol && cp.containerPort === side.port);
}

function peerMatches(peer: CiliumPeer, entry: CiliumEntry, side: CiliumSide, index: CiliumIndex): boolean {
  switch (peer.kind) {
    case 'endpoints': {
      if (side.peer.kind !== 'pod') return false;
      const pod = side.peer.pod;
      if (entry.kind === 'namespaced' && !namesNamespace(peer.selector) && pod.namespace !== entry.spec.namespace) return false;
      return matchesSelector(peer.selector, ciliumPodLabels(pod, side.namespaceLabels(pod.namespace)));
    }
    case 'entity':
      return entityMatches(peer.entity, side, index);
    case 'nodes':
      return side.peer.kind === 'node' && side.peer.node !== side.pod.node && matchesSelector(peer.selector, ciliumNodeLabels(index.nodeLabels.get(side.peer.node) ?? {}));
    case 'cidr':
      return cidrReaches(side.peer, index.cidrMatch) && cidrContains(peer.cidr, side.peerIp) && !peer.except.some((c) => cidrContains(c, side.peerIp));
    case 'fqdn':
      return side.direction === 'egress' && side.peer.kind === 'other' && fqdnMatches(peer.fqdn, side, index);
    case 'service':
      return side.direction === 'egress' && index.services.some((s) => s.name === peer.name && (peer.namespace === undefined || peer.namespace === s.namespace) && serviceHolds(s, side, index));
    case 'service-selector':
      return (
        side.direction === 'egress' &&
        index.services.some((s) => (peer.namespace === undefined || peer.namespace === s.namespace) && matchesSelector(peer.selector, s.labels) && serviceHolds(s, side, index))
      );
    default:
      return assertNever(peer);
  }
}

/** Whether the peer is an endpoint of the Service as toServices sees it (the header, 10b). */
function serviceHolds(s: CiliumService, side: CiliumSide, index: CiliumIndex): boolean {
  if (s.selector === null) return cidrReaches(side.peer, index.cidrMatch) && s.addresses.includes(side.peerIp);
  return side.peer.kind === 'pod' && side.peer.pod.namespace === s.namespace && matchesSelector(selectorFromLabels(s.selector), side.peer.pod.labels);
}

/** Which modelled addresses an entity stands for (the header, 7). */
export function entityMatches(entity: CiliumEntity, side: Pick<CiliumSide, 'pod' | 'peer' | 'peerIp'>, index: Pick<CiliumIndex, 'apiServerNode'>): boolean {
  const peer = side.peer;
  switch (entity) {
    case 'all':
      return true;
    case 'world':
      return peer.kind === 'other';
    case 'world-ipv4':
      return peer.kind === 'other' && !side.peerIp.includes(':');
    case 'world-ipv6':
      return peer.kind === 'other' && side.peerIp.includes(':');
    case 'cluster':
      return peer.kind !== 'other';
    case 'host':
      return peer.kind === 'node' && peer.node === side.pod.node;
    case 'remote-node':
      return peer.kind === 'node' && peer.node !== side.pod.node;
    case 'kube-apiserver':
      return peer.kind === 'node' && peer.node === index.apiServerNode;
    case 'init':
    case 'health':
    case 'unmanaged':
    case 'ingress':
    case 'none':
      return false;
    default:
      return assertNever(entity);
  }
}

/** Whether a name matches a matchName / matchPattern (lower case, no trailing dot). */
export function fqdnNameMatches(fqdn: CiliumFqdn, name: string): boolean {
  switch (fqdn.kind) {
    case 'name':
      return fqdn.name === name;
    case 'pattern': {
      if (fqdn.pattern === '*') return true;
      const re = new RegExp(`^${fqdn.pattern.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[-a-z0-9_]*')}$`);
      return re.test(name);
    }
    default:
      return assertNever(fqdn);
  }
}

/**
 * A toFQDNs entry against the peer's address: some name it matches resolves to the address, and
 * the pod's DNS lookups of that name pass Cilium's DNS proxy (the header, 10).
 */
function fqdnMatches(fqdn: CiliumFqdn, side: CiliumSide, index: CiliumIndex): boolean {
  return index.dnsNames.some((n) => n.ips.includes(side.peerIp) && fqdnNameMatches(fqdn, n.name) && dnsVisible(index, side.pod, n.name, side.namespaceLabels));
}

/** A name resolving to the peer that a toFQDNs entry of a rule selecting the pod matches, when the DNS proxy does not see its lookups. */
function unseenName(index: CiliumIndex, side: CiliumSide): string | undefined {
  const fqdns = index.entries.flatMap((entry) =>
    entry.kind === 'kubernetes'
      ? []
      : entry.spec.rules.filter((rule) => selectsPod(entry, rule, side)).flatMap((rule) => (rule.egress ?? []).flatMap((r) => r.peers.flatMap((p) => (p.kind === 'fqdn' ? [p.fqdn] : [])))),
  );
  return index.dnsNames.find((n) => n.ips.includes(side.peerIp) && fqdns.some((f) => fqdnNameMatches(f, n.name)) && !dnsVisible(index, side.pod, n.name, side.namespaceLabels))?.name;
}

/** Whether an egress allow rule of a policy selecting the pod sends its lookups of `name` through the DNS proxy. */
export function dnsVisible(index: CiliumIndex, pod: PolicyPod, name: string, namespaceLabels: (namespace: string) => Labels): boolean {
  const side = { pod, namespaceLabels };
  return index.entries.some(
    (entry) =>
      entry.kind !== 'kubernetes' &&
      entry.spec.rules.some(
        (rule) =>
          selectsPod(entry, rule, side) &&
          (rule.egress ?? []).some((r) => r.toPorts.some((pr) => pr.dns !== undefined && pr.dns.some((d) => fqdnNameMatches(d, name)))),
      ),
  );
}

/** Whether an HTTP request matches one rule (the header, 11). */
export function httpRuleMatches(rule: CiliumHttpRule, request: { readonly method: string; readonly path: string; readonly host: string; readonly headers: Readonly<Record<string, string>> }): boolean {
  const whole = (re: string | undefined, value: string): boolean => re === undefined || new RegExp(`^(?:${re})$`).test(value);
  return (
    whole(rule.method, request.method) &&
    whole(rule.path, request.path) &&
    whole(rule.host, request.host) &&
    rule.headers.every((h) => (h.value === undefined ? request.headers[h.name] !== undefined : request.headers[h.name] === h.value))
  );
}

/** The first HTTP rule, over the L7 rules of every allow rule, that the request matches. */
export function httpAllowedBy(
  l7: readonly CiliumL7[],
  request: Parameters<typeof httpRuleMatches>[1],
): { readonly by: CiliumRuleRef; readonly httpIndex: number } | undefined {
  for (const { by, http } of l7) {
    const httpIndex = http.findIndex((r) => httpRuleMatches(r, request));
    if (httpIndex >= 0) return { by, httpIndex };
  }
  return undefined;
}

/** A rule as the trace names it: `CiliumNetworkPolicy shop/api ingress rule #1` (`specs[2] …` for a policy written with `specs`). */
export function ruleRefText(ref: CiliumRuleRef): string {
  const { entry } = ref;
  const listed = entry.kind !== 'kubernetes' && entry.spec.listed ? ` specs[${ref.specIndex}]` : '';
  return `${entry.label}${listed} ${ref.section} rule #${ref.ruleIndex + 1}`;
}

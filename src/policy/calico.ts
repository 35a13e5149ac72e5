/**
 * Calico policy evaluation for one direction of one pod: projectcalico.org/v3 NetworkPolicy and
 * GlobalNetworkPolicy, with the cluster's Kubernetes NetworkPolicies among them as Calico
 * evaluates them. policy/evaluate.ts calls it in place of the NetworkPolicy tier when the cluster
 * has a Calico policy (spec/calico.ts hasCalicoPolicies); policy/calico-reference.ts is the naive
 * oracle it is property-tested against.
 *
 * Specification (Calico 3.x; citations below):
 * 1. Tiers, then policies, then rules. Policies are grouped into tiers; tiers are evaluated in
 *    order [tier]. A tier takes part for an endpoint and direction only when at least one of its
 *    policies applies to the endpoint in that direction: the policy's `selector` (and a
 *    GlobalNetworkPolicy's `namespaceSelector`, and `serviceAccountSelector`) matches it, and
 *    its `types` name the direction [np: types]. A tier where none applies is skipped.
 *    Tier order: a Tier object's `order`, lower first, a tier without one after every tier with
 *    one, ties by name [tier: order]; the `default` tier exists without an object, at order
 *    1,000,000 [tier: default tier]. A cluster given no Tier object keeps netscn's earlier
 *    approximation: the other tiers by name, then `default` (the manifest reader warns).
 * 2. Within a tier, policies are ordered by `order`, lowest first; a policy without `order`
 *    comes after every policy with one; ties are broken by name [np: order]. netscn compares the
 *    names as Calico stores them: a Kubernetes NetworkPolicy as `knp.default.<name>`, a Calico
 *    NetworkPolicy as `<namespace>/<name>`, a GlobalNetworkPolicy as `<name>`.
 * 3. Within a policy, rules in order; the first rule that matches with action Allow or Deny
 *    decides the direction. `Log` logs and goes on to the next rule. `Pass` skips the rest of the
 *    tier: evaluation goes on at the next tier that takes part, or, after the last, at the
 *    endpoint's profiles [np: Rule actions; tier: How Policy Is Evaluated].
 * 4. End of tier: when a tier takes part and no rule of its applying policies Allows, Denies or
 *    Passes, the tier's `defaultAction` applies: Deny (the default) drops the connection [tier:
 *    "If the Tier applies to the endpoint, but takes no action on the packet the packet is
 *    dropped"], Pass goes on to the next tier as a Pass rule would [tier: defaultAction].
 * 5. Profiles: when no tier decided (no policy applied, or the last decision was Pass), the
 *    endpoint's profiles decide [profile]; on Kubernetes a pod's profile is its namespace's,
 *    `kns.<ns>` (with `ksa.<ns>.<sa>` for its service account, which carries labels only). With
 *    no Profile object given, `kns.<ns>` is the one Calico generates, which allows everything in
 *    both directions (then the BaselineAdminNetworkPolicy, if any, as evaluate.ts does for a pod
 *    NetworkPolicy does not isolate). A Profile object `kns.<ns>` given in the manifests replaces
 *    it: its rules of the direction, in order, as a policy's (Log goes on; Allow or Deny
 *    decides); when none acts, or a Pass does, the connection is denied (nothing comes after
 *    the profiles). A Profile's `labelsToApply` add to the labels of the endpoints that name it
 *    (host endpoints' `profiles`; a pod's kns labels are its namespace's, which netscn already
 *    gives namespaceSelectors) [profile: labelsToApply].
 * 6. Kubernetes NetworkPolicies are converted into Calico policies in the `default` tier, with
 *    order 1000 and their `policyTypes` as types; each of their rules is an Allow rule
 *    [k8s: "Kubernetes network policies ... order 1000"]. So a Calico policy of lower order
 *    decides before them (an ordered Deny beats a Kubernetes allow), a Calico policy of higher
 *    order after them, and a pod a Kubernetes policy selects is denied what no policy of the
 *    tier allows (end of tier), as Kubernetes isolation would.
 * 7. Rules [np: Rule, EntityRule, Ports]: `protocol` / `notProtocol`, `ipVersion`, and the
 *    `source` and `destination` entities must all match. An entity: the address in one of
 *    `nets` and in none of `notNets`; with `selector`, the endpoint is a pod matching it (its
 *    labels plus projectcalico.org/namespace and projectcalico.org/orchestrator), of the
 *    policy's own namespace in a namespaced policy, of any namespace in a global one, unless
 *    `namespaceSelector` is given: then of a namespace matching it (namespace labels plus
 *    projectcalico.org/name); `notSelector`: the address is not such a pod; `serviceAccounts`:
 *    the pod runs as a named / selected service account; `ports` / `notPorts` on the
 *    destination entity: the destination port (a named port is a container port of the
 *    destination pod with that name, the rule's protocol and the connection's port).
 *    In an ingress rule the source entity is the peer and the destination the pod; in an egress
 *    rule the source is the pod and the destination the peer.
 * 8. Network sets and host endpoints in rules [netset] [gnetset] [hep]: a `selector` (or
 *    `notSelector`) also matches (excludes) an address held by a NetworkSet (its `nets`), a
 *    GlobalNetworkSet, or a HostEndpoint (its node's address for a named or `*` interface, or
 *    its expectedIPs) whose labels match. NetworkSets are namespaced: a namespaced policy's
 *    selector sees its own namespace's, a namespaceSelector the sets of the namespaces it
 *    matches, a GlobalNetworkPolicy's every one. GlobalNetworkSets and HostEndpoints are not
 *    namespaced: GlobalNetworkPolicies see them, a namespaced policy only through
 *    `namespaceSelector: global()` [selectors: global()]; a namespaceSelector's `all()` selects
 *    every namespace and no non-namespaced resource (spec/calico-selector.ts). Host endpoint policy itself (which
 *    traffic a HostEndpoint's policies see) is policy/calico-host.ts's.
 *
 * 9. ICMP [np: Rule; icmp-ping]: `protocol: ICMP` (or 1) matches IPv4 ICMP, `ICMPv6` (or 58)
 *    IPv6's; `icmp: {type, code}` matches ICMP of that type (and code, when given), `notICMP`
 *    excludes it; a rule without a protocol matches ICMP as every protocol (net/icmp.ts).
 *
 * netscn's model, stated: packets are TCP, UDP or SCTP connections, or ICMP echo requests (type
 * 8 over IPv4, 128 over IPv6, code 0), so a rule whose protocol is UDPLite or another number
 * never matches one;
 * a pod runs as its spec's serviceAccountName (`default` when it names none), whose labels are
 * its ServiceAccount object's (none when the cluster has no such object); the own-node rules of evaluate.ts (ingress from the
 * pod's own node always allowed, podToOwnNodeAllowed) apply as for NetworkPolicy.
 *
 * [np] https://docs.tigera.io/calico/latest/reference/resources/networkpolicy
 * [gnp] https://docs.tigera.io/calico/latest/reference/resources/globalnetworkpolicy
 * [tier] https://docs.tigera.io/calico/latest/reference/resources/tier
 * [profile] https://docs.tigera.io/calico/latest/reference/resources/profile
 * [k8s] https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-policy/kubernetes-network-policy
 * [netset] https://docs.tigera.io/calico/latest/reference/resources/networkset
 * [gnetset] https://docs.tigera.io/calico/latest/reference/resources/globalnetworkset
 * [hep] https://docs.tigera.io/calico/latest/reference/resources/hostendpoint
 * [selectors] https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors
 * [icmp-ping] https://docs.tigera.io/calico/latest/network-policy/policy-rules/icmp-ping
 */
import { icmpMessage, ipProtocolNumber, type IcmpMessage, type PolicyProtocol } from '../spec/packet-protocol.js';
import type {
  CalicoEntity,
  CalicoIcmpMatch,
  CalicoSelector,
  CalicoGlobalNetworkPolicySpec,
  CalicoNetworkPolicySpec,
  CalicoPolicies,
  CalicoPort,
  CalicoProtocol,
  CalicoRule,
} from '../spec/calico.js';
import type { CalicoHostEndpointSpec, CalicoNamespacedNetworkSetSpec, CalicoNetworkSetSpec, CalicoProfileSpec } from '../spec/calico-resources.js';
import { DEFAULT_TIER_ORDER } from '../spec/calico-resources.js';
import { calicoNamespaceLabels, calicoPodLabels, matchesCalicoSelector, namespaceSelectorTakesGlobal } from '../spec/calico-selector.js';
import { matchesSelector } from '../spec/selector.js';
import type { ContainerPort, Labels, NetworkPolicySpec } from '../spec/types.js';
import { assertNever } from '../spec/never.js';
import type { EndpointRole, PolicyPod } from './endpoint-role.js';
import { cidrContains } from './ip-block.js';
import { peersMatch } from './peer-match.js';
import { portsMatch } from './port-match.js';

/** The tier Calico puts policies in when they name none, and Kubernetes NetworkPolicies always. */
export const DEFAULT_TIER = 'default';
/** The order Calico gives converted Kubernetes NetworkPolicies. */
export const KUBERNETES_POLICY_ORDER = 1000;
/** The service account a pod runs as when its spec names none, and the labels every service account has here (see the header). */
export const POD_SERVICE_ACCOUNT = { name: 'default', labels: {} as Labels };

/** One policy of a tier, in evaluation order. */
export type CalicoEntry =
  /** A projectcalico.org/v3 NetworkPolicy. */
  | { readonly kind: 'namespaced'; readonly label: string; readonly sortName: string; readonly order?: number; readonly spec: CalicoNetworkPolicySpec }
  /** A projectcalico.org/v3 GlobalNetworkPolicy. */
  | { readonly kind: 'global'; readonly label: string; readonly sortName: string; readonly order?: number; readonly spec: CalicoGlobalNetworkPolicySpec }
  /** A Kubernetes NetworkPolicy, at order 1000 in the default tier. */
  | { readonly kind: 'kubernetes'; readonly label: string; readonly sortName: string; readonly order: number; readonly spec: NetworkPolicySpec };

export interface CalicoTier {
  readonly name: string;
  /** What the tier does when it applies and none of its rules acts: Deny, or Pass to the next tier. */
  readonly defaultAction: 'Deny' | 'Pass';
  readonly policies: readonly CalicoEntry[];
}

/** Policies by (order, unset last; name). */
function compareEntries(a: CalicoEntry, b: CalicoEntry): number {
  const oa = a.order ?? Infinity;
  const ob = b.order ?? Infinity;
  if (oa !== ob) return oa < ob ? -1 : 1;
  return a.sortName < b.sortName ? -1 : a.sortName > b.sortName ? 1 : 0;
}

/**
 * Tiers in evaluation order, each with its policies in order: by the Tier objects' `order`
 * (unset last, then by name; `default` at 1,000,000 unless a Tier object says otherwise) when
 * the cluster has Tier objects; otherwise the other tiers by name, then `default`.
 */
export function calicoTiers(calico: CalicoPolicies, networkPolicies: readonly NetworkPolicySpec[]): CalicoTier[] {
  const entries: { tier: string; entry: CalicoEntry }[] = [
    ...(calico.calicoNetworkPolicies ?? []).map((spec) => ({
      tier: spec.tier,
      entry: { kind: 'namespaced' as const, label: `Calico NetworkPolicy ${spec.namespace}/${spec.name}`, sortName: `${spec.namespace}/${spec.name}`, ...(spec.order !== undefined ? { order: spec.order } : {}), spec },
    })),
    ...(calico.calicoGlobalNetworkPolicies ?? []).map((spec) => ({
      tier: spec.tier,
      entry: { kind: 'global' as const, label: `GlobalNetworkPolicy ${spec.name}`, sortName: spec.name, ...(spec.order !== undefined ? { order: spec.order } : {}), spec },
    })),
    ...networkPolicies.map((spec) => ({
      tier: DEFAULT_TIER,
      entry: { kind: 'kubernetes' as const, label: `NetworkPolicy ${spec.namespace}/${spec.name}`, sortName: `knp.default.${spec.name}`, order: KUBERNETES_POLICY_ORDER, spec },
    })),
  ];
  const specs = calico.calicoTierSpecs ?? [];
  const byName = new Map(specs.map((t) => [t.name, t]));
  const orderOf = (name: string): number => byName.get(name)?.order ?? (name === DEFAULT_TIER ? DEFAULT_TIER_ORDER : Infinity);
  const byNameOnly = (a: string, b: string): number => (a === DEFAULT_TIER ? 1 : b === DEFAULT_TIER ? -1 : a < b ? -1 : a > b ? 1 : 0);
  const byOrder = (a: string, b: string): number => (orderOf(a) !== orderOf(b) ? (orderOf(a) < orderOf(b) ? -1 : 1) : a < b ? -1 : a > b ? 1 : 0);
  const names = [...new Set(entries.map((e) => e.tier))].sort(specs.length > 0 ? byOrder : byNameOnly);
  return names.map((name) => ({
    name,
    defaultAction: byName.get(name)?.defaultAction ?? 'Deny',
    policies: entries.filter((e) => e.tier === name).map((e) => e.entry).sort(compareEntries),
  }));
}

/**
 * What Calico selectors match besides pods: network sets (their nets) and host endpoints (their
 * node's addresses, or their expectedIPs), with the labels a selector reads.
 */
export interface CalicoLabelledAddresses {
  /** How traces name it: `GlobalNetworkSet x`, `NetworkSet ns/x`, `HostEndpoint x`. */
  readonly label: string;
  /** A NetworkSet's namespace; undefined for the non-namespaced ones (global() selects them). */
  readonly namespace?: string;
  readonly labels: Labels;
  readonly nets: readonly string[];
  /** A host endpoint's node: the node's addresses are its own. */
  readonly node?: string;
}

/** The Calico resources rules and profiles read beside the policies. */
export interface CalicoResources {
  readonly profiles: ReadonlyMap<string, CalicoProfileSpec>;
  readonly labelled: readonly CalicoLabelledAddresses[];
  /** `namespace/name` → a ServiceAccount's labels (one not given has none). */
  readonly serviceAccountLabels: ReadonlyMap<string, Labels>;
}

/** The labels of the service account a pod runs as, which service-account selectors match. */
function serviceAccountLabels(pod: PolicyPod, resources: CalicoResources | undefined): Labels {
  return resources?.serviceAccountLabels.get(`${pod.namespace}/${pod.serviceAccount ?? POD_SERVICE_ACCOUNT.name}`) ?? POD_SERVICE_ACCOUNT.labels;
}

/** The labels a host endpoint has for selectors: its own, and its profiles' labelsToApply. */
export function hostEndpointLabels(hep: CalicoHostEndpointSpec, profiles: ReadonlyMap<string, CalicoProfileSpec>): Labels {
  let out: Labels = {};
  for (const name of hep.profiles) out = { ...out, ...profiles.get(name)?.labelsToApply };
  return { ...out, ...hep.labels };
}

export function calicoResources(calico: CalicoPolicies): CalicoResources {
  const profiles = new Map((calico.calicoProfiles ?? []).map((p) => [p.name, p]));
  const set = (s: CalicoNetworkSetSpec | CalicoNamespacedNetworkSetSpec, kind: string): CalicoLabelledAddresses =>
    'namespace' in s
      ? { label: `${kind} ${s.namespace}/${s.name}`, namespace: s.namespace, labels: { ...s.labels, 'projectcalico.org/namespace': s.namespace }, nets: s.nets }
      : { label: `${kind} ${s.name}`, labels: s.labels, nets: s.nets };
  return {
    profiles,
    serviceAccountLabels: new Map((calico.serviceAccounts ?? []).map((sa) => [`${sa.namespace}/${sa.name}`, sa.labels])),
    labelled: [
      ...(calico.calicoNetworkSets ?? []).map((s) => set(s, 'NetworkSet')),
      ...(calico.calicoGlobalNetworkSets ?? []).map((s) => set(s, 'GlobalNetworkSet')),
      ...(calico.calicoHostEndpoints ?? []).map((h) => ({
        label: `HostEndpoint ${h.name}`,
        labels: hostEndpointLabels(h, profiles),
        nets: h.expectedIPs.map((ip) => `${ip}/${ip.includes(':') ? 128 : 32}`),
        ...(h.interfaceName !== undefined ? { node: h.node } : {}),
      })),
    ],
  };
}

/** One direction of a connection as Calico sees it at the pod it is evaluated for. */
export interface CalicoSide {
  readonly pod: PolicyPod;
  readonly direction: 'ingress' | 'egress';
  /** The other end: its address and what it is. */
  readonly peerIp: string;
  readonly peer: EndpointRole;
  /** The pod's own address (the local end's, for entities that name it). */
  readonly podIp: string;
  readonly port: number;
  readonly protocol: PolicyProtocol;
  /** With ICMP: the message (absent: the echo request); with IP: the protocol number (spec/packet-protocol.ts). */
  readonly icmp?: IcmpMessage;
  readonly ipProtocol?: number;
  /** The destination pod's container ports (named ports). */
  readonly destinationPorts: readonly ContainerPort[] | undefined;
  /** Namespace labels as the model gives them (kubernetes.io/metadata.name included). */
  readonly namespaceLabels: (namespace: string) => Labels;
  /** Profiles, network sets and host endpoints (absent: none). */
  readonly resources?: CalicoResources;
}

/** How the Calico tiers decided one direction. */
export type CalicoOutcome =
  /** A rule decided: Allow or Deny, in this tier and policy; `passedTiers`: tiers left by Pass before it. */
  | {
      readonly kind: 'rule';
      readonly tier: string;
      readonly policy: CalicoEntry;
      readonly ruleIndex: number;
      readonly action: 'Allow' | 'Deny';
      readonly passedTiers: readonly string[];
    }
  /** A tier took part and nothing in it matched: denied. `policies`: the tier's policies applying to the pod. */
  | { readonly kind: 'end-of-tier'; readonly tier: string; readonly policies: readonly CalicoEntry[]; readonly passedTiers: readonly string[] }
  /** No tier decided and no Profile object `kns.<namespace>`: the namespace profile allows. `passedTiers`: tiers left by Pass (empty: no policy applied). */
  | { readonly kind: 'profile'; readonly passedTiers: readonly string[] }
  /** No tier decided; a rule of the Profile object `kns.<namespace>` did (Allow or Deny). */
  | { readonly kind: 'profile-rule'; readonly profile: string; readonly ruleIndex: number; readonly action: 'Allow' | 'Deny'; readonly passedTiers: readonly string[] }
  /** No tier decided and no rule of the Profile object `kns.<namespace>` acted: denied after the profiles. */
  | { readonly kind: 'profile-end'; readonly profile: string; readonly passedTiers: readonly string[] };

export function evaluateCalico(tiers: readonly CalicoTier[], side: CalicoSide): CalicoOutcome {
  const passedTiers: string[] = [];
  for (const tier of tiers) {
    const applying = tier.policies.filter((p) => applies(p, side));
    if (applying.length === 0) continue;
    let passed = false;
    for (const policy of applying) {
      const decision = firstAction(policy, side);
      if (decision === undefined) continue;
      if (decision.action === 'Pass') {
        passed = true;
        break;
      }
      return { kind: 'rule', tier: tier.name, policy, ruleIndex: decision.ruleIndex, action: decision.action, passedTiers };
    }
    if (!passed && tier.defaultAction === 'Deny') return { kind: 'end-of-tier', tier: tier.name, policies: applying, passedTiers };
    passedTiers.push(tier.name);
  }
  const name = `kns.${side.pod.namespace}`;
  const profile = side.resources?.profiles.get(name);
  if (profile === undefined) return { kind: 'profile', passedTiers };
  const decision = firstRuleAction(side.direction === 'ingress' ? profile.ingress : profile.egress, undefined, side);
  if (decision === undefined || decision.action === 'Pass') return { kind: 'profile-end', profile: name, passedTiers };
  return { kind: 'profile-rule', profile: name, ruleIndex: decision.ruleIndex, action: decision.action, passedTiers };
}

/** Whether the policy applies to the side's pod in the side's direction. */
function applies(entry: CalicoEntry, side: CalicoSide): boolean {
  const { pod, direction } = side;
  const type = direction === 'ingress' ? 'Ingress' : 'Egress';
  switch (entry.kind) {
    case 'kubernetes':
      return entry.spec.namespace === pod.namespace && entry.spec.policyTypes.includes(type) && matchesSelector(entry.spec.podSelector, pod.labels);
    case 'namespaced':
      return entry.spec.namespace === pod.namespace && entry.spec.types.includes(type) && selectsPod(entry.spec, pod, side.resources);
    case 'global': {
      const ns = entry.spec.namespaceSelector;
      return (
        entry.spec.types.includes(type) &&
        (ns === undefined || matchesCalicoSelector(ns, calicoNamespaceLabels(pod.namespace, side.namespaceLabels(pod.namespace)))) &&
        selectsPod(entry.spec, pod, side.resources)
      );
    }
    default:
      return assertNever(entry);
  }
}

function selectsPod(spec: CalicoNetworkPolicySpec | CalicoGlobalNetworkPolicySpec, pod: PolicyPod, resources: CalicoResources | undefined): boolean {
  if (!matchesCalicoSelector(spec.selector, calicoPodLabels(pod.namespace, pod.labels))) return false;
  return spec.serviceAccountSelector === undefined || matchesCalicoSelector(spec.serviceAccountSelector, serviceAccountLabels(pod, resources));
}

/** The first rule of the policy (in the side's direction) that matches and does more than Log. */
function firstAction(entry: CalicoEntry, side: CalicoSide): { readonly ruleIndex: number; readonly action: 'Allow' | 'Deny' | 'Pass' } | undefined {
  if (entry.kind === 'kubernetes') {
    const rules = side.direction === 'ingress' ? entry.spec.ingress : entry.spec.egress;
    const ruleIndex = rules.findIndex(
      (r) => portsMatch(r.ports, side.port, side.protocol, side.destinationPorts) && peersMatch(r.peers, entry.spec.namespace, side.peerIp, side.peer, side.namespaceLabels),
    );
    return ruleIndex < 0 ? undefined : { ruleIndex, action: 'Allow' };
  }
  return firstRuleAction(side.direction === 'ingress' ? entry.spec.ingress : entry.spec.egress, entry.kind === 'namespaced' ? entry.spec.namespace : undefined, side);
}

/** The first of the rules that matches and does more than Log; `namespace`: the policy's, for a namespaced policy. */
function firstRuleAction(
  rules: readonly CalicoRule[],
  namespace: string | undefined,
  side: CalicoSide,
): { readonly ruleIndex: number; readonly action: 'Allow' | 'Deny' | 'Pass' } | undefined {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!ruleMatches(rule, namespace, side)) continue;
    switch (rule.action) {
      case 'Log':
        continue;
      case 'Allow':
      case 'Deny':
      case 'Pass':
        return { ruleIndex: i, action: rule.action };
      default:
        return assertNever(rule.action);
    }
  }
  return undefined;
}

function protocolIs(p: CalicoProtocol, side: { readonly protocol: PolicyProtocol; readonly ipProtocol?: number }, family: 4 | 6): boolean {
  switch (p.kind) {
    case 'modelled':
      return p.protocol === side.protocol;
    case 'icmp':
      return side.protocol === 'ICMP' && p.family === family;
    case 'other':
      return side.protocol === 'IP' && side.ipProtocol !== undefined && ipProtocolNumber(p.name) === side.ipProtocol;
    default:
      return assertNever(p);
  }
}

/** `icmp` / `notICMP` against the packet's ICMP message (a ping's: the echo request of the family, code 0). */
function icmpIs(m: CalicoIcmpMatch, side: { readonly protocol: PolicyProtocol; readonly icmp?: IcmpMessage }, family: 4 | 6): boolean {
  if (side.protocol !== 'ICMP') return false;
  const message = icmpMessage(side.icmp, family);
  return m.type === message.type && (m.code === undefined || m.code === message.code);
}

/**
 * One direction of a connection at any Calico endpoint (a pod, or a host endpoint): the local
 * end's address and role, the peer's, what the rules read.
 */
export interface CalicoConnection extends Omit<CalicoSide, 'pod' | 'podIp'> {
  readonly localIp: string;
  readonly local: EndpointRole;
}

/** A Calico rule against the side's connection; `namespace`: the policy's, for a namespaced policy. */
export function ruleMatches(rule: CalicoRule, namespace: string | undefined, side: CalicoSide): boolean {
  return connectionRuleMatches(rule, namespace, { ...side, localIp: side.podIp, local: { kind: 'pod', pod: side.pod } });
}

/** A Calico rule against a connection at any endpoint. */
export function connectionRuleMatches(rule: CalicoRule, namespace: string | undefined, side: CalicoConnection): boolean {
  const family = side.peerIp.includes(':') ? 6 : 4;
  if (rule.protocol !== undefined && !protocolIs(rule.protocol, side, family)) return false;
  if (rule.notProtocol !== undefined && protocolIs(rule.notProtocol, side, family)) return false;
  if (rule.ipVersion !== undefined && family !== rule.ipVersion) return false;
  if (rule.icmp !== undefined && !icmpIs(rule.icmp, side, family)) return false;
  if (rule.notICMP !== undefined && icmpIs(rule.notICMP, side, family)) return false;
  const local: End = { ip: side.localIp, role: side.local };
  const peer: End = { ip: side.peerIp, role: side.peer };
  const [source, destination] = side.direction === 'ingress' ? [peer, local] : [local, peer];
  return entityMatches(rule.source, source, namespace, side) && entityMatches(rule.destination, destination, namespace, side) && portsOk(rule, side);
}

interface End {
  readonly ip: string;
  readonly role: EndpointRole;
}

function entityMatches(entity: CalicoEntity, end: End, namespace: string | undefined, side: CalicoConnection): boolean {
  if (entity.nets.length > 0 && !entity.nets.some((c) => cidrContains(c, end.ip))) return false;
  if (entity.notNets.some((c) => cidrContains(c, end.ip))) return false;
  const pod = end.role.kind === 'pod' ? end.role.pod : undefined;
  const nsInScope = (ns: string): boolean =>
    entity.namespaceSelector !== undefined
      ? matchesCalicoSelector(entity.namespaceSelector, calicoNamespaceLabels(ns, side.namespaceLabels(ns)))
      : namespace === undefined || ns === namespace;
  const inScope = (p: PolicyPod): boolean => nsInScope(p.namespace);
  // Network sets and host endpoints holding the address: namespaced ones in scope as pods are,
  // global ones to global policies, or through a namespaceSelector that matches global().
  const labelledMatch = (sel: CalicoSelector): boolean =>
    (side.resources?.labelled ?? []).some(
      (l) =>
        (l.namespace !== undefined
          ? nsInScope(l.namespace)
          : entity.namespaceSelector !== undefined
            ? namespaceSelectorTakesGlobal(entity.namespaceSelector)
            : namespace === undefined) &&
        holds(l, end) &&
        matchesCalicoSelector(sel, l.labels, l.namespace === undefined ? 'global' : 'namespaced'),
    );
  if (entity.selector !== undefined || entity.namespaceSelector !== undefined) {
    const podMatches = pod !== undefined && inScope(pod) && (entity.selector === undefined || matchesCalicoSelector(entity.selector, calicoPodLabels(pod.namespace, pod.labels)));
    if (!podMatches && !labelledMatch(entity.selector ?? { kind: 'all' })) return false;
  }
  if (entity.notSelector !== undefined) {
    if (pod !== undefined && inScope(pod) && matchesCalicoSelector(entity.notSelector, calicoPodLabels(pod.namespace, pod.labels))) return false;
    if (labelledMatch(entity.notSelector)) return false;
  }
  if (entity.serviceAccountNames.length > 0 || entity.serviceAccountSelector !== undefined) {
    if (pod === undefined) return false;
    if (entity.serviceAccountNames.length > 0 && !entity.serviceAccountNames.includes(pod.serviceAccount ?? POD_SERVICE_ACCOUNT.name)) return false;
    if (entity.serviceAccountSelector !== undefined && !matchesCalicoSelector(entity.serviceAccountSelector, serviceAccountLabels(pod, side.resources))) return false;
  }
  return true;
}

/** Whether the network set or host endpoint holds the end's address. */
function holds(l: CalicoLabelledAddresses, end: End): boolean {
  return l.nets.some((c) => cidrContains(c, end.ip)) || (l.node !== undefined && end.role.kind === 'node' && end.role.node === l.node);
}

/** Destination ports (source ports never reach the model: the reader leaves such rules out). */
function portsOk(rule: CalicoRule, side: CalicoConnection): boolean {
  const { ports, notPorts } = rule.destination;
  const hit = (p: CalicoPort): boolean => calicoPortMatches(p, rule.protocol, side.port, side.protocol, side.destinationPorts, side.peerIp.includes(':') ? 6 : 4);
  if (ports.length > 0 && !ports.some(hit)) return false;
  return !notPorts.some(hit);
}

export function calicoPortMatches(
  p: CalicoPort,
  ruleProtocol: CalicoProtocol | undefined,
  port: number,
  protocol: PolicyProtocol,
  destinationPorts: readonly ContainerPort[] | undefined,
  family: 4 | 6,
): boolean {
  switch (p.kind) {
    case 'range':
      return p.start <= port && port <= p.end;
    case 'named':
      return (
        ruleProtocol !== undefined &&
        protocolIs(ruleProtocol, { protocol }, family) &&
        (destinationPorts ?? []).some((cp) => cp.name === p.name && cp.protocol === protocol && cp.containerPort === port)
      );
    default:
      return assertNever(p);
  }
}

/** `tier default, order 100` / `order unset`. */
export function describeOrder(entry: CalicoEntry): string {
  return entry.order === undefined ? 'no order' : `order ${entry.order}`;
}

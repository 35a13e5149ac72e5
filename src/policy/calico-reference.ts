/**
 * A deliberately naive Calico oracle, written from the specification in policy/calico.ts's header
 * (Calico's documentation) and nothing else of that module: for one direction of one pod, every
 * query collects every policy (Calico NetworkPolicy, GlobalNetworkPolicy, and the Kubernetes
 * NetworkPolicies as Allow-only policies at order 1000 in tier `default`), sorts them, and walks
 * the tiers, then the namespace's Profile object when there is one. Network sets and host
 * endpoints are found by scanning every one of them for each entity. Property tests compare policy/evaluate.ts (which uses calico.ts) against
 * reference.ts, which calls this; it is not meant for production use.
 * `calicoHostEgressReference` is the same kind of oracle for egress host endpoint policy, from
 * policy/calico-host.ts's header (7 and 8): it scans the host endpoints, the GlobalNetworkPolicies
 * and the profiles for every query; the property test compares calico-host.ts's egressHostPolicy.
 */
import ipaddr from 'ipaddr.js';
import type { CalicoEntity, CalicoPort, CalicoProtocol, CalicoRule, CalicoSelector } from '../spec/calico.js';
import { matchesCalicoSelector, namespaceSelectorTakesGlobal } from '../spec/calico-selector.js';
import { matchesSelector } from '../spec/selector.js';
import type { Labels, NetworkPolicyPeer, NetworkPolicySpec, PodSpec, Protocol } from '../spec/types.js';
import type { PolicyScope } from '../spec/policy-scope.js';
import { DEFAULT_FAILSAFE_OUTBOUND } from '../spec/calico-resources.js';

/** One end of the connection: its address and, when it is a pod policies see, the pod. */
export interface CalicoReferenceEnd {
  readonly ip: string;
  readonly pod?: PodSpec;
  /** The node, when the address is a node's as policy sees it (host endpoints hold it). */
  readonly node?: string;
}

export interface CalicoReferenceQuery {
  /** The pod whose policies are evaluated. */
  readonly subject: PodSpec;
  readonly direction: 'ingress' | 'egress';
  readonly source: CalicoReferenceEnd;
  readonly destination: CalicoReferenceEnd;
  readonly port: number;
  /** ICMP: the message `icmp`, or without one an echo request (type 8, or 128 over IPv6; code 0), port 0. IP: protocol number `ipProtocol`, port 0. */
  readonly protocol: Protocol | 'ICMP' | 'IP';
  readonly icmp?: { readonly type: number; readonly code: number };
  readonly ipProtocol?: number;
}

interface Policy {
  readonly tier: string;
  readonly order: number;
  readonly name: string;
  /** undefined for a GlobalNetworkPolicy. */
  readonly namespace: string | undefined;
  readonly applies: boolean;
  /** The first non-Log action of a matching rule, in rule order. */
  readonly action: () => 'Allow' | 'Deny' | 'Pass' | undefined;
}

/** 'Allow' or 'Deny' when a rule or an end of tier decides; undefined when the profile is reached. */
export function calicoReferenceAction(cluster: PolicyScope & { readonly networkPolicies: readonly NetworkPolicySpec[] }, q: CalicoReferenceQuery): 'Allow' | 'Deny' | undefined {
  const type = q.direction === 'ingress' ? 'Ingress' : 'Egress';
  const P = q.subject;
  const podLabels = (p: PodSpec): Labels => ({ ...p.labels, 'projectcalico.org/namespace': p.namespace, 'projectcalico.org/orchestrator': 'k8s' });
  const nsLabels = (name: string): Labels => ({
    'kubernetes.io/metadata.name': name,
    ...cluster.namespaces.find((n) => n.name === name)?.labels,
    'projectcalico.org/name': name,
  });
  const sel = (s: CalicoSelector | undefined, labels: Labels): boolean => s === undefined || matchesCalicoSelector(s, labels);
  const saLabels = (p: PodSpec): Labels => cluster.serviceAccounts?.find((sa) => sa.namespace === p.namespace && sa.name === (p.serviceAccount ?? 'default'))?.labels ?? {};
  const calicoRules = (rules: readonly CalicoRule[], namespace: string | undefined) => (): 'Allow' | 'Deny' | 'Pass' | undefined => {
    for (const r of rules) {
      if (!calicoRuleMatches(r, namespace, q, podLabels, nsLabels, setsOf(cluster), saLabels)) continue;
      if (r.action !== 'Log') return r.action;
    }
    return undefined;
  };
  const policies: Policy[] = [];
  for (const p of cluster.calicoNetworkPolicies ?? []) {
    policies.push({
      tier: p.tier,
      order: p.order ?? Infinity,
      name: `${p.namespace}/${p.name}`,
      namespace: p.namespace,
      applies: p.namespace === P.namespace && p.types.includes(type) && sel(p.selector, podLabels(P)) && sel(p.serviceAccountSelector, saLabels(P)),
      action: calicoRules(q.direction === 'ingress' ? p.ingress : p.egress, p.namespace),
    });
  }
  for (const p of cluster.calicoGlobalNetworkPolicies ?? []) {
    policies.push({
      tier: p.tier,
      order: p.order ?? Infinity,
      name: p.name,
      namespace: undefined,
      applies: p.types.includes(type) && sel(p.namespaceSelector, nsLabels(P.namespace)) && sel(p.selector, podLabels(P)) && sel(p.serviceAccountSelector, saLabels(P)),
      action: calicoRules(q.direction === 'ingress' ? p.ingress : p.egress, undefined),
    });
  }
  for (const np of cluster.networkPolicies) {
    const rules = q.direction === 'ingress' ? np.ingress : np.egress;
    const peer = q.direction === 'ingress' ? q.source : q.destination;
    policies.push({
      tier: 'default',
      order: 1000,
      name: `knp.default.${np.name}`,
      namespace: np.namespace,
      applies: np.namespace === P.namespace && np.policyTypes.includes(type) && matchesSelector(np.podSelector, P.labels),
      action: () => (rules.some((r) => kubernetesRuleMatches(np, r.peers, r.ports, peer, q, nsLabels)) ? 'Allow' : undefined),
    });
  }
  const tierObjects = cluster.calicoTierSpecs ?? [];
  const tierOrder = (t: string): number => tierObjects.find((x) => x.name === t)?.order ?? (t === 'default' ? 1_000_000 : Infinity);
  const tiers = [...new Set(policies.map((p) => p.tier))].sort((a, b) =>
    tierObjects.length > 0
      ? tierOrder(a) !== tierOrder(b)
        ? tierOrder(a) - tierOrder(b) < 0 ? -1 : 1
        : a < b ? -1 : 1
      : a === 'default' ? 1 : b === 'default' ? -1 : a < b ? -1 : 1,
  );
  for (const tier of tiers) {
    const inTier = policies
      .filter((p) => p.tier === tier && p.applies)
      .sort((a, b) => (a.order !== b.order ? (a.order < b.order ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    if (inTier.length === 0) continue;
    let passed = false;
    for (const p of inTier) {
      const action = p.action();
      if (action === 'Allow' || action === 'Deny') return action;
      if (action === 'Pass') {
        passed = true;
        break;
      }
    }
    if (!passed && tierObjects.find((x) => x.name === tier)?.defaultAction !== 'Pass') return 'Deny';
  }
  const profile = (cluster.calicoProfiles ?? []).find((x) => x.name === `kns.${P.namespace}`);
  if (profile === undefined) return undefined;
  const action = calicoRules(q.direction === 'ingress' ? profile.ingress : profile.egress, undefined)();
  return action === 'Allow' ? 'Allow' : 'Deny';
}

/** A network set or host endpoint as rule selectors see it. */
interface LabelledSet {
  readonly namespace: string | undefined;
  readonly labels: Labels;
  readonly holds: (end: CalicoReferenceEnd) => boolean;
}

function setsOf(cluster: PolicyScope): LabelledSet[] {
  const sets: LabelledSet[] = [];
  for (const n of cluster.calicoNetworkSets ?? [])
    sets.push({ namespace: n.namespace, labels: { ...n.labels, 'projectcalico.org/namespace': n.namespace }, holds: (e) => n.nets.some((c) => inCidr(c, e.ip)) });
  for (const n of cluster.calicoGlobalNetworkSets ?? []) sets.push({ namespace: undefined, labels: n.labels, holds: (e) => n.nets.some((c) => inCidr(c, e.ip)) });
  for (const h of cluster.calicoHostEndpoints ?? []) {
    let labels: Labels = {};
    for (const name of h.profiles) labels = { ...labels, ...(cluster.calicoProfiles ?? []).find((x) => x.name === name)?.labelsToApply };
    labels = { ...labels, ...h.labels };
    sets.push({
      namespace: undefined,
      labels,
      holds: (e) => h.expectedIPs.some((ip) => inCidr(`${ip}/${ip.includes(':') ? 128 : 32}`, e.ip)) || (h.interfaceName !== undefined && e.node === h.node),
    });
  }
  return sets;
}

function calicoRuleMatches(
  r: CalicoRule,
  namespace: string | undefined,
  q: Omit<CalicoReferenceQuery, 'subject'>,
  podLabels: (p: PodSpec) => Labels,
  nsLabels: (n: string) => Labels,
  sets: readonly LabelledSet[],
  saLabels: (p: PodSpec) => Labels,
): boolean {
  const peer = q.direction === 'ingress' ? q.source : q.destination;
  const v6 = peer.ip.includes(':');
  // Calico's docs: protocol ICMP (1) is IPv4's ICMP, ICMPv6 (58) IPv6's; the echo request is type 8 / 128, code 0;
  // UDPLite is protocol 136, and a number names the protocol of that number (IANA).
  const is = (p: CalicoProtocol | undefined): boolean =>
    p !== undefined &&
    (p.kind === 'modelled'
      ? p.protocol === q.protocol
      : p.kind === 'icmp'
        ? q.protocol === 'ICMP' && (p.family === 6) === v6
        : q.protocol === 'IP' && (p.name === 'UDPLite' ? 136 : Number(p.name)) === q.ipProtocol);
  const message = q.icmp ?? { type: v6 ? 128 : 8, code: 0 };
  const echo = (m: { type: number; code?: number }): boolean => q.protocol === 'ICMP' && m.type === message.type && (m.code === undefined || m.code === message.code);
  if (r.protocol !== undefined && !is(r.protocol)) return false;
  if (r.notProtocol !== undefined && is(r.notProtocol)) return false;
  if (r.icmp !== undefined && !echo(r.icmp)) return false;
  if (r.notICMP !== undefined && echo(r.notICMP)) return false;
  if (r.ipVersion !== undefined && (!ipaddr.isValid(peer.ip) || ipaddr.parse(peer.ip).kind() !== (r.ipVersion === 4 ? 'ipv4' : 'ipv6'))) return false;
  if (!entityMatches(r.source, q.source, namespace, podLabels, nsLabels, sets, saLabels)) return false;
  if (!entityMatches(r.destination, q.destination, namespace, podLabels, nsLabels, sets, saLabels)) return false;
  const portHit = (p: CalicoPort): boolean => {
    if (p.kind === 'range') return p.start <= q.port && q.port <= p.end;
    if (!is(r.protocol)) return false;
    return (q.destination.pod?.ports ?? []).some((cp) => cp.name === p.name && cp.protocol === q.protocol && cp.containerPort === q.port);
  };
  if (r.destination.ports.length > 0 && !r.destination.ports.some(portHit)) return false;
  return !r.destination.notPorts.some(portHit);
}

function entityMatches(
  e: CalicoEntity,
  end: CalicoReferenceEnd,
  namespace: string | undefined,
  podLabels: (p: PodSpec) => Labels,
  nsLabels: (n: string) => Labels,
  sets: readonly LabelledSet[],
  saLabels: (p: PodSpec) => Labels,
): boolean {
  if (e.nets.length > 0 && !e.nets.some((c) => inCidr(c, end.ip))) return false;
  if (e.notNets.some((c) => inCidr(c, end.ip))) return false;
  const pod = end.pod;
  const nsScoped = (ns: string): boolean => (e.namespaceSelector !== undefined ? matchesCalicoSelector(e.namespaceSelector, nsLabels(ns)) : namespace === undefined || namespace === ns);
  const scoped = (p: PodSpec): boolean => nsScoped(p.namespace);
  const setScoped = (x: LabelledSet): boolean =>
    x.namespace !== undefined ? nsScoped(x.namespace) : e.namespaceSelector !== undefined ? namespaceSelectorTakesGlobal(e.namespaceSelector) : namespace === undefined;
  const aSet = (sel: CalicoSelector): boolean => sets.some((x) => setScoped(x) && x.holds(end) && matchesCalicoSelector(sel, x.labels, x.namespace === undefined ? 'global' : 'namespaced'));
  if (e.selector !== undefined) {
    if (!(pod !== undefined && scoped(pod) && matchesCalicoSelector(e.selector, podLabels(pod))) && !aSet(e.selector)) return false;
  } else if (e.namespaceSelector !== undefined) {
    if (!(pod !== undefined && scoped(pod)) && !aSet({ kind: 'all' })) return false;
  }
  if (e.notSelector !== undefined && ((pod !== undefined && scoped(pod) && matchesCalicoSelector(e.notSelector, podLabels(pod))) || aSet(e.notSelector))) return false;
  if (e.serviceAccountNames.length > 0 && (pod === undefined || !e.serviceAccountNames.includes(pod.serviceAccount ?? 'default'))) return false;
  if (e.serviceAccountSelector !== undefined && (pod === undefined || !matchesCalicoSelector(e.serviceAccountSelector, saLabels(pod)))) return false;
  return true;
}

/** A connection leaving node `node` through the interface holding `interfaceIp`. */
export interface CalicoHostEgressQuery {
  readonly node: string;
  readonly interfaceIp: string;
  /** Sent by the host's own process (else forwarded: from a pod of the node, or routed on). */
  readonly local: boolean;
  readonly source: CalicoReferenceEnd;
  readonly destination: CalicoReferenceEnd;
  readonly port: number;
  readonly protocol: Protocol;
}

/** Whether egress host endpoint policy lets the connection out (policy/calico-host.ts, 7 and 8). */
export function calicoHostEgressReference(cluster: PolicyScope, q: CalicoHostEgressQuery): boolean {
  // "interfaceName: *" stands for every interface; a name for that one (unless expectedIPs leave the address out); none: the interface holding one of expectedIPs.
  const hep = (cluster.calicoHostEndpoints ?? []).find(
    (h) => h.node === q.node && (h.interfaceName === '*' || (h.interfaceName !== undefined && (h.expectedIPs.length === 0 || h.expectedIPs.includes(q.interfaceIp))) || (h.interfaceName === undefined && h.expectedIPs.includes(q.interfaceIp))),
  );
  if (hep === undefined) return true;
  if (q.local && DEFAULT_FAILSAFE_OUTBOUND.some((f) => f.protocol === q.protocol && f.port === q.port)) return true;
  const profiles = hep.profiles.map((name) => ({ name, profile: (cluster.calicoProfiles ?? []).find((x) => x.name === name) }));
  let labels: Labels = {};
  for (const { profile } of profiles) labels = { ...labels, ...profile?.labelsToApply };
  labels = { ...labels, ...hep.labels };
  const nsLabels = (name: string): Labels => ({ 'kubernetes.io/metadata.name': name, ...cluster.namespaces.find((n) => n.name === name)?.labels, 'projectcalico.org/name': name });
  const podLabels = (p: PodSpec): Labels => ({ ...p.labels, 'projectcalico.org/namespace': p.namespace, 'projectcalico.org/orchestrator': 'k8s' });
  const saLabels = (p: PodSpec): Labels => cluster.serviceAccounts?.find((sa) => sa.namespace === p.namespace && sa.name === (p.serviceAccount ?? 'default'))?.labels ?? {};
  const rq = { direction: 'egress' as const, source: q.source, destination: q.destination, port: q.port, protocol: q.protocol };
  const first = (rules: readonly CalicoRule[]): 'Allow' | 'Deny' | 'Pass' | undefined => {
    for (const r of rules) if (r.action !== 'Log' && calicoRuleMatches(r, undefined, rq, podLabels, nsLabels, setsOf(cluster), saLabels)) return r.action;
    return undefined;
  };
  const tierObjects = cluster.calicoTierSpecs ?? [];
  const tierOrder = (t: string): number => tierObjects.find((x) => x.name === t)?.order ?? (t === 'default' ? 1_000_000 : Infinity);
  // One phase: 'Allow' or 'Deny' when decided, undefined when it goes on, 'none' when no policy of the phase applies.
  const phase = (kind: 'untracked' | 'normal' | 'forward'): 'Allow' | 'Deny' | 'none' | undefined => {
    // A host endpoint for every interface takes no untracked policy.
    if (kind === 'untracked' && hep.interfaceName === '*') return undefined;
    const applying = (cluster.calicoGlobalNetworkPolicies ?? []).filter(
      (p) =>
        (kind === 'untracked' ? p.doNotTrack === true : p.doNotTrack !== true && p.preDNAT !== true && (kind === 'normal' || p.applyOnForward === true)) &&
        p.types.includes('Egress') &&
        p.namespaceSelector === undefined &&
        p.serviceAccountSelector === undefined &&
        matchesCalicoSelector(p.selector, labels, 'global'),
    );
    if (applying.length === 0 && kind === 'forward') return 'none';
    const tiers = [...new Set(applying.map((p) => p.tier))].sort((a, b) =>
      tierObjects.length > 0 ? (tierOrder(a) !== tierOrder(b) ? (tierOrder(a) - tierOrder(b) < 0 ? -1 : 1) : a < b ? -1 : 1) : a === 'default' ? 1 : b === 'default' ? -1 : a < b ? -1 : 1,
    );
    for (const tier of tiers) {
      const inTier = applying.filter((p) => p.tier === tier).sort((a, b) => ((a.order ?? Infinity) !== (b.order ?? Infinity) ? ((a.order ?? Infinity) < (b.order ?? Infinity) ? -1 : 1) : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      let passed = false;
      for (const p of inTier) {
        const action = first(p.egress);
        if (action === 'Allow' || action === 'Deny') return action;
        if (action === 'Pass') {
          passed = true;
          break;
        }
      }
      // Untracked policy has no default drop; normal policy denies at the end of a tier whose default action is Deny.
      if (!passed && kind !== 'untracked' && tierObjects.find((x) => x.name === tier)?.defaultAction !== 'Pass') return 'Deny';
    }
    if (kind === 'untracked') return undefined;
    // Left to the profiles (or no policy applies to local traffic): the first acting profile rule; the default-allow profile allows.
    for (const { name, profile } of profiles) {
      if (profile === undefined) {
        if (name === 'projectcalico-default-allow') return 'Allow';
        continue;
      }
      const action = first(profile.egress);
      if (action === 'Allow' || action === 'Deny') return action;
    }
    return 'Deny';
  };
  if (!q.local) {
    const forward = phase('forward');
    return forward === 'none' || forward === 'Allow';
  }
  const untracked = phase('untracked');
  if (untracked === 'Allow') return true;
  if (untracked === 'Deny') return false;
  return phase('normal') === 'Allow';
}

function kubernetesRuleMatches(
  np: NetworkPolicySpec,
  peers: readonly NetworkPolicyPeer[],
  ports: NetworkPolicySpec['ingress'][number]['ports'],
  peer: CalicoReferenceEnd,
  q: CalicoReferenceQuery,
  nsLabels: (n: string) => Labels,
): boolean {
  const peerOk =
    peers.length === 0 ||
    peers.some((p) => {
      if (p.ipBlock !== undefined) return inCidr(p.ipBlock.cidr, peer.ip) && !p.ipBlock.except.some((x) => inCidr(x, peer.ip));
      const pod = peer.pod;
      if (pod === undefined) return false;
      const nsOk = p.namespaceSelector === undefined ? pod.namespace === np.namespace : matchesSelector(p.namespaceSelector, nsLabels(pod.namespace));
      return nsOk && (p.podSelector === undefined || matchesSelector(p.podSelector, pod.labels));
    });
  const portOk =
    ports.length === 0 ||
    ports.some((pp) => {
      if (pp.protocol !== q.protocol) return false;
      if (pp.port === undefined) return true;
      if (typeof pp.port === 'number') return pp.endPort === undefined ? pp.port === q.port : pp.port <= q.port && q.port <= pp.endPort;
      return (q.destination.pod?.ports ?? []).some((cp) => cp.name === pp.port && cp.protocol === q.protocol && cp.containerPort === q.port);
    });
  return peerOk && portOk;
}

function inCidr(cidr: string, ip: string): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const addr = ipaddr.parse(ip);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  return addr.kind() === net.kind() && addr.match(net, bits);
}

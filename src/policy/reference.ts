/**
 * A deliberately naive policy oracle, written straight from the text of reference §6.4 (with
 * the §6.1, §6.3, §6.7 and §6.9 rules it refers to and the Settings that make them concrete)
 * and §7 (AdminNetworkPolicy before NetworkPolicy, BaselineAdminNetworkPolicy after it); with
 * Calico policies that Calico enforces (Settings.calicoPolicy), calico-reference.ts in
 * NetworkPolicy's place (policy/calico.ts's header); with Cilium policies and no enforced Calico ones, cilium-reference.ts (policy/cilium.ts's header). No index, no shared matching code: every query scans every policy in the cluster.
 * Property tests compare `evaluatePolicies` against it; it is not meant for production use.
 */
import type { PolicyScope } from '../spec/policy-scope.js';
import ipaddr from 'ipaddr.js';
import { hasCalicoPolicies } from '../spec/calico.js';
import { calicoReferenceAction, type CalicoReferenceEnd } from './calico-reference.js';
import { ciliumEnforces } from '../spec/cilium.js';
import { ciliumReferenceAction, type CiliumReferenceEnd } from './cilium-reference.js';
import { matchesSelector } from '../spec/selector.js';
import type {
  AdminNetworkPolicySpec,
  AdminPolicyAction,
  AdminPolicyPeer,
  AdminPolicyRule,
  AdminPolicySubject,
  BaselineAdminNetworkPolicySpec,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  NetworkPolicySpec,
  PodSpec,
  Protocol,
} from '../spec/types.js';

export interface ReferenceCluster extends PolicyScope {
  readonly networkPolicies: readonly NetworkPolicySpec[];
}

/** One side of a connection: a pod (hostNetwork ones included, with the node's IP), a node address, or anything else. */
export type ReferenceEndpoint =
  | { readonly kind: 'pod'; readonly pod: PodSpec; readonly ip: string }
  | { readonly kind: 'node'; readonly node: string; readonly ip: string }
  | { readonly kind: 'external'; readonly ip: string };

export function referenceAllowed(
  cluster: ReferenceCluster,
  src: ReferenceEndpoint,
  dst: ReferenceEndpoint,
  port: number,
  protocol: Protocol | 'ICMP' | 'IP',
  /** The source the destination sees after masquerade; the ingress check uses it. Defaults to `src`. */
  seenSrc: ReferenceEndpoint = src,
  /** With ICMP: the message (absent: the echo request); with IP: the protocol number. */
  detail: { readonly icmp?: { readonly type: number; readonly code: number }; readonly ipProtocol?: number } = {},
): boolean {
  const s = cluster.settings;
  if (s.networkPolicyEnforcement === 'none') return true;
  if (s.selfTrafficAllowed && src.kind === 'pod' && dst.kind === 'pod' && src.pod.namespace === dst.pod.namespace && src.pod.name === dst.pod.name) {
    return true;
  }

  const calico = hasCalicoPolicies(cluster) && s.calicoPolicy === 'enforced';
  // Under Cilium an ipBlock is a CIDR selector: the world only, and nodes or pods as policy-cidr-match-mode adds them (policy/cilium.ts, 8).
  const ciliumCidrSees = (e: ReferenceEndpoint): boolean =>
    asPolicyPod(cluster, e) !== undefined ? s.ciliumCidrMatchMode.includes('pods') : nodeOf(cluster, e) !== undefined ? s.ciliumCidrMatchMode.includes('nodes') : true;
  const cilium = !calico && ciliumEnforces(cluster);
  // "if src is pod P (non-hostNetwork)"
  const P = asPolicyPod(cluster, src);
  if (P !== undefined && s.networkPolicyEnforcement === 'full') {
    // §7: AdminNetworkPolicies first; Allow and Deny are final, Pass goes on to NetworkPolicy.
    const q: AdminQuery = { subject: P, direction: 'egress', peer: dst, port, protocol, destination: dst };
    const admin = adminAction(cluster, q);
    if (admin === 'Deny') return false;
    const dstIsOwnNode = nodeOf(cluster, dst) === P.node;
    if (admin !== 'Allow' && calico) {
      // Calico: its tiers in place of NetworkPolicy (policy/calico.ts); the profile, then the baseline.
      const action = calicoReferenceAction(cluster, { subject: P, direction: 'egress', source: { ip: src.ip, pod: P }, destination: calicoEnd(cluster, dst), port, protocol, ...detail });
      if (action === 'Deny' && !(s.podToOwnNodeAllowed && dstIsOwnNode)) return false;
      if (action === undefined && baselineAction(cluster, q) === 'Deny') return false;
    } else if (admin !== 'Allow' && cilium) {
      // Cilium: deny rules, allow rules and default deny in place of NetworkPolicy (policy/cilium.ts); then the baseline.
      const action = ciliumReferenceAction(
        cluster,
        { subject: P, direction: 'egress', peer: ciliumEnd(cluster, dst), port, protocol, ...(detail.icmp ? { icmpType: detail.icmp.type } : {}), destinationPorts: asPolicyPod(cluster, dst)?.ports },
        (np, r) => ruleMatches(cluster, np, r, dst, port, protocol, dst, ciliumCidrSees),
      );
      if (action === 'deny-rule') return false;
      if (action === 'default-deny' && !(s.podToOwnNodeAllowed && dstIsOwnNode)) return false;
      if (action === undefined && baselineAction(cluster, q) === 'Deny') return false;
    } else if (admin !== 'Allow') {
      const E = cluster.networkPolicies.filter(
        (np) => np.namespace === P.namespace && matchesSelector(np.podSelector, P.labels) && np.policyTypes.includes('Egress'),
      );
      const anyRuleMatches = E.some((np) => np.egress.some((r) => ruleMatches(cluster, np, r, dst, port, protocol, dst)));
      if (E.length > 0 && !anyRuleMatches && !(s.podToOwnNodeAllowed && dstIsOwnNode)) return false;
      // §7: the baseline only for pods NetworkPolicy does not isolate in this direction.
      if (E.length === 0 && baselineAction(cluster, q) === 'Deny') return false;
    }
  }

  // "if dst is pod Q (non-hostNetwork)"
  const Q = asPolicyPod(cluster, dst);
  if (Q !== undefined) {
    const q: AdminQuery = { subject: Q, direction: 'ingress', peer: seenSrc, port, protocol, destination: dst };
    const admin = adminAction(cluster, q);
    if (admin === 'Deny') return false;
    const srcIsOwnNode = nodeOf(cluster, seenSrc) === Q.node;
    if (admin !== 'Allow' && !srcIsOwnNode && calico) {
      const action = calicoReferenceAction(cluster, { subject: Q, direction: 'ingress', source: calicoEnd(cluster, seenSrc), destination: { ip: dst.ip, pod: Q }, port, protocol, ...detail });
      if (action === 'Deny') return false;
      if (action === undefined && baselineAction(cluster, q) === 'Deny') return false;
    } else if (admin !== 'Allow' && !srcIsOwnNode && cilium) {
      const action = ciliumReferenceAction(
        cluster,
        { subject: Q, direction: 'ingress', peer: ciliumEnd(cluster, seenSrc), port, protocol, ...(detail.icmp ? { icmpType: detail.icmp.type } : {}), destinationPorts: Q.ports },
        (np, r) => ruleMatches(cluster, np, r, seenSrc, port, protocol, dst, ciliumCidrSees),
      );
      if (action === 'deny-rule' || action === 'default-deny') return false;
      if (action === undefined && baselineAction(cluster, q) === 'Deny') return false;
    } else if (admin !== 'Allow' && !srcIsOwnNode) {
      const I = cluster.networkPolicies.filter(
        (np) => np.namespace === Q.namespace && matchesSelector(np.podSelector, Q.labels) && np.policyTypes.includes('Ingress'),
      );
      const anyRuleMatches = I.some((np) => np.ingress.some((r) => ruleMatches(cluster, np, r, seenSrc, port, protocol, dst)));
      if (I.length > 0 && !anyRuleMatches) return false;
      if (I.length === 0 && baselineAction(cluster, q) === 'Deny') return false;
    }
  }
  return true;
}

/** One direction of a connection as an admin policy's rules see it: the selected pod, the other side, the destination. */
interface AdminQuery {
  readonly subject: PodSpec;
  readonly direction: 'ingress' | 'egress';
  readonly peer: ReferenceEndpoint;
  readonly port: number;
  readonly protocol: Protocol | 'ICMP' | 'IP';
  readonly destination: ReferenceEndpoint;
}

/** The action of `policy`'s first rule in the query's direction that matches, when the policy selects the subject. */
function policyAction(cluster: ReferenceCluster, policy: AdminNetworkPolicySpec | BaselineAdminNetworkPolicySpec, q: AdminQuery): AdminPolicyAction | undefined {
  if (!subjectMatches(cluster, policy.subject, q.subject)) return undefined;
  const rules = q.direction === 'ingress' ? policy.ingress : policy.egress;
  return rules.find((r) => adminRuleMatches(cluster, r, q.peer, q.port, q.protocol, q.destination))?.action;
}

/** The action of the first matching rule of the first selecting ANP in (priority, name) order that has one. */
function adminAction(cluster: ReferenceCluster, q: AdminQuery): AdminPolicyAction | undefined {
  const ordered = [...(cluster.adminNetworkPolicies ?? [])].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const anp of ordered) {
    const action = policyAction(cluster, anp, q);
    if (action !== undefined) return action;
  }
  return undefined;
}

function baselineAction(cluster: ReferenceCluster, q: AdminQuery): AdminPolicyAction | undefined {
  const banp = cluster.baselineAdminNetworkPolicy;
  return banp === undefined ? undefined : policyAction(cluster, banp, q);
}

function subjectMatches(cluster: ReferenceCluster, subject: AdminPolicySubject, pod: PodSpec): boolean {
  const nsOk = matchesSelector(subject.namespaces, namespaceLabels(cluster, pod.namespace));
  if (subject.kind === 'namespaces') return nsOk;
  return nsOk && matchesSelector(subject.pods, pod.labels);
}

function adminRuleMatches(
  cluster: ReferenceCluster,
  rule: AdminPolicyRule,
  peer: ReferenceEndpoint,
  port: number,
  protocol: Protocol | 'ICMP' | 'IP',
  destination: ReferenceEndpoint,
): boolean {
  const peerOk = rule.peers.some((p) => adminPeerMatches(cluster, p, peer));
  if (!peerOk) return false;
  if (rule.ports === undefined) return true;
  return rule.ports.some((pp) => {
    if (pp.kind === 'number') return pp.protocol === protocol && pp.port === port;
    if (pp.kind === 'range') return pp.protocol === protocol && pp.start <= port && port <= pp.end;
    const target = asPolicyPod(cluster, destination);
    return target !== undefined && target.ports.some((cp) => cp.name === pp.name && cp.protocol === protocol && cp.containerPort === port);
  });
}

function adminPeerMatches(cluster: ReferenceCluster, p: AdminPolicyPeer, e: ReferenceEndpoint): boolean {
  if (p.kind === 'networks') return p.cidrs.some((c) => inCidr(c, e.ip));
  if (p.kind === 'nodes') {
    const node = nodeOf(cluster, e);
    const labels = cluster.nodes?.find((n) => n.name === node)?.labels;
    return node !== undefined && labels !== undefined && matchesSelector(p.nodes, labels);
  }
  const pod = asPolicyPod(cluster, e);
  if (pod === undefined) return false;
  if (!matchesSelector(p.namespaces, namespaceLabels(cluster, pod.namespace))) return false;
  return p.kind === 'namespaces' || matchesSelector(p.pods, pod.labels);
}

/** An end as the Calico oracle sees it: its address, and the pod when policy treats it as one. */
function calicoEnd(cluster: ReferenceCluster, e: ReferenceEndpoint): CalicoReferenceEnd {
  const pod = asPolicyPod(cluster, e);
  const node = nodeOf(cluster, e);
  return { ip: e.ip, ...(pod === undefined ? {} : { pod }), ...(node === undefined ? {} : { node }) };
}

/** An end as the Cilium oracle sees it: its address, the pod when policy treats it as one, the node when it counts as one. */
function ciliumEnd(cluster: ReferenceCluster, e: ReferenceEndpoint): CiliumReferenceEnd {
  const pod = asPolicyPod(cluster, e);
  const node = nodeOf(cluster, e);
  return { ip: e.ip, ...(pod === undefined ? {} : { pod }), ...(node === undefined ? {} : { node }) };
}

/** The pod policy treats as a pod: a non-hostNetwork pod, or any pod when hostNetworkPolicy is 'pod'. */
function asPolicyPod(cluster: ReferenceCluster, e: ReferenceEndpoint): PodSpec | undefined {
  if (e.kind !== 'pod') return undefined;
  if (e.pod.hostNetwork && cluster.settings.hostNetworkPolicy === 'node') return undefined;
  return e.pod;
}

/** The node an endpoint counts as: a node address, or a hostNetwork pod when hostNetworkPolicy is 'node'. */
function nodeOf(cluster: ReferenceCluster, e: ReferenceEndpoint): string | undefined {
  if (e.kind === 'node') return e.node;
  if (e.kind === 'pod' && e.pod.hostNetwork && cluster.settings.hostNetworkPolicy === 'node') return e.pod.node;
  return undefined;
}

/** Rule = (peers) AND (ports); empty peers = everyone; empty ports = everything; elements OR'ed. `ipBlockSees`: which endpoints an ipBlock may match at all (every one, but under Cilium). */
function ruleMatches(
  cluster: ReferenceCluster,
  np: NetworkPolicySpec,
  rule: NetworkPolicyRule,
  peer: ReferenceEndpoint,
  port: number,
  protocol: Protocol | 'ICMP' | 'IP',
  destination: ReferenceEndpoint,
  ipBlockSees: (e: ReferenceEndpoint) => boolean = () => true,
): boolean {
  const peerOk = rule.peers.length === 0 || rule.peers.some((p) => (p.ipBlock === undefined || ipBlockSees(peer)) && peerMatches(cluster, np, p, peer));
  const portOk =
    rule.ports.length === 0 ||
    rule.ports.some((pp) => {
      if (pp.protocol !== protocol) return false;
      if (pp.port === undefined) return true;
      if (typeof pp.port === 'number') return pp.endPort === undefined ? pp.port === port : pp.port <= port && port <= pp.endPort;
      // Named port: a containerPort of the destination pod with that name and protocol.
      const target = asPolicyPod(cluster, destination);
      if (target === undefined) return false;
      return target.ports.some((cp) => cp.name === pp.port && cp.protocol === protocol && cp.containerPort === port);
    });
  return peerOk && portOk;
}

function peerMatches(cluster: ReferenceCluster, np: NetworkPolicySpec, p: NetworkPolicyPeer, e: ReferenceEndpoint): boolean {
  if (p.ipBlock !== undefined) {
    return inCidr(p.ipBlock.cidr, e.ip) && !p.ipBlock.except.some((x) => inCidr(x, e.ip));
  }
  const pod = asPolicyPod(cluster, e);
  if (pod === undefined) return false;
  if (p.podSelector !== undefined && p.namespaceSelector === undefined) {
    return pod.namespace === np.namespace && matchesSelector(p.podSelector, pod.labels);
  }
  if (p.podSelector === undefined && p.namespaceSelector !== undefined) {
    return matchesSelector(p.namespaceSelector, namespaceLabels(cluster, pod.namespace));
  }
  if (p.podSelector !== undefined && p.namespaceSelector !== undefined) {
    return matchesSelector(p.namespaceSelector, namespaceLabels(cluster, pod.namespace)) && matchesSelector(p.podSelector, pod.labels);
  }
  return false;
}

function namespaceLabels(cluster: ReferenceCluster, name: string): Record<string, string> {
  const ns = cluster.namespaces.find((n) => n.name === name);
  return { 'kubernetes.io/metadata.name': name, ...ns?.labels };
}

function inCidr(cidr: string, ip: string): boolean {
  const addr = ipaddr.parse(ip);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  return addr.kind() === net.kind() && addr.match(net, bits);
}

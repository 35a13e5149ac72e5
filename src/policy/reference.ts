/**
 * A deliberately naive NetworkPolicy oracle, written straight from the text of reference §6.4
 * (with the §6.1, §6.3, §6.7 and §6.9 rules it refers to and the Settings that make them
 * concrete). No index, no shared matching code: every query scans every policy in the cluster.
 * Property tests compare `evaluatePolicies` against it; it is not meant for production use.
 */
import ipaddr from 'ipaddr.js';
import { matchesSelector } from '../spec/selector.js';
import type {
  NamespaceSpec,
  NetworkPolicyPeer,
  NetworkPolicyRule,
  NetworkPolicySpec,
  PodSpec,
  Protocol,
  Settings,
} from '../spec/types.js';

export interface ReferenceCluster {
  readonly namespaces: readonly NamespaceSpec[];
  readonly networkPolicies: readonly NetworkPolicySpec[];
  readonly settings: Settings;
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
  protocol: Protocol,
  /** The source the destination sees after masquerade; the ingress check uses it. Defaults to `src`. */
  seenSrc: ReferenceEndpoint = src,
): boolean {
  const s = cluster.settings;
  if (s.networkPolicyEnforcement === 'none') return true;
  if (s.selfTrafficAllowed && src.kind === 'pod' && dst.kind === 'pod' && src.pod.namespace === dst.pod.namespace && src.pod.name === dst.pod.name) {
    return true;
  }

  // "if src is pod P (non-hostNetwork)"
  const P = asPolicyPod(cluster, src);
  if (P !== undefined && s.networkPolicyEnforcement === 'full') {
    const E = cluster.networkPolicies.filter(
      (np) => np.namespace === P.namespace && matchesSelector(np.podSelector, P.labels) && np.policyTypes.includes('Egress'),
    );
    const anyRuleMatches = E.some((np) => np.egress.some((r) => ruleMatches(cluster, np, r, dst, port, protocol, dst)));
    const dstIsOwnNode = nodeOf(cluster, dst) === P.node;
    if (E.length > 0 && !anyRuleMatches && !(s.podToOwnNodeAllowed && dstIsOwnNode)) return false;
  }

  // "if dst is pod Q (non-hostNetwork)"
  const Q = asPolicyPod(cluster, dst);
  if (Q !== undefined) {
    const srcIsOwnNode = nodeOf(cluster, seenSrc) === Q.node;
    if (!srcIsOwnNode) {
      const I = cluster.networkPolicies.filter(
        (np) => np.namespace === Q.namespace && matchesSelector(np.podSelector, Q.labels) && np.policyTypes.includes('Ingress'),
      );
      const anyRuleMatches = I.some((np) => np.ingress.some((r) => ruleMatches(cluster, np, r, seenSrc, port, protocol, dst)));
      if (I.length > 0 && !anyRuleMatches) return false;
    }
  }
  return true;
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

/** Rule = (peers) AND (ports); empty peers = everyone; empty ports = everything; elements OR'ed. */
function ruleMatches(
  cluster: ReferenceCluster,
  np: NetworkPolicySpec,
  rule: NetworkPolicyRule,
  peer: ReferenceEndpoint,
  port: number,
  protocol: Protocol,
  destination: ReferenceEndpoint,
): boolean {
  const peerOk = rule.peers.length === 0 || rule.peers.some((p) => peerMatches(cluster, np, p, peer));
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

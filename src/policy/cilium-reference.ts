/**
 * A deliberately naive Cilium oracle, written from the specification in policy/cilium.ts's header
 * (Cilium's documentation) and nothing else of that module: for one direction of one pod, every
 * query scans every rule of every policy, collecting the deny rules, the allow rules and whether
 * the pod is in default deny, and only then decides. The Kubernetes NetworkPolicies take part
 * through the caller's own naive matching (reference.ts). Property tests compare
 * policy/evaluate.ts (which uses cilium.ts) against reference.ts, which calls this; it is not meant
 * for production use.
 */
import ipaddr from 'ipaddr.js';
import type { CiliumFqdn, CiliumPeer, CiliumPort, CiliumRule, CiliumSpecRule } from '../spec/cilium.js';
import { matchesSelector } from '../spec/selector.js';
import type { ContainerPort, LabelSelector, Labels, NetworkPolicyRule, NetworkPolicySpec, PodSpec, Protocol } from '../spec/types.js';
import type { PolicyScope } from '../spec/policy-scope.js';

/** The other end of the connection: its address, the pod when policy treats it as one, the node when it is one. */
export interface CiliumReferenceEnd {
  readonly ip: string;
  readonly pod?: PodSpec;
  readonly node?: string;
}

export interface CiliumReferenceQuery {
  /** The pod whose policies are evaluated. */
  readonly subject: PodSpec;
  readonly direction: 'ingress' | 'egress';
  readonly peer: CiliumReferenceEnd;
  readonly port: number;
  /** ICMP: an ICMP message of type `icmpType`, or without one an echo request (type 8, or 128 over IPv6), port 0. IP: another IP protocol, port 0. */
  readonly protocol: Protocol | 'ICMP' | 'IP';
  readonly icmpType?: number;
  /** The destination pod's container ports (named ports); undefined when the destination is no pod. */
  readonly destinationPorts: readonly ContainerPort[] | undefined;
}

/**
 * 'deny-rule' when a deny rule matches; 'allow' when an allow rule does; 'default-deny' when the
 * pod is in default deny and nothing allows; undefined when the pod is in no default deny and no
 * rule matched.
 */
export type CiliumReferenceAction = 'deny-rule' | 'allow' | 'default-deny' | undefined;

export function ciliumReferenceAction(
  cluster: PolicyScope & { readonly networkPolicies: readonly NetworkPolicySpec[] },
  q: CiliumReferenceQuery,
  /** The caller's matching of a Kubernetes NetworkPolicy rule against the query's connection. */
  kubernetesRuleMatches: (np: NetworkPolicySpec, rule: NetworkPolicyRule) => boolean,
): CiliumReferenceAction {
  const nsLabels = (name: string): Labels => ({ 'kubernetes.io/metadata.name': name, ...cluster.namespaces.find((n) => n.name === name)?.labels });
  const ciliumLabels = (p: PodSpec): Labels => {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(nsLabels(p.namespace))) out[`io.cilium.k8s.namespace.labels.${k}`] = v;
    Object.assign(out, p.labels);
    out['io.kubernetes.pod.namespace'] = p.namespace;
    out['io.cilium.k8s.policy.serviceaccount'] = p.serviceAccount ?? 'default';
    out['io.cilium.k8s.policy.cluster'] = 'default';
    return out;
  };
  const ingress = q.direction === 'ingress';
  const denies: boolean[] = [];
  const allows: boolean[] = [];
  let defaultDeny = false;

  // Without enable-node-selector-labels Cilium refuses a policy naming fromNodes or toNodes: it plays no part.
  const refused = (specRules: readonly CiliumSpecRule[]): boolean =>
    !cluster.settings.ciliumNodeSelectorLabels && specRules.some((s) => [...(s.ingress ?? []), ...(s.ingressDeny ?? []), ...(s.egress ?? []), ...(s.egressDeny ?? [])].some((r) => r.peers.some((p) => p.kind === 'nodes')));
  const rulesOf = (policyNamespace: string | undefined, specRules: readonly CiliumSpecRule[]): void => {
    if (refused(specRules)) return;
    for (const s of specRules) {
      if (policyNamespace !== undefined && q.subject.namespace !== policyNamespace) continue;
      if (!matchesSelector(s.endpointSelector, ciliumLabels(q.subject))) continue;
      const allowRules = ingress ? s.ingress : s.egress;
      const denyRules = ingress ? s.ingressDeny : s.egressDeny;
      if ((allowRules !== undefined || denyRules !== undefined) && (ingress ? s.defaultDeny.ingress : s.defaultDeny.egress)) defaultDeny = true;
      for (const r of allowRules ?? []) allows.push(ruleMatches(r, policyNamespace));
      for (const r of denyRules ?? []) denies.push(ruleMatches(r, policyNamespace));
    }
  };

  const ruleMatches = (r: CiliumRule, policyNamespace: string | undefined): boolean => {
    const icmps = r.icmps ?? [];
    if (r.matchesNothing) return false;
    if (r.peers.length === 0 && r.toPorts.length === 0 && icmps.length === 0) return false;
    const l3 = r.peers.length === 0 || r.peers.some((p) => peerMatches(p, policyNamespace));
    // Cilium's docs: toPorts carry TCP, UDP and SCTP; ICMP is allowed by `icmps` (echo request: 8, or 128 over IPv6) or by an L3-only rule; other IP protocols by an L3-only rule alone.
    const v6 = q.peer.ip.includes(':');
    const l4 =
      r.toPorts.length === 0 && icmps.length === 0
        ? true
        : q.protocol === 'ICMP'
          ? icmps.some((f) => f.family === (v6 ? 6 : 4) && f.type === (q.icmpType ?? (v6 ? 128 : 8)))
          : q.protocol === 'IP'
            ? false
            : r.toPorts.some((pr) => pr.ports.length === 0 || pr.ports.some(portMatches));
    return l3 && l4;
  };

  const portMatches = (p: CiliumPort): boolean => {
    const protocolOk = p.protocol === 'ANY' || p.protocol === q.protocol;
    if (!protocolOk) return false;
    if (p.port === undefined || p.port === 0) return true;
    if (typeof p.port === 'string') {
      return (q.destinationPorts ?? []).some((c) => c.name === p.port && c.containerPort === q.port && c.protocol === q.protocol);
    }
    const end = p.endPort ?? p.port;
    return q.port >= p.port && q.port <= end;
  };

  const isWorld = q.peer.pod === undefined && q.peer.node === undefined;
  // CIDR selectors: the world, and the nodes or pods policy-cidr-match-mode names.
  const modes = cluster.settings.ciliumCidrMatchMode;
  const cidrSees = isWorld || (q.peer.pod !== undefined && modes.includes('pods')) || (q.peer.node !== undefined && modes.includes('nodes'));
  const peerMatches = (p: CiliumPeer, policyNamespace: string | undefined): boolean => {
    if (p.kind === 'endpoints') {
      const pod = q.peer.pod;
      if (pod === undefined) return false;
      const namesNs = 'io.kubernetes.pod.namespace' in p.selector.matchLabels || p.selector.matchExpressions.some((e) => e.key === 'io.kubernetes.pod.namespace');
      const scoped: LabelSelector = policyNamespace !== undefined && !namesNs ? { ...p.selector, matchLabels: { ...p.selector.matchLabels, 'io.kubernetes.pod.namespace': policyNamespace } } : p.selector;
      return matchesSelector(scoped, ciliumLabels(pod));
    }
    if (p.kind === 'entity') {
      const family = ipaddr.parse(q.peer.ip).kind();
      const table: Record<string, boolean> = {
        all: true,
        world: isWorld,
        'world-ipv4': isWorld && family === 'ipv4',
        'world-ipv6': isWorld && family === 'ipv6',
        cluster: !isWorld,
        host: q.peer.node !== undefined && q.peer.node === q.subject.node,
        'remote-node': q.peer.node !== undefined && q.peer.node !== q.subject.node,
        'kube-apiserver': q.peer.node !== undefined && q.peer.node === cluster.nodes?.[0]?.name,
      };
      return table[p.entity] ?? false;
    }
    if (p.kind === 'nodes') {
      // A remote node (never the subject's own) whose labels, with the cluster's name, the selector matches.
      const node = q.peer.node;
      if (node === undefined || node === q.subject.node) return false;
      return matchesSelector(p.selector, { ...cluster.nodes?.find((n) => n.name === node)?.labels, 'io.cilium.k8s.policy.cluster': 'default' });
    }
    if (p.kind === 'service' || p.kind === 'service-selector') {
      // toServices: a Service of that name, or whose labels the selector matches (in that namespace, if named); its selector's pods, or, selector-less, its addresses as CIDRs.
      return (
        !ingress &&
        (cluster.ciliumServices ?? []).some(
          (s) =>
            (p.kind === 'service' ? s.name === p.name : matchesSelector(p.selector, s.labels)) &&
            (p.namespace === undefined || p.namespace === s.namespace) &&
            (s.selector === null
              ? cidrSees && s.addresses.includes(q.peer.ip)
              : q.peer.pod !== undefined && q.peer.pod.namespace === s.namespace && Object.entries(s.selector).every(([k, v]) => q.peer.pod?.labels[k] === v)),
        )
      );
    }
    if (p.kind === 'cidr') return cidrSees && inCidr(q.peer.ip, p.cidr) && !p.except.some((e) => inCidr(q.peer.ip, e));
    // fqdn: egress only, to the world, through a name the pod's DNS rules let Cilium's proxy see.
    return !ingress && isWorld && (cluster.ciliumDnsNames ?? []).some((n) => n.ips.includes(q.peer.ip) && nameMatches(p.fqdn, n.name) && dnsSeen(n.name));
  };

  const dnsSeen = (name: string): boolean => {
    const all = [...(cluster.ciliumClusterwideNetworkPolicies ?? []).map((p) => ({ ns: undefined, rules: p.rules })), ...(cluster.ciliumNetworkPolicies ?? []).map((p) => ({ ns: p.namespace, rules: p.rules }))];
    for (const { ns, rules } of all) {
      // A policy Cilium refused plays no part: its DNS rules send no lookup through the proxy either.
      if (refused(rules) || (ns !== undefined && ns !== q.subject.namespace)) continue;
      for (const s of rules) {
        if (!matchesSelector(s.endpointSelector, ciliumLabels(q.subject))) continue;
        for (const r of s.egress ?? []) for (const pr of r.toPorts) for (const d of pr.dns ?? []) if (nameMatches(d, name)) return true;
      }
    }
    return false;
  };

  for (const p of cluster.ciliumClusterwideNetworkPolicies ?? []) rulesOf(undefined, p.rules);
  for (const p of cluster.ciliumNetworkPolicies ?? []) rulesOf(p.namespace, p.rules);
  for (const np of cluster.networkPolicies) {
    if (np.namespace !== q.subject.namespace || !matchesSelector(np.podSelector, q.subject.labels)) continue;
    if (!np.policyTypes.includes(ingress ? 'Ingress' : 'Egress')) continue;
    defaultDeny = true;
    for (const r of ingress ? np.ingress : np.egress) allows.push(kubernetesRuleMatches(np, r));
  }

  if (denies.includes(true)) return 'deny-rule';
  if (allows.includes(true)) return 'allow';
  return defaultDeny ? 'default-deny' : undefined;
}

function inCidr(ip: string, cidr: string): boolean {
  const addr = ipaddr.parse(ip);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  return addr.kind() === net.kind() && addr.match(net, bits);
}

/** matchName equal; matchPattern with `*` as any run of name characters but the dot (lower case), `*` alone every name. */
function nameMatches(f: CiliumFqdn, name: string): boolean {
  if (f.kind === 'name') return f.name === name;
  return f.pattern === '*' || glob(f.pattern, name);
}

/** Character by character, trying every length for each `*`. */
function glob(p: string, s: string): boolean {
  if (p === '') return s === '';
  if (p[0] === '*') return glob(p.slice(1), s) || (s !== '' && /[-a-z0-9_]/.test(s[0]!) && glob(p, s.slice(1)));
  return s !== '' && p[0] === s[0] && glob(p.slice(1), s.slice(1));
}

/**
 * Workload connectivity lists: which workloads (the owners of pods) may open connections to
 * which, on which protocols and ports, and which external address ranges they exchange traffic
 * with — under AdminNetworkPolicy, NetworkPolicy and BaselineAdminNetworkPolicy, as the reference
 * evaluator (src/net/policy.ts) decides it.
 *
 * Conventions follow np-guard/netpol-analyzer's connlist, so its test corpus is an oracle:
 * - one representative pod per workload (`namespace/name[Kind]`, Kind of the owner, or Pod);
 * - hostNetwork pods count as ordinary pods (the `hostnetwork-policy pod` setting);
 * - ipBlocks and admin `networks` describe addresses outside the cluster only: pods never fall
 *   inside one (the representative pods get no IP address at all), and only IPv4 is listed;
 * - ports are split at every boundary any policy names (numbers, endPort ranges, named ports
 *   resolved on the destination pods) and each interval is decided by one representative port,
 *   on the policies restricted to the rules that may match it (restricted-index.ts), so R port
 *   rules cost O(R log R) per line rather than O(R²);
 * - external addresses are split at every boundary (cidr and except) of the ipBlocks of ingress
 *   rules for inbound lines and of egress rules for outbound lines, one line per range;
 * - self pairs and pairs with no allowed connection are omitted; lines are sorted.
 */
import ipaddr from 'ipaddr.js';
import { policyPortCuts } from '../policy/port-cuts.js';
import { buildPolicyIndex, evaluatePolicies, type PolicyEndpoint, type PolicyIndex } from '../net/policy.js';
import { restrictedIndexes } from './restricted-index.js';
import { matchesSelector, selectorFromLabels } from '../spec/selector.js';
import type { Backend, LenientService } from './exposure.js';
import {
  DEFAULT_SETTINGS,
  type AdminNetworkPolicySpec,
  type BaselineAdminNetworkPolicySpec,
  type NamespaceSpec,
  type NetworkPolicySpec,
  type PodSpec,
  type Protocol,
} from '../spec/types.js';

export const PROTOCOLS: readonly Protocol[] = ['SCTP', 'TCP', 'UDP'];

export interface Workload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly pod: PodSpec;
}

/** `[from, to]` inclusive port ranges per protocol. */
export type Connections = ReadonlyMap<Protocol, readonly (readonly [number, number])[]>;

export interface Connection {
  readonly src: string;
  readonly dst: string;
  readonly conns: Connections;
}

export interface ConnlistInput {
  readonly pods: readonly PodSpec[];
  readonly namespaces: readonly NamespaceSpec[];
  readonly policies: readonly NetworkPolicySpec[];
  readonly adminNetworkPolicies?: readonly AdminNetworkPolicySpec[];
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
  /** `namespace/pod` → owner name, for pods whose controller reference names no kind (see owners.ts). */
  readonly kindlessOwners?: ReadonlyMap<string, string>;
  /** Ingress/Route backends and the Services they name: `{ingress-controller}` lines. */
  readonly exposed?: { readonly backends: readonly Backend[]; readonly services: readonly LenientService[] };
}

/**
 * The ingress controller as a policy peer: a pod of its own namespace with no labels, so only
 * rules that admit every namespace (or every source) let it in.
 */
const CONTROLLER: PolicyEndpoint = {
  ip: 'ingress-controller',
  pod: { namespace: 'ingress-controller-ns', name: 'ingress-controller', labels: {}, node: 'ingress-controller-node', hostNetwork: false, ports: [] },
};

export function workloadLabel(w: Workload): string {
  return `${w.namespace}/${w.name}[${w.kind}]`;
}

/** Pods grouped by owner; the first pod (in input order) represents its workload. */
export function workloadsOf(pods: readonly PodSpec[], kindlessOwners?: ReadonlyMap<string, string>): Workload[] {
  const seen = new Map<string, Workload>();
  for (const pod of pods) {
    // A static pod's mirror is "owned" by its Node: the pod itself is the workload.
    const owner = pod.owner?.kind === 'Node' ? undefined : pod.owner;
    const kind = owner?.kind ?? 'Pod';
    const name = owner?.name ?? kindlessOwners?.get(`${pod.namespace}/${pod.name}`) ?? pod.name;
    const key = `${pod.namespace}/${kind}/${name}`;
    if (!seen.has(key)) seen.set(key, { namespace: pod.namespace, name, kind, pod });
  }
  return [...seen.values()];
}

/** `ip` is no address, so no ipBlock or network contains it. */
function podEndpoint(w: Workload): PolicyEndpoint {
  return {
    ip: `${w.namespace}/${w.name}`,
    pod: {
      namespace: w.pod.namespace,
      name: w.pod.name,
      labels: w.pod.labels,
      node: `node-of-${w.pod.namespace}-${w.pod.name}`,
      hostNetwork: false,
      ports: w.pod.ports,
    },
  };
}

/** Sorted interval starts covering 1..65535 for one protocol. */
function ipv4ToNumber(ip: string): number {
  return ipaddr.IPv4.parse(ip).toByteArray().reduce((acc, b) => acc * 256 + b, 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function cidrRange(cidr: string): [number, number] | undefined {
  try {
    const [addr, len] = ipaddr.parseCIDR(cidr);
    if (addr.kind() !== 'ipv4') return undefined;
    const size = 2 ** (32 - len);
    const start = Math.floor(ipv4ToNumber(addr.toString()) / size) * size;
    return [start, start + size - 1];
  } catch {
    return undefined; // invalid CIDRs were reported by the loader
  }
}

/** An ipBlock as a set of disjoint, merged IPv4 intervals: cidr minus every except. */
function ipBlockIntervals(cidr: string, except: readonly string[]): [number, number][] {
  const whole = cidrRange(cidr);
  if (!whole) return [];
  let parts: [number, number][] = [whole];
  for (const e of except) {
    const hole = cidrRange(e);
    if (!hole) continue;
    parts = parts.flatMap(([a, b]): [number, number][] => {
      if (hole[1] < a || hole[0] > b) return [[a, b]];
      const out: [number, number][] = [];
      if (hole[0] > a) out.push([a, hole[0] - 1]);
      if (hole[1] < b) out.push([hole[1] + 1, b]);
      return out;
    });
  }
  return parts;
}

/** Every rule of the admin policies (both tiers, both directions). */
/**
 * IPv4 interval starts at every boundary of the ipBlocks (as address sets) of one direction's
 * rules; egress also at the boundaries of the admin policies' `networks`.
 */
function addressCuts(input: ConnlistInput, direction: 'ingress' | 'egress'): number[] {
  const cuts = new Set<number>([0]);
  const add = ([from, to]: readonly [number, number]): void => {
    cuts.add(from);
    if (to + 1 <= 0xffffffff) cuts.add(to + 1);
  };
  for (const p of input.policies)
    for (const rule of direction === 'ingress' ? p.ingress : p.egress)
      for (const peer of rule.peers) if (peer.ipBlock) ipBlockIntervals(peer.ipBlock.cidr, peer.ipBlock.except).forEach(add);
  if (direction === 'egress') {
    const banp = input.baselineAdminNetworkPolicy;
    for (const p of [...(input.adminNetworkPolicies ?? []), ...(banp ? [banp] : [])])
      for (const rule of p.egress) for (const peer of rule.peers) if (peer.kind === 'networks') for (const c of peer.cidrs) ipBlockIntervals(c, []).forEach(add);
  }
  return [...cuts].sort((a, b) => a - b);
}

/** One line of the list: its ends, and the port ranges allowed so far, per protocol. */
interface Query {
  readonly src: string;
  readonly dst: string;
  readonly from: PolicyEndpoint;
  readonly to: PolicyEndpoint;
  readonly conns: Map<Protocol, [number, number][]>;
}

/** netpol-analyzer's text for a connection set: `All Connections`, or `TCP 80,UDP 53-54`. */
export function formatConnections(conns: Connections): string {
  const all = PROTOCOLS.every((p) => {
    const r = conns.get(p);
    return r?.length === 1 && r[0]![0] === 1 && r[0]![1] === 65535;
  });
  if (all) return 'All Connections';
  return PROTOCOLS.filter((p) => conns.has(p))
    .map((p) => `${p} ${conns.get(p)!.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`)
    .join(',');
}

export function connlist(input: ConnlistInput): Connection[] {
  const settings = { ...DEFAULT_SETTINGS, hostNetworkPolicy: 'pod' as const };
  const index: PolicyIndex = buildPolicyIndex({
    policies: input.policies,
    namespaces: input.namespaces,
    settings,
    ...(input.adminNetworkPolicies ? { adminNetworkPolicies: input.adminNetworkPolicies } : {}),
    ...(input.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: input.baselineAdminNetworkPolicy } : {}),
  });
  const workloads = workloadsOf(input.pods, input.kindlessOwners);
  const endpoints = workloads.map(podEndpoint);
  // Every line to decide, in output order: workload pairs, then external ranges inbound and outbound.
  const queries: Query[] = [];
  workloads.forEach((sw, i) => {
    workloads.forEach((dw, j) => {
      if (i !== j) queries.push({ src: workloadLabel(sw), dst: workloadLabel(dw), from: endpoints[i]!, to: endpoints[j]!, conns: new Map() });
    });
  });
  // External ranges: the address space split at the boundaries of every ipBlock of the
  // direction's rules (ingress rules for inbound lines, egress rules for outbound ones).
  for (const inbound of [true, false]) {
    const addr = addressCuts(input, inbound ? 'ingress' : 'egress');
    addr.forEach((from, k) => {
      const to = (addr[k + 1] ?? 0x100000000) - 1;
      const label = `${numberToIpv4(from)}-${numberToIpv4(to)}[External]`;
      const ext: PolicyEndpoint = { ip: numberToIpv4(from) };
      workloads.forEach((w, i) => {
        const pod = endpoints[i]!;
        if (inbound) queries.push({ src: label, dst: workloadLabel(w), from: ext, to: pod, conns: new Map() });
        else queries.push({ src: workloadLabel(w), dst: label, from: pod, to: ext, conns: new Map() });
      });
    });
  }
  // Each interval between port cuts is decided by its first port, on the index restricted to it.
  for (const protocol of PROTOCOLS) {
    const cuts = policyPortCuts(input, protocol);
    let k = 0;
    for (const restricted of restrictedIndexes(index, protocol, cuts)) {
      const from = cuts[k]!;
      const to = (cuts[k + 1] ?? 65536) - 1;
      k++;
      for (const q of queries) {
        if (!evaluatePolicies(restricted, { src: q.from, dst: q.to, port: from, protocol }).allowed) continue;
        const ranges = q.conns.get(protocol) ?? [];
        q.conns.set(protocol, ranges);
        const last = ranges[ranges.length - 1];
        if (last && last[1] + 1 === from) last[1] = to;
        else ranges.push([from, to]);
      }
    }
  }
  const result: Connection[] = [];
  for (const q of queries) {
    if (q.conns.size === 0) continue;
    result.push({ src: q.src, dst: q.dst, conns: new Map(PROTOCOLS.flatMap((p) => (q.conns.has(p) ? [[p, q.conns.get(p)!] as const] : []))) });
  }
  if (input.exposed) {
    exposedPorts(input.exposed, workloads).forEach((ports, i) => {
      const allowed = [...ports].filter((port) => evaluatePolicies(index, { src: CONTROLLER, dst: endpoints[i]!, port, protocol: 'TCP' }).allowed).sort((a, b) => a - b);
      if (allowed.length > 0) result.push({ src: '{ingress-controller}', dst: workloadLabel(workloads[i]!), conns: new Map([['TCP', allowed.map((p) => [p, p] as [number, number])]]) });
    });
  }
  return result;
}

/** Per workload index, the pod ports Ingress/Route backends lead to (through their Service). */
function exposedPorts(exposed: NonNullable<ConnlistInput['exposed']>, workloads: readonly Workload[]): Map<number, Set<number>> {
  const out = new Map<number, Set<number>>();
  for (const b of exposed.backends) {
    const svc = exposed.services.find((s) => s.namespace === b.namespace && s.name === b.service);
    if (!svc || Object.keys(svc.selector).length === 0) continue;
    const svcPort =
      b.via === 'ingress'
        ? svc.ports.find((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port))
        : svc.ports.find((p) => p.targetPort === b.port || p.name === b.port) ?? svc.ports.find((p) => p.port === b.port);
    if (!svcPort || svcPort.protocol !== 'TCP') continue;
    workloads.forEach((w, i) => {
      if (w.namespace !== svc.namespace || !matchesSelector(selectorFromLabels(svc.selector), w.pod.labels)) return;
      const target = svcPort.targetPort;
      const port = typeof target === 'number' ? target : w.pod.ports.find((c) => c.name === target && c.protocol === 'TCP')?.containerPort;
      if (port === undefined) return;
      const set = out.get(i) ?? new Set<number>();
      set.add(port);
      out.set(i, set);
    });
  }
  return out;
}

export function formatConnlistText(conns: readonly Connection[]): string {
  return conns
    .map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`)
    .sort()
    .join('\n');
}

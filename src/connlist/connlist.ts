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
 *   inside one (the representative pods get no IP address at all); IPv4 ranges are always listed,
 *   IPv6 ranges (after the IPv4 ones) when a NetworkPolicy ipBlock names an IPv6 block — admin
 *   `networks` alone do not bring them in, as netpol-analyzer ignores IPv6 networks with a
 *   warning — and are then split at the IPv6 networks too;
 * - ports are split at every boundary any policy names (numbers, endPort ranges, named ports
 *   resolved on the destination pods) and each piece is decided by one representative port;
 * - external addresses are split at every boundary (cidr and except) of the ipBlocks of ingress
 *   rules for inbound lines and of egress rules for outbound lines, one line per range;
 * - self pairs and pairs with no allowed connection are omitted; lines are sorted by source, then
 *   destination (`compareConnections`).
 *
 * With Istio AuthorizationPolicies the lines are then narrowed by the destination's sidecar
 * (mesh-fold.ts: a documented fallback beside the matrix, pair by pair).
 *
 * This file holds what both evaluators share: the input, workloads, external ranges, the
 * ingress controller's lines and the text of a connection set. `connlist` itself (matrix-list.ts)
 * reads pod pairs from the bitset matrix engine; pairwise.ts is the naive oracle it is tested
 * against.
 */
import { podListener } from '../spec/pod-listener.js';
import { calicoPoliciesOf } from '../spec/calico.js';
import { TRANSPORT_PROTOCOLS, type ListedProtocol } from '../spec/packet-protocol.js';
import { isWhole, LISTED_PROTOCOLS, rangesText } from './protocol-space.js';
import type { AdminPolicies } from '../spec/policy-scope.js';
import type { CalicoPolicies } from '../spec/calico.js';
import type { CiliumPeer, CiliumPolicies } from '../spec/cilium.js';
import type { AuthorizationPolicySpec } from '../spec/authorization-policy.js';
import type { PeerAuthenticationSpec } from '../spec/peer-authentication.js';
import type { OutboundTrafficPolicy, SidecarSpec } from '../spec/istio-sidecar.js';
import type { ServiceEntrySpec } from '../spec/service-entry.js';
import type { IstioGatewaySpec } from '../spec/istio-gateway.js';
import type { VirtualServiceSpec } from '../spec/virtual-service.js';
import { buildPolicyIndex, evaluatePolicies, type PolicyEndpoint, type PolicyIndex } from '../policy/evaluate.js';
import { matchesSelector, selectorFromLabels } from '../spec/selector.js';
import { requestSetText, type RequestSet } from './request-space.js';
import type { Backend, LenientService } from './exposure.js';
import { blockIntervals, cidrFamily, compareEndpoints, FAMILIES, splitSpace, type Family, type Interval } from './ranges.js';
import {
  DEFAULT_SETTINGS,
  type ClusterUserDefinedNetworkSpec,
  type MultiNetworkPolicySpec,
  type NetworkAttachmentDefinitionSpec,
  type UserDefinedNetworkSpec,
  type NamespaceSpec,
  type NetworkPolicySpec,
  type PodSpec,
  type Protocol,
  type ServiceSpec,
} from '../spec/types.js';

/** The transport protocols in the order connlist prints them (netpol-analyzer's: by name). */
export const PROTOCOLS: readonly Protocol[] = [...TRANSPORT_PROTOCOLS].sort();

export interface Workload {
  readonly namespace: string;
  readonly name: string;
  readonly kind: string;
  readonly pod: PodSpec;
}

/**
 * `[from, to]` inclusive ranges per dimension (protocol-space.ts): ports of TCP, UDP and SCTP,
 * ICMP messages (`type × 256 + code`), other IP protocols' numbers.
 */
export type Connections = ReadonlyMap<ListedProtocol, readonly (readonly [number, number])[]>;

export interface Connection {
  readonly src: string;
  readonly dst: string;
  readonly conns: Connections;
  /**
   * TCP ports the destination's sidecar refuses as plain TCP but admits some HTTP requests on
   * (request-space.ts), disjoint from the TCP ports of `conns`; absent when there are none.
   */
  readonly requests?: readonly RequestPorts[];
  /**
   * TCP ports of `conns` whose requests Cilium's proxy filters (an allow rule with HTTP rules,
   * policy/cilium.ts 11), with the requests it lets through as listed (cilium-http.ts); absent
   * when there are none.
   */
  readonly ciliumHttp?: readonly CiliumHttpPorts[];
}

/** TCP ports whose requests Cilium's proxy filters alike: sorted inclusive ranges, and the requests let through (cilium-http.ts). */
export interface CiliumHttpPorts {
  readonly ports: readonly (readonly [number, number])[];
  readonly requests: string;
}

/** TCP ports that admit the same requests only: sorted inclusive ranges. */
export interface RequestPorts {
  readonly ports: readonly (readonly [number, number])[];
  readonly requests: RequestSet;
}

export interface ConnlistInput extends AdminPolicies, CalicoPolicies, CiliumPolicies {
  readonly pods: readonly PodSpec[];
  readonly namespaces: readonly NamespaceSpec[];
  readonly policies: readonly NetworkPolicySpec[];
  /** `namespace/pod` → owner name, for pods whose controller reference names no kind (see owners.ts). */
  readonly kindlessOwners?: ReadonlyMap<string, string>;
  /** Ingress/Route backends and the Services they name: `{ingress-controller}` lines. */
  readonly exposed?: { readonly backends: readonly Backend[]; readonly services: readonly LenientService[] };
  /** OVN-Kubernetes user-defined networks: the lists are per primary network (networks.ts). */
  readonly userDefinedNetworks?: readonly UserDefinedNetworkSpec[];
  readonly clusterUserDefinedNetworks?: readonly ClusterUserDefinedNetworkSpec[];
  /** Multus secondary networks and their MultiNetworkPolicies: a list per network (networks.ts). */
  readonly networkAttachments?: readonly NetworkAttachmentDefinitionSpec[];
  readonly multiNetworkPolicies?: readonly MultiNetworkPolicySpec[];
  /**
   * Whether the input is analysed per network (networks.ts): set when it holds user-defined
   * networks, NetworkAttachmentDefinitions or virtual machines, as netpol-analyzer's
   * multi-network analysis is.
   */
  readonly multiNetwork?: boolean;
  /** Istio AuthorizationPolicies: their verdict is folded into the lines (mesh-fold.ts). */
  readonly authorizationPolicies?: readonly AuthorizationPolicySpec[];
  /** Istio PeerAuthentications: STRICT sidecars refuse plain-text clients (mesh-fold.ts). */
  readonly peerAuthentications?: readonly PeerAuthenticationSpec[];
  /** Istio Sidecars: a REGISTRY_ONLY client proxy drops TCP to hosts it does not import (mesh-fold.ts). */
  readonly istioSidecars?: readonly SidecarSpec[];
  /** Istio ServiceEntries: outside addresses known to the registry (mesh-fold.ts). */
  readonly serviceEntries?: readonly ServiceEntrySpec[];
  /** The Services whose hosts the Sidecars import (a workload's hosts: the Services selecting it). */
  readonly registryServices?: readonly ServiceSpec[];
  /** Which pods have an Istio sidecar: by Istio's injection rules (default) or every pod (mesh-fold.ts). */
  readonly sidecars?: 'injection' | 'every-pod';
  /** Istio's meshConfig.outboundTrafficPolicy.mode (a scenario's `set mesh-outbound-traffic-policy`); absent: ALLOW_ANY (mesh-fold.ts). */
  readonly meshOutboundTrafficPolicy?: OutboundTrafficPolicy;
  /** Istio Gateways and the VirtualServices bound to them: a gateway pod's TCP goes where its routes lead (gateway-fold.ts). */
  readonly istioGateways?: readonly IstioGatewaySpec[];
  readonly virtualServices?: readonly VirtualServiceSpec[];
  /**
   * Felix's FailsafeInboundHostPorts and FailsafeOutboundHostPorts for the host endpoints
   * (host-endpoints.ts): absent, Calico's defaults; `none`, emptied (as a FelixConfiguration may
   * set them; the NCA corpus's model, which has no failsafe ports).
   */
  readonly failsafePorts?: 'none';
}

/**
 * The ingress controller as a policy peer: a pod of its own namespace with no labels, so only
 * rules that admit every namespace (or every source) let it in.
 */
export const CONTROLLER: PolicyEndpoint = {
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
export function podEndpoint(w: Workload): PolicyEndpoint {
  return {
    ip: `${w.namespace}/${w.name}`,
    pod: {
      namespace: w.pod.namespace,
      name: w.pod.name,
      labels: w.pod.labels,
      node: `node-of-${w.pod.namespace}-${w.pod.name}`,
      hostNetwork: false,
      ports: w.pod.ports,
      serviceAccount: w.pod.serviceAccount,
    },
  };
}

/** Whether any NetworkPolicy ipBlock (cidr or except, either direction), Calico rule's nets or notNets, or Cilium rule's CIDR, names an IPv6 block. */
function namesIpv6(input: ConnlistInput): boolean {
  const calicoNets = [...(input.calicoNetworkPolicies ?? []), ...(input.calicoGlobalNetworkPolicies ?? [])].flatMap((p) =>
    [...p.ingress, ...p.egress].flatMap((rule) => [rule.source, rule.destination].flatMap((e) => [...e.nets, ...e.notNets])),
  );
  return (
    calicoNets.some((c) => cidrFamily(c) === 'ipv6') ||
    ciliumCidrs(input, 'ingress').some((c) => cidrFamily(c) === 'ipv6') ||
    ciliumCidrs(input, 'egress').some((c) => cidrFamily(c) === 'ipv6') ||
    input.policies.some((p) =>
      [...p.ingress, ...p.egress].some((rule) => rule.peers.some((peer) => peer.ipBlock && [peer.ipBlock.cidr, ...peer.ipBlock.except].some((c) => cidrFamily(c) === 'ipv6'))),
    )
  );
}

/**
 * The family's external ranges for one direction: its space split at every boundary of the
 * ipBlocks (as address sets) of that direction's rules; egress also at the boundaries of the
 * admin policies' `networks`.
 */
export function externalRanges(input: ConnlistInput, direction: 'ingress' | 'egress', family: Family): Interval[] {
  const intervals: Interval[] = [];
  for (const p of input.policies)
    for (const rule of direction === 'ingress' ? p.ingress : p.egress)
      for (const peer of rule.peers) if (peer.ipBlock) intervals.push(...blockIntervals(family, peer.ipBlock.cidr, peer.ipBlock.except));
  if (direction === 'egress') {
    const banp = input.baselineAdminNetworkPolicy;
    for (const p of [...(input.adminNetworkPolicies ?? []), ...(banp ? [banp] : [])])
      for (const rule of p.egress) for (const peer of rule.peers) if (peer.kind === 'networks') for (const c of peer.cidrs) intervals.push(...blockIntervals(family, c, []));
  }
  // Calico rules: the peer's entity (ingress rules' source, egress rules' destination), nets and notNets.
  for (const p of [...(input.calicoNetworkPolicies ?? []), ...(input.calicoGlobalNetworkPolicies ?? []), ...(input.calicoProfiles ?? [])])
    for (const rule of direction === 'ingress' ? p.ingress : p.egress) {
      const peer = direction === 'ingress' ? rule.source : rule.destination;
      for (const c of [...peer.nets, ...peer.notNets]) intervals.push(...blockIntervals(family, c, []));
    }
  for (const c of ciliumCidrs(input, direction)) intervals.push(...blockIntervals(family, c, []));
  // Calico network sets: a rule's selector matches their addresses.
  for (const set of [...(input.calicoNetworkSets ?? []), ...(input.calicoGlobalNetworkSets ?? [])]) for (const c of set.nets) intervals.push(...blockIntervals(family, c, []));
  return splitSpace(family, intervals);
}

/** A toServices peer's selector-less Services' addresses, as one-address CIDRs (policy/cilium.ts, 10b). */
function serviceAddressBlocks(input: ConnlistInput, peer: Extract<CiliumPeer, { readonly kind: 'service' | 'service-selector' }>): string[] {
  return (input.ciliumServices ?? [])
    .filter((s) => (peer.kind === 'service' ? s.name === peer.name : matchesSelector(peer.selector, s.labels)) && (peer.namespace === undefined || peer.namespace === s.namespace))
    .flatMap((s) => s.addresses.map((a) => (a.includes(':') ? `${a}/128` : `${a}/32`)));
}

/** The CIDRs and excepts of the Cilium rules (allow and deny) of one direction, and the addresses of selector-less Services they name. */
function ciliumCidrs(input: ConnlistInput, direction: 'ingress' | 'egress'): string[] {
  return [...(input.ciliumNetworkPolicies ?? []), ...(input.ciliumClusterwideNetworkPolicies ?? [])].flatMap((p) =>
    p.rules.flatMap((spec) =>
      [...((direction === 'ingress' ? spec.ingress : spec.egress) ?? []), ...((direction === 'ingress' ? spec.ingressDeny : spec.egressDeny) ?? [])].flatMap((rule) =>
        rule.peers.flatMap((peer) => (peer.kind === 'cidr' ? [peer.cidr, ...peer.except] : peer.kind === 'service' || peer.kind === 'service-selector' ? serviceAddressBlocks(input, peer) : [])),
      ),
    ),
  );
}

/** The families whose external ranges are listed: IPv4 always, IPv6 when a NetworkPolicy ipBlock names an IPv6 block. */
export function listedFamilies(input: ConnlistInput): readonly Family[] {
  return FAMILIES.filter((f) => f === 'ipv4' || namesIpv6(input));
}

/** The policy index both evaluators decide with: hostNetwork pods count as pods. */
export function connlistPolicyIndex(input: ConnlistInput): PolicyIndex {
  return buildPolicyIndex({
    policies: input.policies,
    namespaces: input.namespaces,
    settings: CONNLIST_SETTINGS,
    ...(input.adminNetworkPolicies ? { adminNetworkPolicies: input.adminNetworkPolicies } : {}),
    ...(input.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: input.baselineAdminNetworkPolicy } : {}),
    ...calicoPoliciesOf(input),
    ...(input.ciliumNetworkPolicies ? { ciliumNetworkPolicies: input.ciliumNetworkPolicies } : {}),
    ...(input.ciliumClusterwideNetworkPolicies ? { ciliumClusterwideNetworkPolicies: input.ciliumClusterwideNetworkPolicies } : {}),
    ...(input.ciliumCni ? { ciliumCni: true } : {}),
    ...(input.ciliumServices ? { ciliumServices: input.ciliumServices } : {}),
  });
}

export const CONNLIST_SETTINGS = { ...DEFAULT_SETTINGS, hostNetworkPolicy: 'pod' as const };

/** The `{ingress-controller}` lines: per exposed workload, the TCP ports its backends lead to that it listens on (exposedPorts) and policy admits from the controller. */
export function controllerConnections(input: ConnlistInput, index: PolicyIndex, workloads: readonly Workload[]): Connection[] {
  if (!input.exposed) return [];
  const result: Connection[] = [];
  exposedPorts(input.exposed, workloads).forEach((ports, i) => {
    const dst = podEndpoint(workloads[i]!);
    const allowed = [...ports].filter((port) => evaluatePolicies(index, { src: CONTROLLER, dst, port, protocol: 'TCP' }).allowed).sort((a, b) => a - b);
    if (allowed.length > 0) result.push({ src: CONTROLLER_LABEL, dst: workloadLabel(workloads[i]!), conns: new Map([['TCP', allowed.map((p) => [p, p] as [number, number])]]) });
  });
  return result;
}

export const CONTROLLER_LABEL = '{ingress-controller}';

/** Allowed ports (and ICMP messages, IP protocols) as maximal inclusive ranges per dimension, from sorted-or-not pieces: the one form both evaluators produce. */
export function mergedConnections(pieces: readonly { readonly protocol: ListedProtocol; readonly from: number; readonly to: number }[]): Connections {
  const out = new Map<ListedProtocol, [number, number][]>();
  for (const protocol of LISTED_PROTOCOLS) {
    const mine = pieces.filter((p) => p.protocol === protocol).sort((a, b) => a.from - b.from);
    if (mine.length === 0) continue;
    const ranges: [number, number][] = [];
    for (const p of mine) {
      const last = ranges[ranges.length - 1];
      if (last && last[1] + 1 >= p.from) last[1] = Math.max(last[1], p.to);
      else ranges.push([p.from, p.to]);
    }
    out.set(protocol, ranges);
  }
  return out;
}

/**
 * netpol-analyzer's text for a connection set: `All Connections` (every dimension whole), or
 * its dimensions' texts joined by commas, `TCP 80,UDP 53-54`, `TCP 80,ICMP type 8`,
 * `SCTP 1-65535,TCP 1-65535,UDP 1-65535` (every port, but no ICMP nor other protocol: a rule
 * that lists ports; protocol-space.ts `rangesText`).
 */
export function formatConnections(conns: Connections): string {
  let text = TEXTS.get(conns);
  if (text === undefined) TEXTS.set(conns, (text = connectionsText(conns)));
  return text;
}

/**
 * A line's connections as every format prints them: `formatConnections` of its ports, then the
 * ports allowed for some requests only, `TCP 9080 (HTTP: methods GET)` (request-space.ts' header).
 */
export function connectionText(c: Connection): string {
  const http = c.ciliumHttp ?? [];
  const base = formatConnections(http.length === 0 ? c.conns : withoutTcp(c.conns, http.flatMap((h) => h.ports)));
  if ((!c.requests || c.requests.length === 0) && http.length === 0) return base;
  const portsText = (ports: readonly (readonly [number, number])[]): string => ports.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
  const items = [...(c.requests ?? []).map((r) => `TCP ${portsText(r.ports)} (${requestSetText(r.requests)})`), ...http.map((h) => `TCP ${portsText(h.ports)} (${h.requests})`)];
  return [...(base === '' ? [] : [base]), ...items].join(',');
}

/** The connections without these TCP ports (the ports Cilium's proxy filters are listed apart). */
function withoutTcp(conns: Connections, ports: readonly (readonly [number, number])[]): Connections {
  const kept: [number, number][] = [];
  for (const [a, b] of conns.get('TCP') ?? []) {
    let pieces: [number, number][] = [[a, b]];
    for (const [x, y] of ports) pieces = pieces.flatMap(([p, q]): [number, number][] => (y < p || x > q ? [[p, q]] : [...(p < x ? [[p, x - 1] as [number, number]] : []), ...(y < q ? [[y + 1, q] as [number, number]] : [])]));
    kept.push(...pieces);
  }
  const out = new Map<Protocol, readonly (readonly [number, number])[]>();
  for (const p of PROTOCOLS) {
    const ranges = p === 'TCP' ? kept : conns.get(p);
    if (ranges !== undefined && ranges.length > 0) out.set(p, ranges);
  }
  return out;
}

/** Texts of connection sets already formatted: connlist shares one set among all the lines that have it. */
const TEXTS = new WeakMap<Connections, string>();

function connectionsText(conns: Connections): string {
  if (LISTED_PROTOCOLS.every((p) => isWhole(p, conns.get(p)))) return 'All Connections';
  return LISTED_PROTOCOLS.filter((p) => conns.has(p))
    .map((p) => rangesText(p, conns.get(p)!))
    .join(',');
}

/** Per workload index, the pod ports Ingress/Route backends lead to (through their Service) that the pod listens on (spec/pod-listener.ts). */
export function exposedPorts(exposed: NonNullable<ConnlistInput['exposed']>, workloads: readonly Workload[]): Map<number, Set<number>> {
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
      // A request routed to a port the pod does not listen on is reset: no exposure (spec/pod-listener.ts).
      if (port === undefined || podListener(w.pod.ports, port, 'TCP').kind === 'none') return;
      const set = out.get(i) ?? new Set<number>();
      set.add(port);
      out.set(i, set);
    });
  }
  return out;
}

/** The order of lines: by source, then destination, IPv6 ranges after other endpoints (ranges.ts). */
export function compareConnections(a: Connection, b: Connection): number {
  return compareEndpoints(a.src, b.src) || compareEndpoints(a.dst, b.dst);
}

export function formatConnlistText(conns: readonly Connection[]): string {
  return [...conns]
    .sort(compareConnections)
    .map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`)
    .join('\n');
}

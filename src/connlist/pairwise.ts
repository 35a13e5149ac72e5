/**
 * The naive oracle of connectivity lists: every ordered workload pair (and every workload with
 * every external range) decided by the pairwise evaluator (`evaluatePolicies`) on one
 * representative port per interval between port cuts, on the policies restricted to the rules
 * that may match it (restricted-index.ts), and one ICMP message and IP protocol per interval of
 * theirs (protocol-space.ts). O(lines × port intervals) evaluator calls: kept as the
 * reference `connlist` (matrix-list.ts) is tested against, not for use on large inputs.
 * Same lines, text and conventions (connlist.ts); the result is unsorted.
 * Calico HostEndpoints are ends of the list too (host-endpoints.ts): with each workload, each
 * other host endpoint and each external range, both ways, their host endpoint policy decided on
 * the same representative ports (the cuts completed by host endpoint policy's).
 */
import { policyPortCuts } from '../policy/port-cuts.js';
import { evaluatePolicies, type PolicyEndpoint, type PolicyIndex } from '../policy/evaluate.js';
import { hasPorts, type ListedProtocol } from '../spec/packet-protocol.js';
import type { CiliumL7 } from '../policy/cilium.js';
import { ciliumHttpText } from './cilium-http.js';
import { dimensionIntervals, LISTED_PROTOCOLS, queryOf } from './protocol-space.js';
import { restrictedIndexes } from './restricted-index.js';
import { hostEndpointPortCuts, hostPeers, hostPolicyAllows, type LineEnd } from './host-endpoints.js';
import { namespaceLabelsOf } from '../policy/namespace-labels.js';
import { addressText, rangeLabel } from './ranges.js';
import {
  connlistPolicyIndex,
  controllerConnections,
  externalRanges,
  listedFamilies,
  podEndpoint,
  workloadLabel,
  workloadsOf,
  type Connection,
  type ConnlistInput,
} from './connlist.js';

/** One line of the list: its ends, and the ranges allowed so far, per dimension. */
interface Query {
  readonly src: string;
  readonly dst: string;
  readonly from: PolicyEndpoint;
  readonly to: PolicyEndpoint;
  /** Set when an end is a host endpoint: its host endpoint policy decides too. */
  readonly hosts?: { readonly src: LineEnd; readonly dst: LineEnd };
  readonly conns: Map<ListedProtocol, [number, number][]>;
  /** TCP ranges whose requests Cilium's proxy filters, by the requests let through (cilium-http.ts). */
  readonly http: Map<string, [number, number][]>;
}

/** Adds [from, to] to sorted ranges, merging with the last one when they touch. */
function extend(ranges: [number, number][], from: number, to: number): void {
  const last = ranges[ranges.length - 1];
  if (last && last[1] + 1 === from) last[1] = to;
  else ranges.push([from, to]);
}

export function connlistPairwise(input: ConnlistInput): Connection[] {
  const index = connlistPolicyIndex(input);
  const workloads = workloadsOf(input.pods, input.kindlessOwners);
  const endpoints = workloads.map(podEndpoint);
  const namespaceLabels = (ns: string) => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined);
  // Every line to decide: workload pairs, then external ranges inbound and outbound.
  const queries: Query[] = [];
  workloads.forEach((sw, i) => {
    workloads.forEach((dw, j) => {
      if (i !== j) queries.push({ src: workloadLabel(sw), dst: workloadLabel(dw), from: endpoints[i]!, to: endpoints[j]!, conns: new Map(), http: new Map() });
    });
  });
  // Host endpoints: with every workload and every other host endpoint, both ways.
  const heps = hostPeers(input);
  const hostEnds: { label: string; end: LineEnd }[] = (heps?.peers ?? []).map((h) => ({ label: h.label, end: { endpoint: h.endpoint, host: h.spec } }));
  const podEnds: { label: string; end: LineEnd }[] = workloads.map((w, i) => ({ label: workloadLabel(w), end: { endpoint: endpoints[i]! } }));
  const hostQuery = (src: { label: string; end: LineEnd }, dst: { label: string; end: LineEnd }): Query => ({
    src: src.label,
    dst: dst.label,
    from: src.end.endpoint,
    to: dst.end.endpoint,
    hosts: { src: src.end, dst: dst.end },
    conns: new Map(),
    http: new Map(),
  });
  for (const h of hostEnds) {
    for (const other of [...podEnds, ...hostEnds]) {
      if (other === h) continue;
      queries.push(hostQuery(h, other));
      if (other.end.host === undefined) queries.push(hostQuery(other, h));
    }
  }
  // External ranges: each listed family's space split at the boundaries of every ipBlock of the
  // direction's rules (ingress rules for inbound lines, egress rules for outbound ones).
  const families = listedFamilies(input);
  for (const inbound of [true, false]) {
    for (const family of families) {
      for (const range of externalRanges(input, inbound ? 'ingress' : 'egress', family)) {
        const label = rangeLabel(family, range);
        const ext: PolicyEndpoint = { ip: addressText(family, range[0]) };
        workloads.forEach((w, i) => {
          const pod = endpoints[i]!;
          if (inbound) queries.push({ src: label, dst: workloadLabel(w), from: ext, to: pod, conns: new Map(), http: new Map() });
          else queries.push({ src: workloadLabel(w), dst: label, from: pod, to: ext, conns: new Map(), http: new Map() });
        });
        for (const h of hostEnds) {
          const far = { label, end: { endpoint: ext } };
          queries.push(inbound ? hostQuery(far, h) : hostQuery(h, far));
        }
      }
    }
  }
  // Each interval between port cuts is decided by its first port, on the index restricted to it;
  // each interval of ICMP messages and of other IP protocols by its first value (protocol-space.ts).
  const decide = (index: PolicyIndex, protocol: ListedProtocol, from: number, to: number): void => {
    const asked = queryOf(protocol, from);
    for (const q of queries) {
      const decision = evaluatePolicies(index, { src: q.from, dst: q.to, ...asked });
      if (!decision.allowed) continue;
      if (q.hosts && heps && !hostPolicyAllows(heps.index, namespaceLabels, q.hosts.src, q.hosts.dst, asked)) continue;
      const ranges = q.conns.get(protocol) ?? [];
      q.conns.set(protocol, ranges);
      extend(ranges, from, to);
      // Cilium's proxy filters the TCP port's requests at either end (cilium-http.ts).
      const l7 = (v: typeof decision.egress): readonly CiliumL7[] | undefined => (v?.kind === 'cilium' ? v.l7 : undefined);
      const egress = l7(decision.egress);
      const ingress = l7(decision.ingress);
      if (protocol === 'TCP' && (egress !== undefined || ingress !== undefined)) {
        const text = ciliumHttpText(egress, ingress);
        const http = q.http.get(text) ?? [];
        q.http.set(text, http);
        extend(http, from, to);
      }
    }
  };
  for (const protocol of LISTED_PROTOCOLS) {
    if (hasPorts(protocol)) {
      const cuts = heps ? [...new Set([...policyPortCuts(input, protocol), ...hostEndpointPortCuts(input, heps.index, protocol)])].sort((a, b) => a - b) : policyPortCuts(input, protocol);
      let k = 0;
      for (const restricted of restrictedIndexes(index, protocol, cuts)) {
        decide(restricted, protocol, cuts[k]!, (cuts[k + 1] ?? 65536) - 1);
        k++;
      }
    } else for (const [from, to] of dimensionIntervals(input, protocol)) decide(index, protocol, from, to);
  }
  const result: Connection[] = [];
  for (const q of queries) {
    if (q.conns.size === 0) continue;
    result.push({
      src: q.src,
      dst: q.dst,
      conns: new Map(LISTED_PROTOCOLS.flatMap((p) => (q.conns.has(p) ? [[p, q.conns.get(p)!] as const] : []))),
      ...(q.http.size === 0 ? {} : { ciliumHttp: [...q.http].map(([requests, ports]) => ({ ports, requests })) }),
    });
  }
  result.push(...controllerConnections(input, index, workloads));
  return result;
}

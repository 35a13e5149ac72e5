/**
 * Istio's verdict folded into a connectivity list: the documented fallback for clusters with
 * AuthorizationPolicies or PeerAuthentications. The bitset matrix knows NetworkPolicy and the admin tiers only, so
 * `connlist` first lists what they allow and this fold then narrows each line by what the
 * destination's sidecar lets through (src/mesh/authorization.ts), pair by pair:
 * - only lines towards a workload whose representative pod has a sidecar change, and only
 *   their TCP ports (the sidecar intercepts TCP alone); lines to external ranges never change
 *   (policies guard the destination's sidecar, and nothing outside the mesh has one);
 * - the client: a workload's representative pod (its principal and namespace when it has a
 *   sidecar; connlist's pods have no address, so no ipBlock holds them), or an external range,
 *   cut further at every boundary of the policies' `ipBlocks`/`remoteIpBlocks` and `source.ip`
 *   / `remote.ip` values and decided on its first address, like the NetworkPolicy ranges;
 * - ports: each allowed TCP range is cut at every port the policies name (`ports`, `notPorts`,
 *   `destination.port`, PeerAuthentication `portLevelMtls`) and each piece decided on its first
 *   port, as TCP (no HTTP attributes: an ALLOW rule with HTTP-only fields never matches, a DENY
 *   rule ignores them); a piece refused as TCP is then decided for HTTP requests
 *   (request-space.ts) and kept, in the line's `requests`, when its sidecar admits some;
 * - a client's Sidecar (src/mesh/egress-scope.ts) under REGISTRY_ONLY keeps TCP only to what it
 *   imports (external ranges cut at ServiceEntry addresses); a destination it does not import
 *   but passes through (ALLOW_ANY) receives plain text; meshConfig's mode
 *   (`meshOutboundTrafficPolicy`, default ALLOW_ANY) applies where no Sidecar sets one, and under
 *   REGISTRY_ONLY narrows every client with a sidecar, Sidecar objects or not;
 * - PeerAuthentication first (src/mesh/peer-authentication.ts): a piece whose mode is STRICT is
 *   dropped for a client without a sidecar (external ranges included); under DISABLE a client
 *   with a sidecar talks plain text, so AuthorizationPolicies see no principal or namespace;
 * - `sidecars`: 'injection' (Istio's injection rules, src/mesh/sidecar.ts) or 'every-pod'
 *   (every pod is in the mesh: the assumption of analysers such as NCA, used by its runner).
 * Lines are returned in `compareConnections` order. Cost: O(lines × cut pieces) evaluator calls,
 * and for each piece refused as TCP one per cell of its request classes (request-space.ts).
 */
import ipaddr from 'ipaddr.js';
import type { AuthorizationPolicySpec } from '../spec/authorization-policy.js';
import type { NamespaceSpec, PodSpec, ServiceSpec } from '../spec/types.js';
import { applicablePolicies, authorize, isAllowed, type MeshClient, type MeshConnection } from '../mesh/authorization.js';
import { isNoRequest, requestSetOf, requestSetText, type RequestSet } from './request-space.js';
import { principalOf, sidecarOf } from '../mesh/sidecar.js';
import { mtlsMode, mtlsOutcome } from '../mesh/peer-authentication.js';
import type { PeerAuthenticationSpec } from '../spec/peer-authentication.js';
import type { OutboundTrafficPolicy, SidecarSpec } from '../spec/istio-sidecar.js';
import type { ServiceEntrySpec } from '../spec/service-entry.js';
import { egressVerdict, serviceHost, type RegistryHost } from '../mesh/egress-scope.js';
import { cidrHas, parseAnyCidr } from '../address/ip.js';
import { addressText, blockIntervals, splitSpace, rangeLabel, type Family, type Interval } from './ranges.js';
import { compareConnections, workloadLabel, type Connection, type Connections, type ConnlistInput, type RequestPorts, type Workload } from './connlist.js';

/** Which pods are in the mesh (see the header). */
export type SidecarRule = NonNullable<ConnlistInput['sidecars']>;

export interface MeshInput {
  readonly authorizationPolicies: readonly AuthorizationPolicySpec[];
  readonly peerAuthentications: readonly PeerAuthenticationSpec[];
  readonly istioSidecars: readonly SidecarSpec[];
  readonly serviceEntries: readonly ServiceEntrySpec[];
  /** The Services whose hosts a Sidecar imports (a workload's hosts: the Services selecting it). */
  readonly services: readonly ServiceSpec[];
  readonly namespaces: readonly NamespaceSpec[];
  readonly sidecars?: SidecarRule;
  /** meshConfig.outboundTrafficPolicy.mode; absent: ALLOW_ANY, Istio's default. */
  readonly meshOutboundTrafficPolicy?: OutboundTrafficPolicy;
}

function hasSidecar(input: Pick<MeshInput, 'sidecars'>, pod: PodSpec, nsLabels: ReadonlyMap<string, Readonly<Record<string, string>>>): boolean {
  if (input.sidecars === 'every-pod') return !pod.hostNetwork;
  return sidecarOf({ namespace: pod.namespace, namespaceLabels: nsLabels.get(pod.namespace) ?? {}, podLabels: pod.labels, podAnnotation: pod.sidecarInject, hostNetwork: pod.hostNetwork }).injected;
}

/** Whether a pod has a sidecar under the input's rule (its namespace's labels as Istio's injection reads them). */
export function sidecarTest(input: Pick<MeshInput, 'sidecars' | 'namespaces'>): (pod: PodSpec) => boolean {
  const nsLabels = namespaceLabels(input.namespaces);
  return (pod) => hasSidecar(input, pod, nsLabels);
}

function namespaceLabels(namespaces: readonly NamespaceSpec[]): Map<string, Readonly<Record<string, string>>> {
  return new Map(namespaces.map((n) => [n.name, { 'kubernetes.io/metadata.name': n.name, ...n.labels }]));
}

/** Every address value the policies compare the client's address with. */
function clientBlocks(policies: readonly AuthorizationPolicySpec[]): string[] {
  const out: string[] = [];
  for (const p of policies)
    for (const r of p.rules) {
      for (const s of r.from) for (const f of [s.ipBlocks, s.remoteIpBlocks]) if (f) out.push(...f.values, ...f.notValues);
      for (const w of r.when) if (w.key === 'source.ip' || w.key === 'remote.ip') out.push(...w.match.values, ...w.match.notValues);
    }
  return out.map(asCidr);
}

/** Every port boundary the policies name: p and p + 1 for each port p. */
function portCuts(policies: readonly AuthorizationPolicySpec[], peers: readonly PeerAuthenticationSpec[], sidecars: readonly SidecarSpec[]): number[] {
  const cuts = new Set<number>();
  const add = (s: string): void => {
    const p = Number(s);
    cuts.add(p);
    cuts.add(p + 1);
  };
  for (const p of policies)
    for (const r of p.rules) {
      for (const o of r.to) if (o.ports) [...o.ports.values, ...o.ports.notValues].forEach(add);
      for (const w of r.when) if (w.key === 'destination.port') [...w.match.values, ...w.match.notValues].forEach(add);
    }
  for (const p of peers) for (const e of p.portLevelMtls) add(String(e.port));
  for (const sc of sidecars) for (const l of sc.egress) if (l.port !== undefined) add(String(l.port));
  return [...cuts].sort((a, b) => a - b);
}

/** `first-last[External]` → its family and interval; undefined for a workload label. */
function parseRange(label: string): { family: Family; range: Interval } | undefined {
  if (!label.endsWith('[External]')) return undefined;
  const [a, b] = label.slice(0, -'[External]'.length).split('-');
  if (a === undefined || b === undefined || !ipaddr.isValid(a) || !ipaddr.isValid(b)) return undefined;
  const toBig = (s: string): bigint => ipaddr.parse(s).toByteArray().reduce((acc, x) => acc * 256n + BigInt(x), 0n);
  return { family: a.includes(':') ? 'ipv6' : 'ipv4', range: [toBig(a), toBig(b)] };
}

/** A range cut at every boundary of `blocks`, the pieces within it. */
function pieces(parsed: { family: Family; range: Interval }, blocks: readonly string[]): Interval[] {
  const { family, range } = parsed;
  return splitSpace(family, blocks.flatMap((b) => blockIntervals(family, b, [])))
    .filter(([a, b]) => b >= range[0] && a <= range[1])
    .map(([a, b]): Interval => [a < range[0] ? range[0] : a, b > range[1] ? range[1] : b]);
}

const asCidr = (b: string): string => (b.includes('/') ? b : `${b}/${b.includes(':') ? 128 : 32}`);

export function foldMeshAuthorization(input: MeshInput, workloads: readonly Workload[], lines: readonly Connection[]): Connection[] {
  const policies = input.authorizationPolicies;
  const nsLabels = namespaceLabels(input.namespaces);
  const byLabel = new Map(workloads.map((w) => [workloadLabel(w), w]));
  const peers = input.peerAuthentications;
  const sidecars = input.istioSidecars;
  const meshMode = input.meshOutboundTrafficPolicy ?? 'ALLOW_ANY';
  /** Whether clients' proxies can drop or pass through anything: a Sidecar object, or meshConfig's REGISTRY_ONLY. */
  const egressStage = sidecars.length > 0 || meshMode === 'REGISTRY_ONLY';
  const cuts = portCuts(policies, peers, sidecars);
  /** The registry hosts of a workload: the Services selecting its pod. */
  const servicesOf = (w: Workload): RegistryHost[] =>
    input.services.filter((svc) => svc.namespace === w.pod.namespace && svc.selector !== null && Object.entries(svc.selector).every(([k, v]) => w.pod.labels[k] === v)).map((svc) => serviceHost(svc.namespace, svc.name));
  const entryBlocks = input.serviceEntries.flatMap((se) => se.addresses.map(asCidr));
  /** The registry hosts of an outside address: the ServiceEntries whose addresses hold it. */
  const entryHosts = (ip: string): RegistryHost[] =>
    input.serviceEntries
      .filter((se) => se.addresses.some((a) => {
        const c = parseAnyCidr(asCidr(a));
        return c !== undefined && cidrHas(c, ip);
      }))
      .flatMap((se) => se.hosts.map((host) => ({ namespace: se.namespace, host, from: `ServiceEntry ${se.namespace}/${se.name}` })));
  const blocks = clientBlocks(policies);
  const clientOf = (w: Workload): MeshClient => {
    const ip = `${w.namespace}/${w.name}`;
    if (!hasSidecar(input, w.pod, nsLabels)) return { ip };
    const sa = w.pod.serviceAccount ?? 'default';
    return { ip, identity: { namespace: w.pod.namespace, principal: principalOf(w.pod.namespace, sa), serviceAccount: sa } };
  };
  /** The TCP pieces of `ranges`: each cut at every port boundary, as `[start, end]`. */
  const tcpPieces = (ranges: readonly (readonly [number, number])[]): [number, number][] =>
    ranges.flatMap(([from, to]) => {
      const starts = [from, ...cuts.filter((c) => c > from && c <= to)];
      return starts.map((start, i): [number, number] => [start, i + 1 < starts.length ? starts[i + 1]! - 1 : to]);
    });
  /** The TCP port ranges of `ranges` kept by `keep`, decided per piece between cuts on its first port. */
  const tcpKept = (ranges: readonly (readonly [number, number])[], keep: (port: number) => boolean): [number, number][] => {
    const out: [number, number][] = [];
    for (const [start, end] of tcpPieces(ranges)) {
      if (!keep(start)) continue;
      const last = out[out.length - 1];
      if (last && last[1] + 1 === start) last[1] = end;
      else out.push([start, end]);
    }
    return out;
  };
  /**
   * The destination's sidecar on a port: PeerAuthentication, then AuthorizationPolicies on plain
   * TCP ('all': every connection and request), then on HTTP requests (the requests admitted;
   * undefined: none).
   */
  const serverVerdict = (client: MeshClient, dst: Workload) => (port: number): 'all' | RequestSet | undefined => {
    const outcome = peers.length === 0 ? undefined : mtlsOutcome(mtlsMode(peers, dst.pod.namespace, dst.pod.labels, port).mode, client.identity !== undefined);
    if (outcome === 'refused') return undefined;
    const seen: MeshClient = outcome === 'plain-text' ? { ip: client.ip } : client;
    const connection: MeshConnection = { client: seen, destination: { namespace: dst.pod.namespace, labels: dst.pod.labels, ip: `${dst.namespace}/${dst.name}` }, port };
    if (isAllowed(authorize(policies, connection))) return 'all';
    const set = requestSetOf(applicablePolicies(policies, dst.pod.namespace, dst.pod.labels), (request) => isAllowed(authorize(policies, { ...connection, request })));
    return isNoRequest(set) ? undefined : set;
  };
  /** A line's connections through the destination's sidecar: TCP pieces kept whole, or for some requests. */
  const decided = (conns: Connections, verdict: (port: number) => 'all' | RequestSet | undefined): Pick<Connection, 'conns' | 'requests'> | undefined => {
    const tcp = conns.get('TCP');
    if (!tcp) return { conns };
    const kept: [number, number][] = [];
    const requests = new Map<string, { ports: [number, number][]; requests: RequestSet }>();
    for (const [start, end] of tcpPieces(tcp)) {
      const v = verdict(start);
      if (v === undefined) continue;
      const ports = v === 'all' ? kept : (requests.get(requestSetText(v)) ?? requests.set(requestSetText(v), { ports: [], requests: v }).get(requestSetText(v))!).ports;
      const last = ports[ports.length - 1];
      if (last && last[1] + 1 === start) last[1] = end;
      else ports.push([start, end]);
    }
    const out = new Map(conns);
    if (kept.length > 0) out.set('TCP', kept);
    else out.delete('TCP');
    const withRequests: RequestPorts[] = [...requests.values()].sort((a, b) => a.ports[0]![0] - b.ports[0]![0]);
    if (out.size === 0 && withRequests.length === 0) return undefined;
    return withRequests.length === 0 ? { conns: out } : { conns: out, requests: withRequests };
  };
  /** The client's sidecar: its Sidecar drops what it does not import under REGISTRY_ONLY. */
  const clientKeeps = (src: Workload, hosts: readonly RegistryHost[]) => (port: number): boolean =>
    egressVerdict(sidecars, { namespace: src.pod.namespace, labels: src.pod.labels }, hosts, port, meshMode).kind !== 'blackhole';
  const narrowed = (conns: Connections, keep: (port: number) => boolean): Connections | undefined => {
    const tcp = conns.get('TCP');
    if (!tcp) return conns;
    const kept = tcpKept(tcp, keep);
    const out = new Map(conns);
    if (kept.length > 0) out.set('TCP', kept);
    else out.delete('TCP');
    return out.size > 0 ? out : undefined;
  };
  const result: Connection[] = [];
  for (const line of lines) {
    const dst = byLabel.get(line.dst);
    const src = byLabel.get(line.src);
    let conns: Connections | undefined = line.conns;
    if (src && egressStage && hasSidecar(input, src.pod, nsLabels)) {
      if (dst) conns = narrowed(conns, clientKeeps(src, servicesOf(dst)));
      else {
        const parsed = parseRange(line.dst);
        if (parsed) {
          // Adjacent pieces with the same connections stay one line.
          const kept: { piece: Interval; conns: Connections; key: string }[] = [];
          for (const piece of pieces(parsed, entryBlocks)) {
            const c = narrowed(line.conns, clientKeeps(src, entryHosts(addressText(parsed.family, piece[0]))));
            if (!c) continue;
            const key = JSON.stringify([...c]);
            const last = kept[kept.length - 1];
            if (last && last.key === key && last.piece[1] + 1n === piece[0]) last.piece = [last.piece[0], piece[1]];
            else kept.push({ piece, conns: c, key });
          }
          for (const k of kept) result.push({ src: line.src, dst: rangeLabel(parsed.family, k.piece), conns: k.conns });
          continue;
        }
      }
      if (!conns) continue;
    }
    if (!dst || !hasSidecar(input, dst.pod, nsLabels) || (policies.length === 0 && peers.length === 0)) {
      result.push({ ...line, conns });
      continue;
    }
    if (src) {
      // Passed through unknown (ALLOW_ANY), the connection arrives as plain text: no identity.
      const client = clientOf(src);
      const passthrough = (port: number): boolean =>
        sidecars.length > 0 && client.identity !== undefined && egressVerdict(sidecars, { namespace: src.pod.namespace, labels: src.pod.labels }, servicesOf(dst), port, meshMode).kind === 'passthrough';
      const kept = decided(conns, (port) => serverVerdict(passthrough(port) ? { ip: client.ip } : client, dst)(port));
      if (kept) result.push({ ...line, ...kept });
      continue;
    }
    const parsed = parseRange(line.src);
    if (!parsed) {
      result.push(line);
      continue;
    }
    for (const piece of pieces(parsed, blocks)) {
      const kept = decided(line.conns, serverVerdict({ ip: addressText(parsed.family, piece[0]) }, dst));
      if (kept) result.push({ src: rangeLabel(parsed.family, piece), dst: line.dst, ...kept });
    }
  }
  return result.sort(compareConnections);
}

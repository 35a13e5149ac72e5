/**
 * DNS-name destinations of a connectivity list: the hosts of Istio ServiceEntries outside the
 * mesh, listed as destinations by name (`www.slack.com[DNS]`, `*.wikipedia.org[DNS]`), with the
 * TCP ports a workload reaches them on.
 *
 * Which hosts (https://istio.io/latest/docs/reference/config/networking/service-entry/): an
 * entry's `hosts` when its `location` is MESH_EXTERNAL (services outside the mesh; MESH_INTERNAL
 * ones are the mesh's own workloads) and its `resolution` is DNS, DNS_ROUND_ROBIN or NONE (the
 * proxy reaches the host by name, or forwards to the address the application resolved); a STATIC
 * entry's destinations are its endpoints' addresses, which the external ranges already list. A
 * host several entries declare is one destination, on the ports of all of them; names compare
 * ignoring case.
 *
 * What a line states: the TCP connections a workload opens to the host by name — what Istio's
 * proxy routes by host (it intercepts TCP only, as src/mesh/egress-scope.ts says). UDP and SCTP
 * to the host's addresses are in the workload's lines to the external ranges, as any address's.
 * A port is listed when both hold:
 * - the Kubernetes (and admin, Calico, Cilium) policies of the list let the workload reach every
 *   outside address on it: the host's address is not known, so it is allowed whatever the name
 *   resolves to (the intersection of the workload's lines to the listed external ranges);
 * - the workload's own sidecar, when it has one (mesh-fold.ts `hasSidecar`), passes it
 *   (src/mesh/egress-scope.ts `egressVerdict`): the proxy knows the host on a port one of its
 *   entries declares, when the workload's Sidecar egress listeners import the host there;
 *   otherwise the destination is unknown, passed through under ALLOW_ANY (the PassthroughCluster
 *   forwards it to the address asked for) and dropped under REGISTRY_ONLY
 *   (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/: under
 *   REGISTRY_ONLY an external HTTPS service is reached only once a ServiceEntry declares its host
 *   on port 443). A workload without a sidecar meets none of this.
 * Ports are cut at every port the host's entries and the Sidecars' listeners name; each piece is
 * decided on its first port. Pairs with no TCP port are omitted; a DNS name is never a source.
 */
import type { OutboundTrafficPolicy, SidecarSpec } from '../spec/istio-sidecar.js';
import type { ServiceEntrySpec } from '../spec/service-entry.js';
import type { PodSpec } from '../spec/types.js';
import { egressVerdict, type RegistryHost } from '../mesh/egress-scope.js';
import { parseRangeLabel, type Family, type Interval } from './ranges.js';
import { workloadLabel, type Connection, type Workload } from './connlist.js';

const SUFFIX = '[DNS]';

/** The endpoint label of a DNS-name destination: `www.slack.com[DNS]`. */
export function dnsLabel(host: string): string {
  return `${host}${SUFFIX}`;
}

/** The host of a DNS-name label, or undefined for any other endpoint. */
export function parseDnsLabel(label: string): string | undefined {
  return label.endsWith(SUFFIX) && !label.includes('/') ? label.slice(0, -SUFFIX.length) : undefined;
}

/** A host outside the mesh and the entries that declare it. */
export interface DnsHost {
  /** As the first entry writes it. */
  readonly host: string;
  readonly entries: readonly ServiceEntrySpec[];
}

/** The hosts listed as DNS-name destinations (see the header), in label order. */
export function dnsHosts(entries: readonly ServiceEntrySpec[]): DnsHost[] {
  const byName = new Map<string, { host: string; entries: ServiceEntrySpec[] }>();
  for (const se of entries) {
    if (se.location !== 'MESH_EXTERNAL' || se.resolution === 'STATIC') continue;
    for (const host of se.hosts) {
      const key = host.toLowerCase().replace(/\.$/, '');
      const known = byName.get(key);
      if (known) {
        if (!known.entries.includes(se)) known.entries.push(se);
      } else byName.set(key, { host, entries: [se] });
    }
  }
  return [...byName.values()].sort((a, b) => (dnsLabel(a.host) < dnsLabel(b.host) ? -1 : dnsLabel(a.host) > dnsLabel(b.host) ? 1 : 0));
}

/** What the DNS lines need of the mesh: the clients' Sidecars and modes, and who has a sidecar. */
export interface DnsMeshInput {
  readonly istioSidecars: readonly SidecarSpec[];
  /** meshConfig.outboundTrafficPolicy.mode; absent: ALLOW_ANY. */
  readonly meshOutboundTrafficPolicy?: OutboundTrafficPolicy;
  readonly hasSidecar: (pod: PodSpec) => boolean;
}

type Ranges = readonly (readonly [number, number])[];

/** Whether `ranges` holds `port`. */
const holds = (ranges: Ranges, port: number): boolean => ranges.some(([a, b]) => a <= port && port <= b);

/** The size of a family's address space, minus one. */
const LAST: Readonly<Record<Family, bigint>> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };

/** Whether the intervals cover a family's whole space. */
function coversSpace(family: Family, intervals: Interval[]): boolean {
  let next = 0n;
  for (const [a, b] of intervals.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))) {
    if (a > next) return false;
    if (b + 1n > next) next = b + 1n;
  }
  return next > LAST[family];
}

/**
 * The DNS-name lines: per workload and host, the TCP ports `kubeRows` (the list of the policies,
 * before the mesh's fold) allow to every listed outside address, narrowed by the workload's
 * sidecar. `families`: the address families the list's ranges cover (connlist.ts `listedFamilies`).
 */
export function dnsConnections(hosts: readonly DnsHost[], mesh: DnsMeshInput, workloads: readonly Workload[], kubeRows: readonly Connection[], families: readonly Family[]): Connection[] {
  if (hosts.length === 0) return [];
  const toRanges = new Map<string, { family: Family; interval: Interval; tcp: Ranges }[]>();
  for (const row of kubeRows) {
    const range = parseRangeLabel(row.dst);
    if (!range) continue;
    const list = toRanges.get(row.src) ?? [];
    list.push({ ...range, tcp: row.conns.get('TCP') ?? [] });
    toRanges.set(row.src, list);
  }
  const mode = mesh.meshOutboundTrafficPolicy ?? 'ALLOW_ANY';
  const listenerPorts = mesh.istioSidecars.flatMap((s) => s.egress.flatMap((l) => (l.port !== undefined ? [l.port] : [])));
  const out: Connection[] = [];
  for (const w of workloads) {
    const src = workloadLabel(w);
    const lines = toRanges.get(src) ?? [];
    const cuts = new Set<number>([1]);
    for (const l of lines)
      for (const [a, b] of l.tcp) {
        cuts.add(a);
        if (b < 65535) cuts.add(b + 1);
      }
    /** Whether the policies let the workload reach every outside address on `port`. */
    const everywhere = (port: number): boolean =>
      families.every((f) => coversSpace(f, lines.filter((l) => l.family === f && holds(l.tcp, port)).map((l) => l.interval)));
    const sidecar = mesh.hasSidecar(w.pod);
    const client = { namespace: w.pod.namespace, labels: w.pod.labels };
    for (const h of hosts) {
      const declared = (port: number): RegistryHost[] =>
        h.entries.filter((se) => se.ports.some((p) => p.number === port)).map((se) => ({ namespace: se.namespace, host: h.host, from: `ServiceEntry ${se.namespace}/${se.name}` }));
      const passes = (port: number): boolean => !sidecar || egressVerdict(mesh.istioSidecars, client, declared(port), port, mode).kind !== 'blackhole';
      const mine = new Set(cuts);
      for (const p of [...h.entries.flatMap((se) => se.ports.map((x) => x.number)), ...listenerPorts]) {
        mine.add(p);
        if (p < 65535) mine.add(p + 1);
      }
      const starts = [...mine].sort((a, b) => a - b);
      const tcp: [number, number][] = [];
      starts.forEach((start, i) => {
        const end = i + 1 < starts.length ? starts[i + 1]! - 1 : 65535;
        if (!everywhere(start) || !passes(start)) return;
        const last = tcp[tcp.length - 1];
        if (last && last[1] + 1 === start) last[1] = end;
        else tcp.push([start, end]);
      });
      if (tcp.length > 0) out.push({ src, dst: dnsLabel(h.host), conns: new Map([['TCP', tcp]]) });
    }
  }
  return out;
}

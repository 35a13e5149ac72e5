/**
 * Istio ingress and egress gateways folded into a connectivity list: a gateway pod runs only its
 * Envoy proxy, which opens upstream connections for the routes of the VirtualServices bound to
 * the Gateways that select it, and for nothing else
 * (https://istio.io/latest/docs/reference/config/networking/gateway/: a Gateway describes a load
 * balancer at the edge of the mesh, its servers' ports and hosts; the traffic it takes is routed
 * by VirtualServices bound to it, https://istio.io/latest/docs/reference/config/networking/virtual-service/).
 * So the TCP of a line from a gateway pod keeps only what its routes lead to:
 * - which requests lead where is decided by the trace engine's own router
 *   (src/mesh/gateway-routing.ts `routeAtGateway`), per server of each Gateway that selects the
 *   pod (HTTP, HTTP2 and GRPC servers as `http`, HTTPS servers as `https` — TLS terminated at the
 *   gateway), on one representative request per class of the dimensions (request-space.ts): the
 *   classes are cut by the VirtualServices' `uri` and `method` matches (exact, prefix) and by their
 *   `hosts`, `authority` matches and the servers' hosts, so every request of a class is routed
 *   alike (a regex match is decided on the representatives alone: an approximation);
 * - a route's destination: a Service — the workloads it selects, on the target port of the
 *   route's port (or of the Service's only port), a named target port resolved on the
 *   workload's pod — or a ServiceEntry host listed as a DNS-name destination
 *   (dns-destinations.ts), on the route's port; a `tcp` route bound to the Gateway (its match's
 *   `port`, when given, being the server's) forwards every connection;
 * - a destination port every request is routed to stays plain TCP; one some requests are routed
 *   to keeps those requests (the line's `requests`, `TCP 9080 (HTTP: paths /reviews/*)`); both
 *   only where the line allowed the port (for all requests, or for the requests the destination's
 *   sidecar admits: then the requests of both);
 * - every other TCP connection of the gateway pod (to other pods, outside ranges) is dropped;
 *   UDP and SCTP are left as they were (the proxy carries TCP only).
 * Not modelled: TLS passthrough servers and `tls` routes (SNI), header matches (no dimension:
 * a route with one counts as matching the requests of its other conditions), `mirror`, and
 * subsets. A pod no Gateway selects is untouched.
 */
import type { IstioGatewaySpec } from '../spec/istio-gateway.js';
import type { VirtualServiceSpec, HttpMatchSpec, StringMatchSpec } from '../spec/virtual-service.js';
import type { ServiceSpec } from '../spec/types.js';
import { bindsGateway, routeAtGateway, selectsProxy, vsHostPattern, resolveDestination, type ResolvedDestination } from '../mesh/gateway-routing.js';
import type { MeshRequest } from '../mesh/authorization.js';
import { isEveryRequest, isNoRequest, requestSetCombined, requestSetOfPatterns, requestSetText, type RequestDimension, type RequestSet } from './request-space.js';
import { dnsLabel, type DnsHost } from './dns-destinations.js';
import { compareConnections, workloadLabel, type Connection, type RequestPorts, type Workload } from './connlist.js';

export interface GatewayInput {
  readonly istioGateways: readonly IstioGatewaySpec[];
  readonly virtualServices: readonly VirtualServiceSpec[];
  readonly services: readonly ServiceSpec[];
  /** The DNS-name destinations a route may lead to. */
  readonly dnsHosts: readonly DnsHost[];
  readonly clusterDomain: string;
}

const HTTP_SERVERS = ['HTTP', 'HTTP2', 'GRPC'];

/** Where a gateway's routes lead: destination label → port → the requests routed there ('all': every connection). */
type Routed = Map<string, Map<number, RequestSet | 'all'>>;

/** A StringMatch as an Istio-style pattern (exact, `p*`); undefined for a regex. */
function patternOf(m: StringMatchSpec | undefined): string | undefined {
  if (!m) return undefined;
  switch (m.kind) {
    case 'exact':
      return m.value;
    case 'prefix':
      return `${m.value}*`;
    case 'regex':
      return undefined;
  }
}

function add(out: Routed, label: string, port: number, set: RequestSet | 'all'): void {
  const ports = out.get(label) ?? new Map<number, RequestSet | 'all'>();
  out.set(label, ports);
  const known = ports.get(port);
  ports.set(port, known === undefined ? set : known === 'all' || set === 'all' ? 'all' : requestSetCombined(known, set, 'either'));
}

/** The destinations (label and port) a resolved route destination stands for. */
function targets(input: GatewayInput, workloads: readonly Workload[], dest: ResolvedDestination, port: number | undefined): { label: string; port: number }[] {
  if (dest.kind === 'other') {
    const h = input.dnsHosts.find((x) => x.host.toLowerCase() === dest.host.toLowerCase());
    if (!h) return [];
    const p = port ?? (h.entries.flatMap((e) => e.ports).length === 1 ? h.entries.flatMap((e) => e.ports)[0]!.number : undefined);
    return p === undefined ? [] : [{ label: dnsLabel(h.host), port: p }];
  }
  const svc = input.services.find((s) => s.namespace === dest.namespace && s.name === dest.name);
  if (!svc || !svc.selector) return [];
  const sp = port !== undefined ? svc.ports.find((p) => p.port === port) : svc.ports.length === 1 ? svc.ports[0] : undefined;
  if (!sp) return [];
  const selector = svc.selector;
  return workloads
    .filter((w) => w.pod.namespace === svc.namespace && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => w.pod.labels[k] === v))
    .flatMap((w) => {
      const target = typeof sp.targetPort === 'number' ? sp.targetPort : w.pod.ports.find((c) => c.name === sp.targetPort && c.protocol === 'TCP')?.containerPort;
      return target === undefined ? [] : [{ label: workloadLabel(w), port: target }];
    });
}

/** The VirtualServices' patterns that cut the requests a Gateway's server takes. */
function patternsFor(gw: IstioGatewaySpec, vss: readonly VirtualServiceSpec[], server: IstioGatewaySpec['servers'][number], domain: string): Record<RequestDimension, string[]> {
  const out: Record<RequestDimension, string[]> = { methods: [], paths: [], hosts: server.hosts.map((h) => h.slice(h.indexOf('/') + 1)) };
  for (const vs of vss) {
    if (!vs.http.some((r) => (r.match.length === 0 ? bindsGateway(vs, gw) : r.match.some((m) => bindsGateway(vs, gw, m))))) continue;
    out.hosts.push(...vs.hosts.map((h) => vsHostPattern(h, vs.namespace, domain)));
    for (const r of vs.http)
      for (const m of r.match as readonly HttpMatchSpec[]) {
        const [uri, method, authority] = [patternOf(m.uri), patternOf(m.method), patternOf(m.authority)];
        if (uri !== undefined) out.paths.push(uri);
        if (method !== undefined) out.methods.push(method);
        if (authority !== undefined) out.hosts.push(authority);
      }
  }
  return out;
}

/** Where the routes of the Gateways selecting `gateway`'s pod lead. */
function routedFrom(input: GatewayInput, workloads: readonly Workload[], gateway: Workload): Routed {
  const out: Routed = new Map();
  for (const gw of input.istioGateways) {
    if (!selectsProxy(gw, gateway.pod.labels)) continue;
    for (const server of gw.servers) {
      const scheme = server.protocol === 'HTTPS' ? 'https' : HTTP_SERVERS.includes(server.protocol) ? 'http' : undefined;
      if (scheme !== undefined) {
        const memo = new Map<string, string[]>();
        const keysOf = (r: MeshRequest): string[] => {
          const id = `${r.method}\u0001${r.path}\u0001${r.host}`;
          let keys = memo.get(id);
          if (keys === undefined) {
            const routing = routeAtGateway(gw, input.virtualServices, { scheme, host: r.host, port: server.port, path: r.path, method: r.method, headers: {}, query: {} }, input.clusterDomain);
            keys = routing.kind === 'route' ? routing.destinations.flatMap((d) => targets(input, workloads, d.destination, d.port).map((t) => `${t.label}\u0000${t.port}`)) : [];
            memo.set(id, keys);
          }
          return keys;
        };
        const patterns = patternsFor(gw, input.virtualServices, server, input.clusterDomain);
        const all = new Set<string>();
        requestSetOfPatterns(patterns, (r) => {
          for (const k of keysOf(r)) all.add(k);
          return false;
        });
        for (const key of all) {
          const set = requestSetOfPatterns(patterns, (r) => keysOf(r).includes(key));
          if (isNoRequest(set)) continue;
          const [label, port] = key.split('\u0000') as [string, string];
          add(out, label, Number(port), isEveryRequest(set) ? 'all' : set);
        }
      }
      for (const vs of input.virtualServices)
        for (const route of vs.tcp) {
          const bound = route.match.length === 0 ? bindsGateway(vs, gw) : route.match.some((m) => bindsGateway(vs, gw, m) && (m.port === undefined || m.port === server.port));
          if (!bound) continue;
          for (const d of route.destinations)
            for (const t of targets(input, workloads, resolveDestination(d.destination.host, vs.namespace, input.clusterDomain), d.destination.port)) add(out, t.label, t.port, 'all');
        }
    }
  }
  return out;
}

const holds = (ranges: readonly (readonly [number, number])[], port: number): boolean => ranges.some(([a, b]) => a <= port && port <= b);

/** The lines with every gateway pod's TCP narrowed to its routes (see the header), in `compareConnections` order. */
export function foldGateways(input: GatewayInput, workloads: readonly Workload[], lines: readonly Connection[]): Connection[] {
  const gateways = new Map(workloads.filter((w) => input.istioGateways.some((gw) => selectsProxy(gw, w.pod.labels))).map((w) => [workloadLabel(w), w]));
  if (gateways.size === 0) return [...lines];
  const routes = new Map([...gateways].map(([label, w]) => [label, routedFrom(input, workloads, w)]));
  const out: Connection[] = [];
  for (const line of lines) {
    const routed = routes.get(line.src);
    if (!routed) {
      out.push(line);
      continue;
    }
    const tcp = line.conns.get('TCP') ?? [];
    const kept: [number, number][] = [];
    const partial = new Map<string, { ports: [number, number][]; requests: RequestSet }>();
    const ports = [...(routed.get(line.dst) ?? new Map<number, RequestSet | 'all'>())].sort((a, b) => a[0] - b[0]);
    for (const [port, set] of ports) {
      const lineSet = holds(tcp, port) ? 'all' : line.requests?.find((r) => holds(r.ports, port))?.requests;
      if (lineSet === undefined) continue;
      const both = set === 'all' ? lineSet : lineSet === 'all' ? set : requestSetCombined(set, lineSet, 'both');
      if (both === 'all' || isEveryRequest(both)) {
        const last = kept[kept.length - 1];
        if (last && last[1] + 1 === port) last[1] = port;
        else kept.push([port, port]);
        continue;
      }
      if (isNoRequest(both)) continue;
      const text = requestSetText(both);
      const group = partial.get(text) ?? { ports: [], requests: both };
      const last = group.ports[group.ports.length - 1];
      if (last && last[1] + 1 === port) last[1] = port;
      else group.ports.push([port, port]);
      partial.set(text, group);
    }
    const conns = new Map(line.conns);
    if (kept.length > 0) conns.set('TCP', kept);
    else conns.delete('TCP');
    const requests: RequestPorts[] = [...partial.values()].sort((a, b) => a.ports[0]![0] - b.ports[0]![0]);
    if (conns.size === 0 && requests.length === 0) continue;
    out.push({ src: line.src, dst: line.dst, conns, ...(requests.length > 0 ? { requests } : {}) });
  }
  return out.sort(compareConnections);
}

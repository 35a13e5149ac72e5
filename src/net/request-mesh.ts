/**
 * A request from a pod to a host of the service registry — a Service by its cluster DNS name
 * (`reviews`, `reviews.shop`, `reviews.shop.svc.cluster.local`: the pod's search path, dns.ts) or,
 * for a pod with a sidecar, a ServiceEntry host — inside the cluster, before any Ingress or
 * Gateway is asked (cluster DNS answers these names first).
 * - A pod with Istio's sidecar (src/mesh/sidecar.ts): its sidecar routes the request by the
 *   VirtualServices bound to the `mesh` gateway that cover the host (src/mesh/gateway-routing.ts,
 *   `routeInMesh`: the same router as at a gateway; semantics with citations there), then
 *   connects straight to a ready endpoint of the chosen destination Service (Envoy picks the
 *   endpoint itself; the destination's sidecar sees the client's identity). A redirect, a direct
 *   response or no matching route (404) is answered by the client's own sidecar; a destination
 *   that is no Service (a ServiceEntry host) is answered 503, as at a gateway.
 * - A pod without a sidecar, or a host no mesh VirtualService covers: the request goes where it
 *   is addressed, through kube-proxy to the Service's ClusterIP (probe.ts); delivered is 200, a
 *   destination sidecar's RBAC denial 403, any other failure no HTTP answer.
 * undefined when the source is no pod or the host is no Service of the cluster (nor, with a
 * sidecar and a VirtualService, a ServiceEntry host): request.ts goes on to its other entry points.
 * - A destination Service whose endpoint is a pod an Istio Gateway selects (an egress gateway,
 *   the Egress Gateways task, https://istio.io/latest/docs/tasks/traffic-management/egress/egress-gateway/):
 *   the gateway routes the request again by the VirtualServices bound to its Gateway; a route to
 *   a ServiceEntry host leaves the cluster from the gateway pod.
 * Not simulated: TLS and TCP routes, subsets.
 */
import { objectKey, type ClusterState, type PodState } from '../model/state.js';
import { zoneOf } from '../model/dns-records.js';
import { dnsMatches, routeAtGateway, routeInMesh, selectsProxy, type GatewayRouting } from '../mesh/gateway-routing.js';
import type { MeshRequest } from '../mesh/authorization.js';
import type { IstioGatewaySpec } from '../spec/istio-gateway.js';
import type { HttpRequest } from '../spec/http-request.js';
import { httpRequest } from '../spec/http-request.js';
import { candidates } from './dns.js';
import type { HttpRequestParts } from './ingress-routing.js';
import { podSidecar } from './pod-sidecar.js';
import { probe } from './probe.js';
import { clientAddress, meshRequest, proxyAnswer, toBackend, type AtProxy } from './proxy.js';
import { refusedByProxyReset } from './sidecar.js';
import type { Flow, Hop, HttpRequestSpec, ProbeSource } from './types.js';

/** The registry host a pod's request names. */
type RegistryTarget =
  /** A Service, by the FQDN cluster DNS found. */
  | { readonly kind: 'service'; readonly fqdn: string; readonly namespace: string; readonly name: string }
  /** A ServiceEntry host. */
  | { readonly kind: 'entry'; readonly fqdn: string; readonly entry: string };

function registryTarget(state: ClusterState, pod: PodState, host: string): RegistryTarget | undefined {
  const suffix = `.svc.${zoneOf(state)}`;
  for (const name of candidates(state, pod.namespace, host)) {
    if (!name.endsWith(suffix)) continue;
    const parts = name.slice(0, -suffix.length).split('.');
    if (parts.length === 2 && state.servicesByKey.has(objectKey(parts[1]!, parts[0]!))) return { kind: 'service', fqdn: name, namespace: parts[1]!, name: parts[0]! };
  }
  const se = state.spec.serviceEntries.find((e) => e.hosts.some((h) => dnsMatches(h, host)));
  return se ? { kind: 'entry', fqdn: host, entry: `ServiceEntry ${se.namespace}/${se.name}` } : undefined;
}

export function meshServiceRequest(state: ClusterState, source: ProbeSource, spec: HttpRequestSpec, parsed: HttpRequestParts & { readonly port: number }): Flow[] | undefined {
  if (source.kind !== 'pod') return undefined;
  const pod = state.podsByKey.get(objectKey(source.namespace, source.name));
  if (!pod) return undefined;
  const target = registryTarget(state, pod, parsed.host);
  if (!target) return undefined;
  const side = podSidecar(state, pod);
  const req = httpRequest(parsed, spec.method, spec.headers, spec.url);
  const routing = side.injected && !pod.spec.hostNetwork ? routeInMesh(state.spec.virtualServices, req, target.fqdn, state.spec.clusterDomain) : undefined;
  const dnsHop: Hop = {
    stage: 'dns',
    text: target.kind === 'service' ? `${parsed.host} is Service ${target.namespace}/${target.name} (${target.fqdn}) in cluster DNS` : `${parsed.host} is a host of ${target.entry}`,
  };
  const request = meshRequest(parsed, spec.method);
  if (!routing) {
    if (target.kind === 'entry') return undefined;
    const why = side.injected ? 'no VirtualService bound to the mesh covers it' : `the pod has no sidecar (${side.why}): nothing routes it`;
    const plain: Hop = { stage: 'http', at: pod.spec.node, text: `${spec.method.toUpperCase()} ${parsed.path} goes to the Service addressed, ${why}` };
    return plainRequest(state, source, target, parsed.port, request, [dnsHop, plain]);
  }
  const l7: Hop = {
    stage: 'http',
    at: pod.spec.node,
    text: `istio-proxy of pod ${pod.key} (outbound) routes ${spec.method.toUpperCase()} ${parsed.path}: ${routing.steps.join('; ')}`,
    rule: routing.kind === 'route' ? routing.rule : (routing.rule ?? 'VirtualService routing (mesh)'),
  };
  const ip = clientAddress(state, source);
  const at: AtProxy = { pod, hops: [dnsHop], remote: ip, base: { sourceIp: ip } };
  const answer = proxyAnswer(at, l7, undefined);
  if (routing.kind === 'answer') return [answer(routing.status, routing.text, routing.location !== undefined ? { location: routing.location } : {})];
  return routing.destinations.flatMap((d): Flow[] => {
    const dest = d.destination;
    if (dest.kind === 'other') return [answer(503, `${dest.host} is no Kubernetes Service: the model does not follow a route to it (503)`, { share: d.share, route: routing.rule })];
    const svc = state.servicesByKey.get(objectKey(dest.namespace, dest.name));
    // No port named: the port the client asked for, else the Service's only one.
    const port = d.port ?? (svc?.ports.some((p) => p.port === parsed.port) ? parsed.port : svc?.ports.length === 1 ? svc.ports[0]!.port : undefined);
    if (svc && port === undefined) return [answer(503, `the route names no port, Service ${svc.key} has no port ${parsed.port} and ${svc.ports.length} ports: 503`, { share: d.share, route: routing.rule })];
    const routed = { namespace: dest.namespace, backend: { kind: 'service' as const, service: dest.name, port: port ?? 0 }, share: d.share, route: routing.rule };
    return toBackend(state, pod, routed, { ...at.base, hops: [dnsHop, l7], remote: ip, tls: undefined, request, picker: "the client's sidecar picks endpoints itself", answeredBy: { name: "the client's sidecar", envoy: true } }, answer).flatMap(
      (f) => (f.outcome === 'allow' ? (atGatewayProxy(state, f, req, routed.backend.port, request) ?? [f]) : [f]),
    );
  });
}

/**
 * A request the client's sidecar delivered to a pod an Istio Gateway selects (an egress
 * gateway, reached as its Service): the gateway routes it again by the VirtualServices bound to
 * its Gateway (routeAtGateway, on the Service port the route named), to a Service's endpoint or,
 * for a ServiceEntry host, out of the cluster (a connection to the internet from the gateway pod,
 * so its egress NetworkPolicy decides). undefined when the pod is no gateway proxy or no Gateway
 * has a server for the port and host.
 */
function atGatewayProxy(state: ClusterState, delivered: Flow, req: HttpRequest, port: number, request: MeshRequest): Flow[] | undefined {
  const target = delivered.backend?.pod;
  const gwPod = target ? state.podsByKey.get(objectKey(target.namespace, target.name)) : undefined;
  if (!gwPod) return undefined;
  const atPort = { ...req, port };
  const served = state.spec.istioGateways
    .filter((gw) => selectsProxy(gw, gwPod.spec.labels))
    .map((gw) => ({ gw, routing: routeAtGateway(gw, state.spec.virtualServices, atPort, state.spec.clusterDomain) }))
    .filter((d): d is { gw: IstioGatewaySpec; routing: Exclude<GatewayRouting, { kind: 'no-server' }> } => d.routing.kind !== 'no-server');
  const chosen = served.find((d) => d.routing.kind === 'route') ?? served[0];
  if (!chosen) return undefined;
  const { gw, routing } = chosen;
  const l7: Hop = {
    stage: 'http',
    at: gwPod.spec.node,
    text: `Istio gateway proxy pod ${gwPod.key} (Gateway ${gw.namespace}/${gw.name}): ${routing.steps.join('; ')}`,
    rule: routing.kind === 'route' ? routing.rule : (routing.rule ?? `Gateway ${gw.namespace}/${gw.name}`),
  };
  const at: AtProxy = { pod: gwPod, hops: delivered.hops, remote: delivered.sourceSeen ?? delivered.sourceIp, base: { sourceIp: delivered.sourceIp, ...(delivered.branch ? { branch: delivered.branch } : {}) } };
  const answer = proxyAnswer(at, l7, undefined);
  if (routing.kind === 'answer') return [answer(routing.status, routing.text, routing.location !== undefined ? { location: routing.location } : {})];
  return routing.destinations.flatMap((d): Flow[] => {
    const dest = d.destination;
    if (dest.kind === 'other') {
      const entry = state.spec.serviceEntries.find((e) => e.hosts.some((h) => dnsMatches(h, dest.host)));
      if (!entry) return [answer(503, `${dest.host} is no Service or ServiceEntry host: 503`, { share: d.share, route: routing.rule })];
      return leaveCluster(state, gwPod, dest.host, d.port ?? port, { ...at, hops: [...at.hops, l7] }, d.share, routing.rule);
    }
    const routed = { namespace: dest.namespace, backend: { kind: 'service' as const, service: dest.name, port: d.port ?? port }, share: d.share, route: routing.rule };
    return toBackend(state, gwPod, routed, { ...at.base, hops: [...at.hops, l7], remote: at.remote, tls: undefined, request, picker: "the gateway's Envoy picks endpoints itself", answeredBy: { name: "the gateway's Envoy", envoy: true } }, answer);
  });
}

/** The gateway proxy's connection to an outside host (a ServiceEntry's): the internet, as the model has no outside DNS. */
function leaveCluster(state: ClusterState, gwPod: PodState, host: string, port: number, at: AtProxy, share: number, route: string): Flow[] {
  const out: Hop = { stage: 'http', at: gwPod.spec.node, text: `the gateway proxy connects to ${host}:${port} outside the cluster` };
  return probe(state, { source: { kind: 'pod', namespace: gwPod.namespace, name: gwPod.name }, target: { kind: 'internet' }, port }).flows.map((f): Flow => {
    // Envoy answers a failed upstream connection (refused, reset or timed out) 503 (proxy.ts toBackend, answeredBy).
    const status = f.outcome === 'allow' ? 200 : 503;
    const tail: Hop[] = f.outcome === 'allow' ? [] : [{ stage: 'http', at: gwPod.spec.node, text: `the connection to ${host} failed (${f.outcome}): the gateway's Envoy answers 503 "upstream connect error or disconnect/reset before headers"` }];
    return { ...f, hops: [...at.hops, out, ...f.hops, ...tail], sourceIp: at.base.sourceIp, http: { status, share, route } };
  });
}

/** The request through kube-proxy to the Service's ClusterIP, with the status the client gets. */
function plainRequest(state: ClusterState, source: ProbeSource, target: Extract<RegistryTarget, { kind: 'service' }>, port: number, request: ReturnType<typeof meshRequest>, first: readonly Hop[]): Flow[] {
  const backendService = { namespace: target.namespace, name: target.name };
  return probe(state, { source, target: { kind: 'service', namespace: target.namespace, name: target.name, via: 'clusterip' }, port, request }).flows.map((f): Flow => {
    const hops = [...first, ...f.hops];
    if (f.outcome === 'allow') return { ...f, hops, http: { status: 200, share: 1, backendService } };
    if (f.cause === 'policy' && f.outcome === 'refused' && !refusedByProxyReset(f))
      return { ...f, hops, http: { status: 403, share: 1, backendService } };
    return { ...f, hops };
  });
}

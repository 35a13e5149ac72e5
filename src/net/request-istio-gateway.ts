/**
 * A request through an Istio Gateway (networking.istio.io): the gateway proxy pods its selector
 * picks, reached through a Service that selects them and exposes the server's port; the proxy
 * routes the request by the VirtualServices bound to the Gateway (src/mesh/gateway-routing.ts,
 * semantics with citations), then connects straight to a ready endpoint of the destination
 * Service, as an Ingress controller does (proxy.ts). No route: the gateway answers 404.
 * undefined when no Istio Gateway has a server for the request's port and host.
 */
import type { ClusterState, ServiceState } from '../model/state.js';
import { routeAtGateway, selectsProxy, type GatewayRouting } from '../mesh/gateway-routing.js';
import { httpRequest } from '../spec/http-request.js';
import type { IstioGatewaySpec } from '../spec/istio-gateway.js';
import type { HttpRequestParts } from './ingress-routing.js';
import { clientAddress, meshRequest, noAnswer, proxyAnswer, toBackend, viaProxy } from './proxy.js';
import type { Flow, Hop, HttpInfo, HttpRequestSpec, ProbeSource } from './types.js';

/** The Service that fronts a Gateway's proxies on `port`: it selects one of them and exposes the port. */
function entryService(state: ClusterState, gw: IstioGatewaySpec, port: number): ServiceState | undefined {
  const proxies = state.pods.filter((p) => selectsProxy(gw, p.spec.labels));
  return state.services.find((s) => {
    const sel = s.spec.selector;
    if (!sel || Object.keys(sel).length === 0 || !s.ports.some((p) => p.port === port)) return false;
    return proxies.some((p) => p.namespace === s.namespace && Object.entries(sel).every(([k, v]) => p.spec.labels[k] === v));
  });
}

export function istioGatewayRequest(state: ClusterState, source: ProbeSource, spec: HttpRequestSpec, parsed: HttpRequestParts & { readonly port: number }): Flow[] | undefined {
  const gateways = state.spec.istioGateways;
  if (gateways.length === 0) return undefined;
  const req = httpRequest(parsed, spec.method, spec.headers, spec.url);
  const decided = gateways.map((gw) => ({ gw, routing: routeAtGateway(gw, state.spec.virtualServices, req, state.spec.clusterDomain) }));
  const served = decided.filter((d): d is { gw: IstioGatewaySpec; routing: Exclude<GatewayRouting, { kind: 'no-server' }> } => d.routing.kind !== 'no-server');
  const chosen = served.find((d) => d.routing.kind === 'route') ?? served.find((d) => d.routing.kind === 'answer' && d.routing.status !== 404) ?? served[0];
  if (!chosen) return undefined;
  const { gw, routing } = chosen;
  const clientIp = clientAddress(state, source);
  const dnsHop: Hop = { stage: 'dns', text: `${req.host} is served by Istio Gateway ${gw.namespace}/${gw.name}; public DNS points it at the gateway's Service` };
  const svc = entryService(state, gw, req.port);
  const selector = Object.entries(gw.selector).map(([k, v]) => `${k}=${v}`).join(',');
  if (!svc)
    return [
      noAnswer(clientIp, 'unreachable', 'no-route', [
        dnsHop,
        { stage: 'http', text: `no Service exposes port ${req.port} of a pod the Gateway selects (selector ${selector}), so the Gateway has no address` },
      ]),
    ];
  const tls: HttpInfo['tls'] = routing.server.protocol === 'HTTPS' ? { terminatedAt: 'controller', defaultCertificate: false } : undefined;
  return viaProxy(state, source, svc, req.port, dnsHop, 'the Istio gateway', (at) => {
    const l7: Hop = { stage: 'http', at: at.pod.spec.node, text: `Istio gateway proxy pod ${at.pod.key} (client address ${at.remote}): ${routing.steps.join('; ')}`, rule: routing.kind === 'route' ? routing.rule : `Gateway ${gw.namespace}/${gw.name}` };
    const answer = proxyAnswer(at, l7, tls);
    if (routing.kind === 'answer') return [answer(routing.status, routing.text, routing.location !== undefined ? { location: routing.location } : {})];
    const flows: Flow[] = [];
    for (const d of routing.destinations) {
      const dest = d.destination;
      if (dest.kind === 'other') {
        flows.push(answer(503, `${dest.host} is no Kubernetes Service: the model does not follow a route to it (503)`, { share: d.share, route: routing.rule }));
        continue;
      }
      const target = state.services.find((s) => s.namespace === dest.namespace && s.name === dest.name);
      const port = d.port ?? (target?.ports.length === 1 ? target.ports[0]!.port : undefined);
      if (target && port === undefined) {
        flows.push(answer(503, `the route names no port and Service ${target.key} has ${target.ports.length}: 503`, { share: d.share, route: routing.rule }));
        continue;
      }
      const routed = { namespace: dest.namespace, backend: { kind: 'service' as const, service: dest.name, port: port ?? 0 }, share: d.share, route: routing.rule };
      flows.push(...toBackend(state, at.pod, routed, { ...at.base, hops: [...at.hops, l7], remote: at.remote, tls, request: meshRequest(parsed, spec.method), picker: "the gateway's Envoy picks endpoints itself", answeredBy: { name: "the gateway's Envoy", envoy: true } }, answer));
    }
    return flows;
  });
}

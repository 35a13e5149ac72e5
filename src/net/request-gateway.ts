import type { ClusterState } from '../model/state.js';
import { GATEWAY_NAME_LABEL } from '../spec/well-known-labels.js';
import { httpRequest } from '../spec/http-request.js';
import { routeHttp } from './httproute-routing.js';
import type { HttpRequestParts } from './ingress-routing.js';
import { clientAddress, noAnswer, proxyAnswer, toBackend, viaProxy } from './proxy.js';
import type { Flow, Hop, HttpInfo, HttpRequestSpec, ProbeSource } from './types.js';

/**
 * A request through a Gateway (HTTPRoute): the Gateway's data-plane Service (selector
 * `gateway.networking.k8s.io/gateway-name: <gateway>`), its proxy pod's routing, then straight to
 * a backend endpoint like an Ingress controller. undefined when no Gateway listener takes it.
 */
export function gatewayRequest(state: ClusterState, source: ProbeSource, spec: HttpRequestSpec, parsed: HttpRequestParts & { readonly port: number }): Flow[] | undefined {
  const gateways = state.spec.gateways;
  if (gateways.length === 0) return undefined;
  const req = httpRequest(parsed, spec.method, spec.headers, spec.url);
  const routes = state.spec.httpRoutes;
  const decided = gateways.map((gw) => ({ gw, route: routeHttp(gw, routes, req) })).filter((x) => x.route.kind !== 'no-listener');
  const chosen = decided.find((x) => x.route.kind === 'backends') ?? decided[0];
  if (!chosen || chosen.route.kind === 'no-listener') return undefined;
  const { gw, route } = chosen;
  const clientIp = clientAddress(state, source);
  const dnsHop: Hop = { stage: 'dns', text: `${req.host} is served by Gateway ${gw.namespace}/${gw.name} (class ${gw.className}); public DNS points it at the Gateway's address` };
  const svc = state.services.find((s) => s.namespace === gw.namespace && s.spec.selector?.[GATEWAY_NAME_LABEL] === gw.name);
  if (!svc)
    return [
      noAnswer(clientIp, 'unreachable', 'no-route', [
        dnsHop,
        { stage: 'http', text: `no Service in ${gw.namespace} selects the Gateway's proxies (selector ${GATEWAY_NAME_LABEL}=${gw.name}), so the Gateway has no address` },
      ]),
    ];
  const listener = route.listener;
  const tls: HttpInfo['tls'] =
    listener.protocol === 'HTTPS' ? { terminatedAt: 'controller', defaultCertificate: listener.certificates.length === 0, ...(listener.certificates[0] ? { secret: listener.certificates[0] } : {}) } : undefined;
  return viaProxy(state, source, svc, parsed.port, dnsHop, 'the Gateway', (at) => {
    const l7: Hop = { stage: 'http', at: at.pod.spec.node, text: `Gateway proxy pod ${at.pod.key} (client address ${at.remote}): ${route.steps.join('; ')}`, rule: `Gateway ${gw.namespace}/${gw.name}` };
    const answer = proxyAnswer(at, l7, tls);
    if (route.kind === 'not-found') return [answer(404, '404 Not Found: no HTTPRoute rule matches')];
    const flows: Flow[] = route.invalid.map((bad) => answer(500, bad.why, { share: bad.share }));
    for (const b of route.backends) {
      if (b.port === undefined) {
        flows.push(answer(500, `backendRef ${b.service} has no port: 500`, { share: b.share, route: b.route }));
        continue;
      }
      const routed = { namespace: b.namespace, backend: { kind: 'service' as const, service: b.service, port: b.port }, share: b.share, route: b.route };
      flows.push(...toBackend(state, at.pod, routed, { ...at.base, hops: [...at.hops, l7], remote: at.remote, tls, invalidStatus: 500, request: { method: req.method, path: req.path, host: req.host, headers: req.headers } }, answer));
    }
    return flows;
  });
}

import type { ClusterState } from '../model/state.js';
import { objectKey } from '../model/state.js';
import { ROUTER_LABEL } from '../spec/well-known-labels.js';
import type { HttpRequestParts } from './ingress-routing.js';
import { clientAddress, meshRequest, noAnswer, proxyAnswer, toBackend, viaProxy } from './proxy.js';
import type { Flow, Hop, HttpInfo, ProbeSource } from './types.js';

/**
 * A request through the OpenShift router (Routes): exact host, then the longest path prefix
 * (the oldest route on a tie); TLS edge and reencrypt end at the router, passthrough goes on to
 * the pod; plain http to a TLS route follows insecureEdgeTerminationPolicy (None: not served,
 * Redirect: 302, Allow); `to` and alternateBackends share by weight. undefined when no Route
 * names the host.
 */
export function openshiftRequest(state: ClusterState, source: ProbeSource, req: HttpRequestParts & { readonly port: number }, method: string): Flow[] | undefined {
  const forHost = state.spec.routes.filter((r) => r.host === req.host);
  if (forHost.length === 0) return undefined;
  const clientIp = clientAddress(state, source);
  const dnsHop: Hop = { stage: 'dns', text: `${req.host} is a Route host; DNS points it at the OpenShift router` };
  const svc = state.services.find((s) => s.spec.selector?.[ROUTER_LABEL] !== undefined);
  if (!svc) return [noAnswer(clientIp, 'unreachable', 'no-route', [dnsHop, { stage: 'http', text: `no Service selects router pods (selector ${ROUTER_LABEL}), so the router has no address` }])];
  const matching = forHost
    .filter((r) => r.path === undefined || req.path.startsWith(r.path))
    .sort((a, b) => (b.path ?? '').length - (a.path ?? '').length || (a.creationIndex ?? 0) - (b.creationIndex ?? 0));
  const route = matching[0];
  const steps = route ? `Route ${route.namespace}/${route.name} (host ${route.host}, path ${route.path ?? '/'})` : `no Route of host ${req.host} has a path matching ${req.path}`;
  const terminates = route?.tls !== undefined && route.tls.termination !== 'passthrough';
  const tls: HttpInfo['tls'] = req.scheme === 'https' && terminates ? { terminatedAt: 'controller', defaultCertificate: true } : undefined;
  return viaProxy(state, source, svc, req.port, dnsHop, 'the router', (at) => {
    const l7: Hop = { stage: 'http', at: at.pod.spec.node, text: `router pod ${at.pod.key} (client address ${at.remote}): ${steps}`, rule: 'OpenShift router' };
    const answer = proxyAnswer(at, l7, tls);
    if (!route) return [answer(503, '503 Application is not available')];
    if (req.scheme === 'https' && !route.tls) return [answer(503, `Route ${route.name} has no TLS: the router serves it on http only (503 on https)`)];
    if (req.scheme === 'http' && route.tls) {
      const policy = route.tls.termination === 'passthrough' ? 'None' : route.tls.insecureEdgeTerminationPolicy;
      if (policy === 'Redirect') return [answer(302, `insecureEdgeTerminationPolicy Redirect: 302 to https://${req.host}${req.path}`, { location: `https://${req.host}${req.path}` })];
      if (policy === 'None') return [answer(503, `the Route is TLS-only (${route.tls.termination}, insecureEdgeTerminationPolicy ${policy}): 503 on plain http`)];
    }
    const total = route.backends.reduce((sum, b) => sum + b.weight, 0);
    if (total === 0) return [answer(503, 'every backend of the Route has weight 0: 503')];
    const where = `Route ${route.namespace}/${route.name}`;
    return route.backends.flatMap((b) => {
      if (b.weight === 0) return [];
      const backendSvc = state.servicesByKey.get(objectKey(route.namespace, b.service));
      const tp = route.targetPort;
      const sp = backendSvc?.ports.find((p) => tp === undefined || p.targetPort === tp || p.name === tp) ?? backendSvc?.ports[0];
      const routed = { namespace: route.namespace, backend: { kind: 'service' as const, service: b.service, port: sp?.port ?? 0 }, share: b.weight / total, route: where };
      return toBackend(state, at.pod, routed, { ...at.base, hops: [...at.hops, l7], remote: at.remote, tls, request: meshRequest(req, method) }, answer);
    });
  });
}

/**
 * request(): every path an HTTP request may take through an in-cluster Ingress controller.
 *
 * 1. Which controller: each Ingress belongs to the controller of its IngressClass
 *    (spec.ingressClassName or the deprecated annotation; no class ⇒ the default IngressClass;
 *    an unknown class or no default ⇒ no controller serves it). The request goes to the
 *    controller whose Ingresses name its host (exact, then wildcard, then host-less rules);
 *    public DNS is assumed to point the host at that controller's entry.
 * 2. Leg one, a connection to the controller's Service: its load-balancer address when it has
 *    one (in-cluster clients are short-circuited by kube-proxy), else its node ports; port 443
 *    for https, 80 for http, or the URL's port.
 * 3. The controller pod routes the request (ingress-routing.ts): TLS, redirect, host, path,
 *    canary, default backend or 404.
 * 4. Leg two, from the controller pod straight to each ready endpoint of the backend Service
 *    (ingress-nginx balances over the EndpointSlices itself; kube-proxy is not involved), so
 *    NetworkPolicy sees the controller pod as the source. X-Forwarded-For is the address the
 *    controller saw (use-forwarded-headers is off by default: client headers are not trusted).
 * Statuses: 200 when delivered; 404 no route; 308 redirect; 503 no such Service, port or ready
 * endpoint; 504 when the backend connection times out; 502 when it is refused or unroutable.
 * A pod's request to a Service's cluster DNS name (or, routed by its sidecar, a ServiceEntry
 * host) stays inside the cluster (request-mesh.ts) before any of this.
 * Hosts no Ingress serves go to OpenShift Routes (request-route.ts), then Gateways
 * (request-gateway.ts), then Istio Gateways (request-istio-gateway.ts); Ingresses of the provider's own class to its L7 load balancer
 * (request-cloud.ts). The legs all entry points share are in proxy.ts.
 */
import type { ClusterState } from '../model/state.js';
import { objectKey } from '../model/state.js';
import { profileById } from '../cloud/profiles.js';
import type { IngressControllerSpec, IngressSpec } from '../spec/types.js';
import { routeIngress, type HttpRequestParts, type IngressRoute } from './ingress-routing.js';
import { clientAddress, meshRequest, noAnswer, proxyAnswer, toBackend, viaProxy, type AtProxy } from './proxy.js';
import { cloudRequest } from './request-cloud.js';
import { gatewayRequest } from './request-gateway.js';
import { istioGatewayRequest } from './request-istio-gateway.js';
import { meshServiceRequest } from './request-mesh.js';
import { openshiftRequest } from './request-route.js';
import type { Flow, Hop, HttpInfo, HttpRequestSpec, ProbeResult, ProbeSource } from './types.js';
import type { MeshRequest } from '../mesh/authorization.js';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/** The controller value of the provider's own L7 load balancer (a pseudo controller name). */
const cloudController = (profile: string): string => `cloud/${profile}`;

/** The controller value each Ingress belongs to, with why (for the trace). */
export function ingressController(state: ClusterState, ing: IngressSpec): { controller?: string; why: string } {
  const classes = state.spec.ingressClasses;
  const named = ing.className ?? ing.annotations[CLASS_ANNOTATION];
  const cloud = profileById(state.spec.provider).ingress;
  if (cloud && (named !== undefined ? cloud.classes.includes(named) && !classes.some((c) => c.name === named) : cloud.servesUnclassed && !classes.some((c) => c.isDefault)))
    return { controller: cloudController(state.spec.provider), why: `${named === undefined ? 'no class given' : `class ${named}`}: the provider's ${cloud.product}` };
  if (named !== undefined) {
    const cls = classes.find((c) => c.name === named);
    return cls ? { controller: cls.controller, why: `IngressClass ${named} (controller ${cls.controller})` } : { why: `IngressClass ${named} does not exist, so no controller serves it` };
  }
  const defaults = classes.filter((c) => c.isDefault);
  if (defaults.length === 1) return { controller: defaults[0]!.controller, why: `no class given: the default IngressClass ${defaults[0]!.name} (controller ${defaults[0]!.controller})` };
  if (defaults.length > 1) return { why: `no class given and ${defaults.length} IngressClasses claim to be the default, so none applies` };
  return { why: 'no class given and no default IngressClass, so no controller serves it' };
}

/** The controller's entry: declared, or for ingress-nginx found by the labels its manifests use. */
function controllerEntry(state: ClusterState, controller: string): IngressControllerSpec | undefined {
  const declared = state.spec.ingressControllers.find((c) => c.controller === controller);
  if (declared) return declared;
  if (controller !== NGINX_CONTROLLER) return undefined;
  const svc = state.services.find(
    (s) => s.spec.selector?.['app.kubernetes.io/name'] === 'ingress-nginx' && s.spec.selector?.['app.kubernetes.io/component'] === 'controller',
  );
  return svc ? { name: controller, controller, kind: 'in-cluster', service: { namespace: svc.namespace, name: svc.name } } : undefined;
}

function parseUrl(url: string): (HttpRequestParts & { readonly port: number }) | undefined {
  try {
    const u = new URL(url);
    const scheme = u.protocol === 'https:' ? 'https' : u.protocol === 'http:' ? 'http' : undefined;
    if (!scheme) return undefined;
    const port = u.port !== '' ? Number(u.port) : scheme === 'https' ? 443 : 80;
    return { scheme, host: u.hostname.toLowerCase(), path: decodeURIComponent(u.pathname || '/'), port, headers: {}, cookies: {} };
  } catch {
    return undefined;
  }
}

export function request(state: ClusterState, source: ProbeSource, spec: HttpRequestSpec): ProbeResult {
  const parsed = parseUrl(spec.url);
  const sourceIp = clientAddress(state, source);
  if (!parsed) return { flows: [noAnswer(sourceIp, 'unreachable', undefined, [{ stage: 'http', text: `${spec.url} is not an http(s) URL` }])] };
  const req: HttpRequestParts = { ...parsed, headers: spec.headers, cookies: spec.cookies };
  const inCluster = meshServiceRequest(state, source, spec, { ...req, port: parsed.port });
  if (inCluster) return { flows: inCluster };

  // Which controller serves the host.
  const byController = new Map<string, IngressSpec[]>();
  const notes: string[] = [];
  for (const ing of state.spec.ingresses) {
    const c = ingressController(state, ing);
    if (c.controller === undefined) {
      notes.push(`Ingress ${ing.namespace}/${ing.name}: ${c.why}`);
      continue;
    }
    byController.set(c.controller, [...(byController.get(c.controller) ?? []), ing]);
  }
  const ranked = [...byController].map(([controller, ingresses]) => ({ controller, ingresses, route: routeIngress(ingresses, req, { sslRedirect: !controller.startsWith('cloud/') }) }));
  const rank = (r: IngressRoute): number => (r.kind === 'not-found' ? 2 : r.steps[0]?.includes('catch-all') ? 1 : 0);
  ranked.sort((a, b) => rank(a.route) - rank(b.route));
  const pick = ranked.find((r) => r.route.kind !== 'not-found' || r.ingresses.some((i) => i.rules.some((rule) => rule.host === req.host))) ?? ranked[0];
  const ingressServes = pick !== undefined && (pick.route.kind !== 'not-found' || pick.ingresses.some((i) => i.rules.some((rule) => rule.host === req.host)));
  if (!ingressServes) {
    const viaRoute = openshiftRequest(state, source, parsed, spec.method);
    if (viaRoute) return { flows: viaRoute };
    const viaGateway = gatewayRequest(state, source, spec, parsed);
    if (viaGateway) return { flows: viaGateway };
    const viaIstio = istioGatewayRequest(state, source, spec, parsed);
    if (viaIstio) return { flows: viaIstio };
  }
  if (!pick) {
    const why = notes.length > 0 ? notes.join('; ') : 'the cluster has no Ingress';
    return { flows: [noAnswer(sourceIp, 'nxdomain', 'dns', [{ stage: 'dns', text: `no Ingress controller serves ${req.host}: ${why}` }])] };
  }
  const dnsHop: Hop = { stage: 'dns', text: `${req.host} is served by controller ${pick.controller}; public DNS points it at the controller's entry` };
  if (pick.controller === cloudController(state.spec.provider)) return { flows: cloudRequest(state, source, pick.route, req, dnsHop) };
  const entry = controllerEntry(state, pick.controller);
  if (!entry) {
    return {
      flows: [
        noAnswer(sourceIp, 'unreachable', 'no-route', [
          dnsHop,
          { stage: 'http', text: `no ingress controller for ${pick.controller} is declared (add \`ingress-controller ${pick.controller} service NS/NAME\`)` },
        ]),
      ],
    };
  }
  if (entry.kind === 'cloud' || !entry.service) {
    if (profileById(state.spec.provider).ingress) return { flows: cloudRequest(state, source, pick.route, req, dnsHop) };
    return {
      flows: [
        noAnswer(sourceIp, 'unreachable', 'no-route', [
          dnsHop,
          { stage: 'http', text: `${entry.controller} is a cloud load balancer, and provider ${state.spec.provider} has no L7 load balancer profile (cce and tke do)` },
        ]),
      ],
    };
  }
  const svc = state.servicesByKey.get(objectKey(entry.service.namespace, entry.service.name));
  if (!svc) return { flows: [noAnswer(sourceIp, 'unreachable', 'no-route', [dnsHop, { stage: 'http', text: `the controller Service ${entry.service.namespace}/${entry.service.name} does not exist` }])] };
  return { flows: viaProxy(state, source, svc, parsed.port, dnsHop, 'the controller', (at) => atController(state, at, pick.route, meshRequest(req, spec.method))) };
}

/** Step 3 and leg two, for one path that reached controller pod `pod`. */
function atController(state: ClusterState, at: AtProxy, route: IngressRoute, request: MeshRequest): Flow[] {
  const { pod, remote } = at;
  const tls: HttpInfo['tls'] = route.kind !== 'redirect' && route.tls ? { terminatedAt: 'controller', defaultCertificate: route.tls.defaultCertificate, ...(route.tls.secret ? { secret: route.tls.secret } : {}) } : undefined;
  const l7: Hop = { stage: 'http', at: pod.spec.node, text: `controller pod ${pod.key} (client address ${remote}): ${route.steps.join('; ')}`, rule: 'ingress-nginx routing' };
  const answer = proxyAnswer(at, l7, tls);
  if (route.kind === 'redirect') return [answer(308, `308 Permanent Redirect to ${route.location}`, { location: route.location })];
  if (route.kind === 'not-found') return [answer(404, '404 Not Found from the default backend')];
  return route.backends.flatMap((b) => toBackend(state, pod, { ...b, namespace: b.ingress.namespace }, { ...at.base, hops: [...at.hops, l7], remote, tls, request }, answer));
}


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
 */
import type { ClusterState, PodState, ServiceState } from '../model/state.js';
import { objectKey } from '../model/state.js';
import { formatIpv4, parseCidr } from '../model/ipv4.js';
import { interpretAnnotations } from '../cloud/annotations.js';
import { profileById } from '../cloud/profiles.js';
import type { IngressControllerSpec, IngressSpec } from '../spec/types.js';
import { routeIngress, type HttpRequestParts, type IngressRoute, type RoutedBackend } from './ingress-routing.js';
import { INTERNET_CLIENT_IP, probe } from './probe.js';
import { routeHttp, type HttpRequestFull } from './httproute-routing.js';
import { GATEWAY_NAME_LABEL } from '../manifests/kinds/gateway.js';
import { ROUTER_LABEL } from '../manifests/kinds/route.js';
import type { Flow, Hop, HttpInfo, HttpRequestSpec, ProbeResult, ProbeSource, ProbeTarget } from './types.js';

const CLASS_ANNOTATION = 'kubernetes.io/ingress.class';
const NGINX_CONTROLLER = 'k8s.io/ingress-nginx';

/** The controller value of the provider's own L7 load balancer (a pseudo controller name). */
const cloudController = (profile: string): string => `cloud/${profile}`;

/** The controller value each Ingress belongs to, with why (for the trace). */
export function ingressController(state: ClusterState, ing: IngressSpec): { controller?: string; why: string } {
  const classes = state.spec.ingressClasses ?? [];
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
  const declared = (state.spec.ingressControllers ?? []).find((c) => c.controller === controller);
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

function noAnswer(sourceIp: string, outcome: Flow['outcome'], cause: Flow['cause'], hops: readonly Hop[]): Flow {
  return { hops, outcome, ...(cause ? { cause } : {}), sourceIp, masqueraded: false };
}

const outside = (s: ProbeSource): boolean => s.kind === 'internet' || s.kind === 'host' || s.kind === 'ip';

/** Leg one's target: the controller Service by the address a client outside or inside would use. */
function entryTarget(svc: ServiceState, source: ProbeSource): ProbeTarget | string {
  const base = { kind: 'service' as const, namespace: svc.namespace, name: svc.name };
  if (svc.loadBalancerIPs.length > 0) return { ...base, via: 'loadbalancer' };
  if (svc.ports.some((p) => p.nodePort !== undefined)) return { ...base, via: 'nodeport' };
  if (!outside(source)) return { ...base, via: 'clusterip' };
  return `the controller Service ${svc.key} is of type ${svc.spec.type}: nothing outside the cluster can reach it`;
}

export function request(state: ClusterState, source: ProbeSource, spec: HttpRequestSpec): ProbeResult {
  const parsed = parseUrl(spec.url);
  const sourceIp = clientAddress(state, source);
  if (!parsed) return { flows: [noAnswer(sourceIp, 'unreachable', undefined, [{ stage: 'http', text: `${spec.url} is not an http(s) URL` }])] };
  const req: HttpRequestParts = { ...parsed, headers: spec.headers, cookies: spec.cookies };

  // Which controller serves the host.
  const byController = new Map<string, IngressSpec[]>();
  const notes: string[] = [];
  for (const ing of state.spec.ingresses ?? []) {
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
    const viaRoute = openshiftRequest(state, source, parsed);
    if (viaRoute) return { flows: viaRoute };
    const viaGateway = gatewayRequest(state, source, spec, parsed);
    if (viaGateway) return { flows: viaGateway };
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
  return { flows: viaProxy(state, source, svc, parsed.port, dnsHop, 'the controller', (at) => atController(state, at, pick.route)) };
}

/** A path that reached an in-cluster proxy pod (ingress-nginx, a Gateway's proxy, the OpenShift router). */
interface AtProxy {
  readonly pod: PodState;
  /** DNS and leg one. */
  readonly hops: readonly Hop[];
  /** The address the proxy saw the request come from. */
  readonly remote: string;
  readonly base: { readonly sourceIp: string; readonly branch?: string };
}

/** Leg one, to the proxy's Service; `atProxy` continues each path that reached a proxy pod. */
function viaProxy(state: ClusterState, source: ProbeSource, svc: ServiceState, port: number, dnsHop: Hop, what: string, atProxy: (at: AtProxy) => Flow[]): Flow[] {
  const target = entryTarget(svc, source);
  if (typeof target === 'string') return [noAnswer(clientAddress(state, source), 'unreachable', 'no-route', [dnsHop, { stage: 'http', text: target }])];
  return probe(state, { source, target, port }).flows.flatMap((f) => {
    const hops = [dnsHop, ...f.hops];
    const pod = f.backend?.pod ? state.podsByKey.get(objectKey(f.backend.pod.namespace, f.backend.pod.name)) : undefined;
    if (f.outcome !== 'allow' || !pod) return [{ ...f, hops: [...hops, { stage: 'http' as const, text: `the request never reached ${what}` }] }];
    return atProxy({ pod, hops, remote: f.sourceSeen ?? f.sourceIp, base: { sourceIp: f.sourceIp, ...(f.branch ? { branch: f.branch } : {}) } });
  });
}

/** The proxy answering the request itself (a status of its own) after its routing hop `l7`. */
function proxyAnswer(at: AtProxy, l7: Hop, tls: HttpInfo['tls']): (status: number, text: string, extra?: Partial<HttpInfo>) => Flow {
  return (status, text, extra = {}) => ({
    ...at.base,
    hops: [...at.hops, l7, { stage: 'http', at: at.pod.spec.node, text }],
    outcome: 'refused',
    cause: 'http-status',
    masqueraded: false,
    http: { status, share: 1, ...(tls ? { tls } : {}), ...extra },
  });
}

/** Step 3 and leg two, for one path that reached controller pod `pod`. */
function atController(state: ClusterState, at: AtProxy, route: IngressRoute): Flow[] {
  const { pod, remote } = at;
  const tls: HttpInfo['tls'] = route.kind !== 'redirect' && route.tls ? { terminatedAt: 'controller', defaultCertificate: route.tls.defaultCertificate, ...(route.tls.secret ? { secret: route.tls.secret } : {}) } : undefined;
  const l7: Hop = { stage: 'http', at: pod.spec.node, text: `controller pod ${pod.key} (client address ${remote}): ${route.steps.join('; ')}`, rule: 'ingress-nginx routing' };
  const answer = proxyAnswer(at, l7, tls);
  if (route.kind === 'redirect') return [answer(308, `308 Permanent Redirect to ${route.location}`, { location: route.location })];
  if (route.kind === 'not-found') return [answer(404, '404 Not Found from the default backend')];
  return route.backends.flatMap((b) => toBackend(state, pod, { ...b, namespace: b.ingress.namespace }, { ...at.base, hops: [...at.hops, l7], remote, tls }, answer));
}

function toBackend(
  state: ClusterState,
  controller: PodState,
  routed: Pick<RoutedBackend, 'backend' | 'share' | 'route'> & { readonly namespace: string },
  ctx: { readonly sourceIp: string; readonly branch?: string; readonly hops: readonly Hop[]; readonly remote: string; readonly tls: HttpInfo['tls']; readonly invalidStatus?: number },
  answer: (status: number, text: string, extra?: Partial<HttpInfo>) => Flow,
): Flow[] {
  const b = routed.backend;
  const route = routed.route;
  if (b.kind !== 'service') return [answer(503, `backend ${b.resourceKind} ${b.name} is a resource backend, which ingress-nginx does not serve: 503`, { route, share: routed.share })];
  const ns = routed.namespace;
  const svcRef = { namespace: ns, name: b.service };
  const svc = state.servicesByKey.get(objectKey(ns, b.service));
  // ingress-nginx answers 503 for a backend it cannot use; the Gateway API asks for 500.
  const invalid = ctx.invalidStatus ?? 503;
  if (!svc) return [answer(invalid, `Service ${ns}/${b.service} does not exist: ${invalid}`, { route, share: routed.share, backendService: svcRef })];
  const portIndex = svc.ports.findIndex((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port));
  if (portIndex < 0) return [answer(invalid, `Service ${svc.key} has no port ${b.port}: ${invalid}`, { route, share: routed.share, backendService: svcRef })];
  const endpoints = (svc.endpointsByPort[portIndex] ?? []).filter((e) => e.ready);
  if (endpoints.length === 0) return [answer(503, `Service ${svc.key} has no ready endpoint: 503 Service Unavailable`, { route, share: routed.share, backendService: svcRef })];
  const from: ProbeSource = { kind: 'pod', namespace: controller.namespace, name: controller.name };
  return endpoints.flatMap((ep) => {
    const target: ProbeTarget = ep.targetPod ? { kind: 'pod', ...ep.targetPod, via: 'pod-ip' } : { kind: 'ip', ip: ep.address };
    const pick: Hop = { stage: 'http', at: controller.spec.node, text: `proxied to endpoint ${ep.address}:${ep.port} of ${svc.key} (ingress-nginx picks endpoints itself)` };
    return probe(state, { source: from, target, port: ep.port, protocol: svc.ports[portIndex]!.protocol }).flows.map((f): Flow => {
      const status = f.outcome === 'allow' ? 200 : f.outcome === 'timeout' ? 504 : 502;
      const http: HttpInfo = { status, share: routed.share, backendService: svcRef, route, ...(ctx.tls ? { tls: ctx.tls } : {}), ...(f.outcome === 'allow' ? { xForwardedFor: ctx.remote } : {}) };
      const tail: Hop[] = f.outcome === 'allow' ? [] : [{ stage: 'http', at: controller.spec.node, text: `the backend connection failed (${f.outcome}): the controller answers ${status}` }];
      return {
        ...f,
        hops: [...ctx.hops, pick, ...f.hops, ...tail],
        sourceIp: ctx.sourceIp,
        masqueraded: true,
        ...(ctx.branch || f.branch ? { branch: [ctx.branch, f.branch ?? `endpoint ${ep.address}`].filter(Boolean).join(' → ') } : {}),
        http,
      };
    });
  });
}

/**
 * The provider's L7 load balancer (TKE's CLB per Ingress, CCE's ELB): it terminates TLS, routes
 * by host and path itself, then connects from its own address to a node port of the backend
 * Service on every node (T-03, C-05, C+07); the client is only in X-Forwarded-For.
 */
function cloudRequest(state: ClusterState, source: ProbeSource, route: IngressRoute, req: HttpRequestParts, dnsHop: Hop): Flow[] {
  const profile = profileById(state.spec.provider);
  const cloud = profile.ingress!;
  const client = clientAddress(state, source);
  const tls: HttpInfo['tls'] = route.kind !== 'redirect' && route.tls ? { terminatedAt: 'load-balancer', defaultCertificate: route.tls.defaultCertificate, ...(route.tls.secret ? { secret: route.tls.secret } : {}) } : undefined;
  const owner = route.kind === 'backends' ? route.backends[0]?.ingress : undefined;
  const lb = owner ? interpretAnnotations(profile, 'Ingress', owner.annotations, state.spec.networkMode) : undefined;
  const name = owner ? `${cloud.product}${cloud.perIngress ? ` of Ingress ${owner.namespace}/${owner.name}` : ''}` : cloud.product;
  const l7: Hop = { stage: 'http', at: name, text: `${name}: ${route.steps.join('; ')}`.replace('terminated at the controller', 'terminated at the load balancer'), rule: `${profile.name} Ingress` };
  const answer = (status: number, text: string): Flow => ({
    hops: [dnsHop, l7, { stage: 'http', at: name, text }],
    outcome: 'refused',
    cause: 'http-status',
    sourceIp: client,
    masqueraded: false,
    http: { status, share: 1, ...(tls ? { tls } : {}) },
  });
  if (lb?.settings.scheme === 'internal' && source.kind === 'internet')
    return [
      {
        hops: [dnsHop, { stage: 'load-balancer', at: name, text: `the ${name} is private (${lb.decidedBy.scheme ?? 'annotation'}): the internet cannot reach it` }],
        outcome: 'unreachable',
        cause: 'no-route',
        sourceIp: client,
        masqueraded: false,
      },
    ];
  if (route.kind === 'redirect') return [answer(308, `308 redirect to ${route.location}`)];
  if (route.kind === 'not-found') return [answer(404, '404: no forwarding rule matches')];
  const range = parseCidr(cloud.sourceRange);
  const lbIp = range ? formatIpv4(range.base + 10) : '100.127.0.10';
  return route.backends.flatMap((b) => {
    if (b.backend.kind !== 'service') return [answer(503, `backend ${b.backend.resourceKind} ${b.backend.name} is not a Service`)];
    const ns = b.ingress.namespace;
    const svc = state.servicesByKey.get(objectKey(ns, b.backend.service));
    const svcRef = { namespace: ns, name: b.backend.service };
    const portSpec = b.backend.port;
    const port = svc?.ports.find((p) => (typeof portSpec === 'number' ? p.port === portSpec : p.name === portSpec));
    if (!svc || !port) return [answer(503, `Service ${ns}/${b.backend.service} or its port ${portSpec} does not exist`)];
    if (port.nodePort === undefined)
      return [answer(503, `Service ${svc.key} has no node port: the ${cloud.product} binds the backend Service's NodePort on every node, so it must be NodePort or LoadBalancer`)];
    const leg: Hop = { stage: 'http', at: name, text: `the ${name} connects from its own address ${lbIp} to NodePort ${port.nodePort} of ${svc.key} on each node; X-Forwarded-For carries the client` };
    return probe(state, { source: { kind: 'ip', ip: lbIp }, target: { kind: 'service', namespace: ns, name: svc.name, via: 'nodeport' }, port: port.port, protocol: port.protocol }).flows.map((f): Flow => {
      const status = f.outcome === 'allow' ? 200 : f.outcome === 'timeout' ? 504 : 502;
      return {
        ...f,
        hops: [dnsHop, l7, leg, ...f.hops, ...(f.outcome === 'allow' ? [] : [{ stage: 'http' as const, at: name, text: `the backend connection failed (${f.outcome}): the load balancer answers ${status}` }])],
        sourceIp: client,
        masqueraded: true,
        http: { status, share: b.share, backendService: svcRef, route: b.route, ...(tls ? { tls } : {}), ...(f.outcome === 'allow' ? { xForwardedFor: client } : {}) },
      };
    });
  });
}

/** The address a request leaves its client with (before any NAT). */
function clientAddress(state: ClusterState, s: ProbeSource): string {
  switch (s.kind) {
    case 'internet':
      return INTERNET_CLIENT_IP;
    case 'ip':
      return s.ip;
    case 'host':
      return state.hostsByName.get(s.name)?.ip ?? '';
    case 'pod':
      return state.podsByKey.get(objectKey(s.namespace, s.name))?.ip ?? '';
    case 'node':
      return state.nodesByName.get(s.name)?.ip ?? '';
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/**
 * A request through a Gateway (HTTPRoute): the Gateway's data-plane Service (selector
 * `gateway.networking.k8s.io/gateway-name: <gateway>`), its proxy pod's routing, then straight to
 * a backend endpoint like an Ingress controller. undefined when no Gateway listener takes it.
 */
function gatewayRequest(state: ClusterState, source: ProbeSource, spec: HttpRequestSpec, parsed: HttpRequestParts & { readonly port: number }): Flow[] | undefined {
  const gateways = state.spec.gateways ?? [];
  if (gateways.length === 0) return undefined;
  let query: Record<string, string> = {};
  try {
    query = Object.fromEntries(new URL(spec.url).searchParams);
  } catch {
    query = {};
  }
  const req: HttpRequestFull = { scheme: parsed.scheme, host: parsed.host, port: parsed.port, path: parsed.path, method: spec.method, headers: spec.headers, query };
  const routes = state.spec.httpRoutes ?? [];
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
      flows.push(...toBackend(state, at.pod, routed, { ...at.base, hops: [...at.hops, l7], remote: at.remote, tls, invalidStatus: 500 }, answer));
    }
    return flows;
  });
}

/**
 * A request through the OpenShift router (Routes): exact host, then the longest path prefix
 * (the oldest route on a tie); TLS edge and reencrypt end at the router, passthrough goes on to
 * the pod; plain http to a TLS route follows insecureEdgeTerminationPolicy (None: not served,
 * Redirect: 302, Allow); `to` and alternateBackends share by weight. undefined when no Route
 * names the host.
 */
function openshiftRequest(state: ClusterState, source: ProbeSource, req: HttpRequestParts & { readonly port: number }): Flow[] | undefined {
  const forHost = (state.spec.routes ?? []).filter((r) => r.host === req.host);
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
      return toBackend(state, at.pod, routed, { ...at.base, hops: [...at.hops, l7], remote: at.remote, tls }, answer);
    });
  });
}

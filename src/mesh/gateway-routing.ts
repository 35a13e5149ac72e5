/**
 * Istio Gateway and VirtualService routing at a gateway proxy and at a client's sidecar (the
 * `mesh` gateway): which server of which Gateway takes a request, which VirtualService and HTTP
 * route handle it, and where it goes. One router (`routeHttp`) serves both.
 *
 * Specification (Istio documentation; the citations are its pages):
 * - A Gateway configures the proxy pods its `selector` matches, in any namespace
 *   (https://istio.io/latest/docs/reference/config/networking/gateway/); each server opens a
 *   port (`port.number`, the port of the gateway's Service) for a protocol and exposes `hosts`,
 *   each `namespace/dnsName`: only VirtualServices of that namespace (`*`: any, `.`: the
 *   Gateway's; no namespace part: any) may bind that host; dnsName `*`, `*.suffix` or an FQDN.
 *   `tls.httpsRedirect` answers a plain-HTTP request with a 301 to https.
 * - A VirtualService applies to a gateway named in its `gateways` (`namespace/name`, or `name`
 *   in the VirtualService's own namespace; `mesh` is the sidecars; no `gateways` means `mesh`
 *   only) and to requests whose host matches one of its `hosts` (an FQDN, `*.suffix`, `*`, or
 *   a short name read as `name.<its namespace>.svc.cluster.local`)
 *   (https://istio.io/latest/docs/reference/config/networking/virtual-service/#VirtualService).
 *   Where several VirtualServices claim a host, the most specific host wins (an exact name over a
 *   wildcard); VirtualServices bound to a gateway that claim the same host are merged, their
 *   HTTP routes tried in document order (https://istio.io/latest/docs/reference/config/analysis/ist0109/:
 *   Istio merges the virtual services attached to ingress gateways; the operations guide's
 *   "Multiple virtual services and destination rules for the same host").
 *   Among other equals the model takes the first document.
 * - HTTP routes are tried in order, the first whose `match` holds wins; a route without `match`
 *   matches everything; several match blocks are ORed, the conditions of one are ANDed
 *   (HTTPRoute, HTTPMatchRequest). A StringMatch is `exact`, `prefix` or `regex` (RE2, the whole
 *   value; read as a JavaScript expression); `ignoreUriCase` makes the uri match case-insensitive;
 *   `port` is the port the request came in on; a match's `gateways` replace the
 *   VirtualService's for that match.
 * - A route forwards to destinations by `weight` (one destination: all of it); a destination
 *   `host` is a host of the registry: a Kubernetes Service (`name.namespace.svc.cluster.local`,
 *   or a short name read in the VirtualService's namespace, as the page's note for Kubernetes
 *   users says) or a ServiceEntry host; `port.number` is a port of that Service, which may be
 *   left out when the Service has one port (Destination). `redirect` answers with a redirect
 *   (301 unless `redirectCode`), `directResponse` with its status.
 * - No VirtualService or no route for the request: the gateway answers 404 (the Ingress Gateways
 *   task, https://istio.io/latest/docs/tasks/traffic-management/ingress/ingress-control/:
 *   a URL that is not explicitly exposed gets 404).
 * - The `mesh` gateway: a VirtualService without `gateways`, or listing `mesh`, configures the
 *   sidecars of the mesh (VirtualService reference, `gateways`), which route each request their
 *   workload sends to one of its hosts (the FQDN of the Service or ServiceEntry host addressed)
 *   by the same rules, then connect to the chosen destination instead of the host addressed
 *   (the Request Routing task, https://istio.io/latest/docs/tasks/traffic-management/request-routing/:
 *   requests carrying `end-user: jason` go to reviews v2, the rest to v1). No VirtualService for
 *   the host: the request goes where it is addressed. A VirtualService that covers the host but
 *   has no matching route: 404, as at a gateway. Several mesh VirtualServices claiming one host
 *   are a conflict, not merged (https://istio.io/latest/docs/reference/config/analysis/ist0109/:
 *   merging is for gateways only); the model uses the first document.
 * Approximations: a destination that is neither a Service nor a ServiceEntry host, or a Service
 * port that cannot be chosen, is answered 503 (Envoy's answer for a route whose cluster does not
 * exist); subsets (DestinationRules) are ignored: every endpoint of the Service is used; TLS and
 * TCP routes are read but requests are HTTP only (a sidecar's TLS and TCP routes are not
 * followed: NS2146); `exportTo` is ignored (every VirtualService is visible to every sidecar);
 * rewrites, faults, retries and timeouts are not kept (src/spec/virtual-service.ts).
 */
import type { IstioGatewayServerSpec, IstioGatewaySpec } from '../spec/istio-gateway.js';
import type { HttpRequest } from '../spec/http-request.js';
import type { Labels } from '../spec/types.js';
import type { HttpActionSpec, HttpMatchSpec, HttpRouteRuleSpec, StringMatchSpec, VirtualServiceSpec } from '../spec/virtual-service.js';

/** The gateway name standing for the sidecars of the mesh. */
export const MESH_GATEWAY = 'mesh';

/** Whether a Gateway's selector picks a pod with these labels (an empty selector picks none: Istio requires one). */
export function selectsProxy(gw: IstioGatewaySpec, labels: Labels): boolean {
  const entries = Object.entries(gw.selector);
  return entries.length > 0 && entries.every(([k, v]) => labels[k] === v);
}

/** Whether a DNS pattern (`*`, `*.suffix` or an FQDN) matches `host`. */
export function dnsMatches(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase().replace(/\.$/, '');
  const h = host.toLowerCase();
  if (p === '*') return true;
  if (p.startsWith('*.')) return h.endsWith(p.slice(1)) && h.length > p.length - 1;
  return p === h;
}

/** How specific a matching pattern is: an exact name over a longer suffix over a shorter one over `*`. */
function specificity(pattern: string): number {
  if (pattern === '*') return 0;
  if (pattern.startsWith('*.')) return pattern.length;
  return 10_000;
}

/** A server host split into its namespace part (undefined: none written) and DNS name. */
function splitServerHost(h: string): { readonly namespace?: string; readonly dns: string } {
  const slash = h.indexOf('/');
  return slash < 0 ? { dns: h } : { namespace: h.slice(0, slash), dns: h.slice(slash + 1) };
}

/** Whether a server host lets a VirtualService of `vsNamespace` serve `host` on the Gateway of `gwNamespace`. */
function serverAdmits(serverHost: string, gwNamespace: string, vsNamespace: string, host: string): boolean {
  const { namespace, dns } = splitServerHost(serverHost);
  if (!dnsMatches(dns, host)) return false;
  if (namespace === undefined || namespace === '*') return true;
  return (namespace === '.' ? gwNamespace : namespace) === vsNamespace;
}

/** A VirtualService host as a DNS pattern: a short name is read in its namespace. */
export function vsHostPattern(h: string, vsNamespace: string, clusterDomain: string): string {
  return h === '*' || h.includes('.') ? h : `${h}.${vsNamespace}.svc.${clusterDomain}`;
}

/** Gateway references, normalised to `namespace/name` (or `mesh`). */
export function gatewayRefs(refs: readonly string[], vsNamespace: string): string[] {
  const list = refs.length === 0 ? [MESH_GATEWAY] : refs;
  return list.map((g) => (g === MESH_GATEWAY || g.includes('/') ? g : `${vsNamespace}/${g}`));
}

/** Whether a VirtualService (or one match of it) is bound to the Gateway. */
export function bindsGateway(vs: VirtualServiceSpec, gw: IstioGatewaySpec, match?: HttpMatchSpec | { readonly gateways?: readonly string[] }): boolean {
  const refs = gatewayRefs(match?.gateways ?? vs.gateways, vs.namespace);
  return refs.includes(`${gw.namespace}/${gw.name}`);
}

/** A destination host resolved in the registry's terms. */
export type ResolvedDestination =
  /** A Kubernetes Service. */
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string; readonly host: string }
  /** Any other host: a ServiceEntry's, or none of the registry's. */
  | { readonly kind: 'other'; readonly host: string };

export function resolveDestination(host: string, vsNamespace: string, clusterDomain: string): ResolvedDestination {
  const fqdn = vsHostPattern(host, vsNamespace, clusterDomain);
  const suffix = `.svc.${clusterDomain}`;
  if (fqdn.endsWith(suffix)) {
    const parts = fqdn.slice(0, -suffix.length).split('.');
    if (parts.length === 2) return { kind: 'service', name: parts[0]!, namespace: parts[1]!, host: fqdn };
  }
  return { kind: 'other', host: fqdn };
}

function stringMatches(m: StringMatchSpec, value: string, ignoreCase = false): boolean {
  const v = ignoreCase ? value.toLowerCase() : value;
  const want = ignoreCase ? m.value.toLowerCase() : m.value;
  switch (m.kind) {
    case 'exact':
      return v === want;
    case 'prefix':
      return v.startsWith(want);
    case 'regex':
      return new RegExp(`^(?:${m.value})$`).test(value);
  }
}

function matchHolds(m: HttpMatchSpec, req: HttpRequest): boolean {
  if (m.uri && !stringMatches(m.uri, req.path, m.ignoreUriCase)) return false;
  if (m.method && !stringMatches(m.method, req.method)) return false;
  if (m.authority && !stringMatches(m.authority, req.host)) return false;
  if (m.port !== undefined && m.port !== req.port) return false;
  for (const [name, hm] of Object.entries(m.headers)) {
    const v = req.headers[name];
    if (v === undefined || !stringMatches(hm, v)) return false;
  }
  return true;
}

/** A StringMatch as the trace writes it. */
function showMatch(what: string, m: StringMatchSpec): string {
  return `${what} ${m.kind} ${m.value}`;
}

function describeMatch(m: HttpMatchSpec): string {
  const parts = [
    ...(m.uri ? [showMatch('uri', m.uri) + (m.ignoreUriCase ? ' (any case)' : '')] : []),
    ...(m.method ? [showMatch('method', m.method)] : []),
    ...(m.authority ? [showMatch('authority', m.authority)] : []),
    ...Object.entries(m.headers).map(([k, v]) => showMatch(`header ${k}`, v)),
    ...(m.port !== undefined ? [`port ${m.port}`] : []),
  ];
  return parts.length > 0 ? parts.join(', ') : 'any request';
}

/** One destination the route sends a share of the requests to. */
export interface RoutedDestination {
  readonly destination: ResolvedDestination;
  readonly port?: number;
  /** Fraction of the route's requests, 0-1. */
  readonly share: number;
}

/** What the gateway does with a request. */
export type GatewayRouting =
  /** No server of the Gateway takes this port and host: the request is not this Gateway's. */
  | { readonly kind: 'no-server' }
  /** A server takes it and answers it itself (404, a redirect, a direct response). */
  | { readonly kind: 'answer'; readonly server: IstioGatewayServerSpec; readonly status: number; readonly text: string; readonly steps: readonly string[]; readonly location?: string; readonly rule?: string }
  /** Forwarded to destinations. */
  | { readonly kind: 'route'; readonly server: IstioGatewayServerSpec; readonly destinations: readonly RoutedDestination[]; readonly steps: readonly string[]; readonly rule: string };

const HTTP_PROTOCOLS = ['HTTP', 'HTTP2', 'GRPC'];

/** The server of `gw` that takes a request on this port, scheme and host. */
function serverFor(gw: IstioGatewaySpec, req: HttpRequest): IstioGatewayServerSpec | undefined {
  return gw.servers.find(
    (s) => s.port === req.port && (req.scheme === 'https' ? s.protocol === 'HTTPS' : HTTP_PROTOCOLS.includes(s.protocol)) && s.hosts.some((h) => dnsMatches(splitServerHost(h).dns, req.host)),
  );
}

function ruleName(vs: VirtualServiceSpec, r: HttpRouteRuleSpec): string {
  return `VirtualService ${vs.namespace}/${vs.name} http[${r.index}]${r.name ? ` (${r.name})` : ''}`;
}

export function routeAtGateway(gw: IstioGatewaySpec, virtualServices: readonly VirtualServiceSpec[], req: HttpRequest, clusterDomain: string): GatewayRouting {
  const server = serverFor(gw, req);
  if (!server) return { kind: 'no-server' };
  const steps = [`server port ${server.port} (${server.protocol}) hosts ${server.hosts.join(', ')} takes ${req.host}`];
  if (server.httpsRedirect && req.scheme === 'http')
    return { kind: 'answer', server, status: 301, text: `301 Moved Permanently to https://${req.host}${req.path} (tls.httpsRedirect)`, steps, location: `https://${req.host}${req.path}` };
  const scope: RouteScope = {
    binds: (vs, match) => bindsGateway(vs, gw, match),
    admits: (vs) => server.hosts.some((sh) => serverAdmits(sh, gw.namespace, vs.namespace, req.host)),
    merge: true,
  };
  const routed = routeHttp(scope, virtualServices, req, req.host, clusterDomain);
  if (!routed) return { kind: 'answer', server, status: 404, text: `404 Not Found: no VirtualService bound to Gateway ${gw.namespace}/${gw.name} serves ${req.host}`, steps };
  return { ...routed, server, steps: [...steps, ...routed.steps] };
}

/** Where routing happens: which VirtualServices (and matches) apply, and whether several claiming one host merge. */
interface RouteScope {
  /** Whether the VirtualService, or one match of it (given), is bound here. */
  readonly binds: (vs: VirtualServiceSpec, match?: HttpMatchSpec) => boolean;
  /** Whether the VirtualService's namespace may serve the host here (a Gateway server's hosts; the mesh admits all). */
  readonly admits: (vs: VirtualServiceSpec) => boolean;
  /** Whether VirtualServices claiming the same host are merged (at a gateway) or the first alone is used (the mesh). */
  readonly merge: boolean;
}

/** What a proxy does with a request a VirtualService covers. */
export type HttpRouting =
  /** Answered by the proxy itself (404 no route, a redirect, a direct response). */
  | { readonly kind: 'answer'; readonly status: number; readonly text: string; readonly steps: readonly string[]; readonly location?: string; readonly rule?: string }
  /** Forwarded to destinations. */
  | { readonly kind: 'route'; readonly destinations: readonly RoutedDestination[]; readonly steps: readonly string[]; readonly rule: string };

/**
 * The one router of VirtualServices, at a gateway and in the mesh: the VirtualServices bound
 * here whose hosts match `host` (an FQDN), the most specific first, then their HTTP routes in
 * order. undefined when no VirtualService covers the host.
 */
function routeHttp(scope: RouteScope, virtualServices: readonly VirtualServiceSpec[], req: HttpRequest, host: string, clusterDomain: string): HttpRouting | undefined {
  const candidates = virtualServices.flatMap((vs) => {
    if (!vs.http.some((r) => (r.match.length === 0 ? scope.binds(vs) : r.match.some((m) => scope.binds(vs, m))))) return [];
    const hits = vs.hosts.map((h) => vsHostPattern(h, vs.namespace, clusterDomain)).filter((p) => dnsMatches(p, host) && scope.admits(vs));
    const best = hits.sort((a, b) => specificity(b) - specificity(a))[0];
    return best === undefined ? [] : [{ vs, best }];
  });
  const top = Math.max(...candidates.map((c) => specificity(c.best)));
  const chosen = candidates.find((c) => specificity(c.best) === top);
  if (!chosen) return undefined;
  // The VirtualServices claiming the chosen host itself are merged at a gateway (see the header).
  const merged = scope.merge ? candidates.filter((c) => c.best.toLowerCase() === chosen.best.toLowerCase()).map((c) => c.vs) : [chosen.vs];
  const names = merged.map((vs) => `${vs.namespace}/${vs.name}`).join(', ');
  const steps = [merged.length === 1 ? `VirtualService ${names} serves ${host} (host ${chosen.best})` : `VirtualServices ${names} serve ${host} (host ${chosen.best}), merged`];
  for (const vs of merged)
    for (const r of vs.http) {
      const matched = r.match.length === 0 ? (scope.binds(vs) ? 'any request' : undefined) : r.match.find((m) => scope.binds(vs, m) && matchHolds(m, req));
      if (matched === undefined) continue;
      const rule = ruleName(vs, r);
      steps.push(`${rule} matches (${typeof matched === 'string' ? matched : describeMatch(matched)})`);
      return act(r.action, rule, vs, steps, clusterDomain);
    }
  return { kind: 'answer', status: 404, text: `404 Not Found: no HTTP route of VirtualService${merged.length === 1 ? '' : 's'} ${names} matches ${req.method} ${req.path}`, steps };
}

/**
 * Routing by a client's sidecar (the `mesh` gateway): the VirtualServices bound to `mesh` whose
 * hosts match `host`, the FQDN of the registry host the client addressed. undefined when none
 * covers it: the request goes where it is addressed.
 */
export function routeInMesh(virtualServices: readonly VirtualServiceSpec[], req: HttpRequest, host: string, clusterDomain: string): HttpRouting | undefined {
  const binds = (vs: VirtualServiceSpec, match?: HttpMatchSpec): boolean => gatewayRefs(match?.gateways ?? vs.gateways, vs.namespace).includes(MESH_GATEWAY);
  return routeHttp({ binds, admits: () => true, merge: false }, virtualServices, req, host, clusterDomain);
}

function act(action: HttpActionSpec, rule: string, vs: VirtualServiceSpec, steps: readonly string[], clusterDomain: string): HttpRouting {
  switch (action.kind) {
    case 'redirect':
      return { kind: 'answer', status: action.status, text: `${action.status} redirect to ${action.location} (${rule})`, steps, location: action.location, rule };
    case 'direct-response':
      return { kind: 'answer', status: action.status, text: `${action.status} direct response (${rule})`, steps, rule };
    case 'route': {
      const single = action.destinations.length === 1;
      const total = action.destinations.reduce((s, d) => s + (d.weight ?? (single ? 100 : 0)), 0);
      const destinations = action.destinations
        .map((d): RoutedDestination => ({
          destination: resolveDestination(d.destination.host, vs.namespace, clusterDomain),
          ...(d.destination.port !== undefined ? { port: d.destination.port } : {}),
          share: total > 0 ? (d.weight ?? (single ? 100 : 0)) / total : 0,
        }))
        .filter((d) => d.share > 0);
      return { kind: 'route', destinations, steps, rule };
    }
  }
}

/**
 * How a Gateway routes one request with HTTPRoutes (Gateway API v1, reference §9):
 * - listeners: the request's scheme and port pick the listener (HTTP/HTTPS, port); a listener
 *   hostname must match the host (exact, or `*.` one label);
 * - attachment: a route attaches through a parentRef naming the Gateway (namespace defaulting
 *   to the route's) and, when given, the listener's sectionName; allowedRoutes Same admits only
 *   routes of the Gateway's namespace;
 * - hostnames: the route's hostnames must match the host (none = every host the listener takes);
 *   an exact hostname beats a wildcard;
 * - precedence among matching rules (the spec's order): Exact path; the longest PathPrefix;
 *   a method match; the most header matches; the most query matches; the oldest route, then
 *   the route's namespace/name alphabetically; then rule and match order;
 * - PathPrefix matches whole path elements (`/foo` matches `/foo/bar`, not `/foobar`);
 * - backendRefs share requests by weight (weight 0 gets none); all weights 0, a missing Service
 *   or a backend in another namespace (ReferenceGrant is not simulated) answers 500; no rule
 *   matches: 404.
 */
import type { GatewayListenerSpec, GatewaySpec, HttpRouteMatchSpec, HttpRouteSpec } from '../spec/types.js';
import type { HttpRequest } from '../spec/http-request.js';
import { hostMatch, pathMatches } from './ingress-routing.js';

export interface GatewayBackend {
  readonly namespace: string;
  readonly service: string;
  readonly port?: number;
  readonly share: number;
  readonly route: string;
}

export type GatewayRoute =
  | { readonly kind: 'no-listener'; readonly steps: readonly string[] }
  | { readonly kind: 'backends'; readonly listener: GatewayListenerSpec; readonly backends: readonly GatewayBackend[]; readonly invalid: readonly { readonly share: number; readonly why: string }[]; readonly steps: readonly string[] }
  | { readonly kind: 'not-found'; readonly listener: GatewayListenerSpec; readonly steps: readonly string[] };

function attaches(route: HttpRouteSpec, gw: GatewaySpec, l: GatewayListenerSpec): boolean {
  const ref = route.parentRefs.some((p) => p.name === gw.name && (p.namespace ?? route.namespace) === gw.namespace && (p.sectionName === undefined || p.sectionName === l.name));
  return ref && (l.allowedRoutes === 'All' || route.namespace === gw.namespace);
}

function valueMatches(type: 'Exact' | 'RegularExpression', want: string, got: string | undefined): boolean {
  if (got === undefined) return false;
  if (type === 'Exact') return want === got;
  try {
    return new RegExp(want).test(got);
  } catch {
    return false;
  }
}

function matches(m: HttpRouteMatchSpec, req: HttpRequest): boolean {
  const pathOk =
    m.path.type === 'Exact' ? m.path.value === req.path : m.path.type === 'PathPrefix' ? pathMatches('Prefix', m.path.value, req.path) : valueMatches('RegularExpression', `^${m.path.value}$`, req.path);
  return (
    pathOk &&
    (m.method === undefined || m.method === req.method) &&
    m.headers.every((h) => valueMatches(h.type, h.value, req.headers[h.name.toLowerCase()])) &&
    m.queryParams.every((q) => valueMatches(q.type, q.value, req.query[q.name]))
  );
}

interface Hit {
  readonly route: HttpRouteSpec;
  readonly rule: number;
  readonly match: number;
  readonly m: HttpRouteMatchSpec;
  readonly hostRank: number;
}

const HOST_RANK = { exact: 0, wildcard: 1, any: 2 } as const;

function compare(a: Hit, b: Hit): number {
  const exact = (h: Hit): number => (h.m.path.type === 'Exact' ? 0 : 1);
  const prefixLen = (h: Hit): number => (h.m.path.type === 'PathPrefix' ? h.m.path.value.length : -1);
  const key = (h: Hit): string => `${h.route.namespace}/${h.route.name}`;
  return (
    a.hostRank - b.hostRank ||
    exact(a) - exact(b) ||
    prefixLen(b) - prefixLen(a) ||
    (a.m.method ? 0 : 1) - (b.m.method ? 0 : 1) ||
    b.m.headers.length - a.m.headers.length ||
    b.m.queryParams.length - a.m.queryParams.length ||
    (a.route.creationIndex ?? 0) - (b.route.creationIndex ?? 0) ||
    (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) ||
    a.rule - b.rule ||
    a.match - b.match
  );
}

function describeMatch(m: HttpRouteMatchSpec): string {
  const parts = [`${m.path.type} ${m.path.value}`];
  if (m.method) parts.push(`method ${m.method}`);
  for (const h of m.headers) parts.push(`header ${h.name}${h.type === 'Exact' ? '=' : '~'}${h.value}`);
  for (const q of m.queryParams) parts.push(`query ${q.name}${q.type === 'Exact' ? '=' : '~'}${q.value}`);
  return parts.join(', ');
}

export function routeHttp(gw: GatewaySpec, routes: readonly HttpRouteSpec[], req: HttpRequest): GatewayRoute {
  const steps: string[] = [];
  const proto = req.scheme === 'https' ? 'HTTPS' : 'HTTP';
  const listeners = gw.listeners.filter((l) => l.protocol === proto && l.port === req.port && hostMatch(l.hostname, req.host) !== undefined);
  if (listeners.length === 0) {
    steps.push(`Gateway ${gw.namespace}/${gw.name} has no ${proto} listener on port ${req.port} for ${req.host}`);
    return { kind: 'no-listener', steps };
  }
  // The most specific listener hostname takes the request.
  const rankOf = (h: string | undefined): number => HOST_RANK[hostMatch(h, req.host) ?? 'any'];
  const listener = [...listeners].sort((a, b) => rankOf(a.hostname) - rankOf(b.hostname))[0]!;
  steps.push(`listener ${listener.name} (${proto} ${listener.port}${listener.hostname ? `, hostname ${listener.hostname}` : ''})`);
  const hits: Hit[] = [];
  for (const route of routes) {
    if (!attaches(route, gw, listener)) continue;
    const hostRank = route.hostnames.length === 0 ? HOST_RANK.any : Math.min(...route.hostnames.map((h) => HOST_RANK[hostMatch(h, req.host) ?? 'any'] + (hostMatch(h, req.host) ? 0 : 10)));
    if (hostRank >= 10) continue;
    route.rules.forEach((rule, r) => rule.matches.forEach((m, i) => matches(m, req) && hits.push({ route, rule: r, match: i, m, hostRank })));
  }
  hits.sort(compare);
  const best = hits[0];
  if (!best) {
    steps.push(`no HTTPRoute attached to that listener matches ${req.method} ${req.host}${req.path}: 404`);
    return { kind: 'not-found', listener, steps };
  }
  const where = `HTTPRoute ${best.route.namespace}/${best.route.name} rule ${best.rule} (${describeMatch(best.m)})`;
  steps.push(`${where}${hits.length > 1 ? `, chosen over ${hits.length - 1} other match${hits.length > 2 ? 'es' : ''} by the Gateway API's precedence` : ''}`);
  const refs = best.route.rules[best.rule]!.backendRefs;
  const total = refs.reduce((s, b) => s + b.weight, 0);
  if (total === 0) {
    steps.push(refs.length === 0 ? 'the rule has no backendRefs: 500' : 'every backendRef has weight 0: 500');
    return { kind: 'backends', listener, backends: [], invalid: [{ share: 1, why: steps[steps.length - 1]! }], steps };
  }
  const backends: GatewayBackend[] = [];
  const invalid: { share: number; why: string }[] = [];
  for (const b of refs) {
    if (b.weight === 0) continue;
    const share = b.weight / total;
    if ((b.namespace ?? best.route.namespace) !== best.route.namespace) {
      invalid.push({ share, why: `backendRef ${b.namespace}/${b.name} is in another namespace and ReferenceGrant is not simulated: 500` });
      continue;
    }
    backends.push({ namespace: best.route.namespace, service: b.name, ...(b.port !== undefined ? { port: b.port } : {}), share, route: where });
  }
  if (refs.length > 1) steps.push(`weights ${refs.map((b) => `${b.name} ${b.weight}`).join(', ')}`);
  return { kind: 'backends', listener, backends, invalid, steps };
}

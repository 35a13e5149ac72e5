/**
 * networking.istio.io/v1 (v1beta1, v1alpha3) VirtualService → VirtualServiceSpec, validated as
 * Istio's webhook does (https://istio.io/latest/docs/reference/config/networking/virtual-service/;
 * semantics in src/mesh/gateway-routing.ts):
 * - `hosts` (at least one, unless the VirtualService is a delegate, which is not simulated),
 *   `gateways` (`name`, `namespace/name` or `mesh`);
 * - `http` routes: `match` (uri, method, authority and header StringMatches: exact, prefix or
 *   regex; port; gateways; ignoreUriCase), then one of `route` (destinations with host, port
 *   number, subset, weight), `redirect` or `directResponse`; a route needs one of them;
 * - `tls` routes (match sniHosts, port) and `tcp` routes (match port) with destinations;
 * - rewrites, timeouts, retries, faults, mirrors, CORS, header changes and the other match
 *   fields are accepted and not kept (they change no reachability the model shows); `delegate`
 *   is not simulated (the route is skipped, with a warning); an unknown field is an error
 *   naming the fields there are.
 */
import type { DestinationSpec, HttpActionSpec, HttpMatchSpec, HttpRouteRuleSpec, L4RouteSpec, RouteDestinationSpec, StringMatchSpec, VirtualServiceSpec } from '../../spec/virtual-service.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asBool, asInt, asMap, asSeq, asString, asStringList, child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap, LNode } from '../yaml-tree.js';
import { unknownFields } from './authorization-policy.js';
import { istioHosts } from './istio-gateway.js';

const HTTP_ROUTE_FIELDS = ['name', 'match', 'route', 'redirect', 'directResponse', 'delegate', 'rewrite', 'timeout', 'retries', 'fault', 'mirror', 'mirrors', 'mirrorPercent', 'mirrorPercentage', 'mirror_percent', 'corsPolicy', 'headers'];
const HTTP_MATCH_FIELDS = ['name', 'uri', 'scheme', 'method', 'authority', 'headers', 'port', 'sourceLabels', 'gateways', 'queryParams', 'ignoreUriCase', 'withoutHeaders', 'sourceNamespace', 'statPrefix'];

export function virtualServiceFromManifest(r: Reader, obj: RawObject): VirtualServiceSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec) unknownFields(r, spec, sp, ['hosts', 'gateways', 'http', 'tls', 'tcp', 'exportTo']);
  const hosts = istioHosts(r, field(spec, 'hosts'), child(sp, 'hosts'), false).map((h) => h.toLowerCase().replace(/\.$/, ''));
  if (spec && field(spec, 'hosts') === undefined) report(r, DIAG.missingField, 'error', `${child(sp, 'hosts')}: required field is missing (expected at least one host)`, spec.span, { expected: 'at least one host: a DNS name, "*" or a Service short name' });
  const gateways = asStringList(r, field(spec, 'gateways'), child(sp, 'gateways'));
  const hp = child(sp, 'http');
  const http = asSeq(r, field(spec, 'http'), hp).flatMap((n, i) => {
    const rule = readHttpRoute(r, n, child(hp, i), i);
    return rule ? [rule] : [];
  });
  const l4 = (key: 'tls' | 'tcp'): L4RouteSpec[] => {
    const p = child(sp, key);
    return asSeq(r, field(spec, key), p).flatMap((n, i) => {
      const rule = readL4Route(r, n, child(p, i), i, key);
      return rule ? [rule] : [];
    });
  };
  const tls = l4('tls');
  const tcp = l4('tcp');
  if (!meta || !spec) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', hosts, gateways, http, tls, tcp, span: meta.span };
}

function readHttpRoute(r: Reader, n: LNode, path: string, index: number): HttpRouteRuleSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, HTTP_ROUTE_FIELDS);
  const name = asString(r, field(m, 'name'), child(path, 'name'));
  const mp = child(path, 'match');
  const match = asSeq(r, field(m, 'match'), mp).flatMap((x, i) => {
    const one = readHttpMatch(r, x, child(mp, i));
    return one ? [one] : [];
  });
  const delegate = field(m, 'delegate');
  if (delegate) {
    report(r, DIAG.approximated, 'warning', `${child(path, 'delegate')}: delegating to another VirtualService is not simulated; this route is skipped`, delegate.span);
    return undefined;
  }
  const action = readAction(r, m, path);
  if (!action) return undefined;
  return { ...(name !== undefined ? { name } : {}), match, action, index };
}

function readAction(r: Reader, m: LMap, path: string): HttpActionSpec | undefined {
  if (field(m, 'route') !== undefined) {
    const destinations = readDestinations(r, field(m, 'route'), child(path, 'route'));
    return destinations.length > 0 ? { kind: 'route', destinations } : undefined;
  }
  const rp = child(path, 'redirect');
  const redirect = asMap(r, field(m, 'redirect'), rp);
  if (redirect) {
    const code = asInt(r, field(redirect, 'redirectCode'), child(rp, 'redirectCode'), 300, 399) ?? 301;
    const scheme = asString(r, field(redirect, 'scheme'), child(rp, 'scheme'));
    const authority = asString(r, field(redirect, 'authority'), child(rp, 'authority'));
    const uri = asString(r, field(redirect, 'uri'), child(rp, 'uri'));
    const location = `${scheme !== undefined ? `${scheme}://` : ''}${authority ?? ''}${uri ?? ''}` || '(the same URL)';
    return { kind: 'redirect', status: code, location };
  }
  const dp = child(path, 'directResponse');
  const direct = asMap(r, field(m, 'directResponse'), dp);
  if (direct) {
    const status = asInt(r, field(direct, 'status'), child(dp, 'status'), 200, 599);
    if (field(direct, 'status') === undefined) report(r, DIAG.missingField, 'error', `${child(dp, 'status')}: required field is missing (expected an HTTP status)`, direct.span, { expected: 'an HTTP status' });
    return status === undefined ? undefined : { kind: 'direct-response', status };
  }
  report(r, DIAG.missingField, 'error', `${path}: an HTTP route needs \`route\`, \`redirect\` or \`directResponse\``, m.span, { expected: 'route, redirect or directResponse' });
  return undefined;
}

function readHttpMatch(r: Reader, n: LNode, path: string): HttpMatchSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, HTTP_MATCH_FIELDS);
  const uri = stringMatch(r, field(m, 'uri'), child(path, 'uri'));
  const method = stringMatch(r, field(m, 'method'), child(path, 'method'));
  const authority = stringMatch(r, field(m, 'authority'), child(path, 'authority'));
  const hp = child(path, 'headers');
  const hm = asMap(r, field(m, 'headers'), hp);
  const headers: Record<string, StringMatchSpec> = {};
  for (const e of hm?.entries ?? []) {
    const sm = stringMatch(r, e.value, child(hp, e.key));
    if (sm) headers[e.key.toLowerCase()] = sm;
  }
  const port = asInt(r, field(m, 'port'), child(path, 'port'), 1, 65535);
  const gateways = field(m, 'gateways') !== undefined ? asStringList(r, field(m, 'gateways'), child(path, 'gateways')) : undefined;
  const ignoreUriCase = asBool(r, field(m, 'ignoreUriCase'), child(path, 'ignoreUriCase')) ?? false;
  return {
    ...(uri ? { uri } : {}),
    ...(method ? { method } : {}),
    ...(authority ? { authority } : {}),
    headers,
    ...(port !== undefined ? { port } : {}),
    ...(gateways ? { gateways } : {}),
    ignoreUriCase,
  };
}

/** A StringMatch: one of exact, prefix, regex. */
function stringMatch(r: Reader, n: LNode | undefined, path: string): StringMatchSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, ['exact', 'prefix', 'regex']);
  const kinds = (['exact', 'prefix', 'regex'] as const).filter((k) => field(m, k) !== undefined);
  const kind = kinds[0];
  if (kind === undefined || kinds.length > 1) {
    report(r, DIAG.invalidValue, 'error', `${path}: a string match needs exactly one of exact, prefix, regex`, m.span, { expected: 'one of exact, prefix, regex' });
    return undefined;
  }
  const value = asString(r, field(m, kind), child(path, kind));
  if (value === undefined) return undefined;
  if (kind === 'regex') {
    try {
      new RegExp(value);
    } catch {
      report(r, DIAG.invalidValue, 'error', `${child(path, 'regex')}: "${value}" is not a regular expression`, field(m, kind)!.span, { expected: 'an RE2 regular expression' });
      return undefined;
    }
  }
  return { kind, value };
}

function readDestinations(r: Reader, n: LNode | undefined, path: string): RouteDestinationSpec[] {
  return asSeq(r, n, path).flatMap((x, i) => {
    const p = child(path, i);
    const m = asMap(r, x, p);
    if (!m) return [];
    unknownFields(r, m, p, ['destination', 'weight', 'headers']);
    const dp = child(p, 'destination');
    const d = asMap(r, field(m, 'destination'), dp);
    if (!d) {
      if (field(m, 'destination') === undefined) report(r, DIAG.missingField, 'error', `${dp}: required field is missing (expected the destination host)`, m.span, { expected: 'destination: {host, port}' });
      return [];
    }
    unknownFields(r, d, dp, ['host', 'port', 'subset']);
    const host = asString(r, field(d, 'host'), child(dp, 'host'));
    if (field(d, 'host') === undefined) report(r, DIAG.missingField, 'error', `${child(dp, 'host')}: required field is missing (expected a Service or ServiceEntry host)`, d.span, { expected: 'a Service or ServiceEntry host' });
    const pp = child(dp, 'port');
    const pm = asMap(r, field(d, 'port'), pp);
    if (pm) unknownFields(r, pm, pp, ['number']);
    const port = pm ? asInt(r, field(pm, 'number'), child(pp, 'number'), 1, 65535) : undefined;
    const subset = asString(r, field(d, 'subset'), child(dp, 'subset'));
    const weight = asInt(r, field(m, 'weight'), child(p, 'weight'), 0, 100);
    if (host === undefined) return [];
    const destination: DestinationSpec = { host: host.toLowerCase().replace(/\.$/, ''), ...(port !== undefined ? { port } : {}), ...(subset !== undefined ? { subset } : {}) };
    return [{ destination, ...(weight !== undefined ? { weight } : {}) }];
  });
}

function readL4Route(r: Reader, n: LNode, path: string, index: number, key: 'tls' | 'tcp'): L4RouteSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, ['match', 'route']);
  const mp = child(path, 'match');
  const match = asSeq(r, field(m, 'match'), mp).flatMap((x, i) => {
    const p = child(mp, i);
    const mm = asMap(r, x, p);
    if (!mm) return [];
    unknownFields(r, mm, p, key === 'tls' ? ['sniHosts', 'destinationSubnets', 'port', 'sourceLabels', 'gateways', 'sourceNamespace'] : ['destinationSubnets', 'port', 'sourceLabels', 'gateways', 'sourceNamespace', 'sourceSubnet']);
    const port = asInt(r, field(mm, 'port'), child(p, 'port'), 1, 65535);
    const sniHosts = asStringList(r, field(mm, 'sniHosts'), child(p, 'sniHosts')).map((h) => h.toLowerCase());
    if (key === 'tls' && sniHosts.length === 0) report(r, DIAG.missingField, 'error', `${child(p, 'sniHosts')}: required field is missing (expected the SNI hosts)`, mm.span, { expected: 'at least one SNI host' });
    const gateways = field(mm, 'gateways') !== undefined ? asStringList(r, field(mm, 'gateways'), child(p, 'gateways')) : undefined;
    return [{ ...(port !== undefined ? { port } : {}), sniHosts, ...(gateways ? { gateways } : {}) }];
  });
  const destinations = readDestinations(r, field(m, 'route'), child(path, 'route'));
  if (field(m, 'route') === undefined) report(r, DIAG.missingField, 'error', `${child(path, 'route')}: required field is missing (expected the destinations)`, m.span, { expected: 'route: [{destination: {host, port}}]' });
  return destinations.length > 0 ? { match, destinations, index } : undefined;
}

/**
 * gateway.networking.k8s.io/v1 Gateway and HTTPRoute → GatewaySpec / HttpRouteSpec, with the
 * API's defaults: a listener's allowedRoutes default to the Gateway's own namespace; a match
 * without a path is PathPrefix `/`; a rule without matches matches everything; a header or query
 * match is Exact unless given; a backendRef's weight defaults to 1. Filters and TLS options
 * other than certificateRefs are not simulated (skipped with a warning).
 */
import type { GatewayListenerSpec, GatewaySpec, HttpRouteMatchSpec, HttpRouteRuleSpec, HttpRouteSpec } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, asStringList, child, field, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { ingressHostProblem } from './ingress.js';


export function gatewayFromManifest(r: Reader, obj: RawObject): GatewaySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec && field(spec, 'gatewayClassName') === undefined) missing(r, spec, child(sp, 'gatewayClassName'), 'the GatewayClass name');
  const className = asString(r, field(spec, 'gatewayClassName'), child(sp, 'gatewayClassName'));
  const lp = child(sp, 'listeners');
  const listeners: GatewayListenerSpec[] = asSeq(r, field(spec, 'listeners'), lp).flatMap((n, i) => {
    const x = readListener(r, n, child(lp, i));
    return x ? [x] : [];
  });
  if (spec && listeners.length === 0) report(r, DIAG.missingField, 'error', `${lp}: a Gateway needs at least one listener`, spec.span);
  if (!meta || className === undefined) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', className, listeners, span: meta.span };
}

function readListener(r: Reader, n: LNode, path: string): GatewayListenerSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const name = asString(r, field(m, 'name'), child(path, 'name'));
  if (field(m, 'name') === undefined) missing(r, m, child(path, 'name'), 'a listener name');
  const protoNode = field(m, 'protocol');
  const raw = asString(r, protoNode, child(path, 'protocol'));
  if (raw !== undefined && raw !== 'HTTP' && raw !== 'HTTPS') {
    report(r, DIAG.approximated, 'warning', `${child(path, 'protocol')}: ${raw} listeners are not simulated; skipped`, protoNode!.span);
    return undefined;
  }
  const port = asInt(r, field(m, 'port'), child(path, 'port'), 1, 65535);
  const hostNode = field(m, 'hostname');
  const hostname = asString(r, hostNode, child(path, 'hostname'));
  if (hostname !== undefined) {
    const problem = ingressHostProblem(hostname);
    if (problem) report(r, DIAG.invalidValue, 'error', `${child(path, 'hostname')}: "${hostname}" ${problem}`, hostNode!.span);
  }
  const ar = asMap(r, field(m, 'allowedRoutes'), child(path, 'allowedRoutes'));
  const ns = asMap(r, field(ar, 'namespaces'), child(child(path, 'allowedRoutes'), 'namespaces'));
  const fromNode = field(ns, 'from');
  const from = asEnum(r, fromNode, child(child(child(path, 'allowedRoutes'), 'namespaces'), 'from'), ['Same', 'All', 'Selector'] as const);
  if (from === 'Selector') report(r, DIAG.approximated, 'warning', `${path}: allowedRoutes from Selector is read as All`, fromNode!.span);
  const tls = asMap(r, field(m, 'tls'), child(path, 'tls'));
  const certificates = asSeq(r, field(tls, 'certificateRefs'), child(child(path, 'tls'), 'certificateRefs')).flatMap((c, i) => {
    const cm = asMap(r, c, child(child(child(path, 'tls'), 'certificateRefs'), i));
    const cn = asString(r, field(cm, 'name'), 'name');
    return cn === undefined ? [] : [cn];
  });
  if (name === undefined || raw === undefined || port === undefined) return undefined;
  return { name, protocol: raw, port, ...(hostname !== undefined ? { hostname: hostname.toLowerCase() } : {}), allowedRoutes: from === 'All' || from === 'Selector' ? 'All' : 'Same', certificates };
}

export function httpRouteFromManifest(r: Reader, obj: RawObject): HttpRouteSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  const pp = child(sp, 'parentRefs');
  const parentRefs = asSeq(r, field(spec, 'parentRefs'), pp).flatMap((n, i) => {
    const m = asMap(r, n, child(pp, i));
    const name = asString(r, field(m, 'name'), child(child(pp, i), 'name'));
    const namespace = asString(r, field(m, 'namespace'), child(child(pp, i), 'namespace'));
    const sectionName = asString(r, field(m, 'sectionName'), child(child(pp, i), 'sectionName'));
    return name === undefined ? [] : [{ name, ...(namespace !== undefined ? { namespace } : {}), ...(sectionName !== undefined ? { sectionName } : {}) }];
  });
  const hp = child(sp, 'hostnames');
  const hostnames = asStringList(r, field(spec, 'hostnames'), hp).map((h) => h.toLowerCase());
  for (const h of hostnames) {
    const problem = ingressHostProblem(h);
    if (problem) report(r, DIAG.invalidValue, 'error', `${hp}: "${h}" ${problem}`, field(spec, 'hostnames')!.span);
  }
  const rp = child(sp, 'rules');
  const rules: HttpRouteRuleSpec[] = asSeq(r, field(spec, 'rules'), rp).flatMap((n, i) => {
    const x = readRule(r, n, child(rp, i));
    return x ? [x] : [];
  });
  if (!meta) return undefined;
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    parentRefs,
    hostnames,
    rules: rules.length > 0 ? rules : [{ matches: [DEFAULT_MATCH], backendRefs: [] }],
    span: meta.span,
  };
}

const DEFAULT_MATCH: HttpRouteMatchSpec = { path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] };
const MATCH_TYPES = ['Exact', 'RegularExpression'] as const;

function readRule(r: Reader, n: LNode, path: string): HttpRouteRuleSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  if (field(m, 'filters') !== undefined) report(r, DIAG.approximated, 'warning', `${child(path, 'filters')}: HTTPRoute filters are not simulated; ignored`, field(m, 'filters')!.span);
  const mp = child(path, 'matches');
  const matches = asSeq(r, field(m, 'matches'), mp).flatMap((x, i) => {
    const mm = asMap(r, x, child(mp, i));
    if (!mm) return [];
    const pathMap = asMap(r, field(mm, 'path'), child(child(mp, i), 'path'));
    const type = asEnum(r, field(pathMap, 'type'), child(child(child(mp, i), 'path'), 'type'), ['Exact', 'PathPrefix', 'RegularExpression'] as const) ?? 'PathPrefix';
    const value = asString(r, field(pathMap, 'value'), child(child(child(mp, i), 'path'), 'value')) ?? '/';
    const pairs = (key: 'headers' | 'queryParams') =>
      asSeq(r, field(mm, key), child(child(mp, i), key)).flatMap((h, j) => {
        const hm = asMap(r, h, child(child(child(mp, i), key), j));
        const name = asString(r, field(hm, 'name'), 'name');
        const v = asString(r, field(hm, 'value'), 'value');
        const t = asEnum(r, field(hm, 'type'), 'type', MATCH_TYPES) ?? 'Exact';
        return name === undefined || v === undefined ? [] : [{ type: t, name, value: v }];
      });
    const method = asString(r, field(mm, 'method'), child(child(mp, i), 'method'));
    return [{ path: { type, value }, headers: pairs('headers'), queryParams: pairs('queryParams'), ...(method !== undefined ? { method: method.toUpperCase() } : {}) }];
  });
  const bp = child(path, 'backendRefs');
  const backendRefs = asSeq(r, field(m, 'backendRefs'), bp).flatMap((x, i) => {
    const bm = asMap(r, x, child(bp, i));
    const name = asString(r, field(bm, 'name'), child(child(bp, i), 'name'));
    const namespace = asString(r, field(bm, 'namespace'), child(child(bp, i), 'namespace'));
    const port = field(bm, 'port') === undefined ? undefined : asInt(r, field(bm, 'port'), child(child(bp, i), 'port'), 1, 65535);
    const weight = field(bm, 'weight') === undefined ? 1 : (asInt(r, field(bm, 'weight'), child(child(bp, i), 'weight'), 0, 1000000) ?? 1);
    return name === undefined ? [] : [{ name, ...(namespace !== undefined ? { namespace } : {}), ...(port !== undefined ? { port } : {}), weight }];
  });
  return { matches: matches.length > 0 ? matches : [DEFAULT_MATCH], backendRefs };
}

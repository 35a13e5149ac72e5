/**
 * route.openshift.io/v1 Route → RouteSpec: spec.host (required here: generated hosts need the
 * cluster's router domain), spec.path, spec.to and spec.alternateBackends (kind Service, weight
 * 0–256, default 100), spec.port.targetPort, spec.tls.termination and
 * insecureEdgeTerminationPolicy (default None).
 */
import type { RouteSpec } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, child, field, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { ingressHostProblem } from './ingress.js';


function backend(r: Reader, n: LNode | undefined, path: string): { service: string; weight: number } | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const kind = asString(r, field(m, 'kind'), child(path, 'kind')) ?? 'Service';
  if (kind !== 'Service') {
    report(r, DIAG.invalidValue, 'error', `${child(path, 'kind')}: a Route sends to a Service, not a ${kind}`, field(m, 'kind')!.span);
    return undefined;
  }
  const service = asString(r, field(m, 'name'), child(path, 'name'));
  if (field(m, 'name') === undefined) missing(r, m, child(path, 'name'), 'the Service name');
  const weight = field(m, 'weight') === undefined ? 100 : (asInt(r, field(m, 'weight'), child(path, 'weight'), 0, 256) ?? 100);
  return service === undefined ? undefined : { service, weight };
}

export function routeFromManifest(r: Reader, obj: RawObject): RouteSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  const hostNode = field(spec, 'host');
  const host = asString(r, hostNode, child(sp, 'host'));
  if (spec && hostNode === undefined) missing(r, spec, child(sp, 'host'), "a host: netscn does not know the router's default domain");
  if (host !== undefined) {
    const problem = ingressHostProblem(host);
    if (problem) report(r, DIAG.invalidValue, 'error', `${child(sp, 'host')}: "${host}" ${problem}`, hostNode!.span);
  }
  const path = asString(r, field(spec, 'path'), child(sp, 'path'));
  const to = backend(r, field(spec, 'to'), child(sp, 'to'));
  if (spec && field(spec, 'to') === undefined) missing(r, spec, child(sp, 'to'), 'to: {kind: Service, name: ...}');
  const alternates = asSeq(r, field(spec, 'alternateBackends'), child(sp, 'alternateBackends')).flatMap((n, i) => {
    const b = backend(r, n, child(child(sp, 'alternateBackends'), i));
    return b ? [b] : [];
  });
  const portMap = asMap(r, field(spec, 'port'), child(sp, 'port'));
  const tpNode = field(portMap, 'targetPort');
  const targetPort = tpNode?.kind === 'scalar' && typeof tpNode.value === 'number' ? asInt(r, tpNode, child(child(sp, 'port'), 'targetPort'), 1, 65535) : asString(r, tpNode, child(child(sp, 'port'), 'targetPort'));
  const tlsMap = asMap(r, field(spec, 'tls'), child(sp, 'tls'));
  const termination = asEnum(r, field(tlsMap, 'termination'), child(child(sp, 'tls'), 'termination'), ['edge', 'passthrough', 'reencrypt'] as const);
  const insecure = asEnum(r, field(tlsMap, 'insecureEdgeTerminationPolicy'), child(child(sp, 'tls'), 'insecureEdgeTerminationPolicy'), ['None', 'Allow', 'Redirect'] as const) ?? 'None';
  if (!meta || host === undefined || !to) return undefined;
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    host: host.toLowerCase(),
    ...(path !== undefined ? { path } : {}),
    backends: [to, ...alternates],
    ...(targetPort !== undefined ? { targetPort } : {}),
    ...(termination ? { tls: { termination, insecureEdgeTerminationPolicy: insecure } } : {}),
    span: meta.span,
  };
}

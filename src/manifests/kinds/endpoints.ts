/**
 * v1 Endpoints → EndpointSliceSpec, as the EndpointSlice mirroring controller does: one slice
 * per subset and address family, named `<endpoints>-<n>`; `addresses` become endpoints with
 * ready=true, `notReadyAddresses` endpoints with ready=false (serving and terminating unset);
 * hostname, nodeName and a Pod targetRef are kept; at most 1000 addresses per subset.
 * The controller mirrors only Endpoints of selector-less Services and skips objects labelled
 * endpointslice.kubernetes.io/skip-mirror=true (see objects.ts for the Service check).
 */
import type { EndpointSliceSpec, EndpointSpec } from '../../spec/types.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { ipFamily } from '../../address/api-syntax.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asMap, asSeq, asString, child, field, invalid, report, missingIn } from '../read.js';
import type { Reader } from '../read.js';
import { readEndpointPorts } from './endpoint-slice.js';

export const SKIP_MIRROR_LABEL = 'endpointslice.kubernetes.io/skip-mirror';
const MAX_ADDRESSES_PER_SUBSET = 1000;

export function slicesFromEndpoints(r: Reader, obj: RawObject): EndpointSliceSpec[] {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  if (!meta) return [];
  if (meta.labels[SKIP_MIRROR_LABEL] === 'true') {
    report(r, DIAG.approximated, 'note', `Endpoints ${meta.name} is labelled ${SKIP_MIRROR_LABEL}=true; not mirrored to an EndpointSlice`, meta.span);
    return [];
  }
  const namespace = meta.namespace ?? 'default';
  const slices: EndpointSliceSpec[] = [];
  const subsetsPath = child(obj.path, 'subsets');
  asSeq(r, field(obj.map, 'subsets'), subsetsPath).forEach((s, si) => {
    const sp = child(subsetsPath, si);
    const sm = asMap(r, s, sp);
    if (!sm) return;
    const ports = readEndpointPorts(r, field(sm, 'ports'), child(sp, 'ports'), (m, portPath) => missingIn(r, m, portPath, 'an integer 1-65535'));
    const byFamily: Record<4 | 6, EndpointSpec[]> = { 4: [], 6: [] };
    let count = 0;
    for (const [key, ready] of [['addresses', true], ['notReadyAddresses', false]] as const) {
      const ap = child(sp, key);
      asSeq(r, field(sm, key), ap).forEach((a, ai) => {
        const p = child(ap, ai);
        const am = asMap(r, a, p);
        if (!am) return;
        const ipNode = field(am, 'ip');
        const ip = asString(r, ipNode, child(p, 'ip'));
        if (ip === undefined) return;
        const family = ipFamily(ip);
        if (family === undefined) return void invalid(r, ipNode!, child(p, 'ip'), 'an IP address');
        if (++count > MAX_ADDRESSES_PER_SUBSET) {
          if (count === MAX_ADDRESSES_PER_SUBSET + 1) {
            report(r, DIAG.endpointsMirrorLimit, 'warning', message(DIAG.endpointsMirrorLimit, { path: sp, limit: MAX_ADDRESSES_PER_SUBSET }), am.span);
          }
          return;
        }
        const hostname = asString(r, field(am, 'hostname'), child(p, 'hostname'));
        const nodeName = asString(r, field(am, 'nodeName'), child(p, 'nodeName'));
        const tr = asMap(r, field(am, 'targetRef'), child(p, 'targetRef'));
        const trKind = asString(r, field(tr, 'kind'), child(child(p, 'targetRef'), 'kind'));
        const trName = asString(r, field(tr, 'name'), child(child(p, 'targetRef'), 'name'));
        const trNs = asString(r, field(tr, 'namespace'), child(child(p, 'targetRef'), 'namespace')) ?? namespace;
        byFamily[family].push({
          addresses: [ip],
          ready,
          ...(nodeName !== undefined ? { nodeName } : {}),
          ...(hostname !== undefined && hostname !== '' ? { hostname } : {}),
          ...(tr && trKind === 'Pod' && trName !== undefined ? { targetPod: { namespace: trNs, name: trName } } : {}),
        });
      });
    }
    for (const family of [4, 6] as const) {
      const endpoints = byFamily[family];
      if (endpoints.length === 0) continue;
      slices.push({
        name: `${meta.name}-${slices.length}`,
        namespace,
        service: meta.name,
        addressType: family === 4 ? 'IPv4' : 'IPv6',
        ports,
        endpoints,
        span: meta.span,
      });
    }
  });
  return slices;
}


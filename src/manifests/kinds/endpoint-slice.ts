/**
 * discovery.k8s.io/v1 EndpointSlice → EndpointSliceSpec. The kubernetes.io/service-name label
 * is required (it ties the slice to its Service). Endpoint conditions stay undefined when
 * absent: consumers apply the API's nil semantics (ready ⇒ true, serving ⇒ true,
 * terminating ⇒ false). FQDN slices are not simulated.
 */
import type { EndpointSlicePortSpec, EndpointSliceSpec, EndpointSpec, Protocol } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { ipFamily } from '../../address/api-syntax.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asBool, asEnum, asInt, asMap, asSeq, asString, child, field, invalid, isPortName, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
const MAX_ENDPOINTS = 1000;

export function endpointSliceFromManifest(r: Reader, obj: RawObject): EndpointSliceSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const atPath = child(obj.path, 'addressType');
  const atNode = field(obj.map, 'addressType');
  if (atNode === undefined) missing(r, obj.map, atPath, 'IPv4 or IPv6');
  const addressType = asEnum(r, atNode, atPath, ['IPv4', 'IPv6', 'FQDN'] as const);
  if (addressType === 'FQDN') {
    report(r, DIAG.approximated, 'warning', `${atPath}: FQDN EndpointSlices are not simulated; skipped`, atNode!.span);
    return undefined;
  }
  const ports = readEndpointPorts(r, field(obj.map, 'ports'), child(obj.path, 'ports'), (m, portPath) =>
    report(r, DIAG.missingField, 'error', `${portPath}: netscn needs a port number (a nil port, meaning "all ports", is not simulated)`, m.span),
  );
  const endpoints: EndpointSpec[] = [];
  const epPath = child(obj.path, 'endpoints');
  const epItems = asSeq(r, field(obj.map, 'endpoints'), epPath);
  if (epItems.length > MAX_ENDPOINTS) {
    report(r, DIAG.inputTooLarge, 'error', `${epPath}: an EndpointSlice holds at most ${MAX_ENDPOINTS} endpoints, found ${epItems.length}`, field(obj.map, 'endpoints')!.span);
  }
  epItems.slice(0, MAX_ENDPOINTS).forEach((ep, i) => {
    const e = readEndpoint(r, ep, child(epPath, i), addressType === 'IPv6' ? 6 : 4, meta?.namespace ?? 'default');
    if (e) endpoints.push(e);
  });
  if (!meta || addressType === undefined) return undefined;
  const service = meta.labels[SERVICE_NAME_LABEL];
  if (service === undefined || service === '') {
    report(r, DIAG.missingField, 'error', `EndpointSlice ${meta.name} has no ${SERVICE_NAME_LABEL} label; it belongs to no Service`, meta.span, {
      help: `add the label: metadata.labels["${SERVICE_NAME_LABEL}"]: <service name>`,
    });
    return undefined;
  }
  return { name: meta.name, namespace: meta.namespace ?? 'default', service, addressType, ports, endpoints, span: meta.span };
}

/**
 * EndpointSlice-style ports (`name`, `port`, `protocol` defaulting to TCP), shared by EndpointSlice
 * and the Endpoints mirror; `missingPort` reports an entry without a port number.
 */
export function readEndpointPorts(
  r: Reader,
  n: LNode | undefined,
  path: string,
  missingPort: (m: NonNullable<ReturnType<typeof asMap>>, portPath: string) => void,
): EndpointSlicePortSpec[] {
  const out: EndpointSlicePortSpec[] = [];
  asSeq(r, n, path).forEach((item, i) => {
    const p = child(path, i);
    const m = asMap(r, item, p);
    if (!m) return;
    const nameNode = field(m, 'name');
    let name = asString(r, nameNode, child(p, 'name'));
    if (name !== undefined && name !== '' && !isPortName(name)) name = invalid(r, nameNode!, child(p, 'name'), 'a port name');
    const portNode = field(m, 'port');
    if (portNode === undefined) {
      missingPort(m, child(p, 'port'));
      return;
    }
    const port = asInt(r, portNode, child(p, 'port'), 1, 65535);
    const protocol: Protocol = asEnum(r, field(m, 'protocol'), child(p, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
    if (port !== undefined) out.push({ ...(name ? { name } : {}), port, protocol });
  });
  return out;
}

function readEndpoint(r: Reader, n: LNode, path: string, family: 4 | 6, sliceNamespace: string): EndpointSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const addrPath = child(path, 'addresses');
  const addrNode = field(m, 'addresses');
  if (addrNode === undefined) return missing(r, m, addrPath, 'at least one address');
  const addresses: string[] = [];
  asSeq(r, addrNode, addrPath).forEach((a, i) => {
    const s = asString(r, a, child(addrPath, i));
    if (s === undefined) return;
    if (ipFamily(s) !== family) return void invalid(r, a, child(addrPath, i), `an IPv${family} address (addressType is IPv${family})`);
    addresses.push(s);
  });
  if (addresses.length === 0) return undefined;
  const cPath = child(path, 'conditions');
  const cond = asMap(r, field(m, 'conditions'), cPath);
  const ready = asBool(r, field(cond, 'ready'), child(cPath, 'ready'));
  const serving = asBool(r, field(cond, 'serving'), child(cPath, 'serving'));
  const terminating = asBool(r, field(cond, 'terminating'), child(cPath, 'terminating'));
  const hostname = asString(r, field(m, 'hostname'), child(path, 'hostname'));
  const nodeName = asString(r, field(m, 'nodeName'), child(path, 'nodeName'));
  const zone = asString(r, field(m, 'zone'), child(path, 'zone'));
  const hPath = child(path, 'hints');
  const hints = asMap(r, field(m, 'hints'), hPath);
  const hintNames = (key: string): string[] | undefined => {
    const node = field(hints, key);
    if (node === undefined) return undefined;
    const out: string[] = [];
    asSeq(r, node, child(hPath, key)).forEach((h, i) => {
      const hm = asMap(r, h, child(child(hPath, key), i));
      const name = asString(r, field(hm, 'name'), child(child(child(hPath, key), i), 'name'));
      if (name !== undefined) out.push(name);
    });
    return out;
  };
  const forZones = hintNames('forZones');
  const forNodes = hintNames('forNodes');
  const trPath = child(path, 'targetRef');
  const tr = asMap(r, field(m, 'targetRef'), trPath);
  let targetPod: EndpointSpec['targetPod'];
  if (tr && (asString(r, field(tr, 'kind'), child(trPath, 'kind')) ?? 'Pod') === 'Pod') {
    const name = asString(r, field(tr, 'name'), child(trPath, 'name'));
    const ns = asString(r, field(tr, 'namespace'), child(trPath, 'namespace')) ?? sliceNamespace;
    if (name !== undefined) targetPod = { namespace: ns, name };
  }
  return {
    addresses,
    ...(nodeName !== undefined ? { nodeName } : {}),
    ...(zone !== undefined ? { zone } : {}),
    ...(ready !== undefined ? { ready } : {}),
    ...(serving !== undefined ? { serving } : {}),
    ...(terminating !== undefined ? { terminating } : {}),
    ...(hostname !== undefined ? { hostname } : {}),
    ...(forZones !== undefined ? { hintsForZones: forZones } : {}),
    ...(forNodes !== undefined ? { hintsForNodes: forNodes } : {}),
    ...(targetPod ? { targetPod } : {}),
  };
}


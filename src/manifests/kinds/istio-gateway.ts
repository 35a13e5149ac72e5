/**
 * networking.istio.io/v1 (v1beta1, v1alpha3) Gateway → IstioGatewaySpec, validated as Istio's
 * webhook does (https://istio.io/latest/docs/reference/config/networking/gateway/; semantics in
 * src/mesh/gateway-routing.ts):
 * - `selector` (labels of the gateway proxy pods) and at least one server;
 * - a server needs `port` (`number` 1-65535, `protocol` one of HTTP, HTTPS, GRPC, HTTP2, MONGO,
 *   TCP, TLS, case-insensitive; `name`) and at least one host, each `[namespace/]dnsName`
 *   (namespace `.`, `*` or a name; dnsName `*`, `*.suffix` or an FQDN);
 * - `tls.httpsRedirect` is kept; the other TLS settings, `bind`, `defaultEndpoint` and `name`
 *   are accepted and not kept; an unknown field is an error naming the fields there are.
 */
import type { IstioGatewayServerSpec, IstioGatewaySpec } from '../../spec/istio-gateway.js';
import { DIAG } from '../../diag/catalogue.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asBool, asInt, asMap, asSeq, asString, asStringMap, child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { unknownFields } from './authorization-policy.js';

/** Istio's server protocols (Port.protocol). */
export const SERVER_PROTOCOLS = ['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS'] as const;

/** `[namespace/]dnsName` of a Gateway server or VirtualService host (an FQDN may end in a dot). */
export const ISTIO_HOST = /^(([a-z0-9]([-a-z0-9]*[a-z0-9])?|\.|\*)\/)?(\*|(\*\.)?[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?\.?)$/;

export function istioGatewayFromManifest(r: Reader, obj: RawObject): IstioGatewaySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec) unknownFields(r, spec, sp, ['selector', 'servers']);
  const selector = asStringMap(r, field(spec, 'selector'), child(sp, 'selector'));
  const vp = child(sp, 'servers');
  const servers = asSeq(r, field(spec, 'servers'), vp).flatMap((n, i) => {
    const s = readServer(r, n, child(vp, i));
    return s ? [s] : [];
  });
  if (spec && field(spec, 'servers') === undefined) report(r, DIAG.missingField, 'error', `${vp}: required field is missing (expected at least one server)`, spec.span, { expected: 'at least one server' });
  if (!meta || !spec) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', selector, servers, span: meta.span };
}

function readServer(r: Reader, n: LNode, path: string): IstioGatewayServerSpec | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  unknownFields(r, m, path, ['port', 'bind', 'hosts', 'tls', 'defaultEndpoint', 'name']);
  const pp = child(path, 'port');
  const pm = asMap(r, field(m, 'port'), pp);
  if (!pm) {
    if (field(m, 'port') === undefined) report(r, DIAG.missingField, 'error', `${pp}: required field is missing (expected the server's port: number, protocol, name)`, m.span, { expected: 'port: {number, protocol, name}' });
    return undefined;
  }
  unknownFields(r, pm, pp, ['number', 'protocol', 'name', 'targetPort']);
  const port = asInt(r, field(pm, 'number'), child(pp, 'number'), 1, 65535);
  if (field(pm, 'number') === undefined) report(r, DIAG.missingField, 'error', `${child(pp, 'number')}: required field is missing (expected a port number)`, pm.span, { expected: 'a port number from 1 to 65535' });
  const protoNode = field(pm, 'protocol');
  const raw = asString(r, protoNode, child(pp, 'protocol'));
  const protocol = raw?.toUpperCase();
  if (protoNode && protocol !== undefined && !(SERVER_PROTOCOLS as readonly string[]).includes(protocol)) {
    report(r, DIAG.invalidValue, 'error', `${child(pp, 'protocol')}: unknown protocol "${raw}"`, protoNode.span, { expected: `one of ${SERVER_PROTOCOLS.join(', ')}` });
    return undefined;
  }
  if (protoNode === undefined) report(r, DIAG.missingField, 'error', `${child(pp, 'protocol')}: required field is missing (expected the protocol)`, pm.span, { expected: `one of ${SERVER_PROTOCOLS.join(', ')}` });
  const portName = asString(r, field(pm, 'name'), child(pp, 'name'));
  const hosts = istioHosts(r, field(m, 'hosts'), child(path, 'hosts'), true);
  if (field(m, 'hosts') === undefined) report(r, DIAG.missingField, 'error', `${child(path, 'hosts')}: required field is missing (expected at least one host)`, m.span, { expected: 'at least one host, e.g. "*" or "shop.example.com"' });
  const tp = child(path, 'tls');
  const tls = asMap(r, field(m, 'tls'), tp);
  const httpsRedirect = tls ? asBool(r, field(tls, 'httpsRedirect'), child(tp, 'httpsRedirect')) ?? false : false;
  if (port === undefined || protocol === undefined || hosts.length === 0) return undefined;
  return { port, protocol, ...(portName !== undefined ? { portName } : {}), hosts: hosts.map((h) => h.toLowerCase()), httpsRedirect };
}

/** A list of `[namespace/]dnsName` hosts (`withNamespace`: a Gateway server's, which may name a namespace). */
export function istioHosts(r: Reader, n: LNode | undefined, path: string, withNamespace: boolean): string[] {
  return asSeq(r, n, path).flatMap((h, i) => {
    const s = asString(r, h, child(path, i));
    if (s === undefined) return [];
    if (!ISTIO_HOST.test(s) || (!withNamespace && s.includes('/'))) {
      const expected = withNamespace ? '[namespace/]dnsName, e.g. "*", "shop.example.com" or "prod/*.example.com"' : 'a DNS name, "*" or "*.suffix" (a VirtualService host names no namespace)';
      report(r, DIAG.invalidValue, 'error', `${child(path, i)}: expected ${expected}, found "${s}"`, h.span, { expected });
      return [];
    }
    return [s];
  });
}

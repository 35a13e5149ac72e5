/**
 * networking.istio.io/v1 (v1beta1, v1alpha3) ServiceEntry → ServiceEntrySpec
 * (https://istio.io/latest/docs/reference/config/networking/service-entry/): `hosts` is
 * required and not empty; `addresses` are IPs or CIDRs; `location` is MESH_EXTERNAL (default)
 * or MESH_INTERNAL; `ports` are `{number, protocol, name, targetPort}` (number 1-65535 required);
 * `resolution` is NONE (default), STATIC, DNS or DNS_ROUND_ROBIN. Endpoints, workloadSelector,
 * exportTo and subjectAltNames are accepted and not kept (src/spec/service-entry.ts says what the
 * model uses); an unknown field is an error naming the fields there are.
 */
import { SERVICE_ENTRY_RESOLUTIONS, type ServiceEntryPort, type ServiceEntrySpec } from '../../spec/service-entry.js';
import { DIAG } from '../../diag/catalogue.js';
import { cidrFamily, ipFamily } from '../../address/api-syntax.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asInt, asMap, asSeq, asString, asStringList, child, field, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import { unknownFields } from './authorization-policy.js';

const LOCATIONS = ['MESH_EXTERNAL', 'MESH_INTERNAL'] as const;

export function serviceEntryFromManifest(r: Reader, obj: RawObject): ServiceEntrySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (spec) unknownFields(r, spec, sp, ['hosts', 'addresses', 'ports', 'location', 'resolution', 'endpoints', 'workloadSelector', 'exportTo', 'subjectAltNames']);
  const hosts = asStringList(r, field(spec, 'hosts'), child(sp, 'hosts'));
  if (spec && hosts.length === 0) report(r, DIAG.missingField, 'error', `${child(sp, 'hosts')}: required field is missing (expected at least one host)`, spec.span, { expected: 'at least one host' });
  const ap = child(sp, 'addresses');
  const addresses = asSeq(r, field(spec, 'addresses'), ap).flatMap((n, i) => {
    const s = asString(r, n, child(ap, i));
    if (s === undefined) return [];
    if (ipFamily(s) === undefined && cidrFamily(s) === undefined) {
      report(r, DIAG.invalidValue, 'error', `${child(ap, i)}: expected an IP address or CIDR, found "${s}"`, n.span, { expected: 'an IP address or CIDR' });
      return [];
    }
    return [s];
  });
  const location = asEnum(r, field(spec, 'location'), child(sp, 'location'), LOCATIONS) ?? 'MESH_EXTERNAL';
  const ports = readPorts(r, field(spec, 'ports'), child(sp, 'ports'));
  const resolution = asEnum(r, field(spec, 'resolution'), child(sp, 'resolution'), SERVICE_ENTRY_RESOLUTIONS) ?? 'NONE';
  if (!meta || !spec || hosts.length === 0) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', hosts, addresses, location, ports, resolution, span: meta.span };
}

function readPorts(r: Reader, n: Parameters<typeof asSeq>[1], path: string): ServiceEntryPort[] {
  return asSeq(r, n, path).flatMap((item, i) => {
    const pp = child(path, i);
    const port = asMap(r, item, pp);
    if (!port) return [];
    unknownFields(r, port, pp, ['number', 'protocol', 'name', 'targetPort']);
    const numberNode = field(port, 'number');
    if (numberNode === undefined) return missing(r, port, child(pp, 'number'), 'a port number 1-65535') ?? [];
    const number = asInt(r, numberNode, child(pp, 'number'), 1, 65535);
    asInt(r, field(port, 'targetPort'), child(pp, 'targetPort'), 1, 65535);
    const protocol = asString(r, field(port, 'protocol'), child(pp, 'protocol'));
    const name = asString(r, field(port, 'name'), child(pp, 'name'));
    if (number === undefined) return [];
    return [{ number, ...(protocol !== undefined ? { protocol: protocol.toUpperCase() } : {}), ...(name !== undefined ? { name } : {}) }];
  });
}

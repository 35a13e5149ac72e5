/**
 * networking.istio.io/v1 (v1beta1, v1alpha3) ServiceEntry → ServiceEntrySpec
 * (https://istio.io/latest/docs/reference/config/networking/service-entry/): `hosts` is
 * required and not empty; `addresses` are IPs or CIDRs; `location` is MESH_EXTERNAL (default)
 * or MESH_INTERNAL. Ports, resolution, endpoints, workloadSelector, exportTo and subjectAltNames
 * are accepted and not kept (src/spec/service-entry.ts says what the model uses); an unknown
 * field is an error naming the fields there are.
 */
import type { ServiceEntrySpec } from '../../spec/service-entry.js';
import { DIAG } from '../../diag/catalogue.js';
import { cidrFamily, ipFamily } from '../../address/api-syntax.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asMap, asSeq, asString, asStringList, child, field, report } from '../read.js';
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
  if (!meta || !spec || hosts.length === 0) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', hosts, addresses, location, span: meta.span };
}

/**
 * v1 Node → NodeSpec. Addresses: the InternalIP and ExternalIP entries of status.addresses;
 * per IP family the first InternalIP is primary (the first ExternalIP when the family has no
 * InternalIP), as kubelet's node-IP choice. A Node without a Ready condition is taken as ready.
 */
import type { NodeAddress, NodeSpec } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { ipFamily, cidrFamily } from '../../address/api-syntax.js';
import type { Family } from '../../address/families.js';
import { readMeta, readyCondition } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asMap, asSeq, asString, child, field, invalid, report } from '../read.js';
import type { Reader } from '../read.js';

const ZONE_LABELS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'];

export function nodeFromManifest(r: Reader, obj: RawObject): NodeSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  if (!meta) return undefined;
  const specPath = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), specPath);
  const statusPath = child(obj.path, 'status');
  const status = asMap(r, field(obj.map, 'status'), statusPath);

  const found: { ip: string; type: 'InternalIP' | 'ExternalIP'; family: Family }[] = [];
  const addrPath = child(statusPath, 'addresses');
  asSeq(r, field(status, 'addresses'), addrPath).forEach((a, i) => {
    const p = child(addrPath, i);
    const m = asMap(r, a, p);
    if (!m) return;
    const type = asString(r, field(m, 'type'), child(p, 'type'));
    if (type !== 'InternalIP' && type !== 'ExternalIP') return;
    const addrNode = field(m, 'address');
    const ip = asString(r, addrNode, child(p, 'address'));
    if (ip === undefined || addrNode === undefined) return;
    const family = ipFamily(ip);
    if (family === undefined) return void invalid(r, addrNode, child(p, 'address'), 'an IP address');
    if (found.some((f) => f.ip === ip)) return;
    found.push({ ip, type, family });
  });
  // A cloud node's IPv4 ExternalIP beside an InternalIP is an elastic IP: NATed onto the node at
  // the VPC's edge, not an address of its interface (a node with only ExternalIPs keeps them).
  const hasInternal4 = found.some((f) => f.family === 4 && f.type === 'InternalIP');
  const eip = hasInternal4 ? found.find((f) => f.family === 4 && f.type === 'ExternalIP')?.ip : undefined;
  const own = found.filter((f) => f.ip !== eip);
  const primaryOf = (family: Family): string | undefined =>
    (own.find((f) => f.family === family && f.type === 'InternalIP') ?? own.find((f) => f.family === family))?.ip;
  const primaries = new Set([primaryOf(4), primaryOf(6)]);
  const addresses: NodeAddress[] = own.map((f) => ({ ip: f.ip, primary: primaries.has(f.ip) }));
  if (addresses.length === 0) {
    report(r, DIAG.approximated, 'note', `node ${meta.name} has no InternalIP or ExternalIP in status.addresses; the model assigns one`, meta.span);
  }

  let podCidr: string | undefined;
  const cidrNode = field(spec, 'podCIDR') ?? asSeq(r, field(spec, 'podCIDRs'), child(specPath, 'podCIDRs'))[0];
  const cidrPath = field(spec, 'podCIDR') ? child(specPath, 'podCIDR') : child(child(specPath, 'podCIDRs'), 0);
  if (cidrNode) {
    const c = asString(r, cidrNode, cidrPath);
    if (c !== undefined) {
      if (cidrFamily(c) === undefined) invalid(r, cidrNode, cidrPath, 'a CIDR such as 10.244.1.0/24');
      else podCidr = c;
    }
  }
  const zone = ZONE_LABELS.map((k) => meta.labels[k]).find((z) => z !== undefined);
  const ready = readyCondition(r, status, statusPath) ?? true;
  return {
    name: meta.name,
    addresses,
    ...(eip !== undefined ? { eip } : {}),
    ...(zone !== undefined ? { zone } : {}),
    ...(podCidr !== undefined ? { podCidr } : {}),
    ready,
    labels: meta.labels,
    span: meta.span,
  };
}

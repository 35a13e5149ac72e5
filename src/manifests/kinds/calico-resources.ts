/**
 * projectcalico.org/v3 HostEndpoint, Profile, Tier, NetworkSet and GlobalNetworkSet → their specs
 * (spec/calico-resources.ts), with Calico's validation
 * (https://docs.tigera.io/calico/latest/reference/resources/hostendpoint, .../profile, .../tier,
 * .../networkset, .../globalnetworkset):
 * - HostEndpoint (cluster-scoped): `node` required; `interfaceName` (`*` for every interface) or
 *   `expectedIPs` (IP addresses) required, one at least (NS2130); `profiles` names; labels from
 *   metadata; `ports` (name, protocol, port) as the host's named ports;
 * - Profile (cluster-scoped): `labelsToApply`, `ingress` / `egress` rules as a policy's;
 * - Tier (cluster-scoped): `order` a number (absent: after every ordered tier), `defaultAction`
 *   Deny (default) or Pass;
 * - NetworkSet (namespaced, default `default`) and GlobalNetworkSet: `nets`, CIDRs or addresses
 *   (an address reads as its /32 or /128);
 * - WorkloadEndpoint (namespaced; Calico writes one per pod, .../resources/workloadendpoint): read
 *   as the pod it stands for: `pod` (its name; required), `node`, the first address of
 *   `ipNetworks`, `ports` (name, protocol, port) as container ports, its labels without
 *   Calico's own `projectcalico.org/*` ones, and the service account
 *   `projectcalico.org/serviceaccount` names.
 * Across objects (checkCalicoTiers): when Tier objects are given, a Calico policy naming a tier
 * that is neither one of them nor `default` is refused (NS2132) and left out; when none is given,
 * a non-default tier is approximated (NS9103): ordered by name, before `default`.
 */
import type { CalicoHostEndpointSpec, CalicoNamespacedNetworkSetSpec, CalicoNetworkSetSpec, CalicoProfileSpec, CalicoTierSpec } from '../../spec/calico-resources.js';
import type { SpecObject } from '../../spec/objects.js';
import type { ContainerPort, Labels, PodSpec } from '../../spec/types.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { cidrFamily, ipFamily } from '../../address/api-syntax.js';
import { didYouMean } from '../../diag/suggest.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asEnum, asMap, asSeq, asString, asStringMap, child, field, invalid, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap } from '../yaml-tree.js';
import { readRules } from './calico-policy.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

/** The spec mapping of an object ({} when absent: every field of these kinds is optional or checked below). */
function specOf(r: Reader, obj: RawObject): { readonly spec: LMap | undefined; readonly path: string } {
  const path = child(obj.path, 'spec');
  return { spec: asMap(r, field(obj.map, 'spec'), path), path };
}

export function calicoHostEndpointFromManifest(r: Reader, obj: RawObject): CalicoHostEndpointSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const { spec, path } = specOf(r, obj);
  if (!meta) return undefined;
  if (!spec) return missing(r, obj.map, path, 'the HostEndpoint spec (node, interfaceName or expectedIPs)');
  const nodeNode = field(spec, 'node');
  const node = nodeNode === undefined ? missing(r, spec, child(path, 'node'), 'the name of the node the interface belongs to') : asString(r, nodeNode, child(path, 'node'));
  const interfaceName = asString(r, field(spec, 'interfaceName'), child(path, 'interfaceName'));
  let ok = node !== undefined;
  const expectedIPs: string[] = [];
  asSeq(r, field(spec, 'expectedIPs'), child(path, 'expectedIPs')).forEach((n, i) => {
    const ip = asString(r, n, child(child(path, 'expectedIPs'), i));
    if (ip === undefined) ok = false;
    else if (ipFamily(ip) === undefined) ok = invalid(r, n, child(child(path, 'expectedIPs'), i), 'an IP address') ?? false;
    else expectedIPs.push(ip);
  });
  if ((interfaceName === undefined || interfaceName === '') && expectedIPs.length === 0 && field(spec, 'expectedIPs') === undefined) {
    report(r, DIAG.calicoHostEndpointInterface, 'error', message(DIAG.calicoHostEndpointInterface, { path }), spec.span, {
      help: 'add `interfaceName: "*"` for every interface of the node, or its address in `expectedIPs`',
    });
    ok = false;
  }
  const profiles: string[] = [];
  asSeq(r, field(spec, 'profiles'), child(path, 'profiles')).forEach((n, i) => {
    const p = asString(r, n, child(child(path, 'profiles'), i));
    if (p === undefined) ok = false;
    else profiles.push(p);
  });
  const ports = endpointPorts(r, spec, path);
  if (!ok || node === undefined) return undefined;
  return {
    name: meta.name,
    node,
    ...(interfaceName !== undefined && interfaceName !== '' ? { interfaceName } : {}),
    expectedIPs,
    labels: meta.labels,
    profiles,
    ...(ports.length > 0 ? { ports } : {}),
    span: meta.span,
  };
}

export function calicoProfileFromManifest(r: Reader, obj: RawObject): CalicoProfileSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const { spec, path } = specOf(r, obj);
  if (!meta) return undefined;
  const labelsToApply = spec ? asStringMap(r, field(spec, 'labelsToApply'), child(path, 'labelsToApply')) : {};
  const ingress = spec ? readRules(r, spec, path, 'ingress') : [];
  const egress = spec ? readRules(r, spec, path, 'egress') : [];
  if (!ingress || !egress) return undefined;
  return { name: meta.name, labelsToApply, ingress, egress, span: meta.span };
}

const TIER_ACTIONS = ['Deny', 'Pass'] as const;

export function calicoTierFromManifest(r: Reader, obj: RawObject): CalicoTierSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const { spec, path } = specOf(r, obj);
  if (!meta) return undefined;
  const orderNode = spec ? field(spec, 'order') : undefined;
  let order: number | undefined;
  let ok = true;
  if (orderNode !== undefined) {
    if (orderNode.kind === 'scalar' && typeof orderNode.value === 'number' && Number.isFinite(orderNode.value)) order = orderNode.value;
    else ok = invalid(r, orderNode, child(path, 'order'), 'a number') ?? false;
  }
  const actionNode = spec ? field(spec, 'defaultAction') : undefined;
  const defaultAction = actionNode === undefined ? 'Deny' : asEnum(r, actionNode, child(path, 'defaultAction'), TIER_ACTIONS);
  if (!ok || defaultAction === undefined) return undefined;
  return { name: meta.name, ...(order !== undefined ? { order } : {}), defaultAction, span: meta.span };
}

function readSetNets(r: Reader, spec: LMap | undefined, path: string): string[] | undefined {
  const out: string[] = [];
  let ok = true;
  asSeq(r, spec ? field(spec, 'nets') : undefined, child(path, 'nets')).forEach((n, i) => {
    const s = asString(r, n, child(child(path, 'nets'), i));
    if (s === undefined) ok = false;
    else if (cidrFamily(s) !== undefined) out.push(s);
    else if (ipFamily(s) !== undefined) out.push(`${s}/${ipFamily(s) === 4 ? 32 : 128}`);
    else ok = invalid(r, n, child(child(path, 'nets'), i), 'a CIDR such as 10.0.0.0/16, or an IP address') ?? false;
  });
  return ok ? out : undefined;
}

export function calicoNetworkSetFromManifest(r: Reader, obj: RawObject): CalicoNamespacedNetworkSetSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const { spec, path } = specOf(r, obj);
  const nets = readSetNets(r, spec, path);
  if (!meta || !nets) return undefined;
  return { name: meta.name, namespace: meta.namespace ?? 'default', labels: meta.labels, nets, span: meta.span };
}

export function calicoGlobalNetworkSetFromManifest(r: Reader, obj: RawObject): CalicoNetworkSetSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const { spec, path } = specOf(r, obj);
  const nets = readSetNets(r, spec, path);
  if (!meta || !nets) return undefined;
  return { name: meta.name, labels: meta.labels, nets, span: meta.span };
}

/** An endpoint's `ports` (a WorkloadEndpoint's or a HostEndpoint's: name, protocol, port), as named ports. */
function endpointPorts(r: Reader, spec: LMap, path: string): ContainerPort[] {
  const ports: ContainerPort[] = [];
  asSeq(r, field(spec, 'ports'), child(path, 'ports')).forEach((n, i) => {
    const pp = child(child(path, 'ports'), i);
    const m = asMap(r, n, pp);
    if (!m) return;
    const port = field(m, 'port');
    const protocol = asEnum(r, field(m, 'protocol'), child(pp, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
    const name = asString(r, field(m, 'name'), child(pp, 'name'));
    if (port?.kind === 'scalar' && typeof port.value === 'number' && Number.isInteger(port.value) && port.value >= 1 && port.value <= 65535)
      ports.push({ containerPort: port.value, protocol, ...(name ? { name } : {}) });
    else if (port !== undefined) invalid(r, port, child(pp, 'port'), 'a port 1-65535');
  });
  return ports;
}

export function calicoWorkloadEndpointFromManifest(r: Reader, obj: RawObject): PodSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const { spec, path } = specOf(r, obj);
  if (!meta) return undefined;
  if (!spec) return missing(r, obj.map, path, 'the WorkloadEndpoint spec (pod, node, ipNetworks)');
  const podNode = field(spec, 'pod');
  const pod = podNode === undefined ? missing(r, spec, child(path, 'pod'), 'the name of the pod it stands for') : asString(r, podNode, child(path, 'pod'));
  const node = asString(r, field(spec, 'node'), child(path, 'node')) ?? '';
  const nets = asSeq(r, field(spec, 'ipNetworks'), child(path, 'ipNetworks')).flatMap((n, i) => {
    const s = asString(r, n, child(child(path, 'ipNetworks'), i));
    return s === undefined ? [] : [s.split('/')[0]!];
  });
  const ip = nets.find((a) => ipFamily(a) === 4) ?? nets.find((a) => ipFamily(a) !== undefined);
  const ports = endpointPorts(r, spec, path);
  if (pod === undefined) return undefined;
  const labels: Labels = Object.fromEntries(Object.entries(meta.labels).filter(([k]) => !k.startsWith('projectcalico.org/')));
  const serviceAccount = meta.labels['projectcalico.org/serviceaccount'];
  return {
    name: pod,
    namespace: meta.namespace ?? 'default',
    node,
    labels,
    ports,
    ...(ip !== undefined ? { ip } : {}),
    hostNetwork: false,
    ready: true,
    terminating: meta.terminating,
    dnsPolicy: 'ClusterFirst',
    generation: 0,
    ...(serviceAccount !== undefined ? { serviceAccount } : {}),
    span: meta.span,
  };
}

/** The cross-object check of policies' tiers (see the header): the objects, without the policies refused. */
export function checkCalicoTiers(r: Reader, objects: SpecObject[]): SpecObject[] {
  const tiers = objects.flatMap((o) => (o.kind === 'calico-tier' ? [o.spec.name] : []));
  const known = new Set(['default', ...tiers]);
  return objects.filter((o) => {
    if (o.kind !== 'calico-network-policy' && o.kind !== 'calico-global-network-policy') return true;
    const { tier, tierSpan } = o.spec;
    if (tier === 'default' || tierSpan === undefined || known.has(tier)) return true;
    const path = 'spec.tier';
    if (tiers.length === 0) {
      report(r, DIAG.approximated, 'warning', `${path}: no Tier object is given, so tier ${JSON.stringify(tier)} is ordered by name among the other tiers, before \`default\``, tierSpan);
      return true;
    }
    const near = didYouMean(tier, tiers);
    report(r, DIAG.calicoTierMissing, 'error', message(DIAG.calicoTierMissing, { path, tier: JSON.stringify(tier) }), tierSpan, {
      label: 'no Tier of this name',
      ...(near ? { help: near } : { notes: [`the Tiers given: ${tiers.join(', ')}`] }),
    });
    return false;
  });
}

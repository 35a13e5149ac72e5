/**
 * v1 Service → ServiceSpec, with the API server's defaults: type ClusterIP, port protocol TCP,
 * targetPort = port, externalTrafficPolicy and internalTrafficPolicy Cluster, sessionAffinity
 * None with a 10800 s timeout, allocateLoadBalancerNodePorts true.
 * - clusterIP `None` ⇒ headless (only valid for type ClusterIP); '' or absent ⇒ allocated.
 * - selector absent or empty ⇒ null (selector-less: an empty map does not survive the API
 *   round trip, so it never selects pods).
 * - Pinned load-balancer IPs come from status.loadBalancer.ingress[].ip, else from the
 *   deprecated spec.loadBalancerIP.
 * - metadata.labels are kept when there are any (Cilium's toServices `k8sServiceSelector`
 *   selects Services by them).
 */
import { SERVICE_DEFAULTS, type ServicePortSpec, type ServiceSpec, type ServiceType } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { cidrFamily, ipFamily } from '../../address/api-syntax.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import {
  asBool, asEnum, asInt, asMap, asPortName, asSeq, asString, asStringMap, child, field, invalid, isPortName, missingIn, report,
} from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

const TYPES: readonly ServiceType[] = ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'];
const POLICIES = ['Cluster', 'Local'] as const;
const DISTRIBUTIONS = ['PreferSameZone', 'PreferSameNode', 'PreferClose'] as const;

export function serviceFromManifest(r: Reader, obj: RawObject): ServiceSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'label', namespaced: true });
  const sp = child(obj.path, 'spec');
  const specNode = field(obj.map, 'spec');
  const spec = asMap(r, specNode, sp);
  const type = asEnum(r, field(spec, 'type'), child(sp, 'type'), TYPES) ?? 'ClusterIP';

  let headless = false;
  let clusterIP: string | undefined;
  const ipNode = field(spec, 'clusterIP') ?? asSeq(r, field(spec, 'clusterIPs'), child(sp, 'clusterIPs'))[0];
  const ipPath = field(spec, 'clusterIP') ? child(sp, 'clusterIP') : child(child(sp, 'clusterIPs'), 0);
  const ipText = asString(r, ipNode, ipPath);
  if (ipText === 'None') {
    if (type === 'ClusterIP') headless = true;
    else report(r, DIAG.conflict, 'error', `${ipPath}: may be "None" only for type ClusterIP (this Service is ${type})`, ipNode!.span);
  } else if (ipText !== undefined && ipText !== '') {
    if (ipFamily(ipText) === undefined) invalid(r, ipNode!, ipPath, 'an IP address, "None" or ""');
    else if (type !== 'ExternalName') clusterIP = ipText;
  }

  // Dual-stack: clusterIPs[1], ipFamilies, ipFamilyPolicy (API validation: at most two
  // families, distinct; clusterIPs follow ipFamilies).
  const ipsSeq = asSeq(r, field(spec, 'clusterIPs'), child(sp, 'clusterIPs'));
  const secondNode = ipsSeq[1];
  const secondText = secondNode === undefined ? undefined : asString(r, secondNode, child(child(sp, 'clusterIPs'), 1));
  let secondaryClusterIP: string | undefined;
  if (secondText !== undefined && secondText !== '') {
    if (ipFamily(secondText) === undefined) invalid(r, secondNode!, child(child(sp, 'clusterIPs'), 1), 'an IP address');
    else if (clusterIP !== undefined && ipFamily(secondText) === ipFamily(clusterIP))
      report(r, DIAG.conflict, 'error', `${child(child(sp, 'clusterIPs'), 1)}: must be of the other IP family than clusterIPs[0]`, secondNode!.span);
    else secondaryClusterIP = secondText;
  }
  const familiesPath = child(sp, 'ipFamilies');
  const ipFamilies = asSeq(r, field(spec, 'ipFamilies'), familiesPath).flatMap((n, i) => {
    const f = asEnum(r, n, child(familiesPath, i), ['IPv4', 'IPv6'] as const);
    return f ? [f] : [];
  });
  if (ipFamilies.length > 2 || new Set(ipFamilies).size !== ipFamilies.length)
    report(r, DIAG.conflict, 'error', `${familiesPath}: at most two distinct families`, field(spec, 'ipFamilies')!.span);
  const ipFamilyPolicy = asEnum(r, field(spec, 'ipFamilyPolicy'), child(sp, 'ipFamilyPolicy'), ['SingleStack', 'PreferDualStack', 'RequireDualStack'] as const);

  const ports = readPorts(r, field(spec, 'ports'), child(sp, 'ports'), type);
  if (ports.length === 0 && type !== 'ExternalName' && !headless && spec && !field(spec, 'ports')) {
    report(r, DIAG.missingField, 'error', `${child(sp, 'ports')}: required field is missing (expected at least one port)`, spec.span, {
      notes: ['only headless and ExternalName Services may have no ports'],
    });
  }

  const selector = asStringMap(r, field(spec, 'selector'), child(sp, 'selector'));
  const etpNode = field(spec, 'externalTrafficPolicy');
  const externalTrafficPolicy = asEnum(r, etpNode, child(sp, 'externalTrafficPolicy'), POLICIES) ?? SERVICE_DEFAULTS.externalTrafficPolicy;
  const internalTrafficPolicy = asEnum(r, field(spec, 'internalTrafficPolicy'), child(sp, 'internalTrafficPolicy'), POLICIES) ?? SERVICE_DEFAULTS.internalTrafficPolicy;
  const sessionAffinity = asEnum(r, field(spec, 'sessionAffinity'), child(sp, 'sessionAffinity'), ['None', 'ClientIP'] as const) ?? SERVICE_DEFAULTS.sessionAffinity;
  const sacPath = child(child(child(sp, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds');
  const sac = asMap(r, field(asMap(r, field(spec, 'sessionAffinityConfig'), child(sp, 'sessionAffinityConfig')), 'clientIP'), child(child(sp, 'sessionAffinityConfig'), 'clientIP'));
  const sessionAffinityTimeout = asInt(r, field(sac, 'timeoutSeconds'), sacPath, 1, 86400) ?? SERVICE_DEFAULTS.sessionAffinityTimeout;

  const externalIPs = readList(r, field(spec, 'externalIPs'), child(sp, 'externalIPs'), (s) => ipFamily(s) !== undefined, 'an IP address');
  const loadBalancerSourceRanges = readList(r, field(spec, 'loadBalancerSourceRanges'), child(sp, 'loadBalancerSourceRanges'), (s) => cidrFamily(s) !== undefined, 'a CIDR', true);

  const stPath = child(child(child(obj.path, 'status'), 'loadBalancer'), 'ingress');
  const lbStatus = asMap(r, field(asMap(r, field(obj.map, 'status'), child(obj.path, 'status')), 'loadBalancer'), child(child(obj.path, 'status'), 'loadBalancer'));
  const loadBalancerIPs: string[] = [];
  let loadBalancerIPMode: 'VIP' | 'Proxy' | undefined;
  asSeq(r, field(lbStatus, 'ingress'), stPath).forEach((ing, i) => {
    const p = child(stPath, i);
    const m = asMap(r, ing, p);
    if (!m) return;
    const mode = asEnum(r, field(m, 'ipMode'), child(p, 'ipMode'), ['VIP', 'Proxy'] as const);
    if (mode !== undefined && loadBalancerIPMode === undefined) loadBalancerIPMode = mode;
    const ipN = field(m, 'ip');
    const ip = asString(r, ipN, child(p, 'ip'));
    if (ip === undefined) {
      if (field(m, 'hostname')) report(r, DIAG.approximated, 'note', `${child(p, 'hostname')}: load balancers known only by hostname are not simulated; this entry is ignored`, m.span);
      return;
    }
    if (ipFamily(ip) === undefined) return void invalid(r, ipN!, child(p, 'ip'), 'an IP address');
    loadBalancerIPs.push(ip);
  });
  const lbipNode = field(spec, 'loadBalancerIP');
  const lbip = asString(r, lbipNode, child(sp, 'loadBalancerIP'));
  if (lbip !== undefined && lbip !== '' && loadBalancerIPs.length === 0) {
    if (ipFamily(lbip) === undefined) invalid(r, lbipNode!, child(sp, 'loadBalancerIP'), 'an IP address');
    else loadBalancerIPs.push(lbip);
  }

  const allocateLoadBalancerNodePorts = asBool(r, field(spec, 'allocateLoadBalancerNodePorts'), child(sp, 'allocateLoadBalancerNodePorts')) ?? SERVICE_DEFAULTS.allocateLoadBalancerNodePorts;
  const enNode = field(spec, 'externalName');
  const externalName = asString(r, enNode, child(sp, 'externalName'));
  if (type === 'ExternalName' && (externalName === undefined || externalName === '') && enNode === undefined && spec) {
    report(r, DIAG.missingField, 'error', `${child(sp, 'externalName')}: required field is missing for type ExternalName (expected a DNS name)`, spec.span);
  }
  const publishNotReadyAddresses = asBool(r, field(spec, 'publishNotReadyAddresses'), child(sp, 'publishNotReadyAddresses')) ?? false;
  const trafficDistribution = asEnum(r, field(spec, 'trafficDistribution'), child(sp, 'trafficDistribution'), DISTRIBUTIONS);
  const healthCheckNodePort = asInt(r, field(spec, 'healthCheckNodePort'), child(sp, 'healthCheckNodePort'), 1, 65535);

  if (!meta) return undefined;
  if (!specNode) {
    report(r, DIAG.missingField, 'error', `${sp}: required field is missing (expected the Service spec)`, obj.map.span);
    return undefined;
  }
  return {
    name: meta.name,
    namespace: meta.namespace ?? 'default',
    type,
    headless,
    selector: Object.keys(selector).length === 0 ? null : selector,
    ports,
    ...(clusterIP !== undefined ? { clusterIP } : {}),
    ...(secondaryClusterIP !== undefined && type !== 'ExternalName' ? { secondaryClusterIP } : {}),
    ...(ipFamilies.length > 0 && ipFamilies.length <= 2 && type !== 'ExternalName' ? { ipFamilies } : {}),
    ...(ipFamilyPolicy !== undefined && type !== 'ExternalName' ? { ipFamilyPolicy } : {}),
    externalTrafficPolicy,
    internalTrafficPolicy,
    sessionAffinity,
    sessionAffinityTimeout,
    externalIPs,
    loadBalancerSourceRanges,
    loadBalancerIPs,
    loadBalancerIPMode: loadBalancerIPMode ?? SERVICE_DEFAULTS.loadBalancerIPMode,
    allocateLoadBalancerNodePorts,
    ...(type === 'ExternalName' && externalName ? { externalName } : {}),
    publishNotReadyAddresses,
    ...(trafficDistribution !== undefined ? { trafficDistribution } : {}),
    ...(healthCheckNodePort !== undefined ? { healthCheckNodePort } : {}),
    annotations: meta.annotations,
    ...(Object.keys(meta.labels).length > 0 ? { labels: meta.labels } : {}),
    span: meta.span,
  };
}

function readList(r: Reader, n: LNode | undefined, path: string, ok: (s: string) => boolean, what: string, trim = false): string[] {
  const out: string[] = [];
  asSeq(r, n, path).forEach((item, i) => {
    const raw = asString(r, item, child(path, i));
    if (raw === undefined) return;
    const s = trim ? raw.trim() : raw;
    if (!ok(s)) return void invalid(r, item, child(path, i), what);
    out.push(s);
  });
  return out;
}

function readPorts(r: Reader, n: LNode | undefined, path: string, type: ServiceType): ServicePortSpec[] {
  const items = asSeq(r, n, path);
  const out: ServicePortSpec[] = [];
  items.forEach((item, i) => {
    const p = child(path, i);
    const m = asMap(r, item, p);
    if (!m) return;
    const nameNode = field(m, 'name');
    const name = asPortName(r, nameNode, child(p, 'name'));
    const portNode = field(m, 'port');
    if (portNode === undefined) {
      missingIn(r, m, child(p, 'port'), 'an integer 1-65535');
      return;
    }
    const port = asInt(r, portNode, child(p, 'port'), 1, 65535);
    const protocol = asEnum(r, field(m, 'protocol'), child(p, 'protocol'), TRANSPORT_PROTOCOLS) ?? 'TCP';
    const tpNode = field(m, 'targetPort');
    let targetPort: number | string | undefined;
    if (tpNode !== undefined) {
      if (tpNode.kind === 'scalar' && typeof tpNode.value === 'string') {
        if (isPortName(tpNode.value)) targetPort = tpNode.value;
        else if (/^[0-9]+$/.test(tpNode.value) && Number(tpNode.value) >= 1 && Number(tpNode.value) <= 65535) targetPort = Number(tpNode.value);
        else invalid(r, tpNode, child(p, 'targetPort'), 'an integer 1-65535 or a port name');
      } else {
        targetPort = asInt(r, tpNode, child(p, 'targetPort'), 1, 65535);
      }
    }
    const npNode = field(m, 'nodePort');
    let nodePort = asInt(r, npNode, child(p, 'nodePort'), 0, 65535);
    if (nodePort === 0) nodePort = undefined;
    if (nodePort !== undefined && (type === 'ClusterIP' || type === 'ExternalName')) {
      report(r, DIAG.conflict, 'error', `${child(p, 'nodePort')}: may not be used when type is ${type}`, npNode!.span, { help: 'use type NodePort or LoadBalancer' });
      nodePort = undefined;
    }
    const appProtocol = asString(r, field(m, 'appProtocol'), child(p, 'appProtocol'));
    if (port === undefined) return;
    if (out.some((o) => o.port === port && o.protocol === protocol)) {
      report(r, DIAG.manifestDuplicate, 'error', `${child(p, 'port')}: port ${port}/${protocol} is already declared in this Service`, portNode.span);
      return;
    }
    if (name !== undefined && out.some((o) => o.name === name)) {
      report(r, DIAG.manifestDuplicate, 'error', `${child(p, 'name')}: port name ${JSON.stringify(name)} is already used in this Service`, nameNode!.span);
      return;
    }
    if (items.length > 1 && name === undefined) {
      report(r, DIAG.missingField, 'error', `${child(p, 'name')}: required when a Service has more than one port`, m.span, { expected: 'a port name' });
    }
    out.push({
      ...(name !== undefined ? { name } : {}),
      port,
      protocol,
      targetPort: targetPort ?? port,
      ...(nodePort !== undefined ? { nodePort } : {}),
      ...(appProtocol !== undefined ? { appProtocol } : {}),
      span: m.span,
    });
  });
  return out;
}

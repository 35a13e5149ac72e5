/**
 * spec → ClusterState: every derivation of the model in one pass, deterministic, with the
 * indexes the trace engine needs (by address, by namespace/name, by nodePort) built once here.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { gatedTopology } from './feature-gates.js';
import type { ClusterSpec, EndpointSliceSpec, HostSpec, SecurityGroupSpec, ServiceSpec } from '../spec/types.js';
import { interpretAnnotations } from '../cloud/annotations.js';
import type { ProviderProfile } from '../cloud/profile.js';
import { profileById } from '../cloud/profiles.js';
import { buildPolicyIndex } from '../policy/evaluate.js';
import { matchesSelector } from '../spec/selector.js';
import { builtinObjects } from './builtin-objects.js';
import { allocateClusterIPs } from './cluster-ips.js';
import { deriveServiceEndpoints, indexPodsByNamespace, TOPOLOGY_MODE_ANNOTATION } from './endpoint-slices.js';
import { ipFamilyOf, parseCidr, type AnyCidr, type Cidr } from '../address/ip.js';
import type { Family } from '../address/families.js';
import { clusterFamilies, serviceFamilies } from './ip-families.js';
import { ipv6Plane, type PlaneInput } from './dual-stack.js';
import { allocateLoadBalancerIPs, allocateLoadBalancerIPv6 } from './load-balancer-ips.js';
import { deriveNamespaces } from './namespaces.js';
import { problem } from './problems.js';
import { DIAG } from '../diag/catalogue.js';
import { allocateNodePorts } from './node-ports.js';
import { allocatePodAddresses, primaryAddress } from './pod-addresses.js';
import {
  hostPortKey,
  nodePortKey,
  objectKey,
  type AddressOwner,
  type LoadBalancerState,
  type ClusterState,
  type NodeState,
  type PodState,
  type ServiceState,
} from './state.js';

/**
 * The state of the cluster's primary (IPv4) plane; for a dual-stack cluster its `ipv6` is the
 * IPv6 plane, built on first use with the same objects and the addresses of the other family
 * (`plane`, from dual-stack.ts).
 */
export function buildState(spec: ClusterSpec, plane?: PlaneInput): ClusterState {
  const profile = profileById(spec.provider);
  const problems: Diagnostic[] = [];
  const family: Family = plane ? 6 : 4;
  const families = clusterFamilies(spec);
  const podCidrs: readonly AnyCidr[] = plane ? [plane.podCidr] : spec.podCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const serviceCidr: AnyCidr | undefined = plane ? plane.serviceCidr : parseCidr(spec.serviceCidr);
  const ofFamily = (ip: string): boolean => ipFamilyOf(ip) === family;
  const builtins = builtinObjects(spec);
  const podSpecs = spec.pods.concat(builtins.pods);
  const serviceSpecs = spec.services.concat(builtins.services);
  const builtinPodStart = spec.pods.length;
  const builtinServiceStart = spec.services.length;

  const addressing = plane
    ? plane.addressing(podSpecs)
    : allocatePodAddresses(spec.nodes, podSpecs, podCidrs[0] as Cidr | undefined, spec.nodeCidrMaskSize);
  problems.push(...addressing.problems);

  const nodes: NodeState[] = spec.nodes.map((n) => {
    const primary = primaryAddress(n, family);
    const addresses = n.addresses.map((a) => a.ip).filter(ofFamily);
    const ordered = primary === undefined ? addresses : [primary, ...addresses.filter((a) => a !== primary)];
    const cidr = addressing.nodeCidrs.get(n.name);
    return {
      spec: n,
      name: n.name,
      ip: primary ?? '',
      addresses: ordered,
      ...(cidr ? { podCidr: cidr.text } : {}),
      ...(n.zone !== undefined ? { zone: n.zone } : {}),
      ...(n.pool !== undefined ? { pool: n.pool } : {}),
    };
  });
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));

  const pods: PodState[] = new Array<PodState>(podSpecs.length);
  for (let i = 0; i < podSpecs.length; i++) {
    const p = podSpecs[i] as (typeof podSpecs)[number];
    pods[i] = { spec: p, namespace: p.namespace, name: p.name, key: objectKey(p.namespace, p.name), ip: addressing.podIps[i], node: nodesByName.get(p.node), builtin: i >= builtinPodStart };
  }
  const hostNetworkPods = new Map<string, PodState[]>();
  const hostPorts = new Map<string, { pod: PodState; containerPort: number }>();
  for (const p of pods) {
    if (!p.spec.hostNetwork && p.ip !== undefined)
      for (const c of p.spec.ports) {
        const k = c.hostPort === undefined ? undefined : hostPortKey(p.spec.node, c.protocol, c.hostPort);
        if (k !== undefined && !hostPorts.has(k)) hostPorts.set(k, { pod: p, containerPort: c.containerPort });
      }
    if (!p.spec.hostNetwork) continue;
    const list = hostNetworkPods.get(p.spec.node);
    if (list) list.push(p);
    else hostNetworkPods.set(p.spec.node, [p]);
  }

  const namespaces = deriveNamespaces(spec, [spec.dnsService.namespace]);

  const serviceFams = serviceSpecs.map((s) => serviceFamilies(s, families));
  if (!plane)
    serviceSpecs.forEach((s, i) => {
      const missing = (serviceFams[i] ?? []).filter((f) => !families.includes(f));
      if (missing.length > 0 || (s.ipFamilyPolicy === 'RequireDualStack' && families.length < 2))
        problems.push(
          problem(DIAG.ipFamilyUnavailable, `Service ${s.namespace}/${s.name} needs ${missing.length > 0 ? `IPv${missing[0]}` : 'two IP families'}, but the cluster is single-stack IPv${families[0]}`, s.span, [
            'the API server rejects it; the model gives it no address of that family',
          ]),
        );
    });
  const clusterIPs = plane
    ? plane.clusterIPs(serviceSpecs)
    : allocateClusterIPs(serviceSpecs, serviceCidr as Cidr | undefined, builtins.preferredOffsets, problems, {
        wants: (i) => serviceFams[i]?.includes(4) ?? false,
        pin: (i) => primaryPin(serviceSpecs[i] as ServiceSpec, 4),
      });
  const nodePortAlloc = allocateNodePorts(serviceSpecs, spec.nodePortRange, problems);
  // Load balancer addresses of this plane's family: pinned, else from the model's pool of that
  // family, for the Services that have the family.
  const lbIPs = plane
    ? allocateLoadBalancerIPv6(serviceSpecs, (i) => serviceFams[i]?.includes(6) ?? false)
    : allocateLoadBalancerIPs(serviceSpecs, (i) => serviceFams[i]?.includes(4) ?? false);

  // Endpoints are derived per Service on first use (most probes touch a handful of Services);
  // the pod index they select from is built with the first of them.
  let podIndexMemo: ReturnType<typeof indexPodsByNamespace> | undefined;
  const podIndex = (): ReturnType<typeof indexPodsByNamespace> => (podIndexMemo ??= indexPodsByNamespace(pods));
  const slicesByService = new Map<string, EndpointSliceSpec[]>();
  for (const s of [...spec.endpointSlices, ...builtins.endpointSlices]) {
    const key = objectKey(s.namespace, s.service);
    const list = slicesByService.get(key);
    if (list) list.push(s);
    else slicesByService.set(key, [s]);
  }
  const nodeZones = new Map(nodes.map((n) => [n.name, n.zone]));
  const zonesWithNodes = new Set(nodes.flatMap((n) => (n.zone === undefined ? [] : [n.zone])));

  const services: ServiceState[] = serviceSpecs.map((s, i) => {
    const key = objectKey(s.namespace, s.name);
    let epsMemo: ReturnType<typeof deriveServiceEndpoints> | undefined;
    const eps = (): ReturnType<typeof deriveServiceEndpoints> => (epsMemo ??= deriveServiceEndpoints(
      {
        namespace: s.namespace,
        name: s.name,
        selector: s.selector,
        isExternalName: s.type === 'ExternalName',
        ports: s.ports,
        publishNotReadyAddresses: s.publishNotReadyAddresses,
        ...gatedTopology(s, (s.annotations[TOPOLOGY_MODE_ANNOTATION] ?? '').toLowerCase() === 'auto', spec.settings),
      },
      podIndex().get(s.namespace),
      slicesByService.get(key) ?? [],
      nodeZones,
      zonesWithNodes,
      family,
      serviceFams[i]?.includes(family) ?? false,
    ));
    const clusterIP = clusterIPs[i];
    const hc = nodePortAlloc.healthCheckNodePorts[i];
    return {
      spec: s,
      namespace: s.namespace,
      name: s.name,
      key,
      ...(clusterIP !== undefined ? { clusterIP } : {}),
      families: serviceFams[i] ?? [],
      ports: s.ports.map((p, j) => {
        const nodePort = nodePortAlloc.nodePorts[i]?.[j];
        return nodePort === undefined ? p : { ...p, nodePort };
      }),
      loadBalancerIPs: lbIPs[i] ?? [],
      ...(s.type === 'LoadBalancer' ? { lb: loadBalancerOf(profile, s, spec.networkMode) } : {}),
      ...(hc !== undefined ? { healthCheckNodePort: hc } : {}),
      get slices() {
        return eps().slices;
      },
      get endpointsByPort() {
        return eps().endpointsByPort;
      },
      get endpoints() {
        return eps().endpoints;
      },
      builtin: i >= builtinServiceStart,
    };
  });
  const servicesByKey = new Map(services.map((s) => [s.key, s]));

  const addresses = new Map<string, AddressOwner[]>();
  const own = (ip: string, owner: AddressOwner): void => {
    const list = addresses.get(ip);
    if (list) list.push(owner);
    else addresses.set(ip, [owner]);
  };
  const externalIPOwners = new Map<string, ServiceState[]>();
  const nodePorts = new Map<string, { service: ServiceState; portIndex: number }>();
  for (const svc of services) {
    if (svc.clusterIP !== undefined) own(svc.clusterIP, { kind: 'cluster-ip', service: svc });
    for (const ip of svc.loadBalancerIPs) own(ip, { kind: 'load-balancer', service: svc });
    if (svc.spec.type !== 'ExternalName' && !svc.spec.headless) {
      for (const ip of svc.spec.externalIPs.filter(ofFamily)) {
        const list = externalIPOwners.get(ip);
        if (list) list.push(svc);
        else externalIPOwners.set(ip, [svc]);
      }
    }
    svc.ports.forEach((p, portIndex) => {
      if (p.nodePort === undefined) return;
      const k = nodePortKey(p.protocol, p.nodePort);
      if (!nodePorts.has(k)) nodePorts.set(k, { service: svc, portIndex });
    });
  }
  for (const [ip, list] of externalIPOwners) own(ip, { kind: 'external-ip', services: list });
  for (const node of nodes) for (const ip of node.addresses) own(ip, { kind: 'node', node });
  for (const node of nodes) if (node.spec.eip !== undefined && ofFamily(node.spec.eip)) own(node.spec.eip, { kind: 'eip', node });
  // Pod lookups are derived on first use and memoised in this state: a build that only needs
  // Services (kube-proxy) does not pay for two 150,000-entry maps.
  let podsByKeyMemo: ReadonlyMap<string, PodState> | undefined;
  let podsByIpMemo: ReadonlyMap<string, PodState> | undefined;
  const derivePodsByIp = (): ReadonlyMap<string, PodState> => {
    const byIp = new Map<string, PodState>();
    for (const pod of pods) if (pod.ip !== undefined && !pod.spec.hostNetwork && !byIp.has(pod.ip)) byIp.set(pod.ip, pod);
    return byIp;
  };
  for (const host of spec.hosts) if (ofFamily(host.ip)) own(host.ip, { kind: 'host', host });

  const hostsByName = new Map<string, HostSpec>(spec.hosts.map((h) => [h.name, h]));
  const securityGroupsByNode = new Map<string, SecurityGroupSpec[]>();
  // A node gets the groups attached to it or its pool; one with none, in the cluster's main
  // network, gets the provider's default worker-node group (nodes of other domains are not the
  // cloud's instances).
  const byDefault = spec.securityGroups.filter((g) => g.byDefault !== undefined);
  for (const node of nodes) {
    const attached = spec.securityGroups.filter(
      (g) => g.nodes.includes(node.name) || (node.pool !== undefined && (g.pools.includes(node.pool) || g.name === node.pool)),
    );
    const groups = attached.length > 0 || node.spec.domain !== undefined ? attached : byDefault;
    if (groups.length > 0) securityGroupsByNode.set(node.name, groups);
  }
  // Groups bound to pods (their ENIs), by pod key.
  const securityGroupsByPod = new Map<string, SecurityGroupSpec[]>();
  for (const g of spec.securityGroups) {
    for (const sel of g.pods ?? []) {
      for (const p of pods) {
        if (p.builtin || (sel.namespace !== undefined && p.namespace !== sel.namespace) || !matchesSelector(sel.selector, p.spec.labels)) continue;
        const list = securityGroupsByPod.get(p.key) ?? [];
        if (!list.includes(g)) securityGroupsByPod.set(p.key, [...list, g]);
      }
    }
  }

  // Members of each group, for rules that reference a group instead of a block.
  const securityGroupMembers = new Map<string, Set<string>>();
  if (spec.securityGroups.some((g) => g.rules.some((r) => r.group !== undefined))) {
    const member = (group: string, ip: string | undefined): void => {
      if (ip === undefined || ip === '') return;
      let set = securityGroupMembers.get(group);
      if (!set) securityGroupMembers.set(group, (set = new Set()));
      set.add(ip);
    };
    for (const node of nodes) for (const g of securityGroupsByNode.get(node.name) ?? []) for (const ip of node.addresses) member(g.name, ip);
    // A pod's own addresses (VPC-native: its ENI) carry its bound groups, else its node's.
    const ownInterfaces = spec.networkMode === 'vpc-native';
    for (const p of pods) {
      const bound = securityGroupsByPod.get(p.key) ?? (ownInterfaces && !p.spec.hostNetwork && p.spec.node !== undefined ? securityGroupsByNode.get(p.spec.node) : undefined);
      for (const g of bound ?? []) member(g.name, p.ip);
    }
    for (const g of spec.securityGroups) for (const h of g.hosts ?? []) {
      const host = hostsByName.get(h);
      if (host && ofFamily(host.ip)) member(g.name, host.ip);
    }
  }

  const policyIndex = buildPolicyIndex({
    policies: spec.networkPolicies,
    namespaces: [...namespaces.values()],
    settings: spec.settings,
    adminNetworkPolicies: spec.adminNetworkPolicies,
    ...(spec.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: spec.baselineAdminNetworkPolicy } : {}),
    // Every Node carries kubernetes.io/hostname (set by the kubelet).
    nodes: spec.nodes.map((n) => ({ name: n.name, labels: { 'kubernetes.io/hostname': n.name, ...n.labels } })),
  });
  const dnsService = servicesByKey.get(objectKey(spec.dnsService.namespace, spec.dnsService.name));

  let ipv6Memo: ClusterState | null | undefined;
  const state: ClusterState = {
    spec,
    family,
    ...(plane ? { primary: plane.primary } : {}),
    get ipv6(): ClusterState | undefined {
      if (plane || families.length < 2) return undefined;
      if (ipv6Memo === undefined) ipv6Memo = ipv6Plane(spec, state, buildState) ?? null;
      return ipv6Memo ?? undefined;
    },
    problems,
    namespaces,
    nodes,
    nodesByName,
    pods,
    get podsByKey(): ReadonlyMap<string, PodState> {
      return (podsByKeyMemo ??= new Map(pods.map((p) => [p.key, p])));
    },
    hostPorts,
    hostNetworkPods,
    services,
    servicesByKey,
    addresses,
    get podsByIp(): ReadonlyMap<string, PodState> {
      return (podsByIpMemo ??= derivePodsByIp());
    },
    nodePorts,
    hostsByName,
    securityGroupsByNode,
    securityGroupMembers,
    securityGroupsByPod,
    podCidrs,
    ...(serviceCidr ? { serviceCidr } : {}),
    ...(dnsService ? { dnsService } : {}),
    policyIndex,
  };
  return state;
}

/** The pinned ClusterIP of a Service in the given family (clusterIPs[0] or [1]), if any. */
export function primaryPin(s: ServiceSpec, family: Family): string | undefined {
  for (const ip of [s.clusterIP, s.secondaryClusterIP]) if (ip !== undefined && ipFamilyOf(ip) === family) return ip;
  return undefined;
}


/** The Service's cloud load balancer as its provider builds it (annotation problems are check's to report). */
function loadBalancerOf(profile: ProviderProfile, s: ServiceSpec, networkMode: ClusterSpec['networkMode']): LoadBalancerState {
  const r = interpretAnnotations(profile, 'Service', s.annotations, networkMode);
  return { settings: r.settings, decidedBy: r.decidedBy, profile: profile.id };
}

/**
 * spec → ClusterState: every derivation of the model in one pass, deterministic, with the
 * indexes the trace engine needs (by address, by namespace/name, by nodePort) built once here.
 */
import { hostEndpointIndex, type HostEndpointIndex } from '../policy/calico-host.js';
import { calicoPoliciesOf } from '../spec/calico.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { gatedTopology } from './feature-gates.js';
import type { ClusterSpec, EndpointSliceSpec, HostSpec, PodSpec, ServiceSpec } from '../spec/types.js';
import { interpretAnnotations } from '../cloud/annotations.js';
import type { ProviderProfile } from '../cloud/profile.js';
import { profileById } from '../cloud/profiles.js';
import { buildPolicyIndex } from '../policy/evaluate.js';
import { CILIUM_CNI, ciliumEnforced, ciliumServicesOf } from '../spec/cilium.js';
import { builtinObjects } from './builtin-objects.js';
import { securityGroupIndexes } from './security-group-index.js';
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
 * (`plane`, from dual-stack.ts). The stages, in order: pod addresses, nodes, pods, Services
 * (families, ClusterIPs, NodePorts, load balancer addresses, endpoints on first use), the
 * address index, security groups, the policy index.
 */
export function buildState(spec: ClusterSpec, plane?: PlaneInput): ClusterState {
  const problems: Diagnostic[] = [];
  const family: Family = plane ? 6 : 4;
  const families = clusterFamilies(spec);
  const podCidrs: readonly AnyCidr[] = plane ? [plane.podCidr] : spec.podCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const serviceCidr: AnyCidr | undefined = plane ? plane.serviceCidr : parseCidr(spec.serviceCidr);
  const ofFamily = (ip: string): boolean => ipFamilyOf(ip) === family;
  const builtins = builtinObjects(spec);
  const podSpecs = spec.pods.concat(builtins.pods);

  const addressing = plane
    ? plane.addressing(podSpecs)
    : allocatePodAddresses(spec.nodes, podSpecs, podCidrs[0] as Cidr | undefined, spec.nodeCidrMaskSize);
  problems.push(...addressing.problems);
  const nodes = nodeStates(spec, family, addressing.nodeCidrs);
  const nodesByName = new Map(nodes.map((n) => [n.name, n]));
  const pods = podStates(podSpecs, addressing.podIps, nodesByName, spec.pods.length);
  const { hostNetworkPods, hostPorts } = hostIndexes(pods);
  const namespaces = deriveNamespaces(spec, [spec.dnsService.namespace]);
  const services = serviceStates({ spec, plane, family, families, serviceCidr, builtins, pods, nodes, problems });
  const servicesByKey = new Map(services.map((s) => [s.key, s]));
  const { addresses, nodePorts } = addressIndex(spec, services, nodes, ofFamily);
  const hostsByName = new Map<string, HostSpec>(spec.hosts.map((h) => [h.name, h]));
  const groups = securityGroupIndexes(spec, nodes, pods, hostsByName, family);
  const policyIndex = policyIndexOf(spec, namespaces);
  const dnsService = servicesByKey.get(objectKey(spec.dnsService.namespace, spec.dnsService.name));

  // Pod lookups are derived on first use and memoised in this state: a build that only needs
  // Services (kube-proxy) does not pay for two 150,000-entry maps.
  let podsByKeyMemo: ReadonlyMap<string, PodState> | undefined;
  let podsByIpMemo: ReadonlyMap<string, PodState> | undefined;
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
      return (podsByIpMemo ??= podsByIpOf(pods));
    },
    nodePorts,
    hostsByName,
    securityGroupsByNode: groups.byNode,
    securityGroupMembers: groups.members,
    securityGroupsByPod: groups.byPod,
    podCidrs,
    ...(serviceCidr ? { serviceCidr } : {}),
    ...(dnsService ? { dnsService } : {}),
    policyIndex,
    ...hostEndpointsOf(spec),
  };
  return state;
}

/** The nodes with their addresses of this plane's family (the primary first) and pod CIDRs. */
function nodeStates(spec: ClusterSpec, family: Family, nodeCidrs: ReadonlyMap<string, { readonly text: string }>): NodeState[] {
  return spec.nodes.map((n) => {
    const primary = primaryAddress(n, family);
    const addresses = n.addresses.map((a) => a.ip).filter((ip) => ipFamilyOf(ip) === family);
    const ordered = primary === undefined ? addresses : [primary, ...addresses.filter((a) => a !== primary)];
    const cidr = nodeCidrs.get(n.name);
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
}

/** The pods (declared, then built-in from `builtinStart`) with their addresses and nodes. */
function podStates(podSpecs: readonly PodSpec[], podIps: readonly (string | undefined)[], nodesByName: ReadonlyMap<string, NodeState>, builtinStart: number): PodState[] {
  const pods: PodState[] = new Array<PodState>(podSpecs.length);
  for (let i = 0; i < podSpecs.length; i++) {
    const p = podSpecs[i] as PodSpec;
    pods[i] = { spec: p, namespace: p.namespace, name: p.name, key: objectKey(p.namespace, p.name), ip: podIps[i], node: nodesByName.get(p.node), builtin: i >= builtinStart };
  }
  return pods;
}

/** hostNetwork pods by node, and the first pod holding each (node, protocol, hostPort). */
function hostIndexes(pods: readonly PodState[]): Pick<ClusterState, 'hostNetworkPods' | 'hostPorts'> {
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
  return { hostNetworkPods, hostPorts };
}

interface ServiceInputs {
  readonly spec: ClusterSpec;
  readonly plane: PlaneInput | undefined;
  readonly family: Family;
  readonly families: readonly Family[];
  readonly serviceCidr: AnyCidr | undefined;
  readonly builtins: ReturnType<typeof builtinObjects>;
  readonly pods: readonly PodState[];
  readonly nodes: readonly NodeState[];
  /** Allocation problems are added here. */
  readonly problems: Diagnostic[];
}

/**
 * The Services (declared, then built-in) with their families, ClusterIPs, NodePorts and load
 * balancer addresses of this plane; their endpoints are derived per Service on first use (most
 * probes touch a handful of Services), the pod index they select from with the first of them.
 */
function serviceStates(x: ServiceInputs): ServiceState[] {
  const { spec, plane, family, families, builtins, problems } = x;
  const profile = profileById(spec.provider);
  const serviceSpecs = spec.services.concat(builtins.services);
  const builtinStart = spec.services.length;
  const serviceFams = serviceSpecs.map((s) => serviceFamilies(s, families));
  if (!plane) checkServiceFamilies(serviceSpecs, serviceFams, families, problems);
  const clusterIPs = plane
    ? plane.clusterIPs(serviceSpecs)
    : allocateClusterIPs(serviceSpecs, x.serviceCidr as Cidr | undefined, builtins.preferredOffsets, problems, {
        wants: (i) => serviceFams[i]?.includes(4) ?? false,
        pin: (i) => primaryPin(serviceSpecs[i] as ServiceSpec, 4),
      });
  const nodePortAlloc = allocateNodePorts(serviceSpecs, spec.nodePortRange, problems);
  // Load balancer addresses of this plane's family: pinned, else from the model's pool of that
  // family, for the Services that have the family.
  const lbIPs = plane
    ? allocateLoadBalancerIPv6(serviceSpecs, (i) => serviceFams[i]?.includes(6) ?? false)
    : allocateLoadBalancerIPs(serviceSpecs, (i) => serviceFams[i]?.includes(4) ?? false);

  let podIndexMemo: ReturnType<typeof indexPodsByNamespace> | undefined;
  const podIndex = (): ReturnType<typeof indexPodsByNamespace> => (podIndexMemo ??= indexPodsByNamespace(x.pods));
  const slicesByService = new Map<string, EndpointSliceSpec[]>();
  for (const s of [...spec.endpointSlices, ...builtins.endpointSlices]) {
    const key = objectKey(s.namespace, s.service);
    const list = slicesByService.get(key);
    if (list) list.push(s);
    else slicesByService.set(key, [s]);
  }
  const nodeZones = new Map(x.nodes.map((n) => [n.name, n.zone]));
  const zonesWithNodes = new Set(x.nodes.flatMap((n) => (n.zone === undefined ? [] : [n.zone])));

  return serviceSpecs.map((s, i) => {
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
      builtin: i >= builtinStart,
    };
  });
}

/** A Service asking for an IP family the cluster does not have: the API server rejects it. */
function checkServiceFamilies(serviceSpecs: readonly ServiceSpec[], serviceFams: readonly (readonly Family[])[], families: readonly Family[], problems: Diagnostic[]): void {
  serviceSpecs.forEach((s, i) => {
    const missing = (serviceFams[i] ?? []).filter((f) => !families.includes(f));
    if (missing.length > 0 || (s.ipFamilyPolicy === 'RequireDualStack' && families.length < 2))
      problems.push(
        problem(DIAG.ipFamilyUnavailable, `Service ${s.namespace}/${s.name} needs ${missing.length > 0 ? `IPv${missing[0]}` : 'two IP families'}, but the cluster is single-stack IPv${families[0]}`, s.span, [
          'the API server rejects it; the model gives it no address of that family',
        ]),
      );
  });
}

/**
 * Who owns each address of this plane (ClusterIPs, load balancer addresses, external IPs, nodes,
 * elastic IPs, hosts; pods are looked up apart), and the first Service port on each NodePort.
 */
function addressIndex(spec: ClusterSpec, services: readonly ServiceState[], nodes: readonly NodeState[], ofFamily: (ip: string) => boolean): Pick<ClusterState, 'addresses' | 'nodePorts'> {
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
  for (const host of spec.hosts) if (ofFamily(host.ip)) own(host.ip, { kind: 'host', host });
  return { addresses, nodePorts };
}

/** Pods by their own address (hostNetwork pods use their node's; the first pod of an address wins). */
function podsByIpOf(pods: readonly PodState[]): ReadonlyMap<string, PodState> {
  const byIp = new Map<string, PodState>();
  for (const pod of pods) if (pod.ip !== undefined && !pod.spec.hostNetwork && !byIp.has(pod.ip)) byIp.set(pod.ip, pod);
  return byIp;
}

/** Host endpoint policy, where Calico enforces its objects (setting calicoPolicy). */
function hostEndpointsOf(spec: ClusterSpec): { hostEndpoints?: HostEndpointIndex } {
  const index = spec.settings.calicoPolicy === 'enforced' ? hostEndpointIndex(calicoPoliciesOf(spec)) : undefined;
  return index ? { hostEndpoints: index } : {};
}

function policyIndexOf(spec: ClusterSpec, namespaces: ClusterState['namespaces']): ClusterState['policyIndex'] {
  return buildPolicyIndex({
    policies: spec.networkPolicies,
    namespaces: [...namespaces.values()],
    settings: spec.settings,
    adminNetworkPolicies: spec.adminNetworkPolicies,
    ...(spec.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: spec.baselineAdminNetworkPolicy } : {}),
    ...calicoPoliciesOf(spec),
    ...(ciliumEnforced(spec.cni)
      ? {
          ciliumNetworkPolicies: spec.ciliumNetworkPolicies,
          ciliumClusterwideNetworkPolicies: spec.ciliumClusterwideNetworkPolicies,
          // What toFQDNs may resolve: the outside names the model's DNS answers (net/dns.ts: hosts with a DNS name).
          ciliumDnsNames: spec.hosts.filter((h) => h.name.includes('.')).map((h) => ({ name: h.name.toLowerCase(), ips: [h.ip] })),
          ciliumServices: ciliumServicesOf(spec.services, spec.endpointSlices),
        }
      : {}),
    ...(spec.cni === CILIUM_CNI ? { ciliumCni: true } : {}),
    // Every Node carries kubernetes.io/hostname (set by the kubelet).
    nodes: spec.nodes.map((n) => ({ name: n.name, labels: { 'kubernetes.io/hostname': n.name, ...n.labels } })),
  });
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

/**
 * The cluster state: a ClusterSpec plus everything the controllers would derive from it
 * (addresses, ports, EndpointSlices, built-in objects), with indexes for constant-time lookups.
 * Built once by `buildState`; immutable afterwards.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { HostEndpointIndex } from '../policy/calico-host.js';
import type { DecidedBy } from '../cloud/annotations.js';
import type { LbSettings } from '../cloud/profile.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type {
  ClusterSpec,
  EndpointSlicePortSpec,
  HostSpec,
  NamespaceSpec,
  NodeSpec,
  PodSpec,
  SecurityGroupSpec,
  ServicePortSpec,
  ServiceSpec,
} from '../spec/types.js';
import type { PolicyIndex } from '../policy/evaluate.js';
import type { AnyCidr } from '../address/ip.js';
import type { Family } from '../address/families.js';

export interface NodeState {
  readonly spec: NodeSpec;
  readonly name: string;
  /** The primary IPv4 address (the first address when none is marked primary). */
  readonly ip: string;
  /** Every IPv4 address of the node, primary first. */
  readonly addresses: readonly string[];
  /** The node's pod CIDR (pinned or carved); undefined when the cluster CIDR was exhausted. */
  readonly podCidr?: string;
  readonly zone?: string;
  readonly pool?: string;
}

export interface PodState {
  readonly spec: PodSpec;
  readonly namespace: string;
  readonly name: string;
  /** "namespace/name". */
  readonly key: string;
  /** The pod IP (the node's primary IP for hostNetwork pods); undefined when none could be allocated. */
  readonly ip?: string;
  readonly node?: NodeState;
  /** Created by the model (the CoreDNS pods), not declared. */
  readonly builtin: boolean;
}

export interface ServicePortState extends ServicePortSpec {
  /** The allocated or pinned nodePort, when the Service type has node ports. */
  readonly nodePort?: number;
}

/** One endpoint of an EndpointSlice, conditions resolved (API nil semantics applied). */
export interface EndpointState {
  readonly address: string;
  readonly ready: boolean;
  readonly serving: boolean;
  readonly terminating: boolean;
  readonly nodeName?: string;
  readonly zone?: string;
  readonly hostname?: string;
  readonly hintsForZones?: readonly string[];
  readonly hintsForNodes?: readonly string[];
  readonly targetPod?: { readonly namespace: string; readonly name: string };
}

export interface EndpointSliceState {
  readonly name: string;
  readonly namespace: string;
  readonly service: string;
  readonly ports: readonly EndpointSlicePortSpec[];
  readonly endpoints: readonly EndpointState[];
  /** endpointslice.kubernetes.io/managed-by: the controller, or hand-written. */
  readonly managedBy: 'endpointslice-controller.k8s.io' | 'user';
}

/** An endpoint as kube-proxy sees it for one service port: the address and the DNAT port. */
export interface ServiceEndpoint extends EndpointState {
  readonly port: number;
}

export interface LoadBalancerState {
  readonly settings: LbSettings;
  /** Per setting, the annotation that set it (absent: the profile's default). */
  readonly decidedBy: DecidedBy;
  readonly profile: string;
}

export interface ServiceState {
  readonly spec: ServiceSpec;
  readonly namespace: string;
  readonly name: string;
  readonly key: string;
  /** This plane's ClusterIP, allocated or pinned; undefined for headless and ExternalName Services and for Services without this plane's family. */
  readonly clusterIP?: string;
  /** The Service's IP families, primary first (empty for ExternalName). */
  readonly families: readonly Family[];
  readonly ports: readonly ServicePortState[];
  /** status.loadBalancer.ingress IPs (LoadBalancer Services only). */
  readonly loadBalancerIPs: readonly string[];
  /** LoadBalancer Services: the cloud load balancer the provider profile and annotations make. */
  readonly lb?: LoadBalancerState;
  readonly healthCheckNodePort?: number;
  readonly slices: readonly EndpointSliceState[];
  /** Per service port (index into `ports`): its endpoints, de-duplicated across slices. */
  readonly endpointsByPort: readonly (readonly ServiceEndpoint[])[];
  /** Every endpoint of every slice, de-duplicated by address (DNS uses this). */
  readonly endpoints: readonly EndpointState[];
  /** Created by the model (default/kubernetes, the cluster DNS Service), not declared. */
  readonly builtin: boolean;
}

/** What owns an IPv4 address that kube-proxy or routing cares about. */
export type AddressOwner =
  | { readonly kind: 'cluster-ip'; readonly service: ServiceState }
  | { readonly kind: 'load-balancer'; readonly service: ServiceState }
  | { readonly kind: 'external-ip'; readonly services: readonly ServiceState[] }
  | { readonly kind: 'node'; readonly node: NodeState }
  /** A node's elastic IP: translated to the node's own address at the VPC's edge. */
  | { readonly kind: 'eip'; readonly node: NodeState }
  | { readonly kind: 'pod'; readonly pod: PodState }
  | { readonly kind: 'host'; readonly host: HostSpec };

export interface ClusterState {
  readonly spec: ClusterSpec;
  /** The IP family of this plane: 4 for the cluster's primary state, 6 for its `ipv6` plane. */
  readonly family: Family;
  /** A dual-stack cluster's IPv6 plane (built on first use); undefined when single-stack or itself the IPv6 plane. */
  readonly ipv6?: ClusterState;
  /** The IPv6 plane's primary (IPv4) state: the cluster DNS and its records live there. */
  readonly primary?: ClusterState;
  /** Allocation problems (exhausted CIDRs, clashing pinned addresses or ports). */
  readonly problems: readonly Diagnostic[];
  /** Declared and implied namespaces, labels including kubernetes.io/metadata.name. */
  readonly namespaces: ReadonlyMap<string, NamespaceSpec>;
  readonly nodes: readonly NodeState[];
  readonly nodesByName: ReadonlyMap<string, NodeState>;
  /** Declared pods, then the model's built-in ones. */
  readonly pods: readonly PodState[];
  readonly podsByKey: ReadonlyMap<string, PodState>;
  /** "node|TCP/80" ⇒ the (non-hostNetwork) pod and container port a hostPort maps to. */
  readonly hostPorts: ReadonlyMap<string, { readonly pod: PodState; readonly containerPort: number }>;
  /** hostNetwork pods per node name. */
  readonly hostNetworkPods: ReadonlyMap<string, readonly PodState[]>;
  readonly services: readonly ServiceState[];
  readonly servicesByKey: ReadonlyMap<string, ServiceState>;
  /** ClusterIPs, LB IPs, externalIPs, node addresses and host IPs (pod IPs: `podsByIp`; both: `ownersOf`). */
  readonly addresses: ReadonlyMap<string, readonly AddressOwner[]>;
  /** Non-hostNetwork pods by IP (the first pod when a pinned IP is taken twice). */
  readonly podsByIp: ReadonlyMap<string, PodState>;
  /** "TCP/30080" ⇒ the Service and port index owning that nodePort. */
  readonly nodePorts: ReadonlyMap<string, { readonly service: ServiceState; readonly portIndex: number }>;
  readonly hostsByName: ReadonlyMap<string, HostSpec>;
  /** Security groups attached to each node (by node name). */
  readonly securityGroupsByNode: ReadonlyMap<string, readonly SecurityGroupSpec[]>;
  /** Per security group, the addresses of its members (nodes, pods bound to it, hosts), for rules naming a group. */
  readonly securityGroupMembers: ReadonlyMap<string, ReadonlySet<string>>;
  /** Security groups bound to pods (ENI pod networking), by pod key. */
  readonly securityGroupsByPod: ReadonlyMap<string, readonly SecurityGroupSpec[]>;
  readonly podCidrs: readonly AnyCidr[];
  readonly serviceCidr?: AnyCidr;
  /** The cluster DNS Service. */
  readonly dnsService?: ServiceState;
  readonly policyIndex: PolicyIndex;
  /** Calico host endpoint policy, when the cluster has HostEndpoints (policy/calico-host.ts). */
  readonly hostEndpoints?: HostEndpointIndex;
}

export function objectKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export function hostPortKey(node: string, protocol: PacketProtocol, port: number): string {
  return `${node}|${protocol}/${port}`;
}

export function nodePortKey(protocol: PacketProtocol, port: number): string {
  return `${protocol}/${port}`;
}

/** Everything that owns `ip`: Service addresses, nodes, hosts, then the pod with that IP. */
export function ownersOf(state: ClusterState, ip: string): readonly AddressOwner[] {
  const owners = state.addresses.get(ip);
  const pod = state.podsByIp.get(ip);
  if (!pod) return owners ?? [];
  return owners ? [...owners, { kind: 'pod', pod }] : [{ kind: 'pod', pod }];
}

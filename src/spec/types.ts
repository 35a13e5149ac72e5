/**
 * The resolved cluster spec: what `check` produces from a `.netscn` file and what `manifests`
 * produces from Kubernetes YAML. Everything downstream (model, net, run) reads only these types.
 *
 * Contract: values here are already validated (addresses parse, ports are in range, names
 * resolve). Fields a user left out are `undefined` where the model must derive them (a pod IP,
 * a ClusterIP, a nodePort) and carry their upstream default otherwise.
 */
import type { CalicoGlobalNetworkPolicySpec, CalicoNetworkPolicySpec } from './calico.js';
import type { CiliumClusterwideNetworkPolicySpec, CiliumNetworkPolicySpec } from './cilium.js';
import type { CalicoHostEndpointSpec, CalicoNamespacedNetworkSetSpec, CalicoNetworkSetSpec, CalicoProfileSpec, CalicoTierSpec } from './calico-resources.js';
import { DEFAULT_FEATURE_GATES, type FeatureGate } from './feature-gates.js';
import type { AuthorizationPolicySpec } from './authorization-policy.js';
import type { PeerAuthenticationSpec } from './peer-authentication.js';
import type { OutboundTrafficPolicy, SidecarSpec } from './istio-sidecar.js';
import type { ServiceEntrySpec } from './service-entry.js';
import type { IstioGatewaySpec } from './istio-gateway.js';
import type { VirtualServiceSpec } from './virtual-service.js';

/** A point in a source file (1-based line and column, 0-based offset), as Peggy reports it. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A span of source text. `file` is the path as given to the parser (relative or absolute). */
export interface Span {
  readonly file: string;
  readonly start: Position;
  readonly end: Position;
}

export type Protocol = 'TCP' | 'UDP' | 'SCTP';
export type ProxyMode = 'iptables' | 'nftables' | 'ipvs';
/** overlay: VXLAN between nodes, pod IPs unroutable outside. underlay/vpc-native: pods have VPC-routable IPs. */
export type NetworkMode = 'overlay' | 'underlay' | 'vpc-native';
export type TrafficPolicy = 'Cluster' | 'Local';
export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName';

export type Labels = Readonly<Record<string, string>>;

export interface LabelSelectorRequirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: readonly string[];
}

/** A Kubernetes label selector. Empty (no labels, no expressions) selects everything. */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly LabelSelectorRequirement[];
}

/**
 * Implementation-defined behaviour, as named settings. Each has the documented default
 * (see DEFAULT_SETTINGS) and the trace names the setting whenever it decides a verdict.
 */
export interface Settings {
  /** iptables only: NodePorts answer on 127.0.0.1 (`--iptables-localhost-nodeports`). */
  readonly localhostNodePorts: boolean;
  /** `--nodeport-addresses`: 'all' local addresses, 'primary' only, or a list of CIDRs. */
  readonly nodePortAddresses: 'all' | 'primary' | readonly string[];
  /** `--masquerade-all`: masquerade every packet sent to a ClusterIP. */
  readonly masqueradeAll: boolean;
  /** kube-proxy's local-traffic detector knows the pod CIDR (`--cluster-cidr`). */
  readonly detectLocalByPodCidr: boolean;
  /** How NetworkPolicy treats hostNetwork pods: 'node' (as node traffic, most CNIs) or 'pod'. */
  readonly hostNetworkPolicy: 'node' | 'pod';
  /** A pod reaching itself (directly or hairpin through a Service) is always allowed by policy. */
  readonly selfTrafficAllowed: boolean;
  /** Pod egress to its own node is allowed even under egress isolation (reference §6.7). */
  readonly podToOwnNodeAllowed: boolean;
  /** Whether the CNI enforces NetworkPolicy at all: 'full', 'ingress-only' or 'none'. */
  readonly networkPolicyEnforcement: 'full' | 'ingress-only' | 'none';
  /**
   * Whether Calico runs and enforces its policy objects (projectcalico.org/v3): 'enforced' (Calico
   * as the CNI, Canal, or Calico in policy-only mode beside another CNI) or 'off' (the objects are
   * read and play no part). The checker's default follows the `cni` preset (cloud/cni.ts); with no
   * CNI named (a scenario without `cni`, manifests) it is 'enforced'.
   */
  readonly calicoPolicy: 'enforced' | 'off';
  /** Pod egress to destinations outside the cluster is SNATed to the node IP. */
  readonly egressMasquerade: boolean;
  /**
   * Cloud load balancers' traffic to their backends skips the nodes' security groups (TKE's
   * CLB "allow by default" / bypass backend security group, set on the CLB, not by annotation).
   */
  readonly lbBypassSecurityGroups: boolean;
  /**
   * The public address of a NAT gateway that traffic to the internet leaves the VPC through
   * (a second SNAT after the node's, clouds.md G-05); null: the nodes' own addresses reach the
   * internet.
   */
  readonly natGateway: string | null;
  /**
   * The VPC's address block, which provider default security groups admit (CCE's VPC model);
   * null: the RFC 1918 block holding the first node's address.
   */
  readonly vpcCidr: string | null;
  /**
   * How a machine with a private address and neither an elastic IP nor a NAT gateway reaches the
   * internet: 'none' (it does not: a cloud VPC has no such path) or 'direct' (the network's own
   * routers take it out, as in a lab or an on-premises network with its own NAT).
   */
  readonly internetExit: 'none' | 'direct';
  /**
   * Whether the provider's L7 load balancer (Ingress) connects to node ports from its own
   * addresses ('on': L7 SNAT, client only in X-Forwarded-For) or keeps the client address
   * ('off'); 'profile': the provider's default (CCE shared ELB on, TKE CLB off, T+08).
   */
  readonly cloudL7Snat: 'profile' | 'on' | 'off';
  /** Kubernetes feature gates that change the data path (spec/feature-gates.ts), with the followed release's defaults. */
  readonly featureGates: Readonly<Record<FeatureGate, boolean>>;
  /**
   * The address of the anonymous client `internet` (IPv4), chosen outside every address block
   * the README's and scenarios' examples use, so an "office only" rule never admits it.
   */
  readonly internetClient: string;
  /** The same over IPv6 (a dual-stack cluster's `over ipv6`). */
  readonly internetClient6: string;
  /**
   * Past this many paths at a fan-out (nodes × endpoints), the engine walks one path per class
   * of equivalent nodes and endpoints (src/net/alike.ts); 0 summarises every fan-out.
   */
  readonly summariseAbove: number;
  /**
   * What a cloud load balancer does when every backend fails its health check: 'fail-open'
   * (send to all of them, as AWS documents for its load balancers) or 'drop' (no backend, the
   * connection times out). Left to the provider; CCE, ACK and TKE documents are silent.
   */
  readonly lbAllUnhealthy: 'fail-open' | 'drop';
  /**
   * Where the load balancers' health checks come from, overriding the provider's default:
   * 'profile' (the provider's health-check range), or 'vip' (the LB's own address, as Tencent
   * CLBs did before the 100.64.0.0/10 option, clouds.md T+08 b).
   */
  readonly lbHealthCheckSource: 'profile' | 'vip';
  /**
   * Istio's meshConfig.outboundTrafficPolicy.mode: what a sidecar does with outbound traffic to a
   * destination outside the service registry when no Sidecar resource sets it (src/mesh/egress-scope.ts).
   * Istio documents ALLOW_ANY as the default
   * (https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy-Mode).
   */
  readonly meshOutboundTrafficPolicy: OutboundTrafficPolicy;
  /**
   * Cilium's `policy-cidr-match-mode`: besides addresses outside the cluster, which in-cluster
   * addresses CIDR selectors (a NetworkPolicy's ipBlock, a Cilium policy's CIDR rules) match:
   * `nodes` (Cilium 1.15+), `pods` (Cilium 1.20+); empty, Cilium's default: neither
   * (policy/cilium.ts, 8). Read only where Cilium enforces policy.
   */
  readonly ciliumCidrMatchMode: readonly CiliumCidrMatch[];
  /**
   * Cilium's `enable-node-selector-labels` (default false): nodes get identities from their labels,
   * which `fromNodes` / `toNodes` select; off, Cilium refuses a policy using them
   * (policy/cilium.ts, 7b). Read only where Cilium enforces policy.
   */
  readonly ciliumNodeSelectorLabels: boolean;
}

/** What Cilium's `policy-cidr-match-mode` may add to what CIDR selectors match. */
export type CiliumCidrMatch = 'nodes' | 'pods';

export interface ClusterSpec {
  readonly name: string;
  /** Provider profile id: 'vanilla' | 'cce' | 'ack' | 'ack-edge' | 'tke' | ... */
  readonly provider: string;
  readonly networkMode: NetworkMode;
  /** The CNI preset (`cni NAME`, src/cloud/cni.ts), when the scenario names one. */
  readonly cni?: string;
  readonly proxyMode: ProxyMode;
  /** The cluster's pod CIDR(s); node pod CIDRs are carved from the first one when not given. */
  readonly podCidrs: readonly string[];
  readonly serviceCidr: string;
  /** The IPv6 service CIDR of a dual-stack cluster (`--service-cluster-ip-range=<v4>,<v6>`). */
  readonly secondaryServiceCidr?: string;
  /** Inclusive range, default 30000-32767. */
  readonly nodePortRange: readonly [number, number];
  readonly clusterDomain: string;
  /** Mask length of each node's pod CIDR when carved automatically (default 24). */
  readonly nodeCidrMaskSize: number;
  readonly settings: Settings;
  readonly nodes: readonly NodeSpec[];
  readonly namespaces: readonly NamespaceSpec[];
  readonly pods: readonly PodSpec[];
  readonly services: readonly ServiceSpec[];
  /** Hand-written EndpointSlices (selector-less Services). */
  readonly endpointSlices: readonly EndpointSliceSpec[];
  readonly networkPolicies: readonly NetworkPolicySpec[];
  /** AdminNetworkPolicies (policy.networking.k8s.io/v1alpha1). */
  readonly adminNetworkPolicies: readonly AdminNetworkPolicySpec[];
  /** The singleton BaselineAdminNetworkPolicy `default`, when there is one. */
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
  /** Calico NetworkPolicies (projectcalico.org/v3), namespaced. */
  readonly calicoNetworkPolicies: readonly CalicoNetworkPolicySpec[];
  /** Calico GlobalNetworkPolicies (projectcalico.org/v3). */
  readonly calicoGlobalNetworkPolicies: readonly CalicoGlobalNetworkPolicySpec[];
  /** CiliumNetworkPolicies (cilium.io/v2), namespaced. */
  readonly ciliumNetworkPolicies: readonly CiliumNetworkPolicySpec[];
  /** CiliumClusterwideNetworkPolicies (cilium.io/v2). */
  readonly ciliumClusterwideNetworkPolicies: readonly CiliumClusterwideNetworkPolicySpec[];
  /** Calico HostEndpoints (projectcalico.org/v3): nodes' interfaces under host endpoint policy. */
  readonly calicoHostEndpoints: readonly CalicoHostEndpointSpec[];
  /** Calico Profiles (projectcalico.org/v3), e.g. the per-namespace `kns.<namespace>`. */
  readonly calicoProfiles: readonly CalicoProfileSpec[];
  /** Calico Tiers (projectcalico.org/v3): the order of the tiers and their default actions. */
  readonly calicoTierSpecs: readonly CalicoTierSpec[];
  /** Calico NetworkSets (projectcalico.org/v3), namespaced. */
  readonly calicoNetworkSets: readonly CalicoNamespacedNetworkSetSpec[];
  /** Calico GlobalNetworkSets (projectcalico.org/v3). */
  readonly calicoGlobalNetworkSets: readonly CalicoNetworkSetSpec[];
  /** ServiceAccounts (v1): their labels, which Calico's service-account selectors match. */
  readonly serviceAccounts: readonly ServiceAccountSpec[];
  readonly ingresses: readonly IngressSpec[];
  readonly ingressClasses: readonly IngressClassSpec[];
  readonly ingressControllers: readonly IngressControllerSpec[];
  readonly gateways: readonly GatewaySpec[];
  readonly httpRoutes: readonly HttpRouteSpec[];
  readonly routes: readonly RouteSpec[];
  /** OVN-Kubernetes UserDefinedNetworks (k8s.ovn.org/v1): networks of one namespace's pods. */
  readonly userDefinedNetworks: readonly UserDefinedNetworkSpec[];
  /** OVN-Kubernetes ClusterUserDefinedNetworks (k8s.ovn.org/v1): networks of the namespaces they select. */
  readonly clusterUserDefinedNetworks: readonly ClusterUserDefinedNetworkSpec[];
  /** Multus NetworkAttachmentDefinitions (k8s.cni.cncf.io/v1): secondary networks pods attach to. */
  readonly networkAttachments: readonly NetworkAttachmentDefinitionSpec[];
  /** MultiNetworkPolicies (k8s.cni.cncf.io/v1beta1): NetworkPolicies of secondary networks. */
  readonly multiNetworkPolicies: readonly MultiNetworkPolicySpec[];
  /** Istio AuthorizationPolicies (security.istio.io), read from manifests only. */
  readonly authorizationPolicies: readonly AuthorizationPolicySpec[];
  /** Istio PeerAuthentications (security.istio.io), read from manifests only. */
  readonly peerAuthentications: readonly PeerAuthenticationSpec[];
  /** Istio Sidecars (networking.istio.io): what each proxy knows of the registry, read from manifests only. */
  readonly istioSidecars: readonly SidecarSpec[];
  /** Istio ServiceEntries (networking.istio.io): hosts added to the registry, read from manifests only. */
  readonly serviceEntries: readonly ServiceEntrySpec[];
  /** Istio Gateways (networking.istio.io): servers opened on gateway proxy pods, read from manifests only. */
  readonly istioGateways: readonly IstioGatewaySpec[];
  /** Istio VirtualServices (networking.istio.io): routes at gateways, read from manifests only. */
  readonly virtualServices: readonly VirtualServiceSpec[];
  /** Connectivity between network domains (ACK Edge: leased line, public internet, Raven). */
  readonly links: readonly LinkSpec[];
  /** Load balancer access control lists (cloud objects Services reference by annotation). */
  readonly lbAcls: readonly LbAclSpec[];
  readonly hosts: readonly HostSpec[];
  readonly securityGroups: readonly SecurityGroupSpec[];
  /** The cluster DNS Service (default kube-system/kube-dns); created by the model when absent. */
  readonly dnsService: { readonly namespace: string; readonly name: string };
  readonly span?: Span;
}

export interface NodeAddress {
  readonly ip: string;
  /** Exactly one address per IP family is primary (the first given, unless marked). */
  readonly primary: boolean;
}

export interface NodeSpec {
  readonly name: string;
  readonly addresses: readonly NodeAddress[];
  /**
   * A public IPv4 address the cloud maps one-to-one onto the node (an EIP; status.addresses
   * ExternalIP): the internet reaches the node only through it, and the node's internet-bound
   * traffic leaves from it.
   */
  readonly eip?: string;
  readonly pool?: string;
  readonly zone?: string;
  /**
   * The network domain (VPC, IDC, edge site) the node sits in; undefined = the cluster's main
   * domain. Nodes of different domains reach each other only over a link.
   */
  readonly domain?: string;
  /** Pinned pod CIDR of this node; derived from the cluster pod CIDR otherwise. */
  readonly podCidr?: string;
  readonly ready: boolean;
  readonly labels: Labels;
  readonly span?: Span;
}

export interface NamespaceSpec {
  readonly name: string;
  /** User labels; the model adds kubernetes.io/metadata.name. */
  readonly labels: Labels;
  readonly span?: Span;
}

export interface ContainerPort {
  readonly name?: string;
  readonly containerPort: number;
  readonly protocol: Protocol;
  /** hostPort mapping (node port → this container port); not used with hostNetwork. */
  readonly hostPort?: number;
}

export interface PodSpec {
  readonly name: string;
  readonly namespace: string;
  readonly node: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
  /** Pinned pod IP; allocated from the node's pod CIDR otherwise. */
  readonly ip?: string;
  /** Pinned IPv6 address on a dual-stack cluster; otherwise at the IPv4 address's offset in the node's IPv6 block. */
  readonly ip6?: string;
  readonly hostNetwork: boolean;
  readonly hostname?: string;
  readonly subdomain?: string;
  /** Pod Ready condition. */
  readonly ready: boolean;
  /** The pod has a deletionTimestamp (terminating). */
  readonly terminating: boolean;
  /** 'ClusterFirst' (default), 'ClusterFirstWithHostNet', 'Default', 'None'. */
  readonly dnsPolicy: 'ClusterFirst' | 'ClusterFirstWithHostNet' | 'Default' | 'None';
  /**
   * The Multus secondary networks the pod attaches to (the `k8s.v1.cni.cncf.io/networks`
   * annotation; a VM's multus networks), in order; none when undefined.
   */
  readonly secondaryNetworks?: readonly SecondaryAttachment[];
  /** Workload that owns the pod, e.g. {kind: 'Deployment', name: 'web'}; the pod itself otherwise. */
  readonly owner?: { readonly kind: string; readonly name: string };
  /** Bumped by `recreate pod`: a new pod object, so a new IP. */
  readonly generation: number;
  /** spec.serviceAccountName; undefined: `default` (the Istio principal's `sa` part). */
  readonly serviceAccount?: string;
  /** The `sidecar.istio.io/inject` annotation, when set (Istio reads it like the label of that name). */
  readonly sidecarInject?: string;
  readonly span?: Span;
}

export interface ServicePortSpec {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
  /** A number, or the name of a container port resolved per pod. Defaults to `port`. */
  readonly targetPort: number | string;
  /** Pinned nodePort; allocated when the type needs one and this is undefined. */
  readonly nodePort?: number;
  readonly appProtocol?: string;
  readonly span?: Span;
}

export interface ServiceSpec {
  readonly name: string;
  readonly namespace: string;
  readonly type: ServiceType;
  /** clusterIP: None. */
  readonly headless: boolean;
  /** null: a selector-less Service (endpoints come from hand-written slices). */
  readonly selector: Labels | null;
  readonly ports: readonly ServicePortSpec[];
  /** Pinned ClusterIP (of the Service's primary family); allocated otherwise (never for headless or ExternalName). */
  readonly clusterIP?: string;
  /** Pinned ClusterIP of the secondary family (spec.clusterIPs[1]), dual-stack Services only. */
  readonly secondaryClusterIP?: string;
  /** spec.ipFamilyPolicy; undefined: SingleStack, or RequireDualStack when two families are listed. */
  readonly ipFamilyPolicy?: 'SingleStack' | 'PreferDualStack' | 'RequireDualStack';
  /** spec.ipFamilies as written (primary first); undefined: decided by the policy and the cluster. */
  readonly ipFamilies?: readonly ('IPv4' | 'IPv6')[];
  readonly externalTrafficPolicy: TrafficPolicy;
  readonly internalTrafficPolicy: TrafficPolicy;
  readonly sessionAffinity: 'None' | 'ClientIP';
  /** sessionAffinityConfig.clientIP.timeoutSeconds, default 10800. */
  readonly sessionAffinityTimeout: number;
  readonly externalIPs: readonly string[];
  readonly loadBalancerSourceRanges: readonly string[];
  /** Pinned status.loadBalancer.ingress IPs; allocated from the provider's pool otherwise. */
  readonly loadBalancerIPs: readonly string[];
  /** status.loadBalancer.ingress[].ipMode; 'Proxy' disables the in-cluster short-circuit. */
  readonly loadBalancerIPMode: 'VIP' | 'Proxy';
  readonly allocateLoadBalancerNodePorts: boolean;
  readonly externalName?: string;
  readonly publishNotReadyAddresses: boolean;
  readonly trafficDistribution?: 'PreferSameZone' | 'PreferSameNode' | 'PreferClose';
  readonly healthCheckNodePort?: number;
  readonly annotations: Labels;
  /** metadata.labels, when the Service has any (a manifest's; a scenario's `svc` declares none): what Cilium's toServices `k8sServiceSelector` selects. */
  readonly labels?: Labels;
  readonly span?: Span;
}

export interface EndpointSpec {
  readonly addresses: readonly string[];
  readonly nodeName?: string;
  readonly zone?: string;
  /** API nil semantics: undefined ready ⇒ true, serving ⇒ true, terminating ⇒ false. */
  readonly ready?: boolean;
  readonly serving?: boolean;
  readonly terminating?: boolean;
  readonly hostname?: string;
  readonly hintsForZones?: readonly string[];
  readonly hintsForNodes?: readonly string[];
  /** The pod behind this endpoint, when the controller made it. */
  readonly targetPod?: { readonly namespace: string; readonly name: string };
}

export interface EndpointSlicePortSpec {
  readonly name?: string;
  readonly port: number;
  readonly protocol: Protocol;
}

export interface EndpointSliceSpec {
  readonly name: string;
  readonly namespace: string;
  /** The kubernetes.io/service-name label. */
  readonly service: string;
  readonly addressType: 'IPv4' | 'IPv6';
  readonly ports: readonly EndpointSlicePortSpec[];
  readonly endpoints: readonly EndpointSpec[];
  readonly span?: Span;
}

// ---- NetworkPolicy (networking.k8s.io/v1), normalised ----

export interface IPBlock {
  readonly cidr: string;
  readonly except: readonly string[];
}

export interface NetworkPolicyPeer {
  readonly podSelector?: LabelSelector;
  readonly namespaceSelector?: LabelSelector;
  readonly ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  /** Defaults to TCP. */
  readonly protocol: Protocol;
  /** undefined: every port of the protocol. A string is a named container port. */
  readonly port?: number | string;
  readonly endPort?: number;
}

export interface NetworkPolicyRule {
  /** Empty: every peer (inside and outside the cluster). */
  readonly peers: readonly NetworkPolicyPeer[];
  /** Empty: every port and protocol. */
  readonly ports: readonly NetworkPolicyPort[];
  readonly span?: Span;
}

export interface NetworkPolicySpec {
  readonly name: string;
  readonly namespace: string;
  readonly podSelector: LabelSelector;
  /** After defaulting: Ingress always unless given; Egress when given or when egress rules exist. */
  readonly policyTypes: readonly ('Ingress' | 'Egress')[];
  readonly ingress: readonly NetworkPolicyRule[];
  readonly egress: readonly NetworkPolicyRule[];
  readonly span?: Span;
}

// ---- AdminNetworkPolicy / BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) ----

/** The pods a (Baseline)AdminNetworkPolicy applies to (exactly one of the two forms). */
export type AdminPolicySubject =
  /** Every pod of the namespaces the selector matches. */
  | { readonly kind: 'namespaces'; readonly namespaces: LabelSelector }
  /** Pods matching `pods` in namespaces matching `namespaces`. */
  | { readonly kind: 'pods'; readonly namespaces: LabelSelector; readonly pods: LabelSelector };

/** One peer of an admin rule. `nodes` and `networks` exist in egress rules only. */
export type AdminPolicyPeer =
  | { readonly kind: 'namespaces'; readonly namespaces: LabelSelector }
  | { readonly kind: 'pods'; readonly namespaces: LabelSelector; readonly pods: LabelSelector }
  /** Node addresses of the nodes the selector matches. */
  | { readonly kind: 'nodes'; readonly nodes: LabelSelector }
  /** Destinations by address (CIDRs of either family), whatever they are. */
  | { readonly kind: 'networks'; readonly cidrs: readonly string[] };

export type AdminPolicyPort =
  /** protocol defaults to TCP. */
  | { readonly kind: 'number'; readonly protocol: Protocol; readonly port: number }
  /** Inclusive range. */
  | { readonly kind: 'range'; readonly protocol: Protocol; readonly start: number; readonly end: number }
  /** A container port of the destination pod with this name, on that port's protocol. */
  | { readonly kind: 'named'; readonly name: string };

export type AdminPolicyAction = 'Allow' | 'Deny' | 'Pass';

export interface AdminPolicyRule {
  /** The rule's `name` ('' when not given). */
  readonly name: string;
  /** BaselineAdminNetworkPolicy rules are Allow or Deny only. */
  readonly action: AdminPolicyAction;
  /** Non-empty; the rule matches when any peer does. */
  readonly peers: readonly AdminPolicyPeer[];
  /** undefined: every port and protocol; otherwise any entry. */
  readonly ports?: readonly AdminPolicyPort[];
  readonly span?: Span;
}

export interface AdminNetworkPolicySpec {
  /** Cluster-scoped: no namespace. */
  readonly name: string;
  /** 0–1000; a lower number is evaluated first. */
  readonly priority: number;
  readonly subject: AdminPolicySubject;
  /** In order: the first rule matching a connection decides it within this policy. */
  readonly ingress: readonly AdminPolicyRule[];
  readonly egress: readonly AdminPolicyRule[];
  readonly span?: Span;
}

export interface BaselineAdminNetworkPolicySpec {
  /** Always `default` (the API admits no other name). */
  readonly name: string;
  readonly subject: AdminPolicySubject;
  readonly ingress: readonly AdminPolicyRule[];
  readonly egress: readonly AdminPolicyRule[];
  readonly span?: Span;
}

// ---- Ingress (networking.k8s.io/v1) ----

/** A backend: a Service port (by number or name) in the Ingress's namespace, or another resource. */
export type IngressBackendSpec =
  | { readonly kind: 'service'; readonly service: string; readonly port: number | string }
  | { readonly kind: 'resource'; readonly apiGroup?: string; readonly resourceKind: string; readonly name: string };

export type PathType = 'Exact' | 'Prefix' | 'ImplementationSpecific';

export interface IngressPathSpec {
  /** Required for Exact and Prefix; ImplementationSpecific may leave it out. */
  readonly path?: string;
  readonly pathType: PathType;
  readonly backend: IngressBackendSpec;
}

export interface IngressRuleSpec {
  /** Exact host or a one-label wildcard (`*.example.com`); undefined matches every host. */
  readonly host?: string;
  readonly paths: readonly IngressPathSpec[];
}

export interface IngressSpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.ingressClassName (or the deprecated kubernetes.io/ingress.class annotation). */
  readonly className?: string;
  readonly annotations: Labels;
  readonly defaultBackend?: IngressBackendSpec;
  readonly tls: readonly { readonly hosts: readonly string[]; readonly secretName?: string }[];
  readonly rules: readonly IngressRuleSpec[];
  /** Creation order in the input (older first): ties between Ingresses are broken by age. */
  readonly creationIndex?: number;
  readonly span?: Span;
}

export interface IngressClassSpec {
  readonly name: string;
  /** spec.controller, e.g. `k8s.io/ingress-nginx`. */
  readonly controller: string;
  /** ingressclass.kubernetes.io/is-default-class: "true". */
  readonly isDefault: boolean;
  readonly span?: Span;
}

/**
 * Where a controller's traffic enters. An in-cluster controller (ingress-nginx style) is the
 * pods behind `service`: requests reach that Service, then the controller pod opens a second
 * connection to a backend pod. A cloud controller is a load balancer the provider creates per
 * Ingress, in front of the backend Services' node ports (or pods).
 */
export interface IngressControllerSpec {
  /** The IngressClass spec.controller value it implements; also its name. */
  readonly name: string;
  /** The IngressClass spec.controller value it implements. */
  readonly controller: string;
  readonly kind: 'in-cluster' | 'cloud';
  /** in-cluster: the Service in front of the controller pods. */
  readonly service?: { readonly namespace: string; readonly name: string };
  readonly span?: Span;
}

// ---- Gateway API (gateway.networking.k8s.io/v1) ----

export interface GatewayListenerSpec {
  readonly name: string;
  readonly protocol: 'HTTP' | 'HTTPS';
  readonly port: number;
  /** Exact or `*.` wildcard; undefined matches every host. */
  readonly hostname?: string;
  /** allowedRoutes.namespaces.from: Same (default) or All. */
  readonly allowedRoutes: 'Same' | 'All';
  /** HTTPS: terminated at the Gateway with these certificate secrets. */
  readonly certificates: readonly string[];
}

/**
 * A Gateway. Its data plane is the pods behind the Service of its namespace whose selector
 * carries `gateway.networking.k8s.io/gateway-name: <name>` (the label Gateway implementations
 * put on the proxies they run for a Gateway).
 */
export interface GatewaySpec {
  readonly name: string;
  readonly namespace: string;
  readonly className: string;
  readonly listeners: readonly GatewayListenerSpec[];
  readonly span?: Span;
}

export interface HttpRouteMatchSpec {
  /** Default: PathPrefix `/`. */
  readonly path: { readonly type: 'Exact' | 'PathPrefix' | 'RegularExpression'; readonly value: string };
  readonly headers: readonly { readonly type: 'Exact' | 'RegularExpression'; readonly name: string; readonly value: string }[];
  readonly queryParams: readonly { readonly type: 'Exact' | 'RegularExpression'; readonly name: string; readonly value: string }[];
  readonly method?: string;
}

export interface HttpRouteRuleSpec {
  /** At least one (a rule written without matches gets PathPrefix `/`). */
  readonly matches: readonly HttpRouteMatchSpec[];
  readonly backendRefs: readonly { readonly name: string; readonly namespace?: string; readonly port?: number; readonly weight: number }[];
}

export interface HttpRouteSpec {
  readonly name: string;
  readonly namespace: string;
  readonly parentRefs: readonly { readonly name: string; readonly namespace?: string; readonly sectionName?: string }[];
  readonly hostnames: readonly string[];
  readonly rules: readonly HttpRouteRuleSpec[];
  /** Creation order (older first): ties between routes go to the oldest. */
  readonly creationIndex?: number;
  readonly span?: Span;
}

// ---- OpenShift Route (route.openshift.io/v1) ----

/**
 * An OpenShift Route, served by the router: the pods behind a Service whose selector has
 * `ingresscontroller.operator.openshift.io/deployment-ingresscontroller` (the router's label).
 */
export interface RouteSpec {
  readonly name: string;
  readonly namespace: string;
  readonly host: string;
  /** A path prefix; undefined = every path. */
  readonly path?: string;
  /** `to` first, then alternateBackends; weights 0–256 (default 100). */
  readonly backends: readonly { readonly service: string; readonly weight: number }[];
  /** spec.port.targetPort: the Service's target port (number or name); undefined = every port, the first is used. */
  readonly targetPort?: number | string;
  readonly tls?: { readonly termination: 'edge' | 'passthrough' | 'reencrypt'; readonly insecureEdgeTerminationPolicy: 'None' | 'Allow' | 'Redirect' };
  readonly creationIndex?: number;
  readonly span?: Span;
}

// ---- User-defined networks (OVN-Kubernetes) ----

/**
 * How a user-defined network is built (k8s.ovn.org/v1 `spec.topology`): `Layer3`, a subnet per
 * node joined by a router; `Layer2`, one switch across the cluster.
 */
export type NetworkTopology = 'Layer2' | 'Layer3';

/**
 * A user-defined network's role for its pods (`spec.layer2.role` / `spec.layer3.role`):
 * `Primary`, the pods' default interface in place of the cluster's pod network;
 * `Secondary`, an extra interface beside it.
 */
export type NetworkRole = 'Primary' | 'Secondary';

/**
 * A UserDefinedNetwork: a network for the pods of its own namespace
 * (https://ovn-kubernetes.io/features/user-defined-networks/user-defined-networks/).
 */
export interface UserDefinedNetworkSpec {
  readonly name: string;
  readonly namespace: string;
  readonly topology: NetworkTopology;
  readonly role: NetworkRole;
  readonly span?: Span;
}

/** A ClusterUserDefinedNetwork: one network for the pods of every namespace its selector selects. */
export interface ClusterUserDefinedNetworkSpec {
  readonly name: string;
  readonly namespaceSelector: LabelSelector;
  readonly topology: NetworkTopology;
  readonly role: NetworkRole;
  readonly span?: Span;
}

/** A pod's attachment to a Multus secondary network. */
export interface SecondaryAttachment {
  /** `namespace/name` of the NetworkAttachmentDefinition. */
  readonly network: string;
  /**
   * The addresses the attachment asks for, without prefix length: the selection's `ips`
   * (the multi-net-spec's `ips` key), or the addresses a VM's cloud-init network data gives its
   * secondary interfaces; empty: the network's IPAM decides (model/secondary-addresses.ts).
   */
  readonly ips: readonly string[];
}

/** A block an IPAM plugin hands addresses out of: `cidr`, from `start` to `end` (inclusive, both within it). */
export interface IpamRange {
  readonly cidr: string;
  readonly start: string;
  readonly end: string;
}

/** How a secondary network's IPAM plugin gives its attachments addresses (the CNI config's `ipam`). */
export type SecondaryIpam =
  /** CNI `static`: the listed addresses, on every attachment (https://www.cni.dev/plugins/current/ipam/static/). */
  | { readonly kind: 'static'; readonly addresses: readonly string[] }
  /**
   * CNI `host-local` (https://www.cni.dev/plugins/current/ipam/host-local/) or `whereabouts`
   * (https://github.com/k8snetworkplumbingwg/whereabouts): one address from each range set (the
   * next free one of its ranges, in order), none of `exclude`.
   */
  | { readonly kind: 'pool'; readonly plugin: 'host-local' | 'whereabouts'; readonly rangeSets: readonly (readonly IpamRange[])[]; readonly exclude: readonly string[] };

/**
 * A NetworkAttachmentDefinition: a secondary network pods attach to by naming it in their Multus
 * annotation (https://github.com/k8snetworkplumbingwg/multi-net-spec). Of its CNI config only the
 * IPAM is read; undefined: none netscn reads (DHCP, none, an IPAM it does not know).
 */
export interface NetworkAttachmentDefinitionSpec {
  readonly name: string;
  readonly namespace: string;
  readonly ipam?: SecondaryIpam;
  readonly span?: Span;
}

/**
 * A MultiNetworkPolicy: a NetworkPolicy for the secondary networks its `policy-for` annotation
 * names (https://github.com/k8snetworkplumbingwg/multi-networkpolicy).
 */
export interface MultiNetworkPolicySpec {
  readonly name: string;
  readonly namespace: string;
  /** The networks it is for: `name` or `namespace/name`, as the annotation lists them. */
  readonly policyFor: readonly string[];
  readonly policy: NetworkPolicySpec;
  readonly span?: Span;
}

// ---- Network domains ----

/** A cloud load balancer ACL: its entries; a Service's annotations say whether it allows or denies them. */
export interface LbAclSpec {
  readonly name: string;
  readonly cidrs: readonly string[];
  readonly span?: Span;
}

/**
 * A link between two network domains (reference clouds.md ):
 * - leased-line, vpn: private connectivity both ways (Express Connect, VPN);
 * - internet: `a` reaches `b` over the public internet through NAT; `b` cannot open
 *   connections to `a` (the cloud cannot reach edge nodes directly, A-03);
 * - raven: Raven with its L3 tunnel (enable-l3-tunnel), which `a` (the edge) opens to `b` (the
 *   cloud); once up it carries node and pod traffic both ways;
 * - raven-proxy: Raven with its L7 proxy only (enable-l7-proxy, ACK's default): host-level
 *   traffic to node addresses (kubectl logs/exec, metrics), not pod traffic; edge nodes must
 *   admit TCP 10280-10284.
 */
export interface LinkSpec {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly kind: 'leased-line' | 'vpn' | 'internet' | 'raven' | 'raven-proxy';
  readonly span?: Span;
}

// ---- Outside the cluster ----

/** A machine outside the cluster: on the internet, or in the cluster's VPC. */
export interface HostSpec {
  readonly name: string;
  readonly kind: 'internet' | 'vpc';
  readonly ip: string;
  /** The network domain of a private host (an IDC, an edge site); undefined: the cluster's main VPC. */
  readonly domain?: string;
  /**
   * Static routes of the host: packets for `cidr` go to node `node` (an on-premises router or
   * machine that routes the service CIDR to a node, where kube-proxy takes them).
   */
  readonly routes?: readonly { readonly cidr: string; readonly node: string }[];
  readonly span?: Span;
}

export interface SecurityGroupRule {
  readonly direction: 'ingress' | 'egress';
  /** 'all' matches every protocol; 'IPIP' (IP protocol 4) is an overlay's IP-in-IP between nodes; 'ICMP' is ICMP (ICMPv6 over IPv6), every type, ports ignored. */
  readonly protocol: Protocol | 'ICMP' | 'IPIP' | 'all';
  /** Inclusive port range; [1, 65535] for all ports. */
  readonly ports: readonly [number, number];
  /** The peer block; ignored when `group` is set. */
  readonly cidr: string;
  /**
   * The peer is another security group: any address of its members (nodes and hosts attached to
   * it, pods bound to it), as clouds let rules reference groups (CCE, ACK, TKE, AWS).
   */
  readonly group?: string;
  readonly span?: Span;
}

/**
 * A stateful allow-list attached to nodes. Traffic into a node from outside the node (other
 * VPC hosts, the internet, other nodes' non-overlay traffic) needs a matching ingress rule.
 * Nodes with no group attached accept everything.
 */
export interface SecurityGroupSpec {
  readonly name: string;
  /** Node pools and nodes the group is attached to; a group named like a pool attaches to it. */
  readonly pools: readonly string[];
  readonly nodes: readonly string[];
  /**
   * Pods the group is bound to (their ENIs: CCE Turbo's SecurityGroup CRD, EKS security groups
   * for pods). Traffic from outside the cluster to such a pod's address meets these groups
   * instead of its node's.
   */
  readonly pods?: readonly { readonly namespace?: string; readonly selector: LabelSelector }[];
  /** Hosts outside the cluster (VPC machines) attached to the group. */
  readonly hosts?: readonly string[];
  readonly rules: readonly SecurityGroupRule[];
  /**
   * The provider created it with the cluster (its default worker-node group): it is attached to
   * every node of the cluster's main network that no other group is attached to.
   */
  readonly byDefault?: { readonly doc: string };
  readonly span?: Span;
}

export const DEFAULT_SETTINGS: Settings = {
  localhostNodePorts: true,
  nodePortAddresses: 'all',
  masqueradeAll: false,
  detectLocalByPodCidr: true,
  hostNetworkPolicy: 'node',
  selfTrafficAllowed: true,
  podToOwnNodeAllowed: true,
  networkPolicyEnforcement: 'full',
  calicoPolicy: 'enforced',
  egressMasquerade: true,
  lbBypassSecurityGroups: false,
  lbAllUnhealthy: 'fail-open',
  lbHealthCheckSource: 'profile',
  ciliumCidrMatchMode: [],
  ciliumNodeSelectorLabels: false,
  natGateway: null,
  vpcCidr: null,
  internetExit: 'none',
  cloudL7Snat: 'profile',
  featureGates: DEFAULT_FEATURE_GATES,
  internetClient: '198.19.0.10',
  internetClient6: '2001:db8::10',
  summariseAbove: 1000,
  meshOutboundTrafficPolicy: 'ALLOW_ANY',
};

/**
 * Upstream defaults of the Service fields a declaration may leave out (core/v1 defaulting):
 * traffic policies Cluster, no session affinity (ClientIP timeout 10800 s), ipMode VIP,
 * node ports allocated for LoadBalancers.
 */
export const SERVICE_DEFAULTS = {
  headless: false,
  externalTrafficPolicy: 'Cluster',
  internalTrafficPolicy: 'Cluster',
  sessionAffinity: 'None',
  sessionAffinityTimeout: 10800,
  externalIPs: [],
  loadBalancerSourceRanges: [],
  loadBalancerIPs: [],
  loadBalancerIPMode: 'VIP',
  allocateLoadBalancerNodePorts: true,
  publishNotReadyAddresses: false,
  annotations: {},
} as const satisfies Partial<ServiceSpec>;

/** A v1 ServiceAccount, as far as network policy reads it (manifests/kinds/service-account.ts). */
export interface ServiceAccountSpec {
  readonly name: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly span?: Span;
}

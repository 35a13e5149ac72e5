/**
 * Provider profiles: what a cloud's load balancer does by default and which annotations change
 * it. Profiles are data (src/cloud/profiles.ts); the model reads the resolved settings, never
 * the provider's name, so a new cloud is a new table, not a new branch in the data path.
 */
import type { NetworkMode } from '../spec/types.js';

/** What a Service's cloud load balancer does, once the profile and the annotations are applied. */
export interface LbSettings {
  /** The product, for traces: "Tencent CLB", "Huawei ELB (shared)". */
  readonly product: string;
  /** public: reachable from the internet; internal: only from the VPC. */
  readonly scheme: 'public' | 'internal';
  /** node-port: nodes are the backends (kube-proxy forwards); pod: pod addresses are (no kube-proxy hop). */
  readonly backends: 'node-port' | 'pod';
  /** What the backend sees as the source: the client's address, or one of the LB's own (`lbSourceRange`). */
  readonly clientAddress: 'preserve' | 'lb-range';
  /** Where the LB's own traffic (proxied connections, health checks) comes from. */
  readonly lbSourceRange?: string;
  /** The nodes' security groups do not apply to the LB's traffic (CCE transparent client IP, C+06). */
  readonly bypassSecurityGroups: boolean;
  /** In-cluster clients go out to the LB instead of kube-proxy's local shortcut (CCE elb.pass-through). */
  readonly passThrough: boolean;
  /** A node label selector (`k=v,k2=v2`, `k`) restricting the LB's backend nodes (TKE backends-label, T+02). */
  readonly backendNodeSelector?: string;
  /** ACK Edge ENS: a node-pool label selector; one load balancer per matching pool, sending to its nodes (A+13). */
  readonly poolSelector?: string;
  /** The LB health-checks its backends (the default); off: every backend counts as healthy. */
  readonly healthChecks: boolean;
  /**
   * Where the health checks come from: a CIDR (the LB's health-check range; backend security
   * groups and NetworkPolicies must admit it), `vip` (the LB's own address, as older Tencent CLBs
   * do, T+08), or `backend-subnet` (an address of the LB's subnet in the VPC, which the model does
   * not place: the checks then pass the network and only the backend's own health counts).
   * Undefined: the provider is not modelled (upstream's generic LB), same as `backend-subnet`.
   */
  readonly healthCheckSource?: string;
  /**
   * How the LB weighs node backends under externalTrafficPolicy Local: equally (the default), or
   * by their number of local ready endpoints (ACK by default; TKE local-svc-weighted-balance).
   */
  readonly nodeWeights?: 'equal' | 'local-endpoints';
  /** The listener's access control list is on (ACK `acl-status`, CCE `elb.acl-status`). */
  readonly aclEnabled?: boolean;
  /** The ACL (an `lb-acl` of the scenario) and whether its entries are allowed (white) or denied (black). */
  readonly aclId?: string;
  readonly aclMode?: 'white' | 'black';
}

/** One annotation the profile knows. */
export interface AnnotationSpec {
  readonly key: string;
  readonly appliesTo: readonly ('Service' | 'Ingress')[];
  /**
   * The values it takes and what each sets; `*` matches any value. `free` takes any value and
   * changes nothing the simulation models (recorded for the trace).
   */
  readonly values: Readonly<Record<string, Partial<LbSettings>>> | 'free';
  /** Changing it on an existing object is refused by the provider. */
  readonly immutable: boolean;
  /** One line: what it does, with the source key of ../shared/reference/clouds.md §8. */
  readonly doc: string;
  /** The annotation's value itself becomes this setting (e.g. a label selector). */
  readonly valueInto?: 'backendNodeSelector' | 'aclId' | 'poolSelector';
  /** A comma-separated list of these words (checked; the effect is modelled elsewhere). */
  readonly listOf?: readonly string[];
  /** A JSON value: the field whose value picks the settings (CCE elb.autocreate `type`). */
  readonly json?: { readonly field: string; readonly values: Readonly<Record<string, Partial<LbSettings>>> };
  /** The annotation only works with externalTrafficPolicy Cluster: why (an error under Local). */
  readonly requiresClusterPolicy?: string;
  /** A network mode the annotation's effect requires (e.g. pod backends need VPC-routable pods). */
  readonly requiresNetwork?: readonly NetworkMode[];
}

/** A cloud L7 load balancer the provider makes for Ingresses of its classes. */
export interface CloudIngress {
  readonly product: string;
  /** IngressClass names (or kubernetes.io/ingress.class values) it serves. */
  readonly classes: readonly string[];
  /** It also serves Ingresses that name no class (TKE: absent class = CLB, T+05). */
  readonly servesUnclassed: boolean;
  /** One load balancer per Ingress (TKE, T-03) or one shared by several (CCE, C+07). */
  readonly perIngress: boolean;
  /** The load balancer's own addresses, from which it connects when it SNATs (client only in X-Forwarded-For). */
  readonly sourceRange: string;
  /**
   * Whether it connects to the node ports from its own addresses (`sourceRange`: CCE's shared
   * ELB, [elb-sg-shared]) or keeps the client's address (TKE's CLB by default, T+08: the cause of
   * its loopback symptom; L7 SNAT is what a user turns on against it). Setting cloudL7Snat
   * overrides it.
   */
  readonly snat: boolean;
}

export interface ProviderProfile {
  readonly id: string;
  readonly name: string;
  /** Annotation key prefixes this provider owns: unknown keys under them are reported. */
  readonly prefixes: readonly string[];
  readonly annotations: readonly AnnotationSpec[];
  readonly lb: LbSettings;
  readonly limits: { readonly servicesPerNamespace?: number };
  /** Network modes the provider's CNIs offer; the CNI is chosen at creation and fixed. */
  readonly networkModes: readonly NetworkMode[];
  /**
   * NetworkPolicy enforcement of the CNI behind each network mode, where it is not `full`
   * (a cluster's `set network-policy-enforcement` overrides it, e.g. for CCE's DataPlane V2).
   */
  readonly policyEnforcement?: Partial<Record<NetworkMode, 'full' | 'ingress-only' | 'none'>>;
  /** The mode of the provider's default CNI. */
  readonly defaultNetworkMode: NetworkMode;
  /** Which CNI gives which mode, for messages. */
  readonly cniNote?: string;
  /** The provider's own Ingress controller, when it has one. */
  readonly ingress?: CloudIngress;
  /**
   * The security group the provider creates for worker nodes at cluster creation. It is attached
   * to every node of the cluster's main network that no scenario group attaches to (a node pool
   * given groups of its own does not get it, as on CCE, ACK and TKE); a scenario edits it by name.
   */
  readonly nodeSecurityGroup?: DefaultSecurityGroup;
  /**
   * In these network modes pods take their addresses from a subnet of the VPC the user chooses,
   * separate from the nodes' (TKE VPC-CNI): the scenario must declare it (`pod-cidr`), and no
   * node address may lie in it.
   */
  readonly separatePodSubnet?: { readonly modes: readonly NetworkMode[]; readonly doc: string };
  /** How an overlay carries pod packets between nodes when no `cni` preset says (default: Flannel's VXLAN, UDP 8472). */
  readonly overlayEncapsulation?: Encapsulation;
}

/** The outer packet of an overlay between nodes, as the nodes' security groups see it. */
export interface Encapsulation {
  readonly name: string;
  /** IPIP: IP protocol 4, no port; security groups admit it with an `ipip` or `all` rule. */
  readonly protocol: 'UDP' | 'IPIP';
  readonly port?: number;
}

/** Whom a default rule admits: the group's own members, the pod CIDR(s), the VPC's block, or any address. */
export type DefaultRulePeer = 'self' | 'pod-cidr' | 'vpc-cidr' | 'anywhere';

export interface DefaultSecurityGroupRule {
  /** ICMP: every type, no port (ICMPv6 over IPv6). */
  readonly protocol: 'TCP' | 'UDP' | 'ICMP' | 'all';
  /** A port range, `node-ports` (the cluster's node-port range), or every port when absent. */
  readonly ports?: readonly [number, number] | 'node-ports';
  readonly peer: DefaultRulePeer;
  /** The rule exists only in clusters of these network modes (e.g. pod CIDR rules for Flannel only). */
  readonly modes?: readonly NetworkMode[];
}

export interface DefaultSecurityGroup {
  /** The model's name for it (the cloud's is `{cluster}-cce-node-{id}` and the like). */
  readonly name: string;
  readonly rules: readonly DefaultSecurityGroupRule[];
  /** Where the rules come from. */
  readonly doc: string;
}

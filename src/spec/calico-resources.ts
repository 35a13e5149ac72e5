/**
 * Calico's non-policy resources (projectcalico.org/v3) as data: HostEndpoint, Profile, Tier,
 * NetworkSet and GlobalNetworkSet, in the normalised form the manifest reader
 * (manifests/kinds/calico-resources.ts) produces and the Calico evaluators (policy/calico.ts,
 * policy/calico-host.ts, policy/calico-reference.ts) read. What each field means, with its
 * citations, is in policy/calico.ts's and policy/calico-host.ts's headers.
 * Field reference: https://docs.tigera.io/calico/latest/reference/resources/hostendpoint,
 * .../profile, .../tier, .../networkset, .../globalnetworkset.
 */
import type { CalicoRule } from './calico.js';
import type { ContainerPort, Labels, Protocol, Span } from './types.js';

/** projectcalico.org/v3 HostEndpoint: one or all of a node's interfaces, as policy sees them. */
export interface CalicoHostEndpointSpec {
  readonly name: string;
  /** The node (Calico's node name: the Kubernetes node's) whose interfaces it stands for. */
  readonly node: string;
  /** `*`: every interface of the node; a name: that interface; undefined: the one carrying one of expectedIPs. */
  readonly interfaceName?: string;
  /** Addresses of the interface (for rules that name the endpoint as a peer, and to find the interface). */
  readonly expectedIPs: readonly string[];
  readonly labels: Labels;
  /** Profiles whose labelsToApply it takes and whose rules apply after every tier. */
  readonly profiles: readonly string[];
  /** Named ports of the host (`ports`: name, protocol, port), which rules' destination ports may name. */
  readonly ports?: readonly ContainerPort[];
  readonly span?: Span;
}

/** projectcalico.org/v3 Profile: labels to apply and rules evaluated after the tiers. */
export interface CalicoProfileSpec {
  readonly name: string;
  readonly labelsToApply: Labels;
  readonly ingress: readonly CalicoRule[];
  readonly egress: readonly CalicoRule[];
  readonly span?: Span;
}

/** projectcalico.org/v3 Tier: where its policies come in evaluation, and what happens when none of them acts. */
export interface CalicoTierSpec {
  readonly name: string;
  /** Lower first; undefined: after every tier with an order. */
  readonly order?: number;
  /** The action when the tier applies and no rule of it acts: Deny (the default) or Pass. */
  readonly defaultAction: 'Deny' | 'Pass';
  readonly span?: Span;
}

/** projectcalico.org/v3 NetworkSet (namespaced) and GlobalNetworkSet: addresses that selectors match by the set's labels. */
export interface CalicoNetworkSetSpec {
  readonly name: string;
  readonly labels: Labels;
  /** CIDRs (a single address is read as a /32 or /128). */
  readonly nets: readonly string[];
  readonly span?: Span;
}

export interface CalicoNamespacedNetworkSetSpec extends CalicoNetworkSetSpec {
  readonly namespace: string;
}

/** One entry of Felix's FailsafeInboundHostPorts: a protocol and port open on every host endpoint whatever the policy. */
export interface FailsafePort {
  readonly protocol: Protocol;
  readonly port: number;
}

/**
 * Felix's FailsafeInboundHostPorts default (Calico Open Source 3.x, reference/host-endpoints/failsafe
 * and reference/felix/configuration): SSH, DHCP, BGP, etcd, Typha, the Kubernetes API server and
 * self-hosted etcd.
 */
export const DEFAULT_FAILSAFE_INBOUND: readonly FailsafePort[] = [
  { protocol: 'TCP', port: 22 },
  { protocol: 'UDP', port: 68 },
  { protocol: 'TCP', port: 179 },
  { protocol: 'TCP', port: 2379 },
  { protocol: 'TCP', port: 2380 },
  { protocol: 'TCP', port: 5473 },
  { protocol: 'TCP', port: 6443 },
  { protocol: 'TCP', port: 6666 },
  { protocol: 'TCP', port: 6667 },
];

/**
 * Felix's FailsafeOutboundHostPorts default (reference/felix/configuration, reference/host-endpoints/failsafe):
 * connections a host's own processes open to these destination ports are allowed whatever the
 * host endpoint policy: DNS, DHCP, BGP, etcd, Typha, the Kubernetes API server and self-hosted etcd.
 */
export const DEFAULT_FAILSAFE_OUTBOUND: readonly FailsafePort[] = [
  { protocol: 'UDP', port: 53 },
  { protocol: 'UDP', port: 67 },
  { protocol: 'TCP', port: 179 },
  { protocol: 'TCP', port: 2379 },
  { protocol: 'TCP', port: 2380 },
  { protocol: 'TCP', port: 5473 },
  { protocol: 'TCP', port: 6443 },
  { protocol: 'TCP', port: 6666 },
  { protocol: 'TCP', port: 6667 },
];

/** The Tier Calico always has, holding Kubernetes NetworkPolicies and the policies that name no tier; its order (Calico 3.26+). */
export const DEFAULT_TIER_ORDER = 1_000_000;

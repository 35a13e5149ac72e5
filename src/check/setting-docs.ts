/**
 * What each `set NAME VALUE` decides, for people reading a scenario (editor hover and completion):
 * the Settings field it sets, whose default is DEFAULT_SETTINGS'. Keyed by the settings table's
 * names, so a new setting without a line here is a type error.
 */
import type { Settings } from '../spec/types.js';
import type { SetName } from './settings.js';

export interface SettingDoc {
  readonly field: keyof Settings;
  /** One line: what it decides. */
  readonly doc: string;
}

export const SETTING_DOCS: Readonly<Record<SetName, SettingDoc>> = {
  'localhost-nodeports': { field: 'localhostNodePorts', doc: 'iptables: NodePorts answer on 127.0.0.1 (`--iptables-localhost-nodeports`).' },
  'nodeport-addresses': { field: 'nodePortAddresses', doc: 'Which node addresses accept NodePort traffic: `all`, `primary`, or CIDRs (`--nodeport-addresses`).' },
  'masquerade-all': { field: 'masqueradeAll', doc: 'kube-proxy masquerades every packet sent to a ClusterIP (`--masquerade-all`).' },
  'detect-local-by-pod-cidr': { field: 'detectLocalByPodCidr', doc: "kube-proxy's local-traffic detector knows the pod CIDR (`--cluster-cidr`)." },
  'hostnetwork-policy': { field: 'hostNetworkPolicy', doc: 'How NetworkPolicy treats hostNetwork pods: as their `node` (most CNIs) or as a `pod`.' },
  'self-traffic-allowed': { field: 'selfTrafficAllowed', doc: 'A pod reaching itself (directly or hairpin through a Service) is never blocked by policy.' },
  'pod-to-own-node-allowed': { field: 'podToOwnNodeAllowed', doc: 'Pod egress to its own node is allowed even under egress isolation.' },
  'network-policy-enforcement': { field: 'networkPolicyEnforcement', doc: "What the CNI enforces of NetworkPolicy: `full`, `ingress-only` or `none` (default: the provider CNI's)." },
  'calico-policy': { field: 'calicoPolicy', doc: "Whether Calico enforces its policy objects (projectcalico.org/v3): `enforced` or `off` (default: `enforced` under `cni calico`, `calico-*` and `canal`, or when no CNI is named on a network that enforces NetworkPolicy; `off` under any other CNI, or with no CNI named on a network that enforces none; `enforced` beside another CNI is Calico's policy-only mode, and then enforces NetworkPolicy too)." },
  'egress-masquerade': { field: 'egressMasquerade', doc: 'Pod traffic leaving the cluster is SNATed to the node address.' },
  'lb-bypass-security-groups': { field: 'lbBypassSecurityGroups', doc: "Cloud load balancers' traffic skips the nodes' security groups (TKE CLB \"allow by default\")." },
  'lb-all-unhealthy': { field: 'lbAllUnhealthy', doc: 'What a cloud load balancer does when every backend fails its health check: `fail-open` or `drop`.' },
  'lb-health-check-source': { field: 'lbHealthCheckSource', doc: "Where load-balancer health checks come from: the provider's range (`profile`) or the LB's own address (`vip`)." },
  'cilium-policy-cidr-match-mode': { field: 'ciliumCidrMatchMode', doc: "Cilium's `policy-cidr-match-mode`: which in-cluster addresses a NetworkPolicy ipBlock or a Cilium CIDR rule matches besides the world: `none` (Cilium's default), `nodes`, `pods`, or `nodes pods`." },
  'cilium-node-selector-labels': { field: 'ciliumNodeSelectorLabels', doc: "Cilium's `enable-node-selector-labels`: nodes get identities from their labels, which a Cilium policy's `fromNodes` / `toNodes` select; `false` (Cilium's default): Cilium refuses a policy using them." },
  'nat-gateway': { field: 'natGateway', doc: 'Internet-bound traffic leaves the VPC through a NAT gateway with this public address (after the node\'s SNAT), or `none`.' },
  'cloud-l7-snat': { field: 'cloudL7Snat', doc: "The provider's L7 load balancer (Ingress) connects to node ports from its own addresses (`on`) or keeps the client's (`off`); `profile`: the provider's default (CCE shared ELB on, TKE CLB off)." },
  'internet-exit': { field: 'internetExit', doc: 'How a private address with neither an elastic IP nor a NAT gateway reaches the internet: `none` (cloud VPCs) or `direct` (a lab\'s own router).' },
  'vpc-cidr': { field: 'vpcCidr', doc: "The VPC's CIDR, which CCE's default node group admits (default: the RFC 1918 block holding the first node's address)." },
  'feature-gate': { field: 'featureGates', doc: 'A Kubernetes feature gate that changes the data path, `NAME true|false` (ServiceTrafficDistribution, PreferSameTrafficDistribution, TopologyAwareHints; default: on, as in 1.35).' },
  'summarise-above': { field: 'summariseAbove', doc: 'Past this many paths (nodes × endpoints), one connection lists one path per class of equivalent nodes and endpoints, with the paths, backends and shares it stands for (default 1000; 0 summarises every fan-out).' },
  'internet-client': { field: 'internetClient', doc: 'The address of the anonymous `internet` client: a public IPv4 address, an IPv6 address, or one of each (default 198.19.0.10, 2001:db8::10).' },
  'mesh-outbound-traffic-policy': { field: 'meshOutboundTrafficPolicy', doc: "Istio's meshConfig.outboundTrafficPolicy.mode where no Sidecar sets one: `allow-any` passes traffic to destinations outside the service registry through, `registry-only` drops it in the BlackHoleCluster (default `allow-any`, Istio's)." },
};

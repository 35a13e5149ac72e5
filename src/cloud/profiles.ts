/**
 * The provider profiles, as data. Facts and source keys: ../shared/reference/clouds.md §2–§4
 * (C-xx/C+xx Huawei CCE, A-xx/A+xx Alibaba ACK and ACK Edge, T-xx/T+xx Tencent TKE, §4 EKS, GKE,
 * AKS). Only what the simulation models changes LbSettings; other known annotations are `free`.
 */
import type { AnnotationSpec, DefaultSecurityGroup, LbSettings, ProviderProfile } from './profile.js';

const BOOL = ['true', 'false'] as const;
const flag = (on: Partial<LbSettings>, off: Partial<LbSettings> = {}): Readonly<Record<string, Partial<LbSettings>>> => ({ [BOOL[0]]: on, [BOOL[1]]: off });
const svc = ['Service'] as const;
const VPC_PODS = ['underlay', 'vpc-native'] as const;

const NODE_PORT_LB: LbSettings = {
  product: 'cloud load balancer',
  scheme: 'public',
  backends: 'node-port',
  clientAddress: 'preserve',
  bypassSecurityGroups: false,
  passThrough: false,
  healthChecks: true,
};

const vanilla: ProviderProfile = {
  id: 'vanilla',
  name: 'upstream Kubernetes',
  prefixes: [],
  annotations: [],
  lb: NODE_PORT_LB,
  limits: {},
  networkModes: ['overlay', 'underlay', 'vpc-native'],
  defaultNetworkMode: 'overlay',
};

const CCE_SHARED_RANGE = '100.125.0.0/16';

/** What CCE's and TKE's node groups share: their own members, the pod CIDR, node ports and SSH from anywhere. */
const MEMBERS_PODS_NODE_PORTS_SSH: DefaultSecurityGroup['rules'] = [
  { protocol: 'all', peer: 'self' },
  { protocol: 'all', peer: 'pod-cidr' },
  { protocol: 'TCP', ports: 'node-ports', peer: 'anywhere' },
  { protocol: 'UDP', ports: 'node-ports', peer: 'anywhere' },
  { protocol: 'TCP', ports: [22, 22], peer: 'anywhere' },
];

/**
 * C+03 [cce-sg], the worker-node group `{cluster}-cce-node-{id}`: everything from the group itself
 * and from the container CIDR, TCP and UDP node ports and SSH from anywhere; the tunnel model adds
 * VXLAN (UDP 4789) between nodes, the VPC and Turbo models everything from the VPC's block, and
 * ICMP from the VPC's block (ping, net/icmp.ts: the table's "All ICMP ports" row, whose source is
 * the VPC CIDR block, for access between worker nodes and with the masters; CCE documents adding
 * ICMP from the ELB's range by hand for UDP health checks [cce-icmp]); the master group's rules
 * (kubelet 10250 from the control plane) concern nodes the model does not place.
 *
 * [cce-icmp] https://support.huaweicloud.com/intl/en-us/usermanual-cce/cce_10_0084.html
 */
const CCE_NODE_GROUP: DefaultSecurityGroup = {
  name: 'cce-node',
  rules: [
    ...MEMBERS_PODS_NODE_PORTS_SSH,
    { protocol: 'UDP', ports: [4789, 4789], peer: 'anywhere', modes: ['overlay'] },
    { protocol: 'all', peer: 'vpc-cidr', modes: ['underlay', 'vpc-native'] },
    { protocol: 'ICMP', peer: 'vpc-cidr' },
  ],
  doc: "CCE's default worker-node group (C+03 [cce-sg])",
};

const cce: ProviderProfile = {
  id: 'cce',
  name: 'Huawei Cloud CCE',
  prefixes: ['kubernetes.io/elb.'],
  annotations: [
    {
      key: 'kubernetes.io/elb.class',
      appliesTo: svc,
      values: {
        union: { product: 'Huawei ELB (shared)', clientAddress: 'lb-range', lbSourceRange: CCE_SHARED_RANGE },
        performance: { product: 'Huawei ELB (dedicated)', clientAddress: 'preserve', healthCheckSource: 'backend-subnet' },
      },
      immutable: true,
      doc: 'union = shared ELB (default), performance = dedicated ELB; immutable after creation [cce-annot] (C+04)',
    },
    { key: 'kubernetes.io/elb.id', appliesTo: svc, values: 'free', immutable: true, doc: 'bind an existing ELB; immutable [cce-annot] (C+04)' },
    {
      key: 'kubernetes.io/elb.autocreate',
      appliesTo: svc,
      values: { '*': {} },
      json: { field: 'type', values: { public: { scheme: 'public' }, inner: { scheme: 'internal' } } },
      immutable: true,
      doc: 'JSON; "type":"public" or "type":"inner" for a private ELB [cce-annot] (C+04)',
    },
    { key: 'kubernetes.io/elb.subnet-id', appliesTo: svc, values: 'free', immutable: true, doc: 'subnet of an auto-created ELB [cce-annot]' },
    {
      key: 'kubernetes.io/elb.lb-algorithm',
      appliesTo: svc,
      values: { ROUND_ROBIN: {}, LEAST_CONNECTIONS: {}, SOURCE_IP: {} },
      immutable: false,
      doc: 'balancing algorithm; every backend stays possible, so the simulation enumerates them all [cce-annot]',
    },
    {
      key: 'kubernetes.io/elb.health-check-flag',
      appliesTo: svc,
      values: { on: { healthChecks: true }, off: { healthChecks: false } },
      immutable: false,
      doc: 'health checks on (default) or off; off: the ELB treats every backend as healthy [cce-annot][elb-sg-shared] (C+06)',
    },
    { key: 'kubernetes.io/elb.acl-status', appliesTo: svc, values: { on: { aclEnabled: true }, off: { aclEnabled: false } }, immutable: false, doc: 'access control on the listener [knowledge] (G-06)' },
    { key: 'kubernetes.io/elb.acl-id', appliesTo: svc, values: 'free', valueInto: 'aclId', immutable: false, doc: 'the ELB IP address group used for access control (an `lb-acl`) [knowledge] (G-06)' },
    { key: 'kubernetes.io/elb.acl-type', appliesTo: svc, values: { white: { aclMode: 'white' }, black: { aclMode: 'black' } }, immutable: false, doc: 'white: only the group’s addresses; black: all but them [knowledge] (G-06)' },
    { key: 'kubernetes.io/elb.health-check-option', appliesTo: svc, values: 'free', immutable: false, doc: 'health-check protocol, port, timeouts [cce-annot]' },
    {
      key: 'kubernetes.io/elb.transparent-client-ip',
      appliesTo: svc,
      values: flag({ clientAddress: 'preserve', bypassSecurityGroups: true }),
      immutable: false,
      doc: 'a shared ELB passes the client address on TCP/UDP listeners; security groups then no longer apply to that listener [cce-srcip][elb-sg-shared] (C+04, C+06, C+08)',
    },
    {
      key: 'kubernetes.io/elb.pass-through',
      appliesTo: svc,
      values: { true: { passThrough: true }, false: { passThrough: false }, onlyLocal: { passThrough: true } },
      immutable: false,
      doc: 'in-cluster access to the ELB address really goes through the ELB, not kube-proxy’s shortcut [cce-passthrough] (C+05)',
    },
  ],
  lb: { ...NODE_PORT_LB, product: 'Huawei ELB (shared)', clientAddress: 'lb-range', lbSourceRange: CCE_SHARED_RANGE, healthCheckSource: CCE_SHARED_RANGE },
  limits: { servicesPerNamespace: 6000 },
  ingress: { product: 'Huawei ELB (L7, shared)', classes: ['cce'], servesUnclassed: false, perIngress: false, sourceRange: CCE_SHARED_RANGE, snat: true },
  networkModes: ['overlay', 'underlay', 'vpc-native'],
  defaultNetworkMode: 'overlay',
  nodeSecurityGroup: CCE_NODE_GROUP,
  overlayEncapsulation: { name: 'the container tunnel network (OVS VXLAN, UDP 4789)', protocol: 'UDP', port: 4789 },
  cniNote: 'CCE: container tunnel = overlay, VPC network = underlay, Cloud Native 2.0 (Turbo) = vpc-native; chosen at creation (C+01)',
  // C+09: the tunnel model enforces NetworkPolicy; the VPC and Turbo models only with DataPlane V2.
  policyEnforcement: { underlay: 'none', 'vpc-native': 'none' },
};

const ACK_PREFIX = 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-';
const ackAnnotations: readonly AnnotationSpec[] = [
  {
    key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-address-type',
    appliesTo: svc,
    values: { internet: { scheme: 'public' }, intranet: { scheme: 'internal' } },
    immutable: true,
    doc: 'internet (default) or intranet CLB [ack-clb-annot] (A+14)',
  },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-id', appliesTo: svc, values: 'free', immutable: true, doc: 'reuse a CLB created in the console [ack-clb-reuse] (A+14)' },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec', appliesTo: svc, values: 'free', immutable: false, doc: 'CLB instance specification [ack-clb-annot]' },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-status', appliesTo: svc, values: { on: { aclEnabled: true }, off: { aclEnabled: false } }, immutable: false, doc: 'access control on the listener [ack-clb-annot] (G-06)' },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-id', appliesTo: svc, values: 'free', valueInto: 'aclId', immutable: false, doc: 'the CLB access control list (an `lb-acl`) [ack-clb-annot] (G-06)' },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-acl-type', appliesTo: svc, values: { white: { aclMode: 'white' }, black: { aclMode: 'black' } }, immutable: false, doc: 'white list or black list [ack-clb-annot] (G-06)' },
  {
    key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-health-check-flag',
    appliesTo: svc,
    values: { on: { healthChecks: true }, off: { healthChecks: false } },
    immutable: false,
    doc: 'health checks on or off; off: the CLB treats every backend as healthy [ack-clb-annot]',
  },
  { key: 'service.beta.kubernetes.io/alibaba-cloud-loadbalancer-remove-unscheduled-backend', appliesTo: svc, values: { on: {}, off: {} }, immutable: false, doc: 'drop unschedulable nodes from the backends [ack-clb-annot]' },
  {
    key: 'service.beta.kubernetes.io/backend-type',
    appliesTo: svc,
    values: { eni: { backends: 'pod' }, ecs: { backends: 'node-port' } },
    immutable: false,
    doc: 'eni puts pod ENI addresses in the vServer group (Terway only: with Flannel the CCM cannot find the ENI) [ack-clb-annot] (A+14)',
    requiresNetwork: ['vpc-native'],
  },
];

/**
 * ACK's default basic group [ack-sg]: everything from the group itself and, with Flannel, from the
 * pod CIDR (Terway pods use VPC addresses of the nodes' vSwitches), and ICMP from anywhere (ping,
 * net/icmp.ts). It opens no node port to the outside: the documentation asks to add rules for the
 * ports applications expose.
 */
const ACK_NODE_GROUP: DefaultSecurityGroup = {
  name: 'ack-node',
  rules: [
    { protocol: 'all', peer: 'self' },
    { protocol: 'all', peer: 'pod-cidr', modes: ['overlay', 'underlay'] },
    { protocol: 'ICMP', peer: 'anywhere' },
  ],
  doc: "ACK's default security group (basic security group, recommended rules [ack-sg])",
};

const ack: ProviderProfile = {
  id: 'ack',
  name: 'Alibaba Cloud ACK',
  prefixes: [ACK_PREFIX, 'service.beta.kubernetes.io/alicloud-loadbalancer-', 'service.beta.kubernetes.io/backend-type'],
  annotations: ackAnnotations,
  // A+14: under Local only nodes with pods are backends, weighted by their pod count.
  lb: { ...NODE_PORT_LB, product: 'Alibaba CLB', healthCheckSource: '100.64.0.0/10', nodeWeights: 'local-endpoints' },
  limits: {},
  networkModes: ['underlay', 'vpc-native'],
  defaultNetworkMode: 'underlay',
  cniNote: 'ACK: Flannel (VPC routes) = underlay, Terway = vpc-native (A+01)',
  nodeSecurityGroup: ACK_NODE_GROUP,
  // A+01: Flannel has no NetworkPolicy; Terway enforces it.
  policyEnforcement: { underlay: 'none' },
};

const ackEdge: ProviderProfile = {
  ...ack,
  id: 'ack-edge',
  name: 'Alibaba Cloud ACK Edge',
  prefixes: [...ack.prefixes, 'openyurt.io/', 'nodeport.openyurt.io/', 'svc.openyurt.io/', 'service.openyurt.io/'],
  annotations: [
    ...ackAnnotations,
    {
      key: 'openyurt.io/topologyKeys',
      appliesTo: svc,
      values: 'free',
      listOf: ['kubernetes.io/hostname', 'kubernetes.io/zone', 'openyurt.io/nodepool', '*'],
      immutable: false,
      doc: 'service topology: endpoints on the same node or node pool only, filtered per client node [ack-topo][oy-topo-code] (A-10, A+10)',
    },
    {
      key: 'nodeport.openyurt.io/listen',
      appliesTo: svc,
      values: 'free',
      immutable: false,
      doc: 'NodePort listening per node pool: foo, -foo, *; first mention wins [ack-npiso][oy-npiso-code] (A-11, A+11)',
    },
    { key: 'svc.openyurt.io/discard', appliesTo: svc, values: flag({}), immutable: false, doc: 'hide an LB Service from edge kube-proxy [oy-filters] (A+12)' },
    {
      key: 'service.openyurt.io/nodepool-labelselector',
      appliesTo: svc,
      values: { '*': { product: 'Alibaba ENS ELB' } },
      valueInto: 'poolSelector',
      immutable: false,
      requiresClusterPolicy: 'ENS load balancers forward through cloud nodes to edge pods, which externalTrafficPolicy Local breaks',
      doc: 'ENS: one ELB per matched node pool, sending to that pool’s nodes; needs externalTrafficPolicy Cluster [ens-elb-annot][ack-edge-elb] (A+13)',
    },
  ],
  networkModes: ['overlay', 'underlay'],
  defaultNetworkMode: 'overlay',
  cniNote: 'ACK Edge: Flannel VXLAN = overlay, Terway Edge = underlay; fixed at creation (A-06, A+02)',
  // Flannel has no NetworkPolicy of its own (clouds.md §3.5).
  policyEnforcement: { overlay: 'none' },
};

const TKE_LB_RANGE = '100.64.0.0/10';

/**
 * TKE's node group [tke-sg]: the container network and the cluster's node network (the group
 * itself), SSH, and TCP and UDP node ports from anywhere (for the CLB's traffic to NodePorts).
 */
const TKE_NODE_GROUP: DefaultSecurityGroup = {
  name: 'tke-node',
  rules: MEMBERS_PODS_NODE_PORTS_SSH,
  doc: "TKE's recommended node group (container and node networks, SSH, node ports [tke-sg])",
};

const tke: ProviderProfile = {
  id: 'tke',
  name: 'Tencent Kubernetes Engine',
  prefixes: [
    'service.kubernetes.io/qcloud-',
    'service.kubernetes.io/tke-',
    'service.kubernetes.io/loadbalance',
    'service.kubernetes.io/local-svc',
    'service.cloud.tencent.com/',
    'ingress.cloud.tencent.com/',
    'kubernetes.io/ingress.existLbId',
    'kubernetes.io/ingress.subnetId',
    'kubernetes.io/ingress.qcloud-',
  ],
  annotations: [
    { key: 'service.kubernetes.io/tke-existed-lbid', appliesTo: svc, values: 'free', immutable: true, doc: 'reuse an existing CLB [seed4] (T-06, T+03)' },
    {
      key: 'service.kubernetes.io/qcloud-loadbalancer-internal-subnetid',
      appliesTo: svc,
      values: { '*': { scheme: 'internal' } },
      immutable: true,
      doc: 'create a private CLB in that subnet of the cluster VPC [seed4] (T-07, T+03)',
    },
    { key: 'service.kubernetes.io/loadbalance-id', appliesTo: svc, values: 'free', immutable: true, doc: 'read-only: the CLB in use [tke-svc-annot]' },
    {
      key: 'service.cloud.tencent.com/direct-access',
      appliesTo: svc,
      values: flag({ backends: 'pod' }, { backends: 'node-port' }),
      immutable: false,
      doc: 'the CLB sends to pod addresses directly, keeping the client address [tke-direct] (T-05, T+04)',
      requiresNetwork: VPC_PODS,
    },
    { key: 'service.kubernetes.io/local-svc-only-bind-node-with-pod', appliesTo: svc, values: flag({}), immutable: false, doc: 'with Local, bind only nodes that host pods [tke-svc-annot] (T+03)' },
    {
      key: 'service.cloud.tencent.com/local-svc-weighted-balance',
      appliesTo: svc,
      values: flag({ nodeWeights: 'local-endpoints' }, { nodeWeights: 'equal' }),
      immutable: false,
      doc: 'with Local, weight nodes by their pod count [tke-svc-annot] (T+03)',
    },
    {
      key: 'service.kubernetes.io/qcloud-loadbalancer-backends-label',
      appliesTo: svc,
      values: 'free',
      valueInto: 'backendNodeSelector',
      immutable: false,
      doc: 'node label selector for the CLB backends; selecting no node drains them all [tke-backend] (T+02)',
    },
    { key: 'service.cloud.tencent.com/tke-service-config', appliesTo: svc, values: 'free', immutable: false, doc: 'attach a TkeServiceConfig [tke-svc-annot]' },
    { key: 'service.cloud.tencent.com/tke-service-config-auto', appliesTo: svc, values: flag({}), immutable: false, doc: 'generate a TkeServiceConfig [tke-svc-annot]' },
    { key: 'service.cloud.tencent.com/mode', appliesTo: svc, values: { skip: {} }, immutable: false, doc: 'the controller stops reconciling [tke-svc-annot]' },
    { key: 'service.cloud.tencent.com/prevent-loopback', appliesTo: svc, values: flag({}), immutable: false, doc: 'loopback avoidance [tke-loopback] (T+08)' },
    { key: 'kubernetes.io/ingress.existLbId', appliesTo: ['Ingress'], values: 'free', immutable: true, doc: 'reuse a CLB for an Ingress; one Ingress per CLB [tke-ing-annot] (T+05)' },
    { key: 'kubernetes.io/ingress.subnetId', appliesTo: ['Ingress'], values: { '*': { scheme: 'internal' } }, immutable: true, doc: 'private CLB for an Ingress [tke-ing-annot] (T+05)' },
    { key: 'kubernetes.io/ingress.qcloud-loadbalance-id', appliesTo: ['Ingress'], values: 'free', immutable: true, doc: 'read-only: the Ingress’s CLB [tke-ing-annot]' },
    { key: 'ingress.cloud.tencent.com/mode', appliesTo: ['Ingress'], values: { skip: {} }, immutable: false, doc: 'the controller stops reconciling [tke-ing-annot]' },
  ],
  lb: { ...NODE_PORT_LB, product: 'Tencent CLB', lbSourceRange: TKE_LB_RANGE, healthCheckSource: TKE_LB_RANGE },
  ingress: { product: 'Tencent CLB (L7)', classes: ['qcloud'], servesUnclassed: true, perIngress: true, sourceRange: '100.127.0.0/16', snat: false },
  limits: {},
  networkModes: ['underlay', 'vpc-native'],
  defaultNetworkMode: 'underlay',
  cniNote: 'TKE: Global Router = underlay (the VPC routes the container CIDR), VPC-CNI = vpc-native (T-04, T+01)',
  nodeSecurityGroup: TKE_NODE_GROUP,
  separatePodSubnet: { modes: ['vpc-native'], doc: 'TKE VPC-CNI gives pods addresses from a separate free subnet of the VPC (seed 004: 需要分配一个单独的空闲子网; T+01)' },
};

const AWS = 'service.beta.kubernetes.io/aws-load-balancer-';
const eks: ProviderProfile = {
  id: 'eks',
  name: 'Amazon EKS',
  prefixes: [AWS],
  annotations: [
    {
      key: 'service.beta.kubernetes.io/aws-load-balancer-type',
      appliesTo: svc,
      values: { external: { product: 'AWS NLB (Load Balancer Controller)', scheme: 'internal' }, nlb: { product: 'AWS NLB (in-tree)' }, 'nlb-ip': { product: 'AWS NLB', backends: 'pod' } },
      immutable: true,
      doc: 'external = AWS Load Balancer Controller (scheme internal unless set) [aws-lbc-nlb] (§4)',
    },
    { key: 'service.beta.kubernetes.io/aws-load-balancer-scheme', appliesTo: svc, values: { internal: { scheme: 'internal' }, 'internet-facing': { scheme: 'public' } }, immutable: true, doc: 'NLB scheme [aws-lbc-nlb] (§4)' },
    { key: 'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type', appliesTo: svc, values: { instance: { backends: 'node-port' }, ip: { backends: 'pod' } }, immutable: true, doc: 'instance (NodePort) or ip (pod addresses) [aws-lbc-nlb] (§4)', requiresNetwork: VPC_PODS },
    { key: 'service.beta.kubernetes.io/aws-load-balancer-internal', appliesTo: svc, values: flag({ scheme: 'internal' }), immutable: true, doc: 'legacy in-tree: internal NLB/ELB [aws-lbc-nlb]' },
    { key: 'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes', appliesTo: svc, values: 'free', immutable: false, doc: 'e.g. preserve_client_ip.enabled [aws-lbc-nlb] [knowledge]' },
  ],
  // An NLB publishes a hostname, not an IP, in status.loadBalancer.ingress: kube-proxy has no
  // address to short-circuit, so in-cluster clients really go through the NLB [aws-hairpin] (§4).
  lb: { ...NODE_PORT_LB, product: 'AWS NLB', passThrough: true, healthCheckSource: 'backend-subnet' },
  limits: {},
  networkModes: ['vpc-native'],
  defaultNetworkMode: 'vpc-native',
  cniNote: 'EKS: the Amazon VPC CNI gives pods VPC addresses (§4)',
};

const gke: ProviderProfile = {
  id: 'gke',
  name: 'Google GKE',
  prefixes: ['cloud.google.com/', 'networking.gke.io/'],
  annotations: [
    { key: 'networking.gke.io/load-balancer-type', appliesTo: svc, values: { Internal: { scheme: 'internal' }, External: { scheme: 'public' } }, immutable: true, doc: 'internal passthrough Network LB [gke-neg] (§4)' },
    { key: 'cloud.google.com/l4-rbs', appliesTo: svc, values: { enabled: {} }, immutable: true, doc: 'backend-service-based external LB [knowledge]' },
    { key: 'cloud.google.com/neg', appliesTo: ['Service', 'Ingress'], values: 'free', immutable: false, doc: 'network endpoint groups: LB → pod IP:port for Ingress [gke-neg] (§4)' },
  ],
  lb: { ...NODE_PORT_LB, product: 'Google Cloud Network LB', healthCheckSource: '35.191.0.0/16' },
  limits: {},
  networkModes: ['vpc-native', 'underlay'],
  defaultNetworkMode: 'vpc-native',
  cniNote: 'GKE: VPC-native (alias IPs) = vpc-native, routes-based = underlay (§4)',
};

const AZ = 'service.beta.kubernetes.io/azure-';
const aks: ProviderProfile = {
  id: 'aks',
  name: 'Azure AKS',
  prefixes: [AZ],
  annotations: [
    { key: 'service.beta.kubernetes.io/azure-load-balancer-internal', appliesTo: svc, values: flag({ scheme: 'internal' }), immutable: true, doc: 'internal Azure Standard LB [azure-lb] (§4)' },
    { key: 'service.beta.kubernetes.io/azure-load-balancer-internal-subnet', appliesTo: svc, values: 'free', immutable: true, doc: 'subnet of the internal LB [azure-lb]' },
    { key: 'service.beta.kubernetes.io/azure-pip-name', appliesTo: svc, values: 'free', immutable: false, doc: 'public IP resource to use [azure-lb]' },
    { key: 'service.beta.kubernetes.io/azure-load-balancer-health-probe-request-path', appliesTo: svc, values: 'free', immutable: false, doc: 'HTTP health probe path [azure-lb]' },
  ],
  lb: { ...NODE_PORT_LB, product: 'Azure Standard LB', healthCheckSource: '168.63.129.16/32' },
  limits: {},
  networkModes: ['overlay', 'underlay', 'vpc-native'],
  defaultNetworkMode: 'overlay',
  cniNote: 'AKS: Azure CNI Overlay = overlay, kubenet = underlay (routed), Azure CNI = vpc-native (§4)',
};

export const PROFILES: readonly ProviderProfile[] = [vanilla, cce, ack, ackEdge, tke, eks, gke, aks];

export function profileById(id: string): ProviderProfile {
  return PROFILES.find((p) => p.id === id) ?? vanilla;
}

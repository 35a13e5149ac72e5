/**
 * What a cluster is when nothing says otherwise — one source for the checker (a scenario's
 * cluster block), the benchmarks' generated clusters and the tests' fixtures:
 * - pod CIDR 10.244.0.0/16 and Service CIDR 10.96.0.0/12 (kubeadm's and kind's defaults; the
 *   IPv6 Service CIDR of a dual-stack cluster fd00:10:96::/112, kind's);
 * - NodePorts 30000-32767 (kube-apiserver `--service-node-port-range`);
 * - cluster domain cluster.local (kubelet `--cluster-domain` as every installer sets it);
 * - each node's pod CIDR a /24 (kube-controller-manager `--node-cidr-mask-size` for IPv4);
 * - the cluster DNS Service kube-system/kube-dns (the name CoreDNS keeps for compatibility);
 * - the vanilla provider, an overlay network, kube-proxy in iptables mode.
 */
import { NO_OBJECTS } from './kinds.js';
import { DEFAULT_SETTINGS, type ClusterSpec } from './types.js';

export const DEFAULT_POD_CIDR = '10.244.0.0/16';
export const DEFAULT_SERVICE_CIDR = '10.96.0.0/12';
/** The IPv6 service CIDR a dual-stack cluster gets when none is given (kind's default). */
export const DEFAULT_SERVICE_CIDR_V6 = 'fd00:10:96::/112';

export const CLUSTER_DEFAULTS = {
  provider: 'vanilla',
  networkMode: 'overlay',
  proxyMode: 'iptables',
  nodePortRange: [30000, 32767],
  clusterDomain: 'cluster.local',
  nodeCidrMaskSize: 24,
  dnsService: { namespace: 'kube-system', name: 'kube-dns' },
} as const satisfies Partial<ClusterSpec>;

/** A cluster with the defaults above, no objects, and `over` on top. */
export function emptyCluster(over: Partial<ClusterSpec> = {}): ClusterSpec {
  return {
    name: 'cluster',
    ...CLUSTER_DEFAULTS,
    nodePortRange: CLUSTER_DEFAULTS.nodePortRange,
    podCidrs: [DEFAULT_POD_CIDR],
    serviceCidr: DEFAULT_SERVICE_CIDR,
    settings: DEFAULT_SETTINGS,
    ...NO_OBJECTS,
    ...over,
  };
}

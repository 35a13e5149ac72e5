/**
 * Objects every cluster has without anyone declaring them:
 * - `default/kubernetes` (the API server Service, first address of the service CIDR), backed by
 *   a hand-made slice pointing at the first node on port 6443 (the model's control plane);
 * - the cluster DNS Service (spec.dnsService, default kube-system/kube-dns) on UDP/TCP 53 with
 *   the 10th address of the range (as kubeadm does), backed by two CoreDNS pods labelled
 *   k8s-app=kube-dns on the first node(s), so DNS traffic is ordinary Service traffic.
 * Declared objects with the same names win: nothing is added for them.
 */
import { SERVICE_DEFAULTS, type ClusterSpec, type EndpointSliceSpec, type PodSpec, type ServiceSpec } from '../spec/types.js';
import { objectKey } from './state.js';

export interface BuiltinObjects {
  readonly services: readonly ServiceSpec[];
  readonly pods: readonly PodSpec[];
  readonly endpointSlices: readonly EndpointSliceSpec[];
  /** Keys of Services that want a fixed offset in the service CIDR: 1 for kubernetes, 10 for DNS. */
  readonly preferredOffsets: ReadonlyMap<string, number>;
}


export const KUBE_DNS_LABELS = { 'k8s-app': 'kube-dns' } as const;

export function builtinObjects(spec: ClusterSpec): BuiltinObjects {
  // Two names to look for among the declared Services: no index of all of them.
  const declared = (key: string): boolean => spec.services.some((s) => objectKey(s.namespace, s.name) === key);
  const services: ServiceSpec[] = [];
  const pods: PodSpec[] = [];
  const endpointSlices: EndpointSliceSpec[] = [];
  const preferredOffsets = new Map<string, number>([[objectKey('default', 'kubernetes'), 1]]);
  const firstNode = spec.nodes[0];

  if (!declared(objectKey('default', 'kubernetes'))) {
    services.push({
      ...SERVICE_DEFAULTS,
      name: 'kubernetes',
      namespace: 'default',
      type: 'ClusterIP',
      selector: null,
      ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
    });
    const apiAddress = firstNode?.addresses.find((a) => a.primary)?.ip ?? firstNode?.addresses[0]?.ip;
    if (firstNode && apiAddress !== undefined) {
      endpointSlices.push({
        name: 'kubernetes',
        namespace: 'default',
        service: 'kubernetes',
        addressType: 'IPv4',
        ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
        endpoints: [{ addresses: [apiAddress], nodeName: firstNode.name }],
      });
    }
  }

  const dns = spec.dnsService;
  const dnsKey = objectKey(dns.namespace, dns.name);
  preferredOffsets.set(dnsKey, 10);
  if (!declared(dnsKey)) {
    services.push({
      ...SERVICE_DEFAULTS,
      name: dns.name,
      namespace: dns.namespace,
      type: 'ClusterIP',
      selector: KUBE_DNS_LABELS,
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
        { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
      ],
    });
    const hosts = spec.nodes.length > 1 ? [spec.nodes[0], spec.nodes[1]] : [spec.nodes[0], spec.nodes[0]];
    // One pass over the pods (a cluster may declare 150,000), not one per CoreDNS replica.
    const taken = new Set<string>();
    for (const p of spec.pods) if (p.namespace === dns.namespace && p.name.startsWith('coredns-')) taken.add(p.name);
    hosts.forEach((node, i) => {
      const name = `coredns-${i + 1}`;
      if (!node || taken.has(name)) return;
      pods.push({
        name,
        namespace: dns.namespace,
        node: node.name,
        labels: KUBE_DNS_LABELS,
        ports: [
          { name: 'dns', containerPort: 53, protocol: 'UDP' },
          { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
          { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
        ],
        hostNetwork: false,
        ready: true,
        terminating: false,
        dnsPolicy: 'Default',
        owner: { kind: 'Deployment', name: 'coredns' },
        generation: 0,
      });
    });
  }
  return { services, pods, endpointSlices, preferredOffsets };
}

/**
 * The workloads every real cluster runs, added to a connectivity list's input when its manifests
 * lack them (`netscn connlist --cluster-workloads`; off by default), as peer analysers do, so a
 * user's DNS egress rule or ingress-controller rule shows its effect:
 * - cluster DNS: Deployment `kube-system/coredns` (`k8s-app: kube-dns`; dns 53/UDP, dns-tcp
 *   53/TCP, metrics 9153/TCP), unless some pod is labelled `k8s-app: kube-dns`;
 * - an ingress controller: Deployment `ingress-nginx/ingress-nginx-controller`
 *   (`app.kubernetes.io/name: ingress-nginx`, `app.kubernetes.io/component: controller`;
 *   http 80/TCP, https 443/TCP), unless some pod is labelled `app.kubernetes.io/name: ingress-nginx`.
 * Their namespaces are added too when not declared (labelled as the API server labels them).
 * One pod each: connlist lists workloads, one representative pod apiece.
 */
import type { ContainerPort, Labels, NamespaceSpec, PodSpec } from '../spec/types.js';
import type { ConnlistInput } from './connlist.js';

/** One workload a cluster runs: the label that shows it is there, and the pod added when it is not. */
interface ClusterWorkload {
  readonly present: { readonly key: string; readonly value: string };
  readonly namespace: string;
  readonly deployment: string;
  readonly labels: Labels;
  readonly ports: readonly ContainerPort[];
}

export const CLUSTER_WORKLOADS: readonly ClusterWorkload[] = [
  {
    present: { key: 'k8s-app', value: 'kube-dns' },
    namespace: 'kube-system',
    deployment: 'coredns',
    labels: { 'k8s-app': 'kube-dns' },
    ports: [
      { name: 'dns', containerPort: 53, protocol: 'UDP' },
      { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
    ],
  },
  {
    present: { key: 'app.kubernetes.io/name', value: 'ingress-nginx' },
    namespace: 'ingress-nginx',
    deployment: 'ingress-nginx-controller',
    labels: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
    ports: [
      { name: 'http', containerPort: 80, protocol: 'TCP' },
      { name: 'https', containerPort: 443, protocol: 'TCP' },
    ],
  },
];

export function withClusterWorkloads(input: ConnlistInput): ConnlistInput {
  const pods: PodSpec[] = [...input.pods];
  const namespaces: NamespaceSpec[] = [...input.namespaces];
  for (const w of CLUSTER_WORKLOADS) {
    if (input.pods.some((p) => p.labels[w.present.key] === w.present.value)) continue;
    if (!namespaces.some((n) => n.name === w.namespace)) namespaces.push({ name: w.namespace, labels: { 'kubernetes.io/metadata.name': w.namespace } });
    pods.push({
      name: `${w.deployment}-0`,
      namespace: w.namespace,
      node: 'cluster-node',
      labels: w.labels,
      ports: w.ports,
      hostNetwork: false,
      ready: true,
      terminating: false,
      dnsPolicy: 'ClusterFirst',
      owner: { kind: 'Deployment', name: w.deployment },
      generation: 0,
    });
  }
  return { ...input, pods, namespaces };
}

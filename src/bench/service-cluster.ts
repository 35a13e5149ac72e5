/**
 * A seeded cluster for the trace-engine benchmarks (B4, B5): `services` Services in
 * `namespaces` namespaces, each selecting `podsPerService` pods spread over `nodes` nodes.
 */
import { SERVICE_DEFAULTS, type ClusterSpec, type NodeSpec, type PodSpec, type ServiceSpec } from '../spec/types.js';
import { emptyCluster } from '../spec/cluster-defaults.js';

export interface ServiceClusterSize {
  readonly nodes: number;
  readonly namespaces: number;
  readonly services: number;
  readonly podsPerService: number;
}

export function serviceCluster(size: ServiceClusterSize): ClusterSpec {
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < size.nodes; i++) {
    const n = i + 1;
    nodes.push({ name: `node-${i}`, addresses: [{ ip: `172.16.${n >> 8}.${n & 255}`, primary: true }], ready: true, labels: {}, zone: `zone-${i % 3}` });
  }
  const pods: PodSpec[] = [];
  const services: ServiceSpec[] = [];
  let podCount = 0;
  for (let s = 0; s < size.services; s++) {
    const namespace = `ns-${s % size.namespaces}`;
    const app = `app-${s}`;
    for (let p = 0; p < size.podsPerService; p++) {
      pods.push({
        name: `${app}-${p}`,
        namespace,
        node: `node-${podCount % size.nodes}`,
        labels: { app, tier: s % 2 === 0 ? 'web' : 'api' },
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        hostNetwork: false,
        ready: true,
        terminating: false,
        dnsPolicy: 'ClusterFirst',
        generation: 0,
      });
      podCount++;
    }
    services.push({
      name: app,
      namespace,
      type: s % 10 === 0 ? 'NodePort' : 'ClusterIP',
      ...SERVICE_DEFAULTS,
      selector: { app },
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
    });
  }
  return emptyCluster({
    name: 'bench',
    podCidrs: ['100.64.0.0/10'],
    nodes,
    namespaces: Array.from({ length: size.namespaces }, (_, i) => ({ name: `ns-${i}`, labels: { team: `t${i % 7}` } })),
    pods,
    services,
  });
}

/**
 * A seeded, Deployment-like cluster for the NetworkPolicy benchmarks: namespaces with team/env
 * labels, Deployments (app/tier/version labels, named container ports) spread over nodes, a
 * hostNetwork agent per few nodes, and per namespace a default-deny, DNS and internet egress,
 * then allow policies of the usual shapes (from an app, from a namespace, from an ipBlock, a
 * canary version, a port range, named ports).
 */
import type { MatrixChange, MatrixInput, MatrixPod } from '../matrix/index.js';
import {
  DEFAULT_SETTINGS,
  type ContainerPort,
  type Labels,
  type NamespaceSpec,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type NetworkPolicySpec,
} from '../spec/types.js';
import { seededRandom, type Random } from './random.js';

export interface ClusterSize {
  readonly pods: number;
  readonly policies: number;
  readonly namespaces: number;
  readonly seed: number;
}

export interface PolicyCluster extends MatrixInput {
  readonly size: ClusterSize;
  /** Deployments by namespace, for generating changes. */
  readonly apps: readonly (readonly string[])[];
}

const TIERS = ['fe', 'be', 'db'] as const;
const TEAMS = 10;
const REPLICAS = 10;
const PODS_PER_NODE = 30;

function ip(n: number): string {
  return `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function nodeIp(n: number): string {
  return `192.168.${(n >>> 8) & 255}.${n & 255}`;
}

function portsOf(tier: (typeof TIERS)[number]): ContainerPort[] {
  const ports: ContainerPort[] = [
    { name: 'http', containerPort: 8080, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
  ];
  if (tier === 'db') ports.push({ name: 'pg', containerPort: 5432, protocol: 'TCP' });
  return ports;
}

function nsName(i: number): string {
  return `ns-${String(i).padStart(4, '0')}`;
}

export function generateCluster(size: ClusterSize): PolicyCluster {
  const rnd = seededRandom(size.seed);
  const namespaces: NamespaceSpec[] = [{ name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } }];
  for (let i = 0; i < size.namespaces; i++) {
    const name = nsName(i);
    namespaces.push({ name, labels: { 'kubernetes.io/metadata.name': name, team: `team-${i % TEAMS}`, env: i % 4 === 0 ? 'dev' : 'prod' } });
  }
  const nodes = Math.max(1, Math.ceil(size.pods / PODS_PER_NODE));
  const pods: MatrixPod[] = [];
  // hostNetwork agents: one per 8 nodes (node-exporter-like).
  for (let n = 0; n < nodes; n += 8) {
    pods.push({
      name: `agent-${n}`,
      namespace: 'kube-system',
      node: `node-${n}`,
      labels: { app: 'agent' },
      ports: [{ name: 'metrics', containerPort: 9100, protocol: 'TCP' }],
      hostNetwork: true,
      ip: nodeIp(n),
    });
  }
  const rest = size.pods - pods.length;
  const apps: string[][] = [];
  let serial = 1;
  for (let i = 0; i < size.namespaces; i++) {
    const ns = nsName(i);
    const perNs = Math.max(1, Math.floor(rest / size.namespaces) + (i < rest % size.namespaces ? 1 : 0));
    const appsPerNs = Math.max(1, Math.round(perNs / REPLICAS));
    const list: string[] = [];
    for (let a = 0; a < appsPerNs; a++) {
      const app = `app-${a}`;
      list.push(app);
      const tier = TIERS[a % TIERS.length] as (typeof TIERS)[number];
      const replicas = a === appsPerNs - 1 ? perNs - REPLICAS * (appsPerNs - 1) : REPLICAS;
      for (let r = 0; r < replicas; r++) {
        pods.push(replica(ns, app, tier, r, r < replicas - 2 ? 'v1' : 'v2', serial, nodes, rnd));
        serial++;
      }
    }
    apps.push(list);
  }
  const policies: NetworkPolicySpec[] = [];
  const perNsPolicies = Math.max(3, Math.round(size.policies / size.namespaces));
  for (let i = 0; i < size.namespaces && policies.length < size.policies; i++) {
    const ns = nsName(i);
    policies.push(
      { name: 'default-deny', namespace: ns, podSelector: sel({}), policyTypes: ['Ingress'], ingress: [], egress: [] },
      {
        name: 'egress-dns',
        namespace: ns,
        podSelector: sel({ tier: 'fe' }),
        policyTypes: ['Egress'],
        ingress: [],
        egress: [
          { peers: [{ namespaceSelector: sel({ 'kubernetes.io/metadata.name': 'kube-system' }) }], ports: [{ protocol: 'UDP', port: 53 }] },
          { peers: [{ namespaceSelector: sel({ team: `team-${i % TEAMS}` }) }], ports: [] },
          { peers: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['169.254.169.254/32', '10.0.0.0/8'] } }], ports: [{ protocol: 'TCP', port: 443 }] },
        ],
      },
    );
    const list = apps[i] as string[];
    for (let k = 2; k < perNsPolicies && policies.length < size.policies; k++) {
      policies.push(allowPolicy(ns, `allow-${k}`, list, rnd));
    }
  }
  return { namespaces, pods, policies, settings: DEFAULT_SETTINGS, size, apps };
}

function replica(ns: string, app: string, tier: (typeof TIERS)[number], r: number, version: string, serial: number, nodes: number, rnd: Random): MatrixPod {
  return {
    name: `${app}-${r}`,
    namespace: ns,
    node: `node-${rnd.int(nodes)}`,
    labels: { app, tier, version },
    ports: portsOf(tier),
    hostNetwork: false,
    ip: ip(serial),
  };
}

function sel(matchLabels: Labels): { matchLabels: Labels; matchExpressions: [] } {
  return { matchLabels, matchExpressions: [] };
}

/** One "allow" policy of a random usual shape, for a random app of the namespace. */
export function allowPolicy(ns: string, name: string, apps: readonly string[], rnd: Random): NetworkPolicySpec {
  const target = rnd.pick(apps);
  const other = rnd.pick(apps);
  let peers: NetworkPolicyPeer[];
  let ports: NetworkPolicyPort[];
  switch (rnd.int(6)) {
    case 0:
      peers = [{ podSelector: sel({ app: other }) }];
      ports = [{ protocol: 'TCP', port: 'http' }];
      break;
    case 1:
      peers = [{ namespaceSelector: sel({ team: `team-${rnd.int(TEAMS)}` }), podSelector: sel({ tier: 'fe' }) }];
      ports = [{ protocol: 'TCP', port: 8080 }];
      break;
    case 2:
      peers = [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.255.0.0/16'] } }];
      ports = [{ protocol: 'TCP', port: 'metrics' }];
      break;
    case 3:
      peers = [{ podSelector: { matchLabels: { tier: 'fe' }, matchExpressions: [{ key: 'version', operator: 'In', values: ['v2'] }] } }];
      ports = [{ protocol: 'TCP', port: 8000, endPort: 8100 }];
      break;
    case 4:
      peers = [{ podSelector: sel({ tier: 'be' }) }];
      ports = [{ protocol: 'TCP', port: 5432 }, { protocol: 'TCP', port: 6379 }];
      break;
    default:
      peers = [{ namespaceSelector: sel({ env: 'prod' }) }];
      ports = [{ protocol: 'TCP', port: 'http' }];
      break;
  }
  return { name, namespace: ns, podSelector: sel({ app: target }), policyTypes: ['Ingress'], ingress: [{ peers, ports }], egress: [] };
}

/** A seeded sequence of single changes of the four kinds, in turn, against a cluster that evolves with them. */
export function changeSequence(cluster: PolicyCluster, count: number, seed: number): MatrixChange[] {
  const rnd = seededRandom(seed);
  const changes: MatrixChange[] = [];
  const live = cluster.policies.map((p) => ({ namespace: p.namespace, name: p.name }));
  let podCount = cluster.pods.length;
  let serial = 1 << 20;
  for (let i = 0; i < count; i++) {
    const nsIndex = rnd.int(cluster.size.namespaces);
    const ns = nsName(nsIndex);
    const apps = cluster.apps[nsIndex] as readonly string[];
    switch (i % 4) {
      case 0: {
        const policy = allowPolicy(ns, `added-${i}`, apps, rnd);
        live.push({ namespace: ns, name: policy.name });
        changes.push({ kind: 'add-policy', policy });
        break;
      }
      case 1: {
        const victim = live.splice(rnd.int(live.length), 1)[0];
        if (victim !== undefined) changes.push({ kind: 'remove-policy', ...victim });
        break;
      }
      case 2: {
        const app = rnd.pick(apps);
        const tier = TIERS[Number(app.slice(4)) % TIERS.length] as string;
        // Half the relabels reuse an existing label set, half make a new one.
        const version = rnd.int(2) === 0 ? 'v2' : `v${3 + i}`;
        changes.push({ kind: 'relabel-pod', pod: rnd.int(podCount), labels: { app, tier, version } });
        break;
      }
      default: {
        const app = rnd.pick(apps);
        const tier = TIERS[Number(app.slice(4)) % TIERS.length] as (typeof TIERS)[number];
        const nodes = Math.max(1, Math.ceil(cluster.size.pods / PODS_PER_NODE));
        changes.push({ kind: 'add-pod', pod: replica(ns, app, tier, 1000 + i, 'v1', serial++, nodes, rnd) });
        podCount++;
        break;
      }
    }
  }
  return changes;
}

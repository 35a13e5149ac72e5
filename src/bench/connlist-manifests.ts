/**
 * Generated manifests for the connlist benchmarks (P1, P2), seeded: namespaces labelled by team
 * and environment, each with Deployments (3 replicas) and bare Pods labelled by app and tier,
 * an ingress default-deny NetworkPolicy per namespace, and allow policies whose rules combine
 * namespace and pod selectors (a namespaceSelector with a podSelector in one peer, or a
 * podSelector alone) on a few TCP ports. Written as ordinary block YAML, one file per namespace.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './random.js';

export interface ConnlistBenchSize {
  readonly pods: number;
  readonly policies: number;
  readonly seed: number;
}

/** Pods per namespace: 10 Deployments of 3 replicas and 20 bare Pods. */
const DEPLOYMENTS = 10;
const REPLICAS = 3;
const BARE = 20;
const PODS_PER_NS = DEPLOYMENTS * REPLICAS + BARE;
const TEAMS = 5;
const TIERS = ['front', 'back', 'data'] as const;
const PORTS = [80, 443, 8080, 5432, 6379] as const;

/** Writes the manifests into `dir` (created); returns the number of namespaces. */
export function writeConnlistManifests(dir: string, size: ConnlistBenchSize): number {
  mkdirSync(dir, { recursive: true });
  const rnd = seededRandom(size.seed);
  const namespaces = Math.max(1, Math.round(size.pods / PODS_PER_NS));
  const perNs = Math.max(1, Math.round(size.policies / namespaces));
  for (let n = 0; n < namespaces; n++) {
    const ns = `ns-${n}`;
    const docs: string[] = [];
    docs.push(`apiVersion: v1
kind: Namespace
metadata:
  name: ${ns}
  labels:
    team: team-${n % TEAMS}
    env: ${n % 2 === 0 ? 'prod' : 'dev'}`);
    const container = (port: number): string => `      containers:
        - name: main
          image: registry.example/app:1
          ports:
            - containerPort: ${port}
              protocol: TCP`;
    for (let d = 0; d < DEPLOYMENTS; d++) {
      const tier = TIERS[d % TIERS.length]!;
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${d}
  namespace: ${ns}
spec:
  replicas: ${REPLICAS}
  selector:
    matchLabels:
      app: app-${d}
  template:
    metadata:
      labels:
        app: app-${d}
        tier: ${tier}
    spec:
${container(PORTS[d % PORTS.length]!)}`);
    }
    for (let b = 0; b < BARE; b++) {
      docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: job-${b}
  namespace: ${ns}
  labels:
    app: job-${b % 7}
    tier: ${TIERS[rnd.int(TIERS.length)]}
spec:
${container(PORTS[rnd.int(PORTS.length)]!).replace(/^ {4}/gm, '')}`);
    }
    docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: ${ns}
spec:
  podSelector: {}
  policyTypes:
    - Ingress`);
    for (let p = 1; p < perNs; p++) {
      const target = rnd.next() < 0.7 ? `app: app-${rnd.int(DEPLOYMENTS)}` : `tier: ${TIERS[rnd.int(TIERS.length)]}`;
      const ports = Array.from({ length: 1 + rnd.int(2) }, () => `        - protocol: TCP
          port: ${PORTS[rnd.int(PORTS.length)]}`).join('\n');
      docs.push(`apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: allow-${p}
  namespace: ${ns}
spec:
  podSelector:
    matchLabels:
      ${target}
  policyTypes:
    - Ingress
  ingress:
    - from:
        - namespaceSelector:
            matchLabels:
              team: team-${rnd.int(TEAMS)}
          podSelector:
            matchLabels:
              tier: ${TIERS[rnd.int(TIERS.length)]}
        - podSelector:
            matchLabels:
              app: app-${rnd.int(DEPLOYMENTS)}
      ports:
${ports}`);
    }
    writeFileSync(join(dir, `${ns}.yaml`), docs.join('\n---\n') + '\n');
  }
  return namespaces;
}

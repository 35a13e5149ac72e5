/**
 * The core acceptance property: on random small clusters, and after every change of a random
 * sequence, the matrix agrees with the naive reference (reference §6.4) and with the evaluator
 * on every pod pair, for ports named in policies, named container ports and ports nothing names,
 * over every protocol — through `allowed`, `row`, `materialize` and the port classes. Matrices
 * made before a change keep answering for the cluster they were made from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyChange, buildMatrix, type MatrixPod, type ReachMatrix } from '../../src/matrix/index.js';
import { buildPolicyIndex, evaluatePolicies, type PolicyEndpoint } from '../../src/policy/evaluate.js';
import { referenceAllowed, type ReferenceEndpoint } from '../../src/policy/reference.js';
import type { PodSpec } from '../../src/spec/types.js';
import {
  anpsArb,
  banpArb,
  changesArb,
  namespacesArb,
  nodesArb,
  podsArb,
  policiesArb,
  PROTOCOLS,
  QUERY_PORTS,
  resolveChange,
  settingsArb,
  type SmallCluster,
} from './cluster-arbitraries.js';

function podSpec(p: MatrixPod): PodSpec {
  return { ...p, ready: true, terminating: false, dnsPolicy: 'ClusterFirst', generation: 0 };
}

function referenceEndpoint(p: MatrixPod): ReferenceEndpoint {
  return { kind: 'pod', pod: podSpec(p), ip: p.ip };
}

function policyEndpoint(p: MatrixPod): PolicyEndpoint {
  return {
    ip: p.ip,
    pod: { namespace: p.namespace, name: p.name, labels: p.labels, node: p.node, hostNetwork: p.hostNetwork, ports: p.ports },
    ...(p.hostNetwork ? { node: p.node } : {}),
  };
}

const tally = { allowed: 0, denied: 0 };

/** Throws with the first disagreement between the matrix and the reference for `cluster`. */
function checkAgreement(m: ReachMatrix, cluster: SmallCluster): void {
  const admin = {
    ...(cluster.adminNetworkPolicies ? { adminNetworkPolicies: cluster.adminNetworkPolicies } : {}),
    ...(cluster.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: cluster.baselineAdminNetworkPolicy } : {}),
    ...(cluster.nodes ? { nodes: cluster.nodes } : {}),
  };
  const ref = { namespaces: cluster.namespaces, networkPolicies: cluster.policies, settings: cluster.settings, ...admin };
  const index = buildPolicyIndex({ policies: cluster.policies, namespaces: cluster.namespaces, settings: cluster.settings, ...admin });
  const n = cluster.pods.length;
  expect(m.size).toBe(n);
  const ports = new Set<number>(QUERY_PORTS);
  for (const p of cluster.pods) for (const cp of p.ports) ports.add(cp.containerPort);
  for (const protocol of PROTOCOLS) {
    for (const port of ports) {
      const q = { port, protocol };
      const full = m.materialize(q);
      const cls = m.classOf(port, protocol);
      expect(cls.ranges.some((r) => r.protocol === protocol && r.from <= port && port <= r.to)).toBe(true);
      for (let s = 0; s < n; s++) {
        const row = m.row(s, q);
        const classRow = m.row(s, cls);
        const src = cluster.pods[s] as MatrixPod;
        for (let d = 0; d < n; d++) {
          const dst = cluster.pods[d] as MatrixPod;
          const expected = referenceAllowed(ref, referenceEndpoint(src), referenceEndpoint(dst), port, protocol);
          const evaluated = evaluatePolicies(index, { src: policyEndpoint(src), dst: policyEndpoint(dst), port, protocol }).allowed;
          const bit = (r: Uint32Array): boolean => ((r[d >>> 5]! >>> (d & 31)) & 1) === 1;
          const got = {
            allowed: m.allowed(s, d, port, protocol),
            row: bit(row),
            classRow: bit(classRow),
            materialized: full.get(s, d),
          };
          const want = { allowed: expected, row: expected, classRow: expected, materialized: expected };
          if (evaluated !== expected || JSON.stringify(got) !== JSON.stringify(want)) {
            throw new Error(
              `${src.namespace}/${src.name} -> ${dst.namespace}/${dst.name} ${protocol} ${port} (class ${cls.protocol} ${cls.port}): ` +
                `reference ${expected}, evaluator ${evaluated}, matrix ${JSON.stringify(got)}`,
            );
          }
          if (expected) tally.allowed++;
          else tally.denied++;
        }
        // No bits past the last pod.
        const tail = n & 31;
        if (tail !== 0) expect(row[row.length - 1]! >>> tail).toBe(0);
      }
    }
  }
}

describe('reachability matrix agrees with the reference', () => {
  it('on every pair and port of random clusters, after every change of a random sequence', () => {
    fc.assert(
      fc.property(namespacesArb, podsArb, policiesArb, settingsArb, changesArb, (namespaces, pods, policies, settings, seeds) => {
        let cluster: SmallCluster = { namespaces, pods, policies, settings };
        let m = buildMatrix(cluster);
        checkAgreement(m, cluster);
        for (const seed of seeds) {
          const step = resolveChange(cluster, seed);
          if (step === undefined) continue;
          const before = m;
          const beforeCluster = cluster;
          // Build a row first so that the change has port views to carry over and update.
          before.row(0, { port: 80, protocol: 'TCP' });
          before.row(0, { port: 8080, protocol: 'TCP' });
          m = applyChange(m, step.change);
          cluster = step.next;
          checkAgreement(m, cluster);
          checkAgreement(before, beforeCluster);
        }
      }),
      { numRuns: 100 },
    );
    // Both verdicts must be exercised, or agreement proves nothing.
    expect(tally.allowed).toBeGreaterThan(0);
    expect(tally.denied).toBeGreaterThan(0);
  }, 120_000);

  it('with AdminNetworkPolicies and a baseline, after every change including admin ones', () => {
    fc.assert(
      fc.property(namespacesArb, podsArb, policiesArb, settingsArb, anpsArb, banpArb, nodesArb, changesArb, (namespaces, pods, policies, settings, anps, banp, nodes, seeds) => {
        let cluster: SmallCluster = { namespaces, pods, policies, settings, adminNetworkPolicies: anps, nodes, ...(banp ? { baselineAdminNetworkPolicy: banp } : {}) };
        let m = buildMatrix(cluster);
        checkAgreement(m, cluster);
        for (const seed of seeds) {
          const step = resolveChange(cluster, seed);
          if (step === undefined) continue;
          const before = m;
          const beforeCluster = cluster;
          m = applyChange(m, step.change);
          cluster = step.next;
          checkAgreement(m, cluster);
          checkAgreement(before, beforeCluster);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

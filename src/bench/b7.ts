/**
 * B7: `from all pods reach all pods on any port expect deny` over the policy benchmarks' cluster
 * (policy-cluster.ts: Deployment-like pods, default-deny and allow policies), at 10,000 pods /
 * 1,000 policies and 150,000 / 10,000; targets ≤ 1 s and ≤ 10 s. Timed: the assertion on a
 * freshly built state (so its reachability matrix and signatures are built inside the time);
 * the state's build is reported apart (`model_*`).
 *
 * Same-run baseline: pairwise probing, the way the assertion was answered before classes —
 * `SAMPLE` random connections of the assertion probed one by one through the trace engine,
 * timed and scaled to every connection. The sample's verdicts are compared with the verdict the
 * classes give each of those connections (GroupVerdict.passes); a disagreement fails the bench.
 *
 * One deviation from the cluster of B1/B3: its hostNetwork agents are left out. A for-all whose
 * targets include a hostNetwork pod (reached at its node's address) is answered by classes of
 * alike pods on alike nodes, not through the matrix (src/run/forall-matrix.ts covers pods at
 * their own addresses), and on this cluster, where every node differs, that is refused.
 */
import { buildState, type ClusterState } from '../model/index.js';
import type { GroupCheck } from '../check/scenario.js';
import { defaultEngine } from '../run/engine-default.js';
import { evaluateGroup, MAX_GROUP_PROBES, type ForAllEngine, type GroupVerdict } from '../run/groups.js';
import { evaluateReach } from '../run/reach.js';
import { emptyCluster } from '../spec/cluster-defaults.js';
import { type ClusterSpec, type NodeSpec, type PodSpec } from '../spec/types.js';
import { generateCluster, type ClusterSize } from './policy-cluster.js';
import { seededRandom } from './random.js';
import type { BenchEntry, Workload } from './registry.js';
import { gc, median, now, round } from './timing.js';

const SMALL: ClusterSize = { pods: 10_000, policies: 1_000, namespaces: 100, seed: 1 };
const LARGE: ClusterSize = { pods: 150_000, policies: 10_000, namespaces: 1_000, seed: 1 };
const SAMPLE = 2_000;

const SPAN = { file: 'b7', start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };

const CHECK: GroupCheck = {
  kind: 'group',
  text: 'from all pods reach all pods on any port expect deny',
  span: SPAN,
  source: { kind: 'pod-group', label: 'all pods' },
  target: { kind: 'pod-group', label: 'all pods' },
  anyPort: true,
  expect: { outcome: 'deny', outcomeSpan: SPAN },
};

/** The policy cluster as a ClusterSpec: its pods (without the hostNetwork agents) on nodes of 30. */
function clusterSpec(size: ClusterSize): ClusterSpec {
  const c = generateCluster(size);
  const podList = c.pods.filter((p) => !p.hostNetwork);
  const nodeNames = [...new Set(podList.map((p) => p.node))].sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)));
  const nodes: NodeSpec[] = nodeNames.map((name, i) => ({ name, addresses: [{ ip: `172.16.${(i + 1) >> 8}.${(i + 1) & 255}`, primary: true }], ready: true, labels: {} }));
  const pods: PodSpec[] = podList.map((p) => ({
    name: p.name,
    namespace: p.namespace,
    node: p.node,
    labels: p.labels,
    ports: p.ports,
    hostNetwork: false,
    ready: true,
    terminating: false,
    dnsPolicy: 'ClusterFirst',
    generation: 0,
  }));
  return emptyCluster({ name: 'b7', podCidrs: ['10.0.0.0/9'], serviceCidr: '10.200.0.0/16', nodes, namespaces: c.namespaces, pods, networkPolicies: c.policies });
}

function forAll(state: ClusterState): ForAllEngine {
  return {
    signature: (namespace, name, scope) => defaultEngine.forAllSignature!(state, namespace, name, scope),
    policy: () => defaultEngine.forAllPolicy!(state),
  };
}

function built(spec: ClusterSpec): { state: ClusterState; ms: number } {
  gc();
  const t0 = now();
  const state = buildState(spec);
  const ms = now() - t0;
  const errors = state.problems.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`B7: the cluster is invalid: ${errors[0]!.message}`);
  return { state, ms };
}

interface Measured {
  readonly verdict: GroupVerdict;
  readonly assertionMs: number[];
  readonly modelMs: number;
  readonly perProbeMs: number;
  readonly agreed: number;
}

/** `runs` assertions, each on a fresh state; then the pairwise sample on the last. */
function measure(size: ClusterSize, runs: number, log: (text: string) => void): Measured {
  const spec = clusterSpec(size);
  log(`B7: ${spec.pods.length} pods, ${spec.networkPolicies.length} policies, ${spec.nodes.length} nodes`);
  const assertionMs: number[] = [];
  let modelMs = 0;
  let last: { state: ClusterState; verdict: GroupVerdict } | undefined;
  for (let r = 0; r < runs; r++) {
    const { state, ms } = built(spec);
    modelMs = ms;
    gc();
    const t0 = now();
    const verdict = evaluateGroup(CHECK, spec, (p) => defaultEngine.probe(state, p), MAX_GROUP_PROBES, forAll(state));
    assertionMs.push(now() - t0);
    last = { state, verdict };
  }
  const { state, verdict } = last!;
  log(`B7: ${verdict.method}, ${verdict.probes} probes: ${verdict.message.slice(0, 160)}`);
  if (!verdict.passes) throw new Error(`B7: not answered: ${verdict.message}`);
  // Pairwise on a sample: random (source, target ≠ source, port of the target).
  const rnd = seededRandom(size.seed + 1);
  const n = spec.pods.length;
  let agreed = 0;
  let probeMs = 0;
  for (let k = 0; k < SAMPLE; k++) {
    const s = rnd.int(n);
    let t = rnd.int(n - 1);
    if (t >= s) t++;
    const target = spec.pods[t]!;
    const p = rnd.int(target.ports.length);
    const port = target.ports[p]!;
    const source = spec.pods[s]!;
    const t0 = now();
    const flows = defaultEngine.probe(state, {
      source: { kind: 'pod', namespace: source.namespace, name: source.name },
      target: { kind: 'pod', namespace: target.namespace, name: target.name },
      port: port.containerPort,
      protocol: port.protocol,
    }).flows;
    const passed = evaluateReach(flows, CHECK.expect).passed;
    probeMs += now() - t0;
    if (passed === verdict.passes(s, t, p)) agreed++;
  }
  if (agreed !== SAMPLE) throw new Error(`B7: the classes' verdicts disagree with pairwise probing on ${SAMPLE - agreed} of ${SAMPLE} sampled connections`);
  return { verdict, assertionMs, modelMs, perProbeMs: probeMs / SAMPLE, agreed };
}

export const b7: Workload = {
  id: 'B7',
  title: 'for-all over every pod pair on any port: 10k pods / 1k policies, 150k / 10k',
  run(ctx): BenchEntry {
    const small = measure(SMALL, 5, ctx.log);
    const large = measure(LARGE, 1, ctx.log);
    const t = median(small.assertionMs);
    const tl = median(large.assertionMs);
    const pairwise = (m: Measured): number => m.perProbeMs * m.verdict.total;
    return {
      median_ms: round(t),
      baseline: `pairwise probing through the trace engine (${SAMPLE.toLocaleString('en-US')} random connections timed, scaled to every connection of the assertion); verdicts compared on that sample`,
      ratio: round(pairwise(small) / t),
      sizes: { pods: SMALL.pods, policies: SMALL.policies, pods_large: LARGE.pods, policies_large: LARGE.policies },
      extra: {
        connections: small.verdict.total,
        failing: small.verdict.failed,
        probes: small.verdict.probes,
        method: small.verdict.method,
        model_ms: round(small.modelMs),
        sample_agreed: `${small.agreed}/${SAMPLE}`,
        large_median_ms: round(tl),
        large_ratio: round(pairwise(large) / tl),
        large_connections: large.verdict.total,
        large_failing: large.verdict.failed,
        large_probes: large.verdict.probes,
        large_method: large.verdict.method,
        large_model_ms: round(large.modelMs),
        large_sample_agreed: `${large.agreed}/${SAMPLE}`,
        pairwise_ms_per_probe: round(small.perProbeMs),
      },
      notes: 'the hostNetwork agents of the policy cluster are left out (see b7.ts)',
    };
  },
};

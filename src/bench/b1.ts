/** B1: the all-pairs pod reachability matrix, 10,000 pods / 1,000 policies / 100 namespaces. */
import { buildMatrix } from '../matrix/index.js';
import { copyFloorMs, referenceMsPerPair } from './baselines.js';
import { generateCluster, type PolicyCluster } from './policy-cluster.js';
import type { Workload } from './registry.js';
import { median, round, timeRuns } from './timing.js';

export const B1_SIZE = { pods: 10_000, policies: 1_000, namespaces: 100, seed: 1 };

export function b1Cluster(cached: <T>(key: string, make: () => T) => T): PolicyCluster {
  return cached('cluster-10k', () => generateCluster(B1_SIZE));
}

export const b1: Workload = {
  id: 'B1',
  title: 'all-pairs matrix, 10k pods / 1k policies / 100 ns (TCP 8080)',
  run(ctx) {
    const cluster = b1Cluster(ctx.cached);
    const n = cluster.pods.length;
    const q = { port: 8080, protocol: 'TCP' as const };
    ctx.log(`B1: ${n} pods, ${cluster.policies.length} policies`);
    const total = timeRuns(15, () => buildMatrix(cluster).materialize(q));
    const build = timeRuns(7, () => buildMatrix(cluster));
    const m = build.last;
    const mat = timeRuns(7, () => m.materialize(q));
    let allowedPairs = 0;
    for (let i = 0; i < total.last.words.length; i++) {
      let v = total.last.words[i]!;
      while (v !== 0) {
        v &= v - 1;
        allowedPairs++;
      }
    }
    const copy = copyFloorMs(n, 7);
    const ref = referenceMsPerPair(cluster, 3000, q.port, q.protocol);
    const refAllMs = ref.msPerPair * n * n;
    const t = median(total.times);
    return {
      median_ms: round(t),
      baseline: 'reference evaluator (referenceAllowed timed on 3,000 random pairs, scaled to all N² pairs)',
      ratio: round(refAllMs / t, 0),
      sizes: { pods: n, policies: cluster.policies.length, namespaces: B1_SIZE.namespaces, port_classes: m.portClasses().length },
      extra: {
        build_ms: round(median(build.times)),
        materialize_ms: round(median(mat.times)),
        copy_floor_ms: round(copy),
        copy_floor_ratio: round(t / copy, 2),
        reference_all_pairs_ms_estimated: round(refAllMs, 0),
        reference_us_per_pair: round(ref.msPerPair * 1000, 2),
        allowed_pairs: allowedPairs,
      },
      notes: 'median of 15 runs of buildMatrix + materialize (N×N bits); copy_floor_ratio = median / time to write N×N bits',
    };
  },
};

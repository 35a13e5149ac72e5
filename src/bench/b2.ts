/**
 * B2: the matrix at the largest supported size, 150,000 pods / 10,000 policies / 1,000
 * namespaces, every port class (8). A 150k×150k bit matrix is 2.6 GiB per class, so the matrix
 * is computed in factored form: for every class, every group of identical sources gets its row
 * over destination cells (pod rows expand from it on demand, timed separately).
 */
import { buildMatrix, forEachSourceGroup } from '../matrix/index.js';
import { popcount } from '../matrix/bitset.js';
import { referenceAllowed } from '../policy/reference.js';
import { copyFloorMs, referenceMsPerPair } from './baselines.js';
import { generateCluster, type PolicyCluster } from './policy-cluster.js';
import { seededRandom } from './random.js';
import type { Workload } from './registry.js';
import { gc, median, now, round, rssMiB } from './timing.js';

export const B2_SIZE = { pods: 150_000, policies: 10_000, namespaces: 1_000, seed: 2 };

export function b2Cluster(cached: <T>(key: string, make: () => T) => T): PolicyCluster {
  return cached('cluster-150k', () => generateCluster(B2_SIZE));
}

export const b2: Workload = {
  id: 'B2',
  title: 'factored matrix, 150k pods / 10k policies / 1k ns, all port classes',
  run(ctx) {
    const cluster = b2Cluster(ctx.cached);
    const n = cluster.pods.length;
    ctx.log(`B2: ${n} pods, ${cluster.policies.length} policies`);
    gc();
    const rssBefore = rssMiB();
    let peak = rssBefore;
    const times: number[] = [];
    let classes = 0;
    let groups = 0;
    let cellPairs = 0;
    let build = 0;
    for (let run = 0; run < 3; run++) {
      gc();
      const t0 = now();
      const m = buildMatrix(cluster);
      build = now() - t0;
      const cls = m.portClasses();
      classes = cls.length;
      groups = 0;
      cellPairs = 0;
      for (const c of cls) {
        forEachSourceGroup(m, c, (g) => {
          groups++;
          cellPairs += popcount(g.cells);
        });
        peak = Math.max(peak, rssMiB());
      }
      times.push(now() - t0);
    }
    const m = buildMatrix(cluster);
    const q = { port: 8080, protocol: 'TCP' as const };
    m.row(0, q);
    const rnd = seededRandom(7);
    const rowTimes: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = now();
      m.row(rnd.int(n), q);
      rowTimes.push(now() - t0);
    }
    // Spot agreement with the reference on random pairs, for every class.
    const ref = { namespaces: cluster.namespaces, networkPolicies: cluster.policies, settings: cluster.settings };
    let agree = 0;
    let checked = 0;
    for (const c of m.portClasses()) {
      for (let i = 0; i < 25; i++) {
        const s = rnd.int(n);
        const d = rnd.int(n);
        const ep = (k: number) => {
          const p = cluster.pods[k]!;
          return { kind: 'pod' as const, pod: { ...p, ready: true, terminating: false, dnsPolicy: 'ClusterFirst' as const, generation: 0 }, ip: p.ip };
        };
        checked++;
        if (m.allowed(s, d, c.port, c.protocol) === referenceAllowed(ref, ep(s), ep(d), c.port, c.protocol)) agree++;
      }
    }
    const refPair = referenceMsPerPair(cluster, 300, q.port, q.protocol);
    const refAllMs = refPair.msPerPair * n * n * classes;
    const floorSample = 10_000;
    const copyMs = copyFloorMs(floorSample, 3) * (n / floorSample) ** 2 * classes;
    const t = median(times);
    return {
      median_ms: round(t),
      baseline: `reference evaluator (timed on 300 random pairs, scaled to N² pairs × ${classes} classes)`,
      ratio: round(refAllMs / t, 0),
      sizes: { pods: n, policies: cluster.policies.length, namespaces: B2_SIZE.namespaces, port_classes: classes },
      peak_mib: round(peak, 0),
      extra: {
        build_ms: round(build),
        source_groups_all_classes: groups,
        allowed_cell_pairs: cellPairs,
        row_expand_median_ms: round(median(rowTimes)),
        copy_floor_scaled_ms: round(copyMs, 0),
        copy_floor_ratio: round(t / copyMs, 3),
        rss_before_mib: round(rssBefore, 0),
        reference_us_per_pair: round(refPair.msPerPair * 1000, 1),
        sampled_agreement: `${agree}/${checked}`,
      },
      notes:
        'median of 3 runs of buildMatrix + every class\'s rows over destination cells (factored, not N×N bits); ' +
        'peak_mib is process RSS sampled after each class (includes the generated cluster); copy floor = writing N² bits per class, scaled from 10k',
    };
  },
};

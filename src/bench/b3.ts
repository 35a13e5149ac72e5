/**
 * B3: one change (add/remove a policy, relabel a pod, add a pod) applied to a built matrix whose
 * port views for every class are built, so the change updates them: p99 at 10k and 150k pods.
 */
import { applyChange, buildMatrix, type ReachMatrix } from '../matrix/index.js';
import { b1Cluster } from './b1.js';
import { b2Cluster } from './b2.js';
import { changeSequence, type PolicyCluster } from './policy-cluster.js';
import type { Workload } from './registry.js';
import { gc, median, now, quantile, round } from './timing.js';

function primed(cluster: PolicyCluster): { m: ReachMatrix; ms: number } {
  const t0 = now();
  const m = buildMatrix(cluster);
  for (const c of m.portClasses()) m.row(0, c);
  return { m, ms: now() - t0 };
}

function measure(cluster: PolicyCluster, count: number): { times: number[]; rebuild: number; rowAfter: number[] } {
  const changes = changeSequence(cluster, count + 40, 11);
  let { m, ms: rebuild } = primed(cluster);
  const cls = m.portClasses()[0]!;
  const times: number[] = [];
  const rowAfter: number[] = [];
  gc();
  changes.forEach((change, i) => {
    const t0 = now();
    m = applyChange(m, change);
    const dt = now() - t0;
    if (i >= 40) times.push(dt); // the first 40 warm the JIT
    if (i % 10 === 0) {
      const target = change.kind === 'relabel-pod' ? change.pod : m.size - 1;
      const t1 = now();
      m.row(target, cls);
      rowAfter.push(now() - t1);
    }
  });
  return { times, rebuild, rowAfter };
}

export const b3: Workload = {
  id: 'B3',
  title: 'single change to a built matrix (p99), 10k and 150k pods',
  run(ctx) {
    const small = b1Cluster(ctx.cached);
    ctx.log('B3: 10k');
    const a = measure(small, 800);
    const big = b2Cluster(ctx.cached);
    ctx.log('B3: 150k');
    const b = measure(big, 400);
    const med = median(a.times);
    return {
      median_ms: round(med, 4),
      p99_ms: round(quantile(a.times, 0.99), 4),
      baseline: 'full rebuild (buildMatrix + port views of every class) in the same run',
      ratio: round(a.rebuild / med, 0),
      sizes: { pods: small.pods.length, policies: small.policies.length, changes: a.times.length },
      extra: {
        p99_150k_ms: round(quantile(b.times, 0.99), 4),
        median_150k_ms: round(median(b.times), 4),
        max_10k_ms: round(Math.max(...a.times), 3),
        max_150k_ms: round(Math.max(...b.times), 3),
        rebuild_10k_ms: round(a.rebuild),
        rebuild_150k_ms: round(b.rebuild),
        ratio_150k: round(b.rebuild / median(b.times), 0),
        row_after_change_10k_median_ms: round(median(a.rowAfter), 3),
        row_after_change_150k_median_ms: round(median(b.rowAfter), 3),
        changes_150k: b.times.length,
      },
      notes: 'changes cycle add-policy, remove-policy, relabel-pod (half to new label sets), add-pod; each applied to the previous result',
    };
  },
};

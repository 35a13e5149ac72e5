/**
 * P2: `netscn connlist` end to end on generated manifests of 10,000 pods / 4,000 policies
 * (connlist-manifests.ts; target <= 10 s), with its peak memory and pair count. The pairwise
 * oracle would take hours here, so the baseline is estimated in the same run: the evaluator's
 * time per workload pair (every port interval of every protocol, on the full policy index, as
 * the oracle did before its restricted indexes), timed on SAMPLES random pairs and multiplied by
 * the number of ordered workload pairs.
 */
import { connlistPolicyIndex, podEndpoint, PROTOCOLS, workloadsOf, type ConnlistInput } from '../connlist/connlist.js';
import { evaluatePolicies } from '../policy/evaluate.js';
import { policyPortCuts } from '../policy/port-cuts.js';
import { measureConnlist } from './p1.js';
import { seededRandom } from './random.js';
import type { BenchEntry, Workload } from './registry.js';
import { now, round } from './timing.js';

const SAMPLES = 2_000;

/** Estimated milliseconds of the pairwise evaluation of every ordered workload pair. */
export function pairwiseEstimateMs(input: ConnlistInput, samples: number): number {
  const index = connlistPolicyIndex(input);
  const endpoints = workloadsOf(input.pods, input.kindlessOwners).map(podEndpoint);
  const cuts = PROTOCOLS.map((protocol) => ({ protocol, cuts: policyPortCuts(input, protocol) }));
  const rnd = seededRandom(0x9a1);
  const t0 = now();
  for (let k = 0; k < samples; k++) {
    const src = endpoints[rnd.int(endpoints.length)]!;
    const dst = endpoints[rnd.int(endpoints.length)]!;
    for (const { protocol, cuts: cs } of cuts) for (const port of cs) evaluatePolicies(index, { src, dst, port, protocol });
  }
  const perPair = (now() - t0) / samples;
  return perPair * endpoints.length * (endpoints.length - 1);
}

export const p2: Workload = {
  id: 'P2',
  title: 'netscn connlist end to end on generated manifests, 10,000 pods / 4,000 policies',
  run(ctx): BenchEntry {
    let estimate = NaN;
    const m = measureConnlist(ctx, { pods: 10_000, policies: 4_000, seed: 3 }, 1, false, (input) => (estimate = pairwiseEstimateMs(input, SAMPLES)));
    return {
      median_ms: round(m.e2eMs, 1),
      baseline: `the pairwise evaluator, estimated from ${SAMPLES} sampled workload pairs (every port interval each) × ordered workload pairs, same run`,
      ratio: round(estimate / m.e2eMs, 1),
      ratio_note: 'estimated pairwise analysis time / connlist end-to-end time',
      sizes: { pods: m.pods, policies: m.policies, workloads: m.workloads, pairs: m.lines },
      peak_mib: round(m.peakMiB, 1),
      extra: {
        e2e_ms: round(m.e2eMs, 1),
        analysis_ms: round(m.analysisMs, 1),
        peak_mib: round(m.peakMiB, 1),
        pairs: m.lines,
        ordered_workload_pairs: m.workloads * (m.workloads - 1),
        baseline_estimate_ms: round(estimate, 0),
        targets: 'e2e <= 10,000 ms',
      },
      notes: 'one CLI process run and one warm analysis run (the figures are seconds, not milliseconds).',
    };
  },
};

/** The baselines every policy workload's ratio is measured against, in the same run. */
import type { MatrixPod } from '../matrix/index.js';
import { referenceAllowed, type ReferenceCluster, type ReferenceEndpoint } from '../policy/reference.js';
import type { PodSpec, Protocol } from '../spec/types.js';
import { seededRandom } from './random.js';
import { median, now, timeRuns } from './timing.js';
import type { PolicyCluster } from './policy-cluster.js';

function endpoint(p: MatrixPod): ReferenceEndpoint {
  const pod: PodSpec = { ...p, ready: true, terminating: false, dnsPolicy: 'ClusterFirst', generation: 0 };
  return { kind: 'pod', pod, ip: p.ip };
}

/**
 * Milliseconds the naive reference evaluator takes per pod pair, timed on `samples` random pairs
 * (all-pairs time = this × N²: the reference would take hours on the whole matrix).
 */
export function referenceMsPerPair(cluster: PolicyCluster, samples: number, port: number, protocol: Protocol): { msPerPair: number; allowed: number } {
  const rnd = seededRandom(cluster.size.seed ^ 0x5eed);
  const ref: ReferenceCluster = { namespaces: cluster.namespaces, networkPolicies: cluster.policies, settings: cluster.settings };
  const pairs = Array.from({ length: samples }, () => [endpoint(rnd.pick(cluster.pods)), endpoint(rnd.pick(cluster.pods))] as const);
  let allowed = 0;
  const t0 = now();
  for (const [s, d] of pairs) if (referenceAllowed(ref, s, d, port, protocol)) allowed++;
  return { msPerPair: (now() - t0) / samples, allowed };
}

/** Median milliseconds to write an N×N bit matrix (N rows of N bits, row by row from a template): the copy floor. */
export function copyFloorMs(n: number, runs: number): number {
  const w = (n + 31) >>> 5;
  const template = new Uint32Array(w).fill(0x5a5a5a5a);
  return median(
    timeRuns(runs, () => {
      const words = new Uint32Array(n * w);
      for (let s = 0; s < n; s++) words.set(template, s * w);
      return words.length;
    }).times,
  );
}

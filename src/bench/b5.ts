/**
 * B5: the kube-proxy model alone at 10,000 Services and 150,000 endpoints: model build, one
 * endpoint change, one lookup (destination address → Service).
 *
 * An endpoint change (a pod's readiness) goes the incremental path, against a full rebuild in
 * the same run; the first change also builds the Services-by-namespace index. The lookup is `ownersOf(state, clusterIP)` (the map kube-proxy's rules amount
 * to), against a linear scan of the Services measured in the same run.
 */
import { buildState } from '../model/build-state.js';
import { withPodConditions } from '../model/incremental.js';
import { ownersOf, type ClusterState } from '../model/state.js';
import type { ClusterSpec } from '../spec/types.js';
import { seededRandom } from './random.js';
import type { BenchContext, Workload } from './registry.js';
import { gc, median, now, round, timeRuns } from './timing.js';
import { serviceCluster } from './service-cluster.js';

export function bigServiceCluster(cached: BenchContext['cached']): ClusterSpec {
  return cached('service-cluster-150k', () => serviceCluster({ nodes: 1000, namespaces: 100, services: 10_000, podsPerService: 15 }));
}

export function bigState(cached: BenchContext['cached']): ClusterState {
  return cached('service-state-150k', () => buildState(bigServiceCluster(cached)));
}

export const b5: Workload = {
  id: 'B5',
  title: 'kube-proxy model: 10,000 Services, 150,000 endpoints (build, change, lookup)',
  run(ctx) {
    const spec = bigServiceCluster(ctx.cached);
    ctx.log('B5: build');
    const build = timeRuns(3, () => buildState(spec));
    const state = build.last;
    const buildMs = median(build.times);

    ctx.log('B5: endpoint change');
    // A pod's readiness flips: the incremental path (model/incremental.ts) patches the Services
    // selecting it, against a full rebuild of the state (the baseline, same run). Changes are
    // chained, each on the state the previous one left, as a run's steps are: 200 warm-up
    // changes (the first also builds the lookup indexes), then 400 timed ones; the spec edit
    // itself is the step's and is not timed (after the first three, which the rebuild baseline
    // needs, the spec is no longer edited: the incremental path does not read the pod's spec).
    const random = seededRandom(5);
    const changeTimes: number[] = [];
    const firstChange: number[] = [];
    const rebuildTimes: number[] = [];
    let current: ClusterState = state;
    let currentSpec = spec;
    const WARM = 200;
    const TIMED = 400;
    for (let i = 0; i < WARM + TIMED; i++) {
      const victim = random.int(currentSpec.pods.length);
      const target = currentSpec.pods[victim]!;
      const ready = !target.ready;
      // The spec edit is the caller's (the step's change), outside the timing.
      const pods = i < 3 ? currentSpec.pods.map((p, j) => (j === victim ? { ...p, ready } : p)) : currentSpec.pods;
      const nextSpec = i < 3 ? { ...currentSpec, pods } : currentSpec;
      if (i === WARM) gc();
      const t0 = now();
      const next = withPodConditions(current, nextSpec, `${target.namespace}/${target.name}`, { ready, terminating: target.terminating });
      if (!next) throw new Error('B5: the incremental path refused a readiness change');
      for (const owner of ownersOf(next, next.podsByKey.get(`${target.namespace}/${target.name}`)!.ip!)) void owner;
      const elapsed = now() - t0;
      if (i === 0) firstChange.push(elapsed);
      else if (i >= WARM) changeTimes.push(elapsed);
      current = next;
      currentSpec = nextSpec;
      if (i < 3) {
        gc();
        const t1 = now();
        buildState(nextSpec);
        rebuildTimes.push(now() - t1);
      }
    }
    // The endpoints of the changed Services, materialised once after the chain (kube-proxy's sync).
    const changed = current.services.filter((s) => s !== state.servicesByKey.get(s.key));
    const t2 = now();
    let endpoints = 0;
    for (const s of changed) endpoints += s.endpointsByPort[0]?.length ?? 0;
    const syncMs = now() - t2;

    ctx.log('B5: lookup');
    const vips = state.services.flatMap((s) => (s.clusterIP === undefined ? [] : [s.clusterIP]));
    const lookups = 1_000_000;
    let hits = 0;
    gc();
    const t0 = now();
    for (let i = 0; i < lookups; i++) hits += ownersOf(state, vips[(i * 7919) % vips.length]!).length;
    const lookupNs = ((now() - t0) * 1e6) / lookups;
    // Baseline: the same question answered by scanning the Services.
    const scans = 2_000;
    const t1 = now();
    for (let i = 0; i < scans; i++) {
      const ip = vips[(i * 7919) % vips.length]!;
      hits += state.services.findIndex((s) => s.clusterIP === ip) >= 0 ? 1 : 0;
    }
    const scanNs = ((now() - t1) * 1e6) / scans;
    if (hits === 0) throw new Error('B5: lookups found nothing');

    return {
      median_ms: round(buildMs, 1),
      baseline: 'lookup: linear scan of the Services; change: full rebuild (same run)',
      ratio: round(scanNs / lookupNs, 0),
      ratio_note: `lookup speed-up over the linear scan; change speed-up over a rebuild: ${round(median(rebuildTimes) / median(changeTimes), 0)}x`,
      sizes: { services: state.services.length, endpoints: spec.pods.length, nodes: spec.nodes.length },
      extra: {
        build_ms: round(buildMs, 1),
        endpoint_change_us: round(median(changeTimes) * 1000, 1),
        endpoint_change_p99_us: round(([...changeTimes].sort((x, y) => x - y)[Math.floor(changeTimes.length * 0.99)] ?? 0) * 1000, 1),
        endpoint_change_max_us: round(Math.max(...changeTimes) * 1000, 1),
        first_change_us: round((firstChange[0] ?? 0) * 1000, 1),
        rebuild_ms: round(median(rebuildTimes), 1),
        changed_services_sync_ms: round(syncMs, 2),
        changed_services: changed.length,
        changed_endpoints: endpoints,
        lookup_ns: round(lookupNs, 1),
        scan_lookup_ns: round(scanNs, 0),
      },
      notes: 'targets: build <= 100 ms, change <= 0.05 ms, lookup <= 1000 ns',
    };
  },
};

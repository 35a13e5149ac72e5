/**
 * B5: the kube-proxy model alone at 10,000 Services and 150,000 endpoints: model build, one
 * endpoint change, one lookup (destination address → Service).
 *
 * The model has no incremental path yet: an endpoint change is a rebuild of the state, and the
 * entry says so. The lookup is `ownersOf(state, clusterIP)` (the map kube-proxy's rules amount
 * to), against a linear scan of the Services measured in the same run.
 */
import { buildState } from '../model/build-state.js';
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
    const random = seededRandom(5);
    const changeTimes: number[] = [];
    for (let i = 0; i < 3; i++) {
      const victim = random.int(spec.pods.length);
      const pods = spec.pods.map((p, j) => (j === victim ? { ...p, ready: !p.ready } : p));
      gc();
      const t0 = now();
      buildState({ ...spec, pods });
      changeTimes.push(now() - t0);
    }

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
      baseline: 'lookup: linear scan of the Services (same run); change: full rebuild (no incremental path yet)',
      ratio: round(scanNs / lookupNs, 0),
      ratio_note: 'lookup speed-up over the linear scan; the change is a full rebuild, ratio 1 by construction',
      sizes: { services: state.services.length, endpoints: spec.pods.length, nodes: spec.nodes.length },
      extra: {
        build_ms: round(buildMs, 1),
        endpoint_change_ms: round(median(changeTimes), 1),
        lookup_ns: round(lookupNs, 1),
        scan_lookup_ns: round(scanNs, 0),
      },
      notes: 'targets: build <= 100 ms, change <= 0.05 ms, lookup <= 1000 ns',
    };
  },
};

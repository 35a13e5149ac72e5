/**
 * B4: point assertions with verdicts (DNS, kube-proxy, routing, policy, delivery) on a
 * 150,000-pod, 10,000-Service cluster: model build time and assertions per second.
 *
 * Each assertion is `from pod X reach svc Y` (ClusterIP) with a random source pod and Service,
 * evaluated by `probe`, which enumerates every endpoint the connection may land on (15 here) and
 * walks each; the hops' text is deferred (net/deferred-hop.ts) and, as for a passing assertion,
 * never rendered — the verdict (outcome, backends, shares, source seen) is all that is read. Baseline (same run): the copy floor of writing one verdict record
 * per assertion — the physical limit of any engine.
 */
import { probe } from '../net/probe.js';
import { bigServiceCluster, bigState } from './b5.js';
import { seededRandom } from './random.js';
import type { Workload } from './registry.js';
import { gc, median, now, round } from './timing.js';
import { buildState } from '../model/build-state.js';

export const b4: Workload = {
  id: 'B4',
  title: 'point assertions with verdicts (trace text deferred), 150,000 pods, 10,000 Services',
  run(ctx) {
    const spec = bigServiceCluster(ctx.cached);
    ctx.log('B4: build');
    gc();
    const tb = now();
    const state = buildState(spec);
    const buildMs = now() - tb;
    void bigState; // B5 caches its own state; B4 times a build of its own.

    const random = seededRandom(4);
    const n = 20_000;
    const questions = Array.from({ length: n }, () => {
      const src = spec.pods[random.int(spec.pods.length)]!;
      const svc = spec.services[random.int(spec.services.length)]!;
      return {
        source: { kind: 'pod' as const, namespace: src.namespace, name: src.name },
        target: { kind: 'service' as const, namespace: svc.namespace, name: svc.name, via: 'clusterip' as const },
      };
    });
    ctx.log('B4: probes');
    const rounds: number[] = [];
    let allowed = 0;
    for (let r = 0; r < 3; r++) {
      gc();
      const t0 = now();
      for (const q of questions) if (probe(state, q).flows.every((f) => f.outcome === 'allow')) allowed++;
      rounds.push(now() - t0);
    }
    if (allowed !== 3 * n) throw new Error(`B4: expected every assertion to hold, ${allowed}/${3 * n}`);
    const ms = median(rounds);
    const perS = (n / ms) * 1000;

    // Copy floor: write one verdict record per assertion.
    const floor: number[] = [];
    for (let r = 0; r < 5; r++) {
      const out = new Array<{ ok: boolean; i: number }>(n);
      const t0 = now();
      for (let i = 0; i < n; i++) out[i] = { ok: true, i };
      floor.push(now() - t0);
    }
    const floorMs = median(floor);
    return {
      median_ms: round(ms, 1),
      per_s: Math.round(perS),
      baseline: 'copy floor: writing one verdict record per assertion (same run)',
      ratio: round(ms / floorMs, 0),
      ratio_note: 'times slower than the copy floor (lower is better)',
      sizes: { pods: spec.pods.length, services: spec.services.length, nodes: spec.nodes.length, assertions: n, flows_per_assertion: 15 },
      extra: { build_ms: round(buildMs, 1), flows_per_s: Math.round(perS * 15) },
      notes: 'targets: >= 500,000 assertions/s, build <= 500 ms',
    };
  },
};

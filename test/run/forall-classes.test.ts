/**
 * For-all assertions by classes of alike pods (src/run/groups.ts, src/run/forall-classes.ts)
 * and factored through the reachability matrix (src/run/forall-matrix.ts) must say what probing
 * every pair says. Generated clusters (seeded) are run three times: with the engine's for-all
 * signatures and matrix, with its signatures only, and with an engine that has neither (every
 * pod its own class, so every pair is probed). Verdicts, messages (which carry the counts and the first
 * counterexamples), outcomes, the flows kept and table cells must be equal.
 *
 * Mutations this test caught (each made by hand, seen to fail here, then reverted):
 * - forall-classes.ts with the same-node kind dropped (every pair counted as on two nodes):
 *   seed 6, `from all pods reach all pods expect deny`, differs (NetworkPolicy lets a
 *   hostNetwork pod reach the pods of its own node), and the 3,000-pod count is wrong;
 * - src/net/alike.ts `forAllSignature` without the node's part (the pod's signature alone):
 *   a kind judged on one pool fails while its counterexample on another passes, which
 *   evaluateGroup refuses to hide (it throws), so the run fails here;
 * - forall-matrix.ts taking the pairs on a source's own node from its cell row instead of
 *   asking the matrix (the per-pod exceptions lost): the representatives then disagree with the
 *   matrix (seed 10, `from all pods reach pod y/p1 on any port expect deny`), which the second
 *   test forbids (the classes' fallback kept the verdicts right, so the first could not see it).
 */
import { seededRandom } from '../../src/bench/random.js';
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import type { Engine } from '../../src/run/engine.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import type { CheckResult } from '../../src/run/results.js';
import { runSourceWith } from '../../src/run/source.js';
import { parseAndCheck } from '../../src/check/index.js';
import { evaluateGroup, MAX_GROUP_PROBES } from '../../src/run/groups.js';
import type { ClusterState } from '../../src/net/index.js';

/** Uniform in [0, 1), the same sequence for a seed on every run (mulberry32). */
const rng = (seed: number): (() => number) => seededRandom(seed).next;

const CHECKS = [
  'from all pods reach all pods on any port expect allow',
  'from all pods reach all pods expect deny',
  'from pods app=a reach pods in namespace y on any port expect allow',
  'from pods in namespace x reach all pods port 8080 expect allow',
  'from all pods reach svc x/web expect allow',
  'from all pods reach svc x/web via nodeport expect allow',
  'from node n0 reach all pods on any port expect allow',
  'from pod x/p0 reach all pods on any port expect allow',
  'from all pods reach pod y/p1 on any port expect deny',
  'from internet reach all pods expect timeout',
  'from all pods reach internet expect allow',
  'from all pods reach node n1 port 10250 expect allow',
  'from all pods reach ip 192.168.1.10 port 22 expect allow',
  'from all pods reach all pods via hostport expect allow',
  'from all pods reach all pods on any port expect allow, source preserved',
  'from all pods reach all pods port 8080 expect deny by policy',
  `table ports 8080, 53/udp {
                     | pods in namespace x | pods in namespace y | pod y/p1
  pods in namespace x | allow              | deny                | *
  pods app=b          | deny               | allow               | allow
  node n0             | allow              | allow               | deny
}`,
];

/** A cluster of alike pods and nodes, with policies, security groups, pools and domains telling some apart. */
function generated(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const nodes = 2 + Math.floor(r() * 4);
  const edge = r() < 0.3;
  const network = pick(['overlay', 'vpc-native']);
  const lines = ['cluster gen {', '  pod-cidr 10.244.0.0/16', `  network ${network}`];
  if (edge) lines.push('  pool cloud domain vpc', '  pool site domain lan', `  link lan vpc ${pick(['raven', 'vpn', 'internet'])}`);
  else lines.push('  pool cloud', '  pool site');
  for (let i = 0; i < nodes; i++) {
    const pool = i === 0 ? 'cloud' : pick(['cloud', 'site']);
    lines.push(`  node n${i} ip 192.168.${pool === 'cloud' ? 1 : 2}.${10 + i} pool ${pool} zone ${pick(['z1', 'z2'])}${r() < 0.15 ? ` eip 47.100.0.${10 + i}` : ''}`);
  }
  lines.push('  namespace x labels team=x', '  namespace y labels team=y');
  const pods = 6 + Math.floor(r() * 12);
  for (let i = 0; i < pods; i++) {
    const ns = i === 0 ? 'x' : i === 1 ? 'y' : pick(['x', 'y']);
    const node = `n${Math.floor(r() * nodes)}`;
    const roll = r();
    if (roll < 0.08) {
      lines.push(`  pod p${i} in ${ns} on ${node} labels app=agent host-network ports ${9100 + i}`);
      continue;
    }
    const ports = r() < 0.15 ? pick(['', ' ports http:8080, 53/udp']) : ' ports 8080';
    const hostPort = r() < 0.08 ? ` ports 8080 host-port ${8000 + i} -> 8080` : ports;
    lines.push(`  pod p${i} in ${ns} on ${node} labels app=${pick(['a', 'b', 'b'])}${r() < 0.05 ? ',tier=canary' : ''}${hostPort}${r() < 0.05 ? ' not-ready' : ''}`);
  }
  lines.push(`  service web in x type nodeport selector app=b port 80 -> 8080${r() < 0.3 ? ' external-traffic-policy local' : ''}`);
  if (r() < 0.7) {
    lines.push('  network-policy guard in y {', '    select app=b');
    lines.push(`    allow ingress from ${pick(['pods app=a', 'namespaces team=x', 'pods all', 'cidr 10.244.0.0/17', 'cidr 192.168.1.0/24'])}${r() < 0.5 ? ' ports 8080' : ''}`);
    lines.push('  }');
  }
  if (r() < 0.4) lines.push('  network-policy deny-out in x {', '    select app=a', '    deny egress', '  }');
  if (r() < 0.4) lines.push('  network-policy canary in x {', '    select tier=canary', '    allow ingress from pods app=b ports 53/udp', '  }');
  if (r() < 0.5) {
    lines.push(`  security-group sg attach pool ${pick(['cloud', 'site'])}`);
    lines.push(`  security-group sg allow ${pick(['tcp 8080', 'tcp 30000-32767', 'all'])} from ${pick(['192.168.0.0/16', '192.168.1.0/24', '10.244.0.0/16', '0.0.0.0/0'])}`);
  }
  if (network === 'vpc-native' && r() < 0.3) lines.push(`  security-group dbs attach pods app=b in namespace y`, '  security-group dbs allow tcp 8080 from 192.168.1.0/24');
  if (r() < 0.3) lines.push('  set hostnetwork-policy pod');
  lines.push('}');
  return lines.join('\n');
}

/** What the two runs must agree on, per check. */
function outcome(c: CheckResult): unknown {
  return {
    passed: c.passed,
    message: c.message,
    flows: c.flows.map((f) => `${f.outcome}${f.cause ? `:${f.cause}` : ''} ${f.hops.length}`),
    counterexample: c.counterexample ? `${c.counterexample.outcome} ${c.counterexample.hops.length}` : undefined,
    table: c.table?.cells.map((x) => `${x.row},${x.column}:${x.actual}${x.passed ? '' : `✗ ${x.message ?? ''}`}`),
  };
}

function counted(engine: Engine): { engine: Engine; probes: () => number } {
  let n = 0;
  return {
    engine: {
      ...engine,
      probe: (state, p) => {
        n++;
        return engine.probe(state, p);
      },
    },
    probes: () => n,
  };
}

function run(engine: Engine, source: string): CheckResult[] {
  const r = runSourceWith(engine, source, '/virtual/forall.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error'), source).toEqual([]);
  return (r.result?.steps ?? []).flatMap((s) => s.checks);
}

describe('for-all assertions by classes of alike pods', () => {
  it('agree with probing every pair on generated clusters', () => {
    const { forAllSignature: _signature, forAllPolicy: _policy, ...rest } = defaultEngine;
    void _signature;
    const { forAllPolicy: _unused, ...classesOnly } = defaultEngine;
    void _unused;
    const byMatrix = counted(defaultEngine);
    const byClasses = counted(classesOnly);
    const pairwise = counted(rest);
    let failing = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const source = `${generated(seed)}\n${CHECKS.join('\n')}\n`;
      const want = run(pairwise.engine, source);
      for (const engine of [byMatrix.engine, byClasses.engine]) {
        const got = run(engine, source);
        expect(got.length).toBe(want.length);
        want.forEach((w, i) => {
          expect(outcome(got[i]!), `seed ${seed}, ${engine === byMatrix.engine ? 'matrix' : 'classes'}, ${CHECKS[i]}\n${source}`).toEqual(outcome(w));
        });
      }
      failing += want.filter((w) => !w.passed).length;
    }
    // The generator must give both verdicts, classes must save probes, and the matrix more.
    expect(failing).toBeGreaterThan(200);
    expect(byClasses.probes()).toBeLessThan(pairwise.probes() * 0.8);
    expect(byMatrix.probes()).toBeLessThan(byClasses.probes());
  }, 300_000);

  it('factor through the matrix wherever it applies, its representatives never disagreeing with it', () => {
    const methods = new Map<string, number>();
    for (let seed = 1; seed <= 40; seed++) {
      const source = `${generated(seed)}\n${CHECKS.join('\n')}\n`;
      const checked = parseAndCheck(source, '/virtual/forall.netscn', { readFile: noFiles });
      const scenario = checked.scenario!;
      const state = defaultEngine.buildState(scenario.cluster) as ClusterState;
      const forAll = {
        signature: (namespace: string, name: string, scope: Parameters<NonNullable<Engine['forAllSignature']>>[3]) => defaultEngine.forAllSignature!(state, namespace, name, scope),
        policy: () => defaultEngine.forAllPolicy!(state),
      };
      for (const c of scenario.steps[0]!.checks) {
        if (c.kind !== 'group') continue;
        const v = evaluateGroup(c, scenario.cluster, (p) => defaultEngine.probe(state, p), MAX_GROUP_PROBES, forAll);
        expect(v.matrixDisagreed, `seed ${seed}, ${c.text}`).toBeUndefined();
        methods.set(v.method, (methods.get(v.method) ?? 0) + 1);
      }
    }
    // Pod-to-pod outcome checks from pods (seven of the checks, when no target is hostNetwork and
    // the groups are not empty) go through the matrix; the others by classes or pairs.
    expect(methods.get('matrix')).toBeGreaterThan(100);
    expect(methods.get('classes')).toBeGreaterThan(0);
    expect(methods.get('pairs')).toBeGreaterThan(0);
  });

  it('answer a for-all over 3,000 pods in a few probes, counting every connection', () => {
    const lines = ['cluster big {', '  pod-cidr 10.128.0.0/12', '  namespace x labels team=x'];
    for (let n = 0; n < 30; n++) lines.push(`  node n${n} ip 192.168.${n >> 8}.${(n & 255) + 10}`);
    for (let i = 0; i < 3000; i++) lines.push(`  pod p${i} in x on n${i % 30} labels app=${i % 3 === 0 ? 'a' : 'b'} ports 8080`);
    lines.push('  network-policy only-a in x {', '    select app=b', '    allow ingress from pods app=a', '  }', '}');
    lines.push('from all pods reach all pods on any port expect allow');
    const c = counted(defaultEngine);
    const [check] = run(c.engine, `${lines.join('\n')}\n`);
    // 3,000 × 2,999 connections; those from a `b` pod to a `b` pod fail (2,000 × 1,999).
    expect(check?.message).toMatch(/^3998000 of 8997000 connections fail; first: pod x\/p2 → pod x\/p1 TCP 8080: expected allow, got timeout \(policy\); also pod x\/p4 → pod x\/p1 TCP 8080, pod x\/p5 → pod x\/p1 TCP 8080, pod x\/p7 → pod x\/p1 TCP 8080 and 3997996 more$/);
    expect(c.probes()).toBeLessThan(100);
  });
});

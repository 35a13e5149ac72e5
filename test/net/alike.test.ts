/**
 * Paths alike (src/net/alike.ts): a connection answered by classes of equivalent nodes and
 * endpoints must say what full enumeration says. Generated clusters (seeded) are probed twice,
 * with every fan-out listed (the default, their sizes being small) and with every fan-out
 * summarised (`set summarise-above 0`); path counts, outcome shares and path counts, per-pod
 * shares, backends and sources seen must agree. Then the issue's reproducer: a load balancer
 * over 2,000 nodes × 2,000 endpoints is answered.
 */
import { seededRandom } from '../../src/bench/random.js';
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import type { Flow } from '../../src/net/types.js';
import { backendsOf, pathCount, pathsOf } from '../../src/run/reach.js';
import { runSource } from '../../src/host/run-source.js';

/** Uniform in [0, 1), the same sequence for a seed on every run (mulberry32). */
const rng = (seed: number): (() => number) => seededRandom(seed).next;

const PROBES = [
  'from internet reach svc web expect allow',
  'from internet reach svc web via nodeport expect allow',
  'from host vm reach svc web via nodeport expect allow',
  'from host vm reach svc web expect allow',
  'from pod client reach svc web via nodeport expect allow',
  'from pod client reach svc web expect allow',
  'from node n1 reach svc web via nodeport expect allow',
  'from pod web-0 reach svc web via loadbalancer expect allow',
];

/** A cluster of a few pools of alike nodes, with rules that tell some of them apart. */
function generated(seed: number): string {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const nodes = 3 + Math.floor(r() * 5);
  const lines = ['cluster gen {', '  pod-cidr 10.244.0.0/16', `  network ${pick(['overlay', 'vpc-native'])}`];
  // Nodes of a pool alike (zone, pods per node), with a few exceptions.
  const perNode = { a: Math.floor(r() * 3), b: Math.floor(r() * 3) };
  const zone = { a: pick(['z1', 'z2']), b: pick(['z1', 'z2']) };
  const pools: ('a' | 'b')[] = [];
  for (let i = 0; i < nodes; i++) {
    const pool: 'a' | 'b' = i === 0 ? 'a' : i === 1 ? 'b' : pick(['a', 'b'] as const);
    pools.push(pool);
    const eip = r() < 0.15 ? ` eip 47.100.0.${10 + i}` : '';
    lines.push(`  node n${i} ip 192.168.${pool === 'a' ? 1 : 2}.${10 + i} pool ${pool} zone ${r() < 0.85 ? zone[pool] : pick(['z1', 'z2'])}${eip}${r() < 0.05 ? ' not-ready' : ''}`);
  }
  let web = 0;
  for (let i = 0; i < nodes; i++) {
    const here = perNode[pools[i] as 'a' | 'b'] + (r() < 0.1 ? 1 : 0);
    for (let k = 0; k < here; k++) lines.push(`  pod web-${web++} on n${i} labels app=web${r() < 0.1 ? ',tier=canary' : ''} ports 8080${r() < 0.05 ? ' not-ready' : ''}`);
  }
  if (web === 0) lines.push(`  pod web-${web++} on n0 labels app=web ports 8080`);
  lines.push(`  pod client on n${Math.floor(r() * nodes)} labels app=client`);
  lines.push('  host vm ip 192.168.9.9 in vpc');
  const etp = r() < 0.25 ? ' external-traffic-policy local' : '';
  lines.push(`  service web type loadbalancer selector app=web port 80 -> 8080 lb-ip 198.51.100.9${etp}${r() < 0.2 ? ' source-ranges 192.168.0.0/16' : ''}`);
  if (r() < 0.5) {
    lines.push('  network-policy guard {', '    select app=web');
    lines.push(`    allow ingress from cidr ${pick(['192.168.1.0/24', '192.168.2.0/25', '192.168.1.12/32', '192.168.2.13/32', '10.244.3.0/24', '0.0.0.0/0'])}`);
    if (r() < 0.5) lines.push('    allow ingress from pods app=client');
    if (r() < 0.3) lines.push('    allow ingress from cidr 10.244.0.0/16 except 10.244.1.0/24');
    lines.push('  }');
  }
  if (r() < 0.5) {
    lines.push(`  security-group sg attach pool ${pick(['a', 'b'])}`);
    lines.push(`  security-group sg allow tcp 30000-32767 from ${pick(['192.168.0.0/16', '192.168.9.0/24', '0.0.0.0/0', '192.168.1.0/24', '192.168.1.14/32'])}`);
    if (r() < 0.5) lines.push('  security-group sg allow all from 192.168.0.0/16');
  }
  lines.push('}');
  return lines.join('\n');
}

interface Summary {
  readonly paths: number;
  readonly byOutcome: Record<string, { paths: number; share: number }>;
  readonly pods: Record<string, number>;
  readonly sources: readonly string[];
}

const round = (x: number): number => Math.round(x * 1e7) / 1e7;

/** What full enumeration and summaries must agree on. */
function summary(flows: readonly Flow[]): Summary {
  const byOutcome: Record<string, { paths: number; share: number }> = {};
  const pods: Record<string, number> = {};
  const sources = new Set<string>();
  for (const f of flows) {
    const key = `${f.outcome}${f.cause ? `:${f.cause}` : ''}`;
    const o = (byOutcome[key] ??= { paths: 0, share: 0 });
    o.paths += pathsOf(f);
    o.share += f.share ?? 1;
    for (const { backend, share } of backendsOf(f)) {
      const name = backend.pod ? `${backend.pod.namespace}/${backend.pod.name}` : `${backend.node ?? ''}@${backend.ip}:${backend.port}`;
      pods[name] = (pods[name] ?? 0) + share;
    }
    if (f.outcome === 'allow') for (const s of f.alike?.sourcesSeen ?? [f.sourceSeen ?? f.sourceIp]) sources.add(s);
  }
  for (const o of Object.values(byOutcome)) o.share = round(o.share);
  for (const k of Object.keys(pods)) pods[k] = round(pods[k] ?? 0);
  return { paths: pathCount(flows), byOutcome, pods, sources: [...sources].sort() };
}

function flowsOf(source: string): (readonly Flow[])[] {
  const run = runSource(source, '/virtual/alike.netscn', { readFile: noFiles });
  expect(run.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return (run.result?.steps ?? []).flatMap((s) => s.checks.map((c) => c.flows));
}

describe('paths alike', () => {
  it('summarised answers agree with full enumeration on generated clusters', () => {
    let summarised = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const cluster = generated(seed);
      const probes = PROBES.join('\n') + '\n';
      const exact = flowsOf(`${cluster}\n${probes}`);
      const alike = flowsOf(`${cluster.replace('cluster gen {', 'cluster gen {\n  set summarise-above 0')}\n${probes}`);
      expect(alike.length).toBe(exact.length);
      exact.forEach((flows, i) => {
        const got = alike[i] ?? [];
        if (got.length < flows.length) summarised++;
        expect(summary(got), `seed ${seed}, ${PROBES[i]}\n${cluster}`).toEqual(summary(flows));
      });
    }
    // The generator must exercise summaries, not only clusters where every object is unique.
    expect(summarised).toBeGreaterThan(100);
  }, 120_000);

  it('answers a load balancer over 2,000 nodes × 2,000 endpoints, each path class with what it stands for', () => {
    let s = 'cluster big {\n  pod-cidr 10.128.0.0/9\n';
    for (let i = 0; i < 2000; i++) s += `  node n${i} ip 10.${(i >> 8) & 255}.${i & 255}.10\n`;
    for (let i = 0; i < 2000; i++) s += `  pod web-${i} on n${i} labels app=web ports 8080\n`;
    s += '  service web type loadbalancer selector app=web port 80 -> 8080 lb-ip 198.51.100.9\n}\n';
    s += 'from internet reach svc web expect allow, share web-7 0.05%, source masqueraded\nfrom pod web-3 reach svc web via nodeport expect allow\n';
    const run = runSource(s, '/virtual/big.netscn', { readFile: noFiles });
    const checks = run.result?.steps[0]?.checks ?? [];
    expect(checks.map((c) => [c.passed, c.message])).toEqual([
      [true, expect.stringContaining('all 4,000,000 paths')],
      [true, expect.stringContaining('all 4,000,000 paths')],
    ]);
    const lb = checks[0]?.flows ?? [];
    expect(lb.length).toBeLessThan(20);
    expect(pathCount(lb)).toBe(4_000_000);
    expect(round(lb.reduce((a, f) => a + (f.share ?? 1), 0))).toBe(1);
  }, 120_000);

  it('refuses, with the numbers, a summarised path meeting a second fan-out', () => {
    const cluster = (extra: string): string =>
      [
        'cluster c {',
        extra,
        '  node n1 ip 192.168.0.11',
        '  node n2 ip 192.168.0.12',
        '  node n3 ip 192.168.0.13',
        '  pod web-1 on n2 labels app=web ports 8080',
        '  pod web-2 on n3 labels app=web ports 8080',
        '  pod client on n1 labels app=client',
        '  service web type loadbalancer selector app=web port 80 -> 8080 lb-ip 198.51.100.9',
        '  service front port 80',
        '  endpoint-slice front-1 for front ports 80 {',
        '    endpoint 198.51.100.9',
        '  }',
        '}',
        'from pod client reach svc front expect allow',
        '',
      ].join('\n');
    // Listed in full, the path through the second load balancer is answered.
    const exact = runSource(cluster(''), '/virtual/nested.netscn', { readFile: noFiles });
    expect(exact.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(exact.result?.steps[0]?.checks[0]?.flows.every((f) => f.alike === undefined)).toBe(true);
    // Summarised, the second fan-out would be miscounted: a clear refusal instead.
    const summarised = runSource(cluster('  set summarise-above 0'), '/virtual/nested.netscn', { readFile: noFiles });
    const check = summarised.result?.steps[0]?.checks[0];
    expect(check?.passed).toBe(false);
    expect(check?.message).toContain('does not summarise paths within summarised paths');
  });
});


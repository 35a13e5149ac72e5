/**
 * One assertion through a load balancer (or to a NodePort of every node) fans out over nodes ×
 * endpoints. Paths alike are summarised (test/net/alike.test.ts); when even the classes of
 * paths are past MAX_PATHS (every node and pod told apart), it fails with a clear message
 * instead of exhausting memory.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { MAX_PATHS } from '../../src/net/path-limit.js';
import { runSource } from '../../src/host/run-source.js';

/** N nodes with one pod each, every pod labelled apart (so no two nodes or endpoints are alike). */
function cluster(n: number, policy = ''): string {
  let s = 'cluster big {\n  pod-cidr 10.128.0.0/9\n';
  for (let i = 0; i < n; i++) s += `  node n${i} ip 10.${(i >> 8) & 255}.${i & 255}.10\n`;
  for (let i = 0; i < n; i++) s += `  pod web-${i} on n${i} labels app=web,i=${i} ports 8080\n`;
  s += `  service web type loadbalancer selector app=web port 80 -> 8080 lb-ip 198.51.100.9${policy}\n}\n`;
  return s;
}

describe('the path limit', () => {
  it('refuses a fan-out over the bound with the numbers, and answers one under it', () => {
    const n = Math.ceil(Math.sqrt(MAX_PATHS)) + 1;
    const big = runSource(cluster(n) + 'from internet reach svc web expect allow\nfrom internet reach svc web via nodeport expect allow\n', '/virtual/b.netscn', { readFile: noFiles });
    const checks = big.result?.steps[0]?.checks ?? [];
    expect(checks.map((c) => c.passed)).toEqual([false, false]);
    expect(checks[0]?.message).toContain(`${n} nodes × ${n} endpoints of Service default/web, in ${n} classes of nodes alike`);
    expect(checks[1]?.message).toContain('narrow it');
    // `at node N` narrows the NodePort fan-out to one node's.
    const one = runSource(cluster(n) + 'from internet reach svc web via nodeport at node n0 expect allow\n', '/virtual/b.netscn', { readFile: noFiles });
    expect(one.result?.steps[0]?.checks[0]?.message).not.toContain('paths (');
  });
  it('does not apply under externalTrafficPolicy Local, where each node keeps to its own endpoints', () => {
    const n = Math.ceil(Math.sqrt(MAX_PATHS)) + 1;
    const local = runSource(cluster(n, ' external-traffic-policy local') + 'from internet reach svc web expect allow\n', '/virtual/b.netscn', { readFile: noFiles });
    expect(local.diagnostics).toEqual([]);
    expect(local.result?.steps[0]?.checks[0]?.passed).toBe(true);
  });
});

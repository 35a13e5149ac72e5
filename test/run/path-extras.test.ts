/**
 * `masquerade-mark yes|no` asserts kube-proxy's decision itself (reference §4.3), which a node's
 * own packets do not show in their address; `[not] through STAGE` asserts which stages a path
 * takes (ipMode VIP short-circuits a load balancer's address, ipMode Proxy does not, §4.5).
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const cluster = `cluster c {
  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12
  pod web-1 on n2 labels app=web ports 8080
  pod client on n1
  service web type loadbalancer selector app=web port 80 -> 8080 lb-ip 198.51.100.20
  service proxied type loadbalancer selector app=web port 80 -> 8080 lb-ip 198.51.100.21 lb-ip-mode Proxy
}
`;
const verdicts = (assertions: string): [boolean, string][] => {
  const run = runSource(cluster + assertions, '/virtual/p.netscn', { readFile: noFiles });
  expect(run.diagnostics).toEqual([]);
  return (run.result?.steps[0]?.checks ?? []).map((c) => [c.passed, c.message]);
};

describe('masquerade-mark', () => {
  it("holds where kube-proxy marks, and fails where it does not, the address being the same", () => {
    const v = verdicts(
      [
        'from node n1 reach svc web expect allow, source preserved, masquerade-mark yes',
        'from node n1 reach svc web expect allow, source preserved, masquerade-mark no',
        'from pod client reach svc web expect allow, masquerade-mark no',
        'from pod client reach svc web expect allow, masquerade-mark yes',
      ].join('\n') + '\n',
    );
    expect(v.map(([p]) => p)).toEqual([true, false, true, false]);
    expect(v[1]?.[1]).toContain('not to mark the packet for masquerade, but it does');
    expect(v[3]?.[1]).toContain('to mark the packet for masquerade, but it does not');
  });
});

describe('through STAGE', () => {
  it('tells the short-circuit (ipMode VIP) from a real trip through the load balancer (ipMode Proxy)', () => {
    const v = verdicts(
      [
        'from pod client reach svc web via loadbalancer expect allow, not through load-balancer',
        'from pod client reach svc web via loadbalancer expect allow, through load-balancer',
        'from pod client reach svc proxied via loadbalancer expect intermittent, through load-balancer',
        'from pod client reach svc proxied via loadbalancer expect intermittent, not through load-balancer',
        'from internet reach svc web expect allow, through load-balancer, through security-group',
      ].join('\n') + '\n',
    );
    expect(v.map(([p]) => p)).toEqual([true, false, true, false, false]);
    expect(v[1]?.[1]).toContain('expected every path through load-balancer');
    // Nodes with no security group: no path meets one.
    expect(v[4]?.[1]).toContain('expected every path through security-group');
  });
  it('names an unknown stage with did-you-mean', () => {
    const run = runSource(cluster + 'from pod client reach svc web expect allow, through loadbalancer\n', '/virtual/p.netscn', { readFile: noFiles });
    expect(run.diagnostics.map((d) => [d.message, d.help])).toEqual([['unknown stage `loadbalancer`', 'did you mean `load-balancer`?']]);
  });
});

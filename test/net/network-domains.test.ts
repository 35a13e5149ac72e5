/**
 * Network domains and their links (clouds.md, A+04, seed 001): the internet
 * carries packets to public addresses only; private addresses of another domain need Raven's
 * tunnel, a leased line or a VPN; Raven needs the edge to reach the internet.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import type { ClusterState } from '../../src/model/state.js';
import { flows, fromPod, outcomes } from './probe-helpers.js';

function lab(links: string): ClusterState {
  const text = `cluster edge {
  pool cloud domain vpc
  pool factory domain lan
  node c1 ip 172.16.0.11 pool cloud
  node e1 ip 192.168.50.11 pool factory
  pod monitor on c1 ports 9090
  pod agent on e1 ports 9100
  host scada ip 192.168.50.200 domain lan
  host api ip 198.18.7.7
${links}}
`;
  const r = parseAndCheck(text, 'test.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  return buildState(r.scenario.cluster);
}

const toPod = (name: string) => ({ kind: 'pod', namespace: 'default', name }) as const;
const lastText = (fs: ReturnType<typeof flows>): string => fs[0]?.hops.at(-1)?.text ?? '';

describe('network domains', () => {
  it('the internet carries nothing to private addresses of another domain, whichever side sends', () => {
    const s = lab('  link lan vpc internet\n');
    const up = flows(s, fromPod('agent'), toPod('monitor'), { port: 9090 });
    expect(outcomes(up)).toEqual(['timeout:no-route']);
    expect(lastText(up)).toContain('public addresses');
    expect(outcomes(flows(s, { kind: 'node', name: 'e1' }, { kind: 'node', name: 'c1' }, { port: 10250 }))).toEqual(['timeout:no-route']);
    expect(outcomes(flows(s, { kind: 'host', name: 'scada' }, { kind: 'node', name: 'c1' }, { port: 22 }))).toEqual(['timeout:no-route']);
    expect(outcomes(flows(s, fromPod('monitor'), toPod('agent'), { port: 9100 }))).toEqual(['timeout:no-route']);
  });
  it('a domain with an internet link reaches the internet through its own access; one without does not', () => {
    expect(outcomes(flows(lab('  link lan vpc internet\n'), { kind: 'host', name: 'scada' }, { kind: 'host', name: 'api' }, { port: 443 }))).toEqual(['allow']);
    expect(outcomes(flows(lab('  link lan vpc internet\n'), fromPod('agent'), { kind: 'host', name: 'api' }, { port: 443 }))).toEqual(['allow']);
    const closed = flows(lab('  link lan vpc leased-line\n'), fromPod('agent'), { kind: 'host', name: 'api' }, { port: 443 });
    expect(outcomes(closed)).toEqual(['timeout:no-route']);
    expect(lastText(closed)).toContain('no internet access');
  });
  it('a leased line carries private traffic both ways', () => {
    const s = lab('  link vpc lan leased-line\n');
    expect(outcomes(flows(s, fromPod('monitor'), toPod('agent'), { port: 9100 }))).toEqual(['allow']);
    expect(outcomes(flows(s, fromPod('agent'), toPod('monitor'), { port: 9090 }))).toEqual(['allow']);
  });
  it("Raven's tunnel is down without the edge's internet access, up with it", () => {
    const down = flows(lab('  link lan vpc raven\n'), fromPod('monitor'), toPod('agent'), { port: 9100 });
    expect(outcomes(down)).toEqual(['timeout:no-route']);
    expect(lastText(down)).toContain('domain lan has no internet access');
    const up = lab('  link lan vpc internet\n  link lan vpc raven\n');
    expect(outcomes(flows(up, fromPod('monitor'), toPod('agent'), { port: 9100 }))).toEqual(['allow']);
    // Raven carries the cluster's own traffic, not other machines'.
    expect(outcomes(flows(up, { kind: 'host', name: 'scada' }, { kind: 'node', name: 'c1' }, { port: 22 }))).toEqual(['timeout:no-route']);
  });
  it("Raven's L7 proxy needs the internet too, and carries traffic to node addresses only", () => {
    expect(outcomes(flows(lab('  link lan vpc raven-proxy\n'), { kind: 'node', name: 'c1' }, { kind: 'node', name: 'e1' }, { port: 10250 }))).toEqual(['timeout:no-route']);
    const up = lab('  link lan vpc internet\n  link lan vpc raven-proxy\n');
    expect(outcomes(flows(up, { kind: 'node', name: 'c1' }, { kind: 'node', name: 'e1' }, { port: 10250 }))).toEqual(['allow']);
    expect(outcomes(flows(up, fromPod('monitor'), toPod('agent'), { port: 9100 }))).toEqual(['timeout:no-route']);
  });
});

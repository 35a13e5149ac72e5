/**
 * Hosts that route the service CIDR to a node (`route CIDR via node N`): kube-proxy on that node
 * takes the ClusterIP packet and masquerades it by its local-traffic detector (reference §4.3).
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import { flows, outcomes } from './probe-helpers.js';

function lab(extra = ''): ReturnType<typeof buildState> {
  const r = parseAndCheck(
    `cluster c {\n${extra}  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12\n  pod web-1 on n2 labels app=web ports 8080\n  service web selector app=web port 80 -> 8080\n  host router ip 192.168.0.1 in vpc route 10.96.0.0/12 via node n1\n}\n`,
    'h.netscn',
  );
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return buildState(r.scenario!.cluster);
}
const toWeb = { kind: 'service', namespace: 'default', name: 'web', via: 'clusterip' } as const;
const router = { kind: 'host', name: 'router' } as const;

describe('host routes to a node', () => {
  it('take ClusterIP packets to the node, where kube-proxy DNATs and masquerades them', () => {
    const fs = flows(lab(), router, toWeb);
    expect(outcomes(fs)).toEqual(['allow']);
    expect(fs[0]?.sourceSeen).toBe('192.168.0.11');
    expect(fs[0]?.hops.some((h) => h.rule === 'host router route 10.96.0.0/12 via node n1')).toBe(true);
  });
  it('keep the source when the detector does not know the pod CIDR', () => {
    const fs = flows(lab('  set detect-local-by-pod-cidr false\n'), router, toWeb);
    expect(outcomes(fs)).toEqual(['allow']);
    expect(fs[0]?.sourceSeen).toBe('192.168.0.1');
  });
  it("meet the node's security groups", () => {
    const fs = flows(lab('  pool w\n  security-group w allow tcp 22 from 0.0.0.0/0\n  security-group w attach node n1\n'), router, toWeb);
    expect(outcomes(fs)).toEqual(['timeout:security-group']);
  });
  it('refuse an unknown node and an internet host', () => {
    const bad = parseAndCheck('cluster c {\n  node n1 ip 192.168.0.11\n  host r ip 192.168.0.1 in vpc route 10.96.0.0/12 via node n9\n  host i ip 198.18.0.1 route 10.96.0.0/12 via node n1\n}\n', 'h.netscn');
    expect(bad.diagnostics.map((d) => d.message)).toEqual(expect.arrayContaining(['unknown node `n9`', 'a host on the internet cannot route to a node']));
  });
});

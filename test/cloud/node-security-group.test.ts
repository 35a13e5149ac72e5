/**
 * Provider default node security groups (clouds.md C+03 [cce-sg], ACK [ack-sg], TKE [tke-sg]):
 * created with the cluster, attached to nodes that have no group of their own, editable by name.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import type { ClusterSpec } from '../../src/spec/types.js';

function spec(body: string): ClusterSpec {
  const r = parseAndCheck(`cluster lab {\n${body}}\n`, 'test.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  return r.scenario.cluster;
}

const rules = (s: ClusterSpec, name: string): string[] =>
  (s.securityGroups.find((g) => g.name === name)?.rules ?? []).map((r) => `${r.protocol} ${r.ports.join('-')} ${r.group !== undefined ? `group ${r.group}` : r.cidr}`);

describe('provider node security groups', () => {
  it("CCE's tunnel network: its own members, the container CIDR, node ports, SSH, VXLAN 4789, ICMP from the VPC's block", () => {
    const s = spec('  provider cce\n  pod-cidr 172.16.0.0/16\n  node n1 ip 192.168.0.11\n');
    expect(rules(s, 'cce-node')).toEqual([
      'all 1-65535 group cce-node',
      'all 1-65535 172.16.0.0/16',
      'TCP 30000-32767 0.0.0.0/0',
      'UDP 30000-32767 0.0.0.0/0',
      'TCP 22-22 0.0.0.0/0',
      'UDP 4789-4789 0.0.0.0/0',
      'ICMP 1-65535 192.168.0.0/16',
    ]);
  });
  it("CCE's VPC network admits the VPC's block (the first node's private block, or `set vpc-cidr`)", () => {
    expect(rules(spec('  provider cce\n  network underlay\n  node n1 ip 192.168.0.11\n'), 'cce-node')).toContain('all 1-65535 192.168.0.0/16');
    expect(rules(spec('  provider cce\n  network underlay\n  set vpc-cidr 192.168.0.0/20\n  node n1 ip 192.168.0.11\n'), 'cce-node')).toContain('all 1-65535 192.168.0.0/20');
  });
  it('ACK admits the pod CIDR only with Flannel (Terway pods are VPC addresses), and ICMP from anywhere; vanilla has no group', () => {
    expect(rules(spec('  provider ack\n  node n1 ip 172.16.0.11\n'), 'ack-node')).toEqual(['all 1-65535 group ack-node', 'all 1-65535 10.244.0.0/16', 'ICMP 1-65535 0.0.0.0/0']);
    expect(rules(spec('  provider ack\n  network vpc-native\n  node n1 ip 172.16.0.11\n'), 'ack-node')).toEqual(['all 1-65535 group ack-node', 'ICMP 1-65535 0.0.0.0/0']);
    expect(spec('  node n1 ip 192.168.0.11\n').securityGroups).toEqual([]);
  });
  it("a scenario's lines naming the default group add to it", () => {
    const s = spec('  provider tke\n  node n1 ip 10.0.1.11\n  security-group tke-node allow tcp 8080 from 10.0.0.0/8\n');
    expect(s.securityGroups.filter((g) => g.name === 'tke-node')).toHaveLength(1);
    expect(rules(s, 'tke-node').at(-1)).toBe('TCP 8080-8080 10.0.0.0/8');
  });
  it('attaches to nodes without a group of their own, in the main network only', () => {
    const st = buildState(
      spec(
        '  provider cce\n  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12 pool custom\n  node n3 ip 10.9.0.3 domain idc\n  link idc vpc leased-line\n  security-group custom allow tcp 22 from 0.0.0.0/0\n',
      ),
    );
    expect(st.securityGroupsByNode.get('n1')?.map((g) => g.name)).toEqual(['cce-node']);
    expect(st.securityGroupsByNode.get('n2')?.map((g) => g.name)).toEqual(['custom']);
    expect(st.securityGroupsByNode.get('n3')).toBeUndefined();
  });
  it("VPC-native pods' ENIs are members of their node's groups", () => {
    const st = buildState(spec('  provider ack\n  network vpc-native\n  node n1 ip 172.16.0.11\n  pod a on n1\n'));
    const a = st.podsByKey.get('default/a');
    expect(a?.ip).toBeDefined();
    expect(st.securityGroupMembers.get('ack-node')?.has(a?.ip ?? '')).toBe(true);
  });
});

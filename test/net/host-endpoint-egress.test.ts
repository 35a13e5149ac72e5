/**
 * Egress host endpoint policy on the packet's path (net/host-endpoint.ts leaveNode; policy/calico-host.ts, 7 and 8):
 * connections a node's own processes and hostNetwork pods open, and connections its pods send out,
 * through an interface a HostEndpoint stands for; the trace names the HostEndpoint, the policy, the
 * rule and the action, or the failsafe setting.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const CLUSTER = (policies: string) => `cluster c {
  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12
  set internet-exit direct
  host laptop ip 203.0.113.7
  host mirror ip 198.51.100.9
  host bastion ip 192.168.9.9 in vpc
  pod agent in default on n1 labels app=agent host-network
  pod web in default on n1 labels app=web
  pod db in default on n2 labels app=db ports 5432
  yaml """
    apiVersion: projectcalico.org/v3
    kind: HostEndpoint
    metadata: {name: n1-eth0, labels: {role: worker}}
    spec: {node: n1, interfaceName: eth0}
${policies.replace(/^/gm, '    ')}
  """
}
`;

function run(policies: string, probes: string) {
  const r = runSource(CLUSTER(policies) + probes, '/virtual/host-egress.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const checks = r.result!.steps.flatMap((s) => s.checks);
  return checks.map((c) => ({ passed: c.passed, policy: c.flows.flatMap((f) => f.hops.filter((h) => h.stage === 'policy').map((h) => h.text)) }));
}

const EGRESS_443 = `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: worker-egress}
spec:
  selector: role == 'worker'
  order: 10
  types: [Egress]
  egress:
  - action: Allow
    protocol: TCP
    destination: {nets: [203.0.113.0/24], ports: [443]}`;

describe('egress host endpoint policy', () => {
  it('a connection the node opens: its normal egress policy decides, and what it does not allow is denied at the end of the tier', () => {
    const [allowed, denied] = run(EGRESS_443, 'from node n1 reach host laptop port 443 expect allow\nfrom node n1 reach host mirror port 443 expect deny\n');
    expect(allowed!.passed).toBe(true);
    expect(allowed!.policy).toContain('HostEndpoint n1-eth0 (node n1, interface eth0): GlobalNetworkPolicy worker-egress (tier default, order 10) egress rule #1: Allow from 192.168.0.11 to 203.0.113.7 on TCP 443');
    expect(denied!.passed).toBe(true);
    expect(denied!.policy.at(-1)).toContain('selected for egress in tier default by GlobalNetworkPolicy worker-egress; no rule matched from 192.168.0.11 to 198.51.100.9');
  });

  it('a hostNetwork pod is the node: the same policy; a connection to another node is policed too, and one to the node\'s own pods is not', () => {
    const checks = run(EGRESS_443, 'from pod agent reach host laptop port 443 expect allow\nfrom pod agent reach node n2 port 10250 expect deny\nfrom node n1 reach pod web port 80 expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true, true, true]);
    expect(checks[2]!.policy.join('\n')).not.toContain('HostEndpoint');
  });

  it('with no egress policy the node can reach nothing through the host endpoint but the outbound failsafe ports', () => {
    const checks = run('', 'from node n1 reach host laptop port 443 expect deny\nfrom node n1 reach node n2 port 6443 expect refused\nfrom node n1 reach host bastion port 22 expect deny\n');
    expect(checks.map((c) => c.passed)).toEqual([true, true, true]);
    expect(checks[0]!.policy).toContain('HostEndpoint n1-eth0 (node n1, interface eth0): no host endpoint policy applies to egress from 192.168.0.11 to 203.0.113.7 on TCP 443: denied (a host endpoint denies what its policies do not allow, but the failsafe ports)');
    expect(checks[1]!.policy[0]).toContain('TCP 6443 out of the host is a failsafe port, open whatever the policy (setting FailsafeOutboundHostPorts, default UDP 53, UDP 67, TCP 179, TCP 2379, TCP 2380, TCP 5473, TCP 6443, TCP 6666, TCP 6667)');
  });

  it('forwarded traffic from the node\'s pods: allowed when no applyOnForward policy applies, decided by one when it does', () => {
    expect(run(EGRESS_443, 'from pod web reach host mirror port 443 expect allow\n').map((c) => c.passed)).toEqual([true]);
    const forward = `${EGRESS_443}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: no-mirror}\nspec:\n  selector: role == 'worker'\n  order: 5\n  applyOnForward: true\n  types: [Egress]\n  egress:\n  - action: Deny\n    destination: {nets: [198.51.100.0/24]}`;
    const [pod, toDb] = run(forward, 'from pod web reach host mirror port 443 expect deny\nfrom pod web reach pod db port 5432 expect allow\n');
    expect(pod!.passed).toBe(true);
    expect(pod!.policy.at(-1)).toContain('applyOnForward GlobalNetworkPolicy no-mirror (tier default, order 5) egress rule #1: Deny from 10.');
    // The pod on n2 is reached inside the overlay's tunnel, not through eth0, which the host endpoint names: not policed.
    expect(toDb!.passed).toBe(true);
    expect(toDb!.policy.join('\n')).not.toContain('HostEndpoint');
  });

  it('untracked (doNotTrack) egress policy decides before normal policy: its Allow skips it, its Deny drops', () => {
    const raw = (action: string) => `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: raw}\nspec:\n  selector: role == 'worker'\n  doNotTrack: true\n  applyOnForward: true\n  types: [Egress]\n  egress:\n  - action: ${action}\n    destination: {nets: [198.51.100.0/24]}`;
    expect(run(`${EGRESS_443}\n${raw('Allow')}`, 'from node n1 reach host mirror port 443 expect allow\n').map((c) => c.passed)).toEqual([true]);
    const [denied] = run(`${EGRESS_443}\n${raw('Deny')}`, 'from node n1 reach host mirror port 443 expect deny\n');
    expect(denied!.passed).toBe(true);
    expect(denied!.policy.at(-1)).toContain('untracked (doNotTrack) GlobalNetworkPolicy raw (tier default, no order) egress rule #1: Deny');
  });
});

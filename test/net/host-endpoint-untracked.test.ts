/**
 * Untracked (doNotTrack) host endpoint policy on a connection arriving at a node
 * (net/host-endpoint.ts beforeDnat/afterDnat; policy/calico-host.ts, 3, 5 and 6), from Calico's
 * "Summary of host endpoint policies": for a connection to a local process, untracked, pre-DNAT and
 * normal policy apply in that order and an untracked Allow skips the rest; for one forwarded to a
 * workload (a NodePort DNATed to a pod), untracked policy "never has any net positive effect", so
 * pre-DNAT policy (on the packet before DNAT) and applyOnForward policy decide. A host endpoint
 * with `interfaceName: "*"` takes no untracked policy (HostEndpoint reference).
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const CLUSTER = (iface: string, policies: string) => `cluster c {
  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12
  host bastion ip 192.168.9.9 in vpc
  pod web in default on n1 labels app=web ports http:8080
  service web in default type nodeport selector app=web port 80 -> http node-port 30080
  yaml """
    apiVersion: projectcalico.org/v3
    kind: HostEndpoint
    metadata: {name: n1-hep, labels: {role: worker}}
    spec: {node: n1, interfaceName: ${iface}}
    ---
    apiVersion: projectcalico.org/v3
    kind: GlobalNetworkPolicy
    metadata: {name: raw-bastion}
    spec:
      selector: role == 'worker'
      order: 1
      doNotTrack: true
      applyOnForward: true
      ingress:
      - action: Allow
        source: {nets: [192.168.9.0/24]}
${policies.replace(/^/gm, '    ')}
  """
}
`;

const PROBES = 'from host bastion reach node n1 port 10250 expect allow\nfrom host bastion reach svc default/web via nodeport at node n1 expect allow\n';

function run(iface: string, policies: string, probes = PROBES) {
  const r = runSource(CLUSTER(iface, policies) + probes, '/virtual/host-untracked.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps.flatMap((s) => s.checks).map((c) => ({ passed: c.passed, policy: c.flows.flatMap((f) => f.hops.filter((h) => h.stage === 'policy').map((h) => h.text)) }));
}

/** A policy (`flags`: preDNAT, applyOnForward) that denies what comes from the bastion's network. */
const denyBastion = (flags: string) => `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: no-bastion}
spec:
  selector: role == 'worker'
  order: 10
${flags}  ingress:
  - action: Deny
    source: {nets: [192.168.9.0/24]}
  - action: Allow`;

describe('untracked host endpoint policy on a connection arriving at a node', () => {
  it('an untracked Allow lets a connection to the host itself through (normal policy, default deny, skipped); a forwarded one goes on and, with no applyOnForward policy, is allowed', () => {
    const [local, forwarded] = run('eth0', '');
    expect(local!.passed).toBe(true);
    expect(local!.policy).toEqual(['HostEndpoint n1-hep (node n1, interface eth0): untracked (doNotTrack) GlobalNetworkPolicy raw-bastion (tier default, order 1) ingress rule #1: Allow from 192.168.9.9 to 192.168.0.11 on TCP 10250']);
    expect(forwarded!.passed).toBe(true);
    expect(forwarded!.policy.slice(1, 3)).toEqual([
      'HostEndpoint n1-hep (node n1, interface eth0): the untracked Allow has no effect on a connection forwarded to 10.244.0.4 (pod default/web) (its replies find no connection tracking state); pre-DNAT and applyOnForward policy decide',
      'HostEndpoint n1-hep (node n1, interface eth0): forwarded from 192.168.9.9 to 10.244.0.4 (pod default/web) on TCP 8080; no applyOnForward policy applies, so host endpoint policy allows it',
    ]);
  });

  it('an applyOnForward Deny drops the forwarded connection the untracked policy allowed, and leaves the local one alone', () => {
    const [local, forwarded] = run('eth0', denyBastion('  applyOnForward: true\n'), 'from host bastion reach node n1 port 10250 expect allow\nfrom host bastion reach svc default/web via nodeport at node n1 expect deny by policy\n');
    expect(local!.passed).toBe(true);
    expect(forwarded!.passed).toBe(true);
    expect(forwarded!.policy.at(-1)).toContain('applyOnForward GlobalNetworkPolicy no-bastion (tier default, order 10) ingress rule #1: Deny from 192.168.9.9 to 10.244.0.4 (pod default/web) on TCP 8080');
  });

  it('a pre-DNAT Deny, judged on the NodePort before DNAT, drops the forwarded connection; the untracked Allow skips it for a connection to the host', () => {
    const [local, forwarded] = run('eth0', denyBastion('  preDNAT: true\n  applyOnForward: true\n'), 'from host bastion reach node n1 port 10250 expect allow\nfrom host bastion reach svc default/web via nodeport at node n1 expect deny by policy\n');
    expect(local!.passed).toBe(true);
    expect(local!.policy.join('\n')).not.toContain('no-bastion');
    expect(forwarded!.passed).toBe(true);
    expect(forwarded!.policy.at(-1)).toContain('pre-DNAT GlobalNetworkPolicy no-bastion (tier default, order 10) ingress rule #1: Deny from 192.168.9.9 to 192.168.0.11 on TCP 30080');
  });

  it('a host endpoint for every interface takes no untracked policy: a connection to the host is denied by default', () => {
    const [local, forwarded] = run('"*"', '', 'from host bastion reach node n1 port 10250 expect deny by policy\nfrom host bastion reach svc default/web via nodeport at node n1 expect allow\n');
    expect(local!.passed).toBe(true);
    expect(local!.policy).toEqual(['HostEndpoint n1-hep (node n1, every interface): no host endpoint policy applies to ingress from 192.168.9.9 to 192.168.0.11 on TCP 10250: denied (a host endpoint denies what its policies do not allow, but the failsafe ports)']);
    expect(forwarded!.passed).toBe(true);
  });
});

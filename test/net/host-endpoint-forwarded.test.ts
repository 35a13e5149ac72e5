/**
 * Pod traffic forwarded through a host endpoint (net/host-endpoint.ts intoPodFromAfar and
 * leaveNode; policy/calico-host.ts, 6, 8 and carriesPodTraffic), from Calico's "Apply on
 * forwarded traffic" and HostEndpoint reference: applyOnForward policy applies to "traffic that
 * comes in via a host endpoint and is forwarded to a local workload" and to "traffic from a local
 * workload that is forwarded out via a host endpoint"; "forwarded traffic is allowed by default if
 * no policies apply to the endpoint and direction"; a pre-DNAT Allow accepts it for host endpoint
 * policy. A pod's packet between nodes crosses the node's interface when pods are routed
 * (underlay), and the overlay's tunnel device otherwise, which only a host endpoint with
 * `interfaceName: "*"` stands for.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const CLUSTER = (network: string, iface: string, policies: string) => `cluster c {
  network ${network}
  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12
  host bastion ip 192.168.9.9 in vpc
  pod web in default on n1 labels app=web
  pod db in default on n2 labels app=db ports 5432
  pod cache in default on n2 labels app=cache ports 6379
  yaml """
    apiVersion: projectcalico.org/v3
    kind: HostEndpoint
    metadata: {name: n2-hep, labels: {role: worker}}
    spec: {node: n2, interfaceName: ${iface}}
${policies.replace(/^/gm, '    ')}
  """
}
`;

function run(network: string, iface: string, policies: string, probes: string) {
  const r = runSource(CLUSTER(network, iface, policies) + probes, '/virtual/host-forwarded.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps.flatMap((s) => s.checks).map((c) => ({ passed: c.passed, policy: c.flows.flatMap((f) => f.hops.filter((h) => h.stage === 'policy').map((h) => h.text)) }));
}

/** applyOnForward ingress policy of n2's host endpoint: only what goes to db. */
const ONLY_DB = `---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: forward-to-db}
spec:
  selector: role == 'worker'
  order: 10
  applyOnForward: true
  types: [Ingress]
  ingress:
  - action: Allow
    destination: {selector: app == 'db'}`;

describe('pod traffic forwarded through a host endpoint', () => {
  it('pods routed over the node network (underlay): applyOnForward ingress policy of the receiving node decides; its rules see the pod as destination', () => {
    const [db, cache] = run('underlay', 'eth0', ONLY_DB, 'from pod web reach pod db port 5432 expect allow\nfrom pod web reach pod cache port 6379 expect deny by policy\n');
    expect(db!.passed).toBe(true);
    expect(db!.policy.join('\n')).toMatch(/HostEndpoint n2-hep \(node n2, interface eth0\): applyOnForward GlobalNetworkPolicy forward-to-db \(tier default, order 10\) ingress rule #1: Allow from [\d.]+ \(pod default\/web\) to [\d.]+ \(pod default\/db\) on TCP 5432/);
    expect(cache!.passed).toBe(true);
    expect(cache!.policy.at(-1)).toMatch(/^HostEndpoint n2-hep \(node n2, interface eth0\): selected for ingress in tier default by GlobalNetworkPolicy forward-to-db; no rule matched from [\d.]+ \(pod default\/web\) to [\d.]+ \(pod default\/cache\) on TCP 6379: denied at the end of the tier$/);
  });

  it('a host routed to pod addresses (underlay) comes in through the host endpoint too', () => {
    const [cache] = run('underlay', 'eth0', ONLY_DB, 'from host bastion reach pod cache port 6379 expect deny by policy\n');
    expect(cache!.passed).toBe(true);
    expect(cache!.policy.at(-1)).toMatch(/no rule matched from 192\.168\.9\.9 to [\d.]+ \(pod default\/cache\) on TCP 6379/);
  });

  it('in an overlay the pod packet crosses inside the tunnel: a host endpoint naming eth0 does not see it, one for every interface does', () => {
    const [named] = run('overlay', 'eth0', ONLY_DB, 'from pod web reach pod cache port 6379 expect allow\n');
    expect(named!.passed).toBe(true);
    expect(named!.policy.join('\n')).not.toContain('HostEndpoint');
    const [wildcard] = run('overlay', '"*"', ONLY_DB, 'from pod web reach pod cache port 6379 expect deny by policy\n');
    expect(wildcard!.passed).toBe(true);
    expect(wildcard!.policy.at(-1)).toContain('HostEndpoint n2-hep (node n2, every interface): selected for ingress in tier default by GlobalNetworkPolicy forward-to-db');
  });

  it('no applyOnForward policy: forwarded traffic is allowed (a normal policy does not apply to it), and the trace says so', () => {
    const normal = ONLY_DB.replace('  applyOnForward: true\n', '');
    const [cache] = run('underlay', 'eth0', normal, 'from pod web reach pod cache port 6379 expect allow\n');
    expect(cache!.passed).toBe(true);
    expect(cache!.policy.join('\n')).toMatch(/HostEndpoint n2-hep \(node n2, interface eth0\): forwarded from [\d.]+ \(pod default\/web\) to [\d.]+ \(pod default\/cache\) on TCP 6379; no applyOnForward policy applies, so host endpoint policy allows it/);
  });

  it('a pre-DNAT Allow accepts the forwarded connection before applyOnForward policy, and a pre-DNAT Deny drops it', () => {
    const preDnat = (action: string) => `${ONLY_DB}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: pre}\nspec:\n  selector: role == 'worker'\n  order: 1\n  preDNAT: true\n  applyOnForward: true\n  ingress:\n  - action: ${action}\n    protocol: TCP\n    destination: {ports: [6379]}`;
    const [allowed] = run('underlay', 'eth0', preDnat('Allow'), 'from pod web reach pod cache port 6379 expect allow\n');
    expect(allowed!.passed).toBe(true);
    expect(allowed!.policy.join('\n')).not.toContain('forward-to-db');
    const [denied] = run('underlay', 'eth0', preDnat('Deny'), 'from pod web reach pod db port 5432 expect allow\nfrom pod web reach pod cache port 6379 expect deny by policy\n').slice(1);
    expect(denied!.passed).toBe(true);
    expect(denied!.policy.at(-1)).toContain('pre-DNAT GlobalNetworkPolicy pre (tier default, order 1) ingress rule #1: Deny');
  });
});

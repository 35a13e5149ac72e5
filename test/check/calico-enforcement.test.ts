/**
 * Who enforces Calico's policy objects (Settings.calicoPolicy; check/calico-enforcement.ts): the
 * CNI preset decides unless `set calico-policy` does; objects Calico does not enforce are read,
 * warned about (NS2133) and left out of the trace engine, connlist and the reference evaluator,
 * and Cilium's policies decide under `cni cilium`.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';
import { connlistInputFromCluster } from '../../src/connlist/cluster-input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { referenceAllowed } from '../../src/policy/reference.js';

/** A GlobalNetworkPolicy denying every ingress, and a Cilium policy allowing none (ingress: [{}]). */
const DENY_ALL = `  yaml """
    apiVersion: projectcalico.org/v3
    kind: GlobalNetworkPolicy
    metadata: {name: deny-all}
    spec:
      selector: all()
      types: [Ingress]
      ingress: [{action: Deny}]
  """
`;
const CILIUM_ALLOW_B = `  yaml """
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: only-b, namespace: default}
    spec:
      endpointSelector: {matchLabels: {app: a}}
      ingress: [{fromEndpoints: [{matchLabels: {app: c}}]}]
  """
`;

const scenario = (settings: string, objects: string, expectation: string) => `cluster c {
${settings}  node n1 ip 192.168.0.11
  pod a in default on n1 labels app=a ports 80
  pod b in default on n1 labels app=b
${objects}}
from pod default/b reach pod default/a port 80 expect ${expectation}
`;

function run(text: string) {
  const r = runSource(text, '/virtual/calico.netscn', { readFile: noFiles });
  const checks = r.result!.steps.flatMap((s) => s.checks);
  return {
    passed: checks.map((c) => c.passed),
    warnings: r.diagnostics.map((d) => `${d.code} ${d.span.start.line}: ${d.message}`),
    hops: checks.flatMap((c) => c.flows.flatMap((f) => f.hops.filter((h) => h.stage === 'policy').map((h) => ({ text: h.text, setting: h.setting })))),
    spec: r.result!.scenario.cluster,
  };
}

describe('Calico enforcement and the CNI', () => {
  it('Calico enforces its objects when no CNI is named and under the Calico and Canal presets; the trace names the setting', () => {
    for (const settings of ['', '  cni calico\n', '  cni calico-vxlan\n', '  cni canal\n']) {
      const r = run(scenario(settings, DENY_ALL, 'deny by policy'));
      expect(r.passed).toEqual([true]);
      expect(r.warnings).toEqual([]);
      expect(r.hops.at(-1)).toMatchObject({ text: expect.stringContaining('GlobalNetworkPolicy deny-all'), setting: 'calicoPolicy' });
    }
  });

  it('under another CNI the objects are not enforced: a warning at each, a hop naming the setting, and NetworkPolicy semantics decide', () => {
    const r = run(scenario('  cni weave\n', DENY_ALL, 'allow'));
    expect(r.passed).toEqual([true]);
    expect(r.warnings).toEqual(['NS2133 9: GlobalNetworkPolicy deny-all is not enforced: Calico does not run in this cluster (cni weave; setting calicoPolicy=off)']);
    expect(r.hops[0]).toEqual({
      text: "Calico does not enforce policy in this cluster: 1 Calico policy ignored (setting calicoPolicy=off, the default under a CNI other than Calico or Canal; `set calico-policy enforced` for Calico's policy-only mode)",
      setting: 'calicoPolicy',
    });
  });

  it('with no CNI named on a network that enforces no NetworkPolicy (ACK Flannel, `set network-policy-enforcement none`) nor do they, with the warning', () => {
    for (const settings of ['  provider ack\n', '  set network-policy-enforcement none\n']) {
      const r = run(scenario(settings, DENY_ALL, 'allow'));
      expect(r.passed).toEqual([true]);
      expect(r.spec.settings.calicoPolicy).toBe('off');
      expect(r.warnings).toEqual(['NS2133 9: GlobalNetworkPolicy deny-all is not enforced: Calico does not run in this cluster (no CNI named, and the network enforces no NetworkPolicy; setting calicoPolicy=off)']);
    }
    // ACK's Terway network enforces NetworkPolicy: Calico's objects keep the default.
    expect(run(scenario('  provider ack\n  network vpc-native\n', DENY_ALL, 'deny by policy')).passed).toEqual([true]);
    // Calico in policy-only mode on that network enforces them, NetworkPolicy included.
    expect(run(scenario('  provider ack\n  set calico-policy enforced\n', DENY_ALL, 'deny by policy')).passed).toEqual([true]);
  });

  it('`set calico-policy enforced` beside another CNI enforces them (Calico in policy-only mode)', () => {
    const r = run(scenario('  cni weave\n  set calico-policy enforced\n', DENY_ALL, 'deny by policy'));
    expect(r.passed).toEqual([true]);
    expect(r.warnings).toEqual([]);
    const flannel = run(scenario('  cni flannel\n  set calico-policy enforced\n', DENY_ALL, 'deny by policy'));
    expect(flannel.passed).toEqual([true]);
  });

  it('`set calico-policy off` leaves them out where no CNI is named', () => {
    expect(run(scenario('  set calico-policy off\n', DENY_ALL, 'allow')).passed).toEqual([true]);
  });

  it('under cni cilium, Cilium policies decide beside Calico objects Calico does not enforce (no NS2125)', () => {
    const r = run(scenario('  cni cilium\n', DENY_ALL + CILIUM_ALLOW_B, 'deny by policy'));
    expect(r.passed).toEqual([true]);
    expect(r.warnings).toEqual(['NS2133 9: GlobalNetworkPolicy deny-all is not enforced: Calico does not run in this cluster (cni cilium; setting calicoPolicy=off)']);
    expect(r.hops.at(-1)?.text).toContain('CiliumNetworkPolicy default/only-b');
    // Cilium's verdict, not Calico's: the Calico policy alone would deny c too, Cilium allows it.
    const c = run(scenario('  cni cilium\n', DENY_ALL + CILIUM_ALLOW_B, 'allow').replace('pod b in default on n1 labels app=b', 'pod b in default on n1 labels app=c'));
    expect(c.passed).toEqual([true]);
  });

  it('with Calico enforced beside Cilium, Calico decides and the Cilium policy gets NS2125', () => {
    const r = run(scenario('  cni cilium\n  set calico-policy enforced\n', DENY_ALL + CILIUM_ALLOW_B, 'deny by policy').replace('pod b in default on n1 labels app=b', 'pod b in default on n1 labels app=c'));
    expect(r.passed).toEqual([true]);
    expect(r.warnings.map((w) => w.slice(0, 6))).toEqual(['NS2125']);
  });

  it('connlist of the cluster and the reference evaluator leave out what Calico does not enforce', () => {
    const lines = (settings: string) => {
      const spec = run(scenario(settings, DENY_ALL, 'allow')).spec;
      return connlist(connlistInputFromCluster(spec)).filter((c) => c.src === 'default/b[Pod]' && c.dst === 'default/a[Pod]').length;
    };
    expect(lines('  cni weave\n')).toBe(1);
    expect(lines('  cni calico\n')).toBe(0);
    for (const [settings, allowed] of [['  cni weave\n', true], ['  cni calico\n', false]] as const) {
      const spec = run(scenario(settings, DENY_ALL, 'allow')).spec;
      const pod = (name: string) => spec.pods.find((p) => p.name === name)!;
      const ep = (name: string, ip: string) => ({ kind: 'pod' as const, pod: pod(name), ip });
      expect(referenceAllowed({ ...spec, networkPolicies: spec.networkPolicies }, ep('b', '10.244.0.6'), ep('a', '10.244.0.5'), 80, 'TCP')).toBe(allowed);
    }
  });

  it('refuses `set calico-policy off` under a Calico CNI (NS2134)', () => {
    const r = runSource(scenario('  cni calico\n  set calico-policy off\n', DENY_ALL, 'deny by policy'), '/virtual/calico.netscn', { readFile: noFiles });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['NS2134']);
  });
});

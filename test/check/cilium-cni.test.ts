/** Cilium's policies under another CNI (check/cilium-cni.ts): read, not enforced, warned about once where declared (NS2123). */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const POLICY = (name: string) => `  yaml """
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: ${name}, namespace: default}
    spec:
      endpointSelector: {}
      ingress: [{}]
  """
`;

const scenario = (cni: string) => `cluster c {
${cni}  node n1 ip 192.168.0.11
  pod a in default on n1 labels app=a
  pod b in default on n1 labels app=b
${POLICY('first')}}
from pod default/b reach pod default/a port 80 expect ${cni === '' || cni.includes('cilium') ? 'deny by policy' : 'allow'}
step "another policy" {
${POLICY('second')}  from pod default/b reach pod default/a port 80 expect ${cni === '' || cni.includes('cilium') ? 'deny by policy' : 'allow'}
}
`;

function run(cni: string) {
  const r = runSource(scenario(cni), '/virtual/cni.netscn', { readFile: noFiles });
  return { passed: r.result!.steps.flatMap((s) => s.checks.map((c) => c.passed)), warnings: r.diagnostics.map((d) => `${d.code} ${d.span.start.line}: ${d.message}`) };
}

describe('Cilium policies and the CNI', () => {
  it('are enforced under cni cilium and when no CNI is named, without a warning', () => {
    expect(run('  cni cilium\n')).toEqual({ passed: [true, true], warnings: [] });
    expect(run('')).toEqual({ passed: [true, true], warnings: [] });
  });

  it('are not enforced under another CNI: one warning per policy, where the cluster or the step declares it', () => {
    expect(run('  cni calico\n')).toEqual({
      passed: [true, true],
      warnings: [
        "NS2123 9: CiliumNetworkPolicy default/first is not enforced: the cluster's CNI is calico, not Cilium",
        "NS2123 20: CiliumNetworkPolicy default/second is not enforced: the cluster's CNI is calico, not Cilium",
      ],
    });
  });

  it('are not evaluated beside Calico policies: one warning per Cilium policy, and the verdict is Calico\'s', () => {
    const calico = `  yaml """
    apiVersion: projectcalico.org/v3
    kind: GlobalNetworkPolicy
    metadata: {name: allow-all}
    spec:
      selector: all()
      types: [Ingress]
      ingress: [{action: Allow}]
  """
`;
    const text = `cluster c {
  node n1 ip 192.168.0.11
  pod a in default on n1 labels app=a
  pod b in default on n1 labels app=b
${POLICY('first')}${calico}}
from pod default/b reach pod default/a port 80 expect allow
`;
    const r = runSource(text, '/virtual/both.netscn', { readFile: noFiles });
    expect(r.result!.steps.flatMap((s) => s.checks.map((c) => c.passed))).toEqual([true]);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}: ${d.message}`)).toEqual([
      "NS2125 8: CiliumNetworkPolicy default/first is not evaluated: the cluster also has Calico policies, and netscn evaluates one policy engine, Calico's",
    ]);
  });

  it('a policy with fromNodes / toNodes is refused without enable-node-selector-labels: NS2126, and it plays no part', () => {
    const src = (setting: string, n3: string) => `cluster c {
  cni cilium
${setting}  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12 labels role=cp
  node n3 ip 192.168.0.13
  pod a in default on n1 labels app=a
  yaml """
    apiVersion: cilium.io/v2
    kind: CiliumNetworkPolicy
    metadata: {name: from-cp, namespace: default}
    spec:
      endpointSelector: {}
      ingress: [{fromNodes: [{matchLabels: {role: cp}}]}]
  """
}
from node n2 reach pod default/a port 80 expect allow
from node n3 reach pod default/a port 80 expect ${n3}
`;
    const off = runSource(src('', 'allow'), '/virtual/nodes.netscn', { readFile: noFiles });
    expect(off.diagnostics.map((d) => `${d.code} ${d.span.start.line}: ${d.message}`)).toEqual([
      'NS2126 10: CiliumNetworkPolicy default/from-cp is not enforced: it selects nodes by label (fromNodes / toNodes), which Cilium refuses unless enable-node-selector-labels is on',
    ]);
    expect(off.result!.steps.flatMap((s) => s.checks.map((c) => c.passed))).toEqual([true, true]);
    const on = runSource(src('  set cilium-node-selector-labels true\n', 'deny by policy'), '/virtual/nodes.netscn', { readFile: noFiles });
    expect(on.diagnostics).toEqual([]);
    expect(on.result!.steps.flatMap((s) => s.checks.map((c) => c.passed))).toEqual([true, true]);
  });
});

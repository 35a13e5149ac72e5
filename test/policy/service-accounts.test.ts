/**
 * A pod's service account (spec.serviceAccountName, `default` when unnamed) in the policy kinds that
 * match it: Calico's `serviceAccounts.names` (policy/calico.ts) and Cilium's
 * `io.cilium.k8s.policy.serviceaccount` label (policy/cilium.ts), in the trace engine and connlist.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';
import { connlistLines } from '../helpers/connlist-lines.js';

const pod = (name: string, serviceAccount?: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: default, labels: {app: ${name}}}
spec:
  ${serviceAccount ? `serviceAccountName: ${serviceAccount}\n  ` : ''}containers: [{name: c, image: i, ports: [{containerPort: 80}]}]
`;

const PODS = [pod('db'), pod('api', 'api-runner'), pod('shell')].join('---\n');

const CALICO = `apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db-from-api-sa, namespace: default}
spec:
  selector: app == 'db'
  types: [Ingress]
  ingress:
  - action: Allow
    source: {serviceAccounts: {names: [api-runner]}}
`;

const CILIUM = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-from-api-sa, namespace: default}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {io.cilium.k8s.policy.serviceaccount: api-runner}}]
`;

function verdicts(manifests: string, cni: string): boolean[] {
  const text = `cluster c {
  ${cni}
  node n1 ip 192.168.0.11
  yaml """
${manifests.replace(/^/gm, '    ')}
  """
}
from pod default/api reach pod default/db port 80 expect allow
from pod default/shell reach pod default/db port 80 expect deny by policy
`;
  const r = runSource(text, '/virtual/sa.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps.flatMap((s) => s.checks.map((c) => c.passed));
}

describe("a pod's service account in policy", () => {
  it("matches Calico's serviceAccounts.names by spec.serviceAccountName", () => {
    expect(verdicts([PODS, CALICO].join('---\n'), 'cni calico')).toEqual([true, true]);
    const lines = connlistLines([PODS, CALICO].join('---\n'));
    expect(lines).toContain('default/api[Pod] => default/db[Pod] : All Connections');
    expect(lines.some((l) => l.startsWith('default/shell[Pod] => default/db[Pod]'))).toBe(false);
  });

  it("gives Cilium's service-account label the pod's service account", () => {
    expect(verdicts([PODS, CILIUM].join('---\n'), 'cni cilium')).toEqual([true, true]);
    const lines = connlistLines([PODS, CILIUM].join('---\n'));
    expect(lines).toContain('default/api[Pod] => default/db[Pod] : All Connections');
    expect(lines.some((l) => l.startsWith('default/shell[Pod] => default/db[Pod]'))).toBe(false);
  });
});

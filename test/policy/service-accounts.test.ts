/**
 * A pod's service account (spec.serviceAccountName, `default` when unnamed) in the policy kinds that
 * match it: Calico's `serviceAccounts.names` (policy/calico.ts) and Cilium's
 * `io.cilium.k8s.policy.serviceaccount` label (policy/cilium.ts), in the trace engine and connlist;
 * and a ServiceAccount object's labels, which Calico's service-account selectors match.
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

const SERVICE_ACCOUNT = `apiVersion: v1
kind: ServiceAccount
metadata: {name: api-runner, namespace: default, labels: {role: backend}}
`;

/** db admits sources whose service account is labelled role=backend; the policy itself applies to pods running as such a service account's peers. */
const CALICO_BY_LABELS = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db-from-backends}
spec:
  selector: app == 'db'
  types: [Ingress]
  ingress:
  - action: Allow
    source: {serviceAccounts: {selector: role == 'backend'}}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: backends-talk-to-nobody}
spec:
  serviceAccountSelector: role == 'backend'
  selector: all()
  types: [Egress]
  egress:
  - action: Allow
    destination: {selector: app == 'db'}
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

  it("matches Calico's service-account selectors against the ServiceAccount object's labels", () => {
    const text = [PODS, SERVICE_ACCOUNT, CALICO_BY_LABELS].join('---\n');
    expect(verdicts(text, 'cni calico')).toEqual([true, true]);
    const lines = connlistLines(text);
    expect(lines).toContain('default/api[Pod] => default/db[Pod] : All Connections');
    expect(lines.some((l) => l.startsWith('default/shell[Pod] => default/db[Pod]'))).toBe(false);
    // The egress policy selects api by its service account's labels: api reaches nothing but db.
    expect(lines.some((l) => l.startsWith('default/api[Pod] => default/shell[Pod]'))).toBe(false);
    expect(lines).toContain('default/shell[Pod] => default/api[Pod] : All Connections');
    // Without the ServiceAccount object the service account has no labels: nothing matches.
    const unlabelled = connlistLines([PODS, CALICO_BY_LABELS].join('---\n'));
    expect(unlabelled.some((l) => l.startsWith('default/api[Pod] => default/db[Pod]'))).toBe(false);
    expect(unlabelled).toContain('default/api[Pod] => default/shell[Pod] : All Connections');
  });
});

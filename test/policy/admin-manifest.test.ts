/** Reading AdminNetworkPolicy / BaselineAdminNetworkPolicy manifests (policy.networking.k8s.io/v1alpha1). */
import { describe, expect, it } from 'vitest';
import { adminPoliciesOf, objectsFromSources } from '../../src/manifests/sources.js';

const read = (text: string) => {
  const r = objectsFromSources([{ text, file: 'p.yaml' }]);
  return { ...adminPoliciesOf(r.objects), diagnostics: r.diagnostics };
};
const errors = (text: string) => read(text).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);

const ANP = `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: guard}
spec:
  priority: 20
  subject:
    pods:
      namespaceSelector: {matchLabels: {team: a}}
      podSelector: {matchLabels: {app: db}}
  ingress:
  - name: deny-dns
    action: Deny
    from: [{namespaces: {matchLabels: {team: b}}}]
    ports:
    - portNumber: {port: 53, protocol: UDP}
    - portRange: {start: 8000, end: 8080}
    - namedPort: http
  egress:
  - name: pass-out
    action: Pass
    to:
    - networks: [10.0.0.0/8]
    - nodes: {matchLabels: {role: infra}}
`;

describe('AdminNetworkPolicy manifests', () => {
  it('reads an ANP with its subject, rules in order, peers and ports (protocol defaults to TCP)', () => {
    const r = read(ANP);
    expect(r.diagnostics).toEqual([]);
    expect(r.adminNetworkPolicies).toEqual([
      {
        name: 'guard',
        priority: 20,
        subject: { kind: 'pods', namespaces: { matchLabels: { team: 'a' }, matchExpressions: [] }, pods: { matchLabels: { app: 'db' }, matchExpressions: [] } },
        ingress: [
          {
            name: 'deny-dns',
            action: 'Deny',
            peers: [{ kind: 'namespaces', namespaces: { matchLabels: { team: 'b' }, matchExpressions: [] } }],
            ports: [
              { kind: 'number', protocol: 'UDP', port: 53 },
              { kind: 'range', protocol: 'TCP', start: 8000, end: 8080 },
              { kind: 'named', name: 'http' },
            ],
            span: expect.anything(),
          },
        ],
        egress: [
          {
            name: 'pass-out',
            action: 'Pass',
            peers: [
              { kind: 'networks', cidrs: ['10.0.0.0/8'] },
              { kind: 'nodes', nodes: { matchLabels: { role: 'infra' }, matchExpressions: [] } },
            ],
            span: expect.anything(),
          },
        ],
        span: expect.anything(),
      },
    ]);
    // Absent ports: every port.
    expect(r.adminNetworkPolicies[0]?.egress[0]).not.toHaveProperty('ports');
  });

  it('reads the baseline singleton, also from a List', () => {
    const r = read(`apiVersion: v1
kind: List
items:
- apiVersion: policy.networking.k8s.io/v1alpha1
  kind: BaselineAdminNetworkPolicy
  metadata: {name: default}
  spec:
    subject: {namespaces: {}}
    egress: [{action: Deny, to: [{networks: [0.0.0.0/0]}]}]
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.baselineAdminNetworkPolicy).toMatchObject({
      name: 'default',
      subject: { kind: 'namespaces', namespaces: { matchLabels: {}, matchExpressions: [] } },
      ingress: [],
      egress: [{ name: '', action: 'Deny', peers: [{ kind: 'networks', cidrs: ['0.0.0.0/0'] }] }],
    });
  });

  it('rejects what the API rejects', () => {
    const banp = (spec: string, name = 'default') =>
      `apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec}`;
    expect(errors(banp('  subject: {namespaces: {}}\n', 'other'))).toEqual([
      'metadata.name: a BaselineAdminNetworkPolicy must be named "default", found "other"',
    ]);
    expect(errors(banp('  subject: {namespaces: {}}\n  ingress: [{action: Pass, from: [{namespaces: {}}]}]\n'))).toEqual([
      'spec.ingress[0].action: expected one of Allow, Deny, found "Pass"',
    ]);
    expect(errors(banp('  subject: {namespaces: {}, pods: {podSelector: {}}}\n'))).toEqual([
      'spec.subject: exactly one of namespaces, pods must be set, found namespaces and pods',
    ]);
    expect(errors(banp('  subject: {namespaces: {}}\n  egress: [{action: Deny, to: []}]\n'))).toEqual(['spec.egress[0].to: a rule needs at least one peer']);
    expect(errors(banp('  subject: {namespaces: {}}\n  ingress: [{action: Deny, from: [{networks: [10.0.0.0/8]}]}]\n'))).toEqual([
      'spec.ingress[0].from[0]: exactly one of namespaces, pods must be set, found none',
    ]);
    expect(errors(ANP.replace('priority: 20', 'priority: 1001'))).toEqual(['spec.priority: expected an integer 0-1000, found 1001']);
    expect(errors(ANP.replace('{start: 8000, end: 8080}', '{start: 8080, end: 8000}'))).toEqual([
      'spec.ingress[0].ports[1].portRange.end: must be at least start (8080), found 8000',
    ]);
    expect(errors(ANP.replace('networks: [10.0.0.0/8]', 'networks: [10.0.0.0/40]'))).toEqual([
      'spec.egress[0].to[0].networks[0]: expected a CIDR such as 10.0.0.0/16, found "10.0.0.0/40"',
    ]);
    expect(errors(ANP + '---\n' + ANP)).toEqual(['AdminNetworkPolicy guard is declared twice']);
  });

  it('reads a pods peer without podSelector as every pod, with a warning', () => {
    const r = read(ANP.replace('      podSelector: {matchLabels: {app: db}}\n', ''));
    expect(r.adminNetworkPolicies[0]?.subject).toEqual({ kind: 'pods', namespaces: { matchLabels: { team: 'a' }, matchExpressions: [] }, pods: { matchLabels: {}, matchExpressions: [] } });
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

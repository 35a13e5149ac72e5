/** connlist with Istio AuthorizationPolicies: the sidecar's verdict narrows TCP of lines towards meshed workloads (connlist/mesh-fold.ts). */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { formatConnections } from '../../src/connlist/connlist.js';

const MANIFESTS = (nsLabels: string) => `apiVersion: v1
kind: Namespace
metadata: {name: foo, labels: {${nsLabels}}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: foo, labels: {app: a}}
spec: {serviceAccountName: client, containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: foo, labels: {app: b}}
spec: {containers: [{name: c}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: b-from-a, namespace: foo}
spec:
  selector: {matchLabels: {app: b}}
  rules:
  - from: [{source: {principals: ["cluster.local/ns/foo/sa/client"]}}]
    to: [{operation: {ports: ["8080"]}}]
  - from: [{source: {ipBlocks: ["203.0.113.0/24"]}}]
`;

function lines(nsLabels: string): string[] {
  const loaded = objectsFromYaml(MANIFESTS(nsLabels), 'm.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlist(connlistInputFromManifests(loaded).input).map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`);
}

describe('connlist with AuthorizationPolicies', () => {
  it('narrows TCP towards a meshed workload to what its policies allow, splitting external ranges at their ipBlocks', () => {
    const out = lines('istio-injection: enabled');
    expect(out).toContain('foo/a[Pod] => foo/b[Pod] : SCTP 1-65535,TCP 8080,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('foo/b[Pod] => foo/a[Pod] : All Connections');
    expect(out).toContain('203.0.113.0-203.0.113.255[External] => foo/b[Pod] : All Connections');
    expect(out).toContain('0.0.0.0-203.0.112.255[External] => foo/b[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
  });

  it('changes nothing for workloads without a sidecar', () => {
    const out = lines('team: x');
    expect(out).toContain('foo/a[Pod] => foo/b[Pod] : All Connections');
    expect(out).toContain('0.0.0.0-255.255.255.255[External] => foo/b[Pod] : All Connections');
  });
});

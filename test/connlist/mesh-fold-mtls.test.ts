/** connlist with Istio PeerAuthentications: STRICT sidecars drop TCP from clients without a sidecar (connlist/mesh-fold.ts). */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { formatConnections } from '../../src/connlist/connlist.js';

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: foo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Namespace
metadata: {name: legacy}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: foo, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: foo, labels: {app: b}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: old, namespace: legacy, labels: {app: old}}
spec: {containers: [{name: c}]}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: foo}
spec:
  mtls: {mode: STRICT}
---
apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: b-metrics, namespace: foo}
spec:
  selector: {matchLabels: {app: b}}
  portLevelMtls:
    9000: {mode: PERMISSIVE}
`;

describe('connlist with PeerAuthentications', () => {
  it('keeps TCP between meshed workloads, drops it from plain-text clients except on a PERMISSIVE port', () => {
    const loaded = objectsFromYaml(MANIFESTS, 'm.yaml');
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const out = connlist(connlistInputFromManifests(loaded).input).map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`);
    expect(out).toContain('foo/a[Pod] => foo/b[Pod] : All Connections');
    expect(out).toContain('legacy/old[Pod] => foo/b[Pod] : SCTP 1-65535,TCP 9000,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('legacy/old[Pod] => foo/a[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('0.0.0.0-255.255.255.255[External] => foo/b[Pod] : SCTP 1-65535,TCP 9000,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('foo/a[Pod] => legacy/old[Pod] : All Connections');
  });
});

/** connlist with Istio Sidecars: a REGISTRY_ONLY client proxy keeps TCP only to what it imports (connlist/mesh-fold.ts). */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { formatConnections } from '../../src/connlist/connlist.js';
import { connlistInputFromCluster } from '../../src/connlist/cluster-input.js';
import { parseAndCheck } from '../../src/check/index.js';
import { noFiles } from '../../src/check/file-read.js';

const MANIFESTS = (policy: string) => `apiVersion: v1
kind: Namespace
metadata: {name: foo, labels: {istio-injection: enabled}}
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
metadata: {name: c, namespace: foo, labels: {app: c}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Service
metadata: {name: b, namespace: foo}
spec: {selector: {app: b}, ports: [{port: 80}]}
---
apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner, namespace: foo}
spec:
  hosts: [partner.example.com]
  addresses: [203.0.113.0/24]
---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: a, namespace: foo}
spec:
  workloadSelector: {labels: {app: a}}
  egress:
  - hosts: ["./b.foo.svc.cluster.local", "*/partner.example.com"]
  outboundTrafficPolicy: {mode: ${policy}}
`;

function lines(policy: string): string[] {
  const loaded = objectsFromYaml(MANIFESTS(policy), 'm.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlist(connlistInputFromManifests(loaded).input).map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`);
}

describe('connlist with Istio Sidecars', () => {
  it('REGISTRY_ONLY: TCP only to imported Services and ServiceEntry addresses', () => {
    const out = lines('REGISTRY_ONLY');
    expect(out).toContain('foo/a[Pod] => foo/b[Pod] : All Connections');
    expect(out).toContain('foo/a[Pod] => foo/c[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('foo/a[Pod] => 203.0.113.0-203.0.113.255[External] : All Connections');
    expect(out).toContain('foo/a[Pod] => 0.0.0.0-203.0.112.255[External] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('foo/b[Pod] => foo/c[Pod] : All Connections');
  });

  it('ALLOW_ANY: nothing changes', () => {
    const out = lines('ALLOW_ANY');
    expect(out).toContain('foo/a[Pod] => foo/c[Pod] : All Connections');
    expect(out).toContain('foo/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });
});

describe("connlist under meshConfig's REGISTRY_ONLY (`set mesh-outbound-traffic-policy`)", () => {
  const scenario = (mode: string): string[] => {
    const text = `cluster c {
  node n1 ip 192.168.0.11
  set mesh-outbound-traffic-policy ${mode}
  namespace foo labels istio-injection=enabled
  namespace bar
  pod a in foo on n1 labels app=a
  pod b in foo on n1 labels app=b ports 80
  pod c in foo on n1 labels app=c ports 80
  pod d in bar on n1 labels app=d
  service b in foo selector app=b port 80
}
`;
    const checked = parseAndCheck(text, '/virtual/c.netscn', { readFile: noFiles });
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return connlist(connlistInputFromCluster(checked.scenario!.cluster)).map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`);
  };

  it('keeps TCP from a client with a sidecar only to the registry, without any Sidecar object', () => {
    const out = scenario('registry-only');
    expect(out).toContain('foo/a[Pod] => foo/b[Pod] : All Connections');
    expect(out).toContain('foo/a[Pod] => foo/c[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
    expect(out).toContain('foo/a[Pod] => 0.0.0.0-255.255.255.255[External] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols');
    // bar is not injected: no sidecar, nothing dropped.
    expect(out).toContain('bar/d[Pod] => foo/c[Pod] : All Connections');
  });

  it('allow-any changes nothing', () => {
    const out = scenario('allow-any');
    expect(out).toContain('foo/a[Pod] => foo/c[Pod] : All Connections');
    expect(out).toContain('foo/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });
});

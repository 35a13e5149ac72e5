/** connlist with Cilium policies (cilium.io/v2), from manifests read by connlistInputFromManifests: the pairwise evaluator decides. */
import { describe, expect, it } from 'vitest';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { formatConnlist } from '../../src/connlist/formats.js';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistLines as lines } from '../helpers/connlist-lines.js';

/** The `txt` lines netscn connlist prints (with the HTTP requests of ports Cilium's proxy filters, cilium-http.ts). */
function txt(yaml: string): string[] {
  const loaded = { ...objectsFromYaml(yaml, 'm.yaml'), files: ['m.yaml'], texts: [yaml], skipped: [] };
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return formatConnlist(connlist(connlistInputFromManifests(loaded).input), 'txt').split('\n').filter(Boolean);
}

const workloads = `
apiVersion: v1
kind: Namespace
metadata: {name: front}
---
apiVersion: v1
kind: Namespace
metadata: {name: back}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: front, labels: {app: web}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: back, labels: {app: db}}
spec: {containers: [{name: c, ports: [{name: pg, containerPort: 5432}]}]}
`;

describe('connlist with Cilium policies', () => {
  it('endpoints by namespace, CIDR sets with except (the world only), deny rules without default deny', () => {
    const out = lines(`${workloads}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-in, namespace: back}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    toPorts: [{ports: [{port: pg, protocol: TCP}]}]
  - fromCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]
    toPorts: [{ports: [{port: "5432"}]}]
---
apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: no-world-egress}
spec:
  endpointSelector: {}
  enableDefaultDeny: {egress: false}
  egressDeny: [{toEntities: [world]}]
`);
    // db: from front's pods TCP 5432 (the named port), from the world outside 10.0.0.0/8 port 5432
    // of any protocol, nothing else. No pod reaches the world; pods reach each other otherwise.
    expect(out).toEqual([
      '0.0.0.0-9.255.255.255[External] => back/db[Pod] : SCTP 5432,TCP 5432,UDP 5432',
      '0.0.0.0-9.255.255.255[External] => front/web[Pod] : All Connections',
      '10.0.0.0-10.255.255.255[External] => front/web[Pod] : All Connections',
      '11.0.0.0-255.255.255.255[External] => back/db[Pod] : SCTP 5432,TCP 5432,UDP 5432',
      '11.0.0.0-255.255.255.255[External] => front/web[Pod] : All Connections',
      'back/db[Pod] => front/web[Pod] : All Connections',
      'front/web[Pod] => back/db[Pod] : TCP 5432',
    ]);
  });
  it("HTTP rules: the port is listed with the requests Cilium's proxy lets through, as regular expressions", () => {
    const out = txt(`${workloads}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-in, namespace: back}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    toPorts:
    - ports: [{port: "80", protocol: TCP}]
      rules:
        http: [{method: GET, path: "/api/.*"}, {method: "POST|PUT", path: /api/orders, headers: ["X-Token"]}]
    - ports: [{port: "8080", protocol: TCP}]
      rules:
        http: [{}]
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    toPorts: [{ports: [{port: "9090", protocol: TCP}]}]
`);
    expect(out.filter((l) => l.startsWith('front/web[Pod] => back/db'))).toEqual([
      "front/web[Pod] => back/db[Pod] : TCP 9090,TCP 80 (HTTP via Cilium's proxy, regular expressions: [method GET; path /api/.*] or [method POST|PUT; path /api/orders; header x-token]),TCP 8080 (HTTP via Cilium's proxy: every request)",
    ]);
  });

  it('an allow rule without HTTP rules on the same port lets every request through: the port is listed plain', () => {
    const out = txt(`${workloads}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-in, namespace: back}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
  - fromEndpoints: [{matchLabels: {app: web}, matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: Exists}]}]
    toPorts: [{ports: [{port: "80", protocol: TCP}]}]
`);
    expect(out.filter((l) => l.startsWith('front/web[Pod] => back/db'))).toEqual(['front/web[Pod] => back/db[Pod] : TCP 80']);
  });

  it('filtered at both ends: egress, then ingress', () => {
    const out = txt(`${workloads}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db-in, namespace: back}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET}]}}]
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web-out, namespace: front}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: back}}]
    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{path: "/api/v[0-9]+/.*", host: "db[.]back"}]}}]
`);
    expect(out.filter((l) => l.startsWith('front/web[Pod] => back/db'))).toEqual([
      "front/web[Pod] => back/db[Pod] : TCP 80 (HTTP via Cilium's proxy, regular expressions: egress path /api/v[0-9]+/.*; host db[.]back, then ingress method GET)",
    ]);
  });
});

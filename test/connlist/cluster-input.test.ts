/**
 * A scenario's cluster as connlist input (src/connlist/cluster-input.ts): a scenario that loads
 * manifests lists the same connections as connlist of those manifests — workloads, policies,
 * external ranges and what an Ingress and a Route expose to the ingress controller (as far as
 * policy admits it), and the policy kinds beyond NetworkPolicy (Calico, Cilium, Istio).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connlistInputFromCluster } from '../../src/connlist/cluster-input.js';
import { formatConnlistText } from '../../src/connlist/connlist.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { loadManifestFiles } from '../../src/host/load-files.js';
import { projectReader } from '../../src/host/project-files.js';
import { defaultEngine } from '../../src/run/engine-default.js';

const deployment = (name: string, ports: string): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: c, image: x, ports: [${ports}]}]}
`;

const MANIFESTS = [
  'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n',
  deployment('web', '{name: http, containerPort: 8080}'),
  deployment('admin', '{name: http, containerPort: 9000}'),
  deployment('client', '{containerPort: 1}'),
  deployment('front', '{name: http, containerPort: 3000}'),
  `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec: {selector: {app: web}, ports: [{name: http, port: 80, targetPort: http}]}
`,
  `apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop}
spec: {selector: {app: front}, ports: [{name: web, port: 80, targetPort: http}]}
`,
  `apiVersion: v1
kind: Service
metadata: {name: admin, namespace: shop}
spec: {selector: {app: admin}, ports: [{port: 9000}]}
`,
  `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /shop, pathType: Prefix, backend: {service: {name: front, port: {name: web}}}}
`,
  `apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: admin, namespace: shop}
spec: {host: admin.example.com, to: {kind: Service, name: admin}, port: {targetPort: 9000}}
`,
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}, {ipBlock: {cidr: 198.51.100.0/24}}]
    ports: [{port: http}]
`,
].join('---\n');

/** connlist's text of `manifests` loaded by a scenario, and of the same manifests read directly. */
function bothWays(manifests: string): { readonly fromScenario: string; readonly fromManifests: string } {
  const dir = mkdtempSync(join(tmpdir(), 'netscn-cluster-input-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  mkdirSync(join(dir, 'k8s'));
  writeFileSync(join(dir, 'k8s', 'app.yaml'), manifests);
  const file = join(dir, 's.netscn');
  const text = 'scenario "s"\n\ncluster c {\n  node n1 ip 192.168.0.11\n  load "k8s/app.yaml"\n}\n';
  const checked = defaultEngine.parseAndCheck(text, file, { readFile: projectReader(file) });
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const fromScenario = formatConnlistText(connlist(connlistInputFromCluster(checked.scenario!.cluster)));
  const loaded = loadManifestFiles(['k8s'], dir);
  const fromManifests = formatConnlistText(connlist(connlistInputFromManifests(loaded).input));
  return { fromScenario, fromManifests };
}

const CALICO_DENY = `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: no-client-to-web}
spec:
  order: 10
  selector: app == 'web'
  types: [Ingress]
  ingress:
  - action: Deny
    source: {selector: app == 'client'}
`;

const CILIUM_DENY = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: no-client-to-admin, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: admin}}
  ingressDeny:
  - fromEndpoints: [{matchLabels: {app: client}}]
`;

const ISTIO_DENY = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: no-client-to-front, namespace: shop}
spec:
  selector: {matchLabels: {app: front}}
  action: DENY
  rules:
  - from: [{source: {notNamespaces: [other]}}]
`;

describe('connlistInputFromCluster', () => {
  it("lists a scenario's loaded manifests as connlist lists the manifests", () => {
    const { fromScenario, fromManifests } = bothWays(MANIFESTS);
    // The web policy admits neither the controller's namespace nor every source.
    expect(fromScenario).not.toContain('{ingress-controller} => shop/web');
    expect(fromScenario).toContain('{ingress-controller} => shop/front[Deployment] : TCP 3000');
    expect(fromScenario).toContain('{ingress-controller} => shop/admin[Deployment] : TCP 9000');
    expect(fromScenario).toContain('198.51.100.0-198.51.100.255[External] => shop/web[Deployment] : TCP 8080');
    expect(fromScenario).toBe(fromManifests);
  });

  it('sees Calico, Cilium and Istio policies a scenario loads, as connlist of the manifests does', () => {
    const base = bothWays(MANIFESTS).fromScenario;
    expect(base).toContain('shop/client[Deployment] => shop/web[Deployment] : TCP 8080');
    expect(base).toContain('shop/client[Deployment] => shop/admin[Deployment] : All Connections');
    expect(base).toContain('shop/client[Deployment] => shop/front[Deployment] : All Connections');
    const istioInjected = MANIFESTS.replace('metadata: {name: shop}', 'metadata: {name: shop, labels: {istio-injection: enabled}}');
    const calicoAndIstio = bothWays([istioInjected, CALICO_DENY, ISTIO_DENY].join('---\n'));
    expect(calicoAndIstio.fromScenario).not.toContain('shop/client[Deployment] => shop/web[Deployment]');
    // The sidecar stage judges TCP only: UDP and SCTP pass by it.
    expect(calicoAndIstio.fromScenario).toContain('shop/client[Deployment] => shop/front[Deployment] : SCTP 1-65535,UDP 1-65535');
    expect(calicoAndIstio.fromScenario).toBe(calicoAndIstio.fromManifests);
    // Cilium's policies on their own: a cluster with Calico's too is evaluated by Calico's tiers (policy/cilium.ts).
    const { fromScenario, fromManifests } = bothWays([MANIFESTS, CILIUM_DENY].join('---\n'));
    expect(fromScenario).not.toContain('shop/client[Deployment] => shop/admin[Deployment]');
    expect(fromScenario).toBe(fromManifests);
  });
});

import { describe, expect, it } from 'vitest';
import { formatConnections, formatConnlistText, workloadsOf, type Connections } from '../../src/connlist/connlist.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { exposures } from '../../src/connlist/exposure.js';
import { objectsFromYaml } from '../../src/manifests/index.js';
import type { NamespaceSpec, NetworkPolicySpec, PodSpec } from '../../src/spec/types.js';

function input(yaml: string) {
  const r = objectsFromYaml(yaml, 'm.yaml');
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const pods: PodSpec[] = [];
  const namespaces: NamespaceSpec[] = [];
  const policies: NetworkPolicySpec[] = [];
  for (const o of r.objects) {
    if (o.kind === 'pod') pods.push(o.spec);
    else if (o.kind === 'namespace') namespaces.push(o.spec);
    else if (o.kind === 'network-policy') policies.push(o.spec);
  }
  return { pods, namespaces, policies };
}

const deployments = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {containerPort: 9090}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
`;

describe('connlist', () => {
  it('formats connection sets as netpol-analyzer does', () => {
    const ports: Connections = new Map([['SCTP', [[1, 65535]]], ['TCP', [[1, 65535]]], ['UDP', [[1, 65535]]]]);
    const portless: Connections = new Map([['ICMP', [[0, 65535]]], ['IP', [[0, 0], [2, 5], [7, 16], [18, 57], [59, 131], [133, 255]]]]);
    expect(formatConnections(new Map([...ports, ...portless]))).toBe('All Connections');
    // Every port of the three, but no ICMP nor other protocol: a rule that lists its ports (protocol-space.ts).
    expect(formatConnections(ports)).toBe('SCTP 1-65535,TCP 1-65535,UDP 1-65535');
    expect(formatConnections(new Map([['TCP', [[80, 80]]], ['ICMP', [[8 * 256, 8 * 256 + 255]]]]))).toBe('TCP 80,ICMP type 8');
    expect(formatConnections(new Map([['ICMP', [[3 * 256, 3 * 256 + 4], [8 * 256, 8 * 256], [9 * 256, 12 * 256 - 1]]]]))).toBe('ICMP type 3 code 0-4,type 8 code 0,type 9-11');
    expect(formatConnections(new Map([...ports, ['ICMP', [[0, 65535]]], ['IP', [[47, 47], [136, 136]]]]))).toBe('SCTP 1-65535,TCP 1-65535,UDP 1-65535,ICMP,other protocols 47,136');
    expect(formatConnections(new Map([['TCP', [[10053, 10054]]], ['UDP', [[10053, 10053]]]]))).toBe('TCP 10053-10054,UDP 10053');
    expect(formatConnections(new Map([['UDP', [[1, 5352], [5354, 65535]]]]))).toBe('UDP 1-5352,5354-65535');
  });

  it('groups pods by their owner, one representative each', () => {
    const ws = workloadsOf(input(deployments).pods);
    expect(ws.map((w) => `${w.namespace}/${w.name}[${w.kind}]`)).toEqual(['shop/web[Deployment]', 'shop/client[Pod]']);
  });

  it('without policies every pair and the outside are fully connected, self pairs omitted', () => {
    const text = formatConnlistText(connlist(input(deployments)));
    expect(text.split('\n')).toEqual([
      '0.0.0.0-255.255.255.255[External] => shop/client[Pod] : All Connections',
      '0.0.0.0-255.255.255.255[External] => shop/web[Deployment] : All Connections',
      'shop/client[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/client[Pod] => shop/web[Deployment] : All Connections',
      'shop/web[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/web[Deployment] => shop/client[Pod] : All Connections',
    ]);
  });

  it('splits ports at policy boundaries, resolves named ports, and splits external ranges at ipBlock edges', () => {
    const policy = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: client}}}]
    ports: [{port: http}, {port: 9000, endPort: 9100}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]
    ports: [{port: 53, protocol: UDP}]
`;
    const lines = formatConnlistText(connlist(input(deployments + policy))).split('\n');
    expect(lines).toContain('shop/client[Pod] => shop/web[Deployment] : TCP 8080,9000-9100');
    expect(lines).toContain('10.0.0.0-10.0.255.255[External] => shop/web[Deployment] : UDP 53');
    expect(lines).toContain('10.2.0.0-10.255.255.255[External] => shop/web[Deployment] : UDP 53');
    expect(lines.some((l) => l.startsWith('10.1.0.0-10.1.255.255[External] => shop/web'))).toBe(false);
    expect(lines.some((l) => l.startsWith('0.0.0.0-9.255.255.255[External] => shop/web'))).toBe(false);
    // The client is not isolated: it still reaches everything outside, as one range.
    expect(lines).toContain('shop/client[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections');
  });
});

describe('connlist: what Ingresses and Routes expose', () => {
  const app = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}, {containerPort: 9090}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
  ports: [{name: web, port: 80, targetPort: http}, {name: metrics, port: 9090}]
`;
  const ingress = `
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web, namespace: shop}
spec:
  rules:
  - http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
`;

  it('adds {ingress-controller} lines on the pod port behind the backend Service port', () => {
    const text = app + ingress;
    const lines = formatConnlistText(connlist({ ...input(text), exposed: exposures([text]) })).split('\n');
    expect(lines).toContain('{ingress-controller} => shop/web[Deployment] : TCP 8080');
  });

  it('lets policy decide: a rule admitting only one namespace keeps the controller out', () => {
    const policy = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-team, namespace: shop}
spec:
  podSelector: {}
  ingress: [{from: [{namespaceSelector: {matchLabels: {team: a}}}]}]
`;
    const text = app + ingress + policy;
    const lines = formatConnlistText(connlist({ ...input(text), exposed: exposures([text]) })).split('\n');
    expect(lines.some((l) => l.startsWith('{ingress-controller}'))).toBe(false);
    const open = text.replace('{namespaceSelector: {matchLabels: {team: a}}}', '{namespaceSelector: {}}');
    expect(formatConnlistText(connlist({ ...input(open), exposed: exposures([open]) }))).toContain('{ingress-controller} => shop/web[Deployment] : TCP 8080');
  });

  it('lists a backend port only on pods that listen on it: their declared ports, or every port when they declare none', () => {
    // The Service's numeric targetPort also selects a pod declaring other ports (it would reset the
    // connection, spec/pod-listener.ts) and a pod declaring none (it listens on every port).
    const pods = `
---
apiVersion: v1
kind: Pod
metadata: {name: other-ports, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 9001}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: no-ports, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c}]}
`;
    const byNumber = (app + pods).replace('targetPort: http}', 'targetPort: 8080}') + ingress;
    const lines = formatConnlistText(connlist({ ...input(byNumber), exposed: exposures([byNumber]) })).split('\n');
    expect(lines.filter((l) => l.startsWith('{ingress-controller}'))).toEqual([
      '{ingress-controller} => shop/no-ports[Pod] : TCP 8080',
      '{ingress-controller} => shop/web[Deployment] : TCP 8080',
    ]);
  });

  it('reads an OpenShift Route by target port', () => {
    const route = `
---
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: web, namespace: shop}
spec: {to: {kind: Service, name: web}, port: {targetPort: 9090}}
`;
    const r = objectsFromYaml(app, 'm.yaml');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const lines = formatConnlistText(connlist({ ...input(app), exposed: exposures([app + route]) })).split('\n');
    expect(lines).toContain('{ingress-controller} => shop/web[Deployment] : TCP 9090');
  });
});

describe('lenient readers', () => {
  it('skip a YAML alias bomb instead of throwing, and still read the other documents', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...Array.from({ length: 8 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)].join('\n');
    const service = 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {selector: {app: web}, ports: [{port: 80}]}\n';
    const ex = exposures([`${bomb}\n---\n${service}`]);
    expect(ex.services.map((s) => `${s.namespace}/${s.name}`)).toEqual(['shop/web']);
  });
});

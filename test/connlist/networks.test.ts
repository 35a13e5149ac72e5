/**
 * Connectivity lists per primary network (src/connlist/networks.ts): workloads on different
 * primary networks never reach each other (OVN-Kubernetes isolates a primary UDN/CUDN from the
 * pod network and from other UDNs); inside one, NetworkPolicy decides as on the pod network; each
 * reaches outside the cluster. The matrix engine and the pairwise oracle give the same text.
 */
import { describe, expect, it } from 'vitest';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistByNetwork, formatNetworkConnlistText } from '../../src/connlist/networks.js';
import { connlistPairwise } from '../../src/connlist/pairwise.js';
import { objectsFromYaml } from '../../src/manifests/index.js';

function text(yaml: string, list: typeof connlist = connlist): string {
  const loaded = { ...objectsFromYaml(yaml, 'm.yaml'), files: ['m.yaml'], texts: [yaml], skipped: [] };
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { input } = connlistInputFromManifests(loaded);
  expect(input.multiNetwork).toBe(true);
  return formatNetworkConnlistText(connlistByNetwork(input, list));
}

const namespace = (name: string, udn: boolean): string => `apiVersion: v1
kind: Namespace
metadata: {name: ${name}${udn ? ', labels: {k8s.ovn.org/primary-user-defined-network: ""}' : ''}}
---
`;
const pod = (name: string, ns: string, app: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${app}}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
`;
const udn = (ns: string): string => `apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: net, namespace: ${ns}}
spec: {topology: Layer2, layer2: {role: Primary}}
---
`;

const cluster =
  namespace('green', true) + namespace('blue', true) + namespace('plain', false) +
  udn('green') + udn('blue') +
  pod('web', 'green', 'web') + pod('db', 'green', 'db') + pod('api', 'blue', 'api') + pod('app', 'plain', 'app') +
  `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-web, namespace: green}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}], ports: [{port: 8080}]}]
`;

describe('connlist per primary network', () => {
  it('lists each network apart, under its header; UDN workloads are written namespace[udn]/name', () => {
    expect(text(cluster)).toBe(
      [
        'Permitted connectivity analyzed in Pod network:',
        '0.0.0.0-255.255.255.255[External] => plain/app[Pod] : All Connections',
        'plain/app[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        '',
        'Permitted connectivity analyzed in primary UDN blue:',
        '0.0.0.0-255.255.255.255[External] => blue[udn]/api[Pod] : All Connections',
        'blue[udn]/api[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        '',
        'Permitted connectivity analyzed in primary UDN green:',
        '0.0.0.0-255.255.255.255[External] => green[udn]/web[Pod] : All Connections',
        'green[udn]/db[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'green[udn]/db[Pod] => green[udn]/web[Pod] : All Connections',
        'green[udn]/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
        'green[udn]/web[Pod] => green[udn]/db[Pod] : TCP 8080',
        '',
        'Workload-to-Networks Mapping:',
        'blue/api[Pod]: ',
        '\tPrimary Network: blue[UDN]',
        'green/db[Pod]: ',
        '\tPrimary Network: green[UDN]',
        'green/web[Pod]: ',
        '\tPrimary Network: green[UDN]',
        'plain/app[Pod]: ',
        '\tPrimary Network: pod-network',
      ].join('\n'),
    );
  });

  it('says so when every workload is on a user-defined network', () => {
    const t = text(namespace('green', true) + udn('green') + pod('a', 'green', 'a') + pod('b', 'green', 'b'));
    expect(t.split('\n').slice(0, 3)).toEqual([
      'Permitted connectivity analyzed in Pod network:',
      'all input workloads are configured with (C)UDN as their primary network interface',
      '',
    ]);
  });

  it('the matrix engine and the pairwise oracle agree per network', () => {
    expect(text(cluster, connlistPairwise)).toBe(text(cluster));
  });
});

describe('connlist per secondary network', () => {
  const nad = (ns: string): string => `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: flat, namespace: ${ns}}
spec: {config: '{}'}
---
`;
  const attached = (name: string, ns: string, app: string): string => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${ns}, labels: {app: ${app}}, annotations: {k8s.v1.cni.cncf.io/networks: flat}}
spec: {containers: [{name: c}]}
---
`;
  const lab =
    namespace('lab', false) + nad('lab') +
    attached('a', 'lab', 'a') + attached('b', 'lab', 'b') + pod('c', 'lab', 'c') +
    `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: lab}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
---
apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: b-from-nobody, namespace: lab, annotations: {k8s.v1.cni.cncf.io/policy-for: flat}}
spec: {podSelector: {matchLabels: {app: b}}, policyTypes: [Ingress]}
`;

  it('lists the attached pods under MultiNetworkPolicy only, with no external ranges', () => {
    expect(text(lab)).toBe(
      [
        'Permitted connectivity analyzed in Pod network:',
        'All connections are not allowed for the workloads in the pod-network',
        '',
        'Permitted connectivity analyzed in secondary NAD flat:',
        'lab/b[Pod] => lab/a[Pod] : All Connections',
        '',
        'Workload-to-Networks Mapping:',
        'lab/a[Pod]: ',
        '\tPrimary Network: pod-network',
        '\tSecondary Networks: flat[NAD]',
        'lab/b[Pod]: ',
        '\tPrimary Network: pod-network',
        '\tSecondary Networks: flat[NAD]',
        'lab/c[Pod]: ',
        '\tPrimary Network: pod-network',
      ].join('\n'),
    );
  });

  it('a pod naming a network no NAD of the input defines is not on it', () => {
    expect(text(namespace('lab', false) + attached('a', 'lab', 'a') + attached('b', 'lab', 'b') + nad('elsewhere'))).not.toContain('secondary NAD');
  });
});

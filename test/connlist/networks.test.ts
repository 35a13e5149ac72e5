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

describe('MultiNetworkPolicy ipBlocks on a secondary network', () => {
  /** A NAD of `lab` with the IPAM `ipam` (JSON), and pods attached asking for `ips` (none: the IPAM decides). */
  const nadWith = (ipam: string): string => `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: flat, namespace: lab}
spec:
  config: '{"cniVersion": "0.3.1", "type": "macvlan", "ipam": ${ipam}}'
---
`;
  const at = (name: string, ips: string[]): string => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: lab
  labels: {app: ${name}}
  annotations:
    k8s.v1.cni.cncf.io/networks: '[{"name": "flat"${ips.length > 0 ? `, "ips": [${ips.map((ip) => `"${ip}/24"`).join(', ')}]` : ''}}]'
spec: {containers: [{name: c}]}
---
`;
  const serverFrom = (cidr: string, except: string[] = []): string => `apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: server-from-block, namespace: lab, annotations: {k8s.v1.cni.cncf.io/policy-for: flat}}
spec:
  podSelector: {matchLabels: {app: server}}
  policyTypes: [Ingress]
  ingress: [{from: [{ipBlock: {cidr: ${cidr}, except: [${except.join(', ')}]}}]}]
`;
  /** The lines to the server in the network's section. */
  const toServer = (t: string): string[] => {
    const lines = t.split('\n');
    const from = lines.indexOf('Permitted connectivity analyzed in secondary NAD flat:');
    const section = from < 0 ? [] : lines.slice(from + 1, lines.indexOf('', from));
    return section.filter((l) => l.includes('=> lab/server[Pod]'));
  };

  it('match the pods whose requested addresses on the network they hold, outside their excepts', () => {
    const yaml = namespace('lab', false) + nadWith('{"type": "static"}') + at('server', ['2.2.5.1']) + at('a', ['2.2.5.11']) + at('b', ['2.2.5.12']) + at('c', ['2.2.5.130']);
    expect(toServer(text(yaml + serverFrom('2.2.5.0/25', ['2.2.5.12/32'])))).toEqual(['lab/a[Pod] => lab/server[Pod] : All Connections']);
    expect(toServer(text(yaml + serverFrom('2.2.5.0/24')))).toEqual([
      'lab/a[Pod] => lab/server[Pod] : All Connections',
      'lab/b[Pod] => lab/server[Pod] : All Connections',
      'lab/c[Pod] => lab/server[Pod] : All Connections',
    ]);
  });

  it("match the addresses the network's IPAM gives (whereabouts: the lowest free one, pods in order)", () => {
    // server gets 10.1.0.1, a 10.1.0.2, b 10.1.0.3: the /31 at .2 holds a alone.
    const yaml = namespace('lab', false) + nadWith('{"type": "whereabouts", "range": "10.1.0.0/24"}') + at('server', []) + at('a', []) + at('b', []) + serverFrom('10.1.0.2/32');
    expect(toServer(text(yaml))).toEqual(['lab/a[Pod] => lab/server[Pod] : All Connections']);
    expect(text(yaml, connlistPairwise)).toBe(text(yaml));
  });

  it('match no pod when the addresses are unknown (no IPAM netscn reads, nothing asked for)', () => {
    const yaml = namespace('lab', false) + nadWith('{"type": "dhcp"}') + at('server', []) + at('a', []) + serverFrom('0.0.0.0/0');
    expect(toServer(text(yaml))).toEqual([]);
  });
});

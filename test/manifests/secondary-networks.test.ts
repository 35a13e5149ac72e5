/**
 * Multus secondary networks (https://github.com/k8snetworkplumbingwg/multi-net-spec,
 * https://github.com/k8snetworkplumbingwg/multi-networkpolicy): NetworkAttachmentDefinition and
 * MultiNetworkPolicy manifests, the pods' `k8s.v1.cni.cncf.io/networks` annotation and a VM's
 * multus networks.
 */
import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

const pod = (annotation: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
  namespace: shop
  annotations:
    k8s.v1.cni.cncf.io/networks: '${annotation}'
spec: {containers: [{name: c}]}
`;

describe('the Multus networks annotation', () => {
  it('reads a comma-separated list: names in the pod namespace, namespace/name, and @interface', () => {
    expect(one(pod('a, other/b@eth2 ,a'), 'pod').secondaryNetworks).toEqual([
      { network: 'shop/a', ips: [] },
      { network: 'other/b', ips: [] },
    ]);
  });

  it('reads a JSON list of selections', () => {
    expect(one(pod('[{"name": "a"}, {"name": "b", "namespace": "other", "interface": "net1"}]'), 'pod').secondaryNetworks).toEqual([
      { network: 'shop/a', ips: [] },
      { network: 'other/b', ips: [] },
    ]);
  });

  it('reads the static addresses a selection asks for (`ips`), with or without a prefix length, pooling two selections of one network', () => {
    expect(one(pod('[{"name": "a", "ips": ["2.2.5.11/24", "fd00::5"]}, {"name": "a", "ips": ["2.2.5.12"]}]'), 'pod').secondaryNetworks).toEqual([
      { network: 'shop/a', ips: ['2.2.5.11', 'fd00::5', '2.2.5.12'] },
    ]);
  });

  it('reports an `ips` entry that is no address, and `ips` that is no list', () => {
    expect(theError(pod('[{"name": "a", "ips": ["2.2.5/24"]}]')).message).toBe('metadata.annotations.k8s.v1.cni.cncf.io/networks[0].ips[0]: expected an IP address, found "2.2.5/24"');
    expect(theError(pod('[{"name": "a", "ips": "2.2.5.1"}]')).message).toBe('metadata.annotations.k8s.v1.cni.cncf.io/networks[0].ips: expected a list of IP addresses, found "2.2.5.1"');
  });

  it('reports JSON that does not parse, and a selection without a name', () => {
    expect(theError(pod('[{"name": "a"')).message).toBe('metadata.annotations.k8s.v1.cni.cncf.io/networks: not valid JSON');
    expect(theError(pod('[{"namespace": "x"}]')).message).toBe('metadata.annotations.k8s.v1.cni.cncf.io/networks: each network selection needs a "name"');
  });

  it('a workload template and a VM carry their networks to their pods', () => {
    const res = read(`apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}, annotations: {k8s.v1.cni.cncf.io/networks: storage}}
    spec: {containers: [{name: c}]}
---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: vm, namespace: shop}
spec:
  template:
    metadata: {labels: {app: vm}}
    spec:
      networks: [{name: default, pod: {}}, {name: data, multus: {networkName: lab/flat}}]
`);
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'pod').map((p) => p.secondaryNetworks)).toEqual([[{ network: 'shop/storage', ips: [] }], [{ network: 'lab/flat', ips: [] }]]);
  });

  it("a VM's secondary networks carry the addresses its cloud-init network data gives interfaces other than eth0", () => {
    const res = read(`apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: vm, namespace: shop}
spec:
  template:
    spec:
      networks: [{name: default, pod: {}}, {name: data, multus: {networkName: flat}}]
      volumes:
      - name: cloudinitdisk
        cloudInitNoCloud:
          networkData: |
            version: 2
            ethernets:
              eth0:
                addresses: [10.0.2.2/24]
                routes:
                - to: 0.0.0.0/0
                  via: 10.0.2.1
              eth1:
                addresses:
                - 10.200.0.7/24
                - fd00::7/64
                routes:
                - to: 0.0.0.0/0
                  via: 10.200.0.1
              eth2:
                addresses: [10.201.0.7/24]
`);
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'pod').map((p) => p.secondaryNetworks)).toEqual([[{ network: 'shop/flat', ips: ['10.200.0.7', 'fd00::7', '10.201.0.7'] }]]);
  });
});

const nad = (config: string): string => `apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: flat, namespace: lab}
spec:
  config: |
    ${config}
`;

describe('NetworkAttachmentDefinition and MultiNetworkPolicy manifests', () => {
  it('read a NAD by name and namespace', () => {
    expect(one(`apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: flat, namespace: lab}
spec: {config: '{"cniVersion": "0.3.1", "type": "macvlan"}'}
`, 'network-attachment-definition')).toEqual(expect.objectContaining({ name: 'flat', namespace: 'lab' }));
  });

  it("read the IPAM of the NAD's CNI config, or of the first plugin of a config list with one", () => {
    const ipam = (config: string) => one(nad(config), 'network-attachment-definition').ipam;
    expect(ipam('{"type": "macvlan", "ipam": {"type": "static", "addresses": [{"address": "192.168.200.10/24", "gateway": "192.168.200.1"}]}}')).toEqual({
      kind: 'static',
      addresses: ['192.168.200.10'],
    });
    expect(ipam('{"plugins": [{"type": "tuning"}, {"type": "macvlan", "ipam": {"type": "host-local", "subnet": "10.10.0.0/24"}}]}')).toEqual({
      kind: 'pool',
      plugin: 'host-local',
      rangeSets: [[{ cidr: '10.10.0.0/24', start: '10.10.0.2', end: '10.10.0.254' }]],
      exclude: [],
    });
    expect(ipam('{"ipam": {"type": "host-local", "ranges": [[{"subnet": "10.10.0.0/16", "rangeStart": "10.10.1.20", "rangeEnd": "10.10.3.50"}, {"subnet": "172.16.5.0/24"}]]}}')).toEqual({
      kind: 'pool',
      plugin: 'host-local',
      rangeSets: [[{ cidr: '10.10.0.0/16', start: '10.10.1.20', end: '10.10.3.50' }, { cidr: '172.16.5.0/24', start: '172.16.5.2', end: '172.16.5.254' }]],
      exclude: [],
    });
    expect(ipam('{"ipam": {"type": "whereabouts", "range": "192.168.2.225/28", "exclude": ["192.168.2.229/30"]}}')).toEqual({
      kind: 'pool',
      plugin: 'whereabouts',
      rangeSets: [[{ cidr: '192.168.2.224/28', start: '192.168.2.225', end: '192.168.2.238' }]],
      exclude: ['192.168.2.229/30'],
    });
    expect(ipam('{"ipam": {"type": "whereabouts", "ipRanges": [{"range": "10.1.0.0/24", "range_start": "10.1.0.100", "range_end": "10.1.0.110"}]}}')).toEqual({
      kind: 'pool',
      plugin: 'whereabouts',
      rangeSets: [[{ cidr: '10.1.0.0/24', start: '10.1.0.100', end: '10.1.0.110' }]],
      exclude: [],
    });
    // DHCP, no IPAM: the addresses are unknown.
    expect(ipam('{"type": "macvlan", "ipam": {"type": "dhcp"}}')).toBeUndefined();
    expect(ipam('{"type": "ovn-k8s-cni-overlay", "topology": "layer2"}')).toBeUndefined();
  });

  it('warn of a config that is not a JSON object, and read the NAD without addresses', () => {
    const res = read(nad('{"type": "macvlan",'));
    expect(specs(res, 'network-attachment-definition')).toEqual([expect.not.objectContaining({ ipam: expect.anything() })]);
    expect(res.diagnostics).toMatchObject([{ code: 'NS2151', severity: 'warning', message: "spec.config: not a JSON object; the network's addresses are unknown" }]);
  });

  it('read a MultiNetworkPolicy as a NetworkPolicy for the networks it names', () => {
    const m = one(`apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata:
  name: db
  namespace: lab
  annotations: {k8s.v1.cni.cncf.io/policy-for: 'flat, other/wide'}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]
`, 'multi-network-policy');
    expect(m.policyFor).toEqual(['flat', 'other/wide']);
    expect(m.policy).toMatchObject({ name: 'db', namespace: 'lab', policyTypes: ['Ingress'] });
  });

  it('require the policy-for annotation', () => {
    expect(theError(`apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: db, namespace: lab}
spec: {podSelector: {}}
`).message).toBe('metadata.annotations.k8s.v1.cni.cncf.io/policy-for: required annotation is missing (expected the networks the policy is for)');
  });
});

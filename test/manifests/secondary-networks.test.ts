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
    expect(one(pod('a, other/b@eth2 ,a'), 'pod').secondaryNetworks).toEqual(['shop/a', 'other/b']);
  });

  it('reads a JSON list of selections', () => {
    expect(one(pod('[{"name": "a"}, {"name": "b", "namespace": "other", "interface": "net1"}]'), 'pod').secondaryNetworks).toEqual(['shop/a', 'other/b']);
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
    expect(specs(res, 'pod').map((p) => p.secondaryNetworks)).toEqual([['shop/storage'], ['lab/flat']]);
  });
});

describe('NetworkAttachmentDefinition and MultiNetworkPolicy manifests', () => {
  it('read a NAD by name and namespace', () => {
    expect(one(`apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: flat, namespace: lab}
spec: {config: '{"cniVersion": "0.3.1", "type": "macvlan"}'}
`, 'network-attachment-definition')).toMatchObject({ name: 'flat', namespace: 'lab' });
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

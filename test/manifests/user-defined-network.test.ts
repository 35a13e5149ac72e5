/**
 * OVN-Kubernetes UserDefinedNetwork / ClusterUserDefinedNetwork (k8s.ovn.org/v1) and KubeVirt
 * VirtualMachine (kubevirt.io/v1) manifests: what is read, and the diagnostics for bad input.
 * The shapes are the CRDs' (https://ovn-kubernetes.io/features/user-defined-networks/user-defined-networks/,
 * https://kubevirt.io/user-guide/).
 */
import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

describe('UserDefinedNetwork manifests', () => {
  it('read the topology and the role of its configuration block', () => {
    const udn = one(
      `apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: tenant, namespace: green}
spec:
  topology: Layer3
  layer3:
    role: Primary
    subnets: [{cidr: 10.10.0.0/16}]
`,
      'user-defined-network',
    );
    expect(udn).toMatchObject({ name: 'tenant', namespace: 'green', topology: 'Layer3', role: 'Primary' });
  });

  it('refuse a configuration block the topology does not name', () => {
    const e = theError(`apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: tenant, namespace: green}
spec:
  topology: Layer2
  layer3: {role: Primary}
`);
    expect(e.message).toBe('spec.layer3: topology Layer2 is configured in `layer2`, not `layer3`');
    expect(e.span.start.line).toBe(6);
  });

  it('require the role, and suggest the right spelling of a wrong-case one', () => {
    expect(theError(`apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: tenant, namespace: green}
spec:
  topology: Layer2
  layer2: {subnets: [10.0.0.0/16]}
`).message).toBe('spec.layer2.role: required field is missing (expected Primary or Secondary)');
    const e = theError(`apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: tenant, namespace: green}
spec:
  topology: Layer2
  layer2: {role: primary}
`);
    expect(e.message).toContain('spec.layer2.role: expected one of Primary, Secondary');
    expect(e.help).toBe('did you mean `Primary`?');
  });

  it('require a topology of Layer2 or Layer3', () => {
    expect(theError(`apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: tenant, namespace: green}
spec:
  topology: Localnet
  layer2: {role: Primary}
`).message).toContain('spec.topology: expected one of Layer2, Layer3, found "Localnet"');
  });
});

describe('ClusterUserDefinedNetwork manifests', () => {
  it('read the namespace selector and the network under spec.network', () => {
    const c = one(
      `apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: tenants}
spec:
  namespaceSelector:
    matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [red, blue]}]
  network:
    topology: Layer2
    layer2: {role: Primary, subnets: [10.1.0.0/16]}
`,
      'cluster-user-defined-network',
    );
    expect(c).toMatchObject({ name: 'tenants', topology: 'Layer2', role: 'Primary' });
    expect(c.namespaceSelector.matchExpressions).toEqual([{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['red', 'blue'] }]);
  });

  it('require the namespace selector', () => {
    expect(theError(`apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: tenants}
spec:
  network: {topology: Layer2, layer2: {role: Primary}}
`).message).toBe('spec.namespaceSelector: required field is missing (expected the namespaces the network serves (a label selector))');
  });
});

describe('VirtualMachine manifests', () => {
  const vm = `apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: db, namespace: shop}
spec:
  runStrategy: Always
  template:
    metadata: {labels: {app: db}}
    spec: {domain: {devices: {}}}
`;

  it('become one launcher pod labelled by the VM template, owned by the VirtualMachine', () => {
    expect(one(vm, 'pod')).toMatchObject({ name: 'virt-launcher-db', namespace: 'shop', labels: { app: 'db' }, ports: [], owner: { kind: 'VirtualMachine', name: 'db' } });
  });

  it('keep the VM pod, not a launcher pod of its VirtualMachineInstance given beside it', () => {
    const res = read(`${vm}---
apiVersion: v1
kind: Pod
metadata:
  name: virt-launcher-db-x7k2q
  namespace: shop
  labels: {app: db, kubevirt.io: virt-launcher}
  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachineInstance, name: db, controller: true, uid: u}]
spec: {containers: [{name: compute}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: virt-launcher-other-1
  namespace: shop
  ownerReferences: [{apiVersion: kubevirt.io/v1, kind: VirtualMachineInstance, name: other, controller: true, uid: v}]
spec: {containers: [{name: compute}]}
`);
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'pod').map((p) => p.name)).toEqual(['virt-launcher-db', 'virt-launcher-other-1']);
  });

  it('require the VirtualMachineInstance template', () => {
    expect(theError(`apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: db}
spec: {runStrategy: Always}
`).message).toBe('spec.template: required field is missing (expected a VirtualMachineInstance template)');
  });
});

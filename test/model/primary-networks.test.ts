/**
 * Each namespace's primary network, by OVN-Kubernetes' rules for user-defined networks
 * (https://ovn-kubernetes.io/features/user-defined-networks/user-defined-networks/): a Primary
 * UDN serves its own labelled namespace, a Primary CUDN the labelled namespaces it selects; a
 * Secondary network, an unlabelled namespace, `default` and a second primary network change nothing.
 */
import { describe, expect, it } from 'vitest';
import { networkOf, networkText, primaryNetworks } from '../../src/model/primary-networks.js';
import { PRIMARY_UDN_LABEL } from '../../src/spec/well-known-labels.js';
import type { ClusterUserDefinedNetworkSpec, NamespaceSpec, UserDefinedNetworkSpec } from '../../src/spec/types.js';

const ns = (name: string, labelled = true, labels: Record<string, string> = {}): NamespaceSpec => ({ name, labels: { ...labels, ...(labelled ? { [PRIMARY_UDN_LABEL]: '' } : {}) } });
const udn = (namespace: string, role: UserDefinedNetworkSpec['role'] = 'Primary'): UserDefinedNetworkSpec => ({ name: `${namespace}-net`, namespace, topology: 'Layer2', role });
const cudn = (name: string, values: string[], role: ClusterUserDefinedNetworkSpec['role'] = 'Primary'): ClusterUserDefinedNetworkSpec => ({
  name,
  namespaceSelector: { matchLabels: {}, matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values }] },
  topology: 'Layer3',
  role,
});

describe('primary networks', () => {
  it('a primary UDN serves its own namespace, named after it; the rest stay on the pod network', () => {
    const n = primaryNetworks([ns('green'), ns('plain', false)], [udn('green')], []);
    expect(networkOf(n, 'green')).toEqual({ kind: 'udn', namespace: 'green', name: 'green-net' });
    expect(networkText(networkOf(n, 'green'))).toBe('UDN green');
    expect(networkOf(n, 'plain')).toEqual({ kind: 'pod-network' });
    expect(n.ignored).toEqual([]);
  });

  it('a primary CUDN serves every labelled namespace it selects (by the metadata.name label too)', () => {
    const n = primaryNetworks([ns('red'), ns('blue'), ns('yellow')], [], [cudn('tenant', ['red', 'blue'])]);
    expect(networkOf(n, 'red')).toEqual({ kind: 'cudn', name: 'tenant' });
    expect(networkOf(n, 'blue')).toEqual({ kind: 'cudn', name: 'tenant' });
    expect(networkOf(n, 'yellow')).toEqual({ kind: 'pod-network' });
  });

  it('a namespace without the primary-UDN label stays on the pod network, and the network says why', () => {
    const n = primaryNetworks([ns('green', false)], [udn('green')], []);
    expect(networkOf(n, 'green')).toEqual({ kind: 'pod-network' });
    expect(n.ignored).toEqual([{ network: 'UserDefinedNetwork green/green-net', namespace: 'green', reason: `namespace green lacks the label ${PRIMARY_UDN_LABEL}` }]);
  });

  it('a Secondary network leaves the pod network primary', () => {
    const n = primaryNetworks([ns('green')], [udn('green', 'Secondary')], [cudn('tenant', ['green'], 'Secondary')]);
    expect(networkOf(n, 'green')).toEqual({ kind: 'pod-network' });
    expect(n.ignored.map((i) => i.reason)).toEqual(['a Secondary network leaves the pod network primary', 'a Secondary network leaves the pod network primary']);
  });

  it('the default namespace never takes a primary UDN', () => {
    const n = primaryNetworks([ns('default')], [udn('default')], []);
    expect(networkOf(n, 'default')).toEqual({ kind: 'pod-network' });
    expect(n.ignored[0]?.reason).toBe('namespace default cannot take a primary user-defined network');
  });

  it('a namespace keeps its first primary network: a CUDN selecting it too is refused there', () => {
    const n = primaryNetworks([ns('green'), ns('red')], [udn('green')], [cudn('tenant', ['green', 'red'])]);
    expect(networkOf(n, 'green')).toEqual({ kind: 'udn', namespace: 'green', name: 'green-net' });
    expect(networkOf(n, 'red')).toEqual({ kind: 'cudn', name: 'tenant' });
    expect(n.ignored).toEqual([{ network: 'ClusterUserDefinedNetwork tenant', namespace: 'green', reason: 'namespace green already has the primary network UDN green' }]);
  });
});

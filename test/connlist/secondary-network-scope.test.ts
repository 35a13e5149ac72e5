/**
 * On a secondary network only the MultiNetworkPolicies for it apply (src/connlist/networks.ts,
 * src/net/secondary-network.ts): Calico and Cilium policies that deny everything on the pod
 * network leave the network's pods connected, in connlist's list and in the trace alike.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { connlistInputFromCluster } from '../../src/connlist/cluster-input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistByNetwork, formatNetworkConnlistText } from '../../src/connlist/networks.js';
import { buildState, probe } from '../../src/net/index.js';

const attached = (name: string): string =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: lab, labels: {app: ${name}}, annotations: {k8s.v1.cni.cncf.io/networks: flat}}\nspec: {nodeName: n1, containers: [{name: c, image: i}]}`;

const DOCS = [
  "apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: flat, namespace: lab}\nspec: {config: '{\"type\": \"bridge\"}'}",
  attached('a'),
  attached('b'),
  'apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: deny-all}\nspec: {selector: all(), types: [Ingress, Egress]}',
  'apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: deny-all}\nspec: {endpointSelector: {}, ingressDeny: [{fromEntities: [all]}], egressDeny: [{toEntities: [all]}]}',
];

function cluster(docs: readonly string[]) {
  const yaml = docs.join('\n---\n').replace(/^/gm, '    ');
  const r = parseAndCheck(`cluster c {\n  node n1 ip 192.168.0.11\n  namespace lab\n  yaml """\n${yaml}\n  """\n}\n`, 'scope.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  return r.scenario!.cluster;
}

describe('policies of the pod network on a secondary network', () => {
  for (const [name, policy] of [['Calico', DOCS[3]!], ['Cilium', DOCS[4]!]] as const) {
    it(`a ${name} deny-all closes the pod network, not the secondary network`, () => {
      const spec = cluster([...DOCS.slice(0, 3), policy]);
      const text = formatNetworkConnlistText(connlistByNetwork(connlistInputFromCluster(spec), connlist));
      expect(text).toContain('All connections are not allowed for the workloads in the pod-network');
      expect(text).toContain('Permitted connectivity analyzed in secondary NAD flat:\nlab/a[Pod] => lab/b[Pod] : All Connections\nlab/b[Pod] => lab/a[Pod] : All Connections\n');
      const state = buildState(spec);
      const to = (network?: string) =>
        probe(state, { source: { kind: 'pod', namespace: 'lab', name: 'a' }, target: { kind: 'pod', namespace: 'lab', name: 'b' }, port: 80, ...(network ? { network } : {}) }).flows.map((f) => f.outcome);
      expect(to()).toEqual(['timeout']);
      expect(to('lab/flat')).toEqual(['allow']);
    });
  }
});

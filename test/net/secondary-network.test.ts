/**
 * Probes on a Multus secondary network (src/net/secondary-network.ts): only pods attached to the
 * network reach each other on it, at their addresses there; NetworkPolicy does not apply on it,
 * the MultiNetworkPolicies whose policy-for names it do (ipBlocks matching the pods' addresses on
 * the network); each hop names the network, the policy hops the MultiNetworkPolicy.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import type { ClusterState } from '../../src/model/state.js';
import type { Probe } from '../../src/net/types.js';
import { flows, fromPod, outcomes } from './probe-helpers.js';

const indent = (text: string): string => text.replace(/^/gm, '    ');

const pod = (name: string, node: string, networks: string | undefined, port = 8080): string => `---
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: lab
  labels: {app: ${name}}
${networks === undefined ? '' : `  annotations: {k8s.v1.cni.cncf.io/networks: '${networks}'}\n`}spec:
  nodeName: ${node}
  containers: [{name: c, image: i, ports: [{containerPort: ${port}}]}]
`;

const NAD = `---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: blue, namespace: lab}
spec:
  config: '{"type": "macvlan", "master": "eth1", "ipam": {"type": "host-local", "subnet": "10.10.0.0/24"}}'
`;

/** A deny-all NetworkPolicy for the pod network, and a MultiNetworkPolicy on blue admitting `from` to b. */
const policies = (from: string): string => `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: lab}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata:
  name: b-from-a
  namespace: lab
  annotations: {k8s.v1.cni.cncf.io/policy-for: blue}
spec:
  podSelector: {matchLabels: {app: b}}
  policyTypes: [Ingress]
  ingress: [{from: [${from}], ports: [{port: 8080}]}]
`;

function lab(from = '{podSelector: {matchLabels: {app: a}}}'): ClusterState {
  const yaml = NAD + pod('a', 'n1', 'blue') + pod('b', 'n2', 'blue') + pod('c', 'n1', 'blue') + pod('d', 'n1', undefined) + policies(from);
  const text = `cluster c {\n  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12\n  namespace lab\n  yaml """\n${indent(yaml)}\n  """\n}\n`;
  const r = parseAndCheck(text, 'test.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  return buildState(r.scenario.cluster);
}

const onBlue: Partial<Probe> = { network: 'lab/blue', port: 8080 };
const toPod = (name: string) => ({ kind: 'pod', namespace: 'lab', name }) as const;

describe('a probe on a secondary network', () => {
  const s = lab();

  it('NetworkPolicy denies the pod network, the MultiNetworkPolicy decides on the network', () => {
    expect(outcomes(flows(s, fromPod('a', 'lab'), toPod('b'), { port: 8080 }))).toEqual(['timeout:policy']);
    expect(outcomes(flows(s, fromPod('a', 'lab'), toPod('b'), onBlue))).toEqual(['allow']);
    expect(outcomes(flows(s, fromPod('c', 'lab'), toPod('b'), onBlue))).toEqual(['timeout:policy']);
    expect(outcomes(flows(s, fromPod('a', 'lab'), toPod('b'), { ...onBlue, port: 9090 }))).toEqual(['timeout:policy']);
  });

  it('connects to the addresses the IPAM gives on the network, source preserved', () => {
    const [f] = flows(s, fromPod('a', 'lab'), toPod('b'), onBlue);
    // host-local from 10.10.0.2 up, pods in input order.
    expect(f?.backend).toEqual({ pod: { namespace: 'lab', name: 'b' }, node: 'n2', ip: '10.10.0.3', port: 8080 });
    expect(f?.sourceSeen).toBe('10.10.0.2');
    expect(f?.masqueraded).toBe(false);
  });

  it('names the network in the routing hop and the MultiNetworkPolicy in the policy hop', () => {
    const [f] = flows(s, fromPod('c', 'lab'), toPod('b'), onBlue);
    const routing = f?.hops.find((h) => h.stage === 'routing');
    expect(routing?.text).toContain('network blue');
    expect(routing?.rule).toBe('NetworkAttachmentDefinition lab/blue');
    const denied = f?.hops.at(-1);
    expect(denied?.stage).toBe('policy');
    expect(denied?.text.startsWith('network blue: ')).toBe(true);
    expect(denied?.rule).toBe('MultiNetworkPolicy lab/b-from-a');
  });

  it('a pod not attached to the network, or an address nobody has there, is unreachable', () => {
    const unattached = flows(s, fromPod('a', 'lab'), toPod('d'), onBlue);
    expect(outcomes(unattached)).toEqual(['unreachable:no-route']);
    expect(unattached[0]?.hops[0]?.text).toContain('pod lab/d is not attached to network blue');
    expect(outcomes(flows(s, fromPod('d', 'lab'), toPod('a'), onBlue))).toEqual(['unreachable:no-route']);
    expect(outcomes(flows(s, fromPod('a', 'lab'), { kind: 'ip', ip: '10.10.0.99' }, onBlue))).toEqual(['unreachable:no-route']);
  });

  it('reaches an address on the network, and from one', () => {
    expect(outcomes(flows(s, fromPod('a', 'lab'), { kind: 'ip', ip: '10.10.0.3' }, onBlue))).toEqual(['allow']);
    expect(outcomes(flows(s, { kind: 'ip', ip: '10.10.0.2' }, toPod('b'), onBlue))).toEqual(['allow']);
    expect(outcomes(flows(s, { kind: 'ip', ip: '10.10.0.4' }, toPod('b'), onBlue))).toEqual(['timeout:policy']);
  });

  it('an ipBlock matches the pods by their addresses on the network', () => {
    const byAddress = lab('{ipBlock: {cidr: 10.10.0.4/32}}');
    expect(outcomes(flows(byAddress, fromPod('c', 'lab'), toPod('b'), onBlue))).toEqual(['allow']);
    expect(outcomes(flows(byAddress, fromPod('a', 'lab'), toPod('b'), onBlue))).toEqual(['timeout:policy']);
  });

  it('a ping crosses the network unless a policy with ports isolates the destination', () => {
    expect(outcomes(flows(s, fromPod('b', 'lab'), toPod('a'), { network: 'lab/blue', protocol: 'ICMP' }))).toEqual(['allow']);
    expect(outcomes(flows(s, fromPod('a', 'lab'), toPod('b'), { network: 'lab/blue', protocol: 'ICMP' }))).toEqual(['timeout:policy']);
  });

  it('a pod that does not listen on the port resets the connection', () => {
    expect(outcomes(flows(s, fromPod('b', 'lab'), toPod('a'), { ...onBlue, port: 9090 }))).toEqual(['refused:no-listener']);
  });
});

/**
 * Cilium's fromNodes / toNodes (policy/cilium.ts, 7b), from docs.cilium.io security/policy
 * language "Node based": they select nodes by their labels, only when the agent runs with
 * `enable-node-selector-labels` (setting ciliumNodeSelectorLabels, off by default), without which
 * Cilium refuses the policy (cilium pkg/policy/api rule_validation.go); a node selector matches
 * remote nodes only (cilium pkg/k8s/apis/cilium.io/utils: it gains `reserved:remote-node`), so
 * the pod's own node is the `host` entity's alone.
 */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import type { CiliumNetworkPolicySpec } from '../../src/spec/cilium.js';
import { DEFAULT_SETTINGS, type Labels } from '../../src/spec/types.js';
import { namespace, nodeEndpoint, podEndpoint, podSpec, type TestEndpoint } from './fixture.js';

const web = podEndpoint(podSpec('shop/web', { node: 'n1', labels: { app: 'web' }, ip: '10.0.1.10' }));
const other = podEndpoint(podSpec('shop/other', { node: 'n2', labels: { app: 'other' }, ip: '10.0.2.10' }));
const n1 = nodeEndpoint('n1', '192.168.0.11');
const cp = nodeEndpoint('cp', '192.168.0.10');
const n2 = nodeEndpoint('n2', '192.168.0.12');
/** cp is the control plane; n1 and n2 are workers. */
const NODES: readonly { readonly name: string; readonly labels: Labels }[] = [
  { name: 'cp', labels: { 'node-role.kubernetes.io/control-plane': '' } },
  { name: 'n1', labels: { 'node-role.kubernetes.io/worker': '' } },
  { name: 'n2', labels: { 'node-role.kubernetes.io/worker': '' } },
];

const cnp = (section: string) => `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
${section}`;

function policies(yaml: string): CiliumNetworkPolicySpec[] {
  const res = objectsFromYaml(yaml, 'p.yaml');
  expect(res.diagnostics).toEqual([]);
  return res.objects.flatMap((o) => (o.kind === 'cilium-network-policy' ? [o.spec as CiliumNetworkPolicySpec] : []));
}

/** src → dst on TCP 80 under `yaml`, with or without enable-node-selector-labels; the reference must agree. */
function decide(yaml: string, src: TestEndpoint, dst: TestEndpoint, nodeSelectorLabels: boolean): { allowed: boolean; text: string } {
  // As under `cni cilium`: egress to the pod's own node needs a rule (podToOwnNodeAllowed off, policy/cilium.ts 12).
  const settings = { ...DEFAULT_SETTINGS, podToOwnNodeAllowed: false, ciliumNodeSelectorLabels: nodeSelectorLabels };
  const scope = { namespaces: [namespace('shop')], settings, nodes: NODES, ciliumNetworkPolicies: policies(yaml) };
  const d = evaluatePolicies(buildPolicyIndex({ ...scope, policies: [] }), { src: src.policy, dst: dst.policy, port: 80, protocol: 'TCP' });
  expect(d.allowed, 'the reference agrees').toBe(referenceAllowed({ ...scope, networkPolicies: [] }, src.reference, dst.reference, 80, 'TCP'));
  return { allowed: d.allowed, text: d.hops.map((h) => h.text).join('\n') };
}

describe('fromNodes / toNodes', () => {
  const fromControlPlane = cnp("  ingress:\n  - fromNodes: [{matchLabels: {node-role.kubernetes.io/control-plane: ''}}]\n  - fromEndpoints: [{matchLabels: {app: other}}]\n");

  it('with enable-node-selector-labels: fromNodes admits the remote nodes whose labels match', () => {
    expect(decide(fromControlPlane, cp, web, true)).toMatchObject({ allowed: true, text: expect.stringContaining('CiliumNetworkPolicy shop/web ingress rule #1: allow from 192.168.0.10 (node cp)') });
    expect(decide(fromControlPlane, n2, web, true).allowed).toBe(false);
  });

  it('without it (the default) Cilium refuses the policy: it plays no part, and the trace says so', () => {
    // The pod is in no default deny: the policy was refused whole, its fromEndpoints rule too.
    expect(decide(fromControlPlane, n2, web, false).allowed).toBe(true);
    const both = `${fromControlPlane}---\n${cnp('  ingress:\n  - fromEndpoints: [{matchLabels: {app: other}}]\n').replace('name: web,', 'name: web-2,')}`;
    const d = decide(both, n2, web, false);
    expect(d.allowed).toBe(false);
    expect(d.text).toContain('CiliumNetworkPolicy shop/web is not enforced: Cilium refuses a policy with fromNodes / toNodes unless enable-node-selector-labels is on; setting ciliumNodeSelectorLabels');
  });

  it('toNodes selects remote nodes only: the own node is the host entity', () => {
    const toWorkers = cnp("  egress:\n  - toNodes: [{matchLabels: {node-role.kubernetes.io/worker: ''}}]\n");
    expect(decide(toWorkers, web, n2, true).allowed).toBe(true);
    expect(decide(toWorkers, web, cp, true).allowed).toBe(false);
    // n1 is a worker, but it is web's own node: the host entity, which a node selector never matches.
    expect(decide(toWorkers, web, n1, true).allowed).toBe(false);
    expect(decide(`${toWorkers}  - toEntities: [host]\n`, web, n1, true).allowed).toBe(true);
    // A node selector never matches a pod.
    expect(decide(toWorkers, web, other, true).allowed).toBe(false);
  });

  it('the remote-node entity is every remote node, a node selector a labelled subset of it', () => {
    const remote = cnp('  egress:\n  - toEntities: [remote-node]\n');
    expect(decide(remote, web, cp, true).allowed).toBe(true);
    expect(decide(remote, web, n2, false).allowed).toBe(true);
    expect(decide(remote, web, n1, true).allowed).toBe(false);
  });

  it("selectors may name the cluster, which every node's identity carries", () => {
    const y = cnp("  egress:\n  - toNodes: [{matchLabels: {io.cilium.k8s.policy.cluster: default, node-role.kubernetes.io/control-plane: ''}}]\n");
    expect(decide(y, web, cp, true).allowed).toBe(true);
    expect(decide(y.replace('cluster: default', 'cluster: other'), web, cp, true).allowed).toBe(false);
  });
});

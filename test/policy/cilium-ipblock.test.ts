/**
 * Kubernetes NetworkPolicy ipBlocks and Cilium CIDR rules under Cilium (policy/cilium.ts, 8):
 * CIDR selectors match addresses outside the cluster only, unless `policy-cidr-match-mode` adds
 * nodes or pods (docs.cilium.io, security/policy/language "Selecting nodes with CIDR / ipBlock";
 * network/kubernetes/policy "Known missing features": "ipBlock set with a pod IP"). Under another
 * CNI, or with no CNI named and no Cilium policy, an ipBlock matches by address (reference §6.3).
 */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import type { CiliumNetworkPolicySpec } from '../../src/spec/cilium.js';
import { DEFAULT_SETTINGS, type CiliumCidrMatch, type NetworkPolicySpec } from '../../src/spec/types.js';
import { externalEndpoint, namespace, nodeEndpoint, podEndpoint, podSpec, type TestEndpoint } from './fixture.js';

const client = podEndpoint(podSpec('shop/client', { node: 'n1', labels: { app: 'client' }, ip: '10.0.1.10' }));
const web = podEndpoint(podSpec('shop/web', { node: 'n2', labels: { app: 'web' }, ip: '10.0.2.10' }));
const n1 = nodeEndpoint('n1', '192.168.0.1');
const outside = externalEndpoint('10.9.0.7');

/** web accepts ingress from 10.0.0.0/8: the pods' addresses, the outside client's, not the nodes'. */
const podRange = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: from-ten, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
`;
/** web accepts ingress from the nodes' network. */
const nodeRange = podRange.replace('from-ten', 'from-nodes').replace('10.0.0.0/8', '192.168.0.0/24');

interface Case {
  readonly ciliumCni?: boolean;
  readonly cidrMatch?: readonly CiliumCidrMatch[];
}

/** The decision (and the reference's) for src → web on TCP 80. */
function decide(yaml: string, src: TestEndpoint, c: Case, dst: TestEndpoint = web) {
  const res = objectsFromYaml(yaml, 'p.yaml');
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const of = <T>(kind: string) => res.objects.flatMap((o) => (o.kind === kind ? [o.spec as T] : []));
  const settings = { ...DEFAULT_SETTINGS, ciliumCidrMatchMode: c.cidrMatch ?? [] };
  const scope = {
    namespaces: [namespace('shop')],
    nodes: [
      { name: 'n1', labels: {} },
      { name: 'n2', labels: {} },
    ],
    settings,
    ciliumNetworkPolicies: of<CiliumNetworkPolicySpec>('cilium-network-policy'),
    ...(c.ciliumCni ? { ciliumCni: true } : {}),
  };
  const policies = of<NetworkPolicySpec>('network-policy');
  const d = evaluatePolicies(buildPolicyIndex({ ...scope, policies }), { src: src.policy, dst: dst.policy, port: 80, protocol: 'TCP' });
  const reference = referenceAllowed({ ...scope, networkPolicies: policies }, src.reference, dst.reference, 80, 'TCP');
  expect(d.allowed, 'the reference agrees').toBe(reference);
  return { allowed: d.allowed, ingress: d.ingress, hop: d.hops[d.hops.length - 1]! };
}

describe('a NetworkPolicy ipBlock under Cilium', () => {
  it('matches a pod by address under another CNI (the reference semantics)', () => {
    expect(decide(podRange, client, {}).allowed).toBe(true);
  });

  it('does not match a pod under `cni cilium`, and the trace says why', () => {
    const r = decide(podRange, client, { ciliumCni: true });
    expect(r.allowed).toBe(false);
    expect(r.ingress).toEqual({ kind: 'cilium-default-deny', policies: ['NetworkPolicy shop/from-ten'] });
    expect(r.hop.setting).toBe('ciliumCidrMatchMode');
    expect(r.hop.text).toBe(
      "pod shop/web is in Cilium's default deny for ingress (selected by NetworkPolicy shop/from-ten); no allow rule matched from 10.0.1.10 (pod shop/client) on TCP 80: dropped" +
        ' (NetworkPolicy shop/from-ten ingress rule #1 would allow it by ipBlock 10.0.0.0/8, which covers 10.0.1.10, but Cilium matches CIDR selectors only to addresses outside the cluster,' +
        ' and 10.0.1.10 is a pod, which Cilium matches by its labels (a podSelector, or fromEndpoints / toEndpoints); setting ciliumCidrMatchMode)',
    );
  });

  it('still matches an address outside the cluster under `cni cilium`', () => {
    const r = decide(podRange, outside, { ciliumCni: true });
    expect(r.allowed).toBe(true);
    expect(r.ingress).toEqual({ kind: 'cilium', rule: 'NetworkPolicy shop/from-ten ingress rule #1', action: 'Allow' });
  });

  it('matches pods with policy-cidr-match-mode pods (Cilium 1.20)', () => {
    expect(decide(podRange, client, { ciliumCni: true, cidrMatch: ['pods'] }).allowed).toBe(true);
    expect(decide(podRange, client, { ciliumCni: true, cidrMatch: ['nodes'] }).allowed).toBe(false);
  });

  it('does not match a node unless policy-cidr-match-mode names nodes', () => {
    expect(decide(nodeRange, n1, {}).allowed).toBe(true);
    const r = decide(nodeRange, n1, { ciliumCni: true });
    expect(r.allowed).toBe(false);
    expect(r.hop.text).toContain('and 192.168.0.1 is a node, which Cilium matches by the host and remote-node entities; setting ciliumCidrMatchMode)');
    expect(decide(nodeRange, n1, { ciliumCni: true, cidrMatch: ['nodes'] }).allowed).toBe(true);
  });

  it('is a CIDR selector with Cilium policies and no CNI named (manifests), as a CNP toCIDR is', () => {
    const cnp = `---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: client-out, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: client}}
  egress:
  - toCIDR: [10.0.0.0/8]
`;
    expect(decide(podRange + cnp, client, {}).allowed).toBe(false);
    const egress = decide(cnp, client, {}, web);
    expect(egress.allowed).toBe(false);
    expect(egress.hop.text).toContain('(CiliumNetworkPolicy shop/client-out egress rule #1 would allow it by CIDR 10.0.0.0/8, which covers 10.0.2.10');
    expect(decide(cnp, client, { cidrMatch: ['pods'] }, web).allowed).toBe(true);
  });
});

/**
 * Property: on random small clusters, the indexed evaluator and the naive reference of §6.4
 * agree on every (source, destination, port, protocol), for every combination of settings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { defaultPolicyTypes, type PolicyType } from '../../src/policy/policy-types.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import {
  DEFAULT_SETTINGS,
  type ContainerPort,
  type LabelSelector,
  type LabelSelectorRequirement,
  type Labels,
  type NamespaceSpec,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type NetworkPolicyRule,
  type NetworkPolicySpec,
  type PodSpec,
  type Protocol,
  type Settings,
} from '../../src/spec/types.js';
import { anpsArb, banpArb, nodesArb } from '../matrix/cluster-arbitraries.js';
import { externalEndpoint, nodeEndpoint, podEndpoint, podSpec, type TestEndpoint } from './fixture.js';

const NAMESPACES = ['a', 'b', 'c'] as const;
const NODES = [
  { name: 'n1', ip: '192.168.0.1' },
  { name: 'n2', ip: '192.168.0.2' },
] as const;
const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const PORT_NUMBERS = [53, 80, 81, 8080] as const;
const PORT_NAMES = ['http', 'dns'] as const;
const CIDRS = ['10.0.0.0/16', '10.0.1.0/24', '192.168.0.0/24', '0.0.0.0/0', '203.0.113.0/24', '2001:db8::/32', '::/0'] as const;
const EXCEPTS = ['10.0.1.0/25', '10.0.2.11/32', '192.168.0.1/32', '2001:db8::/64'] as const;
const OUTSIDE = ['203.0.113.10', '10.0.9.9', '2001:db8::1'] as const;

const labelsArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<Labels> =>
  fc
    .record(
      Object.fromEntries(Object.entries(keys).map(([k, vs]) => [k, fc.constantFrom(...vs)])) as Record<string, fc.Arbitrary<string>>,
      { requiredKeys: [] },
    )
    .map((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined)));

const POD_LABELS = { app: ['web', 'db', 'client'], tier: ['fe', 'be'] };
const NS_LABELS = { team: ['x', 'y'], env: ['prod', 'dev'] };
/** Namespace selectors may also pick namespaces by name, a label namespaces are generated with or without. */
const NS_SELECTOR_KEYS = { ...NS_LABELS, 'kubernetes.io/metadata.name': NAMESPACES };

const requirementArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<LabelSelectorRequirement> =>
  fc.constantFrom(...Object.keys(keys)).chain((key) =>
    fc.record({
      key: fc.constant(key),
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.subarray([...(keys[key] ?? [])], { minLength: 1 }),
    }),
  );

const selectorArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<LabelSelector> =>
  fc.record({
    matchLabels: labelsArb(keys),
    matchExpressions: fc.array(requirementArb(keys), { maxLength: 1 }),
  });

const namespacesArb: fc.Arbitrary<readonly NamespaceSpec[]> = fc.tuple(
  ...NAMESPACES.map((name) =>
    fc.record({ labels: labelsArb(NS_LABELS), withNameLabel: fc.boolean() }).map(({ labels, withNameLabel }) => ({
      name,
      labels: withNameLabel ? { ...labels, 'kubernetes.io/metadata.name': name } : labels,
    })),
  ),
);

const containerPortArb: fc.Arbitrary<ContainerPort> = fc.record(
  {
    name: fc.constantFrom(...PORT_NAMES),
    containerPort: fc.constantFrom(...PORT_NUMBERS),
    protocol: fc.constantFrom(...PROTOCOLS),
  },
  { requiredKeys: ['containerPort', 'protocol'] },
);

const podsArb: fc.Arbitrary<readonly PodSpec[]> = fc
  .array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      node: fc.integer({ min: 0, max: NODES.length - 1 }),
      labels: labelsArb(POD_LABELS),
      ports: fc.array(containerPortArb, { maxLength: 2 }),
      hostNetwork: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
    }),
    { minLength: 1, maxLength: 6 },
  )
  .map((raw) =>
    raw.map((p, i) => {
      const node = NODES[p.node] as (typeof NODES)[number];
      return podSpec(`${p.namespace}/p${i}`, {
        node: node.name,
        labels: p.labels,
        ports: p.ports,
        hostNetwork: p.hostNetwork,
        ip: p.hostNetwork ? node.ip : `10.0.${p.node + 1}.${10 + i}`,
      });
    }),
  );

const peerArb: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  selectorArb(POD_LABELS).map((podSelector) => ({ podSelector })),
  selectorArb(NS_SELECTOR_KEYS).map((namespaceSelector) => ({ namespaceSelector })),
  fc.record({ podSelector: selectorArb(POD_LABELS), namespaceSelector: selectorArb(NS_SELECTOR_KEYS) }),
  fc.record({ cidr: fc.constantFrom(...CIDRS), except: fc.subarray([...EXCEPTS], { maxLength: 2 }) }).map((ipBlock) => ({ ipBlock })),
);

const policyPortArb: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS) }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORT_NUMBERS) }),
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORT_NAMES) }),
  fc
    .record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORT_NUMBERS), extra: fc.constantFrom(0, 1, 8000) })
    .map(({ protocol, port, extra }) => ({ protocol, port, endPort: port + extra })),
);

const ruleArb: fc.Arbitrary<NetworkPolicyRule> = fc.record({
  peers: fc.array(peerArb, { maxLength: 3 }),
  ports: fc.array(policyPortArb, { maxLength: 2 }),
});

const policyTypesArb: fc.Arbitrary<readonly PolicyType[] | undefined> = fc.option(
  fc.subarray<PolicyType>(['Ingress', 'Egress'], { minLength: 1 }),
  { nil: undefined },
);

const policiesArbOf = (maxLength: number): fc.Arbitrary<readonly NetworkPolicySpec[]> => fc
  .array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      podSelector: selectorArb(POD_LABELS),
      policyTypes: policyTypesArb,
      ingress: fc.array(ruleArb, { maxLength: 3 }),
      egress: fc.array(ruleArb, { maxLength: 3 }),
    }),
    { maxLength },
  )
  .map((raw) =>
    raw.map((p, i) => ({
      name: `np${i}`,
      namespace: p.namespace,
      podSelector: p.podSelector,
      policyTypes: defaultPolicyTypes(p.egress.length > 0, p.policyTypes),
      ingress: p.ingress,
      egress: p.egress,
    })),
  );
const policiesArb = policiesArbOf(5);

const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    hostNetworkPolicy: fc.constantFrom('node', 'pod'),
    selfTrafficAllowed: fc.boolean(),
    podToOwnNodeAllowed: fc.boolean(),
    networkPolicyEnforcement: fc.constantFrom('full', 'full', 'full', 'ingress-only', 'none'),
  })
  .map((s) => ({ ...DEFAULT_SETTINGS, ...s }));


describe('evaluatePolicies agrees with the naive reference', () => {
  it('with AdminNetworkPolicies and a BaselineAdminNetworkPolicy around NetworkPolicy', () => {
    const seen = { allowed: 0, denied: 0, adminAllow: 0, adminDeny: 0, baselineAllow: 0, baselineDeny: 0 };
    fc.assert(
      fc.property(
        namespacesArb,
        podsArb,
        // Fewer NetworkPolicies than in the plain test, so the baseline tier gets its say.
        policiesArbOf(2),
        anpsArb,
        banpArb,
        nodesArb,
        settingsArb,
        (namespaces, pods, policies, anps, banp, nodes, settings) => {
          const endpoints: readonly TestEndpoint[] = [
            ...pods.map(podEndpoint),
            ...NODES.map((n) => nodeEndpoint(n.name, n.ip)),
            ...OUTSIDE.map(externalEndpoint),
          ];
          const admin = { adminNetworkPolicies: anps, ...(banp ? { baselineAdminNetworkPolicy: banp } : {}), nodes };
          const index = buildPolicyIndex({ policies, namespaces, settings, ...admin });
          const cluster = { namespaces, networkPolicies: policies, settings, ...admin };
          for (const src of endpoints) {
            for (const dst of endpoints) {
              for (const port of PORT_NUMBERS) {
                for (const protocol of PROTOCOLS) {
                  const decision = evaluatePolicies(index, { src: src.policy, dst: dst.policy, port, protocol });
                  const expected = referenceAllowed(cluster, src.reference, dst.reference, port, protocol);
                  if (decision.allowed !== expected) {
                    throw new Error(
                      `${src.policy.ip} -> ${dst.policy.ip} ${protocol} ${port}: evaluator ${decision.allowed}, reference ${expected}\n` +
                        decision.hops.map((h) => `  ${h.text}`).join('\n'),
                    );
                  }
                  seen[expected ? 'allowed' : 'denied']++;
                  for (const v of [decision.egress, decision.ingress]) {
                    if (v?.kind !== 'admin') continue;
                    seen[`${v.tier === 'admin' ? 'admin' : 'baseline'}${v.action}`]++;
                  }
                }
              }
            }
          }
        },
      ),
      { numRuns: 300 },
    );
    // Every tier and action must have decided something, or agreement proves little.
    for (const [k, n] of Object.entries(seen)) expect(n, k).toBeGreaterThan(0);
  }, 60_000);

  it('on every pair, port and protocol of random small clusters', () => {
    const verdicts = { allowed: 0, denied: 0 };
    fc.assert(
      fc.property(namespacesArb, podsArb, policiesArb, settingsArb, (namespaces, pods, policies, settings) => {
        const endpoints: readonly TestEndpoint[] = [
          ...pods.map(podEndpoint),
          ...NODES.map((n) => nodeEndpoint(n.name, n.ip)),
          ...OUTSIDE.map(externalEndpoint),
        ];
        const index = buildPolicyIndex({ policies, namespaces, settings });
        const cluster = { namespaces, networkPolicies: policies, settings };
        // Each pod also sends once masqueraded to its node's address (ingress sees the node, egress the pod).
        const senders = [
          ...endpoints.map((src) => ({ src, seen: undefined })),
          ...pods.map((p) => {
            const node = NODES.find((n) => n.name === p.node) as (typeof NODES)[number];
            return { src: podEndpoint(p), seen: nodeEndpoint(node.name, node.ip) };
          }),
        ];
        for (const { src, seen } of senders) {
          for (const dst of endpoints) {
            for (const port of PORT_NUMBERS) {
              for (const protocol of PROTOCOLS) {
                const query = { src: src.policy, dst: dst.policy, port, protocol, ...(seen ? { ingressSrc: seen.policy } : {}) };
                const decision = evaluatePolicies(index, query);
                const expected = referenceAllowed(cluster, src.reference, dst.reference, port, protocol, seen?.reference);
                if (decision.allowed !== expected) {
                  throw new Error(
                    `${src.policy.ip}${seen ? ` (seen as ${seen.policy.ip})` : ''} -> ${dst.policy.ip} ${protocol} ${port}: ` +
                      `evaluator ${decision.allowed}, reference ${expected}\n` +
                      decision.hops.map((h) => `  ${h.text}`).join('\n'),
                  );
                }
                expect(decision.allowed).toBe(decision.deniedBy === undefined);
                expect(decision.hops.length).toBeGreaterThan(0);
                if (expected) verdicts.allowed++;
                else verdicts.denied++;
              }
            }
          }
        }
      }),
      { numRuns: 150 },
    );
    // The generators must exercise both verdicts, or agreement proves nothing.
    expect(verdicts.allowed).toBeGreaterThan(0);
    expect(verdicts.denied).toBeGreaterThan(0);
  }, 60_000);
});

/**
 * The pairwise oracle (src/connlist/pairwise.ts) decides each port interval on the policies restricted to the rules that may match it
 * (src/connlist/restricted-index.ts). On generated policies of R port rules (NetworkPolicy,
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy) its lines equal the straightforward
 * computation: every interval of every line decided on the full index.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatConnections, PROTOCOLS, workloadLabel, workloadsOf, type ConnlistInput } from '../../src/connlist/connlist.js';
import { connlistPairwise } from '../../src/connlist/pairwise.js';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { policyPortCuts } from '../../src/policy/port-cuts.js';
import { listedUniverse, type ListedProtocol } from '../../src/spec/packet-protocol.js';
import {
  DEFAULT_SETTINGS,
  type AdminNetworkPolicySpec,
  type AdminPolicyPort,
  type AdminPolicyRule,
  type BaselineAdminNetworkPolicySpec,
  type LabelSelector,
  type NetworkPolicyPort,
  type NetworkPolicyRule,
  type NetworkPolicySpec,
  type PodSpec,
  type Protocol,
} from '../../src/spec/types.js';

const sel = (labels: Record<string, string>): LabelSelector => ({ matchLabels: labels, matchExpressions: [] });
const APPS = ['a', 'b', 'c'] as const;
const pods: PodSpec[] = APPS.map(
  (app) =>
    ({
      name: app,
      namespace: 'ns',
      labels: { app },
      ports: [
        { name: 'http', containerPort: 8 + APPS.indexOf(app), protocol: 'TCP' },
        { name: 'dns', containerPort: 30, protocol: 'UDP' },
      ],
    }) as unknown as PodSpec,
);

const protocol = fc.constantFrom<Protocol>('TCP', 'UDP');
const npPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol, port: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ protocol, port: fc.integer({ min: 1, max: 40 }), span: fc.integer({ min: 0, max: 20 }) }).map(({ protocol: p, port, span }) => ({ protocol: p, port, endPort: port + span })),
  fc.record({ protocol }),
  fc.record({ protocol, port: fc.constantFrom('http', 'dns') }),
);
const npRule: fc.Arbitrary<NetworkPolicyRule> = fc.record({
  peers: fc.oneof(fc.constant([]), fc.constantFrom(...APPS).map((app) => [{ podSelector: sel({ app }) }])),
  ports: fc.array(npPort, { maxLength: 3 }),
}) as fc.Arbitrary<NetworkPolicyRule>;
const networkPolicy = (name: string): fc.Arbitrary<NetworkPolicySpec> =>
  fc
    .record({ app: fc.constantFrom(...APPS), ingress: fc.array(npRule, { maxLength: 25 }), egress: fc.array(npRule, { maxLength: 5 }), egressTyped: fc.boolean() })
    .map(({ app, ingress, egress, egressTyped }) => ({
      name,
      namespace: 'ns',
      podSelector: sel({ app }),
      policyTypes: egressTyped || egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'],
      ingress,
      egress,
    }));

const adminPort: fc.Arbitrary<AdminPolicyPort> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), protocol, port: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('range' as const), protocol, start: fc.integer({ min: 1, max: 40 }), span: fc.integer({ min: 0, max: 20 }) }).map(({ kind, protocol: p, start, span }) => ({ kind, protocol: p, start, end: start + span })),
  fc.record({ kind: fc.constant('named' as const), name: fc.constantFrom('http', 'dns') }),
);
const adminRule = (actions: readonly AdminPolicyRule['action'][]): fc.Arbitrary<AdminPolicyRule> =>
  fc.record({
    name: fc.constant(''),
    action: fc.constantFrom(...actions),
    peers: fc.constantFrom(...APPS).map((app) => [{ kind: 'pods' as const, namespaces: sel({}), pods: sel({ app }) }]),
    ports: fc.option(fc.array(adminPort, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  }).map(({ ports, ...r }) => (ports === undefined ? r : { ...r, ports }));
const subject = fc.constantFrom(...APPS).map((app) => ({ kind: 'pods' as const, namespaces: sel({}), pods: sel({ app }) }));
const admin = (name: string): fc.Arbitrary<AdminNetworkPolicySpec> =>
  fc.record({
    name: fc.constant(name),
    priority: fc.integer({ min: 0, max: 3 }),
    subject,
    ingress: fc.array(adminRule(['Allow', 'Deny', 'Pass']), { maxLength: 10 }),
    egress: fc.array(adminRule(['Allow', 'Deny', 'Pass']), { maxLength: 4 }),
  });
const baseline: fc.Arbitrary<BaselineAdminNetworkPolicySpec> = fc.record({
  name: fc.constant('default'),
  subject,
  ingress: fc.array(adminRule(['Allow', 'Deny']), { maxLength: 10 }),
  egress: fc.array(adminRule(['Allow', 'Deny']), { maxLength: 4 }),
});

/** Pod pairs' lines as the straightforward computation has them. */
function straightforward(input: ConnlistInput): string[] {
  const index = buildPolicyIndex({
    policies: input.policies,
    namespaces: input.namespaces,
    settings: { ...DEFAULT_SETTINGS, hostNetworkPolicy: 'pod' },
    ...(input.adminNetworkPolicies ? { adminNetworkPolicies: input.adminNetworkPolicies } : {}),
    ...(input.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: input.baselineAdminNetworkPolicy } : {}),
  });
  const ws = workloadsOf(input.pods);
  const endpoint = (p: PodSpec) => ({ ip: `${p.namespace}/${p.name}`, pod: { namespace: p.namespace, name: p.name, labels: p.labels, node: `node-of-${p.namespace}-${p.name}`, hostNetwork: false, ports: p.ports } });
  const out: string[] = [];
  for (const s of ws) {
    for (const d of ws) {
      if (s === d) continue;
      const conns = new Map<ListedProtocol, readonly (readonly [number, number])[]>();
      for (const p of PROTOCOLS) {
        const cuts = policyPortCuts(input, p);
        const ranges: [number, number][] = [];
        cuts.forEach((from, i) => {
          if (!evaluatePolicies(index, { src: endpoint(s.pod), dst: endpoint(d.pod), port: from, protocol: p }).allowed) return;
          const to = (cuts[i + 1] ?? 65536) - 1;
          const last = ranges[ranges.length - 1];
          if (last && last[1] + 1 === from) last[1] = to;
          else ranges.push([from, to]);
        });
        if (ranges.length > 0) conns.set(p, ranges);
      }
      // NetworkPolicy and the admin policies match ICMP and every other IP protocol by rules without ports alone: one answer each, for every message and number.
      const portless = (protocol: 'ICMP' | 'IP', extra: { icmp?: { type: number; code: number }; ipProtocol?: number }): void => {
        if (evaluatePolicies(index, { src: endpoint(s.pod), dst: endpoint(d.pod), port: 0, protocol, ...extra }).allowed) conns.set(protocol, listedUniverse(protocol));
      };
      portless('ICMP', { icmp: { type: 3, code: 1 } });
      portless('IP', { ipProtocol: 47 });
      if (conns.size > 0) out.push(`${workloadLabel(s)} => ${workloadLabel(d)} : ${formatConnections(conns)}`);
    }
  }
  return out;
}

describe('connlist over many port rules', () => {
  it('equals deciding every interval on the full policies', () => {
    fc.assert(
      fc.property(
        fc.array(networkPolicy('p'), { maxLength: 3 }).map((ps) => ps.map((p, i) => ({ ...p, name: `p${i}` }))),
        fc.array(admin('anp'), { maxLength: 2 }).map((ps) => ps.map((p, i) => ({ ...p, name: `anp${i}` }))),
        fc.option(baseline, { nil: undefined }),
        (policies, adminNetworkPolicies, banp) => {
          const input: ConnlistInput = { pods, namespaces: [{ name: 'ns', labels: {} }] as ConnlistInput['namespaces'], policies, adminNetworkPolicies, ...(banp ? { baselineAdminNetworkPolicy: banp } : {}) };
          const lines = connlistPairwise(input)
            .filter((c) => !c.src.includes('[External]') && !c.dst.includes('[External]'))
            .map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`);
          expect(lines).toEqual(straightforward(input));
        },
      ),
      { numRuns: 150, seed: 14 },
    );
  });
});

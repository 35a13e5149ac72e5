/**
 * connlist read from the matrix engine (src/connlist/matrix-list.ts) equals the pairwise oracle
 * (src/connlist/pairwise.ts) on random clusters: several namespaces, bare pods and Deployment
 * replicas, named ports, NetworkPolicies with pod/namespace selectors, endPort ranges, IPv4 and
 * IPv6 ipBlocks with excepts, AdminNetworkPolicies (pods, namespaces and networks peers) and a
 * BaselineAdminNetworkPolicy. Also: the matrix lines come out already in output order (they are
 * streamed). Seeded, so a failure reproduces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareConnections, formatConnections, type Connection, type ConnlistInput } from '../../src/connlist/connlist.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistPairwise } from '../../src/connlist/pairwise.js';
import type {
  AdminNetworkPolicySpec,
  AdminPolicyPeer,
  AdminPolicyPort,
  AdminPolicyRule,
  BaselineAdminNetworkPolicySpec,
  ContainerPort,
  LabelSelector,
  NetworkPolicyPeer,
  NetworkPolicyPort,
  NetworkPolicyRule,
  NetworkPolicySpec,
  PodSpec,
  Protocol,
} from '../../src/spec/types.js';

const NAMESPACES = ['a', 'b', 'c'] as const;
const APPS = ['web', 'db', 'api'] as const;
const TEAMS = ['red', 'blue'] as const;

const selector = (labels: Record<string, string>, exprs: LabelSelector['matchExpressions'] = []): LabelSelector => ({ matchLabels: labels, matchExpressions: exprs });
const podSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant(selector({})),
  fc.constantFrom(...APPS).map((app) => selector({ app })),
  fc.constantFrom(...APPS).map((app) => selector({}, [{ key: 'app', operator: 'NotIn', values: [app] }])),
  fc.constantFrom(...TEAMS).map((tier) => selector({ tier })),
);
const namespaceSelector: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant(selector({})),
  fc.constantFrom(...TEAMS).map((team) => selector({ team })),
  fc.constantFrom(...NAMESPACES).map((ns) => selector({ 'kubernetes.io/metadata.name': ns })),
);
const protocol = fc.constantFrom<Protocol>('TCP', 'UDP', 'SCTP');
const NAMED: readonly ContainerPort[] = [
  { name: 'http', containerPort: 80, protocol: 'TCP' },
  { name: 'http', containerPort: 8080, protocol: 'TCP' },
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
];
const containerPorts: fc.Arbitrary<ContainerPort[]> = fc.subarray([...NAMED], { maxLength: 2 }).map((ps) => ps.filter((p, i) => ps.findIndex((q) => q.name === p.name) === i));

const pod = fc.record({
  namespace: fc.constantFrom(...NAMESPACES),
  app: fc.constantFrom(...APPS),
  tier: fc.option(fc.constantFrom(...TEAMS), { nil: undefined }),
  ports: containerPorts,
  deployment: fc.option(fc.constantFrom('d1', 'd2'), { nil: undefined }),
});
const pods: fc.Arbitrary<PodSpec[]> = fc.array(pod, { minLength: 1, maxLength: 7 }).map((ps) =>
  ps.map(
    (p, i) =>
      ({
        name: `p${i}`,
        namespace: p.namespace,
        node: 'n',
        labels: { app: p.app, ...(p.tier ? { tier: p.tier } : {}) },
        ports: p.ports,
        hostNetwork: false,
        ...(p.deployment ? { owner: { kind: 'Deployment', name: p.deployment } } : {}),
      }) as unknown as PodSpec,
  ),
);

const V4 = ['10.0.0.0/8', '10.1.0.0/16', '0.0.0.0/0', '192.168.0.0/24', '172.16.0.0/12'] as const;
const V4_EXCEPT = ['10.1.2.0/24', '10.0.0.0/16', '192.168.0.128/25', '172.16.5.0/24'] as const;
const V6 = ['2001:db8::/32', '::/0', 'fd00::/8'] as const;
const V6_EXCEPT = ['2001:db8:1::/48', 'fd00:1::/32'] as const;
const ipBlock: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  fc.record({ cidr: fc.constantFrom(...V4), except: fc.subarray([...V4_EXCEPT], { maxLength: 2 }) }),
  fc.record({ cidr: fc.constantFrom(...V6), except: fc.subarray([...V6_EXCEPT], { maxLength: 1 }) }),
).map((ipBlock) => ({ ipBlock }));
const peer: fc.Arbitrary<NetworkPolicyPeer> = fc.oneof(
  podSelector.map((s) => ({ podSelector: s })),
  namespaceSelector.map((s) => ({ namespaceSelector: s })),
  fc.record({ podSelector, namespaceSelector }),
  { arbitrary: ipBlock, weight: 2 },
);
const npPort: fc.Arbitrary<NetworkPolicyPort> = fc.oneof(
  fc.record({ protocol, port: fc.constantFrom(53, 80, 443, 8080) }),
  fc.record({ protocol, port: fc.constantFrom(79, 80, 1000), span: fc.constantFrom(0, 1, 8000) }).map(({ protocol: p, port, span }) => ({ protocol: p, port, endPort: port + span })),
  fc.record({ protocol }),
  fc.record({ protocol: fc.constantFrom<Protocol>('TCP', 'UDP'), port: fc.constantFrom('http', 'dns') }),
);
const npRule: fc.Arbitrary<NetworkPolicyRule> = fc.record({ peers: fc.array(peer, { maxLength: 2 }), ports: fc.array(npPort, { maxLength: 2 }) }) as fc.Arbitrary<NetworkPolicyRule>;
const networkPolicy: fc.Arbitrary<Omit<NetworkPolicySpec, 'name'>> = fc
  .record({
    namespace: fc.constantFrom(...NAMESPACES),
    podSelector,
    ingress: fc.array(npRule, { maxLength: 3 }),
    egress: fc.array(npRule, { maxLength: 3 }),
    types: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  })
  .map(({ types, ...p }) => ({ ...p, policyTypes: types as NetworkPolicySpec['policyTypes'] }));

const adminPort: fc.Arbitrary<AdminPolicyPort> = fc.oneof(
  fc.record({ kind: fc.constant('number' as const), protocol, port: fc.constantFrom(53, 80, 443) }),
  fc.record({ kind: fc.constant('range' as const), protocol, start: fc.constantFrom(1, 80, 1000), end: fc.constantFrom(80, 9000) }).map((r) => ({ ...r, end: Math.max(r.start, r.end) })),
  fc.record({ kind: fc.constant('named' as const), name: fc.constantFrom('http', 'dns') }),
);
const adminPodPeer: fc.Arbitrary<AdminPolicyPeer> = fc.oneof(
  namespaceSelector.map((namespaces) => ({ kind: 'namespaces' as const, namespaces })),
  fc.record({ namespaces: namespaceSelector, pods: podSelector }).map((p) => ({ kind: 'pods' as const, ...p })),
);
const networksPeer: fc.Arbitrary<AdminPolicyPeer> = fc.subarray(['10.0.0.0/8', '192.168.0.0/16', '0.0.0.0/0', '2001:db8::/32'], { minLength: 1, maxLength: 2 }).map((cidrs) => ({ kind: 'networks' as const, cidrs }));
const adminRule = (actions: readonly AdminPolicyRule['action'][], egress: boolean): fc.Arbitrary<AdminPolicyRule> =>
  fc
    .record({
      action: fc.constantFrom(...actions),
      peers: fc.array(egress ? fc.oneof(adminPodPeer, networksPeer) : adminPodPeer, { minLength: 1, maxLength: 2 }),
      ports: fc.option(fc.array(adminPort, { minLength: 1, maxLength: 2 }), { nil: undefined }),
    })
    .map(({ ports, ...r }) => ({ name: '', ...r, ...(ports === undefined ? {} : { ports }) }));
const subject = fc.oneof(
  namespaceSelector.map((namespaces) => ({ kind: 'namespaces' as const, namespaces })),
  fc.record({ namespaces: namespaceSelector, pods: podSelector }).map((p) => ({ kind: 'pods' as const, ...p })),
);
const admin: fc.Arbitrary<Omit<AdminNetworkPolicySpec, 'name'>> = fc.record({
  priority: fc.integer({ min: 0, max: 3 }),
  subject,
  ingress: fc.array(adminRule(['Allow', 'Deny', 'Pass'], false), { maxLength: 2 }),
  egress: fc.array(adminRule(['Allow', 'Deny', 'Pass'], true), { maxLength: 2 }),
});
const baseline: fc.Arbitrary<BaselineAdminNetworkPolicySpec> = fc.record({
  name: fc.constant('default'),
  subject,
  ingress: fc.array(adminRule(['Allow', 'Deny'], false), { maxLength: 2 }),
  egress: fc.array(adminRule(['Allow', 'Deny'], true), { maxLength: 2 }),
});

const cluster: fc.Arbitrary<ConnlistInput> = fc
  .record({
    pods,
    teams: fc.tuple(...NAMESPACES.map(() => fc.constantFrom(...TEAMS))),
    policies: fc.array(networkPolicy, { maxLength: 4 }),
    // Half the clusters have no admin policy: the matrix then takes its factored (cell) paths.
    admins: fc.oneof(fc.constant<Omit<AdminNetworkPolicySpec, 'name'>[]>([]), fc.array(admin, { minLength: 1, maxLength: 2 })),
    banp: fc.option(baseline, { nil: undefined }),
  })
  .map(({ pods: ps, teams, policies, admins, banp }) => ({
    pods: ps,
    namespaces: NAMESPACES.map((name, i) => ({ name, labels: { team: teams[i]! } })),
    policies: policies.map((p, i) => ({ ...p, name: `np${i}` })),
    adminNetworkPolicies: admins.map((p, i) => ({ ...p, name: `anp${i}` })),
    ...(banp ? { baselineAdminNetworkPolicy: banp } : {}),
  }));

const text = (cs: readonly Connection[]): string[] => cs.map((c) => `${c.src} => ${c.dst} : ${formatConnections(c.conns)}`);

describe('connlist from the matrix engine', () => {
  it('equals the pairwise oracle, line for line, in output order', () => {
    fc.assert(
      fc.property(cluster, (input) => {
        const streamed = connlist(input);
        expect(text(streamed)).toEqual(text([...connlistPairwise(input)].sort(compareConnections)));
      }),
      { seed: 18, numRuns: 300 },
    );
  }, 120_000);
});

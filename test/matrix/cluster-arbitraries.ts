/** fast-check generators of small clusters, policies and change sequences for the matrix tests. */
import fc from 'fast-check';
import { defaultPolicyTypes, type PolicyType } from '../../src/policy/policy-types.js';
import type { MatrixChange, MatrixPod } from '../../src/matrix/index.js';
import {
  DEFAULT_SETTINGS,
  type AdminNetworkPolicySpec,
  type AdminPolicyPeer,
  type AdminPolicyPort,
  type AdminPolicyRule,
  type AdminPolicySubject,
  type BaselineAdminNetworkPolicySpec,
  type ContainerPort,
  type LabelSelector,
  type LabelSelectorRequirement,
  type Labels,
  type NamespaceSpec,
  type NetworkPolicyPeer,
  type NetworkPolicyPort,
  type NetworkPolicyRule,
  type NetworkPolicySpec,
  type Protocol,
  type Settings,
} from '../../src/spec/types.js';

export const NAMESPACES = ['a', 'b', 'c'] as const;
export const NODES = [
  { name: 'n1', ip: '192.168.0.1' },
  { name: 'n2', ip: '192.168.0.2' },
] as const;
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
const PORT_NUMBERS = [53, 80, 81, 8080] as const;
/** Ports queried: every number policies and pods use, and ones nothing names. */
export const QUERY_PORTS = [53, 80, 81, 82, 443, 8080, 8081] as const;
const PORT_NAMES = ['http', 'dns'] as const;
const CIDRS = ['10.0.0.0/16', '10.0.1.0/24', '192.168.0.0/24', '0.0.0.0/0', '203.0.113.0/24', '2001:db8::/32', '::/0'] as const;
const EXCEPTS = ['10.0.1.0/25', '10.0.2.11/32', '192.168.0.1/32', '2001:db8::/64'] as const;

const labelsArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<Labels> =>
  fc
    .record(
      Object.fromEntries(Object.entries(keys).map(([k, vs]) => [k, fc.constantFrom(...vs)])) as Record<string, fc.Arbitrary<string>>,
      { requiredKeys: [] },
    )
    .map((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined)));

const POD_LABELS = { app: ['web', 'db', 'client'], tier: ['fe', 'be'] };
const NS_LABELS = { team: ['x', 'y'], env: ['prod', 'dev'] };
const NS_SELECTOR_KEYS = { ...NS_LABELS, 'kubernetes.io/metadata.name': NAMESPACES };

export const podLabelsArb = labelsArb(POD_LABELS);

const requirementArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<LabelSelectorRequirement> =>
  fc.constantFrom(...Object.keys(keys)).chain((key) =>
    fc.record({
      key: fc.constant(key),
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.subarray([...(keys[key] ?? [])], { minLength: 1 }),
    }),
  );

const selectorArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<LabelSelector> =>
  fc.record({ matchLabels: labelsArb(keys), matchExpressions: fc.array(requirementArb(keys), { maxLength: 1 }) });

export const namespacesArb: fc.Arbitrary<readonly NamespaceSpec[]> = fc.tuple(
  ...NAMESPACES.map((name) =>
    fc.record({ labels: labelsArb(NS_LABELS), withNameLabel: fc.boolean() }).map(({ labels, withNameLabel }) => ({
      name,
      labels: withNameLabel ? { ...labels, 'kubernetes.io/metadata.name': name } : labels,
    })),
  ),
);

const containerPortArb: fc.Arbitrary<ContainerPort> = fc.record(
  { name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(...PORT_NUMBERS), protocol: fc.constantFrom(...PROTOCOLS) },
  { requiredKeys: ['containerPort', 'protocol'] },
);

/** A pod generator; `serial` makes names and pod IPs unique. */
export const podArb = (serial: number): fc.Arbitrary<MatrixPod> =>
  fc
    .record({
      namespace: fc.constantFrom(...NAMESPACES),
      node: fc.integer({ min: 0, max: NODES.length - 1 }),
      labels: podLabelsArb,
      ports: fc.array(containerPortArb, { maxLength: 2 }),
      hostNetwork: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
    })
    .map((p) => {
      const node = NODES[p.node] as (typeof NODES)[number];
      return {
        name: `p${serial}`,
        namespace: p.namespace,
        node: node.name,
        labels: p.labels,
        ports: p.ports,
        hostNetwork: p.hostNetwork,
        ip: p.hostNetwork ? node.ip : `10.0.${p.node + 1}.${10 + serial}`,
      };
    });

export const podsArb: fc.Arbitrary<readonly MatrixPod[]> = fc
  .integer({ min: 1, max: 7 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => podArb(i))));

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

/** A policy named `name` (names repeat across sequences on purpose: adding an existing name replaces it). */
export const policyArb = (name: string): fc.Arbitrary<NetworkPolicySpec> =>
  fc
    .record({
      namespace: fc.constantFrom(...NAMESPACES),
      podSelector: selectorArb(POD_LABELS),
      policyTypes: policyTypesArb,
      ingress: fc.array(ruleArb, { maxLength: 3 }),
      egress: fc.array(ruleArb, { maxLength: 3 }),
    })
    .map((p) => ({
      name,
      namespace: p.namespace,
      podSelector: p.podSelector,
      policyTypes: defaultPolicyTypes(p.egress.length > 0, p.policyTypes),
      ingress: p.ingress,
      egress: p.egress,
    }));

export const policiesArb: fc.Arbitrary<readonly NetworkPolicySpec[]> = fc
  .integer({ min: 0, max: 5 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => policyArb(`np${i}`))));

export const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    hostNetworkPolicy: fc.constantFrom('node', 'pod'),
    selfTrafficAllowed: fc.boolean(),
    podToOwnNodeAllowed: fc.boolean(),
    networkPolicyEnforcement: fc.constantFrom('full', 'full', 'full', 'ingress-only', 'none'),
  })
  .map((s) => ({ ...DEFAULT_SETTINGS, ...s }));

// ---- admin policies ----

const NODE_LABELS = { role: ['infra', 'worker'] };

/** Admin policies are cluster-wide: mostly select broadly, so that several overlap and order matters. */
const looseSelectorArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<LabelSelector> =>
  fc.oneof(
    { arbitrary: fc.constant<LabelSelector>({ matchLabels: {}, matchExpressions: [] }), weight: 2 },
    { arbitrary: selectorArb(keys), weight: 1 },
  );

const subjectArb: fc.Arbitrary<AdminPolicySubject> = fc.oneof(
  looseSelectorArb(NS_SELECTOR_KEYS).map((namespaces) => ({ kind: 'namespaces' as const, namespaces })),
  fc.record({ namespaces: looseSelectorArb(NS_SELECTOR_KEYS), pods: looseSelectorArb(POD_LABELS) }).map((x) => ({ kind: 'pods' as const, ...x })),
);

const adminPeerArb = (direction: 'ingress' | 'egress'): fc.Arbitrary<AdminPolicyPeer> => {
  const common: fc.Arbitrary<AdminPolicyPeer>[] = [
    looseSelectorArb(NS_SELECTOR_KEYS).map((namespaces) => ({ kind: 'namespaces' as const, namespaces })),
    fc.record({ namespaces: looseSelectorArb(NS_SELECTOR_KEYS), pods: looseSelectorArb(POD_LABELS) }).map((x) => ({ kind: 'pods' as const, ...x })),
  ];
  if (direction === 'ingress') return fc.oneof(...common);
  return fc.oneof(
    ...common,
    looseSelectorArb(NODE_LABELS).map((nodes) => ({ kind: 'nodes' as const, nodes })),
    fc.subarray([...CIDRS], { minLength: 1, maxLength: 2 }).map((cidrs) => ({ kind: 'networks' as const, cidrs })),
  );
};

const adminPortArb: fc.Arbitrary<AdminPolicyPort> = fc.oneof(
  fc.record({ protocol: fc.constantFrom(...PROTOCOLS), port: fc.constantFrom(...PORT_NUMBERS) }).map((x) => ({ kind: 'number' as const, ...x })),
  fc
    .record({ protocol: fc.constantFrom(...PROTOCOLS), start: fc.constantFrom(...PORT_NUMBERS), extra: fc.constantFrom(0, 1, 8000) })
    .map(({ protocol, start, extra }) => ({ kind: 'range' as const, protocol, start, end: start + extra })),
  fc.constantFrom(...PORT_NAMES).map((name) => ({ kind: 'named' as const, name })),
);

const adminRuleArb = (direction: 'ingress' | 'egress', actions: readonly ('Allow' | 'Deny' | 'Pass')[]): fc.Arbitrary<AdminPolicyRule> =>
  fc
    .record({
      name: fc.constantFrom('r', ''),
      action: fc.constantFrom(...actions),
      peers: fc.array(adminPeerArb(direction), { minLength: 1, maxLength: 2 }),
      ports: fc.option(fc.array(adminPortArb, { maxLength: 2 }), { nil: undefined }),
    })
    .map(({ ports, ...rest }) => (ports === undefined ? rest : { ...rest, ports }));

/** An AdminNetworkPolicy named `name` (priorities repeat on purpose: ties are broken by name). */
export const anpArb = (name: string): fc.Arbitrary<AdminNetworkPolicySpec> =>
  fc
    .record({
      priority: fc.constantFrom(0, 10, 10, 1000),
      subject: subjectArb,
      ingress: fc.array(adminRuleArb('ingress', ['Allow', 'Deny', 'Pass']), { maxLength: 3 }),
      egress: fc.array(adminRuleArb('egress', ['Allow', 'Deny', 'Pass']), { maxLength: 3 }),
    })
    .map((p) => ({ name, ...p }));

export const anpsArb: fc.Arbitrary<readonly AdminNetworkPolicySpec[]> = fc
  .integer({ min: 0, max: 3 })
  .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => anpArb(`anp${(7 * i) % 3}-${i}`))));

export const banpArb: fc.Arbitrary<BaselineAdminNetworkPolicySpec | undefined> = fc.option(
  fc.record({
    name: fc.constant('default'),
    subject: subjectArb,
    ingress: fc.array(adminRuleArb('ingress', ['Allow', 'Deny']), { minLength: 1, maxLength: 3 }),
    egress: fc.array(adminRuleArb('egress', ['Allow', 'Deny']), { minLength: 1, maxLength: 3 }),
  }),
  { nil: undefined, freq: 3 },
);

export const nodesArb = fc.tuple(...NODES.map((n) => labelsArb(NODE_LABELS).map((labels) => ({ name: n.name, labels }))));

/** A change, with indexes and names resolved against the cluster when applied (see `resolveChange`). */
export type ChangeSeed =
  | { readonly kind: 'add-admin-policy'; readonly policy: AdminNetworkPolicySpec }
  | { readonly kind: 'remove-admin-policy'; readonly pick: number }
  | { readonly kind: 'set-baseline'; readonly policy?: BaselineAdminNetworkPolicySpec }
  | { readonly kind: 'add-policy'; readonly policy: NetworkPolicySpec }
  | { readonly kind: 'remove-policy'; readonly pick: number }
  | { readonly kind: 'relabel-pod'; readonly pick: number; readonly labels: Labels }
  | { readonly kind: 'add-pod'; readonly pod: MatrixPod };

export const changesArb: fc.Arbitrary<readonly ChangeSeed[]> = fc
  .integer({ min: 1, max: 6 })
  .chain((n) =>
    fc.tuple(
      ...Array.from({ length: n }, (_, i) =>
        fc.oneof(
          policyArb(`np${i % 3 === 0 ? i : 10 + i}`).map((policy): ChangeSeed => ({ kind: 'add-policy', policy })),
          fc.nat().map((pick): ChangeSeed => ({ kind: 'remove-policy', pick })),
          fc.record({ pick: fc.nat(), labels: podLabelsArb }).map(({ pick, labels }): ChangeSeed => ({ kind: 'relabel-pod', pick, labels })),
          podArb(50 + i).map((pod): ChangeSeed => ({ kind: 'add-pod', pod })),
          anpArb(`anp${i % 2}-${i % 3}`).map((policy): ChangeSeed => ({ kind: 'add-admin-policy', policy })),
          fc.nat().map((pick): ChangeSeed => ({ kind: 'remove-admin-policy', pick })),
          banpArb.map((policy): ChangeSeed => (policy ? { kind: 'set-baseline', policy } : { kind: 'set-baseline' })),
        ),
      ),
    ),
  );

export interface SmallCluster {
  readonly namespaces: readonly NamespaceSpec[];
  readonly pods: readonly MatrixPod[];
  readonly policies: readonly NetworkPolicySpec[];
  readonly settings: Settings;
  readonly adminNetworkPolicies?: readonly AdminNetworkPolicySpec[];
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
  readonly nodes?: readonly { readonly name: string; readonly labels: Labels }[];
}

/** The concrete change a seed means for `cluster`, and the cluster after it (the test's own model of the change). */
export function resolveChange(cluster: SmallCluster, seed: ChangeSeed): { change: MatrixChange; next: SmallCluster } | undefined {
  switch (seed.kind) {
    case 'add-policy': {
      const policies = [
        ...cluster.policies.filter((p) => !(p.namespace === seed.policy.namespace && p.name === seed.policy.name)),
        seed.policy,
      ];
      return { change: { kind: 'add-policy', policy: seed.policy }, next: { ...cluster, policies } };
    }
    case 'remove-policy': {
      const victim = cluster.policies[seed.pick % Math.max(cluster.policies.length, 1)];
      if (victim === undefined) return undefined;
      return {
        change: { kind: 'remove-policy', namespace: victim.namespace, name: victim.name },
        next: { ...cluster, policies: cluster.policies.filter((p) => p !== victim) },
      };
    }
    case 'relabel-pod': {
      const index = seed.pick % cluster.pods.length;
      const pods = cluster.pods.map((p, i) => (i === index ? { ...p, labels: seed.labels } : p));
      return { change: { kind: 'relabel-pod', pod: index, labels: seed.labels }, next: { ...cluster, pods } };
    }
    case 'add-pod':
      return { change: { kind: 'add-pod', pod: seed.pod }, next: { ...cluster, pods: [...cluster.pods, seed.pod] } };
    case 'add-admin-policy': {
      const anps = [...(cluster.adminNetworkPolicies ?? []).filter((p) => p.name !== seed.policy.name), seed.policy];
      return { change: { kind: 'add-admin-policy', policy: seed.policy }, next: { ...cluster, adminNetworkPolicies: anps } };
    }
    case 'remove-admin-policy': {
      const anps = cluster.adminNetworkPolicies ?? [];
      const victim = anps[seed.pick % Math.max(anps.length, 1)];
      if (victim === undefined) return undefined;
      return { change: { kind: 'remove-admin-policy', name: victim.name }, next: { ...cluster, adminNetworkPolicies: anps.filter((p) => p !== victim) } };
    }
    case 'set-baseline': {
      const { baselineAdminNetworkPolicy: _old, ...rest } = cluster;
      return seed.policy
        ? { change: { kind: 'set-baseline', policy: seed.policy }, next: { ...rest, baselineAdminNetworkPolicy: seed.policy } }
        : { change: { kind: 'set-baseline' }, next: rest };
    }
    default: {
      const never: never = seed;
      throw new Error(`unexpected seed ${JSON.stringify(never)}`);
    }
  }
}

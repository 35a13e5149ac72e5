/**
 * The small random clusters the Calico and Cilium agreement property tests share: three
 * namespaces, two nodes, pods with labels, ports and hostNetwork, Kubernetes NetworkPolicies and
 * the settings that change a policy verdict. Each test adds the arbitraries of its own policy kind.
 */
import fc from 'fast-check';
import { defaultPolicyTypes } from '../../src/policy/policy-types.js';
import { DEFAULT_SETTINGS, type ContainerPort, type Labels, type NamespaceSpec, type NetworkPolicySpec, type PodSpec, type Protocol, type Settings } from '../../src/spec/types.js';
import { podSpec, sel } from './fixture.js';

export const NAMESPACES = ['a', 'b', 'c'] as const;
export const NODES = [
  { name: 'n1', ip: '192.168.0.1' },
  { name: 'n2', ip: '192.168.0.2' },
] as const;
export const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];
export const PORT_NUMBERS = [53, 80, 81, 8080] as const;
/** The queries of the agreement tests: every port of every protocol, and an ICMP echo request (port 0). */
export const QUERIES: readonly (readonly [number, Protocol | 'ICMP'])[] = [...PORT_NUMBERS.flatMap((port) => PROTOCOLS.map((p) => [port, p] as const)), [0, 'ICMP']];
export const PORT_NAMES = ['http', 'dns'] as const;
export const POD_LABELS: Readonly<Record<string, readonly string[]>> = { app: ['web', 'db', 'client'], tier: ['fe', 'be'] };

/** Labels over `keys`: each key absent or one of its values. */
export const labelsArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<Labels> =>
  fc
    .record(Object.fromEntries(Object.entries(keys).map(([k, vs]) => [k, fc.constantFrom(...vs)])) as Record<string, fc.Arbitrary<string>>, { requiredKeys: [] })
    .map((r) => Object.fromEntries(Object.entries(r).filter((e): e is [string, string] => e[1] !== undefined)));

/** undefined `rarity` times for each time `arb`'s value. */
export const sometimes = <T,>(arb: fc.Arbitrary<T>, rarity = 3): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: rarity, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

export const kubernetesPoliciesArb: fc.Arbitrary<readonly NetworkPolicySpec[]> = fc
  .array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      app: fc.option(fc.constantFrom('web', 'db'), { nil: undefined }),
      from: fc.option(fc.constantFrom('client', 'web'), { nil: undefined }),
      port: fc.option(fc.constantFrom<number | string>(80, 'http'), { nil: undefined }),
      egress: fc.boolean(),
    }),
    { maxLength: 2 },
  )
  .map((raw) =>
    raw.map((p, i) => {
      const rule = { peers: p.from === undefined ? [] : [{ podSelector: sel({ app: p.from }) }], ports: p.port === undefined ? [] : [{ protocol: 'TCP' as const, port: p.port }] };
      return {
        name: `np${i}`,
        namespace: p.namespace,
        podSelector: p.app === undefined ? sel() : sel({ app: p.app }),
        policyTypes: defaultPolicyTypes(p.egress, undefined),
        ingress: [rule],
        egress: p.egress ? [rule] : [],
      };
    }),
  );

export const namespacesArb: fc.Arbitrary<readonly NamespaceSpec[]> = fc.tuple(
  ...NAMESPACES.map((name) => labelsArb({ team: ['x', 'y'] }).map((labels) => ({ name, labels }))),
);

const containerPortArb: fc.Arbitrary<ContainerPort> = fc.record(
  { name: fc.constantFrom(...PORT_NAMES), containerPort: fc.constantFrom(...PORT_NUMBERS), protocol: fc.constantFrom(...PROTOCOLS) },
  { requiredKeys: ['containerPort', 'protocol'] },
);

export const podsArb: fc.Arbitrary<readonly PodSpec[]> = fc
  .array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      node: fc.integer({ min: 0, max: NODES.length - 1 }),
      labels: labelsArb(POD_LABELS),
      ports: fc.array(containerPortArb, { maxLength: 2 }),
      hostNetwork: fc.boolean().chain((b) => (b ? fc.boolean() : fc.constant(false))),
    }),
    { minLength: 1, maxLength: 5 },
  )
  .map((raw) =>
    raw.map((p, i) => {
      const node = NODES[p.node]!;
      return podSpec(`${p.namespace}/p${i}`, { node: node.name, labels: p.labels, ports: p.ports, hostNetwork: p.hostNetwork, ip: p.hostNetwork ? node.ip : `10.0.${p.node + 1}.${10 + i}` });
    }),
  );

export const settingsArb: fc.Arbitrary<Settings> = fc
  .record({
    hostNetworkPolicy: fc.constantFrom('node', 'pod'),
    selfTrafficAllowed: fc.boolean(),
    podToOwnNodeAllowed: fc.boolean(),
    networkPolicyEnforcement: fc.constantFrom('full', 'full', 'full', 'ingress-only'),
  })
  .map((s) => ({ ...DEFAULT_SETTINGS, ...s }));

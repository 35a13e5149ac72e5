/**
 * The small random clusters the Calico and Cilium agreement property tests share: three
 * namespaces, two nodes, pods with labels, ports and hostNetwork, Kubernetes NetworkPolicies (pod
 * selectors and ipBlocks over pods, nodes and the outside) and the settings that change a policy
 * verdict. Each test adds the arbitraries of its own policy kind.
 */
import fc from 'fast-check';
import { defaultPolicyTypes } from '../../src/policy/policy-types.js';
import { DEFAULT_SETTINGS, type ContainerPort, type IPBlock, type Labels, type NamespaceSpec, type NetworkPolicySpec, type PodSpec, type Protocol, type Settings } from '../../src/spec/types.js';
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

/** ICMP messages other than the echo request, and other IP protocols by number: what connectivity lists ask beside ports (connlist/protocol-space.ts). */
export const PORTLESS_QUERIES: readonly ({ readonly protocol: 'ICMP'; readonly icmp: { readonly type: number; readonly code: number } } | { readonly protocol: 'IP'; readonly ipProtocol: number })[] = [
  { protocol: 'ICMP', icmp: { type: 8, code: 3 } },
  { protocol: 'ICMP', icmp: { type: 0, code: 0 } },
  { protocol: 'ICMP', icmp: { type: 0, code: 3 } },
  { protocol: 'ICMP', icmp: { type: 128, code: 0 } },
  { protocol: 'IP', ipProtocol: 47 },
  { protocol: 'IP', ipProtocol: 136 },
  { protocol: 'IP', ipProtocol: 2 },
];
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

/** ipBlocks over the pods' addresses (10.0.n.x), the nodes' (192.168.0.x), everything but the pods, and the outside. */
const IP_BLOCKS: readonly IPBlock[] = [
  { cidr: '10.0.0.0/16', except: [] },
  { cidr: '192.168.0.0/24', except: [] },
  { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
  { cidr: '203.0.113.0/24', except: [] },
];

export const kubernetesPoliciesArb: fc.Arbitrary<readonly NetworkPolicySpec[]> = fc
  .array(
    fc.record({
      namespace: fc.constantFrom(...NAMESPACES),
      app: fc.option(fc.constantFrom('web', 'db'), { nil: undefined }),
      from: fc.option(fc.constantFrom('client', 'web', ...IP_BLOCKS.keys()), { nil: undefined }),
      port: fc.option(fc.constantFrom<number | string>(80, 'http'), { nil: undefined }),
      egress: fc.boolean(),
    }),
    { maxLength: 2 },
  )
  .map((raw) =>
    raw.map((p, i) => {
      const block = typeof p.from === 'number' ? IP_BLOCKS[p.from] : undefined;
      const peers = p.from === undefined ? [] : block !== undefined ? [{ ipBlock: block }] : [{ podSelector: sel({ app: String(p.from) }) }];
      const rule = { peers, ports: p.port === undefined ? [] : [{ protocol: 'TCP' as const, port: p.port }] };
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
    ciliumCidrMatchMode: fc.subarray(['nodes', 'pods'] as const),
  })
  .map((s) => ({ ...DEFAULT_SETTINGS, ...s }));

/**
 * The seed of a property test run: FC_SEED=<seed> replays one; otherwise chosen as fast-check
 * chooses it. A disagreement inside a property is reported by fast-check with its seed; the
 * tests name this seed in their coverage checks too, which fast-check does not report on.
 */
export const RUN_SEED = process.env['FC_SEED'] === undefined ? Date.now() ^ (Math.random() * 0x100000000) : Number(process.env['FC_SEED']);

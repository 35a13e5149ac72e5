/**
 * Property: with Cilium policies (CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy: allow
 * and deny sections, endpoints, entities, CIDR sets, FQDNs with and without DNS rules, ports,
 * enableDefaultDeny, toServices by name and by label selector, fromNodes / toNodes with and
 * without enable-node-selector-labels) among Kubernetes NetworkPolicies (whose ipBlocks Cilium matches as CIDR
 * selectors), or Kubernetes NetworkPolicies alone under `cni cilium`, the evaluator
 * (policy/cilium.ts through evaluate.ts) and the naive reference (policy/cilium-reference.ts
 * through reference.ts) agree on every (source, destination, port, protocol) of random small
 * clusters, for every setting (policy-cidr-match-mode included).
 *
 * Reproducible: a disagreement throws inside the property, so fast-check's report gives the seed,
 * the shrunk counterexample and the path; the run's seed is also chosen here and named by the
 * coverage check after the property (which fast-check does not report on), and FC_SEED=<seed>
 * replays a run exactly. The evaluators compared read no clock, no randomness and no unordered
 * collection: every list is walked in input order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import { CILIUM_ENTITIES, type CiliumService, type CiliumClusterwideNetworkPolicySpec, type CiliumFqdn, type CiliumNetworkPolicySpec, type CiliumPeer, type CiliumPort, type CiliumPortRule, type CiliumRule, type CiliumSpecRule } from '../../src/spec/cilium.js';
import type { LabelSelector, Protocol } from '../../src/spec/types.js';
import { kubernetesPoliciesArb, namespacesArb, NAMESPACES, NODES, POD_LABELS, podsArb, PORT_NAMES, PORT_NUMBERS, PORTLESS_QUERIES, QUERIES, RUN_SEED, settingsArb, sometimes } from './cluster-arbitraries.js';
import { externalEndpoint, nodeEndpoint, podEndpoint, sel, type TestEndpoint } from './fixture.js';

const CIDRS = ['10.0.0.0/16', '192.168.0.0/24', '0.0.0.0/0', '203.0.113.0/24', '2001:db8::/32'] as const;
const EXCEPTS: Readonly<Record<string, readonly string[]>> = { '0.0.0.0/0': ['203.0.113.0/28', '10.0.0.0/8'], '203.0.113.0/24': ['203.0.113.8/29'], '2001:db8::/32': ['2001:db8::/64'] };
const OUTSIDE = ['203.0.113.10', '198.51.100.7', '2001:db8::1'] as const;
const DNS_NAMES = [
  { name: 'api.example.com', ips: ['203.0.113.10'] },
  { name: 'www.example.org', ips: ['198.51.100.7', '2001:db8::1'] },
];
const FQDNS: readonly CiliumFqdn[] = [
  { kind: 'name', name: 'api.example.com' },
  { kind: 'pattern', pattern: '*.example.com' },
  { kind: 'pattern', pattern: 'w*.example.*' },
  { kind: 'pattern', pattern: '*' },
  { kind: 'pattern', pattern: '*.com' },
];
/** Services toServices may name: by selector in two namespaces, and one without a selector whose endpoints are an outside address and a pod's; labelled for k8sServiceSelector. */
const SERVICES: readonly CiliumService[] = [
  { namespace: 'a', name: 'web', labels: { tier: 'front' }, selector: { app: 'web' }, addresses: [] },
  { namespace: 'b', name: 'web', labels: { tier: 'front', team: 'x' }, selector: { tier: 'be' }, addresses: [] },
  { namespace: 'c', name: 'ext', labels: { tier: 'data' }, selector: null, addresses: ['203.0.113.10', '10.0.1.10'] },
];
/** Label selectors on the Services' labels (k8sServiceSelector). */
const serviceSelectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  fc.constant(sel()),
  fc.constantFrom(sel({ tier: 'front' }), sel({ tier: 'data' }), sel({ tier: 'back' }), sel({ team: 'x' })),
  fc.constantFrom(sel({}, [{ key: 'team', operator: 'DoesNotExist', values: [] }]), sel({}, [{ key: 'tier', operator: 'In', values: ['data', 'back'] }])),
);
/** Node labels, and selectors over them (fromNodes / toNodes). */
const NODE_LABELS: Readonly<Record<string, Readonly<Record<string, string>>>> = { n1: { role: 'a' }, n2: { role: 'b' } };
const nodeSelectorArb: fc.Arbitrary<LabelSelector> = fc.constantFrom(sel(), sel({ role: 'a' }), sel({ role: 'b' }), sel({ 'io.cilium.k8s.policy.cluster': 'default' }), sel({}, [{ key: 'role', operator: 'NotIn', values: ['a'] }]));
/** The settings, with enable-node-selector-labels mostly on (off, a policy with node selectors is refused whole). */
const ciliumSettingsArb = fc.tuple(settingsArb, fc.constantFrom(true, true, false)).map(([s, ciliumNodeSelectorLabels]) => ({ ...s, ciliumNodeSelectorLabels }));
const serviceSelectorPeerArb: fc.Arbitrary<CiliumPeer> = fc
  .tuple(serviceSelectorArb, fc.constantFrom(undefined, ...NAMESPACES))
  .map(([selector, namespace]): CiliumPeer => ({ kind: 'service-selector', selector, ...(namespace === undefined ? {} : { namespace }) }));
/** Keys a Cilium selector may name besides the pods' own labels. */
const CILIUM_KEYS: Readonly<Record<string, readonly string[]>> = { ...POD_LABELS, 'io.kubernetes.pod.namespace': NAMESPACES, 'io.cilium.k8s.namespace.labels.team': ['x', 'y'] };

/** Label selectors over the Cilium keys: mostly one matchLabels pair or none, sometimes an expression. */
const selectorArb: fc.Arbitrary<LabelSelector> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(sel()) },
  { weight: 3, arbitrary: fc.constantFrom(...Object.entries(CILIUM_KEYS)).chain(([k, vs]) => fc.constantFrom(...vs).map((v) => sel({ [k]: v }))) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(fc.constantFrom(...Object.entries(CILIUM_KEYS)), fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist' as const))
      .chain(([[key, vs], operator]) =>
        (operator === 'In' || operator === 'NotIn' ? fc.subarray([...vs], { minLength: 1 }) : fc.constant<string[]>([])).map((values) => sel({}, [{ key, operator, values }])),
      ),
  },
);

const peerArb = (egress: boolean): fc.Arbitrary<CiliumPeer> =>
  fc.oneof(
    { weight: 3, arbitrary: selectorArb.map((selector): CiliumPeer => ({ kind: 'endpoints', selector })) },
    { weight: 3, arbitrary: fc.constantFrom(...CILIUM_ENTITIES).map((entity): CiliumPeer => ({ kind: 'entity', entity })) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(...CIDRS).chain((cidr) => fc.subarray([...(EXCEPTS[cidr] ?? [])]).map((except): CiliumPeer => ({ kind: 'cidr', cidr, except }))),
    },
    { weight: egress ? 2 : 0, arbitrary: fc.constantFrom(...FQDNS).map((fqdn): CiliumPeer => ({ kind: 'fqdn', fqdn })) },
    {
      weight: egress ? 2 : 0,
      arbitrary: fc
        .tuple(fc.constantFrom(...SERVICES.map((s) => s.name), 'missing'), fc.constantFrom(undefined, ...NAMESPACES))
        .map(([name, namespace]): CiliumPeer => ({ kind: 'service', name, ...(namespace === undefined ? {} : { namespace }) })),
    },
    { weight: egress ? 1 : 0, arbitrary: serviceSelectorPeerArb },
    { weight: 1, arbitrary: nodeSelectorArb.map((selector): CiliumPeer => ({ kind: 'nodes', selector })) },
  );

const portArb: fc.Arbitrary<CiliumPort> = fc
  .record({
    port: fc.oneof(fc.constant(undefined), fc.constant(0), fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(...PORT_NAMES)),
    extra: fc.constantFrom(undefined, 1, 8000),
    protocol: fc.constantFrom<Protocol | 'ANY'>('ANY', 'ANY', 'TCP', 'UDP', 'SCTP'),
  })
  .map(({ port, extra, protocol }) => ({
    ...(port !== undefined ? { port } : {}),
    ...(typeof port === 'number' && port > 0 && extra !== undefined ? { endPort: port + extra } : {}),
    protocol,
  }));

/** Allow rules' toPorts may carry HTTP rules (they filter requests, not connections) and, at egress, DNS rules. */
const portRuleArb = (allow: boolean, withDns: boolean): fc.Arbitrary<CiliumPortRule> =>
  fc
    .record({
      ports: fc.array(portArb, { maxLength: 2 }),
      http: allow ? sometimes(fc.constant([{ method: 'GET', headers: [] }])) : fc.constant(undefined),
      dns: withDns ? sometimes(fc.subarray([...FQDNS], { minLength: 1, maxLength: 2 }), 1) : fc.constant(undefined),
    })
    .map(({ ports, http, dns }) => ({ ports, ...(http ? { http } : {}), ...(dns ? { dns } : {}) }));

const ruleArb = (egress: boolean, deny: boolean): fc.Arbitrary<CiliumRule> =>
  fc
    .record({
      peers: fc.array(peerArb(egress && !deny), { maxLength: 2 }),
      toPorts: fc.array(portRuleArb(!deny, egress && !deny), { maxLength: 2 }),
      icmps: sometimes(fc.array(fc.record({ family: fc.constantFrom<4 | 6>(4, 4, 6), type: fc.constantFrom(8, 8, 0, 128) }), { minLength: 1, maxLength: 2 }), 2),
      matchesNothing: fc.constantFrom(false, false, false, false, false, true),
    })
    .map(({ icmps, ...r }) => ({ ...r, ...(icmps ? { icmps } : {}) }));

const sectionArb = (egress: boolean, deny: boolean): fc.Arbitrary<readonly CiliumRule[] | undefined> => sometimes(fc.array(ruleArb(egress, deny), { minLength: 1, maxLength: 2 }), deny ? 3 : 1);

const specRuleArb: fc.Arbitrary<CiliumSpecRule> = fc
  .record({
    // Mostly the empty selector: rules that apply compete, so deny, allow and default deny all decide.
    endpointSelector: fc.oneof({ weight: 2, arbitrary: fc.constant(sel()) }, { weight: 1, arbitrary: selectorArb }),
    ingress: sectionArb(false, false),
    ingressDeny: sectionArb(false, true),
    egress: sectionArb(true, false),
    egressDeny: sectionArb(true, true),
    defaultDeny: fc.record({ ingress: fc.constantFrom(true, true, true, false), egress: fc.constantFrom(true, true, true, false) }),
  })
  .map(({ endpointSelector, defaultDeny, ...sections }) => ({
    endpointSelector,
    defaultDeny,
    ...Object.fromEntries(Object.entries(sections).filter((e) => e[1] !== undefined)),
  }));

const cnpsArb: fc.Arbitrary<readonly CiliumNetworkPolicySpec[]> = fc
  .array(fc.tuple(fc.array(specRuleArb, { minLength: 1, maxLength: 2 }), fc.constantFrom(...NAMESPACES)), { maxLength: 3 })
  .map((raw) => raw.map(([rules, namespace], i) => ({ name: `cnp${i}`, namespace, rules, listed: rules.length > 1 })));

const seed = RUN_SEED;

const ccnpsArb: fc.Arbitrary<readonly CiliumClusterwideNetworkPolicySpec[]> = fc
  .array(fc.array(specRuleArb, { minLength: 1, maxLength: 2 }), { maxLength: 2 })
  .map((raw) => raw.map((rules, i) => ({ name: `ccnp${i}`, rules, listed: rules.length > 1 })));

/** Whether the allow rule the trace names (`… egress rule #N`, `… ingress rule #N`) has a peer of these kinds. */
function peerKindRule(text: string, cnps: readonly CiliumNetworkPolicySpec[], ccnps: readonly CiliumClusterwideNetworkPolicySpec[], kinds: readonly CiliumPeer['kind'][]): boolean {
  const m = /^(CiliumNetworkPolicy \S+\/|CiliumClusterwideNetworkPolicy )(\S+)(?: specs\[(\d+)\])? (egress|ingress) rule #(\d+)$/.exec(text);
  if (m === null) return false;
  const policy = (m[1]!.startsWith('CiliumNetworkPolicy') ? cnps : ccnps).find((p) => p.name === m[2]);
  const rule = policy?.rules[Number(m[3] ?? 0)]?.[m[4] as 'egress' | 'ingress']?.[Number(m[5]) - 1];
  return rule?.peers.some((p) => kinds.includes(p.kind)) ?? false;
}

/** The CNPs and CCNPs; none in one run of five, where `cni cilium` alone makes Cilium decide (its ipBlocks). */
const ciliumPoliciesArb = fc.oneof({ weight: 1, arbitrary: fc.constant([[], []] as const) }, { weight: 4, arbitrary: fc.tuple(cnpsArb, ccnpsArb) });

describe('Cilium: evaluatePolicies agrees with the naive reference', () => {
  it('on every pair, port and protocol of random clusters with Cilium and Kubernetes policies', () => {
    const seen = { service: 0, nodes: 0, refused: 0, allowed: 0, denied: 0, denyRule: 0, allowRule: 0, kubernetesAllow: 0, defaultDeny: 0, notSelected: 0, l7: 0, outOfCidrReach: 0, kubernetesOnly: 0, icmpAllowed: 0, icmpDenied: 0, portlessAllowed: 0, portlessDenied: 0, icmpCiliumRule: 0 };
    fc.assert(
      fc.property(namespacesArb, podsArb, kubernetesPoliciesArb, ciliumPoliciesArb, ciliumSettingsArb, fc.boolean(), (namespaces, pods, policies, [cnps, ccnps], settings, ciliumCni) => {
        const endpoints: readonly TestEndpoint[] = [...pods.map(podEndpoint), ...NODES.map((n) => nodeEndpoint(n.name, n.ip)), ...OUTSIDE.map(externalEndpoint)];
        const cilium = { ciliumNetworkPolicies: cnps, ciliumClusterwideNetworkPolicies: ccnps, ciliumDnsNames: DNS_NAMES, ciliumServices: SERVICES, ciliumCni };
        if (ciliumCni && cnps.length === 0 && ccnps.length === 0) seen.kubernetesOnly++;
        const nodes = NODES.map((n) => ({ name: n.name, labels: NODE_LABELS[n.name] ?? {} }));
        const index = buildPolicyIndex({ policies, namespaces, settings, nodes, ...cilium });
        const cluster = { namespaces, networkPolicies: policies, settings, nodes, ...cilium };
        for (const src of endpoints) {
          for (const dst of endpoints) {
            {
              for (const [port, protocol] of QUERIES) {
                const decision = evaluatePolicies(index, { src: src.policy, dst: dst.policy, port, protocol });
                const expected = referenceAllowed(cluster, src.reference, dst.reference, port, protocol);
                if (decision.allowed !== expected) {
                  throw new Error(
                    `${src.policy.ip} -> ${dst.policy.ip} ${protocol} ${port}: evaluator ${decision.allowed}, reference ${expected}\n` +
                      decision.hops.map((h) => `  ${h.text}`).join('\n'),
                  );
                }
                seen[expected ? 'allowed' : 'denied']++;
                if (protocol === 'ICMP') seen[expected ? 'icmpAllowed' : 'icmpDenied']++;
                if (decision.hops.some((h) => h.setting === 'ciliumCidrMatchMode')) seen.outOfCidrReach++;
                if (decision.hops.some((h) => h.setting === 'ciliumNodeSelectorLabels')) seen.refused++;
                for (const v of [decision.egress, decision.ingress]) {
                  if (v?.kind === 'cilium') {
                    if (v.action === 'Deny') seen.denyRule++;
                    else if (v.rule.startsWith('NetworkPolicy ')) seen.kubernetesAllow++;
                    else if (peerKindRule(v.rule, cnps, ccnps, ['service', 'service-selector'])) seen.service++;
                    else if (peerKindRule(v.rule, cnps, ccnps, ['nodes'])) seen.nodes++;
                    else seen.allowRule++;
                    if (protocol === 'ICMP' && !v.rule.startsWith('NetworkPolicy ')) seen.icmpCiliumRule++;
                    if (v.l7 !== undefined) seen.l7++;
                  } else if (v?.kind === 'cilium-default-deny') seen.defaultDeny++;
                  else if (v?.kind === 'not-isolated') seen.notSelected++;
                }
              }
              // ICMP messages beyond the echo request and other IP protocols, as connlist asks (connlist/protocol-space.ts).
              for (const extra of PORTLESS_QUERIES) {
                const decision = evaluatePolicies(index, { src: src.policy, dst: dst.policy, port: 0, ...extra });
                const expected = referenceAllowed(cluster, src.reference, dst.reference, 0, extra.protocol, undefined, extra);
                if (decision.allowed !== expected) throw new Error(`${src.policy.ip} -> ${dst.policy.ip} ${JSON.stringify(extra)}: evaluator ${decision.allowed}, reference ${expected}\n${decision.hops.map((h) => `  ${h.text}`).join('\n')}`);
                seen[expected ? 'portlessAllowed' : 'portlessDenied']++;
              }
            }
          }
        }
      }),
      { numRuns: 200, seed },
    );
    // Every way of deciding must have decided something, or agreement proves little.
    for (const [k, n] of Object.entries(seen)) expect(n, `${k} (replay with FC_SEED=${seed})`).toBeGreaterThan(0);
  }, 120_000);

  it('on toServices alone: every pod in egress default deny but for Services by name or by their labels', () => {
    const servicePeerArb = fc.oneof(
      fc
        .tuple(fc.constantFrom(...SERVICES.map((s) => s.name)), fc.constantFrom(undefined, ...NAMESPACES))
        .map(([name, namespace]): CiliumPeer => ({ kind: 'service', name, ...(namespace === undefined ? {} : { namespace }) })),
      serviceSelectorPeerArb,
    );
    let allowedByService = 0;
    let allowedBySelector = 0;
    fc.assert(
      fc.property(namespacesArb, podsArb, fc.array(servicePeerArb, { minLength: 1, maxLength: 2 }), settingsArb, (namespaces, pods, peers, settings) => {
        const rule: CiliumSpecRule = { endpointSelector: sel(), egress: [{ peers, toPorts: [], matchesNothing: false }], defaultDeny: { ingress: true, egress: true } };
        const cilium = { ciliumClusterwideNetworkPolicies: [{ name: 'svc', rules: [rule], listed: false }], ciliumServices: SERVICES };
        const endpoints: readonly TestEndpoint[] = [...pods.map(podEndpoint), ...OUTSIDE.map(externalEndpoint)];
        const index = buildPolicyIndex({ policies: [], namespaces, settings, ...cilium });
        const cluster = { namespaces, networkPolicies: [], settings, ...cilium };
        for (const src of endpoints.filter((e) => e.reference.kind === 'pod')) {
          for (const dst of endpoints) {
            const decision = evaluatePolicies(index, { src: src.policy, dst: dst.policy, port: 80, protocol: 'TCP' });
            const expected = referenceAllowed(cluster, src.reference, dst.reference, 80, 'TCP');
            if (decision.allowed !== expected) throw new Error(`${src.policy.ip} -> ${dst.policy.ip}: evaluator ${decision.allowed}, reference ${expected}`);
            if (decision.egress?.kind === 'cilium' && decision.egress.action === 'Allow') {
              allowedByService++;
              if (peers.every((p) => p.kind === 'service-selector')) allowedBySelector++;
            }
          }
        }
      }),
      { numRuns: 200, seed },
    );
    expect(allowedByService, `toServices allowed nothing (replay with FC_SEED=${seed})`).toBeGreaterThan(0);
    expect(allowedBySelector, `k8sServiceSelector allowed nothing (replay with FC_SEED=${seed})`).toBeGreaterThan(0);
  }, 120_000);
});

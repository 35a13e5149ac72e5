/**
 * Property: with Calico policies (NetworkPolicy and GlobalNetworkPolicy, tiers, orders, every
 * action) among Kubernetes NetworkPolicies, Tier objects (order, defaultAction), `kns.*`
 * Profiles, network sets and host endpoints that rule selectors match, the indexed evaluator (policy/calico.ts through
 * evaluate.ts) and the naive reference (policy/calico-reference.ts through reference.ts) agree
 * on every (source, destination, port, protocol) of random small clusters, for every setting.
 * Egress host endpoint policy: calico-host.ts's egressHostPolicy and the naive reference
 * (calico-reference.ts calicoHostEgressReference) agree on every connection leaving a node,
 * sent by the node or forwarded from its pods, of random clusters with host endpoints.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import { egressHostPolicy, hostEndpointFor, hostEndpointIndex } from '../../src/policy/calico-host.js';
import { calicoHostEgressReference, type CalicoReferenceEnd } from '../../src/policy/calico-reference.js';
import { endpointRole } from '../../src/policy/endpoint-role.js';
import { namespaceLabelsOf } from '../../src/policy/namespace-labels.js';
import { DEFAULT_SETTINGS } from '../../src/spec/types.js';
import type {
  CalicoAction,
  CalicoEntity,
  CalicoGlobalNetworkPolicySpec,
  CalicoNetworkPolicySpec,
  CalicoPort,
  CalicoIcmpMatch,
  CalicoProtocol,
  CalicoRule,
  CalicoSelector,
} from '../../src/spec/calico.js';
import type { CalicoProfileSpec, CalicoTierSpec } from '../../src/spec/calico-resources.js';
import { kubernetesPoliciesArb, labelsArb, namespacesArb, NAMESPACES, NODES, POD_LABELS, podsArb, PORT_NAMES, PORT_NUMBERS, PROTOCOLS, PORTLESS_QUERIES, QUERIES, RUN_SEED, settingsArb, sometimes } from './cluster-arbitraries.js';
import { externalEndpoint, nodeEndpoint, podEndpoint, type TestEndpoint } from './fixture.js';

const CIDRS = ['10.0.0.0/16', '10.0.1.0/24', '192.168.0.0/24', '0.0.0.0/0', '203.0.113.0/24', '2001:db8::/32'] as const;
const OUTSIDE = ['203.0.113.10', '10.0.9.9', '2001:db8::1'] as const;
const NS_LABELS: Readonly<Record<string, readonly string[]>> = { team: ['x', 'y'], 'projectcalico.org/name': NAMESPACES };

/** Calico selectors over the given keys: every leaf form, combined by !, && and || two levels deep. */
const calicoSelectorArb = (keys: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<CalicoSelector> => {
  const key = fc.constantFrom(...Object.keys(keys));
  const leaf: fc.Arbitrary<CalicoSelector> = key.chain((k) => {
    const v = fc.constantFrom(...(keys[k] ?? []));
    const vs = fc.subarray([...(keys[k] ?? [])], { minLength: 1 });
    return fc.oneof(
      fc.constant<CalicoSelector>({ kind: 'all' }),
      fc.constant<CalicoSelector>({ kind: 'global' }),
      fc.constant<CalicoSelector>({ kind: 'has', key: k }),
      v.map((value): CalicoSelector => ({ kind: 'eq', key: k, value })),
      v.map((value): CalicoSelector => ({ kind: 'ne', key: k, value })),
      vs.map((values): CalicoSelector => ({ kind: 'in', key: k, values })),
      vs.map((values): CalicoSelector => ({ kind: 'not-in', key: k, values })),
      v.map((value): CalicoSelector => ({ kind: 'contains', key: k, value: value.slice(1) })),
      v.map((value): CalicoSelector => ({ kind: 'starts-with', key: k, value: value.slice(0, 1) })),
      v.map((value): CalicoSelector => ({ kind: 'ends-with', key: k, value: value.slice(-1) })),
    );
  });
  const level = (inner: fc.Arbitrary<CalicoSelector>): fc.Arbitrary<CalicoSelector> =>
    fc.oneof(
      { weight: 3, arbitrary: inner },
      { weight: 1, arbitrary: inner.map((operand): CalicoSelector => ({ kind: 'not', operand })) },
      { weight: 1, arbitrary: fc.tuple(inner, inner).map(([left, right]): CalicoSelector => ({ kind: 'and', left, right })) },
      { weight: 1, arbitrary: fc.tuple(inner, inner).map(([left, right]): CalicoSelector => ({ kind: 'or', left, right })) },
    );
  return level(level(leaf));
};

const protocolArb: fc.Arbitrary<CalicoProtocol> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PROTOCOLS).map((protocol): CalicoProtocol => ({ kind: 'modelled', protocol })) },
  { weight: 2, arbitrary: fc.constantFrom<[4 | 6, string]>([4, 'ICMP'], [4, '1'], [6, 'ICMPv6'], [6, '58']).map(([family, name]): CalicoProtocol => ({ kind: 'icmp', family, name })) },
  { weight: 1, arbitrary: fc.constantFrom('UDPLite', '47').map((name): CalicoProtocol => ({ kind: 'other', name })) },
);

/** `icmp` / `notICMP`: echo request (8, 128), echo reply, with or without a code. */
const icmpArb: fc.Arbitrary<CalicoIcmpMatch> = fc
  .record({ type: fc.constantFrom(8, 8, 0, 128), code: fc.constantFrom<number | undefined>(undefined, undefined, 0, 3) })
  .map(({ type, code }) => ({ type, ...(code !== undefined ? { code } : {}) }));

const portArb: fc.Arbitrary<CalicoPort> = fc.oneof(
  fc.constantFrom(...PORT_NUMBERS).map((p): CalicoPort => ({ kind: 'range', start: p, end: p })),
  fc.tuple(fc.constantFrom(...PORT_NUMBERS), fc.constantFrom(1, 8000)).map(([p, extra]): CalicoPort => ({ kind: 'range', start: p, end: p + extra })),
  fc.constantFrom(...PORT_NAMES).map((name): CalicoPort => ({ kind: 'named', name })),
);

const entityArb = (withPorts: boolean): fc.Arbitrary<CalicoEntity> =>
  fc
    .record({
      nets: sometimes(fc.subarray([...CIDRS], { minLength: 1, maxLength: 2 })),
      notNets: sometimes(fc.subarray([...CIDRS], { minLength: 1, maxLength: 1 })),
      selector: sometimes(calicoSelectorArb(POD_LABELS)),
      notSelector: sometimes(calicoSelectorArb(POD_LABELS), 6),
      namespaceSelector: sometimes(calicoSelectorArb(NS_LABELS)),
      serviceAccountNames: sometimes(fc.constantFrom(['default'], ['robot']), 6),
      ports: withPorts ? sometimes(fc.array(portArb, { minLength: 1, maxLength: 2 }), 1) : fc.constant(undefined),
      notPorts: withPorts ? sometimes(fc.array(portArb, { minLength: 1, maxLength: 1 })) : fc.constant(undefined),
    })
    .map((e) => ({
      nets: e.nets ?? [],
      notNets: e.notNets ?? [],
      ...(e.selector ? { selector: e.selector } : {}),
      ...(e.notSelector ? { notSelector: e.notSelector } : {}),
      ...(e.namespaceSelector ? { namespaceSelector: e.namespaceSelector } : {}),
      serviceAccountNames: e.serviceAccountNames ?? [],
      ports: e.ports ?? [],
      notPorts: e.notPorts ?? [],
    }));

const ruleArb: fc.Arbitrary<CalicoRule> = fc
  .record({
    action: fc.constantFrom<CalicoAction>('Allow', 'Allow', 'Deny', 'Deny', 'Log', 'Pass'),
    protocol: sometimes(protocolArb, 1),
    notProtocol: sometimes(protocolArb, 6),
    ipVersion: sometimes(fc.constantFrom<4 | 6>(4, 6), 6),
    icmp: sometimes(icmpArb, 1),
    notICMP: sometimes(icmpArb, 4),
    source: entityArb(false),
  })
  .chain((r) =>
    entityArb(r.protocol?.kind === 'modelled').map((destination): CalicoRule => ({
      action: r.action,
      ...(r.protocol ? { protocol: r.protocol } : {}),
      ...(r.notProtocol ? { notProtocol: r.notProtocol } : {}),
      ...(r.ipVersion ? { ipVersion: r.ipVersion } : {}),
      // As the reader requires: ICMP matches only with protocol ICMP or ICMPv6.
      ...(r.icmp && r.protocol?.kind === 'icmp' ? { icmp: r.icmp } : {}),
      ...(r.notICMP && r.protocol?.kind === 'icmp' ? { notICMP: r.notICMP } : {}),
      source: r.source,
      destination,
    })),
  );

const bodyArb = fc.record({
  tier: fc.constantFrom('default', 'default', 'default', 'security', 'platform'),
  order: fc.constantFrom<number | undefined>(10, 1000, 2000, undefined),
  // Mostly all(): policies that apply compete, so their order decides.
  selector: fc.oneof({ weight: 2, arbitrary: fc.constant<CalicoSelector>({ kind: 'all' }) }, { weight: 1, arbitrary: calicoSelectorArb(POD_LABELS) }),
  types: fc.subarray<'Ingress' | 'Egress'>(['Ingress', 'Egress'], { minLength: 1 }),
  ingress: fc.array(ruleArb, { maxLength: 3 }),
  egress: fc.array(ruleArb, { maxLength: 3 }),
});

const calicoPoliciesArb: fc.Arbitrary<readonly CalicoNetworkPolicySpec[]> = fc
  .array(fc.tuple(bodyArb, fc.constantFrom(...NAMESPACES)), { maxLength: 3 })
  .map((raw) => raw.map(([b, namespace], i) => ({ ...stripOrder(b), name: `cnp${i}`, namespace })));

const globalPoliciesArb: fc.Arbitrary<readonly CalicoGlobalNetworkPolicySpec[]> = fc
  .array(fc.tuple(bodyArb, fc.option(calicoSelectorArb(NS_LABELS), { nil: undefined })), { maxLength: 2 })
  .map((raw) => raw.map(([b, namespaceSelector], i) => ({ ...stripOrder(b), name: `gnp${i}`, ...(namespaceSelector ? { namespaceSelector } : {}) })));

function stripOrder<T extends { order: number | undefined }>(b: T): Omit<T, 'order'> & { order?: number } {
  const { order, ...rest } = b;
  return order === undefined ? rest : { ...rest, order };
}

/** Tier objects for some of the tiers (none at all half the time: tiers then go by name). */
const tierSpecsArb: fc.Arbitrary<readonly CalicoTierSpec[]> = fc.oneof(
  fc.constant([]),
  fc
    .subarray(['security', 'platform', 'default'], { minLength: 1 })
    .chain((names) =>
      fc.tuple(...names.map((name) => fc.record({ order: fc.constantFrom<number | undefined>(1, 100, 2_000_000, undefined), defaultAction: fc.constantFrom<'Deny' | 'Pass'>('Deny', 'Pass') }).map((t) => ({ name, ...(t.order === undefined ? {} : { order: t.order }), defaultAction: t.defaultAction })))),
    ),
);

/** `kns.<namespace>` Profiles for some namespaces, with rules as policies have them. */
const profilesArb: fc.Arbitrary<readonly CalicoProfileSpec[]> = fc
  .subarray([...NAMESPACES])
  .chain((nss) => fc.tuple(...nss.map((ns) => fc.record({ ingress: fc.array(ruleArb, { maxLength: 2 }), egress: fc.array(ruleArb, { maxLength: 2 }) }).map((r) => ({ name: `kns.${ns}`, labelsToApply: {}, ...r })))));

/** Network sets (labels of the pods' keys, so rule selectors match them) and host endpoints of the nodes. */
const labelledArb = fc.record({
  calicoNetworkSets: fc.array(fc.record({ namespace: fc.constantFrom(...NAMESPACES), labels: labelsArb(POD_LABELS), nets: fc.subarray([...CIDRS], { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }).map((xs) => xs.map((x, i) => ({ ...x, name: `set${i}` }))),
  calicoGlobalNetworkSets: fc.array(fc.record({ labels: labelsArb(POD_LABELS), nets: fc.subarray([...CIDRS], { minLength: 1, maxLength: 2 }) }), { maxLength: 2 }).map((xs) => xs.map((x, i) => ({ ...x, name: `gset${i}` }))),
  calicoHostEndpoints: fc
    .subarray([...NODES])
    .chain((nodes) =>
      fc.tuple(
        ...nodes.map((n) =>
          fc.record({ labels: labelsArb(POD_LABELS), wildcard: fc.boolean() }).map(({ labels, wildcard }) => ({ name: `${n.name}-hep`, node: n.name, ...(wildcard ? { interfaceName: '*' } : {}), expectedIPs: wildcard ? [] : [n.ip], labels, profiles: [] })),
        ),
      ),
    ),
});

describe('Calico: evaluatePolicies agrees with the naive reference', () => {
  it('on every pair, port and protocol of random clusters with Calico and Kubernetes policies', () => {
    const seen = { allowed: 0, denied: 0, calicoAllow: 0, calicoDeny: 0, kubernetesAllow: 0, endOfTier: 0, profile: 0, profileObject: 0, icmpAllowed: 0, icmpDenied: 0, portlessAllowed: 0, portlessDenied: 0, icmpCalicoRule: 0 };
    fc.assert(
      fc.property(namespacesArb, podsArb, kubernetesPoliciesArb, calicoPoliciesArb, globalPoliciesArb, settingsArb, tierSpecsArb, profilesArb, labelledArb, (namespaces, pods, policies, cnps, gnps, settings, tiers, profiles, labelled) => {
        const endpoints: readonly TestEndpoint[] = [...pods.map(podEndpoint), ...NODES.map((n) => nodeEndpoint(n.name, n.ip)), ...OUTSIDE.map(externalEndpoint)];
        const calico = { calicoNetworkPolicies: cnps, calicoGlobalNetworkPolicies: gnps, calicoTierSpecs: tiers, calicoProfiles: profiles, ...labelled };
        const index = buildPolicyIndex({ policies, namespaces, settings, ...calico });
        const cluster = { namespaces, networkPolicies: policies, settings, ...calico };
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
                for (const v of [decision.egress, decision.ingress]) {
                  if (v?.kind === 'calico') {
                    if (v.action === 'Deny') seen.calicoDeny++;
                    else if (policies.some((p) => `${p.namespace}/${p.name}` === v.policy)) seen.kubernetesAllow++;
                    else seen.calicoAllow++;
                    if (protocol === 'ICMP' && !policies.some((p) => `${p.namespace}/${p.name}` === v.policy)) seen.icmpCalicoRule++;
                  } else if (v?.kind === 'calico-end-of-tier') seen.endOfTier++;
                  else if (v?.kind === 'calico-profile') seen.profileObject++;
                  else if (v?.kind === 'not-isolated') seen.profile++;
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
      { numRuns: 200, seed: RUN_SEED },
    );
    // Every way of deciding must have decided something, or agreement proves little.
    for (const [k, n] of Object.entries(seen)) expect(n, `${k} (replay with FC_SEED=${RUN_SEED})`).toBeGreaterThan(0);
  }, 120_000);
});

/** GlobalNetworkPolicies for host endpoints: normal, applyOnForward or untracked (doNotTrack, which needs applyOnForward), with egress rules. */
const hostPoliciesArb: fc.Arbitrary<readonly CalicoGlobalNetworkPolicySpec[]> = fc
  .array(fc.tuple(bodyArb, fc.constantFrom<'normal' | 'forward' | 'untracked'>('normal', 'forward', 'untracked'), fc.option(calicoSelectorArb(POD_LABELS), { nil: undefined })), { maxLength: 3 })
  .map((raw) =>
    raw.map(([b, kind, namespaceSelector], i) => ({
      ...stripOrder(b),
      name: `hnp${i}`,
      ...(kind === 'normal' ? {} : { applyOnForward: true }),
      ...(kind === 'untracked' ? { doNotTrack: true } : {}),
      // Now and then a namespaceSelector: such a policy selects pods, never a host endpoint.
      ...(namespaceSelector && i === 2 ? { namespaceSelector } : {}),
    })),
  );

/** Host endpoints of the nodes: a named interface, every interface, or expectedIPs (the node's address or another); labels; profiles. */
const hostEndpointsArb = fc.subarray([...NODES]).chain((nodes) =>
  fc.tuple(
    ...nodes.map((n) =>
      fc
        .record({
          form: fc.constantFrom('named', 'wildcard', 'expected', 'expected-other'),
          labels: labelsArb(POD_LABELS),
          profiles: fc.subarray(['projectcalico-default-allow', 'host-profile']),
        })
        .map(({ form, labels, profiles }) => ({
          name: `${n.name}-hep`,
          node: n.name,
          ...(form === 'named' ? { interfaceName: 'eth0' } : form === 'wildcard' ? { interfaceName: '*' } : {}),
          expectedIPs: form === 'expected' ? [n.ip] : form === 'expected-other' ? ['192.0.2.1'] : [],
          labels,
          profiles,
        })),
    ),
  ),
);

const hostProfileArb: fc.Arbitrary<CalicoProfileSpec> = fc
  .record({ ingress: fc.array(ruleArb, { maxLength: 2 }), egress: fc.array(ruleArb, { maxLength: 2 }), labelsToApply: labelsArb(POD_LABELS) })
  .map((r) => ({ name: 'host-profile', ...r }));

/** An end as the reference sees it (hostNetwork pods are their node, as under hostNetworkPolicy `node`). */
function referenceEnd(e: TestEndpoint): CalicoReferenceEnd {
  const r = e.reference;
  if (r.kind === 'pod') return r.pod.hostNetwork ? { ip: r.ip, node: r.pod.node } : { ip: r.ip, pod: r.pod };
  return r.kind === 'node' ? { ip: r.ip, node: r.node } : { ip: r.ip };
}

describe('Calico: egress host endpoint policy agrees with the naive reference', () => {
  it('on every connection leaving a node, sent by the node or forwarded from its pods, of random clusters', () => {
    const seen = { allowed: 0, denied: 0, failsafe: 0, local: 0, forwarded: 0, untracked: 0, endOfTier: 0, profile: 0, noneApplies: 0 };
    const settings = DEFAULT_SETTINGS;
    fc.assert(
      fc.property(namespacesArb, podsArb, hostPoliciesArb, tierSpecsArb, hostEndpointsArb, hostProfileArb, (namespaces, pods, gnps, tiers, heps, profile) => {
        const calico = { calicoGlobalNetworkPolicies: gnps, calicoTierSpecs: tiers, calicoProfiles: [profile], calicoHostEndpoints: heps };
        const index = hostEndpointIndex(calico);
        const cluster = { namespaces, settings, ...calico };
        const nsLabels = new Map(namespaces.map((ns) => [ns.name, namespaceLabelsOf(ns.name, ns.labels)]));
        const endpoints: readonly TestEndpoint[] = [...pods.map(podEndpoint), ...NODES.map((n) => nodeEndpoint(n.name, n.ip)), ...OUTSIDE.map(externalEndpoint)];
        for (const n of NODES) {
          // The node's own connections, and those of its (non-hostNetwork) pods, leaving it.
          const senders = [{ e: nodeEndpoint(n.name, n.ip), local: true }, ...pods.filter((p) => p.node === n.name && !p.hostNetwork).map((p) => ({ e: podEndpoint(p), local: false }))];
          for (const { e: src, local } of senders) {
            for (const dst of endpoints) {
              if (dst.reference.kind === 'pod' ? dst.reference.pod.node === n.name : dst.reference.kind === 'node' && dst.reference.node === n.name) continue;
              for (const port of PORT_NUMBERS) {
                for (const protocol of PROTOCOLS) {
                  const h = index && hostEndpointFor(index, n.name, n.ip);
                  const verdict =
                    index && h
                      ? egressHostPolicy(
                          index,
                          {
                            hostEndpoint: h,
                            direction: 'egress',
                            ip: src.policy.ip,
                            ...(local ? {} : { local: endpointRole(src.policy, settings) }),
                            port,
                            protocol,
                            peerIp: dst.policy.ip,
                            peer: endpointRole(dst.policy, settings),
                            namespaceLabels: (ns) => nsLabels.get(ns) ?? namespaceLabelsOf(ns, undefined),
                          },
                          local,
                        )
                      : undefined;
                  const allowed = verdict === undefined || verdict.kind === 'failsafe' || verdict.allowed;
                  const expected = calicoHostEgressReference(cluster, { node: n.name, interfaceIp: n.ip, local, source: referenceEnd(src), destination: referenceEnd(dst), port, protocol });
                  if (allowed !== expected) throw new Error(`${src.policy.ip} -> ${dst.policy.ip} ${protocol} ${port} (${local ? 'local' : 'forwarded'}): evaluator ${allowed}, reference ${expected}\n${JSON.stringify(verdict)}`);
                  seen[expected ? 'allowed' : 'denied']++;
                  if (verdict === undefined) continue;
                  seen[local ? 'local' : 'forwarded']++;
                  if (verdict.kind === 'failsafe') seen.failsafe++;
                  else
                    for (const s of verdict.steps) {
                      if (s.phase === 'untracked' && s.outcome.kind === 'rule') seen.untracked++;
                      if (s.outcome.kind === 'end-of-tier') seen.endOfTier++;
                      if (s.outcome.kind === 'profile-rule') seen.profile++;
                      if (s.outcome.kind === 'none-applies') seen.noneApplies++;
                    }
                }
              }
            }
          }
        }
      }),
      { numRuns: 150, seed: RUN_SEED },
    );
    for (const [k, n] of Object.entries(seen)) expect(n, `${k} (replay with FC_SEED=${RUN_SEED})`).toBeGreaterThan(0);
  }, 120_000);
});

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy, reference §7: ANPs in priority order before
 * NetworkPolicy (Allow and Deny final, Pass hands over), the baseline after it, only for pods
 * NetworkPolicy does not isolate. Every case runs through the evaluator and the naive reference.
 */
import { describe, expect, it } from 'vitest';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import { referenceAllowed } from '../../src/policy/reference.js';
import type {
  AdminNetworkPolicySpec,
  AdminPolicyAction,
  AdminPolicyPeer,
  AdminPolicyPort,
  AdminPolicyRule,
  BaselineAdminNetworkPolicySpec,
  NetworkPolicySpec,
  Protocol,
} from '../../src/spec/types.js';
import { peer, policy, ports, rule, sel, type TestEndpoint } from './fixture.js';
import { ep, namespaces, settings } from './world.js';

const shop = { kind: 'namespaces' as const, namespaces: sel({ team: 'a' }) };
const webPods = { kind: 'pods' as const, namespaces: sel({ team: 'a' }), pods: sel({ app: 'web' }) };
const fromPods = (labels: Record<string, string>): AdminPolicyPeer => ({ kind: 'pods', namespaces: sel(), pods: sel(labels) });
const fromNamespaces = (labels: Record<string, string>): AdminPolicyPeer => ({ kind: 'namespaces', namespaces: sel(labels) });

function arule(action: AdminPolicyAction, peers: readonly AdminPolicyPeer[], portList?: readonly AdminPolicyPort[], name = ''): AdminPolicyRule {
  return { name, action, peers, ...(portList ? { ports: portList } : {}) };
}

function anp(name: string, priority: number, spec: Partial<Pick<AdminNetworkPolicySpec, 'subject' | 'ingress' | 'egress'>>): AdminNetworkPolicySpec {
  return { name, priority, subject: spec.subject ?? shop, ingress: spec.ingress ?? [], egress: spec.egress ?? [] };
}

function banp(spec: Partial<Pick<BaselineAdminNetworkPolicySpec, 'subject' | 'ingress' | 'egress'>>): BaselineAdminNetworkPolicySpec {
  return { name: 'default', subject: spec.subject ?? shop, ingress: spec.ingress ?? [], egress: spec.egress ?? [] };
}

interface Case {
  readonly name: string;
  readonly anps?: readonly AdminNetworkPolicySpec[];
  readonly banp?: BaselineAdminNetworkPolicySpec;
  readonly policies?: readonly NetworkPolicySpec[];
  readonly src: TestEndpoint;
  readonly dst: TestEndpoint;
  readonly port: number;
  readonly protocol?: Protocol;
  readonly expect: 'allow' | 'deny-egress' | 'deny-ingress';
}

const defaultDenyShop = policy('shop/default-deny');
const allowWebFromClient = policy('shop/allow-web', { podSelector: sel({ app: 'web' }), ingress: [rule([peer.pods({ app: 'client' })], [ports.tcp(8080)])] });

const cases: readonly Case[] = [
  {
    name: 'ANP Deny beats a NetworkPolicy that allows',
    anps: [anp('deny-client', 10, { subject: webPods, ingress: [arule('Deny', [fromPods({ app: 'client' })])] })],
    policies: [allowWebFromClient],
    src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress',
  },
  {
    name: 'ANP Allow beats a NetworkPolicy that isolates',
    anps: [anp('allow-client', 10, { subject: webPods, ingress: [arule('Allow', [fromPods({ app: 'client' })])] })],
    policies: [defaultDenyShop],
    src: ep.client, dst: ep.web, port: 9999, expect: 'allow',
  },
  {
    name: 'lower priority number first: Allow at 5 beats Deny at 50',
    anps: [
      anp('deny', 50, { subject: webPods, ingress: [arule('Deny', [fromNamespaces({})])] }),
      anp('allow', 5, { subject: webPods, ingress: [arule('Allow', [fromPods({ app: 'client' })])] }),
    ],
    src: ep.client, dst: ep.web, port: 8080, expect: 'allow',
  },
  {
    name: 'within a policy the first matching rule wins',
    anps: [anp('ordered', 1, { subject: webPods, ingress: [arule('Deny', [fromNamespaces({})]), arule('Allow', [fromPods({ app: 'client' })])] })],
    src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress',
  },
  {
    name: 'a rule matches only its ports; other ports fall through',
    anps: [anp('deny-udp', 1, { subject: webPods, ingress: [arule('Deny', [fromNamespaces({})], [{ kind: 'number', protocol: 'UDP', port: 9100 }])] })],
    src: ep.client, dst: ep.web, port: 9100, protocol: 'TCP', expect: 'allow',
  },
  {
    name: 'a named port is the destination pod\'s container port of that name',
    anps: [anp('deny-http', 1, { subject: webPods, ingress: [arule('Deny', [fromNamespaces({})], [{ kind: 'named', name: 'http' }])] })],
    src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress',
  },
  {
    name: 'a port range is inclusive',
    anps: [anp('deny-range', 1, { egress: [arule('Deny', [fromNamespaces({})], [{ kind: 'range', protocol: 'TCP', start: 8000, end: 8080 }])] })],
    src: ep.client, dst: ep.web, port: 8080, expect: 'deny-egress',
  },
  {
    name: 'Pass skips the rest of the tier: a lower-priority Deny does not apply, NetworkPolicy decides',
    anps: [
      anp('pass', 1, { subject: webPods, ingress: [arule('Pass', [fromPods({ app: 'client' })])] }),
      anp('deny', 2, { subject: webPods, ingress: [arule('Deny', [fromNamespaces({})])] }),
    ],
    policies: [allowWebFromClient],
    src: ep.client, dst: ep.web, port: 8080, expect: 'allow',
  },
  {
    name: 'Pass to a pod NetworkPolicy does not isolate goes to the baseline',
    anps: [anp('pass', 1, { subject: webPods, ingress: [arule('Pass', [fromPods({ app: 'client' })])] })],
    banp: banp({ ingress: [arule('Deny', [fromNamespaces({})])] }),
    src: ep.client, dst: ep.web, port: 8080, expect: 'deny-ingress',
  },
  {
    name: 'the baseline does not apply to a pod NetworkPolicy isolates',
    banp: banp({ ingress: [arule('Deny', [fromNamespaces({})])] }),
    policies: [allowWebFromClient],
    src: ep.client, dst: ep.web, port: 8080, expect: 'allow',
  },
  {
    name: 'baseline Allow before a later baseline Deny',
    banp: banp({ egress: [arule('Allow', [fromPods({ app: 'web' })]), arule('Deny', [fromNamespaces({})])] }),
    src: ep.client, dst: ep.web, port: 8080, expect: 'allow',
  },
  {
    name: 'baseline egress Deny to the internet by network',
    banp: banp({ egress: [arule('Deny', [{ kind: 'networks', cidrs: ['0.0.0.0/0'] }])] }),
    src: ep.client, dst: ep.internet, port: 443, expect: 'deny-egress',
  },
  {
    name: 'networks of the other family do not match',
    banp: banp({ egress: [arule('Deny', [{ kind: 'networks', cidrs: ['0.0.0.0/0'] }])] }),
    src: ep.client, dst: ep.internet6, port: 443, expect: 'allow',
  },
  {
    name: 'a subject outside the selected namespaces is untouched',
    anps: [anp('deny-all', 1, { ingress: [arule('Deny', [fromNamespaces({})])] })],
    src: ep.client, dst: ep.otherWeb, port: 9090, expect: 'allow',
  },
  {
    name: 'namespace peers match pods only, never nodes or the outside',
    anps: [anp('deny-pods', 1, { subject: webPods, ingress: [arule('Deny', [fromNamespaces({})])] })],
    src: ep.internet, dst: ep.web, port: 8080, expect: 'allow',
  },
];

describe('admin tiers: evaluator and reference agree with §7', () => {
  it.each(cases)('$name', (c) => {
    const s = settings();
    const admin = { adminNetworkPolicies: c.anps ?? [], ...(c.banp ? { baselineAdminNetworkPolicy: c.banp } : {}) };
    const index = buildPolicyIndex({ policies: c.policies ?? [], namespaces, settings: s, ...admin });
    const protocol = c.protocol ?? 'TCP';
    const decision = evaluatePolicies(index, { src: c.src.policy, dst: c.dst.policy, port: c.port, protocol });
    const got = decision.allowed ? 'allow' : `deny-${decision.deniedBy}`;
    expect(got, decision.hops.map((h) => h.text).join('\n')).toBe(c.expect);
    const ref = referenceAllowed({ namespaces, networkPolicies: c.policies ?? [], settings: s, ...admin }, c.src.reference, c.dst.reference, c.port, protocol);
    expect(ref).toBe(c.expect === 'allow');
  });
});

describe('admin tiers in the trace', () => {
  it('names the ANP, its priority and the rule that decided', () => {
    const index = buildPolicyIndex({
      policies: [],
      namespaces,
      settings: settings(),
      adminNetworkPolicies: [anp('guard', 7, { subject: webPods, ingress: [arule('Deny', [fromPods({ app: 'client' })], undefined, 'no-clients')] })],
    });
    const d = evaluatePolicies(index, { src: ep.client.policy, dst: ep.web.policy, port: 8080, protocol: 'TCP' });
    expect(d.ingress).toEqual({ kind: 'admin', tier: 'admin', policy: 'guard', rule: 'no-clients', ruleIndex: 0, action: 'Deny' });
    expect(d.hops[1]).toMatchObject({
      stage: 'policy',
      at: 'n1',
      text: 'AdminNetworkPolicy guard (priority 7) ingress rule #1 "no-clients": Deny from 10.0.2.20 (pod shop/client) on TCP 8080',
      rule: 'AdminNetworkPolicy guard',
    });
  });

  it('says which Pass rule handed the decision to NetworkPolicy', () => {
    const index = buildPolicyIndex({
      policies: [allowWebFromClient],
      namespaces,
      settings: settings(),
      adminNetworkPolicies: [anp('hand-over', 3, { subject: webPods, ingress: [arule('Pass', [fromNamespaces({})], undefined, 'to-np')] })],
    });
    const d = evaluatePolicies(index, { src: ep.client.policy, dst: ep.web.policy, port: 8080, protocol: 'TCP' });
    expect(d.ingress).toEqual({ kind: 'rule', policy: 'shop/allow-web', ruleIndex: 0 });
    expect(d.hops[1]?.text).toMatch(/^AdminNetworkPolicy hand-over \(priority 3\) ingress rule #1 "to-np" passes TCP 8080 on to NetworkPolicy; NetworkPolicy shop\/allow-web ingress rule #1/);
  });

  it('names the baseline rule', () => {
    const index = buildPolicyIndex({
      policies: [],
      namespaces,
      settings: settings(),
      baselineAdminNetworkPolicy: banp({ egress: [arule('Deny', [{ kind: 'networks', cidrs: ['0.0.0.0/0'] }], undefined, 'no-internet')] }),
    });
    const d = evaluatePolicies(index, { src: ep.client.policy, dst: ep.internet.policy, port: 443, protocol: 'TCP' });
    expect(d).toMatchObject({ allowed: false, deniedBy: 'egress' });
    expect(d.egress).toEqual({ kind: 'admin', tier: 'baseline', policy: 'default', rule: 'no-internet', ruleIndex: 0, action: 'Deny' });
    expect(d.hops[0]?.rule).toBe('BaselineAdminNetworkPolicy default');
  });

  it('a nodes peer matches node addresses by the node labels', () => {
    const index = buildPolicyIndex({
      policies: [],
      namespaces,
      settings: settings(),
      nodes: [{ name: 'n1', labels: { role: 'infra' } }, { name: 'n2', labels: {} }],
      adminNetworkPolicies: [anp('no-infra', 1, { egress: [arule('Deny', [{ kind: 'nodes', nodes: sel({ role: 'infra' }) }])] })],
    });
    expect(evaluatePolicies(index, { src: ep.client.policy, dst: ep.n1.policy, port: 10250, protocol: 'TCP' }).allowed).toBe(false);
    expect(evaluatePolicies(index, { src: ep.client.policy, dst: ep.n2.policy, port: 10250, protocol: 'TCP' }).allowed).toBe(true);
  });
});

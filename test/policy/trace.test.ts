/** The hops a policy decision adds to a trace: which rule allowed, or which policies isolated. */
import { describe, expect, it } from 'vitest';
import { buildPolicyIndex, evaluatePolicies, type PolicyDecision } from '../../src/policy/evaluate.js';
import { describePeer, describeRule, describeSelector } from '../../src/policy/describe.js';
import type { NetworkPolicySpec, Protocol, Settings } from '../../src/spec/types.js';
import { peer, policy, ports, rule, sel, type TestEndpoint } from './fixture.js';
import { ep, namespaces, settings } from './world.js';

const defaultDeny = policy('shop/default-deny');
const allowWeb = policy('shop/allow-web', {
  podSelector: sel({ app: 'web' }),
  ingress: [rule([peer.pods({ app: 'client' })], [ports.tcp(8080)])],
});

function decide(
  policies: readonly NetworkPolicySpec[],
  src: TestEndpoint,
  dst: TestEndpoint,
  port: number,
  protocol: Protocol = 'TCP',
  overrides: Partial<Settings> = {},
): PolicyDecision {
  const index = buildPolicyIndex({ policies, namespaces, settings: settings(overrides) });
  return evaluatePolicies(index, { src: src.policy, dst: dst.policy, port, protocol });
}

describe('policy hops', () => {
  it('names the policy and rule that allowed ingress, after the egress hop', () => {
    const d = decide([defaultDeny, allowWeb], ep.client, ep.web, 8080);
    expect(d.hops).toEqual([
      { stage: 'policy', at: 'n2', text: 'pod shop/client not isolated for egress: no policy selects it' },
      {
        stage: 'policy',
        at: 'n1',
        text: 'NetworkPolicy shop/allow-web ingress rule #1 (from pods app=client; port TCP 8080)',
        rule: 'NetworkPolicy shop/allow-web',
      },
    ]);
    expect(d.egress).toEqual({ kind: 'not-isolated' });
    expect(d.ingress).toEqual({ kind: 'rule', policy: 'shop/allow-web', ruleIndex: 0 });
  });

  it('names every isolating policy when nothing allowed it', () => {
    const d = decide([defaultDeny, allowWeb], ep.otherClient, ep.web, 8080);
    expect(d.allowed).toBe(false);
    expect(d.deniedBy).toBe('ingress');
    expect(d.hops[1]).toEqual({
      stage: 'policy',
      at: 'n1',
      text:
        'pod shop/web isolated for ingress by shop/default-deny, shop/allow-web; ' +
        'no rule matched source 10.0.2.40 (pod other/client) on TCP 8080',
      rule: 'NetworkPolicy shop/default-deny, shop/allow-web',
    });
    expect(d.ingress).toEqual({ kind: 'denied', isolatedBy: ['shop/default-deny', 'shop/allow-web'] });
  });

  it('stops at an egress denial: the packet never reaches the destination', () => {
    const d = decide([policy('shop/no-egress', { policyTypes: ['Egress'] })], ep.client, ep.internet, 443);
    expect(d.deniedBy).toBe('egress');
    expect(d.hops).toEqual([
      {
        stage: 'policy',
        at: 'n2',
        text: 'pod shop/client isolated for egress by shop/no-egress; no rule matched destination 203.0.113.10 on TCP 443',
        rule: 'NetworkPolicy shop/no-egress',
      },
    ]);
    expect(d.ingress).toBeUndefined();
  });

  it('counts rules from 1 in text and from 0 in the verdict', () => {
    const p = policy('shop/web-in', {
      podSelector: sel({ app: 'web' }),
      ingress: [rule([peer.pods({ app: 'db' })]), rule([peer.ipBlock('10.0.0.0/16', ['10.0.1.0/24'])], [ports.tcp(8000, 8100), ports.udp()])],
    });
    const d = decide([p], ep.client, ep.web, 8080);
    expect(d.ingress).toEqual({ kind: 'rule', policy: 'shop/web-in', ruleIndex: 1 });
    expect(d.hops[1]?.text).toBe(
      'NetworkPolicy shop/web-in ingress rule #2 (from 10.0.0.0/16 except 10.0.1.0/24; ports TCP 8000-8100, UDP all ports)',
    );
  });

  it('describes non-pod sources and destinations', () => {
    const d = decide([], ep.internet, ep.n1, 22);
    expect(d.hops.map((h) => h.text)).toEqual([
      'source 203.0.113.10 is not a pod: no egress policy applies',
      'destination 192.168.0.11 (node n1) is not a pod: no ingress policy applies',
    ]);
    expect(d.hops[1]?.at).toBe('n1');
    expect(d.hops[0]?.at).toBeUndefined();
  });

  it('names hostNetworkPolicy when a hostNetwork pod counts as its node', () => {
    const d = decide([defaultDeny], ep.agent, ep.web, 8080);
    expect(d.allowed).toBe(true);
    expect(d.hops[0]).toMatchObject({
      text: 'source 192.168.0.11 (hostNetwork pod kube-system/agent, counted as node n1) is not subject to egress policy (setting hostNetworkPolicy=node)',
      setting: 'hostNetworkPolicy',
    });
    expect(d.hops[1]).toMatchObject({
      at: 'n1',
      text: 'ingress to pod shop/web from its own node: 192.168.0.11 (hostNetwork pod kube-system/agent, counted as node n1) is always allowed',
      setting: 'hostNetworkPolicy',
    });
    expect(d.ingress).toEqual({ kind: 'own-node', node: 'n1' });
  });

  it('own-node ingress from the node itself names no setting', () => {
    const d = decide([defaultDeny], ep.n1, ep.web, 8080);
    expect(d.hops[1]?.setting).toBeUndefined();
    expect(d.hops[1]?.text).toBe('ingress to pod shop/web from its own node: 192.168.0.11 (node n1) is always allowed');
  });

  it('names podToOwnNodeAllowed when it lets egress to the own node through', () => {
    const d = decide([policy('shop/no-egress', { policyTypes: ['Egress'] })], ep.web, ep.n1, 10250);
    expect(d.allowed).toBe(true);
    expect(d.egress).toEqual({ kind: 'own-node', node: 'n1' });
    expect(d.hops[0]).toMatchObject({ at: 'n1', setting: 'podToOwnNodeAllowed', rule: 'NetworkPolicy shop/no-egress' });
    expect(d.hops[0]?.text).toContain("egress to the pod's own node n1 is allowed (setting podToOwnNodeAllowed)");
  });

  it('a rule that allows egress to the own node is named instead of the setting', () => {
    const p = policy('shop/to-nodes', { egress: [rule([peer.ipBlock('192.168.0.0/24')])], policyTypes: ['Egress'] });
    const d = decide([p], ep.web, ep.n1, 10250);
    expect(d.egress).toEqual({ kind: 'rule', policy: 'shop/to-nodes', ruleIndex: 0 });
    expect(d.hops[0]?.setting).toBeUndefined();
  });

  it('judges ingress against the masqueraded source when one is given', () => {
    const index = buildPolicyIndex({ policies: [defaultDeny, allowWeb], namespaces, settings: settings() });
    const d = evaluatePolicies(index, { src: ep.client.policy, ingressSrc: ep.n2.policy, dst: ep.web.policy, port: 8080, protocol: 'TCP' });
    expect(d.hops.map((h) => h.text)).toEqual([
      'pod shop/client not isolated for egress: no policy selects it',
      'pod shop/web isolated for ingress by shop/default-deny, shop/allow-web; no rule matched source 192.168.0.12 (node n2) on TCP 8080',
    ]);
  });

  it('self traffic is one hop naming selfTrafficAllowed', () => {
    const d = decide([defaultDeny], ep.web, ep.web, 8080);
    expect(d).toEqual({
      allowed: true,
      exempt: 'self',
      hops: [
        { stage: 'policy', at: 'n1', text: 'pod shop/web reaching itself is allowed (setting selfTrafficAllowed)', setting: 'selfTrafficAllowed' },
      ],
    });
  });

  it("enforcement 'none' says every policy was ignored", () => {
    const d = decide([defaultDeny], ep.client, ep.web, 8080, 'TCP', { networkPolicyEnforcement: 'none' });
    expect(d.exempt).toBe('enforcement-none');
    expect(d.hops).toHaveLength(1);
    expect(d.hops[0]).toMatchObject({ stage: 'policy', setting: 'networkPolicyEnforcement' });
    expect(d.hops[0]?.text).toContain('every policy ignored');
  });

  it("enforcement 'ingress-only' says egress is not enforced", () => {
    const d = decide([policy('shop/no-egress', { policyTypes: ['Egress'] })], ep.client, ep.web, 8080, 'TCP', {
      networkPolicyEnforcement: 'ingress-only',
    });
    expect(d.egress).toEqual({ kind: 'not-enforced' });
    expect(d.hops[0]).toMatchObject({ at: 'n2', setting: 'networkPolicyEnforcement' });
  });
});

describe('rule summaries', () => {
  it.each([
    [peer.pods({ app: 'client' }), 'pods app=client'],
    [peer.pods({}), 'all pods'],
    [peer.namespaces({}), 'all pods in all namespaces'],
    [peer.namespaces({ team: 'b' }), 'all pods in namespaces team=b'],
    [peer.both({ team: 'b' }, { app: 'x' }), 'pods app=x in namespaces team=b'],
    [peer.ipBlock('0.0.0.0/0', ['10.0.0.0/8', '192.168.0.0/16']), '0.0.0.0/0 except 10.0.0.0/8, 192.168.0.0/16'],
  ])('peer %#: %s', (p, text) => {
    expect(describePeer(p)).toBe(text);
  });

  it('selectors read like kubectl', () => {
    expect(
      describeSelector(
        sel({ app: 'web' }, [
          { key: 'tier', operator: 'In', values: ['a', 'b'] },
          { key: 'env', operator: 'NotIn', values: ['dev'] },
          { key: 'team', operator: 'Exists', values: [] },
          { key: 'legacy', operator: 'DoesNotExist', values: [] },
        ]),
      ),
    ).toBe('app=web,tier in (a,b),env notin (dev),team,!legacy');
  });

  it('egress rules say "to", OR their peers, and name ports', () => {
    expect(describeRule(rule([peer.pods({ app: 'db' }), peer.ipBlock('10.9.0.0/16')], [ports.named('pg'), ports.sctp(9)]), 'egress')).toBe(
      'to pods app=db or 10.9.0.0/16; ports TCP port named pg, SCTP 9',
    );
    expect(describeRule(rule(), 'ingress')).toBe('from anywhere; all ports');
  });
});

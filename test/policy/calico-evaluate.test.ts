/** Calico evaluation (policy/calico.ts through evaluatePolicies), case by case from the specification in its header; the trace names the policy, rule and action. */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { buildPolicyIndex, evaluatePolicies } from '../../src/policy/evaluate.js';
import type { CalicoGlobalNetworkPolicySpec, CalicoNetworkPolicySpec } from '../../src/spec/calico.js';
import type { CalicoNamespacedNetworkSetSpec, CalicoNetworkSetSpec, CalicoProfileSpec, CalicoTierSpec } from '../../src/spec/calico-resources.js';
import { DEFAULT_SETTINGS, type NetworkPolicySpec } from '../../src/spec/types.js';
import { namespace, podEndpoint, podSpec } from './fixture.js';

const client = podEndpoint(podSpec('shop/client', { node: 'n1', labels: { app: 'client' }, ip: '10.0.1.10' }));
const web = podEndpoint(podSpec('shop/web', { node: 'n2', labels: { app: 'web' }, ip: '10.0.2.10' }));

/** The ingress verdict and hop text at web, for client → web TCP 80, under the policies in `yaml`. */
function ingress(yaml: string) {
  const res = objectsFromYaml(yaml, 'p.yaml');
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const of = <T>(kind: string) => res.objects.flatMap((o) => (o.kind === kind ? [o.spec as T] : []));
  const index = buildPolicyIndex({
    policies: of<NetworkPolicySpec>('network-policy'),
    calicoNetworkPolicies: of<CalicoNetworkPolicySpec>('calico-network-policy'),
    calicoGlobalNetworkPolicies: of<CalicoGlobalNetworkPolicySpec>('calico-global-network-policy'),
    calicoProfiles: of<CalicoProfileSpec>('calico-profile'),
    calicoTierSpecs: of<CalicoTierSpec>('calico-tier'),
    calicoNetworkSets: of<CalicoNamespacedNetworkSetSpec>('calico-network-set'),
    calicoGlobalNetworkSets: of<CalicoNetworkSetSpec>('calico-global-network-set'),
    namespaces: [namespace('shop')],
    settings: DEFAULT_SETTINGS,
  });
  const d = evaluatePolicies(index, { src: client.policy, dst: web.policy, port: 80, protocol: 'TCP' });
  return { allowed: d.allowed, verdict: d.ingress, text: d.hops[d.hops.length - 1]!.text };
}

const gnp = (name: string, order: string, rules: string, extra = '') =>
  `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${order}${extra}  selector: app == 'web'\n  ingress:\n${rules}`;
const knpAllow = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-open, namespace: shop}\nspec:\n  podSelector: {matchLabels: {app: web}}\n  ingress: [{}]\n`;

describe('Calico evaluation', () => {
  it('an ordered Deny before a Kubernetes allow (order 10 < 1000); the trace names policy, rule and action', () => {
    const r = ingress(knpAllow + gnp('deny-client', '  order: 10\n', "  - action: Log\n  - action: Deny\n    source: {selector: app == 'client'}\n"));
    expect(r.allowed).toBe(false);
    expect(r.verdict).toEqual({ kind: 'calico', tier: 'default', policy: 'deny-client', ruleIndex: 1, action: 'Deny' });
    expect(r.text).toBe('GlobalNetworkPolicy deny-client (tier default, order 10) ingress rule #2: Deny from 10.0.1.10 (pod shop/client) on TCP 80');
  });

  it('a Deny ordered after 1000, or with no order, comes after the Kubernetes allow', () => {
    for (const order of ['  order: 2000\n', '']) {
      const r = ingress(knpAllow + gnp('deny-client', order, '  - action: Deny\n'));
      expect(r.verdict).toEqual({ kind: 'calico', tier: 'default', policy: 'shop/web-open', ruleIndex: 0, action: 'Allow' });
    }
  });

  it('ties in order are broken by name', () => {
    const r = ingress(gnp('b-allow', '  order: 5\n', '  - action: Allow\n') + '\n' + gnp('a-deny', '  order: 5\n', '  - action: Deny\n'));
    expect(r.verdict).toMatchObject({ policy: 'a-deny', action: 'Deny' });
  });

  it('a tier that applies and matches nothing denies at its end', () => {
    const r = ingress(gnp('only-db-clients', '  order: 1\n', "  - action: Allow\n    source: {selector: app == 'db'}\n"));
    expect(r.verdict).toEqual({ kind: 'calico-end-of-tier', tier: 'default', policies: ['only-db-clients'] });
    expect(r.text).toContain('denied at the end of the tier');
  });

  it('Pass skips the rest of its tier: the next tier decides, or the profile allows', () => {
    const pass = gnp('pass-all', '  order: 1\n', '  - action: Pass\n', '  tier: security\n');
    expect(ingress(pass + '\n' + gnp('deny', '  order: 1\n', '  - action: Deny\n'))).toMatchObject({ allowed: false, verdict: { tier: 'default', policy: 'deny' } });
    const alone = ingress(pass);
    expect(alone.allowed).toBe(true);
    expect(alone.text).toContain('Calico tier security passes TCP 80 on');
    // Pass in the default tier skips the Kubernetes policy too: nothing else decides, the profile allows.
    expect(ingress(gnp('pass-web', '  order: 1\n', '  - action: Pass\n') + '\n' + gnp('deny', '  order: 3000\n', '  - action: Deny\n')).allowed).toBe(true);
  });

  it('types decide the directions a policy applies to', () => {
    expect(ingress(gnp('egress-only', '  order: 1\n', '  - action: Deny\n', '  types: [Egress]\n')).verdict).toEqual({ kind: 'not-isolated' });
  });

  it('a rule of another IP protocol (ICMP) never matches a TCP connection', () => {
    expect(ingress(gnp('icmp', '  order: 1\n', '  - action: Deny\n    protocol: ICMP\n  - action: Allow\n')).verdict).toMatchObject({ ruleIndex: 1, action: 'Allow' });
  });

  it('a namespaced policy rule selector means pods of its own namespace', () => {
    const cnp = (ns: string) =>
      `---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  selector: app == 'web'\n  ingress:\n  - action: Allow\n    source: {selector: app == 'client', namespaceSelector: "projectcalico.org/name == '${ns}'"}\n`;
    expect(ingress(cnp('shop')).allowed).toBe(true);
    expect(ingress(cnp('other')).allowed).toBe(false);
  });

  const tier = (name: string, spec: string) => `---\napiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: ${name}}\nspec: ${spec}\n`;

  it('Tier objects order the tiers by their order, not by name', () => {
    const policies = gnp('zeta.allow', '  order: 1\n', '  - action: Allow\n', '  tier: zeta\n') + '\n' + gnp('alpha.deny', '  order: 1\n', '  - action: Deny\n', '  tier: alpha\n') + '\n';
    expect(ingress(policies)).toMatchObject({ allowed: false, verdict: { tier: 'alpha' } });
    expect(ingress(tier('zeta', '{order: 10}') + tier('alpha', '{order: 20}') + policies)).toMatchObject({ allowed: true, verdict: { tier: 'zeta', policy: 'zeta.allow' } });
  });

  it("a Tier's defaultAction Pass hands an undecided connection to the next tier instead of denying", () => {
    const nothing = gnp('security.only-db', '  order: 1\n', "  - action: Allow\n    source: {selector: app == 'db'}\n", '  tier: security\n') + '\n';
    expect(ingress(tier('security', '{order: 10}') + nothing)).toMatchObject({ allowed: false, verdict: { kind: 'calico-end-of-tier', tier: 'security' } });
    const passed = ingress(tier('security', '{order: 10, defaultAction: Pass}') + nothing);
    expect(passed.allowed).toBe(true);
    expect(passed.text).toContain('Calico tier security passes TCP 80 on');
  });

  const profile = (spec: string) => `---\napiVersion: projectcalico.org/v3\nkind: Profile\nmetadata: {name: kns.shop}\nspec:\n${spec}`;

  it("the namespace's Profile object decides what no tier decided, after every tier; the trace names it", () => {
    // (The client is in shop too: its egress goes by the same profile.)
    const r = ingress(profile('  egress: [{action: Allow}]\n  ingress:\n  - action: Deny\n    source: {nets: [10.0.1.0/24]}\n  - action: Allow\n'));
    expect(r).toMatchObject({ allowed: false, verdict: { kind: 'calico-profile', profile: 'kns.shop', ruleIndex: 0, action: 'Deny' } });
    expect(r.text).toBe('no Calico tier decided; Profile kns.shop ingress rule #1: Deny from 10.0.1.10 (pod shop/client) on TCP 80');
    // A tier that decides comes first.
    expect(ingress(profile('  egress: [{action: Allow}]\n  ingress: [{action: Deny}]\n') + knpAllow).allowed).toBe(true);
  });

  it('a Profile with no matching rule denies after the profiles', () => {
    const r = ingress(profile('  egress: [{action: Allow}]\n'));
    expect(r).toMatchObject({ allowed: false, verdict: { kind: 'calico-profile', profile: 'kns.shop', action: 'Deny' } });
    expect(r.text).toContain('denied after the profiles');
  });

  it('a rule selector matches the addresses of a network set with matching labels', () => {
    const set = (kind: string, meta: string) => `---\napiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: ${meta}\nspec: {nets: [10.0.1.0/24]}\n`;
    const block = gnp('block-listed', '  order: 1\n', "  - action: Deny\n    source: {selector: role == 'blocked'}\n  - action: Allow\n");
    expect(ingress(set('GlobalNetworkSet', '{name: bad, labels: {role: blocked}}') + block)).toMatchObject({ allowed: false, verdict: { ruleIndex: 0, action: 'Deny' } });
    expect(ingress(set('GlobalNetworkSet', '{name: fine, labels: {role: partner}}') + block)).toMatchObject({ allowed: true, verdict: { ruleIndex: 1 } });
    // A namespaced policy sees its own namespace's sets, and global ones only through namespaceSelector global().
    const cnp = (source: string) =>
      `---\napiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: shop}\nspec:\n  selector: app == 'web'\n  ingress:\n  - action: Deny\n    source: ${source}\n  - action: Allow\n`;
    expect(ingress(set('NetworkSet', '{name: bad, namespace: shop, labels: {role: blocked}}') + cnp("{selector: role == 'blocked'}")).allowed).toBe(false);
    expect(ingress(set('GlobalNetworkSet', '{name: bad, labels: {role: blocked}}') + cnp("{selector: role == 'blocked'}")).allowed).toBe(true);
    expect(ingress(set('GlobalNetworkSet', '{name: bad, labels: {role: blocked}}') + cnp("{selector: role == 'blocked', namespaceSelector: global()}")).allowed).toBe(false);
  });
});

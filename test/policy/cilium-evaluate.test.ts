/**
 * Cilium evaluation (policy/cilium.ts through evaluatePolicies), case by case from the
 * specification in its header and the examples of Cilium's documentation (docs.cilium.io,
 * security/policy: language, deny, intro); the trace names the policy, the rule and whether a deny
 * rule or default deny dropped the connection.
 */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { buildPolicyIndex, evaluatePolicies, type PolicyEndpoint } from '../../src/policy/evaluate.js';
import type { CiliumClusterwideNetworkPolicySpec, CiliumNetworkPolicySpec } from '../../src/spec/cilium.js';
import { DEFAULT_SETTINGS, type NetworkPolicySpec } from '../../src/spec/types.js';
import { externalEndpoint, namespace, nodeEndpoint, podEndpoint, podSpec, port } from './fixture.js';

const client = podEndpoint(podSpec('shop/client', { node: 'n1', labels: { app: 'client' }, ip: '10.0.1.10' }));
const web = podEndpoint(podSpec('shop/web', { node: 'n2', labels: { app: 'web' }, ports: [port('http', 80)], ip: '10.0.2.10' }));
const guest = podEndpoint(podSpec('sandbox/guest', { node: 'n1', labels: { app: 'client' }, ip: '10.0.1.11' }));
const n1 = nodeEndpoint('n1', '192.168.0.1');
const n2 = nodeEndpoint('n2', '192.168.0.2');
const outside = externalEndpoint('203.0.113.10');

/** The decision for src → dst on `port`/TCP under the policies in `yaml`. */
function decide(yaml: string, src: PolicyEndpoint, dst: PolicyEndpoint, p = 80, dnsNames: { name: string; ips: string[] }[] = []) {
  const res = objectsFromYaml(yaml, 'p.yaml');
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const of = <T>(kind: string) => res.objects.flatMap((o) => (o.kind === kind ? [o.spec as T] : []));
  const index = buildPolicyIndex({
    policies: of<NetworkPolicySpec>('network-policy'),
    ciliumNetworkPolicies: of<CiliumNetworkPolicySpec>('cilium-network-policy'),
    ciliumClusterwideNetworkPolicies: of<CiliumClusterwideNetworkPolicySpec>('cilium-clusterwide-network-policy'),
    ciliumDnsNames: dnsNames,
    namespaces: [namespace('shop', { team: 'shop' }), namespace('sandbox', { team: 'guests' })],
    nodes: [
      { name: 'n1', labels: {} },
      { name: 'n2', labels: {} },
    ],
    settings: DEFAULT_SETTINGS,
  });
  const d = evaluatePolicies(index, { src, dst, port: p, protocol: 'TCP' });
  return { allowed: d.allowed, egress: d.egress, ingress: d.ingress, text: d.hops[d.hops.length - 1]!.text };
}

const cnp = (name: string, spec: string, ns = 'shop') => `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
const ccnp = (name: string, spec: string) => `---\napiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const webSelected = '  endpointSelector: {matchLabels: {app: web}}\n';

describe('Cilium evaluation', () => {
  it('an L3 rule (language: "Endpoints Based"): web accepts client, and nothing else once selected', () => {
    const y = cnp('l3', `${webSelected}  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n`);
    const r = decide(y, client.policy, web.policy);
    expect(r.allowed).toBe(true);
    expect(r.ingress).toEqual({ kind: 'cilium', rule: 'CiliumNetworkPolicy shop/l3 ingress rule #1', action: 'Allow' });
    expect(r.text).toBe('CiliumNetworkPolicy shop/l3 ingress rule #1: allow from 10.0.1.10 (pod shop/client) on TCP 80');
    // A CNP's fromEndpoints is scoped to its namespace: guest has the label but lives in sandbox.
    const g = decide(y, guest.policy, web.policy);
    expect(g.allowed).toBe(false);
    expect(g.ingress).toEqual({ kind: 'cilium-default-deny', policies: ['CiliumNetworkPolicy shop/l3'] });
    expect(g.text).toBe("pod shop/web is in Cilium's default deny for ingress (selected by CiliumNetworkPolicy shop/l3); no allow rule matched from 10.0.1.11 (pod sandbox/guest) on TCP 80: dropped");
  });

  it('naming the namespace label reaches another namespace; a CCNP is not scoped', () => {
    const named = cnp('cross', `${webSelected}  ingress:\n  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: sandbox}}]\n`);
    expect(decide(named, guest.policy, web.policy).allowed).toBe(true);
    expect(decide(named, client.policy, web.policy).allowed).toBe(false);
    const wide = ccnp('wide', `${webSelected}  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n`);
    expect(decide(wide, guest.policy, web.policy).allowed).toBe(true);
    // Namespace labels are Cilium labels of the pod, under io.cilium.k8s.namespace.labels.
    const byTeam = ccnp('team', `${webSelected}  ingress:\n  - fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: guests}}]\n`);
    expect(decide(byTeam, guest.policy, web.policy).allowed).toBe(true);
    expect(decide(byTeam, client.policy, web.policy).allowed).toBe(false);
  });

  it('a CNP selects pods of its own namespace only, whatever its selector', () => {
    const y = cnp('elsewhere', '  endpointSelector: {}\n  ingress: [{}]\n', 'sandbox');
    expect(decide(y, client.policy, web.policy)).toMatchObject({ allowed: true, ingress: { kind: 'not-isolated' } });
    expect(decide(y, client.policy, guest.policy).allowed).toBe(false);
  });

  it('`ingress: [{}]` (language: "Ingress/Egress Default Deny") allows nothing; `ingress: []` is no section', () => {
    expect(decide(cnp('deny-all', `${webSelected}  ingress: [{}]\n`), client.policy, web.policy).ingress).toEqual({ kind: 'cilium-default-deny', policies: ['CiliumNetworkPolicy shop/deny-all'] });
    expect(decide(cnp('nothing', `${webSelected}  ingress: []\n`), client.policy, web.policy).ingress).toEqual({ kind: 'not-isolated' });
  });

  it('an L4-only rule allows every peer on its ports; L3 and L4 in one rule must both match', () => {
    const l4 = cnp('l4', `${webSelected}  ingress:\n  - toPorts: [{ports: [{port: "80", protocol: TCP}]}]\n`);
    expect(decide(l4, outside.policy, web.policy).allowed).toBe(true);
    expect(decide(l4, client.policy, web.policy, 81).allowed).toBe(false);
    const both = cnp('both', `${webSelected}  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: http}]}]\n`);
    expect(decide(both, client.policy, web.policy).allowed).toBe(true);
    expect(decide(both, client.policy, web.policy, 81).allowed).toBe(false);
  });

  it('deny rules win over every allow, Cilium or Kubernetes (deny: "Deny policies take precedence")', () => {
    const knp = `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: web-open, namespace: shop}\nspec:\n  podSelector: {}\n  ingress: [{}]\n`;
    const lockdown = ccnp('external-lockdown', '  endpointSelector: {}\n  ingressDeny:\n  - fromEntities: [world]\n  ingress:\n  - fromEntities: [all]\n');
    const r = decide(knp + lockdown, outside.policy, web.policy);
    expect(r.allowed).toBe(false);
    expect(r.ingress).toEqual({ kind: 'cilium', rule: 'CiliumClusterwideNetworkPolicy external-lockdown ingressDeny rule #1', action: 'Deny' });
    expect(r.text).toBe('CiliumClusterwideNetworkPolicy external-lockdown ingressDeny rule #1: deny from 203.0.113.10 on TCP 80 (a Cilium deny rule wins over every allow)');
    // The Kubernetes NetworkPolicy's allow and the CCNP's allow are a union.
    expect(decide(knp + lockdown, client.policy, web.policy).ingress).toMatchObject({ kind: 'cilium', action: 'Allow' });
  });

  it('a deny-only policy also puts the pod into default deny, unless enableDefaultDeny says false', () => {
    const deny = cnp('deny-guests', `${webSelected}  ingressDeny: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: sandbox}}]}]\n`);
    expect(decide(deny, client.policy, web.policy).ingress).toMatchObject({ kind: 'cilium-default-deny' });
    const soft = cnp('deny-guests', `${webSelected}  enableDefaultDeny: {ingress: false}\n  ingressDeny: [{fromEndpoints: [{matchLabels: {io.kubernetes.pod.namespace: sandbox}}]}]\n`);
    expect(decide(soft, client.policy, web.policy).ingress).toEqual({ kind: 'not-isolated' });
    expect(decide(soft, guest.policy, web.policy).ingress).toMatchObject({ kind: 'cilium', action: 'Deny' });
  });

  it('entities: host is the pod\'s own node, remote-node the others, world outside, cluster inside', () => {
    // Egress from client (on n1): whether the entity's rule allowed it (egress to the own node is
    // allowed anyway by the setting podToOwnNodeAllowed, so the verdict is read, not the outcome).
    const egress = (entity: string) => cnp('e', `  endpointSelector: {matchLabels: {app: client}}\n  egress: [{toEntities: [${entity}]}]\n`);
    const allowed = (entity: string, dst: PolicyEndpoint) => decide(egress(entity), client.policy, dst).egress?.kind === 'cilium';
    expect([allowed('host', n1.policy), allowed('host', n2.policy)]).toEqual([true, false]);
    expect([allowed('remote-node', n1.policy), allowed('remote-node', n2.policy)]).toEqual([false, true]);
    expect([allowed('world', outside.policy), allowed('world', web.policy), allowed('world', n2.policy)]).toEqual([true, false, false]);
    expect([allowed('cluster', web.policy), allowed('cluster', n2.policy), allowed('cluster', outside.policy)]).toEqual([true, true, false]);
    expect([allowed('kube-apiserver', n1.policy), allowed('kube-apiserver', n2.policy)]).toEqual([true, false]);
    expect([allowed('all', outside.policy), allowed('health', web.policy)]).toEqual([true, false]);
  });

  it('CIDR rules match the world only, never a pod nor a node; except cuts holes', () => {
    const y = cnp('cidr', '  endpointSelector: {matchLabels: {app: client}}\n  egress: [{toCIDRSet: [{cidr: 0.0.0.0/0, except: [203.0.113.0/28]}]}]\n');
    expect(decide(y, client.policy, web.policy).allowed).toBe(false);
    expect(decide(y, client.policy, n2.policy).allowed).toBe(false);
    expect(decide(y, client.policy, outside.policy).allowed).toBe(false);
    expect(decide(y, client.policy, externalEndpoint('198.51.100.1').policy).allowed).toBe(true);
  });

  it('toFQDNs matches what the name resolves to, only when a DNS rule lets Cilium see the lookup', () => {
    const fqdn = '  - toFQDNs: [{matchPattern: "*.example.com"}]\n';
    const dns = '  - toEntities: [cluster]\n    toPorts: [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]\n';
    const names = [{ name: 'api.example.com', ips: ['203.0.113.10'] }];
    const withDns = cnp('fqdn', `  endpointSelector: {matchLabels: {app: client}}\n  egress:\n${fqdn}${dns}`);
    expect(decide(withDns, client.policy, outside.policy, 443, names)).toMatchObject({ allowed: true, egress: { rule: 'CiliumNetworkPolicy shop/fqdn egress rule #1' } });
    expect(decide(withDns, client.policy, externalEndpoint('203.0.113.11').policy, 443, names).allowed).toBe(false);
    const res = objectsFromYaml(cnp('fqdn', `  endpointSelector: {matchLabels: {app: client}}\n  egress:\n${fqdn}`), 'p.yaml');
    expect(res.diagnostics.map((d) => d.code)).toEqual(['NS2124']);
    const noDns = cnp('fqdn', `  endpointSelector: {matchLabels: {app: client}}\n  egress:\n${fqdn}`);
    const unseen = decide(noDns, client.policy, outside.policy, 443, names);
    expect(unseen.allowed).toBe(false);
    expect(unseen.text).toContain('(api.example.com resolves to it and a toFQDNs rule matches the name, but no egress rule sends');
  });

  it('L7 rules: the connection is allowed at L4 and the verdict carries the HTTP rules; an allow without L7 lifts them', () => {
    const l7 = cnp('l7', `${webSelected}  ingress:\n  - fromEndpoints: [{matchLabels: {app: client}}]\n    toPorts: [{ports: [{port: "80", protocol: TCP}], rules: {http: [{method: GET, path: /public}]}}]\n`);
    const r = decide(l7, client.policy, web.policy);
    expect(r.allowed).toBe(true);
    expect(r.ingress).toMatchObject({ kind: 'cilium', action: 'Allow', l7: [{ http: [{ method: 'GET', path: '/public' }] }] });
    expect(r.text).toContain("its requests go through Cilium's proxy, which applies the HTTP rules of CiliumNetworkPolicy shop/l7 ingress rule #1");
    const plain = cnp('plain', `${webSelected}  ingress:\n  - toPorts: [{ports: [{port: "80"}]}]\n`);
    const both = decide(l7 + plain, client.policy, web.policy);
    expect(both.ingress).toMatchObject({ kind: 'cilium', action: 'Allow' });
    expect(both.ingress && 'l7' in both.ingress).toBe(false);
  });

  it('ingress from the pod\'s own node is allowed even in default deny (allow-localhost)', () => {
    expect(decide(cnp('deny-all', '  endpointSelector: {}\n  ingress: [{}]\n'), n2.policy, web.policy)).toMatchObject({ allowed: true, ingress: { kind: 'own-node' } });
  });
});

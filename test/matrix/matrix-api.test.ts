/** The matrix API on a fixed cluster: port classes, counterexample enumeration, immutability. */
import { describe, expect, it } from 'vitest';
import { applyChange, buildMatrix, pairsWhere, type MatrixPod } from '../../src/matrix/index.js';
import { DEFAULT_SETTINGS, type NetworkPolicySpec } from '../../src/spec/types.js';

const sel = (matchLabels: Record<string, string> = {}) => ({ matchLabels, matchExpressions: [] });

const pods: MatrixPod[] = [
  { name: 'web', namespace: 'shop', node: 'n1', labels: { app: 'web' }, ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], hostNetwork: false, ip: '10.0.1.10' },
  { name: 'client', namespace: 'shop', node: 'n2', labels: { app: 'client' }, ports: [], hostNetwork: false, ip: '10.0.2.20' },
  { name: 'other', namespace: 'other', node: 'n2', labels: { app: 'client' }, ports: [], hostNetwork: false, ip: '10.0.2.30' },
];

/** web accepts only shop/client, on its port named http (8080). */
const allowClient: NetworkPolicySpec = {
  name: 'allow-client',
  namespace: 'shop',
  podSelector: sel({ app: 'web' }),
  policyTypes: ['Ingress'],
  ingress: [{ peers: [{ podSelector: sel({ app: 'client' }) }], ports: [{ protocol: 'TCP', port: 'http' }] }],
  egress: [],
};

const input = {
  namespaces: [
    { name: 'shop', labels: {} },
    { name: 'other', labels: {} },
  ],
  pods,
  policies: [allowClient],
  settings: DEFAULT_SETTINGS,
};

describe('port classes', () => {
  const m = buildMatrix(input);

  it('give the named port its own class and lump together ports nothing names, across protocols', () => {
    const http = m.classOf(8080, 'TCP');
    expect(http.ranges).toEqual([{ protocol: 'TCP', from: 8080, to: 8080 }]);
    const rest = m.classOf(80, 'TCP');
    expect(rest.id).not.toBe(http.id);
    expect(m.classOf(53, 'UDP').id).toBe(rest.id);
    expect(m.classOf(8081, 'TCP').id).toBe(rest.id);
  });

  it('cover every port of every protocol exactly once', () => {
    for (const protocol of ['TCP', 'UDP', 'SCTP'] as const) {
      const ranges = m
        .portClasses()
        .flatMap((c) => c.ranges)
        .filter((r) => r.protocol === protocol)
        .sort((a, b) => a.from - b.from);
      expect(ranges[0]?.from).toBe(1);
      expect(ranges[ranges.length - 1]?.to).toBe(65535);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i]?.from).toBe((ranges[i - 1]?.to ?? 0) + 1);
    }
  });
});

describe('pairsWhere', () => {
  const m = buildMatrix(input);

  it('lists the pairs that break "everything may reach web on 8080"', () => {
    // other/client is not in web's namespace; web reaches itself (self traffic allowed).
    expect(pairsWhere(m, { port: 8080, protocol: 'TCP', destinations: [0], expect: 'allowed' })).toEqual([{ src: 2, dst: 0 }]);
  });

  it('lists the pairs that break "nothing reaches web on 80" (none: the policy admits 8080 only)', () => {
    expect(pairsWhere(m, { port: 80, protocol: 'TCP', sources: [1, 2], destinations: [0], expect: 'denied' })).toEqual([]);
  });

  it('stops at the limit', () => {
    expect(pairsWhere(m, { port: 80, protocol: 'TCP', expect: 'denied', limit: 2 })).toHaveLength(2);
  });
});

describe('applyChange', () => {
  it('returns a new matrix and leaves the old one answering for the old cluster', () => {
    const before = buildMatrix(input);
    before.row(1, { port: 8080, protocol: 'TCP' });
    const after = applyChange(before, { kind: 'remove-policy', namespace: 'shop', name: 'allow-client' });
    expect(after.allowed(2, 0, 8080, 'TCP')).toBe(true);
    expect(before.allowed(2, 0, 8080, 'TCP')).toBe(false);
    const relabelled = applyChange(before, { kind: 'relabel-pod', pod: 1, labels: { app: 'batch' } });
    expect(relabelled.allowed(1, 0, 8080, 'TCP')).toBe(false);
    expect(before.allowed(1, 0, 8080, 'TCP')).toBe(true);
    expect(relabelled.pod(1).labels).toEqual({ app: 'batch' });
  });

  it('appends added pods at the next index', () => {
    const m = applyChange(buildMatrix(input), {
      kind: 'add-pod',
      pod: { name: 'c2', namespace: 'shop', node: 'n1', labels: { app: 'client' }, ports: [], hostNetwork: false, ip: '10.0.1.40' },
    });
    expect(m.size).toBe(4);
    expect(m.allowed(3, 0, 8080, 'TCP')).toBe(true);
    expect(m.row(3, { port: 8080, protocol: 'TCP' })[0]! & 1).toBe(1);
  });
});

describe('admin tiers', () => {
  const everyNs = { kind: 'namespaces' as const, namespaces: sel() };
  const m = buildMatrix({
    ...input,
    adminNetworkPolicies: [
      // Priority 1: traffic from namespace other is denied everywhere, whatever NetworkPolicy says.
      { name: 'fence', priority: 1, subject: everyNs, ingress: [{ name: 'no-other', action: 'Deny', peers: [{ kind: 'namespaces', namespaces: sel({ 'kubernetes.io/metadata.name': 'other' }) }] }], egress: [] },
      // Priority 2: inside shop, the namespace owners decide.
      { name: 'owners', priority: 2, subject: everyNs, ingress: [{ name: 'pass', action: 'Pass', peers: [{ kind: 'namespaces', namespaces: sel({ 'kubernetes.io/metadata.name': 'shop' }) }] }], egress: [] },
    ],
    baselineAdminNetworkPolicy: { name: 'default', subject: everyNs, ingress: [{ name: 'deny-all', action: 'Deny', peers: [{ kind: 'namespaces', namespaces: sel() }] }], egress: [] },
  });
  const [web, client, other] = [0, 1, 2];

  it('an admin Deny beats everything; Pass hands isolated pods to NetworkPolicy, others to the baseline', () => {
    expect(m.allowed(other!, web!, 8080, 'TCP')).toBe(false);
    expect(m.allowed(client!, web!, 8080, 'TCP')).toBe(true); // Pass → allow-client allows it
    expect(m.allowed(client!, web!, 80, 'TCP')).toBe(false); // Pass → allow-client isolates web, 80 not allowed
    expect(m.allowed(web!, client!, 80, 'TCP')).toBe(false); // Pass → client not isolated → baseline denies
  });

  it('admin changes give new matrices and leave the old one as it was', () => {
    const without = applyChange(m, { kind: 'set-baseline' });
    expect(without.allowed(web!, client!, 80, 'TCP')).toBe(true);
    expect(m.allowed(web!, client!, 80, 'TCP')).toBe(false);
    const unfenced = applyChange(m, { kind: 'remove-admin-policy', name: 'fence' });
    // other → web is not passed (only shop is), web is isolated by allow-client, which only admits shop's client.
    expect(unfenced.allowed(other!, web!, 8080, 'TCP')).toBe(false);
    expect(unfenced.materialize({ port: 8080, protocol: 'TCP' }).get(client!, web!)).toBe(true);
  });
});

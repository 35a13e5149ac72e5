import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

const np = (spec: string) => `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
const ALL = { matchLabels: {}, matchExpressions: [] };

describe('NetworkPolicy policyTypes defaulting', () => {
  it('podSelector {} alone is ingress-only (default deny ingress)', () => {
    const p = one(np('  podSelector: {}\n'), 'network-policy');
    expect(p).toMatchObject({ name: 'p', namespace: 'shop', podSelector: ALL, policyTypes: ['Ingress'], ingress: [], egress: [] });
  });

  it('an empty egress list does not add Egress', () => {
    expect(one(np('  podSelector: {}\n  egress: []\n'), 'network-policy').policyTypes).toEqual(['Ingress']);
  });

  it('an egress rule adds Egress, and Ingress is still there', () => {
    expect(one(np('  podSelector: {}\n  egress:\n  - {}\n'), 'network-policy').policyTypes).toEqual(['Ingress', 'Egress']);
  });

  it('explicit policyTypes win', () => {
    expect(one(np('  podSelector: {}\n  policyTypes: [Egress]\n'), 'network-policy').policyTypes).toEqual(['Egress']);
  });
});

describe('NetworkPolicy rules', () => {
  it('`- {}` is a rule with no peers and no ports (everything)', () => {
    const p = one(np('  podSelector: {}\n  ingress:\n  - {}\n'), 'network-policy');
    expect(p.ingress.map(({ peers, ports }) => ({ peers, ports }))).toEqual([{ peers: [], ports: [] }]);
  });

  it('reads selectors with matchLabels and matchExpressions; both selectors in one peer stay together', () => {
    const p = one(
      np(
        '  podSelector:\n    matchExpressions:\n    - {key: tier, operator: In, values: [web, api]}\n    - {key: legacy, operator: DoesNotExist}\n' +
          '  ingress:\n  - from:\n    - podSelector: {matchLabels: {app: client}}\n      namespaceSelector: {matchLabels: {team: a}}\n    - namespaceSelector: {}\n',
      ),
      'network-policy',
    );
    expect(p.podSelector).toEqual({
      matchLabels: {},
      matchExpressions: [
        { key: 'tier', operator: 'In', values: ['web', 'api'] },
        { key: 'legacy', operator: 'DoesNotExist', values: [] },
      ],
    });
    expect(p.ingress[0]!.peers).toEqual([
      { podSelector: { matchLabels: { app: 'client' }, matchExpressions: [] }, namespaceSelector: { matchLabels: { team: 'a' }, matchExpressions: [] } },
      { namespaceSelector: ALL },
    ]);
  });

  it('reads ipBlock with except', () => {
    const p = one(np('  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n'), 'network-policy');
    expect(p.egress[0]!.peers).toEqual([{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]);
  });

  it('ports: protocol defaults to TCP; numeric, named, endPort, protocol-only', () => {
    const p = one(
      np('  podSelector: {}\n  ingress:\n  - ports:\n    - port: 80\n    - port: http\n    - {port: 30000, endPort: 32767, protocol: UDP}\n    - protocol: SCTP\n'),
      'network-policy',
    );
    expect(p.ingress[0]!.ports).toEqual([
      { protocol: 'TCP', port: 80 },
      { protocol: 'TCP', port: 'http' },
      { protocol: 'UDP', port: 30000, endPort: 32767 },
      { protocol: 'SCTP' },
    ]);
  });

  it('rejects ipBlock combined with a selector in one peer', () => {
    const e = theError(np('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n'));
    expect(e.message).toBe('spec.ingress[0].from[0]: ipBlock may not be combined with podSelector or namespaceSelector in one peer');
  });

  it('rejects an except outside the cidr', () => {
    const e = theError(np('  podSelector: {}\n  ingress:\n  - from:\n    - ipBlock: {cidr: 10.0.0.0/16, except: [10.2.0.0/24]}\n'));
    expect(e.message).toBe('spec.ingress[0].from[0].ipBlock.except[0]: 10.2.0.0/24 must lie strictly inside cidr 10.0.0.0/16');
  });

  it('leaves out a policy with an error whole, never with a rule widened by a dropped peer or port', () => {
    // Keeping the rule without its only peer would admit every destination on port 54.
    const peer = read(np('  podSelector: {}\n  egress:\n  - to:\n    - ipBlock: {cidr: 128.0.0.0/5, except: [172.21.0.0/16]}\n    ports: [{port: 54}]\n'));
    expect(specs(peer, 'network-policy')).toEqual([]);
    expect(errors(peer).map((e) => e.notes)).toEqual([['the NetworkPolicy is left out: the API server refuses the whole object']]);
    // Keeping the rule without its only port would admit every port.
    const port = read(np('  podSelector: {}\n  ingress:\n  - from: [{podSelector: {}}]\n    ports: [{port: 90, endPort: 80}]\n'));
    expect(specs(port, 'network-policy')).toEqual([]);
  });

  it('rejects endPort below port and endPort with a named port', () => {
    expect(theError(np('  podSelector: {}\n  ingress:\n  - ports:\n    - {port: 90, endPort: 80}\n')).message).toBe(
      'spec.ingress[0].ports[0].endPort: must be at least port (90), found 80',
    );
    expect(theError(np('  podSelector: {}\n  ingress:\n  - ports:\n    - {port: http, endPort: 80}\n')).message).toBe(
      'spec.ingress[0].ports[0].endPort: needs a numeric port',
    );
  });

  it('rejects In without values and an unknown operator', () => {
    expect(theError(np('  podSelector:\n    matchExpressions:\n    - {key: a, operator: In}\n')).message).toBe(
      'spec.podSelector.matchExpressions[0].values: operator In needs at least one value',
    );
    expect(theError(np('  podSelector:\n    matchExpressions:\n    - {key: a, operator: Equals, values: [x]}\n')).message).toBe(
      'spec.podSelector.matchExpressions[0].operator: expected one of In, NotIn, Exists, DoesNotExist, found "Equals"',
    );
  });

  it('rejects a port that is neither a number nor a port name', () => {
    expect(theError(np('  podSelector: {}\n  ingress:\n  - ports:\n    - port: "8080"\n')).message).toBe(
      'spec.ingress[0].ports[0].port: expected an integer 1-65535 or a port name, found "8080"',
    );
  });
});

import { describe, expect, it } from 'vitest';
import { policiesForNetwork, policyForKey } from '../../src/model/secondary-networks.js';
import type { MultiNetworkPolicySpec, NetworkPolicySpec } from '../../src/spec/types.js';

const policy = (namespace: string, name: string, policyFor: string[]): MultiNetworkPolicySpec => ({
  name,
  namespace,
  policyFor,
  policy: { name, namespace } as unknown as NetworkPolicySpec,
});

describe('the MultiNetworkPolicies for a network (policy-for)', () => {
  // NADs named blue in lab and in shared; none in other.
  const nads = new Set(['lab/blue', 'shared/blue', 'lab/red']);
  const names = (ps: readonly NetworkPolicySpec[]): string[] => ps.map((p) => `${p.namespace}/${p.name}`);

  it('reads a bare name as the NAD of that name in the policy’s own namespace', () => {
    expect(policyForKey('blue', 'lab')).toBe('lab/blue');
    expect(policyForKey('shared/blue', 'lab')).toBe('shared/blue');
  });

  it('takes a policy whose entry names a NAD of the network, bare or qualified', () => {
    const ps = [policy('lab', 'bare', ['blue']), policy('other', 'qualified', ['shared/blue']), policy('lab', 'red-only', ['red'])];
    expect(names(policiesForNetwork(ps, 'blue', nads))).toEqual(['lab/bare', 'other/qualified']);
    expect(names(policiesForNetwork(ps, 'red', nads))).toEqual(['lab/red-only']);
  });

  it('leaves out a bare name where the policy’s namespace has no NAD of that name (multi-networkpolicy-iptables qualifies it there)', () => {
    expect(policiesForNetwork([policy('other', 'bare-elsewhere', ['blue'])], 'blue', nads)).toEqual([]);
    expect(policiesForNetwork([policy('lab', 'missing', ['lab/green'])], 'green', nads)).toEqual([]);
  });
});

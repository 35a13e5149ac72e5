/** policyTypes defaulting, reference §6.2. */
import { describe, expect, it } from 'vitest';
import { defaultPolicyTypes } from '../../src/policy/policy-types.js';

describe('defaultPolicyTypes', () => {
  it('omitted, no egress rules: Ingress only ({podSelector: {}} is default-deny ingress)', () => {
    expect(defaultPolicyTypes(false)).toEqual(['Ingress']);
  });
  it('omitted with `egress: []`: still Ingress only, egress is not denied', () => {
    expect(defaultPolicyTypes(false, undefined)).toEqual(['Ingress']);
  });
  it('omitted with at least one egress rule: Ingress and Egress (the egress-only trap isolates ingress too)', () => {
    expect(defaultPolicyTypes(true)).toEqual(['Ingress', 'Egress']);
  });
  it('an empty list counts as omitted, as in API defaulting', () => {
    expect(defaultPolicyTypes(true, [])).toEqual(['Ingress', 'Egress']);
    expect(defaultPolicyTypes(false, [])).toEqual(['Ingress']);
  });
  it('given types are kept as written, whatever the rules', () => {
    expect(defaultPolicyTypes(false, ['Egress'])).toEqual(['Egress']);
    expect(defaultPolicyTypes(true, ['Ingress'])).toEqual(['Ingress']);
    expect(defaultPolicyTypes(false, ['Egress', 'Ingress'])).toEqual(['Ingress', 'Egress']);
  });
  it('duplicates collapse', () => {
    expect(defaultPolicyTypes(false, ['Egress', 'Egress'])).toEqual(['Egress']);
  });
});

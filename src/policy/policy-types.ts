/**
 * policyTypes defaulting of networking.k8s.io/v1 NetworkPolicy (reference §6.2), for the checker
 * and the manifest loader: the spec they produce always carries explicit policyTypes.
 */

export type PolicyType = 'Ingress' | 'Egress';

/**
 * The policyTypes a policy ends up with. An omitted or empty `given` list defaults to Ingress,
 * plus Egress only when the policy has at least one egress rule (so `egress: []` alone does not
 * isolate egress, and an egress-only policy without policyTypes isolates ingress too). A given
 * list is kept as written, duplicates removed, in the order Ingress, Egress.
 */
export function defaultPolicyTypes(hasEgressRules: boolean, given?: readonly PolicyType[]): readonly PolicyType[] {
  if (given === undefined || given.length === 0) return hasEgressRules ? ['Ingress', 'Egress'] : ['Ingress'];
  return (['Ingress', 'Egress'] as const).filter((t) => given.includes(t));
}

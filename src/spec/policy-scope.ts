/**
 * What every policy evaluator reads beside the NetworkPolicies themselves — the admin policies,
 * the Calico policies, the Cilium policies,
 * the namespaces (their labels), the settings and the nodes' labels — declared once for the
 * reference evaluator (policy/reference.ts), the policy index (policy/evaluate.ts), the bitset
 * matrix (matrix/types.ts) and connlist, which each add the lists they name their own way.
 */
import type { CalicoPolicies } from './calico.js';
import type { CiliumPolicies } from './cilium.js';
import type { AdminNetworkPolicySpec, BaselineAdminNetworkPolicySpec, Labels, NamespaceSpec, Settings } from './types.js';

/** The AdminNetworkPolicies and the BaselineAdminNetworkPolicy; absent means none. */
export interface AdminPolicies {
  readonly adminNetworkPolicies?: readonly AdminNetworkPolicySpec[];
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
}

/** A node's labels, which only the `nodes` peers of admin egress rules read. */
export interface NodeLabels {
  readonly name: string;
  readonly labels: Labels;
}

export interface PolicyScope extends AdminPolicies, CalicoPolicies, CiliumPolicies {
  /** Namespace labels should include kubernetes.io/metadata.name; the index adds it when missing. */
  readonly namespaces: readonly NamespaceSpec[];
  readonly settings: Settings;
  readonly nodes?: readonly NodeLabels[];
}

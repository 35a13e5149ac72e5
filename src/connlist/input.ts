/**
 * Loaded manifests → the input of `connlist`: pods, namespaces and NetworkPolicies from the
 * manifest reader, their admin policies and Istio AuthorizationPolicies, and what Ingresses
 * and Routes expose.
 */
import type { ManifestResult } from '../manifests/index.js';
import { adminPoliciesOf } from '../manifests/sources.js';
import type { NamespaceSpec, NetworkPolicySpec, PodSpec } from '../spec/types.js';
import type { AuthorizationPolicySpec } from '../spec/authorization-policy.js';
import type { ConnlistInput } from './connlist.js';
import { exposuresOf } from './exposure.js';
import { plainDocuments } from './lenient-documents.js';
import { kindlessOwners } from './owners.js';

export interface ConnlistSource {
  readonly input: ConnlistInput;
}

/** The kinds the lenient readers look at (exposure.ts, owners.ts). */
const LENIENT_KINDS: ReadonlySet<string> = new Set(['Ingress', 'Route', 'Service', 'Pod']);

/** Every text is read once: the lenient readers take the documents the manifest reader parsed. */
export function connlistInputFromManifests(loaded: ManifestResult): ConnlistSource {
  const pods: PodSpec[] = [];
  const namespaces: NamespaceSpec[] = [];
  const policies: NetworkPolicySpec[] = [];
  const authorizationPolicies: AuthorizationPolicySpec[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'authorization-policy') authorizationPolicies.push(o.spec);
    else if (o.kind === 'pod') pods.push(o.spec);
    else if (o.kind === 'namespace') namespaces.push(o.spec);
    else if (o.kind === 'network-policy') policies.push(o.spec);
  }
  const documents = plainDocuments(loaded.documents, LENIENT_KINDS);
  const admin = adminPoliciesOf(loaded.objects);
  const input: ConnlistInput = {
    pods,
    namespaces,
    policies,
    adminNetworkPolicies: admin.adminNetworkPolicies,
    ...(admin.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: admin.baselineAdminNetworkPolicy } : {}),
    exposed: exposuresOf(documents),
    kindlessOwners: kindlessOwners(documents),
    ...(authorizationPolicies.length > 0 ? { authorizationPolicies } : {}),
  };
  return { input };
}

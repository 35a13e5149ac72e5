/**
 * Loaded manifests → the input of `connlist`: pods, namespaces, NetworkPolicies and user-defined
 * networks from the manifest reader, their admin policies, Calico policies and Istio
 * AuthorizationPolicies, and what Ingresses and Routes expose.
 */
import type { ManifestResult } from '../manifests/index.js';
import { adminPoliciesOf } from '../manifests/sources.js';
import type { ClusterUserDefinedNetworkSpec, MultiNetworkPolicySpec, NamespaceSpec, NetworkAttachmentDefinitionSpec, NetworkPolicySpec, PodSpec, UserDefinedNetworkSpec } from '../spec/types.js';
import type { CalicoGlobalNetworkPolicySpec, CalicoNetworkPolicySpec } from '../spec/calico.js';
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
  const udns: UserDefinedNetworkSpec[] = [];
  const cudns: ClusterUserDefinedNetworkSpec[] = [];
  const nads: NetworkAttachmentDefinitionSpec[] = [];
  const mnps: MultiNetworkPolicySpec[] = [];
  const calicoNetworkPolicies: CalicoNetworkPolicySpec[] = [];
  const calicoGlobalNetworkPolicies: CalicoGlobalNetworkPolicySpec[] = [];
  const authorizationPolicies: AuthorizationPolicySpec[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'authorization-policy') authorizationPolicies.push(o.spec);
    else if (o.kind === 'pod') pods.push(o.spec);
    else if (o.kind === 'namespace') namespaces.push(o.spec);
    else if (o.kind === 'network-policy') policies.push(o.spec);
    else if (o.kind === 'user-defined-network') udns.push(o.spec);
    else if (o.kind === 'cluster-user-defined-network') cudns.push(o.spec);
    else if (o.kind === 'network-attachment-definition') nads.push(o.spec);
    else if (o.kind === 'multi-network-policy') mnps.push(o.spec);
    else if (o.kind === 'calico-network-policy') calicoNetworkPolicies.push(o.spec);
    else if (o.kind === 'calico-global-network-policy') calicoGlobalNetworkPolicies.push(o.spec);
  }
  const multiNetwork = udns.length > 0 || cudns.length > 0 || nads.length > 0 || pods.some((p) => p.owner?.kind === 'VirtualMachine');
  const documents = plainDocuments(loaded.documents, LENIENT_KINDS);
  const admin = adminPoliciesOf(loaded.objects);
  const input: ConnlistInput = {
    pods,
    namespaces,
    policies,
    adminNetworkPolicies: admin.adminNetworkPolicies,
    ...(admin.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: admin.baselineAdminNetworkPolicy } : {}),
    ...(calicoNetworkPolicies.length > 0 ? { calicoNetworkPolicies } : {}),
    ...(calicoGlobalNetworkPolicies.length > 0 ? { calicoGlobalNetworkPolicies } : {}),
    exposed: exposuresOf(documents),
    kindlessOwners: kindlessOwners(documents),
    ...(multiNetwork ? { userDefinedNetworks: udns, clusterUserDefinedNetworks: cudns, networkAttachments: nads, multiNetworkPolicies: mnps, multiNetwork } : {}),
    ...(authorizationPolicies.length > 0 ? { authorizationPolicies } : {}),
  };
  return { input };
}

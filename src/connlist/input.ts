/**
 * Loaded manifests → the input of `connlist`: pods, namespaces, NetworkPolicies and user-defined
 * networks from the manifest reader, their admin policies, Calico policies and Istio
 * AuthorizationPolicies, and what Ingresses and Routes expose.
 */
import type { ManifestResult } from '../manifests/index.js';
import { adminPoliciesOf } from '../manifests/sources.js';
import { groupByKind } from '../spec/kinds.js';
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
  const all = groupByKind(loaded.objects);
  const pods = all.pod;
  const udns = all['user-defined-network'];
  const cudns = all['cluster-user-defined-network'];
  const nads = all['network-attachment-definition'];
  const mnps = all['multi-network-policy'];
  const calicoNetworkPolicies = all['calico-network-policy'];
  const calicoGlobalNetworkPolicies = all['calico-global-network-policy'];
  const authorizationPolicies = all['authorization-policy'];
  const peerAuthentications = all['peer-authentication'];
  const istioSidecars = all['istio-sidecar'];
  const multiNetwork = udns.length > 0 || cudns.length > 0 || nads.length > 0 || pods.some((p) => p.owner?.kind === 'VirtualMachine');
  const documents = plainDocuments(loaded.documents, LENIENT_KINDS);
  const admin = adminPoliciesOf(loaded.objects);
  const input: ConnlistInput = {
    pods,
    namespaces: all.namespace,
    policies: all['network-policy'],
    adminNetworkPolicies: admin.adminNetworkPolicies,
    ...(admin.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: admin.baselineAdminNetworkPolicy } : {}),
    ...(calicoNetworkPolicies.length > 0 ? { calicoNetworkPolicies } : {}),
    ...(calicoGlobalNetworkPolicies.length > 0 ? { calicoGlobalNetworkPolicies } : {}),
    exposed: exposuresOf(documents),
    kindlessOwners: kindlessOwners(documents),
    ...(multiNetwork ? { userDefinedNetworks: udns, clusterUserDefinedNetworks: cudns, networkAttachments: nads, multiNetworkPolicies: mnps, multiNetwork } : {}),
    ...(authorizationPolicies.length > 0 ? { authorizationPolicies } : {}),
    ...(peerAuthentications.length > 0 ? { peerAuthentications } : {}),
    ...(istioSidecars.length > 0 ? { istioSidecars, serviceEntries: all['service-entry'], registryServices: all.service } : {}),
  };
  return { input };
}

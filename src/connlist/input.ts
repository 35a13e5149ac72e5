/**
 * Loaded manifests → the input of `connlist`: pods, namespaces, NetworkPolicies and user-defined
 * networks from the manifest reader, their admin policies, Calico and Cilium policies and Istio
 * AuthorizationPolicies, and what Ingresses and Routes expose.
 */
import { DIAG, message } from '../diag/catalogue.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { ciliumServicesOf, namedCiliumPolicies, usesNodeSelectors } from '../spec/cilium.js';
import type { ManifestResult } from '../manifests/index.js';
import { groupByKind, type SpecOf } from '../spec/kinds.js';
import type { ObjectKind } from '../spec/objects.js';
import type { ConnlistInput } from './connlist.js';
import { exposuresOf } from './exposure.js';
import { plainDocuments } from './lenient-documents.js';
import { kindlessOwners } from './owners.js';

export interface ConnlistSource {
  readonly input: ConnlistInput;
  /** What the list leaves out of the manifests it was given, as warnings (refusedCiliumPolicies). */
  readonly warnings: readonly Diagnostic[];
}

/** The kinds the lenient readers look at (exposure.ts, owners.ts). */
const LENIENT_KINDS: ReadonlySet<string> = new Set(['Ingress', 'Route', 'Service', 'Pod']);

/** A cluster's objects of one kind: from loaded manifests (groupByKind) or a scenario's cluster (objectsOf). */
export type ObjectsOfKind = <K extends ObjectKind>(kind: K) => readonly SpecOf<K>[];

/**
 * What connlist takes of a cluster's objects, whichever way they came: pods, namespaces, every
 * policy kind and the networks. One function for manifests (below) and a scenario's cluster
 * (cluster-input.ts), so `netscn diff` of two steps and a step's change assertion see every kind
 * connlist of the same objects as manifests would.
 */
export function objectInput(of: ObjectsOfKind): Omit<ConnlistInput, 'exposed' | 'kindlessOwners'> {
  const pods = of('pod');
  const udns = of('user-defined-network');
  const cudns = of('cluster-user-defined-network');
  const nads = of('network-attachment-definition');
  const calicoNetworkPolicies = of('calico-network-policy');
  const calicoGlobalNetworkPolicies = of('calico-global-network-policy');
  const calicoProfiles = of('calico-profile');
  const calicoHostEndpoints = of('calico-host-endpoint');
  const calicoTierSpecs = of('calico-tier');
  const calicoNetworkSets = of('calico-network-set');
  const calicoGlobalNetworkSets = of('calico-global-network-set');
  const serviceAccounts = of('service-account');
  const authorizationPolicies = of('authorization-policy');
  const peerAuthentications = of('peer-authentication');
  const istioSidecars = of('istio-sidecar');
  const serviceEntries = of('service-entry');
  const istioGateways = of('istio-gateway');
  const ciliumNetworkPolicies = of('cilium-network-policy');
  const ciliumClusterwideNetworkPolicies = of('cilium-clusterwide-network-policy');
  const baselineAdminNetworkPolicy = of('baseline-admin-network-policy')[0];
  const multiNetwork = udns.length > 0 || cudns.length > 0 || nads.length > 0 || pods.some((p) => p.owner?.kind === 'VirtualMachine');
  return {
    pods,
    namespaces: of('namespace'),
    policies: of('network-policy'),
    adminNetworkPolicies: of('admin-network-policy'),
    ...(baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy } : {}),
    ...(calicoNetworkPolicies.length > 0 ? { calicoNetworkPolicies } : {}),
    ...(calicoGlobalNetworkPolicies.length > 0 ? { calicoGlobalNetworkPolicies } : {}),
    ...(calicoProfiles.length > 0 ? { calicoProfiles } : {}),
    ...(calicoHostEndpoints.length > 0 ? { calicoHostEndpoints } : {}),
    ...(calicoTierSpecs.length > 0 ? { calicoTierSpecs } : {}),
    ...(calicoNetworkSets.length > 0 ? { calicoNetworkSets } : {}),
    ...(calicoGlobalNetworkSets.length > 0 ? { calicoGlobalNetworkSets } : {}),
    ...(serviceAccounts.length > 0 ? { serviceAccounts } : {}),
    ...(ciliumNetworkPolicies.length > 0 ? { ciliumNetworkPolicies } : {}),
    ...(ciliumClusterwideNetworkPolicies.length > 0 ? { ciliumClusterwideNetworkPolicies } : {}),
    ...(ciliumNetworkPolicies.length > 0 || ciliumClusterwideNetworkPolicies.length > 0 ? { ciliumServices: ciliumServicesOf(of('service'), of('endpoint-slice')) } : {}),
    ...(multiNetwork ? { userDefinedNetworks: udns, clusterUserDefinedNetworks: cudns, networkAttachments: nads, multiNetworkPolicies: of('multi-network-policy'), multiNetwork } : {}),
    ...(authorizationPolicies.length > 0 ? { authorizationPolicies } : {}),
    ...(peerAuthentications.length > 0 ? { peerAuthentications } : {}),
    ...(istioSidecars.length > 0 || istioGateways.length > 0 ? { registryServices: of('service') } : {}),
    ...(istioSidecars.length > 0 ? { istioSidecars } : {}),
    ...(istioGateways.length > 0 ? { istioGateways, virtualServices: of('virtual-service') } : {}),
    // ServiceEntries: the registry's outside hosts (mesh-fold.ts), and DNS-name destinations (dns-destinations.ts).
    ...(serviceEntries.length > 0 ? { serviceEntries } : {}),
  };
}

/** Every text is read once: the lenient readers take the documents the manifest reader parsed. */
export function connlistInputFromManifests(loaded: ManifestResult): ConnlistSource {
  const all = groupByKind(loaded.objects);
  const documents = plainDocuments(loaded.documents, LENIENT_KINDS);
  const input: ConnlistInput = {
    ...objectInput((kind) => all[kind]),
    exposed: exposuresOf(documents),
    kindlessOwners: kindlessOwners(documents),
  };
  return { input, warnings: refusedCiliumPolicies(input) };
}

/**
 * A warning at each Cilium policy with fromNodes / toNodes: connlist reads Cilium as deployed by
 * default (CONNLIST_SETTINGS, enable-node-selector-labels off), where the agent refuses such a
 * policy whole (policy/cilium.ts, 7b), so the list leaves it out; the checker's NS2126.
 */
function refusedCiliumPolicies(input: ConnlistInput): Diagnostic[] {
  return namedCiliumPolicies(input).flatMap(({ kind, name, policy }) =>
    policy.span !== undefined && usesNodeSelectors(policy)
      ? [
          {
            code: DIAG.ciliumNodeSelectorsRefused.code,
            severity: 'warning' as const,
            message: message(DIAG.ciliumNodeSelectorsRefused, { kind, name }),
            span: policy.span,
            help: 'connlist reads Cilium with its defaults, enable-node-selector-labels off, and lists connections without this policy',
          },
        ]
      : [],
  );
}

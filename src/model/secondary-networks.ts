/**
 * Multus secondary networks as one rule for connlist (src/connlist/networks.ts) and the trace
 * engine (src/net/secondary-network.ts), so the two cannot disagree on who is on a network and
 * which policies govern it:
 * - a network is the NetworkAttachmentDefinitions of one name: NADs of one name in several
 *   namespaces are one network (as OVN-Kubernetes joins NADs whose config names the same
 *   network, and as netpol-analyzer lists them);
 * - a pod is on it when its Multus selection (PodSpec.secondaryNetworks, the
 *   `k8s.v1.cni.cncf.io/networks` annotation) names one of those NADs and the NAD exists;
 * - the MultiNetworkPolicies for it are those whose `k8s.v1.cni.cncf.io/policy-for` annotation
 *   names one of its NADs: `namespace/name`, or a bare `name` for the NAD of that name in the
 *   policy's own namespace, as multi-networkpolicy-iptables qualifies it (pkg/server/server.go)
 *   and netpol-analyzer reads it (a bare name counts where the policy's namespace has the NAD)
 *   (https://github.com/k8snetworkplumbingwg/multi-networkpolicy README, "'policy-for'
 *   annotation"); each is a NetworkPolicy spec the policy evaluator (src/policy) reads as it
 *   reads a NetworkPolicy, so it governs only pods of its own namespace;
 * - a pod's addresses on it are those model/secondary-addresses.ts gives its attachments to those NADs.
 */
import type { MultiNetworkPolicySpec, NetworkAttachmentDefinitionSpec, NetworkPolicySpec, PodSpec } from '../spec/types.js';
import type { SecondaryAddresses } from './secondary-addresses.js';

/** The name of a NetworkAttachmentDefinition key `namespace/name`: the network it is part of. */
export const networkNameOf = (key: string): string => key.slice(key.indexOf('/') + 1);

/** The keys (`namespace/name`) of the NADs of the input. */
export function attachmentKeys(nads: readonly NetworkAttachmentDefinitionSpec[]): ReadonlySet<string> {
  return new Set(nads.map((n) => `${n.namespace}/${n.name}`));
}

/** The secondary networks a pod is on: the names of the NADs of `nads` it selects, sorted, each once. */
export function secondaryNetworksOf(pod: PodSpec, nads: ReadonlySet<string>): string[] {
  const names = (pod.secondaryNetworks ?? []).filter((a) => nads.has(a.network)).map((a) => networkNameOf(a.network));
  return [...new Set(names)].sort();
}

/** The NAD a `policy-for` entry of a policy in `namespace` names: `namespace/name` as written, a bare name in the policy's namespace. */
export const policyForKey = (entry: string, namespace: string): string => (entry.includes('/') ? entry : `${namespace}/${entry}`);

/** The NetworkPolicy specs of the MultiNetworkPolicies for the network `name` (`nads`: attachmentKeys of the input), in input order. */
export function policiesForNetwork(policies: readonly MultiNetworkPolicySpec[], name: string, nads: ReadonlySet<string>): NetworkPolicySpec[] {
  return policies
    .filter((m) =>
      m.policyFor.some((f) => {
        const key = policyForKey(f, m.namespace);
        return networkNameOf(key) === name && nads.has(key);
      }),
    )
    .map((m) => m.policy);
}

/** A pod's addresses on the network `name` (every NAD of that name), in attachment order. */
export function addressesOnNetwork(addresses: SecondaryAddresses, name: string, pod: PodSpec): readonly string[] {
  return [...addresses].flatMap(([key, of]) => (networkNameOf(key) === name ? (of.get(pod) ?? []) : []));
}

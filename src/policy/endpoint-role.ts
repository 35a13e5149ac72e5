/**
 * What an address is to NetworkPolicy (reference §6.4, §6.9): a selectable pod, a node (node
 * addresses, and hostNetwork pods under `hostNetworkPolicy: 'node'`), or anything else.
 */
import type { PolicyEndpoint } from './evaluate.js';
import type { Settings } from '../spec/types.js';

export type PolicyPod = NonNullable<PolicyEndpoint['pod']>;

export type EndpointRole =
  /** A pod policies select as subject and match by podSelector/namespaceSelector as peer. */
  | { readonly kind: 'pod'; readonly pod: PolicyPod }
  /** A node address; `hostNetworkPod` is set when a hostNetwork pod counts as its node. */
  | { readonly kind: 'node'; readonly node: string; readonly hostNetworkPod?: PolicyPod }
  /** Outside the cluster, or an address nothing in the cluster owns: matched by ipBlock only. */
  | { readonly kind: 'other' };

export function endpointRole(e: PolicyEndpoint, settings: Pick<Settings, 'hostNetworkPolicy'>): EndpointRole {
  if (e.pod !== undefined) {
    if (!e.pod.hostNetwork || settings.hostNetworkPolicy === 'pod') return { kind: 'pod', pod: e.pod };
    return { kind: 'node', node: e.node ?? e.pod.node, hostNetworkPod: e.pod };
  }
  if (e.node !== undefined) return { kind: 'node', node: e.node };
  return { kind: 'other' };
}

export function samePod(a: PolicyPod | undefined, b: PolicyPod | undefined): boolean {
  return a !== undefined && b !== undefined && a.namespace === b.namespace && a.name === b.name;
}

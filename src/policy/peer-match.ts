/** Whether a rule's peer list matches the other side of a connection (reference §6.3). */
import type { Labels, NetworkPolicyPeer } from '../spec/types.js';
import { matchesSelector } from '../spec/selector.js';
import type { EndpointRole } from './endpoint-role.js';
import { ipBlockContains } from './ip-block.js';

/**
 * One peer element. An ipBlock matches by address (pods included); selectors match only
 * selectable pods: podSelector alone within `policyNamespace`, namespaceSelector alone every pod
 * of the matching namespaces, both together their AND. A peer with none of the three (rejected
 * by API validation) matches nothing.
 */
export function peerMatches(
  peer: NetworkPolicyPeer,
  policyNamespace: string,
  ip: string,
  role: EndpointRole,
  namespaceLabels: (namespace: string) => Labels,
): boolean {
  if (peer.ipBlock !== undefined) return ipBlockContains(peer.ipBlock, ip);
  if (peer.podSelector === undefined && peer.namespaceSelector === undefined) return false;
  if (role.kind !== 'pod') return false;
  const pod = role.pod;
  const namespaceOk =
    peer.namespaceSelector === undefined
      ? pod.namespace === policyNamespace
      : matchesSelector(peer.namespaceSelector, namespaceLabels(pod.namespace));
  return namespaceOk && (peer.podSelector === undefined || matchesSelector(peer.podSelector, pod.labels));
}

/** A rule's peer list: empty matches everything, inside and outside the cluster; otherwise any element. */
export function peersMatch(
  peers: readonly NetworkPolicyPeer[],
  policyNamespace: string,
  ip: string,
  role: EndpointRole,
  namespaceLabels: (namespace: string) => Labels,
): boolean {
  return peers.length === 0 || peers.some((p) => peerMatches(p, policyNamespace, ip, role, namespaceLabels));
}

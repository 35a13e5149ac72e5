/**
 * Primary-network isolation (OVN-Kubernetes user-defined networks, src/model/primary-networks.ts):
 * a pod on one primary network — the pod network, a namespace's primary UserDefinedNetwork or a
 * primary ClusterUserDefinedNetwork — has no path to a pod on another; the packet is dropped
 * before any NetworkPolicy is consulted
 * (https://ovn-kubernetes.io/features/user-defined-networks/user-defined-networks/: "native
 * network isolation"). A cluster without user-defined networks is never isolated. A
 * hostNetwork pod is a node address, not on any pod network, so it is not isolated here.
 */
import type { ClusterState, PodState } from '../model/state.js';
import { networkKey, networkOf, networkText, primaryNetworks } from '../model/primary-networks.js';
import type { Hop } from './types.js';

/** The hop that drops a pod's packet to a pod on another primary network; undefined when they share one. */
export function isolationHop(state: ClusterState, src: PodState, dst: PodState): Hop | undefined {
  const { userDefinedNetworks: udns, clusterUserDefinedNetworks: cudns } = state.spec;
  if ((udns.length === 0 && cudns.length === 0) || src.spec.hostNetwork || dst.spec.hostNetwork) return undefined;
  const networks = primaryNetworks([...state.namespaces.values()], udns, cudns);
  const from = networkOf(networks, src.namespace);
  const to = networkOf(networks, dst.namespace);
  if (networkKey(from) === networkKey(to)) return undefined;
  return {
    stage: 'routing',
    at: dst.spec.node,
    text: `pod ${src.key} is on the ${networkText(from)} and pod ${dst.key} on the ${networkText(to)}: primary networks are isolated, so the packet is dropped`,
    rule: 'OVN-Kubernetes primary network isolation',
  };
}

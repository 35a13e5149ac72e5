/**
 * OpenYurt's YurtHub filters (ACK Edge): they rewrite what kube-proxy on an edge node receives,
 * so they act per node (../shared/reference/clouds.md A+10, A+11, from the OpenYurt code).
 * They apply when the cluster's provider profile knows the annotation (ACK Edge).
 * - Service topology, `openyurt.io/topologyKeys`: `kubernetes.io/hostname` keeps the endpoints
 *   on the client's node if there are any; else `openyurt.io/nodepool` or `kubernetes.io/zone`
 *   keeps those in the client node's pool if there are any (a node in no pool: its own node);
 *   else `*` keeps all; else the slice is dropped and the Service has no endpoint there.
 * - NodePort listening isolation, `nodeport.openyurt.io/listen`: `foo` listens in pool foo,
 *   `-foo` does not, `*` in every pool; the first mention of a pool wins; pools not mentioned do
 *   not listen unless `*`; an empty value listens nowhere; nodes in no pool are not filtered.
 *   On a node that does not listen the whole Service is hidden from kube-proxy, so neither its
 *   NodePort nor (an inference the reference marks [inferred]) its ClusterIP is programmed there.
 */
import { profileById } from '../cloud/profiles.js';
import type { ClusterState, NodeState, ServiceEndpoint, ServiceState } from '../model/state.js';

export const TOPOLOGY_KEYS = 'openyurt.io/topologyKeys';
export const NODEPORT_LISTEN = 'nodeport.openyurt.io/listen';

function knows(state: ClusterState, key: string): boolean {
  return profileById(state.spec.provider).annotations.some((a) => a.key === key);
}

export function topologyFilter(
  state: ClusterState,
  svc: ServiceState,
  node: NodeState,
  eps: readonly ServiceEndpoint[],
): { readonly endpoints: readonly ServiceEndpoint[]; readonly note?: string } {
  const value = svc.spec.annotations[TOPOLOGY_KEYS];
  if (value === undefined || !knows(state, TOPOLOGY_KEYS)) return { endpoints: eps };
  const keys = value.split(',').map((k) => k.trim());
  const poolOf = (name: string | undefined): string | undefined => (name === undefined ? undefined : state.nodesByName.get(name)?.spec.pool);
  const rule = `${TOPOLOGY_KEYS}: ${value}`;
  if (keys.includes('kubernetes.io/hostname')) {
    const same = eps.filter((e) => e.nodeName === node.name);
    if (same.length > 0) return { endpoints: same, note: `YurtHub service topology (${rule}): node ${node.name}'s kube-proxy sees only the endpoints on node ${node.name}` };
  }
  if (keys.includes('openyurt.io/nodepool') || keys.includes('kubernetes.io/zone')) {
    const pool = node.spec.pool;
    const same = pool === undefined ? eps.filter((e) => e.nodeName === node.name) : eps.filter((e) => poolOf(e.nodeName) === pool);
    if (same.length > 0)
      return {
        endpoints: same,
        note: `YurtHub service topology (${rule}): node ${node.name}'s kube-proxy sees only the endpoints in ${pool === undefined ? `node ${node.name} (it is in no pool)` : `node pool ${pool}`}`,
      };
  }
  if (keys.includes('*')) return { endpoints: eps, note: `YurtHub service topology (${rule}): no nearby endpoint, \`*\` keeps them all` };
  return { endpoints: [], note: `YurtHub service topology (${rule}): no endpoint on node ${node.name} or in its pool, so its kube-proxy gets no endpoint at all` };
}

/** Why the Service is hidden from kube-proxy on this node, or undefined when it is not. */
export function hiddenByNodePortIsolation(state: ClusterState, svc: ServiceState, node: NodeState): string | undefined {
  const value = svc.spec.annotations[NODEPORT_LISTEN];
  if (value === undefined || !knows(state, NODEPORT_LISTEN)) return undefined;
  if (svc.spec.type !== 'NodePort' && svc.spec.type !== 'LoadBalancer') return undefined;
  const pool = node.spec.pool;
  if (pool === undefined) return undefined;
  const entries = value.split(',').map((v) => v.trim()).filter((v) => v !== '');
  for (const e of entries) {
    if (e === pool) return undefined;
    if (e === `-${pool}`) return `${NODEPORT_LISTEN}: ${value} excludes node pool ${pool}`;
    if (e === '*') return undefined;
  }
  return `${NODEPORT_LISTEN}: ${value} does not name node pool ${pool}${entries.length === 0 ? ' (an empty value listens nowhere)' : ''}`;
}

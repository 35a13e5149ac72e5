/**
 * Which endpoints kube-proxy on one node uses for one service port (reference §3.1, upstream
 * pkg/proxy/topology.go):
 * - cluster set: ready endpoints allowed by topology hints; when there is none, the serving and
 *   terminating ones (topology ignored);
 * - local set: local ready endpoints, else local serving-and-terminating ones ("local" means the
 *   endpoint's nodeName is this node; no nodeName is never local);
 * - "has endpoints" at all: something ready, or serving and terminating, anywhere.
 * Topology: PreferSameNode when every ready endpoint has node hints and one names this node;
 * else PreferSameZone when every ready endpoint has zone hints and one names this node's zone;
 * else no filtering.
 */
import type { NodeState, ServiceEndpoint } from '../model/state.js';

export type TopologyMode = 'none' | 'PreferSameZone' | 'PreferSameNode';

export interface EndpointChoice {
  readonly endpoints: readonly ServiceEndpoint[];
  /** How the set was chosen, for the trace. */
  readonly why: string;
}

export function hasUsableEndpoints(eps: readonly ServiceEndpoint[]): boolean {
  return eps.some((e) => e.ready || (e.serving && e.terminating));
}

export function topologyMode(eps: readonly ServiceEndpoint[], node: NodeState): TopologyMode {
  const ready = eps.filter((e) => e.ready);
  if (ready.length === 0) return 'none';
  if (ready.every((e) => e.hintsForNodes !== undefined && e.hintsForNodes.length > 0) && ready.some((e) => e.hintsForNodes?.includes(node.name)))
    return 'PreferSameNode';
  if (
    node.zone !== undefined &&
    ready.every((e) => e.hintsForZones !== undefined && e.hintsForZones.length > 0) &&
    ready.some((e) => e.hintsForZones?.includes(node.zone as string))
  )
    return 'PreferSameZone';
  return 'none';
}

export function clusterEndpoints(eps: readonly ServiceEndpoint[], node: NodeState): EndpointChoice {
  const mode = topologyMode(eps, node);
  const usable = eps.filter(
    (e) =>
      e.ready &&
      (mode === 'none' ||
        (mode === 'PreferSameNode' && (e.hintsForNodes ?? []).includes(node.name)) ||
        (mode === 'PreferSameZone' && (e.hintsForZones ?? []).includes(node.zone ?? ''))),
  );
  if (usable.length > 0) {
    const why =
      mode === 'none'
        ? 'ready endpoints'
        : mode === 'PreferSameNode'
          ? `ready endpoints hinted for node ${node.name} (topology PreferSameNode)`
          : `ready endpoints hinted for zone ${node.zone ?? ''} (topology PreferSameZone)`;
    return { endpoints: usable, why };
  }
  const fallback = eps.filter((e) => e.serving && e.terminating);
  return { endpoints: fallback, why: 'no ready endpoint: falling back to serving, terminating endpoints' };
}

export function localEndpoints(eps: readonly ServiceEndpoint[], node: NodeState): EndpointChoice {
  const local = eps.filter((e) => e.nodeName === node.name);
  const ready = local.filter((e) => e.ready);
  if (ready.length > 0) return { endpoints: ready, why: `ready endpoints on node ${node.name}` };
  const fallback = local.filter((e) => e.serving && e.terminating);
  if (fallback.length > 0) return { endpoints: fallback, why: `no local ready endpoint: serving, terminating endpoints on node ${node.name}` };
  return { endpoints: [], why: `no endpoint on node ${node.name}` };
}

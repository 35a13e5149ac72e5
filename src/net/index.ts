/**
 * The trace engine's public API: build a cluster state, then ask it probes and DNS questions.
 */
import type { ClusterState } from '../model/state.js';
import { objectKey } from '../model/state.js';

export { buildState } from '../model/build-state.js';
export type { ClusterState, NodeState, PodState, ServiceState, EndpointState, EndpointSliceState, ServiceEndpoint } from '../model/state.js';
export { probe, internetClientIp, INTERNET_SERVER_IP } from './probe.js';
export { resolve } from './dns.js';
export { forAllSignature, type ForAllScope } from './alike.js';
export { request } from './request.js';
export type * from './types.js';

/** The pod's IP (the node's address for hostNetwork pods), undefined when unknown or unallocated. */
export function podIp(state: ClusterState, namespace: string, name: string): string | undefined {
  return state.podsByKey.get(objectKey(namespace, name))?.ip;
}

/** The addresses a Service answers on; undefined when the Service does not exist. */
export function serviceAddresses(
  state: ClusterState,
  namespace: string,
  name: string,
): { clusterIP?: string; nodePorts: number[]; loadBalancerIPs: string[] } | undefined {
  const svc = state.servicesByKey.get(objectKey(namespace, name));
  if (!svc) return undefined;
  return {
    ...(svc.clusterIP !== undefined ? { clusterIP: svc.clusterIP } : {}),
    nodePorts: svc.ports.flatMap((p) => (p.nodePort === undefined ? [] : [p.nodePort])),
    loadBalancerIPs: [...svc.loadBalancerIPs],
  };
}

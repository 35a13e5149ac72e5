/**
 * The NetworkPolicy step of a walk (reference §6.3 SIM DEFAULT): the destination is the
 * post-DNAT endpoint and the source is the address the endpoint sees (after masquerade). When a
 * pod's connection was masqueraded on the way, its own egress is judged first with the pod as
 * source, then the destination's ingress with the masqueraded address.
 */
import { ownersOf } from '../model/state.js';
import type { ClusterState, NodeState, PodState } from '../model/state.js';
import { evaluatePolicies, type PolicyEndpoint } from '../policy/evaluate.js';
import type { Hop } from './types.js';
import type { Origin, Walk } from './walk.js';
import { assertNever } from '../spec/never.js';

export function podEndpoint(pod: PodState, ip: string): PolicyEndpoint {
  return {
    ip,
    pod: {
      namespace: pod.namespace,
      name: pod.name,
      labels: pod.spec.labels,
      node: pod.spec.node,
      hostNetwork: pod.spec.hostNetwork,
      ports: pod.spec.ports,
      serviceAccount: pod.spec.serviceAccount,
    },
    // One shape for every pod (no spread): built once per flow on the hot path.
    node: pod.spec.hostNetwork ? pod.spec.node : undefined,
  };
}

export function originEndpoint(o: Origin): PolicyEndpoint {
  switch (o.kind) {
    case 'pod':
      return o.pod ? podEndpoint(o.pod, o.ip) : { ip: o.ip };
    case 'node':
      return { ip: o.ip, node: o.node.name };
    case 'outside':
      return { ip: o.ip };
    default:
      return assertNever(o);
  }
}

/** Who an address is, as policy sees it. */
export function addressEndpoint(state: ClusterState, ip: string): PolicyEndpoint {
  for (const owner of ownersOf(state, ip) ?? []) {
    if (owner.kind === 'pod') return podEndpoint(owner.pod, ip);
    if (owner.kind === 'node') return { ip, node: owner.node.name };
  }
  return { ip };
}

export interface PolicyOutcome {
  readonly allowed: boolean;
  readonly hops: readonly Hop[];
}

/** Judges the walk's connection towards `dst` (a pod, node or outside endpoint). */
export function checkPolicy(state: ClusterState, w: Walk, dst: PolicyEndpoint): PolicyOutcome {
  const { packet, origin } = w;
  const seenSrc = packet.src === origin.ip ? originEndpoint(origin) : addressEndpoint(state, packet.src);
  const port = packet.dstPort;
  const protocol = packet.protocol;
  if (origin.kind === 'pod' && origin.pod && packet.src !== origin.ip && dst.pod !== undefined) {
    const egress = evaluatePolicies(state.policyIndex, { src: originEndpoint(origin), dst, port, protocol });
    if (!egress.allowed && egress.deniedBy === 'egress') return { allowed: false, hops: egress.hops };
    const ingress = evaluatePolicies(state.policyIndex, { src: seenSrc, dst, port, protocol });
    const note: Hop = {
      stage: 'policy',
      text: `egress of pod ${origin.pod.key} allows the connection; ingress is judged from the masqueraded source ${packet.src}`,
    };
    return { allowed: ingress.allowed, hops: [note, ...ingress.hops] };
  }
  const src = dst.pod === undefined ? originEndpoint(origin) : seenSrc;
  const d = evaluatePolicies(state.policyIndex, { src, dst, port, protocol });
  return { allowed: d.allowed, hops: d.hops };
}

export function needsPolicy(origin: Origin, dst: PolicyEndpoint): boolean {
  return origin.kind === 'pod' || dst.pod !== undefined;
}

export function nodeOfOrigin(o: Origin): NodeState | undefined {
  return o.kind === 'outside' ? undefined : o.node;
}


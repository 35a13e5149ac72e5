/**
 * A packet walk in progress: the packet as it is now, the hops so far, who sent it. Immutable;
 * each stage returns a new walk or finishes it into a Flow.
 */
import { ipPort } from '../address/ip.js';
import type { NodeState, PodState } from '../model/state.js';
import type { HostSpec, Protocol } from '../spec/types.js';
import type { Alike, AlikeBackend, Backend, Cause, Flow, Hop, Outcome, Packet } from './types.js';
import type { MeshRequest } from '../mesh/authorization.js';

/** The sender of the connection. */
export type Origin =
  /** A pod (hostNetwork or not), or an anonymous address of the pod CIDR (`pod` undefined). */
  | { readonly kind: 'pod'; readonly ip: string; readonly node: NodeState; readonly pod?: PodState }
  | { readonly kind: 'node'; readonly ip: string; readonly node: NodeState }
  /** Outside the cluster: a VPC machine or the internet. */
  | { readonly kind: 'outside'; readonly ip: string; readonly where: 'internet' | 'vpc'; readonly host?: HostSpec };

export interface Walk {
  readonly origin: Origin;
  readonly packet: Packet;
  readonly hops: readonly Hop[];
  readonly masqueraded: boolean;
  readonly branch?: string;
  /** The fraction of connections on this path so far (1 until a choice splits them). */
  readonly share?: number;
  /** The pod the probe aimed at, when it named one (decides who listens on a node address). */
  readonly targetPod?: PodState;
  /** When the walk stands for a class of paths alike (src/net/alike.ts). */
  readonly alike?: WalkAlike;
  /** The HTTP request the connection carries, when a proxy sends one (the destination's sidecar reads it). */
  readonly request?: MeshRequest;
}

/** The class of paths a summarising walk stands for. */
export interface WalkAlike {
  /** The equivalent nodes the walk was sent to, its own first. */
  readonly nodes: readonly NodeState[];
  /** How many concrete paths so far. */
  readonly paths: number;
  /** Set where kube-proxy picked a class of endpoints: every backend with its share. */
  readonly backends?: readonly AlikeBackend[];
}

/**
 * Every walk has the same shape (all fields present, undefined when unset): walks are created
 * by the million and a monomorphic object keeps the copying cheap.
 */
function make(
  origin: Origin,
  packet: Packet,
  hops: readonly Hop[],
  masqueraded: boolean,
  branch: string | undefined,
  share: number | undefined,
  targetPod: PodState | undefined,
  alike: WalkAlike | undefined,
  request: MeshRequest | undefined,
): Walk {
  return { origin, packet, hops, masqueraded, branch, share, targetPod, alike, request };
}

export function startWalk(origin: Origin, dst: string, dstPort: number, protocol: Protocol, hops: readonly Hop[], targetPod?: PodState, request?: MeshRequest): Walk {
  return make(origin, { src: origin.ip, dst, dstPort, protocol }, hops, false, undefined, undefined, targetPod, undefined, request);
}

function append(hops: readonly Hop[], h: Hop): Hop[] {
  const out = new Array<Hop>(hops.length + 1);
  for (let i = 0; i < hops.length; i++) out[i] = hops[i] as Hop;
  out[hops.length] = h;
  return out;
}

export function hop(w: Walk, h: Hop): Walk {
  return make(w.origin, w.packet, append(w.hops, h), w.masqueraded, w.branch, w.share, w.targetPod, w.alike, w.request);
}

/** The walk with several hops appended. */
export function hops(w: Walk, more: readonly Hop[]): Walk {
  return make(w.origin, w.packet, [...w.hops, ...more], w.masqueraded, w.branch, w.share, w.targetPod, w.alike, w.request);
}

export function withPacket(w: Walk, packet: Packet, h: Hop, masqueraded = w.masqueraded): Walk {
  // One hop shape (absent fields undefined) instead of spreading hop literals of many shapes.
  const withPkt: Hop = { stage: h.stage, at: h.at, text: h.text, packet, rule: h.rule, setting: h.setting, nat: h.nat };
  return make(w.origin, packet, append(w.hops, withPkt), masqueraded, w.branch, w.share, w.targetPod, w.alike, w.request);
}

/** A branch of the walk, taken by `fraction` of the connections reaching this point. */
export function withBranch(w: Walk, branch: string, fraction = 1): Walk {
  const share = (w.share ?? 1) * fraction;
  return make(w.origin, w.packet, w.hops, w.masqueraded, w.branch === undefined ? branch : `${w.branch}, ${branch}`, share !== 1 ? share : undefined, w.targetPod, w.alike, w.request);
}

/** The walk standing for a class of paths alike. */
export function withAlike(w: Walk, alike: WalkAlike): Walk {
  return make(w.origin, w.packet, w.hops, w.masqueraded, w.branch, w.share, w.targetPod, alike, w.request);
}

/** What a finished summarising walk stands for; `backend` only for a delivered one. */
function alikeOf(w: Walk, backend: Backend | undefined): Alike | undefined {
  const a = w.alike;
  if (!a) return undefined;
  const rep = a.nodes[0];
  const nodes = a.nodes.length > 1 ? { nodes: a.nodes.map((n) => n.name) } : {};
  if (!backend) return { paths: a.paths, ...nodes };
  // The source the backends see: a masquerade to the representative node's address stands for
  // each node's own.
  const src = w.packet.src;
  const at = rep ? rep.addresses.indexOf(src) : -1;
  const sourcesSeen = at >= 0 && a.nodes.length > 1 ? [...new Set(a.nodes.map((n) => n.addresses[at] ?? n.ip))] : [src];
  const share = w.share ?? 1;
  const backends = a.backends ?? (a.nodes.length > 1 ? a.nodes.map((n) => ({ backend: onNode(backend, rep, n), share: share / a.nodes.length })) : [{ backend, share }]);
  return { paths: a.paths, ...nodes, backends, sourcesSeen };
}

/** A backend on the representative node, as it is on the equivalent node `n`. */
function onNode(b: Backend, rep: NodeState | undefined, n: NodeState): Backend {
  if (!rep || b.node !== rep.name || b.pod) return b;
  const at = rep.addresses.indexOf(b.ip);
  return { ...b, node: n.name, ip: at >= 0 ? (n.addresses[at] ?? n.ip) : b.ip };
}

/** Ends the walk without delivery. */
export function fail(w: Walk, outcome: Exclude<Outcome, 'allow'>, cause: Cause, last?: Hop): Flow {
  return {
    hops: last ? append(w.hops, last) : w.hops,
    outcome,
    cause,
    sourceIp: w.origin.ip,
    masqueraded: w.masqueraded,
    ...(w.branch !== undefined ? { branch: w.branch } : {}),
    ...(w.share !== undefined && w.share !== 1 ? { share: w.share } : {}),
    ...(w.alike ? { alike: alikeOf(w, undefined) } : {}),
  };
}

/** Ends the walk with delivery to `backend`. */
export function deliver(w: Walk, backend: Backend, last: Hop): Flow {
  return {
    hops: append(w.hops, last),
    outcome: 'allow',
    backend,
    sourceSeen: w.packet.src,
    sourceIp: w.origin.ip,
    masqueraded: w.masqueraded,
    ...(w.branch !== undefined ? { branch: w.branch } : {}),
    ...(w.share !== undefined && w.share !== 1 ? { share: w.share } : {}),
    ...(w.alike ? { alike: alikeOf(w, backend) } : {}),
  };
}

export function endpointText(p: Packet): string {
  return p.dstPort === 0 ? p.dst : ipPort(p.dst, p.dstPort);
}

export function packetText(p: Packet): string {
  return `${p.protocol} ${p.src} → ${endpointText(p)}`;
}

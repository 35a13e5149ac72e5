/**
 * A packet walk in progress: the packet as it is now, the hops so far, who sent it. Immutable;
 * each stage returns a new walk or finishes it into a Flow.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import { ipPort } from '../address/ip.js';
import type { NodeState, PodState } from '../model/state.js';
import type { HostSpec } from '../spec/types.js';
import type { Alike, AlikeBackend, Backend, Cause, Flow, Hop, Outcome, Packet } from './types.js';
import { hopCarrying, renderNow } from './deferred-hop.js';
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
  /** The hops so far, the last first: shared with the walks it branched from, listed when the walk ends. */
  readonly trail: Trail | undefined;
  readonly masqueraded: boolean;
  readonly branch?: string;
  /** The fraction of connections on this path so far (1 until a choice splits them). */
  readonly share?: number;
  /** The pod the probe aimed at, when it named one (decides who listens on a node address). */
  readonly targetPod?: PodState;
  /** When the walk stands for a class of paths alike (src/net/alike.ts). */
  readonly alike?: WalkAlike;
  /**
   * Render every hop's text the moment it joins the walk (src/net/deferred-hop.ts), as the
   * trace engine did before hops deferred it; false: on first read. Tests compare the two.
   */
  readonly eagerText: boolean;
  /** The HTTP request the connection carries, when a proxy sends one (the destination's sidecar reads it). */
  readonly request: MeshRequest | undefined;
}

/** A walk's hops as a list from the last one back: appending a hop copies nothing. */
export interface Trail {
  readonly hop: Hop;
  readonly before: Trail | undefined;
  /** How many hops, this one included. */
  readonly length: number;
}

function onto(trail: Trail | undefined, hop: Hop): Trail {
  return { hop, before: trail, length: (trail?.length ?? 0) + 1 };
}

/** The trail's hops in order, with `last` after them when given. */
function listed(trail: Trail | undefined, last?: Hop): Hop[] {
  const n = (trail?.length ?? 0) + (last ? 1 : 0);
  const out = new Array<Hop>(n);
  let i = n - 1;
  if (last) out[i--] = last;
  for (let t = trail; t; t = t.before) out[i--] = t.hop;
  return out;
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
  trail: Trail | undefined,
  masqueraded: boolean,
  branch: string | undefined,
  share: number | undefined,
  targetPod: PodState | undefined,
  alike: WalkAlike | undefined,
  eagerText: boolean,
  request: MeshRequest | undefined,
): Walk {
  return { origin, packet, trail, masqueraded, branch, share, targetPod, alike, eagerText, request };
}

/** `eagerText`: see Walk; `request`: the HTTP request the connection carries. */
export function startWalk(origin: Origin, dst: string, dstPort: number, protocol: PacketProtocol, hops: readonly Hop[], targetPod?: PodState, eagerText = false, request?: MeshRequest): Walk {
  let trail: Trail | undefined;
  for (const h of hops) trail = onto(trail, eagerText ? renderNow(h) : h);
  return make(origin, { src: origin.ip, dst, dstPort, protocol }, trail, false, undefined, undefined, targetPod, undefined, eagerText, request);
}

function append(w: Walk, h: Hop): Trail {
  return onto(w.trail, w.eagerText ? renderNow(h) : h);
}

export function hop(w: Walk, h: Hop): Walk {
  return make(w.origin, w.packet, append(w, h), w.masqueraded, w.branch, w.share, w.targetPod, w.alike, w.eagerText, w.request);
}

/** The walk with several hops appended. */
export function hops(w: Walk, more: readonly Hop[]): Walk {
  let trail = w.trail;
  for (const h of more) trail = onto(trail, w.eagerText ? renderNow(h) : h);
  return make(w.origin, w.packet, trail, w.masqueraded, w.branch, w.share, w.targetPod, w.alike, w.eagerText, w.request);
}

export function withPacket(w: Walk, packet: Packet, h: Hop, masqueraded = w.masqueraded): Walk {
  return make(w.origin, packet, append(w, hopCarrying(h, packet)), masqueraded, w.branch, w.share, w.targetPod, w.alike, w.eagerText, w.request);
}

/** A branch of the walk, taken by `fraction` of the connections reaching this point. */
export function withBranch(w: Walk, branch: string, fraction = 1): Walk {
  const share = (w.share ?? 1) * fraction;
  return make(w.origin, w.packet, w.trail, w.masqueraded, w.branch === undefined ? branch : `${w.branch}, ${branch}`, share !== 1 ? share : undefined, w.targetPod, w.alike, w.eagerText, w.request);
}

/** The walk standing for a class of paths alike. */
export function withAlike(w: Walk, alike: WalkAlike): Walk {
  return make(w.origin, w.packet, w.trail, w.masqueraded, w.branch, w.share, w.targetPod, alike, w.eagerText, w.request);
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
    hops: listed(w.trail, last && (w.eagerText ? renderNow(last) : last)),
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
    hops: listed(w.trail, w.eagerText ? renderNow(last) : last),
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

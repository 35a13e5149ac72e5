/**
 * The difference between two connectivity lists (`netscn diff BEFORE AFTER`): which connections
 * were added, removed or changed (ports gained or lost), and which workloads exist on one side
 * only. Pure: it reads two lists as connlist produces them (connlist.ts) and the workloads of each
 * input, and returns the changes in review order.
 *
 * - A connection is keyed by its (source, destination) endpoints. Both ends workloads (or the
 *   ingress controller): the key is the pair of labels. One end an external address range: the
 *   two sides may split the address space at different boundaries (a new ipBlock cuts it anew),
 *   so the ranges of one (workload, direction, family) are first cut at the boundaries of both
 *   sides, compared piece by piece, and neighbouring pieces with the same change joined again. An
 *   added ipBlock thus shows as a change of the addresses it covers, not as every range removed
 *   and added.
 * - `added`: allowed after, not before; `removed`: allowed before, not after; `changed`: allowed
 *   on both sides on other ports, with the ports gained and lost (each as ranges per protocol),
 *   or with other HTTP requests on ports allowed for some requests only (connlist's `requests`,
 *   request-space.ts): requests gained, lost or both, port by port (a port that turns from
 *   request-level to plain TCP, or back, is a TCP port gained or lost). Narrowing the methods
 *   of a port is a change.
 *   Unchanged connections are left out.
 * - Review order (`compareChanges`): what widens exposure first — added connections and changes
 *   that gain ports — then what narrows it (removed connections, changes that only lose ports),
 *   since a reviewer must vet every new way in, while a lost one usually shows up as a failing
 *   client anyway. Within each, by scope (SCOPES): from external addresses first, then from the
 *   ingress controller, then to external addresses, then to or from Calico host endpoints, then
 *   across namespaces, then within a
 *   namespace; ranges with more addresses first (0.0.0.0/0 before a /24); then connlist's order
 *   (source, then destination).
 * - Workloads present on one side only (a Deployment added or deleted) are listed apart, in
 *   connlist's endpoint order; their connections are added or removed connections as any other.
 */
import { connectionText, CONTROLLER_LABEL, mergedConnections, type Connection, type Connections, type RequestPorts } from './connlist.js';
import { requestSetWithin, type RequestSet } from './request-space.js';
import { compareEndpoints, parseRangeLabel, rangeLabel, type Family, type Interval } from './ranges.js';
import { parseDnsLabel } from './dns-destinations.js';
import type { ListedProtocol } from '../spec/packet-protocol.js';
import { LISTED_PROTOCOLS } from './protocol-space.js';
import { parseHostEndpointLabel } from './host-endpoints.js';

/** One side of a diff: its list and every workload of its input (with connections or not). */
export interface ConnlistSide {
  readonly workloads: readonly string[];
  readonly connections: readonly Connection[];
}

/** How a connection changed. */
export type ChangeKind =
  /** Allowed after, not before (`before` is empty). */
  | 'added'
  /** Allowed before, not after (`after` is empty). */
  | 'removed'
  /** Allowed on both sides, on other ports (`gained`, `lost` or both non-empty). */
  | 'changed';

/** How far a connection reaches, most exposed first (the review order). */
export type Scope =
  /** From an external address range into a workload. */
  | 'from-external'
  /** From the ingress controller (what an Ingress or Route exposes) into a workload. */
  | 'from-ingress-controller'
  /** From a workload out to an external address range or DNS name (dns-destinations.ts). */
  | 'to-external'
  /** Between a Calico host endpoint (host-endpoints.ts) and a workload or another host endpoint. */
  | 'host-endpoint'
  /** Between workloads of different namespaces. */
  | 'cross-namespace'
  /** Between workloads of one namespace. */
  | 'same-namespace';

export const SCOPES: readonly Scope[] = ['from-external', 'from-ingress-controller', 'to-external', 'host-endpoint', 'cross-namespace', 'same-namespace'];

export interface ConnectionChange {
  readonly kind: ChangeKind;
  readonly src: string;
  readonly dst: string;
  readonly scope: Scope;
  /** What was allowed before (empty when added) and after (empty when removed). */
  readonly before: Connections;
  readonly after: Connections;
  /** Ports allowed after and not before, and before and not after. */
  readonly gained: Connections;
  readonly lost: Connections;
  /** Present when either side has ports allowed for some HTTP requests only. */
  readonly requests?: RequestChange;
}

/** The request-level ports of a change's two sides, and whether requests were gained or lost on them. */
export interface RequestChange {
  readonly before: readonly RequestPorts[];
  readonly after: readonly RequestPorts[];
  readonly gained: boolean;
  readonly lost: boolean;
}

/** What one side allows a pair: ports, and ports for some requests only. */
type Allowed = Pick<Connection, 'conns' | 'requests'>;

export interface ConnlistDiff {
  /** In review order (`compareChanges`). */
  readonly connections: readonly ConnectionChange[];
  /** Workloads of the after side only, and of the before side only (endpoint order). */
  readonly workloadsAdded: readonly string[];
  readonly workloadsRemoved: readonly string[];
}

const NONE: Allowed = { conns: new Map() };

function allowedText(a: Allowed): string {
  return connectionText({ src: '', dst: '', ...a });
}

function isNone(a: Allowed): boolean {
  return a.conns.size === 0 && (a.requests ?? []).length === 0;
}

export function isEmptyDiff(diff: ConnlistDiff): boolean {
  return diff.connections.length === 0 && diff.workloadsAdded.length === 0 && diff.workloadsRemoved.length === 0;
}

export function diffConnlists(before: ConnlistSide, after: ConnlistSide): ConnlistDiff {
  const a = splitSide(before.connections);
  const b = splitSide(after.connections);
  const changes: ConnectionChange[] = [];
  for (const [src, row] of a.pairs) {
    for (const [dst, conns] of row) {
      const change = changeOf(src, dst, conns, b.pairs.get(src)?.get(dst) ?? NONE);
      if (change) changes.push(change);
    }
  }
  for (const [src, row] of b.pairs) {
    for (const [dst, conns] of row) {
      if (a.pairs.get(src)?.has(dst)) continue;
      const change = changeOf(src, dst, NONE, conns);
      if (change) changes.push(change);
    }
  }
  for (const key of new Set([...a.ranges.keys(), ...b.ranges.keys()])) {
    const x = a.ranges.get(key);
    const y = b.ranges.get(key);
    const group = (x ?? y)!;
    for (const piece of comparedPieces(x?.pieces ?? [], y?.pieces ?? [])) {
      const range = rangeLabel(group.family, piece.interval);
      const [src, dst] = group.inbound ? [range, group.workload] : [group.workload, range];
      const change = changeOf(src, dst, piece.before, piece.after);
      if (change) changes.push(change);
    }
  }
  const had = new Set(before.workloads);
  const has = new Set(after.workloads);
  return {
    connections: changes.sort(compareChanges),
    workloadsAdded: [...has].filter((w) => !had.has(w)).sort(compareEndpoints),
    workloadsRemoved: [...had].filter((w) => !has.has(w)).sort(compareEndpoints),
  };
}

/** The change of one connection, or undefined when its ports are the same on both sides. */
function changeOf(src: string, dst: string, before: Allowed, after: Allowed): ConnectionChange | undefined {
  // Equal sets have equal text (maximal ranges), cached per set: most lines change nothing.
  if (allowedText(before) === allowedText(after)) return undefined;
  const gained = minus(after.conns, before.conns);
  const lost = minus(before.conns, after.conns);
  const requests = requestChange(before, after);
  if (gained.size === 0 && lost.size === 0 && !requests?.gained && !requests?.lost) return undefined;
  const kind: ChangeKind = isNone(before) ? 'added' : isNone(after) ? 'removed' : 'changed';
  return { kind, src, dst, scope: scopeOf(src, dst), before: before.conns, after: after.conns, gained, lost, ...(requests ? { requests } : {}) };
}

/** A side's verdict on a TCP port: every connection, some requests, or nothing. */
function onPort(a: Allowed, port: number): 'all' | RequestSet | undefined {
  const holds = (ranges: readonly (readonly [number, number])[]): boolean => ranges.some(([x, y]) => x <= port && port <= y);
  if (holds(a.conns.get('TCP') ?? [])) return 'all';
  return a.requests?.find((g) => holds(g.ports))?.requests;
}

/** The requests gained and lost on the ports either side allows for some requests only (see the header). */
function requestChange(before: Allowed, after: Allowed): RequestChange | undefined {
  const groups = [...(before.requests ?? []), ...(after.requests ?? [])];
  if (groups.length === 0) return undefined;
  const cuts = new Set<number>();
  for (const [a, b] of [...(before.conns.get('TCP') ?? []), ...(after.conns.get('TCP') ?? []), ...groups.flatMap((g) => g.ports)]) {
    cuts.add(a);
    cuts.add(b + 1);
  }
  let gained = false;
  let lost = false;
  for (const port of cuts) {
    const was = onPort(before, port);
    const is = onPort(after, port);
    if (was === 'all' || is === 'all') continue;
    if (is !== undefined && (was === undefined || !requestSetWithin(is, was))) gained = true;
    if (was !== undefined && (is === undefined || !requestSetWithin(was, is))) lost = true;
  }
  return { before: before.requests ?? [], after: after.requests ?? [], gained, lost };
}

function namespaceOf(label: string): string {
  return label.slice(0, label.indexOf('/'));
}

export function scopeOf(src: string, dst: string): Scope {
  if (parseRangeLabel(src)) return 'from-external';
  if (src === CONTROLLER_LABEL) return 'from-ingress-controller';
  if (parseRangeLabel(dst) || parseDnsLabel(dst) !== undefined) return 'to-external';
  if (parseHostEndpointLabel(src) !== undefined || parseHostEndpointLabel(dst) !== undefined) return 'host-endpoint';
  return namespaceOf(src) === namespaceOf(dst) ? 'same-namespace' : 'cross-namespace';
}

/** Whether the change opens anything: an added connection, or ports gained. */
export function widens(c: ConnectionChange): boolean {
  return c.gained.size > 0 || c.requests?.gained === true;
}

/** How many addresses an end of the change covers: a range's size, 0 for a workload or the ingress controller. */
function addresses(c: ConnectionChange): bigint {
  const r = parseRangeLabel(c.src) ?? parseRangeLabel(c.dst);
  return r ? r.interval[1] - r.interval[0] + 1n : 0n;
}

/** The review order (module header): widening first, then by scope, wider ranges, source and destination. */
export function compareChanges(a: ConnectionChange, b: ConnectionChange): number {
  const wa = widens(a);
  const wb = widens(b);
  if (wa !== wb) return wa ? -1 : 1;
  const scope = SCOPES.indexOf(a.scope) - SCOPES.indexOf(b.scope);
  if (scope !== 0) return scope;
  const na = addresses(a);
  const nb = addresses(b);
  if (na !== nb) return na > nb ? -1 : 1;
  return compareEndpoints(a.src, b.src) || compareEndpoints(a.dst, b.dst);
}

/** The ports (ICMP messages, IP protocols) of `a` that `b` does not allow, as maximal ranges per dimension. */
export function minus(a: Connections, b: Connections): Connections {
  const pieces: { protocol: ListedProtocol; from: number; to: number }[] = [];
  for (const protocol of LISTED_PROTOCOLS) {
    const holes = b.get(protocol) ?? [];
    for (const range of a.get(protocol) ?? []) {
      let parts: (readonly [number, number])[] = [range];
      for (const [hf, ht] of holes) {
        parts = parts.flatMap(([from, to]): (readonly [number, number])[] => {
          if (ht < from || hf > to) return [[from, to]];
          const out: [number, number][] = [];
          if (hf > from) out.push([from, hf - 1]);
          if (ht < to) out.push([ht + 1, to]);
          return out;
        });
      }
      for (const [from, to] of parts) pieces.push({ protocol, from, to });
    }
  }
  return mergedConnections(pieces);
}

/** The external ranges of one workload in one direction and family, with what each allows. */
interface RangeGroup {
  readonly workload: string;
  /** From the ranges to the workload (else from the workload to the ranges). */
  readonly inbound: boolean;
  readonly family: Family;
  readonly pieces: { readonly interval: Interval; readonly allowed: Allowed }[];
}

/**
 * A side's lines: workload pairs by source, then destination (the labels themselves as keys:
 * connlist shares one string per endpoint), range lines grouped by (workload, direction, family).
 */
function splitSide(connections: readonly Connection[]): { pairs: Map<string, Map<string, Allowed>>; ranges: Map<string, RangeGroup> } {
  const pairs = new Map<string, Map<string, Allowed>>();
  const ranges = new Map<string, RangeGroup>();
  for (const c of connections) {
    const from = parseRangeLabel(c.src);
    const to = from ? undefined : parseRangeLabel(c.dst);
    const range = from ?? to;
    if (!range) {
      let row = pairs.get(c.src);
      if (!row) pairs.set(c.src, (row = new Map()));
      row.set(c.dst, c);
      continue;
    }
    const inbound = from !== undefined;
    const workload = inbound ? c.dst : c.src;
    const key = `${inbound ? 'in' : 'out'}\u0000${range.family}\u0000${workload}`;
    let group = ranges.get(key);
    if (!group) ranges.set(key, (group = { workload, inbound, family: range.family, pieces: [] }));
    group.pieces.push({ interval: range.interval, allowed: c });
  }
  return { pairs, ranges };
}

function compareBigints(x: bigint, y: bigint): number {
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * What the (disjoint) pieces allow at each address, asked in ascending order: one pass over the
 * pieces sorted by first address.
 */
function sweep(pieces: RangeGroup['pieces']): (n: bigint) => Allowed {
  const sorted = [...pieces].sort((p, q) => compareBigints(p.interval[0], q.interval[0]));
  let i = 0;
  return (n) => {
    while (i < sorted.length && sorted[i]!.interval[1] < n) i++;
    const p = sorted[i];
    return p && p.interval[0] <= n ? p.allowed : NONE;
  };
}

/**
 * Both sides' ranges cut at every boundary of either, each piece with what it allows before and
 * after (empty where a side lists nothing); neighbouring pieces that allow the same on both sides
 * are joined, and pieces listed on neither side are left out.
 */
function comparedPieces(
  before: RangeGroup['pieces'],
  after: RangeGroup['pieces'],
): { readonly interval: Interval; readonly before: Allowed; readonly after: Allowed }[] {
  const cuts = new Set<bigint>();
  for (const p of [...before, ...after]) {
    cuts.add(p.interval[0]);
    cuts.add(p.interval[1] + 1n);
  }
  const points = [...cuts].sort(compareBigints);
  const x = sweep(before);
  const y = sweep(after);
  const out: { interval: Interval; before: Allowed; after: Allowed }[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const from = points[i]!;
    const to = points[i + 1]! - 1n;
    const was = x(from);
    const is = y(from);
    if (isNone(was) && isNone(is)) continue;
    const last = out[out.length - 1];
    if (last && last.interval[1] + 1n === from && allowedText(last.before) === allowedText(was) && allowedText(last.after) === allowedText(is)) {
      last.interval = [last.interval[0], to];
    } else out.push({ interval: [from, to], before: was, after: is });
  }
  return out;
}

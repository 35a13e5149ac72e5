/**
 * Port classes: the partition of every (protocol, port) into sets the current policies treat
 * alike for every pod pair. Two ports are alike when the same numeric, range and all-ports
 * entries match them and neither is the number of a named container port some policy refers to
 * (each such number is a class of its own, so named ports resolve per destination exactly).
 * The last class holds what has no port: every ICMP message and every other IP protocol
 * (spec/packet-protocol.ts `listedUniverse`), which NetworkPolicy and the admin policies match
 * by rules without ports only (policy/port-match.ts, admin-match.ts); its representative is an
 * ICMP echo request (port 0).
 */
import type { NetworkPolicyPort, Protocol } from '../spec/types.js';
import { hasPorts, listedUniverse, TRANSPORT_PROTOCOLS, type ListedProtocol, type PacketProtocol } from '../spec/packet-protocol.js';
import type { CompiledPolicy } from './compiled-policy.js';
import type { PortClass } from './types.js';
import type { Cell } from './universe.js';

const MAX_PORT = 65535;

export interface PortClassIndex {
  readonly classes: readonly PortClass[];
  classOf(port: number, protocol: PacketProtocol): PortClass;
}

/** `extra`: further port entries that split classes (the admin policies' ports). */
export function portClassIndex(policies: Iterable<CompiledPolicy>, cells: readonly Cell[], extra: readonly NetworkPolicyPort[] = []): PortClassIndex {
  const entries: NetworkPolicyPort[] = [...extra];
  for (const p of policies) {
    if (p.ingressTyped) for (const r of p.ingress) entries.push(...r.ports);
    if (p.egressTyped) for (const r of p.egress) entries.push(...r.ports);
  }
  const classes: { id: number; port: number; protocol: PacketProtocol; ranges: { protocol: ListedProtocol; from: number; to: number }[] }[] = [];
  const bySignature = new Map<string, number>();
  const starts = new Map<Protocol, { from: number[]; cls: number[] }>();
  for (const protocol of TRANSPORT_PROTOCOLS) {
    const mine = entries.filter((e) => e.protocol === protocol);
    const names = new Set(mine.flatMap((e) => (typeof e.port === 'string' ? [e.port] : [])));
    const named = new Set<number>();
    for (const cell of cells) {
      if (!cell.policyPod) continue;
      for (const cp of cell.ports) if (cp.protocol === protocol && cp.name !== undefined && names.has(cp.name)) named.add(cp.containerPort);
    }
    const points = new Set<number>([1, MAX_PORT + 1]);
    for (const e of mine) {
      if (typeof e.port !== 'number') continue;
      points.add(clamp(e.port));
      points.add(clamp((e.endPort ?? e.port) + 1));
    }
    for (const x of named) {
      points.add(clamp(x));
      points.add(clamp(x + 1));
    }
    const sorted = [...points].sort((a, b) => a - b);
    const { enter, leave, everywhere } = entryEvents(mine, sorted);
    const active = new Map<string, number>();
    const from: number[] = [];
    const cls: number[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      for (const k of enter[i] ?? []) active.set(k, (active.get(k) ?? 0) + 1);
      for (const k of leave[i] ?? []) {
        const n = (active.get(k) ?? 0) - 1;
        if (n > 0) active.set(k, n);
        else active.delete(k);
      }
      const lo = sorted[i] as number;
      const hi = (sorted[i + 1] as number) - 1;
      if (lo > hi) continue;
      const matching = [...new Set([...everywhere, ...active.keys()])].sort();
      const signature = `${matching.join(',')}|${named.has(lo) ? `${protocol}:${lo}` : ''}`;
      let id = bySignature.get(signature);
      if (id === undefined) {
        id = classes.length;
        bySignature.set(signature, id);
        classes.push({ id, port: lo, protocol, ranges: [] });
      }
      (classes[id] as (typeof classes)[number]).ranges.push({ protocol, from: lo, to: hi });
      from.push(lo);
      cls.push(id);
    }
    starts.set(protocol, { from, cls });
  }
  const portless = classes.length;
  classes.push({
    id: portless,
    port: 0,
    protocol: 'ICMP',
    ranges: (['ICMP', 'IP'] as const).flatMap((protocol) => listedUniverse(protocol).map(([from, to]) => ({ protocol, from, to }))),
  });
  return {
    classes,
    classOf(port, protocol) {
      if (!hasPorts(protocol)) return classes[portless] as PortClass;
      const s = starts.get(protocol) as { from: number[]; cls: number[] };
      let lo = 0;
      let hi = s.from.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if ((s.from[mid] as number) <= port) lo = mid;
        else hi = mid - 1;
      }
      return classes[s.cls[lo] as number] as PortClass;
    },
  };
}

/** The signature key of a port entry: entries with equal keys match the same ports. */
function entryKey(e: NetworkPolicyPort): string {
  return `${e.protocol}/${e.port ?? '*'}/${e.endPort ?? ''}`;
}

/**
 * For the intervals starting at `starts[i]` (the last start only closes the range): the keys of
 * the numeric entries that start matching at interval i (`enter`) and stop matching there
 * (`leave`), and the keys of the entries that match every port (`everywhere`). An entry matches
 * an interval when `port <= start <= endPort`, as a sweep over the sorted starts.
 */
function entryEvents(entries: readonly NetworkPolicyPort[], starts: readonly number[]): { enter: string[][]; leave: string[][]; everywhere: Set<string> } {
  const enter: string[][] = [];
  const leave: string[][] = [];
  const everywhere = new Set<string>();
  for (const e of entries) {
    if (e.port === undefined) everywhere.add(entryKey(e));
    if (typeof e.port !== 'number') continue;
    const first = lowerBound(starts, e.port);
    const end = lowerBound(starts, (e.endPort ?? e.port) + 1);
    if (first >= end) continue;
    (enter[first] ??= []).push(entryKey(e));
    (leave[end] ??= []).push(entryKey(e));
  }
  return { enter, leave, everywhere };
}

/** The first index whose value is >= x (values sorted ascending). */
export function lowerBound(values: readonly number[], x: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function clamp(p: number): number {
  return Math.min(Math.max(p, 1), MAX_PORT + 1);
}

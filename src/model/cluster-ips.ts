/**
 * ClusterIP allocation from the service CIDR (reference §2.1). The network and broadcast
 * addresses are never used. The low static band of `min(max(16, size/16), 256)` addresses is
 * for hand-picked IPs; automatic allocation starts in the upper band at a position given by a
 * hash of namespace/name and probes forward (falling back to the static band when the upper
 * one is full), so an address does not move when other Services come and go. Services with a
 * preferred offset (default/kubernetes: 1, cluster DNS: 10) get it when it is free.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ServiceSpec } from '../spec/types.js';
import { cidrContains, fnv1a, formatIpv4, parseIpv4, type Cidr } from '../address/ip.js';
import { problem } from './problems.js';
import { DIAG, message } from '../diag/catalogue.js';
import { objectKey } from './state.js';

export function staticBandSize(rangeSize: number): number {
  return Math.min(Math.max(16, Math.floor(rangeSize / 16)), 256);
}

export function needsClusterIP(s: ServiceSpec): boolean {
  return !s.headless && s.type !== 'ExternalName';
}

/** Parallel to `services`: each Service's ClusterIP, or undefined (headless, ExternalName, exhausted). */
export function allocateClusterIPs(
  services: readonly ServiceSpec[],
  range: Cidr | undefined,
  preferredOffsets: ReadonlyMap<string, number>,
  problems: Diagnostic[],
  /** Per service: whether it has a ClusterIP of this range's family, and its pin in it (dual-stack). */
  family?: { wants(i: number): boolean; pin(i: number): string | undefined },
): (string | undefined)[] {
  const needs = (s: ServiceSpec, i: number): boolean => needsClusterIP(s) && (family ? family.wants(i) : true);
  const pinOf = (s: ServiceSpec, i: number): string | undefined => (family ? family.pin(i) : s.clusterIP);
  const out: (string | undefined)[] = new Array<string | undefined>(services.length).fill(undefined);
  if (!range) return out;
  const firstOffset = 1;
  const lastOffset = range.size - 2;
  const used = new Map<number, ServiceSpec>();

  services.forEach((s, i) => {
    const pinned = pinOf(s, i);
    if (!needs(s, i) || pinned === undefined) return;
    const ip = parseIpv4(pinned);
    out[i] = pinned;
    if (ip === undefined) return;
    if (!cidrContains(range, ip)) {
      problems.push(
        problem(DIAG.clusterIpOutsideRange, message(DIAG.clusterIpOutsideRange, { ip: pinned, service: `${s.namespace}/${s.name}`, cidr: range.text }), s.span, [
          'the API server rejects it (422)',
        ]),
      );
      return;
    }
    const owner = used.get(ip - range.base);
    if (owner)
      problems.push(
        problem(DIAG.addressTaken, message(DIAG.addressTaken, { ip: pinned, service: `${s.namespace}/${s.name}`, owner: `${owner.namespace}/${owner.name}` }), s.span, [
          'the API server rejects it: "provided IP is already allocated"',
        ]),
      );
    else used.set(ip - range.base, s);
  });

  services.forEach((s, i) => {
    const preferred = preferredOffsets.get(objectKey(s.namespace, s.name));
    if (!needs(s, i) || pinOf(s, i) !== undefined || preferred === undefined) return;
    if (preferred <= lastOffset && !used.has(preferred)) {
      used.set(preferred, s);
      out[i] = formatIpv4(range.base + preferred);
    }
  });

  const staticSize = Math.min(staticBandSize(range.size), Math.max(0, lastOffset - firstOffset));
  const dynFirst = firstOffset + staticSize;
  const bands: [number, number][] = [
    [dynFirst, lastOffset],
    [firstOffset, dynFirst - 1],
  ];
  services.forEach((s, i) => {
    if (!needs(s, i) || out[i] !== undefined) return;
    const offset = probe(bands, fnv1a(objectKey(s.namespace, s.name)), used);
    if (offset === undefined) {
      problems.push(problem(DIAG.serviceCidrExhausted, message(DIAG.serviceCidrExhausted, { cidr: range.text, service: `${s.namespace}/${s.name}` }), s.span));
      return;
    }
    used.set(offset, s);
    out[i] = formatIpv4(range.base + offset);
  });
  return out;
}

/** The first free value at or after hash-chosen start, band by band; undefined when all are used. */
export function probe<T>(bands: readonly (readonly [number, number])[], hash: number, used: ReadonlyMap<number, T> | ReadonlySet<number>): number | undefined {
  for (const [lo, hi] of bands) {
    const size = hi - lo + 1;
    if (size <= 0) continue;
    const start = hash % size;
    for (let k = 0; k < size; k++) {
      const v = lo + ((start + k) % size);
      if (!used.has(v)) return v;
    }
  }
  return undefined;
}

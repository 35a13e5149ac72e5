/**
 * Endpoints of the NCA corpus's txt_no_fw_rules lines (../shared/conformance/nca/README.md,
 * "Endpoints" and "Options"):
 * - address ranges outside the cluster (`a.b.c.d-e.f.g.h`, a single address alone, IPv6 alike;
 *   netscn's `first-last[External]` labels read the same), compared after splitting both answers
 *   at the union of their range boundaries, per address family (`splitAtBoundaries`);
 * - everything else by name: `ns/name[Kind]` (outputEndpoints `deployments`: the owner workload,
 *   a ReplicaSet-owned pod under its ReplicaSet's name, `[Pod]` for bare pods), `ns/podname`
 *   (outputEndpoints `pods`), HostEndpoint and DNS names.
 * The `subset` option keeps the lines whose source or destination is in the subset (`inSubset`).
 */
import ipaddr from 'ipaddr.js';
import type { Family } from '../connlist/ranges.js';
import { workloadLabel, workloadsOf } from '../connlist/connlist.js';
import type { PodSpec } from '../spec/types.js';
import type { ConnSet, Section } from './nca-connections.js';
import { assertNever } from '../spec/never.js';

export type Endpoint =
  /** Addresses outside the cluster, inclusive. */
  | { readonly kind: 'range'; readonly family: Family; readonly from: bigint; readonly to: bigint }
  /** A pod, workload, HostEndpoint or DNS name, compared as text. */
  | { readonly kind: 'name'; readonly text: string };

/** One allowed (source, destination, connection set) line of a section. */
export interface PairLine {
  readonly section: Section;
  readonly src: Endpoint;
  readonly dst: Endpoint;
  readonly conns: ConnSet;
}

function address(text: string): { family: Family; n: bigint } | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) parsed = ipaddr.IPv4.parse(text);
  else if (text.includes(':') && ipaddr.IPv6.isValid(text)) parsed = ipaddr.IPv6.parse(text);
  else return undefined;
  return { family: parsed.kind(), n: parsed.toByteArray().reduce((acc, b) => acc * 256n + BigInt(b), 0n) };
}

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

/** An endpoint's text (NCA's, or netscn's connlist label) → endpoint. */
export function parseEndpoint(raw: string): Endpoint {
  const text = raw.endsWith('[External]') ? raw.slice(0, -'[External]'.length) : raw;
  const single = address(text);
  if (single) return { kind: 'range', family: single.family, from: single.n, to: single.n };
  const slash = text.indexOf('/');
  if (slash > 0) {
    const base = address(text.slice(0, slash));
    const len = Number(text.slice(slash + 1));
    if (base && /^\d+$/.test(text.slice(slash + 1)) && len <= BITS[base.family]) {
      const size = 1n << BigInt(BITS[base.family] - len);
      const from = (base.n / size) * size;
      return { kind: 'range', family: base.family, from, to: from + size - 1n };
    }
  }
  // A range's first address never contains '-', so the first '-' separates the two.
  const dash = text.indexOf('-');
  if (dash > 0) {
    const from = address(text.slice(0, dash));
    const to = address(text.slice(dash + 1));
    if (from && to && from.family === to.family && from.n <= to.n) return { kind: 'range', family: from.family, from: from.n, to: to.n };
  }
  return { kind: 'name', text: raw };
}

function addressText(family: Family, n: bigint): string {
  const bytes: number[] = [];
  for (let i = BITS[family] / 8 - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return (family === 'ipv4' ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(bytes)).toString();
}

/** NCA's text of an endpoint: a single address alone, a range `first-last`. */
export function endpointText(e: Endpoint): string {
  switch (e.kind) {
    case 'name':
      return e.text;
    case 'range':
      return e.from === e.to ? addressText(e.family, e.from) : `${addressText(e.family, e.from)}-${addressText(e.family, e.to)}`;
    default:
      return assertNever(e);
  }
}


/**
 * Every answer's lines with their address ranges cut at the union of all range boundaries of
 * all the answers (per family), so equal address sets printed with different cuts give equal
 * lines.
 */
export function splitAtBoundaries(answers: readonly (readonly PairLine[])[]): PairLine[][] {
  const cuts: Record<Family, Set<bigint>> = { ipv4: new Set(), ipv6: new Set() };
  for (const lines of answers)
    for (const l of lines)
      for (const e of [l.src, l.dst])
        if (e.kind === 'range') {
          cuts[e.family].add(e.from);
          cuts[e.family].add(e.to + 1n);
        }
  const sorted: Record<Family, bigint[]> = {
    ipv4: [...cuts.ipv4].sort(compareBig),
    ipv6: [...cuts.ipv6].sort(compareBig),
  };
  const pieces = (e: Endpoint): Endpoint[] => {
    if (e.kind === 'name') return [e];
    const inside = sorted[e.family].filter((c) => c > e.from && c <= e.to);
    const starts = [e.from, ...inside];
    return starts.map((from, i) => ({ kind: 'range', family: e.family, from, to: i + 1 < starts.length ? starts[i + 1]! - 1n : e.to }));
  };
  return answers.map((lines) => lines.flatMap((l) => pieces(l.src).flatMap((src) => pieces(l.dst).map((dst) => ({ ...l, src, dst })))));
}

function compareBig(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How endpoints are printed (option `outputEndpoints`). */
export type OutputEndpoints = 'deployments' | 'pods';

/**
 * The owner of a pod as NCA names it: the workload as connlist names it, except that a static
 * pod owned by its Node is printed as `ns/node[Node]` (connlist prints the pod itself).
 */
export function ownerOf(pod: PodSpec, kindlessOwners?: ReadonlyMap<string, string>): { name: string; label: string } {
  if (pod.owner?.kind === 'Node') return { name: pod.owner.name, label: `${pod.namespace}/${pod.owner.name}[Node]` };
  const w = workloadsOf([pod], kindlessOwners)[0]!;
  return { name: w.name, label: workloadLabel(w) };
}

/** A pod's endpoint text in NCA's output. */
export function podEndpointName(pod: PodSpec, mode: OutputEndpoints, kindlessOwners?: ReadonlyMap<string, string>): string {
  switch (mode) {
    case 'deployments':
      return ownerOf(pod, kindlessOwners).label;
    case 'pods':
      return `${pod.namespace}/${pod.name}`;
    default:
      return assertNever(mode);
  }
}

/** The `subset` option as case.json gives it. */
export interface Subset {
  readonly namespace_subset?: string;
  readonly deployment_subset?: string;
  readonly label_subset?: readonly Readonly<Record<string, string>>[];
}

export function isSubsetEmpty(s: Subset): boolean {
  return s.namespace_subset === undefined && s.deployment_subset === undefined && s.label_subset === undefined;
}

/**
 * Whether a pod is in the subset: its namespace is listed, or its owner's name contains a
 * listed name (`ns/name` entries against `ns/owner`), or its labels include every pair of one
 * listed map.
 */
export function inSubset(pod: PodSpec, ownerName: string, s: Subset): boolean {
  const list = (v: string | undefined): string[] => (v ?? '').split(',').map((x) => x.trim()).filter(Boolean);
  if (list(s.namespace_subset).includes(pod.namespace)) return true;
  if (list(s.deployment_subset).some((d) => (d.includes('/') ? `${pod.namespace}/${ownerName}` : ownerName).includes(d))) return true;
  return (s.label_subset ?? []).some((m) => Object.entries(m).every(([k, v]) => pod.labels[k] === v));
}

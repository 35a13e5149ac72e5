/**
 * External address ranges of connectivity lists: an address family's whole space split at every
 * boundary of a set of CIDR blocks (a cidr minus its excepts), each piece printed as
 * `first-last[External]` with both addresses in canonical text (dotted quad for IPv4, RFC 5952
 * compressed for IPv6, e.g. `2001:db8::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]`).
 * Addresses are bigints so one arithmetic serves both families. Invalid or other-family CIDRs
 * contribute nothing (the loader reported the invalid ones).
 */
import ipaddr from 'ipaddr.js';

/** The address families connectivity lists split. */
export type Family = 'ipv4' | 'ipv6';

/** The families in output order: IPv4 ranges before IPv6 ones. */
export const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };

/** An inclusive interval of addresses of one family. */
export type Interval = readonly [bigint, bigint];

/** The family of a CIDR's address, or undefined when it does not parse. */
export function cidrFamily(cidr: string): Family | undefined {
  if (!ipaddr.isValidCIDR(cidr)) return undefined;
  return ipaddr.parseCIDR(cidr)[0].kind();
}

function toBigint(addr: ipaddr.IPv4 | ipaddr.IPv6): bigint {
  return addr.toByteArray().reduce((acc, b) => acc * 256n + BigInt(b), 0n);
}

/** The canonical text of address `n` of the family. */
export function addressText(family: Family, n: bigint): string {
  const bytes: number[] = [];
  for (let i = BITS[family] / 8 - 1; i >= 0; i--) bytes.push(Number((n >> BigInt(8 * i)) & 0xffn));
  return (family === 'ipv4' ? new ipaddr.IPv4(bytes) : new ipaddr.IPv6(bytes)).toString();
}

/** The addresses of a CIDR of the family (host bits ignored), or undefined. */
function cidrInterval(cidr: string, family: Family): Interval | undefined {
  if (cidrFamily(cidr) !== family) return undefined;
  const [addr, len] = ipaddr.parseCIDR(cidr);
  const size = 1n << BigInt(BITS[family] - len);
  const start = (toBigint(addr) / size) * size;
  return [start, start + size - 1n];
}

/** A block (cidr minus every except) as disjoint intervals of the family; empty when the cidr is of the other family. */
export function blockIntervals(family: Family, cidr: string, except: readonly string[]): Interval[] {
  const whole = cidrInterval(cidr, family);
  if (!whole) return [];
  let parts: Interval[] = [whole];
  for (const e of except) {
    const hole = cidrInterval(e, family);
    if (!hole) continue;
    parts = parts.flatMap(([a, b]): Interval[] => {
      if (hole[1] < a || hole[0] > b) return [[a, b]];
      const out: Interval[] = [];
      if (hole[0] > a) out.push([a, hole[0] - 1n]);
      if (hole[1] < b) out.push([hole[1] + 1n, b]);
      return out;
    });
  }
  return parts;
}

/** The family's whole space cut at every edge of the intervals: sorted, disjoint, covering it all. */
export function splitSpace(family: Family, intervals: readonly Interval[]): Interval[] {
  const end = (1n << BigInt(BITS[family])) - 1n;
  const cuts = new Set<bigint>([0n]);
  for (const [from, to] of intervals) {
    cuts.add(from);
    if (to < end) cuts.add(to + 1n);
  }
  const starts = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return starts.map((from, i) => [from, i + 1 < starts.length ? starts[i + 1]! - 1n : end]);
}

/** The endpoint label of a range: `first-last[External]`. */
export function rangeLabel(family: Family, [from, to]: Interval): string {
  return `${addressText(family, from)}-${addressText(family, to)}[External]`;
}

/** The first address of an IPv6 range label, else undefined (IPv4 ranges, workloads, the ingress controller). */
function ipv6RangeStart(label: string): bigint | undefined {
  if (!label.endsWith('[External]')) return undefined;
  const first = label.slice(0, label.indexOf('-'));
  return ipaddr.IPv6.isValid(first) && !ipaddr.IPv4.isValid(first) ? toBigint(ipaddr.IPv6.parse(first)) : undefined;
}

/**
 * The order of endpoints in a list: by text (netpol-analyzer's order, which puts IPv4 ranges
 * first), except that IPv6 ranges come after every other endpoint, by first address (then text).
 */
export function compareEndpoints(a: string, b: string): number {
  const va = ipv6RangeStart(a);
  const vb = ipv6RangeStart(b);
  if (va !== undefined && vb !== undefined && va !== vb) return va < vb ? -1 : 1;
  if (va !== undefined && vb === undefined) return 1;
  if (vb !== undefined && va === undefined) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The family and addresses of a range label (`rangeLabel`'s text), or undefined for any other endpoint. */
export function parseRangeLabel(label: string): { readonly family: Family; readonly interval: Interval } | undefined {
  if (!label.endsWith('[External]')) return undefined;
  const body = label.slice(0, -'[External]'.length);
  for (const family of FAMILIES) {
    const valid = family === 'ipv4' ? ipaddr.IPv4.isValidFourPartDecimal : ipaddr.IPv6.isValid;
    // An IPv6 address holds no `-`, so the first `-` separates the two addresses of either family.
    const dash = body.indexOf('-');
    const first = body.slice(0, dash);
    const last = body.slice(dash + 1);
    if (dash > 0 && valid(first) && valid(last)) return { family, interval: [toBigint(ipaddr.parse(first)), toBigint(ipaddr.parse(last))] };
  }
  return undefined;
}

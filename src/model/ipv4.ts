/**
 * IPv4 addresses as unsigned 32-bit integers, and CIDR blocks. The model is IPv4-only: an IPv6
 * address never parses here and is ignored by allocation and routing.
 */

export interface Cidr {
  /** Network address (host bits zero). */
  readonly base: number;
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
  /** Canonical text, e.g. "10.244.0.0/16". */
  readonly text: string;
}

/** The address as an unsigned integer, or undefined when `s` is not a dotted-quad IPv4 address. */
export function parseIpv4(s: string): number | undefined {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      octet = octet * 10 + (c - 48);
      digits++;
      if (digits > 3 || octet > 255) return undefined;
    } else if (c === 46) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return undefined;
    }
  }
  if (digits === 0 || dots !== 3) return undefined;
  return value * 256 + octet;
}

export function formatIpv4(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

/** A CIDR block ("a.b.c.d/n", or a bare address meaning /32); host bits are cleared. Surrounding whitespace is tolerated. */
export function parseCidr(text: string): Cidr | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const ip = parseIpv4(slash < 0 ? s : s.slice(0, slash));
  if (ip === undefined) return undefined;
  const prefix = slash < 0 ? 32 : Number(s.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 32 || (slash >= 0 && s.slice(slash + 1) === '')) return undefined;
  const size = 2 ** (32 - prefix);
  const base = ip - (ip % size);
  return { base, prefix, size, text: `${formatIpv4(base)}/${prefix}` };
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ip >= c.base && ip < c.base + c.size;
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return a.base < b.base + b.size && b.base < a.base + a.size;
}

/** True iff the text address lies in any of the blocks. */
export function inAnyCidr(cidrs: readonly Cidr[], ip: string): boolean {
  const n = parseIpv4(ip);
  if (n === undefined) return false;
  for (const c of cidrs) if (cidrContains(c, n)) return true;
  return false;
}

/** FNV-1a 32-bit hash: the model's deterministic stand-in for the random choices controllers make. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

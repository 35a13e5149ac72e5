/**
 * The address module (with families.ts and api-syntax.ts beside it): IPv4 addresses as unsigned
 * 32-bit integers, and CIDR blocks; IPv6 blocks (`Cidr6`, bigint) for the dual-stack plane.
 * Allocation works on IPv4 numbers; `inAnyCidr` and `cidrHas` compare a text address with blocks
 * of either family (an address never matches a block of the other). Parsing goes through
 * ipaddr.js for IPv6; the checker's value parsing (check/values.ts) and the manifest reader's
 * API syntax (api-syntax.ts) build on it. The naive policy evaluator's ipBlock matcher
 * (policy/ip-block.ts) is kept apart on purpose: it is the oracle the fast engines are tested
 * against.
 */
import ipaddr from 'ipaddr.js';

export interface Cidr {
  /** Network address (host bits zero). */
  readonly base: number;
  readonly prefix: number;
  /** Number of addresses in the block. */
  readonly size: number;
  /** Canonical text, e.g. "10.244.0.0/16". */
  readonly text: string;
}

/** An IPv6 block: base address as a 128-bit integer. */
export interface Cidr6 {
  readonly family: 6;
  readonly base: bigint;
  readonly prefix: number;
  readonly text: string;
}

export type AnyCidr = Cidr | Cidr6;

/** The IPv6 address as a 128-bit integer, or undefined when `s` is not one. */
export function parseIpv6(s: string): bigint | undefined {
  if (!s.includes(':') || s.includes('%') || !ipaddr.IPv6.isValid(s)) return undefined;
  let n = 0n;
  for (const b of ipaddr.IPv6.parse(s).toByteArray()) n = (n << 8n) | BigInt(b);
  return n;
}

/** Canonical (RFC 5952) text of a 128-bit integer. */
export function formatIpv6(n: bigint): string {
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

/** Canonical text of an IPv6 address, or undefined. */
export function canonicalIpv6(s: string): string | undefined {
  const n = parseIpv6(s);
  return n === undefined ? undefined : formatIpv6(n);
}

export function parseCidr6(text: string): Cidr6 | undefined {
  const s = text.trim();
  const slash = s.indexOf('/');
  const ip = parseIpv6(slash < 0 ? s : s.slice(0, slash));
  if (ip === undefined) return undefined;
  const prefix = slash < 0 ? 128 : Number(s.slice(slash + 1));
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > 128 || (slash >= 0 && s.slice(slash + 1) === '')) return undefined;
  const hostBits = BigInt(128 - prefix);
  const base = (ip >> hostBits) << hostBits;
  return { family: 6, base, prefix, text: `${formatIpv6(base)}/${prefix}` };
}

/** A block of either family. */
export function parseAnyCidr(text: string): AnyCidr | undefined {
  return text.includes(':') ? parseCidr6(text) : parseCidr(text);
}

export function isCidr6(c: AnyCidr): c is Cidr6 {
  return (c as Cidr6).family === 6;
}

export function cidr6Contains(c: Cidr6, ip: bigint): boolean {
  return ip >> BigInt(128 - c.prefix) === c.base >> BigInt(128 - c.prefix);
}

/** True iff the text address lies in the block (same family only). */
export function cidrHas(c: AnyCidr, ip: string): boolean {
  if (isCidr6(c)) {
    const n = parseIpv6(ip);
    return n !== undefined && cidr6Contains(c, n);
  }
  const n = parseIpv4(ip);
  return n !== undefined && cidrContains(c, n);
}

/** `ip:port`, with the IPv6 address in brackets (`[fd00::1]:80`). */
export function ipPort(ip: string, port: number | string): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** 4 or 6 for an address text, undefined for anything else. */
export function ipFamilyOf(ip: string): 4 | 6 | undefined {
  if (ip.includes(':')) return parseIpv6(ip) === undefined ? undefined : 6;
  return parseIpv4(ip) === undefined ? undefined : 4;
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

/** True iff the text address lies in any of the blocks (of its own family). */
export function inAnyCidr(cidrs: readonly AnyCidr[], ip: string): boolean {
  if (ip.includes(':')) {
    const n6 = parseIpv6(ip);
    if (n6 === undefined) return false;
    for (const c of cidrs) if (isCidr6(c) && cidr6Contains(c, n6)) return true;
    return false;
  }
  const n = parseIpv4(ip);
  if (n === undefined) return false;
  for (const c of cidrs) if (!isCidr6(c) && cidrContains(c, n)) return true;
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

/**
 * The address a cloud load balancer uses inside its own range (its proxied connections, its
 * health checks): the model takes the block's 10th address (the base of a /31 or /32).
 */
export function rangeAddress(cidrText: string): string | undefined {
  const c = parseCidr(cidrText);
  return c ? formatIpv4(c.base + (c.size > 10 ? 10 : 0)) : undefined;
}

// Private ranges (RFC 1918, shared address space RFC 6598, IPv6 unique local RFC 4193).
const PRIVATE: readonly AnyCidr[] = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7'].flatMap((c) => parseAnyCidr(c) ?? []);

/** True iff the address lies in a private range: nothing on the internet routes to it. */
export function isPrivateAddress(ip: string): boolean {
  return inAnyCidr(PRIVATE, ip);
}

/** 127.0.0.0/8 and ::1: the sender's own network namespace, never on any wire. */
export function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

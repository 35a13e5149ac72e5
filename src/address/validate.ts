/**
 * Addresses and CIDRs as a scenario writes them, with the reason a text is not one (for the
 * checker's messages): strict dotted-quad IPv4 and IPv6 through ipaddr.js, canonical text, and
 * whether a CIDR has host bits set.
 */
import ipaddr from 'ipaddr.js';
import type { FamilyName } from './families.js';

export interface ParsedIp {
  readonly text: string;
  readonly family: FamilyName;
  readonly addr: ipaddr.IPv4 | ipaddr.IPv6;
}

export interface ParsedCidr {
  /** Canonical text (network address / prefix). */
  readonly text: string;
  readonly family: FamilyName;
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

/** Why `text` is not an address, or the parsed address. */
export function validateIp(text: string): ParsedIp | string {
  if (text.includes('/')) return 'an address, not a CIDR, is expected here';
  if (text.includes(':')) {
    if (!ipaddr.IPv6.isValid(text)) return 'not a valid IPv6 address';
    const a = ipaddr.IPv6.parse(text);
    return { text: a.toString(), family: 'IPv6', addr: a };
  }
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) {
    const parts = text.split('.');
    if (parts.length !== 4) return 'an IPv4 address has four parts (a.b.c.d)';
    if (parts.some((p) => p !== '' && /^\d+$/.test(p) && Number(p) > 255)) return 'each part of an IPv4 address is 0-255';
    return 'not a valid IPv4 address';
  }
  const a = ipaddr.IPv4.parse(text);
  return { text: a.toString(), family: 'IPv4', addr: a };
}

/** Why `text` is not a CIDR, or the parsed CIDR (canonical network) and whether host bits were set. */
export function validateCidr(text: string): { readonly cidr: ParsedCidr; readonly hostBits: boolean } | string {
  const slash = text.indexOf('/');
  if (slash < 0) return 'a CIDR (address/prefix) is expected here';
  const ip = validateIp(text.slice(0, slash));
  if (typeof ip === 'string') return ip;
  const prefixText = text.slice(slash + 1);
  const max = ip.family === 'IPv4' ? 32 : 128;
  const prefix = Number(prefixText);
  if (!/^\d+$/.test(prefixText) || prefix > max) return `the prefix length of an ${ip.family} CIDR is 0-${max}`;
  const network =
    ip.family === 'IPv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${ip.text}/${prefix}`)
      : networkV6(ip.addr as ipaddr.IPv6, prefix);
  return {
    cidr: { text: `${network.toString()}/${prefix}`, family: ip.family, network, prefix },
    hostBits: network.toString() !== ip.text,
  };
}

function networkV6(a: ipaddr.IPv6, prefix: number): ipaddr.IPv6 {
  const bytes = a.toByteArray();
  for (let i = 0; i < bytes.length; i++) {
    const keep = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = (bytes[i] ?? 0) & ((0xff << (8 - keep)) & 0xff);
  }
  return ipaddr.fromByteArray(bytes) as ipaddr.IPv6;
}

export function ipInCidr(ip: ParsedIp, cidr: ParsedCidr): boolean {
  if (ip.family !== cidr.family) return false;
  return (ip.addr as ipaddr.IPv4).match([cidr.network as ipaddr.IPv4, cidr.prefix]);
}

export function cidrInCidr(inner: ParsedCidr, outer: ParsedCidr): boolean {
  return inner.family === outer.family && inner.prefix >= outer.prefix && ipInCidr({ text: inner.text, family: inner.family, addr: inner.network }, outer);
}

/**
 * Value rules: IP addresses and CIDRs (ipaddr.js, strict dotted-quad IPv4), ports, Kubernetes
 * label keys and values, object names (apimachinery validation).
 */
import ipaddr from 'ipaddr.js';
import type { Addr, Num } from '../syntax/ast.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, warn, type Ctx } from './context.js';

export type Family = 'IPv4' | 'IPv6';

export interface ParsedIp {
  readonly text: string;
  readonly family: Family;
  readonly addr: ipaddr.IPv4 | ipaddr.IPv6;
}

export interface ParsedCidr {
  /** Canonical text (network address / prefix). */
  readonly text: string;
  readonly family: Family;
  readonly network: ipaddr.IPv4 | ipaddr.IPv6;
  readonly prefix: number;
}

/** Why `text` is not an address, or the parsed address. */
export function parseIp(text: string): ParsedIp | string {
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
export function parseCidr(text: string): { readonly cidr: ParsedCidr; readonly hostBits: boolean } | string {
  const slash = text.indexOf('/');
  if (slash < 0) return 'a CIDR (address/prefix) is expected here';
  const ip = parseIp(text.slice(0, slash));
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

/** The address, or undefined after reporting why it is not one. */
export function checkIp(ctx: Ctx, a: Addr, what = 'address'): ParsedIp | undefined {
  const r = parseIp(a.text);
  if (typeof r !== 'string') return r;
  error(ctx, DIAG.invalidAddress, a.span, message(DIAG.invalidAddress, { what, text: a.text }), { label: r, expected: 'an IPv4 address like 10.0.0.1 or an IPv6 address like fd00::1' });
  return undefined;
}

/** The canonical CIDR, or undefined after reporting; host bits set is a warning, not an error. */
export function checkCidr(ctx: Ctx, a: Addr, what = 'CIDR'): ParsedCidr | undefined {
  const r = parseCidr(a.text);
  if (typeof r === 'string') {
    error(ctx, DIAG.invalidAddress, a.span, message(DIAG.invalidAddress, { what, text: a.text }), { label: r, expected: 'a CIDR like 10.0.0.0/16' });
    return undefined;
  }
  if (r.hostBits) {
    warn(ctx, DIAG.hostBitsSet, a.span, message(DIAG.hostBitsSet, { what, text: a.text }), {
      label: `the network is ${r.cidr.text}`,
      help: `write \`${r.cidr.text}\``,
    });
  }
  return r.cidr;
}

/** True when the number is a valid port (1-65535); reports otherwise. */
export function checkPort(ctx: Ctx, n: Num, what = 'port'): boolean {
  if (Number.isInteger(n.value) && n.value >= 1 && n.value <= 65535) return true;
  error(ctx, DIAG.portRange, n.span, message(DIAG.portRange, { what, port: n.text }), { label: 'not a port number', expected: 'a number from 1 to 65535' });
  return false;
}

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** Why `s` is not a DNS-1123 label (namespaces, hostnames), or undefined. */
export function dns1123LabelProblem(s: string): string | undefined {
  if (s.length > 63) return 'at most 63 characters';
  if (!DNS1123_LABEL.test(s)) return "lower-case letters, digits and '-', starting and ending with a letter or digit";
  return undefined;
}

/** Why `s` is not a DNS-1035 label (Service names), or undefined. */
export function dns1035LabelProblem(s: string): string | undefined {
  if (s.length > 63) return 'at most 63 characters';
  if (!DNS1035_LABEL.test(s)) return "lower-case letters, digits and '-', starting with a letter and ending with a letter or digit";
  return undefined;
}

/** Why `s` is not a DNS-1123 subdomain (pods, nodes, label key prefixes), or undefined. */
export function dns1123SubdomainProblem(s: string): string | undefined {
  if (s.length > 253) return 'at most 253 characters';
  if (!s.split('.').every((p) => DNS1123_LABEL.test(p))) return "dot-separated parts of lower-case letters, digits and '-', each starting and ending with a letter or digit";
  return undefined;
}

/** Why `key` is not a valid label key (optional DNS-subdomain prefix + "/" + name of ≤ 63), or undefined. */
export function labelKeyProblem(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined) {
    if (prefix === '') return 'the prefix before "/" is empty';
    const p = dns1123SubdomainProblem(prefix);
    if (p) return `the prefix must be a DNS subdomain (${p})`;
  }
  if (name === '') return 'the name part is empty';
  if (name.length > 63) return 'the name part has at most 63 characters';
  if (!QUALIFIED_NAME.test(name)) return "the name part is letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

/** Why `value` is not a valid label value (empty, or ≤ 63 of the qualified-name charset), or undefined. */
export function labelValueProblem(value: string): string | undefined {
  if (value === '') return undefined;
  if (value.length > 63) return 'at most 63 characters';
  if (!QUALIFIED_NAME.test(value)) return "letters, digits, '-', '_' and '.', starting and ending with a letter or digit";
  return undefined;
}

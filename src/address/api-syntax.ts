/**
 * IP and CIDR syntax as the Kubernetes API accepts it (dotted-quad IPv4, IPv6), for the
 * manifest reader's validation; arithmetic on addresses and blocks is in ip.ts.
 */
import ipaddr from 'ipaddr.js';
import type { Family } from './families.js';

export function ipFamily(s: string): Family | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(s)) return 4;
  if (s.includes(':') && !s.includes('%') && ipaddr.IPv6.isValid(s)) return 6;
  return undefined;
}

export function cidrFamily(s: string): Family | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const fam = ipFamily(s.slice(0, slash));
  const bits = s.slice(slash + 1);
  if (fam === undefined || !/^(0|[1-9][0-9]*)$/.test(bits)) return undefined;
  return Number(bits) <= (fam === 4 ? 32 : 128) ? fam : undefined;
}

/** True iff CIDR `inner` lies inside CIDR `outer` and is strictly smaller (NetworkPolicy `except`). */
export function cidrStrictlyInside(inner: string, outer: string): boolean {
  if (cidrFamily(inner) === undefined || cidrFamily(inner) !== cidrFamily(outer)) return false;
  const [iAddr, iBits] = ipaddr.parseCIDR(inner);
  const [oAddr, oBits] = ipaddr.parseCIDR(outer);
  return iBits > oBits && iAddr.match(oAddr, oBits);
}

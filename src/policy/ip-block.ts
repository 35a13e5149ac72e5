/**
 * ipBlock address matching (reference §6.3): by address only, so pod IPs match too.
 *
 * Deliberately kept apart from the address module (src/address/): this is the naive policy
 * evaluator's own matcher, written from the reference alone, against which the fast engines
 * (the trace engine's index, the matrix's prepared blocks in src/matrix/address.ts) are
 * property-tested. Sharing code with them would let one bug pass both sides of those tests.
 */
import ipaddr from 'ipaddr.js';
import type { IPBlock } from '../spec/types.js';

const DOTTED_QUAD = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** A dotted-quad IPv4 address as an unsigned 32-bit number; undefined for anything else. */
function ipv4Number(s: string): number | undefined {
  const m = DOTTED_QUAD.exec(s);
  if (m === null) return undefined;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const octet = Number(m[i]);
    if (octet > 255) return undefined;
    n = n * 256 + octet;
  }
  return n;
}

/**
 * True iff `cidr` parses and contains `ip` in the same IP family (IPv4 never matches an IPv6
 * block). Anything that is not an address (an IPv4 dotted quad or an IPv6 address) matches no
 * block.
 */
export function cidrContains(cidr: string, ip: string): boolean {
  const slash = cidr.indexOf('/');
  if (slash < 0) return false;
  const addr4 = ipv4Number(ip);
  if (addr4 !== undefined) {
    const net4 = ipv4Number(cidr.slice(0, slash));
    const bitsText = cidr.slice(slash + 1);
    if (net4 === undefined || !/^\d{1,2}$/.test(bitsText)) return false;
    const bits = Number(bitsText);
    if (bits > 32) return false;
    const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
    return ((addr4 & mask) >>> 0) === ((net4 & mask) >>> 0);
  }
  if (!ip.includes(':') || !cidr.includes(':')) return false;
  if (!ipaddr.IPv6.isValid(ip) || !ipaddr.isValidCIDR(cidr)) return false;
  const addr = ipaddr.parse(ip);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  if (addr.kind() !== net.kind()) return false;
  return addr.match(net, bits);
}

/** True iff `ip` lies in the block's cidr and in none of its excepts. */
export function ipBlockContains(block: IPBlock, ip: string): boolean {
  return cidrContains(block.cidr, ip) && !block.except.some((e) => cidrContains(e, ip));
}

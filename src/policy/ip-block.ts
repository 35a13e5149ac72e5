/** ipBlock address matching (reference §6.3): by address only, so pod IPs match too. */
import ipaddr from 'ipaddr.js';
import type { IPBlock } from '../spec/types.js';

/** True iff `cidr` parses and contains `ip` in the same IP family (IPv4 never matches an IPv6 block). */
export function cidrContains(cidr: string, ip: string): boolean {
  if (!ipaddr.isValid(ip) || !ipaddr.isValidCIDR(cidr)) return false;
  const addr = ipaddr.parse(ip);
  const [net, bits] = ipaddr.parseCIDR(cidr);
  if (addr.kind() !== net.kind()) return false;
  return addr.match(net, bits);
}

/** True iff `ip` lies in the block's cidr and in none of its excepts. */
export function ipBlockContains(block: IPBlock, ip: string): boolean {
  return cidrContains(block.cidr, ip) && !block.except.some((e) => cidrContains(e, ip));
}

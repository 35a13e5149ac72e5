/**
 * status.loadBalancer.ingress IPs for LoadBalancer Services: the pinned `loadBalancerIPs`, or one
 * address from the model's cloud pool 198.51.100.0/24 (TEST-NET-2), picked by a hash of
 * namespace/name and probing forward past addresses already in use (pinned ones included).
 */
import type { ServiceSpec } from '../spec/types.js';
import { probe } from './cluster-ips.js';
import { fnv1a, formatIpv4, formatIpv6, parseCidr, parseCidr6, parseIpv4, parseIpv6 } from '../address/ip.js';
import { objectKey } from './state.js';

export const LOAD_BALANCER_POOL = '198.51.100.0/24';
/** The IPv6 pool of dual-stack load balancers (documentation prefix). */
export const LOAD_BALANCER_POOL_V6 = '2001:db8:51::/112';

/**
 * IPv6 ingress addresses for the LoadBalancer Services of a dual-stack cluster's IPv6 plane:
 * the pinned IPv6 ones, else one from LOAD_BALANCER_POOL_V6 by the same hash-and-probe rule.
 */
export function allocateLoadBalancerIPv6(services: readonly ServiceSpec[], wants: (i: number) => boolean): (readonly string[])[] {
  const pool = parseCidr6(LOAD_BALANCER_POOL_V6);
  const used = new Set<number>();
  const size = pool ? 2 ** Math.min(24, 128 - pool.prefix) : 0;
  for (const s of services)
    for (const ip of s.loadBalancerIPs) {
      const n = ip.includes(':') ? parseIpv6(ip) : undefined;
      if (n !== undefined && pool && n >= pool.base && n < pool.base + BigInt(size)) used.add(Number(n - pool.base));
    }
  return services.map((s, i) => {
    if (s.type !== 'LoadBalancer' || !wants(i)) return [];
    const pinned = s.loadBalancerIPs.filter((ip) => ip.includes(':'));
    if (pinned.length > 0 || !pool) return pinned;
    const offset = probe([[1, size - 1]], fnv1a(objectKey(s.namespace, s.name)), used);
    if (offset === undefined) return [];
    used.add(offset);
    return [formatIpv6(pool.base + BigInt(offset))];
  });
}

/** `wants(i)`: the Service has this plane's family (dual-stack); pinned addresses of other families are ignored. */
export function allocateLoadBalancerIPs(services: readonly ServiceSpec[], wants: (i: number) => boolean = () => true): (readonly string[])[] {
  const pool = parseCidr(LOAD_BALANCER_POOL);
  const used = new Set<number>();
  for (const s of services) {
    if (s.type !== 'LoadBalancer') continue;
    for (const ip of s.loadBalancerIPs) {
      const n = parseIpv4(ip);
      if (n !== undefined && pool) used.add(n - pool.base);
    }
  }
  return services.map((s, i) => {
    if (s.type !== 'LoadBalancer' || !wants(i)) return [];
    const pinned = s.loadBalancerIPs.some((ip) => ip.includes(':')) ? s.loadBalancerIPs.filter((ip) => !ip.includes(':')) : s.loadBalancerIPs;
    if (pinned.length > 0 || !pool) return pinned;
    const offset = probe([[1, pool.size - 2]], fnv1a(objectKey(s.namespace, s.name)), used);
    if (offset === undefined) return [];
    used.add(offset);
    return [formatIpv4(pool.base + offset)];
  });
}

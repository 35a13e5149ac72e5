/**
 * status.loadBalancer.ingress IPs for LoadBalancer Services: the pinned `loadBalancerIPs`, or one
 * address from the model's cloud pool 198.51.100.0/24 (TEST-NET-2), picked by a hash of
 * namespace/name and probing forward past addresses already in use (pinned ones included).
 */
import type { ServiceSpec } from '../spec/types.js';
import { probe } from './cluster-ips.js';
import { fnv1a, formatIpv4, parseCidr, parseIpv4 } from './ipv4.js';
import { objectKey } from './state.js';

export const LOAD_BALANCER_POOL = '198.51.100.0/24';

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

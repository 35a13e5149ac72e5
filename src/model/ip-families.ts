/**
 * IP families of the cluster and of each Service (reference: Kubernetes "IPv4/IPv6 dual-stack").
 * A cluster is dual-stack when it has an IPv4 and an IPv6 pod CIDR; IPv4 is its primary family
 * (IPv6-primary clusters are refused by the checker). A Service's families:
 * - ExternalName: none;
 * - ipFamilies written: those (the first is the primary);
 * - else by ipFamilyPolicy: SingleStack (the default) gives the family of a pinned clusterIP, or
 *   the cluster's primary; PreferDualStack and RequireDualStack give both on a dual-stack
 *   cluster, primary first (the API server's defaulting); PreferDualStack falls back to one
 *   family on a single-stack cluster (RequireDualStack there is an API error, reported by check).
 */
import type { ClusterSpec, ServiceSpec } from '../spec/types.js';
import type { Family } from '../address/families.js';
import { ipFamilyOf, parseCidr, parseCidr6 } from '../address/ip.js';

export function clusterFamilies(spec: Pick<ClusterSpec, 'podCidrs'>): readonly Family[] {
  const v4 = spec.podCidrs.some((c) => parseCidr(c) !== undefined);
  const v6 = spec.podCidrs.some((c) => parseCidr6(c) !== undefined);
  return v4 && v6 ? [4, 6] : v6 ? [6] : [4];
}

export function serviceFamilies(s: ServiceSpec, cluster: readonly Family[]): readonly Family[] {
  if (s.type === 'ExternalName') return [];
  if (s.ipFamilies && s.ipFamilies.length > 0) return s.ipFamilies.map((f) => (f === 'IPv6' ? 6 : 4));
  const primary = cluster[0] ?? 4;
  const pinned = s.clusterIP === undefined ? undefined : ipFamilyOf(s.clusterIP);
  const first: Family = pinned ?? primary;
  if ((s.ipFamilyPolicy === 'PreferDualStack' || s.ipFamilyPolicy === 'RequireDualStack') && cluster.length === 2) return [first, first === 4 ? 6 : 4];
  return [first];
}

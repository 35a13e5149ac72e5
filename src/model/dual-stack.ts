/**
 * The IPv6 plane of a dual-stack cluster. Kubernetes runs the two families side by side: every
 * pod gets one address per family (status.podIPs), nodes a pod CIDR per family, Services a
 * ClusterIP per family they have, EndpointSlices are written per address family, and kube-proxy
 * programs each family separately; a packet never changes family. The model builds the IPv6
 * plane as a second ClusterState from the same objects, deterministically:
 * - node IPv6 pod CIDRs: /64 blocks (`--node-cidr-mask-size-ipv6` default) carved from the IPv6
 *   pod CIDR in node declaration order;
 * - a pod's IPv6 address is the one it pins (`ip 10.244.0.5 fd00:10:244::5`), else it sits at the same offset in its node's IPv6 block as its IPv4 address
 *   in the IPv4 block (host-local IPAM with one range per family hands out both in step);
 *   hostNetwork pods take their node's IPv6 address;
 * - IPv6 ClusterIPs come from the IPv6 service CIDR with the same allocator as IPv4 (static and
 *   dynamic bands, hash of namespace/name), on the first 2^32 addresses of the range.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { ClusterSpec, PodSpec, ServiceSpec } from '../spec/types.js';
import { allocateClusterIPs } from './cluster-ips.js';
import { serviceFamilies, clusterFamilies } from './ip-families.js';
import { formatIpv4, formatIpv6, parseCidr, parseCidr6, parseIpv4, parseIpv6, type AnyCidr, type Cidr, type Cidr6 } from '../address/ip.js';
import { primaryAddress } from './pod-addresses.js';
import { problem } from './problems.js';
import { DIAG } from '../diag/catalogue.js';
import { objectKey, type ClusterState } from './state.js';

export const NODE_CIDR_MASK_IPV6 = 64;

export interface PlaneInput {
  readonly primary: ClusterState;
  readonly podCidr: Cidr6;
  readonly serviceCidr?: Cidr6;
  addressing(pods: readonly PodSpec[]): { nodeCidrs: ReadonlyMap<string, AnyCidr>; podIps: readonly (string | undefined)[]; problems: readonly Diagnostic[] };
  clusterIPs(services: readonly ServiceSpec[]): (string | undefined)[];
}

export function ipv6Plane(spec: ClusterSpec, v4: ClusterState, build: (spec: ClusterSpec, plane: PlaneInput) => ClusterState): ClusterState | undefined {
  const podCidr = spec.podCidrs.map((c) => parseCidr6(c)).find((c) => c !== undefined);
  if (!podCidr) return undefined;
  const serviceCidr = spec.secondaryServiceCidr === undefined ? undefined : parseCidr6(spec.secondaryServiceCidr);
  const mask = Math.max(NODE_CIDR_MASK_IPV6, podCidr.prefix);
  const capacity = 2n ** BigInt(mask - podCidr.prefix);
  const nodeCidrs = new Map<string, Cidr6>();
  spec.nodes.forEach((n, i) => {
    if (BigInt(i) >= capacity) return;
    const base = podCidr.base + (BigInt(i) << BigInt(128 - mask));
    nodeCidrs.set(n.name, { family: 6, base, prefix: mask, text: `${formatIpv6(base)}/${mask}` });
  });
  const nodeSpecs = new Map(spec.nodes.map((n) => [n.name, n]));
  const families = clusterFamilies(spec);
  return build(spec, {
    primary: v4,
    podCidr,
    ...(serviceCidr ? { serviceCidr } : {}),
    addressing(pods) {
      const podIps = pods.map((p) => {
        const node = nodeSpecs.get(p.node);
        if (!node) return undefined;
        if (p.hostNetwork) return primaryAddress(node, 6);
        if (p.ip6 !== undefined) return p.ip6;
        const st = v4.podsByKey.get(objectKey(p.namespace, p.name));
        const c4 = st?.node?.podCidr === undefined ? undefined : parseCidr(st.node.podCidr);
        const n4 = st?.ip === undefined ? undefined : parseIpv4(st.ip);
        const c6 = nodeCidrs.get(p.node);
        if (!c4 || n4 === undefined || !c6) return undefined;
        const offset = n4 - c4.base;
        return offset < 0 || offset >= c4.size ? undefined : formatIpv6(c6.base + BigInt(offset));
      });
      const problems: Diagnostic[] = [];
      for (const n of spec.nodes)
        if (!nodeCidrs.has(n.name))
          problems.push(problem(DIAG.nodeCidrExhausted, `no IPv6 pod CIDR left for node ${n.name}: ${podCidr.text} holds no more /${mask} blocks`, n.span, ['its pods get no IPv6 address']));
      return { nodeCidrs, podIps, problems };
    },
    clusterIPs(services) {
      if (!serviceCidr) return services.map(() => undefined);
      // The allocator works on offsets: a stand-in IPv4 range from 0 of the same size (capped).
      const bits = Math.min(32, 128 - serviceCidr.prefix);
      const fake: Cidr = { base: 0, prefix: 32 - bits, size: 2 ** bits, text: serviceCidr.text };
      const toFake = (ip: string | undefined): string | undefined => {
        const n = ip === undefined ? undefined : parseIpv6(ip);
        if (n === undefined) return undefined;
        const off = n - serviceCidr.base;
        return off >= 0n && off < BigInt(fake.size) ? formatIpv4(Number(off)) : '255.255.255.255';
      };
      const wanted = services.map((s) => serviceFamilies(s, families).includes(6));
      // The allocator's problems speak of stand-in addresses and are not kept: a Service whose
      // pinned IPv6 address clashes, or that finds the range exhausted, simply has no IPv6
      // ClusterIP, which probes over IPv6 then say. The checker validates pins' range and family.
      const problems: Diagnostic[] = [];
      const out = allocateClusterIPs(services, fake, new Map(), problems, {
        wants: (i) => wanted[i] ?? false,
        pin: (i) => {
          const s = services[i];
          return toFake([s?.clusterIP, s?.secondaryClusterIP].find((ip) => ip !== undefined && ip.includes(':')));
        },
      });
      return out.map((ip) => {
        const n = ip === undefined ? undefined : parseIpv4(ip);
        return n === undefined || ip === '255.255.255.255' ? undefined : formatIpv6(serviceCidr.base + BigInt(n));
      });
    },
  });
}

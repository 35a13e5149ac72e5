/**
 * The addresses pods have on Multus secondary networks (NetworkAttachmentDefinitions), which
 * MultiNetworkPolicy ipBlocks name
 * (https://github.com/k8snetworkplumbingwg/multi-networkpolicy: an ipBlock matches a peer's
 * address on the policy's network). Per attachment (PodSpec.secondaryNetworks), in pod order:
 * - the addresses the attachment asks for (a selection's `ips` key of the multi-net-spec; a VM's
 *   cloud-init addresses), as Multus passes them to the IPAM plugin;
 * - else the NetworkAttachmentDefinition's IPAM (NetworkAttachmentDefinitionSpec.ipam): `static`
 *   gives its listed addresses to every attachment; `host-local` and `whereabouts` give one
 *   address per range set, the lowest free one from the range's start (a stand-in for their
 *   allocators, deterministic: pods in input order, addresses asked for counted as taken);
 * - else none (DHCP, no IPAM, or a NetworkAttachmentDefinition not in the input): no ipBlock
 *   matches the pod on that network.
 * Pools hand out IPv4 addresses only; a pool that runs out gives no address.
 */
import { cidrContains, formatIpv4, parseCidr, parseIpv4, type Cidr } from '../address/ip.js';
import type { IpamRange, NetworkAttachmentDefinitionSpec, PodSpec, SecondaryIpam } from '../spec/types.js';
import { assertNever } from '../spec/never.js';

/** `namespace/name` of a NetworkAttachmentDefinition → its pods' addresses on it, by pod. */
export type SecondaryAddresses = ReadonlyMap<string, ReadonlyMap<PodSpec, readonly string[]>>;

/** The lowest address of `range` neither taken nor excluded, or undefined. */
function nextFree(range: IpamRange, taken: ReadonlySet<string>, exclude: readonly Cidr[]): string | undefined {
  const start = parseIpv4(range.start);
  const end = parseIpv4(range.end);
  if (start === undefined || end === undefined) return undefined;
  for (let n = start; n <= end; n++) {
    const excluded = exclude.find((c) => cidrContains(c, n));
    if (excluded) {
      n = excluded.base + excluded.size - 1;
      continue;
    }
    const ip = formatIpv4(n);
    if (!taken.has(ip)) return ip;
  }
  return undefined;
}

/** The addresses `ipam` gives one more attachment, `taken` updated. */
function allocate(ipam: SecondaryIpam, taken: Set<string>): string[] {
  switch (ipam.kind) {
    case 'static':
      return [...ipam.addresses];
    case 'pool': {
      const out: string[] = [];
      const exclude = ipam.exclude.flatMap((c) => parseCidr(c) ?? []);
      for (const set of ipam.rangeSets) {
        const ip = set.map((range) => nextFree(range, taken, exclude)).find((a) => a !== undefined);
        if (ip === undefined) continue;
        taken.add(ip);
        out.push(ip);
      }
      return out;
    }
    default:
      return assertNever(ipam);
  }
}

export function secondaryAddresses(nads: readonly NetworkAttachmentDefinitionSpec[], pods: readonly PodSpec[]): SecondaryAddresses {
  const byKey = new Map(nads.map((n) => [`${n.namespace}/${n.name}`, n]));
  const taken = new Map<string, Set<string>>();
  const takenOf = (key: string): Set<string> => {
    const set = taken.get(key) ?? new Set<string>();
    taken.set(key, set);
    return set;
  };
  for (const pod of pods) for (const a of pod.secondaryNetworks ?? []) for (const ip of a.ips) takenOf(a.network).add(ip);
  const out = new Map<string, Map<PodSpec, readonly string[]>>();
  for (const pod of pods) {
    for (const a of pod.secondaryNetworks ?? []) {
      const ipam = byKey.get(a.network)?.ipam;
      const ips = a.ips.length > 0 ? a.ips : ipam ? allocate(ipam, takenOf(a.network)) : [];
      const of = out.get(a.network) ?? new Map<PodSpec, readonly string[]>();
      of.set(pod, ips);
      out.set(a.network, of);
    }
  }
  return out;
}

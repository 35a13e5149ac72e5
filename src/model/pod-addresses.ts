/**
 * Node pod CIDRs and pod IPs, as the node IPAM controller and the CNI's host-local IPAM would
 * hand them out, deterministically:
 * - node CIDRs are carved from the first cluster pod CIDR with `nodeCidrMaskSize`, in node
 *   declaration order, skipping blocks that overlap a pinned node CIDR;
 * - in a node's CIDR the network address, the .1 gateway and the broadcast address are never
 *   given out, nor any pinned pod IP;
 * - a generation-0 pod takes the i-th free address, i being its position among the node's
 *   allocated pods in declaration order; a pod recreated g times takes slot g·n + i (n = number of
 *   such pods on the node), so it always gets a new address while the others keep theirs;
 * - hostNetwork pods take their node's primary IP.
 * Removing a pod shifts the slots of the pods declared after it on the same node.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { NodeSpec, PodSpec } from '../spec/types.js';
import { cidrContains, cidrsOverlap, formatIpv4, parseCidr, parseIpv4, type Cidr } from '../address/ip.js';
import { problem } from './problems.js';
import { DIAG, message } from '../diag/catalogue.js';

export interface PodAddressing {
  /** Per node name, its pod CIDR. */
  readonly nodeCidrs: ReadonlyMap<string, Cidr>;
  /** Parallel to the pods given: each pod's IP. */
  readonly podIps: readonly (string | undefined)[];
  readonly problems: readonly Diagnostic[];
}

/** The node's primary address of the family (the one marked primary, else the first). */
export function primaryAddress(node: NodeSpec, family: 4 | 6 = 4): string | undefined {
  const own = node.addresses.filter((a) => (family === 4 ? parseIpv4(a.ip) !== undefined : a.ip.includes(':')));
  return (own.find((a) => a.primary) ?? own[0])?.ip;
}

export function allocateNodeCidrs(nodes: readonly NodeSpec[], clusterCidr: Cidr | undefined, maskSize: number, problems: Diagnostic[]): Map<string, Cidr> {
  const out = new Map<string, Cidr>();
  const pinned: Cidr[] = [];
  for (const n of nodes) {
    const c = n.podCidr === undefined ? undefined : parseCidr(n.podCidr);
    if (c) {
      out.set(n.name, c);
      pinned.push(c);
    }
  }
  if (!clusterCidr) return out;
  const mask = Math.max(maskSize, clusterCidr.prefix);
  const blockSize = 2 ** (32 - mask);
  let next = clusterCidr.base;
  const end = clusterCidr.base + clusterCidr.size;
  for (const n of nodes) {
    if (out.has(n.name)) continue;
    let found: Cidr | undefined;
    while (next + blockSize <= end) {
      const candidate: Cidr = { base: next, prefix: mask, size: blockSize, text: `${formatIpv4(next)}/${mask}` };
      next += blockSize;
      if (!pinned.some((p) => cidrsOverlap(p, candidate))) {
        found = candidate;
        break;
      }
    }
    if (found) out.set(n.name, found);
    else
      problems.push(
        problem(DIAG.nodeCidrExhausted, `no pod CIDR left for node ${n.name}: ${clusterCidr.text} holds no more /${mask} blocks`, n.span, [
          'its pods get no IP address',
        ]),
      );
  }
  return out;
}

export function allocatePodAddresses(
  nodes: readonly NodeSpec[],
  pods: readonly PodSpec[],
  clusterCidr: Cidr | undefined,
  maskSize: number,
): PodAddressing {
  const problems: Diagnostic[] = [];
  const nodeCidrs = allocateNodeCidrs(nodes, clusterCidr, maskSize, problems);
  const nodePrimary = new Map<string, string | undefined>(nodes.map((n) => [n.name, primaryAddress(n)]));
  const podIps: (string | undefined)[] = new Array<string | undefined>(pods.length).fill(undefined);

  // Pinned IPs first: they are never handed out to anyone else.
  const pinnedOwner = new Map<number, PodSpec>();
  const byNode = new Map<string, number[]>();
  pods.forEach((p, i) => {
    if (!nodePrimary.has(p.node)) {
      problems.push(problem(DIAG.unknownNode, message(DIAG.unknownNode, { pod: `${p.namespace}/${p.name}`, node: p.node }), p.span));
      return;
    }
    if (p.hostNetwork) {
      podIps[i] = nodePrimary.get(p.node);
      return;
    }
    if (p.ip !== undefined) {
      const n = parseIpv4(p.ip);
      podIps[i] = p.ip;
      if (n === undefined) return;
      const owner = pinnedOwner.get(n);
      if (owner) {
        problems.push(
          problem(DIAG.addressTaken, `pod IP ${p.ip} of ${p.namespace}/${p.name} is already taken by pod ${owner.namespace}/${owner.name}`, p.span),
        );
      } else pinnedOwner.set(n, p);
      const cidr = nodeCidrs.get(p.node);
      if (cidr && !cidrContains(cidr, n)) {
        problems.push(
          problem(DIAG.podIpOutsideCidr, message(DIAG.podIpOutsideCidr, { ip: p.ip, pod: `${p.namespace}/${p.name}`, cidr: cidr.text, node: p.node }), p.span),
        );
      }
      return;
    }
    const list = byNode.get(p.node);
    if (list) list.push(i);
    else byNode.set(p.node, [i]);
  });

  for (const [nodeName, indexes] of byNode) {
    const cidr = nodeCidrs.get(nodeName);
    if (!cidr) continue;
    const first = cidr.base + 2;
    const last = cidr.base + cidr.size - 2;
    const pinnedHere = [...pinnedOwner.keys()].filter((ip) => ip >= first && ip <= last).sort((a, b) => a - b);
    const capacity = Math.max(0, last - first + 1 - pinnedHere.length);
    // The k-th address of the CIDR that is not pinned.
    const nthFree = (k: number): number => {
      let ip = first + k;
      for (const p of pinnedHere) if (p <= ip) ip++;
      return ip;
    };
    // The addresses taken, for recreated pods looking for a free slot: only kept when the node has some.
    const used = indexes.some((i) => (pods[i] as PodSpec).generation > 0) ? new Set<number>() : undefined;
    const n = indexes.length;
    const later: { index: number; slot: number }[] = [];
    indexes.forEach((podIndex, i) => {
      const pod = pods[podIndex] as PodSpec;
      if (pod.generation > 0) {
        later.push({ index: podIndex, slot: pod.generation * n + i });
        return;
      }
      if (i >= capacity) {
        problems.push(
          problem(DIAG.podCidrExhausted, message(DIAG.podCidrExhausted, { cidr: cidr.text, node: nodeName, pod: `${pod.namespace}/${pod.name}` }), pod.span, [
            `${capacity} addresses are available to pods (network, gateway .1 and broadcast excluded)`,
          ]),
        );
        return;
      }
      const ip = nthFree(i);
      used?.add(ip);
      podIps[podIndex] = formatIpv4(ip);
    });
    for (const { index, slot } of later) {
      const pod = pods[index] as PodSpec;
      if (!used) throw new Error('pod-addresses: a recreated pod on a node without a set of taken addresses');
      if (used.size >= capacity) {
        problems.push(problem(DIAG.podCidrExhausted, message(DIAG.podCidrExhausted, { cidr: cidr.text, node: nodeName, pod: `${pod.namespace}/${pod.name}` }), pod.span));
        continue;
      }
      let k = slot % capacity;
      while (used.has(nthFree(k))) k = (k + 1) % capacity;
      const ip = nthFree(k);
      used.add(ip);
      podIps[index] = formatIpv4(ip);
    }
  }
  return { nodeCidrs, podIps, problems };
}

/**
 * The security groups of each node and pod, and the members of each group (for rules that name a
 * group instead of an address block), as the cloud attaches them:
 * - a node gets the groups attached to it or to its pool; one with none, in the cluster's main
 *   network, gets the provider's default worker-node group (nodes of other network domains are
 *   not the cloud's instances);
 * - a pod gets the groups bound to it by selector (its own ENI);
 * - a group's members are its nodes' addresses, its pods' addresses — a pod's own addresses
 *   carry its bound groups, else in VPC-native mode (the pod's ENI) its node's — and its hosts'.
 */
import type { ClusterSpec, HostSpec, SecurityGroupSpec } from '../spec/types.js';
import { matchesSelector } from '../spec/selector.js';
import { ipFamilyOf } from '../address/ip.js';
import type { NodeState, PodState } from './state.js';

export interface SecurityGroupIndexes {
  readonly byNode: ReadonlyMap<string, readonly SecurityGroupSpec[]>;
  /** By pod key. */
  readonly byPod: ReadonlyMap<string, readonly SecurityGroupSpec[]>;
  /** Group name → member addresses; empty unless some rule names a group. */
  readonly members: ReadonlyMap<string, ReadonlySet<string>>;
}

export function securityGroupIndexes(
  spec: ClusterSpec,
  nodes: readonly NodeState[],
  pods: readonly PodState[],
  hostsByName: ReadonlyMap<string, HostSpec>,
  family: 4 | 6,
): SecurityGroupIndexes {
  const byNode = new Map<string, SecurityGroupSpec[]>();
  const byDefault = spec.securityGroups.filter((g) => g.byDefault !== undefined);
  for (const node of nodes) {
    const attached = spec.securityGroups.filter(
      (g) => g.nodes.includes(node.name) || (node.pool !== undefined && (g.pools.includes(node.pool) || g.name === node.pool)),
    );
    const groups = attached.length > 0 || node.spec.domain !== undefined ? attached : byDefault;
    if (groups.length > 0) byNode.set(node.name, groups);
  }
  const byPod = new Map<string, SecurityGroupSpec[]>();
  for (const g of spec.securityGroups) {
    for (const sel of g.pods ?? []) {
      for (const p of pods) {
        if (p.builtin || (sel.namespace !== undefined && p.namespace !== sel.namespace) || !matchesSelector(sel.selector, p.spec.labels)) continue;
        const list = byPod.get(p.key) ?? [];
        if (!list.includes(g)) byPod.set(p.key, [...list, g]);
      }
    }
  }
  return { byNode, byPod, members: groupMembers(spec, nodes, pods, hostsByName, family, byNode, byPod) };
}

function groupMembers(
  spec: ClusterSpec,
  nodes: readonly NodeState[],
  pods: readonly PodState[],
  hostsByName: ReadonlyMap<string, HostSpec>,
  family: 4 | 6,
  byNode: ReadonlyMap<string, readonly SecurityGroupSpec[]>,
  byPod: ReadonlyMap<string, readonly SecurityGroupSpec[]>,
): Map<string, Set<string>> {
  const members = new Map<string, Set<string>>();
  if (!spec.securityGroups.some((g) => g.rules.some((r) => r.group !== undefined))) return members;
  const member = (group: string, ip: string | undefined): void => {
    if (ip === undefined || ip === '') return;
    let set = members.get(group);
    if (!set) members.set(group, (set = new Set()));
    set.add(ip);
  };
  for (const node of nodes) for (const g of byNode.get(node.name) ?? []) for (const ip of node.addresses) member(g.name, ip);
  const ownInterfaces = spec.networkMode === 'vpc-native';
  for (const p of pods) {
    const bound = byPod.get(p.key) ?? (ownInterfaces && !p.spec.hostNetwork && p.spec.node !== undefined ? byNode.get(p.spec.node) : undefined);
    for (const g of bound ?? []) member(g.name, p.ip);
  }
  for (const g of spec.securityGroups)
    for (const h of g.hosts ?? []) {
      const host = hostsByName.get(h);
      if (host && ipFamilyOf(host.ip) === family) member(g.name, host.ip);
    }
  return members;
}

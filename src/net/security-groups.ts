/**
 * Security groups: stateful allow-lists on the nodes' network interfaces. A packet entering a
 * node from outside the cluster (the internet, a VPC host, or a cloud load balancer forwarding
 * to a node) needs an ingress rule of some group attached to that node matching its protocol,
 * its node-side destination port (the nodePort, hostPort or hostNetwork port; the pod port for
 * VPC-routed pod addresses) and its source address. Nodes without a group accept everything.
 * Egress: a packet leaving a node for outside the cluster (after its SNAT) needs an egress rule
 * of the node's groups when those groups have egress rules at all; groups without any egress
 * rule allow all egress, as cloud default groups do.
 * Inside the cluster a group sees every packet entering its instance from another one: node to
 * node, pod traffic between nodes as the wire carries it (an overlay's encapsulated packet, UDP
 * 8472 or 4789 or IP-in-IP, from the sending node's address; on underlay and VPC-native networks
 * the pod packet itself, from the pod's address). Provider default groups admit their own
 * members and the pod CIDR, so a cluster works until a scenario's groups say otherwise.
 * Replies are implicit (stateful).
 * A probe without a port (dstPort 0) matches any rule's port range; an ICMP echo request (no
 * port) matches rules for ICMP (every type) and for all protocols (net/icmp.ts).
 * A cloud load balancer's traffic to its backends skips them where the provider's listener
 * bypasses them (an annotation) or the `lb-bypass-security-groups` setting says so.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { ClusterState, NodeState, PodState, ServiceState } from '../model/state.js';
import { cidrHas, parseAnyCidr } from '../address/ip.js';
import type { SecurityGroupRule, SecurityGroupSpec } from '../spec/types.js';
import { fail, hop, type Walk } from './walk.js';
import type { Flow } from './types.js';

function ruleText(r: SecurityGroupRule): string {
  const ports = r.protocol === 'IPIP' || r.protocol === 'ICMP' ? '' : r.ports[0] === 1 && r.ports[1] === 65535 ? ' all ports' : r.ports[0] === r.ports[1] ? ` ${r.ports[0]}` : ` ${r.ports[0]}-${r.ports[1]}`;
  return `${r.protocol === 'all' ? 'all' : r.protocol.toLowerCase()}${ports} ${r.direction === 'egress' ? 'to' : 'from'} ${r.group !== undefined ? `group ${r.group}` : r.cidr}`;
}

/** Whether the rule's peer (a block, or a group's members) holds `ip`. */
function peerHas(state: ClusterState, r: SecurityGroupRule, ip: string): boolean {
  if (r.group !== undefined) return state.securityGroupMembers.get(r.group)?.has(ip) ?? false;
  const cidr = parseAnyCidr(r.cidr);
  return cidr !== undefined && cidrHas(cidr, ip);
}

function peerNote(r: SecurityGroupRule, ip: string): string {
  return r.group !== undefined ? ` (${ip} is a member of security group ${r.group})` : '';
}

/** The walk with the group's verdict appended, or the timeout flow naming the groups. */
export function securityGroupIngress(state: ClusterState, node: NodeState, w: Walk, port: number): Walk | Flow {
  return groupsIngress(state, state.securityGroupsByNode.get(node.name), `node ${node.name}`, node.name, w, { src: w.packet.src, protocol: w.packet.protocol, port });
}

/** What a security group sees of a packet: its source, protocol and port, and what carries it. */
export interface Seen {
  readonly src: string;
  readonly protocol: PacketProtocol | 'IPIP';
  /** 0: no port (IP-in-IP, or a probe that names none). */
  readonly port: number;
  /** For an encapsulated packet: the encapsulation, e.g. "VXLAN". */
  readonly carrier?: string;
}

/** A packet from another instance of the cluster entering node `node`, as the wire carries it. */
export function clusterIngress(state: ClusterState, node: NodeState, w: Walk, seen: Seen): Walk | Flow {
  return groupsIngress(state, state.securityGroupsByNode.get(node.name), `node ${node.name}`, node.name, w, seen);
}

/**
 * Traffic from outside to a pod's own address: the groups bound to the pod when it has any
 * (its ENI), else its node's.
 */
export function podSecurityGroupIngress(state: ClusterState, pod: PodState, node: NodeState, w: Walk, port: number): Walk | Flow {
  const own = state.securityGroupsByPod.get(pod.key);
  if (own) return groupsIngress(state, own, `pod ${pod.key}`, node.name, w, { src: w.packet.src, protocol: w.packet.protocol, port });
  return securityGroupIngress(state, node, w, port);
}

/** A packet from another instance of the cluster to a pod's own address (underlay, VPC-native). */
export function podClusterIngress(state: ClusterState, pod: PodState, node: NodeState, w: Walk): Walk | Flow {
  const seen: Seen = { src: w.packet.src, protocol: w.packet.protocol, port: w.packet.dstPort };
  const own = state.securityGroupsByPod.get(pod.key);
  if (own) return groupsIngress(state, own, `pod ${pod.key}`, node.name, w, seen);
  return clusterIngress(state, node, w, seen);
}

function seenText(s: Seen): string {
  const what = s.protocol === 'IPIP' ? 'IP-in-IP (IP protocol 4)' : `${s.protocol} ${s.port === 0 ? '' : `port ${s.port} `}`.trimEnd();
  return `${what}${s.carrier !== undefined && s.protocol !== 'IPIP' ? ` (${s.carrier})` : ''} from ${s.src}`;
}

function groupsIngress(state: ClusterState, groups: readonly SecurityGroupSpec[] | undefined, on: string, at: string, w: Walk, seen: Seen): Walk | Flow {
  if (!groups) return w;
  const { src, protocol, port } = seen;
  for (const g of groups) {
    for (const r of g.rules) {
      if (r.direction !== 'ingress') continue;
      if (r.protocol !== 'all' && r.protocol !== protocol) continue;
      if (port !== 0 && (port < r.ports[0] || port > r.ports[1])) continue;
      if (!peerHas(state, r, src)) continue;
      return hop(w, {
        stage: 'security-group',
        at,
        text: `security group ${g.name}${defaultNote(g)} on ${on} admits ${seenText(seen)}${peerNote(r, src)}`,
        rule: `security group ${g.name} rule ${ruleText(r)}`,
      });
    }
  }
  const names = groups.map((g) => `${g.name}${defaultNote(g)}`).join(', ');
  return fail(w, 'timeout', 'security-group', {
    stage: 'security-group',
    at,
    text: `no rule of security group ${names} on ${on} admits ${seenText(seen)}: dropped`,
    rule: `security group ${groups.map((g) => g.name).join(', ')}`,
  });
}

/** Names a provider's default group as such in traces. */
function defaultNote(g: SecurityGroupSpec): string {
  return g.byDefault ? ` (${g.byDefault.doc})` : '';
}

/** The walk with the groups' egress verdict appended, or the timeout flow naming them. */
export function securityGroupEgress(state: ClusterState, node: NodeState, w: Walk): Walk | Flow {
  const groups = state.securityGroupsByNode.get(node.name);
  const rules = (groups ?? []).flatMap((g) => g.rules.filter((r) => r.direction === 'egress').map((r) => ({ g, r })));
  if (!groups || rules.length === 0) return w;
  const { dst, protocol, dstPort } = w.packet;
  for (const { g, r } of rules) {
    if (r.protocol !== 'all' && r.protocol !== protocol) continue;
    if (dstPort !== 0 && (dstPort < r.ports[0] || dstPort > r.ports[1])) continue;
    if (!peerHas(state, r, dst)) continue;
    return hop(w, {
      stage: 'security-group',
      at: node.name,
      text: `security group ${g.name} on node ${node.name} lets ${protocol} ${dstPort === 0 ? '' : `port ${dstPort} `}out to ${dst}${peerNote(r, dst)}`,
      rule: `security group ${g.name} rule ${ruleText(r)}`,
    });
  }
  const names = [...new Set(rules.map((x) => x.g.name))].join(', ');
  return fail(w, 'timeout', 'security-group', {
    stage: 'security-group',
    at: node.name,
    text: `no egress rule of security group ${names} on node ${node.name} lets ${protocol} ${dstPort === 0 ? '' : `port ${dstPort} `}out to ${dst}: dropped`,
    rule: `security group ${names}`,
  });
}

/** Security groups on traffic a cloud load balancer sends to a node, unless the LB bypasses them. */
export function lbSecurityGroups(state: ClusterState, node: NodeState, w: Walk, port: number, svc: ServiceState | undefined, pod?: PodState): Walk | Flow {
  if (svc?.lb?.settings.bypassSecurityGroups)
    return hop(w, {
      stage: 'security-group',
      at: node.name,
      text: `node ${node.name}'s security groups do not apply to this listener (${svc.lb.decidedBy.bypassSecurityGroups ?? `${svc.lb.profile} default`}): the ${svc.lb.settings.product}'s own access control does`,
      rule: `Service ${svc.key} load balancer`,
    });
  if (!state.spec.settings.lbBypassSecurityGroups) return pod ? podSecurityGroupIngress(state, pod, node, w, port) : securityGroupIngress(state, node, w, port);
  return hop(w, {
    stage: 'security-group',
    at: node.name,
    text: `the load balancer's traffic skips node ${node.name}'s security groups (the LB's "allow by default")`,
    setting: 'lbBypassSecurityGroups',
  });
}

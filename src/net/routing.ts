/**
 * Moving a packet through the cluster once its destination is known: a node's rules
 * (kube-proxy, then the CNI's hostPort DNAT), routing between pods and nodes by network mode,
 * and the way in from outside. The stages it hands the packet to have files of their own:
 * kube-proxy.ts (a node's Service rules), load-balancer.ts (a cloud load balancer and its health
 * checks), network-domains.ts (domains, links, Raven), egress.ts (leaving the cluster, the way to
 * the internet), security-groups.ts, delivery.ts (policy and listeners).
 *
 * Routing model:
 * - same node: over the node's bridge; between nodes: VXLAN-encapsulated in overlay mode,
 *   routed by the VPC in underlay/vpc-native mode; the receiving instance's security groups see
 *   the packet as the wire carries it;
 * - from outside: node addresses are reachable (nodes are assumed to have addresses clients can
 *   route to); pod addresses only from VPC hosts in underlay/vpc-native mode; ClusterIPs and
 *   unused pod-CIDR addresses never; externalIPs are assumed routed to every node (one flow each);
 *   a host's static route sends the packet to a node as it is; an elastic IP is translated to
 *   its node's address.
 * hostPort (CNI portmap): node:hostPort is DNATed to pod:containerPort on the pod's node; the
 * source is kept, except for a pod reaching its own hostPort (hairpin, SNAT to the node).
 */
import { cniPreset } from '../cloud/cni.js';
import type { Encapsulation } from '../cloud/profile.js';
import { profileById } from '../cloud/profiles.js';
import type { ClusterState, NodeState, PodState, ServiceState } from '../model/state.js';
import { cidrHas, inAnyCidr, ipPort, parseAnyCidr } from '../address/ip.js';
import { hostPortKey, ownersOf } from '../model/state.js';
import { alikeNodesText, distinctOfWalk, refuseNested, summariseNodes } from './alike.js';
import { deliverOutside, deliverToNode, deliverToPod } from './delivery.js';
import { egress, internetExit, outsideKind, toInternet } from './egress.js';
import { isLocalAddress, kubeProxy, type Arrival } from './kube-proxy.js';
import { afterDnat, beforeDnat, intoPodFromAfar, leaveNode, type HostGate } from './host-endpoint.js';
import { atLoadBalancer } from './load-balancer.js';
import { acrossDomains, betweenDomains, sameDomain } from './network-domains.js';
import type { Onward } from './onward.js';
import { clusterIngress, lbSecurityGroups, podClusterIngress, podSecurityGroupIngress, securityGroupEgress, securityGroupIngress } from './security-groups.js';
import type { Flow } from './types.js';
import { endpointText, fail, hop, withAlike, withBranch, withPacket, type Walk } from './walk.js';
import { deferredHop } from './deferred-hop.js';
import { assertNever } from '../spec/never.js';

/** The packet is in node `node`'s netfilter hooks (arrived as `arrival`), before routing. */
export function atNode(state: ClusterState, node: NodeState, arriving: Walk, arrival: Arrival): Flow[] {
  // Calico host endpoint policy before kube-proxy's DNAT (host-endpoint.ts), for packets arriving from outside the node.
  const host = arrival === 'remote' && state.hostEndpoints !== undefined ? beforeDnat(state, node, arriving) : undefined;
  if (host !== undefined && 'outcome' in host) return [host];
  const gate = host?.gate;
  const w = host === undefined ? arriving : host.walk;
  const decision = kubeProxy(state, node, w, arrival);
  switch (decision.kind) {
    case 'done':
      return [...decision.flows];
    case 'dnat':
      return decision.walks.flatMap((next) => onward(state, node, next, arrival, gate));
    case 'none':
      break;
    default:
      return assertNever(decision);
  }
  let walk = decision.walk;
  const { dst, dstPort, protocol, src } = walk.packet;
  if (isLocalAddress(node, dst, arrival)) {
    const hp = state.hostPorts.get(hostPortKey(node.name, protocol, dstPort));
    if (hp && hp.pod.ip !== undefined) {
      walk = withPacket(
        walk,
        { ...walk.packet, dst: hp.pod.ip, dstPort: hp.containerPort },
        {
          stage: 'routing',
          at: node.name,
          text: `hostPort ${dstPort} of node ${node.name} maps to pod ${hp.pod.key} port ${hp.containerPort} (CNI portmap DNAT)`,
          rule: `pod ${hp.pod.key} hostPort ${dstPort}/${protocol}`,
          nat: [{ kind: 'DNAT', from: ipPort(dst, dstPort), to: ipPort(hp.pod.ip ?? '', hp.containerPort) }],
        },
      );
      if (src === hp.pod.ip)
        walk = withPacket(
          walk,
          { ...walk.packet, src: node.ip },
          {
            stage: 'routing',
            at: node.name,
            text: `hairpin: the pod reaches its own hostPort, so the portmap plugin SNATs it to ${node.ip}`,
            nat: [{ kind: 'SNAT', from: src, to: node.ip }],
          },
          true,
        );
    }
  }
  return onward(state, node, walk, arrival, gate);
}

/** After kube-proxy and the hostPort mapping: host endpoint policy's last step (when a host endpoint saw the packet), then routing. */
function onward(state: ClusterState, node: NodeState, w: Walk, arrival: Arrival, gate: HostGate | undefined): Flow[] {
  if (gate === undefined) return routeFromNode(state, node, w, arrival);
  const judged = afterDnat(state, node, w, gate, isLocalAddress(node, w.packet.dst, arrival));
  return 'outcome' in judged ? [judged] : routeFromNode(state, node, judged, arrival, gate.kind === 'pending' ? gate.src : undefined);
}

/**
 * Routing decision on `node` for the packet's (possibly DNATed) destination. A packet leaving the
 * node (to another node, a pod of another node, or out of the cluster) passes egress host
 * endpoint policy first (host-endpoint.ts leaveNode), which sees `filterSrc` (the source before
 * kube-proxy's masquerade) when given.
 */
export function routeFromNode(state: ClusterState, node: NodeState, w: Walk, arrival: Arrival, filterSrc?: string): Flow[] {
  const { dst } = w.packet;
  if (isLocalAddress(node, dst, arrival)) return [deliverToNode(state, node, w)];
  const leave = (out: Walk, toPodOfAnotherNode = false): Walk | Flow => (state.hostEndpoints === undefined ? out : leaveNode(state, node, out, arrival === 'local', filterSrc ?? out.packet.src, toPodOfAnotherNode));
  const owners = ownersOf(state, dst) ?? [];
  for (const owner of owners) {
    switch (owner.kind) {
      case 'pod': {
        const target = owner.pod.node;
        if (!target) break;
        if (target.name === node.name)
          return [deliverToPod(state, owner.pod, hop(w, deferredHop('routing', () => `routed over node ${node.name}'s bridge and the pod's veth pair (host end on the bridge, eth0 in the pod's network namespace) to pod ${owner.pod.key}`, { at: node.name })))];
        const left = leave(w, true);
        if ('outcome' in left) return [left];
        const across = acrossDomains(state, node, target, left, false);
        if ('outcome' in across) return [across];
        const crossed = crossNodes(state, node, target, across, owner.pod);
        if ('outcome' in crossed) return [crossed];
        const arrived = intoPodFromAfar(state, target, crossed);
        return 'outcome' in arrived ? [arrived] : [deliverToPod(state, owner.pod, arrived)];
      }
      case 'node': {
        const left = leave(w);
        if ('outcome' in left) return [left];
        const across = acrossDomains(state, node, owner.node, left, true);
        if ('outcome' in across) return [across];
        const next = hop(across, deferredHop('routing', () => `routed over the node network to node ${owner.node.name} (${dst})`, { at: node.name }));
        const admitted = sameDomain(node, owner.node) ? clusterIngress(state, owner.node, next, { src: next.packet.src, protocol: next.packet.protocol, port: next.packet.dstPort }) : next;
        if ('outcome' in admitted) return [admitted];
        return atNode(state, owner.node, admitted, 'remote');
      }
      case 'cluster-ip':
        return [
          fail(w, 'timeout', 'no-route', {
            stage: 'routing',
            at: node.name,
            text: `no kube-proxy rule took ${endpointText(w.packet)}: a ClusterIP is routed nowhere, the packet leaves by the default route and is never answered`,
          }),
        ];
      case 'load-balancer': {
        const left = leave(w);
        if ('outcome' in left) return [left];
        const out = securityGroupEgress(state, node, egress(state, node, left, 'internet'));
        if ('outcome' in out) return [out];
        return atLoadBalancer(state, owner.service, out, ONWARD);
      }
      case 'host': {
        const h = owner.host;
        if (h.kind !== 'vpc' || h.domain === node.spec.domain) break;
        const left = leave(w);
        if ('outcome' in left) return [left];
        const across = betweenDomains(state, node.spec.domain, h.domain, left, node.name, `node ${node.name}`, `host ${h.name}`, false);
        if ('outcome' in across) return [across];
        const out = securityGroupEgress(state, node, egress(state, node, across, 'vpc'));
        if ('outcome' in out) return [out];
        return [deliverOutside(state, out)];
      }
      case 'eip': {
        // Out to the internet from this node, back in through the target node's EIP.
        const left = leave(w);
        if ('outcome' in left) return [left];
        const out = securityGroupEgress(state, node, egress(state, node, left, 'internet'));
        if ('outcome' in out) return [out];
        const exit = toInternet(state, node, out);
        return 'outcome' in exit ? [exit] : viaEip(state, owner.node, exit);
      }
      case 'external-ip':
        break;
      default:
        return assertNever(owner);
    }
  }
  if (state.serviceCidr && cidrHas(state.serviceCidr, dst))
    return [
      fail(w, 'timeout', 'no-route', {
        stage: 'routing',
        at: node.name,
        text: `${dst} is in the service CIDR but no Service has it: the packet leaves by the default route and is never answered`,
      }),
    ];
  if (inAnyCidr(state.podCidrs, dst))
    return [fail(w, 'unreachable', 'no-route', { stage: 'routing', at: node.name, text: `no pod has address ${dst}: host unreachable` })];
  const kind = outsideKind(state, dst);
  const left = leave(w);
  if ('outcome' in left) return [left];
  const out = securityGroupEgress(state, node, egress(state, node, left, kind));
  if ('outcome' in out) return [out];
  const exit = kind === 'internet' ? toInternet(state, node, out) : out;
  return 'outcome' in exit ? [exit] : [deliverOutside(state, exit)];
}

/** Flannel's VXLAN: the overlay's carriage when neither a CNI preset nor the provider says. */
const DEFAULT_ENCAPSULATION: Encapsulation = { name: 'VXLAN', protocol: 'UDP', port: 8472 };

/** How the cluster's overlay carries pod packets between nodes. */
export function encapsulationOf(state: ClusterState): Encapsulation {
  const cni = state.spec.cni === undefined ? undefined : cniPreset(state.spec.cni);
  return cni?.encapsulation ?? profileById(state.spec.provider).overlayEncapsulation ?? DEFAULT_ENCAPSULATION;
}

/**
 * A pod packet from node `from` to `pod` on node `to`: encapsulated between the nodes' addresses
 * in overlay mode, routed by the VPC otherwise; the receiving instance's security groups see it
 * as the wire carries it.
 */
function crossNodes(state: ClusterState, from: NodeState, to: NodeState, w: Walk, pod: PodState): Walk | Flow {
  const cni = state.spec.cni === undefined ? undefined : cniPreset(state.spec.cni);
  if (state.spec.networkMode === 'overlay') {
    const encap = encapsulationOf(state);
    const carried = hop(
      w,
      deferredHop('routing', () => `${cni ? `${cni.name}, ${cni.carriage}` : encap === DEFAULT_ENCAPSULATION ? 'VXLAN' : encap.name}: encapsulated on node ${from.name} (${from.ip}) towards node ${to.name} (${to.ip})`, {
        at: from.name,
        nat: [{ kind: 'encap', from: from.ip, to: to.ip }],
        packet: w.packet,
      }),
    );
    const admitted = sameDomain(from, to) ? clusterIngress(state, to, carried, { src: from.ip, protocol: encap.protocol, port: encap.port ?? 0, carrier: encap.name }) : carried;
    if ('outcome' in admitted) return admitted;
    return hop(
      admitted,
      deferredHop('routing', () => `decapsulated on node ${to.name} and routed over its bridge, through the pod's veth pair into its network namespace`, {
        at: to.name,
        nat: [{ kind: 'decap', from: from.ip, to: to.ip }],
      }),
    );
  }
  const routed = hop(w, deferredHop('routing', () => `routed through the VPC to node ${to.name} (${state.spec.networkMode}${cni ? `, ${cni.name}: ${cni.carriage}` : ''}: pod addresses are VPC-routable)`, { at: from.name }));
  return sameDomain(from, to) ? podClusterIngress(state, pod, to, routed) : routed;
}

/**
 * A private host (in the main VPC or a domain of its own) reaching a node of the cluster, or a
 * pod address on it: the domains must be linked (never by Raven, which carries the cluster's
 * own traffic); pod addresses cross only a leased line or VPN, where the routes are learnt.
 */
function fromHostDomain(state: ClusterState, w: Walk, node: NodeState, toText: string): Walk | Flow {
  const o = w.origin;
  if (o.kind !== 'outside' || o.where !== 'vpc') return w;
  const from = o.host?.domain;
  return betweenDomains(state, from, node.spec.domain, w, undefined, o.host ? `host ${o.host.name}` : o.ip, toText, false);
}

/** A packet for a node's EIP: translated to the node's own address, then into the node. */
function viaEip(state: ClusterState, node: NodeState, w: Walk): Flow[] {
  const { dst, dstPort } = w.packet;
  const translated = withPacket(
    w,
    { ...w.packet, dst: node.ip },
    {
      stage: 'routing',
      text: `${dst} is node ${node.name}'s elastic IP: the VPC translates it to the node's address ${node.ip}`,
      rule: `node ${node.name} eip ${dst}`,
      nat: [{ kind: 'DNAT', from: dst, to: node.ip }],
    },
  );
  return enterNode(state, node, translated, dstPort);
}

/**
 * A host's static route (`route CIDR via node N`, the longest that holds the destination): the
 * packet goes to that node as it is, and the node's rules take it (kube-proxy DNATs a ClusterIP
 * and masquerades it as its local-traffic detector says).
 */
function viaHostRoute(state: ClusterState, w: Walk): Flow[] | undefined {
  const o = w.origin;
  if (o.kind !== 'outside' || !o.host?.routes) return undefined;
  const { dst, dstPort } = w.packet;
  let best: { cidr: string; node: string; prefix: number } | undefined;
  for (const r of o.host.routes) {
    const c = parseAnyCidr(r.cidr);
    if (c && cidrHas(c, dst) && (!best || c.prefix > best.prefix)) best = { ...r, prefix: c.prefix };
  }
  const node = best && state.nodesByName.get(best.node);
  if (!best || !node) return undefined;
  const across = fromHostDomain(state, w, node, `node ${node.name}`);
  if ('outcome' in across) return [across];
  const routed = hop(across, { stage: 'routing', text: `host ${o.host.name} routes ${best.cidr} via node ${node.name} (${node.ip}): the packet for ${dst} goes to the node as it is`, rule: `host ${o.host.name} route ${best.cidr} via node ${node.name}` });
  return enterNode(state, node, routed, dstPort);
}

/** A packet from outside the cluster, heading for its destination. */
export function fromOutside(state: ClusterState, w: Walk): Flow[] {
  const routed = viaHostRoute(state, w);
  if (routed) return routed;
  const { dst, dstPort } = w.packet;
  const origin = w.origin;
  const where = origin.kind === 'outside' ? origin.where : 'internet';
  for (const owner of ownersOf(state, dst) ?? []) {
    switch (owner.kind) {
      case 'cluster-ip':
        return [
          fail(w, 'unreachable', 'no-route', {
            stage: 'routing',
            text: `${dst} is ClusterIP of Service ${owner.service.key}: ClusterIPs exist only in kube-proxy's rules inside the cluster, nothing outside routes to them`,
          }),
        ];
      case 'load-balancer':
        return atLoadBalancer(state, owner.service, w, ONWARD);
      case 'external-ip': {
        const toNode = (node: NodeState, branch: Walk): Flow[] =>
          enterNode(state, node, hop(branch, { stage: 'routing', text: `externalIP ${dst} is routed to node ${node.name} (routing externalIPs to nodes is the administrator's job)` }), dstPort);
        const svc = owner.services[0];
        const j = svc ? svc.ports.findIndex((p) => p.port === dstPort && p.protocol === w.packet.protocol) : -1;
        const classes = svc && j >= 0 ? summariseNodes(state, svc, j, distinctOfWalk(state, w), state.nodes) : undefined;
        if (classes) {
          refuseNested(w, state.nodes.length, `externalIP ${dst} routed to ${state.nodes.length} nodes`);
          return classes.flatMap((cls) => toNode(cls[0] as NodeState, withAlike(withBranch(w, alikeNodesText(cls[0] as NodeState, cls.length), cls.length / state.nodes.length), { nodes: cls, paths: cls.length })));
        }
        return state.nodes.flatMap((node) => toNode(node, withBranch(w, `via node ${node.name}`, 1 / state.nodes.length)));
      }
      case 'node':
        if (where === 'internet' && outsideKind(state, dst) === 'vpc')
          return [
            fail(w, 'unreachable', 'no-route', {
              stage: 'routing',
              text: `${dst} is node ${owner.node.name}'s private address: the internet has no route to it${owner.node.spec.eip !== undefined ? ` (its elastic IP is ${owner.node.spec.eip})` : ' (a node is reached from the internet through an elastic IP: `eip`, its ExternalIP)'}`,
            }),
          ];
        {
          const across = fromHostDomain(state, w, owner.node, `node ${owner.node.name}`);
          if ('outcome' in across) return [across];
          return enterNode(state, owner.node, hop(across, { stage: 'routing', text: `routed to node ${owner.node.name} (${dst})` }), dstPort);
        }
      case 'eip':
        return viaEip(state, owner.node, w);
      case 'pod': {
        const pod = owner.pod;
        const node = pod.node;
        if (state.spec.networkMode === 'overlay')
          return [
            fail(w, 'unreachable', 'no-route', {
              stage: 'routing',
              text: `${dst} is pod ${pod.key}'s address in an overlay network: the pod CIDR is not routable outside the cluster`,
            }),
          ];
        if (where === 'internet' || !node)
          return [
            fail(w, 'unreachable', 'no-route', {
              stage: 'routing',
              text: `${dst} is pod ${pod.key}'s private VPC address: the internet has no route to it`,
            }),
          ];
        const across = fromHostDomain(state, w, node, `pod ${pod.key}`);
        if ('outcome' in across) return [across];
        const routed = hop(across, {
          stage: 'routing',
          text:
            node.spec.domain === undefined
              ? `the VPC routes pod address ${dst} to node ${node.name} (${state.spec.networkMode})`
              : `domain ${node.spec.domain}'s network routes pod address ${dst} to node ${node.name} (${state.spec.networkMode}: the node announces its pod routes, e.g. over BGP)`,
        });
        const admitted = podSecurityGroupIngress(state, pod, node, routed, dstPort);
        if ('outcome' in admitted) return [admitted];
        const arrived = intoPodFromAfar(state, node, admitted);
        return 'outcome' in arrived ? [arrived] : [deliverToPod(state, pod, arrived)];
      }
      case 'host':
        break;
      default:
        return assertNever(owner);
    }
  }
  if (inAnyCidr(state.podCidrs, dst) || (state.serviceCidr && inAnyCidr([state.serviceCidr], dst)))
    return [fail(w, 'unreachable', 'no-route', { stage: 'routing', text: `${dst} is a cluster-internal address: nothing outside the cluster routes to it` })];
  if (origin.kind === 'outside' && origin.where === 'vpc' && outsideKind(state, dst) === 'internet') {
    const exit = internetExit(state, w, origin.host?.domain, origin.host ? `host ${origin.host.name}` : origin.ip, undefined);
    if ('outcome' in exit) return [exit];
    return [deliverOutside(state, exit)];
  }
  return [deliverOutside(state, w)];
}

/** Arrival at a node from outside the cluster: security groups, then the node's rules. */
export function enterNode(state: ClusterState, node: NodeState, w: Walk, nodeSidePort: number, viaLoadBalancerOf?: ServiceState): Flow[] {
  const admitted = viaLoadBalancerOf ? lbSecurityGroups(state, node, w, nodeSidePort, viaLoadBalancerOf) : securityGroupIngress(state, node, w, nodeSidePort);
  if ('outcome' in admitted) return [admitted];
  return atNode(state, node, admitted, 'remote');
}


/** Routing's entry points for the stages that hand packets back (load balancers, health checks). */
const ONWARD: Onward = { atNode, enterNode };

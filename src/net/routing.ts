/**
 * Moving a packet through the cluster once its destination is known: a node's rules
 * (kube-proxy, then the CNI's hostPort DNAT), routing between pods and nodes by network mode,
 * the way in from outside (load balancer, security groups), then policy and delivery.
 *
 * Routing model:
 * - same node: over the node's bridge; between nodes: VXLAN-encapsulated in overlay mode,
 *   routed by the VPC in underlay/vpc-native mode;
 * - from outside: node addresses are reachable (nodes are assumed to have addresses clients can
 *   route to); pod addresses only from VPC hosts in underlay/vpc-native mode; ClusterIPs and
 *   unused pod-CIDR addresses never; externalIPs are assumed routed to every node (one flow each);
 * - pod → outside: SNAT to the node's address when egressMasquerade is on — always towards the
 *   internet, towards VPC hosts only in overlay mode (VPC-native pod addresses are routable).
 *   An unmasqueraded pod source cannot be answered from outside an overlay (timeout, no-route);
 * - pod → another node's address keeps the pod source (no SNAT inside the cluster).
 *
 * Listeners: a pod listens on its declared container ports (every port when it declares none);
 * a node address delivers to a hostNetwork pod declaring the port, else to the node's own
 * daemons, which the model lets listen on 22 (sshd), 10250 (kubelet), 10256 (kube-proxy
 * health), every healthCheckNodePort, and 6443 on the first node (the API server); outside
 * hosts accept every port. A probe without a port (port 0) only tests that the address answers.
 * hostPort (CNI portmap): node:hostPort is DNATed to pod:containerPort on the pod's node; the
 * source is kept, except for a pod reaching its own hostPort (hairpin, SNAT to the node).
 */
import { parseNodeSelector } from '../cloud/annotations.js';
import { cniPreset } from '../cloud/cni.js';
import type { Encapsulation, LbSettings } from '../cloud/profile.js';
import type { LinkSpec } from '../spec/types.js';
import { profileById } from '../cloud/profiles.js';
import { matchesSelector } from '../spec/selector.js';

import type { ClusterState, NodeState, PodState, ServicePortState, ServiceState } from '../model/state.js';
import { cidrHas, inAnyCidr, ipFamilyOf, ipPort, isPrivateAddress, parseAnyCidr, rangeAddress } from '../model/ipv4.js';
import { hostPortKey, ownersOf } from '../model/state.js';
import { isLocalAddress, kubeProxy, type Arrival } from './kube-proxy.js';
import { healthSummary, nodeHealth, podHealth, sourceDescription, type Health } from './health-checks.js';
import { localEndpoints } from './endpoint-selection.js';
import { describeConnection } from '../policy/describe.js';
import { addressEndpoint, checkPolicy, needsPolicy, podEndpoint } from './policy-check.js';
import type { PolicyEndpoint } from './policy.js';
import { clusterIngress, podClusterIngress, podSecurityGroupIngress, securityGroupEgress, securityGroupIngress } from './security-groups.js';
import type { Flow, Hop } from './types.js';
import { deliver, endpointText, fail, hop, hops as appendHops, withAlike, withBranch, withPacket, type Walk } from './walk.js';
import { alikeNodesText, distinctOfWalk, summariseNodes } from './alike.js';

/** Upstream: nodes with this label are never backends of external load balancers. */
const EXCLUDE_FROM_LB = 'node.kubernetes.io/exclude-from-external-load-balancers';

const NODE_DAEMONS: ReadonlyMap<number, string> = new Map([
  [22, 'sshd'],
  [10250, 'the kubelet'],
  [10256, "kube-proxy's health server"],
]);

/** The packet is in node `node`'s netfilter hooks (arrived as `arrival`), before routing. */
export function atNode(state: ClusterState, node: NodeState, w: Walk, arrival: Arrival): Flow[] {
  const decision = kubeProxy(state, node, w, arrival);
  switch (decision.kind) {
    case 'done':
      return [...decision.flows];
    case 'dnat':
      return decision.walks.flatMap((next) => routeFromNode(state, node, next, arrival));
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
  return routeFromNode(state, node, walk, arrival);
}

/** Routing decision on `node` for the packet's (possibly DNATed) destination. */
export function routeFromNode(state: ClusterState, node: NodeState, w: Walk, arrival: Arrival): Flow[] {
  const { dst } = w.packet;
  if (isLocalAddress(node, dst, arrival)) return [deliverToNode(state, node, w)];
  const owners = ownersOf(state, dst) ?? [];
  for (const owner of owners) {
    switch (owner.kind) {
      case 'pod': {
        const target = owner.pod.node;
        if (!target) break;
        if (target.name === node.name)
          return [deliverToPod(state, owner.pod, hop(w, { stage: 'routing', at: node.name, text: `routed over node ${node.name}'s bridge and the pod's veth pair (host end on the bridge, eth0 in the pod's network namespace) to pod ${owner.pod.key}` }))];
        const across = acrossDomains(state, node, target, w, false);
        if ('outcome' in across) return [across];
        const crossed = crossNodes(state, node, target, across, owner.pod);
        return 'outcome' in crossed ? [crossed] : [deliverToPod(state, owner.pod, crossed)];
      }
      case 'node': {
        const across = acrossDomains(state, node, owner.node, w, true);
        if ('outcome' in across) return [across];
        const next = hop(across, { stage: 'routing', at: node.name, text: `routed over the node network to node ${owner.node.name} (${dst})` });
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
        const out = securityGroupEgress(state, node, egress(state, node, w, 'internet'));
        if ('outcome' in out) return [out];
        return atLoadBalancer(state, owner.service, out);
      }
      case 'host': {
        const h = owner.host;
        if (h.kind !== 'vpc' || h.domain === node.spec.domain) break;
        const across = betweenDomains(state, node.spec.domain, h.domain, w, node.name, `node ${node.name}`, `host ${h.name}`, false);
        if ('outcome' in across) return [across];
        const out = securityGroupEgress(state, node, egress(state, node, across, 'vpc'));
        if ('outcome' in out) return [out];
        return [deliverOutside(state, out)];
      }
      case 'eip': {
        // Out to the internet from this node, back in through the target node's EIP.
        const out = securityGroupEgress(state, node, egress(state, node, w, 'internet'));
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
  const out = securityGroupEgress(state, node, egress(state, node, w, kind));
  if ('outcome' in out) return [out];
  const exit = kind === 'internet' ? toInternet(state, node, out) : out;
  return 'outcome' in exit ? [exit] : [deliverOutside(state, exit)];
}

/**
 * Nodes in different network domains (node `domain`) reach each other's private addresses only
 * over a link that carries them: leased lines, VPNs and Raven tunnels, both ways. The public
 * internet carries packets to public addresses only (A-03: the cloud cannot reach edge nodes).
 */
function acrossDomains(state: ClusterState, from: NodeState, to: NodeState, w: Walk, toNodeAddress: boolean): Walk | Flow {
  return betweenDomains(state, from.spec.domain, to.spec.domain, w, from.name, `node ${from.name}`, toNodeAddress ? `node ${to.name}` : `a pod on node ${to.name}`, true, toNodeAddress);
}

/**
 * From network domain `a` to a private address in domain `b` (undefined: the cluster's main
 * network): the link that carries it, or the flow that ends for want of one. `ravenOk`: cluster members use Raven's
 * tunnel; machines outside the cluster cannot.
 */
function betweenDomains(
  state: ClusterState,
  a: string | undefined,
  b: string | undefined,
  w: Walk,
  at: string | undefined,
  fromText: string,
  toText: string,
  ravenOk: boolean,
  toNodeAddress = false,
): Walk | Flow {
  if (a === b) return w;
  const where = at === undefined ? {} : { at };
  const name = (d: string | undefined): string => (d === undefined ? "the cluster's main network" : `domain ${d}`);
  const key = (d: string | undefined): string => d ?? '';
  const links = state.spec.links ?? [];
  const joins = (l: (typeof links)[number], x: string, y: string): boolean => (key(l.a) === x && key(l.b) === y) || (key(l.a) === y && key(l.b) === x);
  const both = links.find((l) => l.kind !== 'internet' && (ravenOk || (l.kind !== 'raven' && l.kind !== 'raven-proxy')) && joins(l, key(a), key(b)));
  if (both?.kind === 'raven-proxy') {
    const rule = `link ${both.a} ${both.b} raven-proxy`;
    if (!toNodeAddress)
      return fail(w, 'timeout', 'no-route', {
        stage: 'routing',
        ...where,
        text: `Raven's L7 proxy between ${name(a)} and ${name(b)} carries host-level traffic to node addresses only; ${toText} needs the L3 tunnel (enable-l3-tunnel in raven-cfg: \`link ${both.a} ${both.b} raven\`)`,
        rule,
      });
    const closed = ravenProxyBlocked(state, both);
    if (closed) return fail(w, 'timeout', closed.cause, { stage: 'routing', ...where, text: `Raven's L7 proxy between ${name(a)} and ${name(b)} is down: ${closed.why}`, rule });
    return hop(w, { stage: 'routing', ...where, text: `from ${name(a)} to ${name(b)} through Raven's L7 proxy (host-level traffic to a node address)`, rule });
  }
  if (both?.kind === 'raven') {
    const blocked = ravenBlocked(state, both);
    if (blocked)
      return fail(w, 'timeout', blocked.cause, { stage: 'routing', ...where, text: `the Raven tunnel between ${name(a)} and ${name(b)} is down: ${blocked.why}`, rule: `link ${both.a} ${both.b} raven` });
  }
  if (both)
    return hop(w, {
      stage: 'routing',
      ...where,
      text: `from ${name(a)} to ${name(b)} over the ${both.kind === 'raven' ? 'Raven tunnel (opened from the edge, then used both ways)' : both.kind}`,
      rule: `link ${both.a} ${both.b} ${both.kind}`,
    });
  // The internet carries packets to public addresses only (EIPs, public load balancers, which
  // the caller routes as such); a private address of another domain is not among them.
  const out = links.find((l) => l.kind === 'internet' && key(l.a) === key(a) && key(l.b) === key(b));
  if (out)
    return fail(w, 'timeout', 'no-route', {
      stage: 'routing',
      ...where,
      text: `${name(a)} reaches ${name(b)} only over the public internet, which carries packets to public addresses (elastic IPs, public load balancers), never to ${toText}'s private address: that needs Raven's tunnel, a leased line or a VPN`,
      rule: `link ${out.a} ${out.b} internet`,
    });
  const back = links.find((l) => l.kind === 'internet' && key(l.a) === key(b) && key(l.b) === key(a));
  const raven = !ravenOk && links.find((l) => (l.kind === 'raven' || l.kind === 'raven-proxy') && joins(l, key(a), key(b)));
  return fail(w, 'timeout', 'no-route', {
    stage: 'routing',
    ...where,
    text: back
      ? `${name(b)} reaches ${name(a)} over the internet through NAT, but nothing in ${name(a)} can open a connection to ${toText} in ${name(b)}`
      : raven
        ? `${fromText} (${name(a)}) and ${toText} (${name(b)}) are joined only by Raven's tunnel, which carries the cluster's own traffic, not other machines'`
        : `${fromText} (${name(a)}) and ${toText} (${name(b)}) are in different network domains and no link joins them`,
    ...(back ? { rule: `link ${back.a} ${back.b} internet` } : {}),
  });
}

/** The link by which network domain `domain` reaches the internet (its own NAT), if any. */
function internetLinkOf(state: ClusterState, domain: string): LinkSpec | undefined {
  return (state.spec.links ?? []).find((l) => l.kind === 'internet' && l.a === domain);
}

/** Why Raven is down: a security group closes its ports, or the edge has no way out. */
interface RavenDown {
  readonly why: string;
  readonly cause: 'security-group' | 'no-route';
}

/**
 * Whether Raven can come up between edge domain `a` and cloud domain `b` (clouds.md A+04): the
 * edge side must reach the internet (seed 001: 边缘侧 IDC 或设备具有访问公网的能力), where it opens
 * the tunnel; its L3 tunnel needs some edge node admitting UDP 4500 (IPsec) and some cloud node
 * UDP 8472 (VXLAN); its L7 proxy needs some edge node admitting TCP 10280-10284. Nodes without
 * security groups admit everything.
 */
function ravenBlocked(state: ClusterState, link: { readonly a: string; readonly b: string }): RavenDown | undefined {
  return (
    noInternet(state, link, 'tunnel') ??
    (!domainAdmits(state, link.a, 'UDP', 4500, 4500)
      ? { why: `no node of domain ${link.a} admits UDP 4500 (IPsec), which the edge side of the tunnel needs`, cause: 'security-group' }
      : !domainAdmits(state, link.b, 'UDP', 8472, 8472)
        ? { why: `no node of domain ${link.b} admits UDP 8472 (VXLAN), which the cloud side of the tunnel needs`, cause: 'security-group' }
        : undefined)
  );
}

function ravenProxyBlocked(state: ClusterState, link: { readonly a: string; readonly b: string }): RavenDown | undefined {
  return (
    noInternet(state, link, "proxy's connection") ??
    (domainAdmits(state, link.a, 'TCP', 10280, 10284) ? undefined : { why: `no node of domain ${link.a} admits TCP 10280-10284, which the proxy's edge side needs`, cause: 'security-group' })
  );
}

function noInternet(state: ClusterState, link: { readonly a: string; readonly b: string }, what: string): RavenDown | undefined {
  if (internetLinkOf(state, link.a)) return undefined;
  return { why: `domain ${link.a} has no internet access (no \`link ${link.a} ${link.b} internet\`), and Raven's edge side opens the ${what} over the internet`, cause: 'no-route' };
}

/** Some node of `domain` has no security group, or an ingress rule covering `protocol` ports from..to. */
function domainAdmits(state: ClusterState, domain: string, protocol: 'TCP' | 'UDP', from: number, to: number): boolean {
  return state.nodes
    .filter((n) => (n.spec.domain ?? '') === domain)
    .some((n) => {
      const groups = state.securityGroupsByNode.get(n.name);
      if (!groups) return true;
      return groups.some((g) => g.rules.some((r) => r.direction === 'ingress' && (r.protocol === 'all' || r.protocol === protocol) && r.ports[0] <= from && to <= r.ports[1]));
    });
}

/** Nodes of one network domain: security groups see their traffic as the wire carries it. */
function sameDomain(a: NodeState, b: NodeState): boolean {
  return a.spec.domain === b.spec.domain;
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
    const carried = hop(w, {
      stage: 'routing',
      at: from.name,
      text: `${cni ? `${cni.name}, ${cni.carriage}` : encap === DEFAULT_ENCAPSULATION ? 'VXLAN' : encap.name}: encapsulated on node ${from.name} (${from.ip}) towards node ${to.name} (${to.ip})`,
      nat: [{ kind: 'encap', from: from.ip, to: to.ip }],
      packet: w.packet,
    });
    const admitted = sameDomain(from, to) ? clusterIngress(state, to, carried, { src: from.ip, protocol: encap.protocol, port: encap.port ?? 0, carrier: encap.name }) : carried;
    if ('outcome' in admitted) return admitted;
    return hop(admitted, {
      stage: 'routing',
      at: to.name,
      text: `decapsulated on node ${to.name} and routed over its bridge, through the pod's veth pair into its network namespace`,
      nat: [{ kind: 'decap', from: from.ip, to: to.ip }],
    });
  }
  const routed = hop(w, {
    stage: 'routing',
    at: from.name,
    text: `routed through the VPC to node ${to.name} (${state.spec.networkMode}${cni ? `, ${cni.name}: ${cni.carriage}` : ''}: pod addresses are VPC-routable)`,
  });
  return sameDomain(from, to) ? podClusterIngress(state, pod, to, routed) : routed;
}

/** Classifies an address outside the cluster: a VPC host, private ranges ⇒ vpc, else internet. */
export function outsideKind(state: ClusterState, ip: string): 'internet' | 'vpc' {
  for (const owner of ownersOf(state, ip) ?? []) if (owner.kind === 'host') return owner.host.kind;
  return isPrivateAddress(ip) ? 'vpc' : 'internet';
}

/** A packet leaving the cluster from `node`: the egress SNAT decision. */
function egress(state: ClusterState, node: NodeState, w: Walk, kind: 'internet' | 'vpc'): Walk {
  const { src } = w.packet;
  if (!inAnyCidr(state.podCidrs, src) || ownersOf(state, src)?.some((o) => o.kind === 'node')) return w;
  const settings = state.spec.settings;
  if (!settings.egressMasquerade) return hop(w, { stage: 'routing', at: node.name, text: `leaves the cluster with the pod address ${src} (setting egressMasquerade=false)`, setting: 'egressMasquerade' });
  if (kind === 'vpc' && state.spec.networkMode !== 'overlay')
    return hop(w, { stage: 'routing', at: node.name, text: `leaves node ${node.name} with the pod address ${src}: pod addresses are VPC-routable (${state.spec.networkMode}), no SNAT` });
  return withPacket(
    w,
    { ...w.packet, src: node.ip },
    {
      stage: 'routing',
      at: node.name,
      text: `leaving the cluster: SNAT of the pod address ${src} to node ${node.name}'s address ${node.ip}`,
      rule: 'CNI egress masquerade',
      setting: 'egressMasquerade',
      nat: [{ kind: 'SNAT', from: src, to: node.ip }],
    },
    true,
  );
}

/**
 * Internet-bound traffic from `node` (K-18, G-05): from the node's EIP when it has one (the
 * cloud's one-to-one NAT, which takes precedence); from a node of another network domain through
 * that domain's own internet access (an `internet` link); else through the VPC's NAT gateway;
 * else a public source address leaves as it is. A private address with none of these has no path
 * to the internet on these clouds (setting internetExit `none`, the default); `direct` models a
 * network whose routers take it out anyway (a lab, an on-premises network with its own NAT).
 */
function toInternet(state: ClusterState, node: NodeState, w: Walk): Walk | Flow {
  const eip = node.spec.eip;
  if (eip !== undefined && w.packet.src === node.ip && ipFamilyOf(eip) === ipFamilyOf(w.packet.src))
    return withPacket(
      w,
      { ...w.packet, src: eip },
      {
        stage: 'routing',
        at: node.name,
        text: `node ${node.name}'s elastic IP: the VPC translates ${w.packet.src} to ${eip} on the way to the internet`,
        rule: `node ${node.name} eip ${eip}`,
        nat: [{ kind: 'SNAT', from: w.packet.src, to: eip }],
      },
      true,
    );
  return internetExit(state, w, node.spec.domain, `node ${node.name}`, node.name);
}

/**
 * The way out to the internet of a machine without an elastic IP, in network domain `domain`
 * (undefined: the cluster's VPC): see toInternet.
 */
function internetExit(state: ClusterState, w: Walk, domain: string | undefined, who: string, at: string | undefined): Walk | Flow {
  const where = at === undefined ? {} : { at };
  const { src } = w.packet;
  if (domain !== undefined) {
    const out = internetLinkOf(state, domain);
    if (out) return hop(w, { stage: 'routing', ...where, text: `leaves domain ${domain} for the internet through its own access (NAT of the site)`, rule: `link ${out.a} ${out.b} internet` });
    return fail(w, 'timeout', 'no-route', { stage: 'routing', ...where, text: `${who} is in domain ${domain}, which has no internet access (no \`link ${domain} … internet\`)` });
  }
  const gateway = throughNatGateway(state, w);
  if (gateway !== w) return gateway;
  if (!isPrivateAddress(src)) return w;
  if (state.spec.settings.internetExit === 'direct')
    return hop(w, { stage: 'routing', ...where, text: `the network takes ${src} out to the internet (setting internetExit direct)`, setting: 'internetExit' });
  return fail(w, 'timeout', 'no-route', {
    stage: 'routing',
    ...where,
    text: `${who} sends from the private address ${src} and has neither an elastic IP (\`eip\`) nor a NAT gateway (\`set nat-gateway\`): the VPC has no path to the internet for it (setting internetExit none)`,
    setting: 'internetExit',
  });
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

/** Internet-bound traffic leaves the VPC through its NAT gateway, when the cluster has one (G-05). */
function throughNatGateway(state: ClusterState, w: Walk): Walk {
  const nat = state.spec.settings.natGateway;
  // The NAT gateway's address is IPv4: IPv6 traffic leaves without it (no NAT66).
  if (nat === null || w.packet.src === nat || ipFamilyOf(w.packet.src) !== ipFamilyOf(nat)) return w;
  return withPacket(
    w,
    { ...w.packet, src: nat },
    {
      stage: 'routing',
      at: 'NAT gateway',
      text: `the VPC's NAT gateway translates ${w.packet.src} to its public address ${nat} on the way to the internet`,
      setting: 'natGateway',
      nat: [{ kind: 'SNAT', from: w.packet.src, to: nat }],
    },
    true,
  );
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
        return atLoadBalancer(state, owner.service, w);
      case 'external-ip': {
        const toNode = (node: NodeState, branch: Walk): Flow[] =>
          enterNode(state, node, hop(branch, { stage: 'routing', text: `externalIP ${dst} is routed to node ${node.name} (routing externalIPs to nodes is the administrator's job)` }), dstPort);
        const svc = owner.services[0];
        const j = svc ? svc.ports.findIndex((p) => p.port === dstPort && p.protocol === w.packet.protocol) : -1;
        const classes = svc && j >= 0 ? summariseNodes(state, svc, j, distinctOfWalk(state, w), state.nodes) : undefined;
        if (classes) return classes.flatMap((cls) => toNode(cls[0] as NodeState, withAlike(withBranch(w, alikeNodesText(cls[0] as NodeState, cls.length), cls.length / state.nodes.length), { nodes: cls, paths: cls.length })));
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
        return 'outcome' in admitted ? [admitted] : [deliverToPod(state, pod, admitted)];
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
function enterNode(state: ClusterState, node: NodeState, w: Walk, nodeSidePort: number, viaLoadBalancerOf?: ServiceState): Flow[] {
  const admitted = viaLoadBalancerOf ? lbSecurityGroups(state, node, w, nodeSidePort, viaLoadBalancerOf) : securityGroupIngress(state, node, w, nodeSidePort);
  if ('outcome' in admitted) return [admitted];
  return atNode(state, node, admitted, 'remote');
}

/**
 * A cloud load balancer (the model's default: listeners on the Service ports, an ACL from
 * loadBalancerSourceRanges, node backends on the nodePort with the client address kept). With
 * externalTrafficPolicy Local its health checks on healthCheckNodePort keep only nodes with a
 * local ready endpoint (all nodes when none passes). Without node ports it forwards to the nodes
 * with the LB IP as destination, for kube-proxy's LB-IP rules.
 */
export function atLoadBalancer(state: ClusterState, svc: ServiceState, w: Walk): Flow[] {
  const { dst, dstPort, protocol, src } = w.packet;
  const lb = svc.lb;
  const product = productOf(svc);
  const why = (k: keyof LbSettings): string => decidedBy(svc, k);
  const at = `${product} ${dst}`;
  if (lb?.settings.scheme === 'internal' && w.origin.kind === 'outside' && w.origin.where === 'internet')
    return [
      fail(w, 'unreachable', 'no-route', {
        stage: 'load-balancer',
        at,
        text: `the ${product} of Service ${svc.key} is internal (${why('scheme')}): it has no public address, nothing on the internet reaches it`,
        rule: `Service ${svc.key} load balancer scheme internal`,
      }),
    ];
  const j = svc.ports.findIndex((p) => p.port === dstPort && p.protocol === protocol);
  const port = svc.ports[j];
  if (!port)
    return [fail(w, 'timeout', 'no-service-port', { stage: 'load-balancer', at, text: `the load balancer of Service ${svc.key} has no listener on ${describeConnection(dstPort, protocol)}` })];
  let walk = w;
  if (lb?.settings.aclEnabled && lb.settings.aclId !== undefined) {
    const acl = (state.spec.lbAcls ?? []).find((a) => a.name === lb.settings.aclId);
    const mode = lb.settings.aclMode ?? 'white';
    const listed = acl !== undefined && inAnyCidr(acl.cidrs.map(parseAnyCidr).filter((c) => c !== undefined), src);
    const rule = `Service ${svc.key} load balancer ACL ${lb.settings.aclId} (${mode} list)`;
    const entries = acl ? acl.cidrs.join(', ') : 'no such ACL';
    if (mode === 'white' ? !listed : listed)
      return [
        fail(w, 'timeout', 'acl', {
          stage: 'load-balancer',
          at,
          text: `the ${product}'s access control ${mode === 'white' ? `admits only ${entries}` : `denies ${entries}`} (${why('aclId')}): source ${src} is dropped`,
          rule,
        }),
      ];
    walk = hop(walk, { stage: 'load-balancer', at, text: `source ${src} passes the ${product}'s access control (${mode} list ${lb.settings.aclId}: ${entries})`, rule });
  }
  if (svc.spec.loadBalancerSourceRanges.length > 0) {
    const ranges = svc.spec.loadBalancerSourceRanges.map(parseAnyCidr).filter((c) => c !== undefined);
    const list = svc.spec.loadBalancerSourceRanges.map((r) => r.trim()).join(', ');
    if (!inAnyCidr(ranges, src))
      return [
        fail(w, 'timeout', 'source-ranges', {
          stage: 'load-balancer',
          at,
          text: `source ${src} is not in loadBalancerSourceRanges ${list}: the load balancer drops it`,
          rule: `Service ${svc.key} loadBalancerSourceRanges`,
        }),
      ];
    walk = hop(walk, { stage: 'load-balancer', at, text: `source ${src} is in loadBalancerSourceRanges ${list}`, rule: `Service ${svc.key} loadBalancerSourceRanges` });
  }
  if (lb?.settings.clientAddress === 'lb-range' && lb.settings.lbSourceRange && ipFamilyOf(src) === 4) {
    const own = rangeAddress(lb.settings.lbSourceRange);
    if (own)
      walk = withPacket(
        walk,
        { ...walk.packet, src: own },
        {
          stage: 'load-balancer',
          at,
          text: `the ${product} connects to its backends from its own address ${own} (in ${lb.settings.lbSourceRange}; ${why('clientAddress')}): the client address ${src} is lost`,
          rule: `Service ${svc.key} load balancer client address`,
          nat: [{ kind: 'SNAT', from: src, to: own }],
        },
        true,
      );
  }
  if (lb?.settings.backends === 'pod') return toPodBackends(state, svc, j, walk, at, `${product} sends straight to the pod (${why('backends')}), no NodePort and no kube-proxy`);
  // Backends: ready nodes, minus those labelled out of external load balancers (upstream), and
  // only those the provider's backend selector picks (TKE backends-label: none picked drains the LB).
  let nodes = state.nodes.filter((n) => n.spec.ready && n.spec.labels[EXCLUDE_FROM_LB] === undefined);
  const selectorText = lb?.settings.backendNodeSelector;
  const selector = selectorText === undefined ? undefined : parseNodeSelector(selectorText);
  if (selector) {
    nodes = nodes.filter((n) => matchesSelector(selector, { 'kubernetes.io/hostname': n.name, ...n.spec.labels }));
    if (nodes.length === 0)
      return [
        fail(walk, 'timeout', 'no-endpoints', {
          stage: 'load-balancer',
          at,
          text: `the ${product}'s backend selector ${selectorText} (${why('backendNodeSelector')}) picks no ready node: every backend is drained`,
          rule: `Service ${svc.key} load balancer backends`,
        }),
      ];
  }
  if (nodes.length === 0) return [fail(walk, 'timeout', 'no-endpoints', { stage: 'load-balancer', at, text: `the load balancer of Service ${svc.key} has no ready node as backend` })];
  // ACK Edge ENS: one ELB per node pool the Service's pool selector matches, each sending to its
  // own pool's nodes (A+13); a client reaches one of them.
  const poolText = lb?.settings.poolSelector;
  const poolSelector = poolText === undefined ? undefined : parseNodeSelector(poolText);
  if (poolSelector) {
    const byPool = new Map<string, NodeState[]>();
    for (const n of nodes) {
      const pool = n.pool;
      if (pool === undefined || !matchesSelector(poolSelector, { ...n.spec.labels, 'apps.openyurt.io/nodepool': pool, 'alibabacloud.com/nodepool-id': pool })) continue;
      byPool.set(pool, [...(byPool.get(pool) ?? []), n]);
    }
    if (byPool.size === 0)
      return [
        fail(walk, 'timeout', 'no-endpoints', {
          stage: 'load-balancer',
          at,
          text: `the node-pool selector ${poolText} (${why('poolSelector')}) matches no pool with a ready node: no ENS load balancer is created`,
          rule: `Service ${svc.key} load balancer pools`,
        }),
      ];
    return [...byPool].flatMap(([pool, poolNodes]) =>
      toNodeBackends(
        state,
        svc,
        j,
        hop(withBranch(walk, `ENS ELB of pool ${pool}`, 1 / byPool.size), {
          stage: 'load-balancer',
          at,
          text: `pool ${pool}'s ENS load balancer (one per pool matching ${poolText}; ${why('poolSelector')}) sends to the pool's nodes ${poolNodes.map((n) => n.name).join(', ')}`,
          rule: `Service ${svc.key} load balancer pools`,
        }),
        at,
        poolNodes,
        src,
      ),
    );
  }
  return toNodeBackends(state, svc, j, walk, at, nodes, src);
}

/** Node backends of a load balancer: health checks, weights, then each node's NodePort. */
function toNodeBackends(state: ClusterState, svc: ServiceState, j: number, w: Walk, at: string, candidates: readonly NodeState[], src: string): Flow[] {
  const lb = svc.lb;
  const product = productOf(svc);
  const why = (k: keyof LbSettings): string => decidedBy(svc, k);
  const port = svc.ports[j] as ServicePortState;
  const { dst, dstPort } = w.packet;
  let walk = w;
  let nodes = candidates;
  const checked = withHealthChecks(state, svc, walk, at, nodes.map((n) => ({ name: `node ${n.name}`, item: n })), (n) => nodeHealth(state, svc, j, n));
  if ('outcome' in checked) return [checked];
  walk = checked.walk;
  nodes = checked.items;
  // Backend weights: equal, or under externalTrafficPolicy Local the number of local ready
  // endpoints where the provider weighs nodes so (ACK by default, TKE local-svc-weighted-balance).
  const byPods = svc.spec.externalTrafficPolicy === 'Local' && lb?.settings.nodeWeights === 'local-endpoints';
  const weights = nodes.map((n) => (byPods ? localEndpoints(svc.endpointsByPort[j] ?? [], n).endpoints.filter((e) => e.ready).length : 1));
  const total = weights.reduce((a, b) => a + b, 0);
  if (byPods && total > 0)
    walk = hop(walk, {
      stage: 'load-balancer',
      at,
      text: `backend weights follow each node's local ready endpoints (${why('nodeWeights')}): ${nodes.map((n, i) => `${n.name} ${weights[i]}`).join(', ')}`,
      rule: `Service ${svc.key} load balancer weights`,
    });
  const toNode = (node: NodeState, branch: Walk): Flow[] => {
    // Hairpin: the load balancer kept the source, and the source is this very node (a pod or
    // process on it that went out to the LB): the node drops a packet from its own address.
    if (node.addresses.includes(walk.packet.src))
      return [
        fail(branch, 'timeout', 'hairpin', {
          stage: 'load-balancer',
          at,
          text: `the ${product} sends the connection back to node ${node.name} with the node's own address ${walk.packet.src} as source: the node drops it (load-balancer hairpin / loopback)`,
          rule: `Service ${svc.key} load balancer, client address kept`,
        }),
      ];
    if (port.nodePort !== undefined) {
      const fwd = withPacket(
        branch,
        { ...branch.packet, dst: node.ip, dstPort: port.nodePort },
        {
          stage: 'load-balancer',
          at,
          text: `the ${product} forwards to node ${node.name} ${ipPort(node.ip, port.nodePort)} (NodePort of ${svc.key} port ${port.name ?? port.port})${walk.packet.src === src ? ', keeping the client address' : ''}`,
          rule: `Service ${svc.key} port ${port.name ?? port.port}`,
          nat: [{ kind: 'DNAT', from: ipPort(dst, dstPort), to: ipPort(node.ip, port.nodePort) }],
        },
      );
      return enterNode(state, node, fwd, port.nodePort, lb ? svc : undefined);
    }
    const fwd = hop(branch, {
      stage: 'load-balancer',
      at,
      text: `the load balancer delivers ${ipPort(dst, dstPort)} to node ${node.name} unchanged (no node ports: allocateLoadBalancerNodePorts=false)`,
    });
    return enterNode(state, node, fwd, dstPort, lb ? svc : undefined);
  };
  const shareOf = (i: number): number => (total > 0 ? (weights[i] ?? 0) / total : 1 / nodes.length);
  const index = new Map(nodes.map((n, i) => [n, i]));
  const summarised = summariseNodes(state, svc, j, distinctOfWalk(state, walk), nodes, (n) => String(weights[index.get(n) ?? -1] ?? 0));
  if (summarised)
    return summarised.flatMap((cls) => {
      const node = cls[0] as NodeState;
      const share = cls.reduce((a, n) => a + shareOf(index.get(n) ?? -1), 0);
      return toNode(node, withAlike(withBranch(walk, alikeNodesText(node, cls.length), share), { nodes: cls, paths: cls.length }));
    });
  return nodes.flatMap((node, i) => toNode(node, withBranch(walk, `via node ${node.name}`, shareOf(i))));
}


function productOf(svc: ServiceState): string {
  return svc.lb?.settings.product ?? 'load balancer';
}

/** What set an LB setting, for traces: the annotation, or the profile's default. */
export function decidedBy(svc: ServiceState, k: keyof LbSettings): string {
  const lb = svc.lb;
  return lb ? (lb.decidedBy[k] ?? `the ${lb.profile} default`) : 'default';
}

/** A load balancer with pod backends: each ready endpoint's address, routed through the VPC. */
function toPodBackends(state: ClusterState, svc: ServiceState, portIndex: number, w: Walk, at: string, how: string): Flow[] {
  const eps = (svc.endpointsByPort[portIndex] ?? []).filter((e) => e.ready);
  if (eps.length === 0) return [fail(w, 'timeout', 'no-endpoints', { stage: 'load-balancer', at, text: `${how}, but Service ${svc.key} has no ready pod` })];
  const placed = eps.map((ep) => {
    const owner = ownersOf(state, ep.address)?.find((o) => o.kind === 'pod');
    const pod = owner?.kind === 'pod' && owner.pod.node ? owner.pod : undefined;
    return { ep, pod };
  });
  const checked = withHealthChecks(
    state,
    svc,
    w,
    at,
    placed.map((x) => ({ name: `pod ${x.pod?.key ?? x.ep.address}`, item: x })),
    (x) => (x.pod?.node ? podHealth(state, svc, portIndex, x.ep, x.pod, x.pod.node) : { healthy: false, why: `${x.ep.address} is not a pod the VPC can route to` }),
  );
  if ('outcome' in checked) return [checked];
  return checked.items.flatMap(({ ep, pod }) => {
    const branch = withBranch(checked.walk, `endpoint ${ep.address}`, 1 / checked.items.length);
    const fwd = withPacket(
      branch,
      { ...branch.packet, dst: ep.address, dstPort: ep.port },
      { stage: 'load-balancer', at, text: `${how}: ${ipPort(ep.address, ep.port)}`, rule: `Service ${svc.key} endpoint ${ep.address}`, nat: [{ kind: 'DNAT', from: ipPort(w.packet.dst, w.packet.dstPort), to: ipPort(ep.address, ep.port) }] },
    );
    if (!pod?.node) return [fail(fwd, 'timeout', 'no-route', { stage: 'routing', at, text: `${ep.address} is not a pod the VPC can route to` })];
    const node = pod.node;
    const routed = hop(fwd, { stage: 'routing', text: `the VPC routes pod address ${ep.address} to node ${node.name} (${state.spec.networkMode})` });
    const admitted = lbSecurityGroups(state, node, routed, ep.port, svc, pod);
    return 'outcome' in admitted ? [admitted] : [deliverToPod(state, pod, admitted)];
  });
}

/**
 * Keeps the backends that pass their health checks, with a hop saying which failed and why.
 * When none passes, the load balancer fails open or drops (setting lbAllUnhealthy).
 */
function withHealthChecks<T>(
  state: ClusterState,
  svc: ServiceState,
  w: Walk,
  at: string,
  backends: readonly { readonly name: string; readonly item: T }[],
  healthOf: (item: T) => Health,
): { walk: Walk; items: T[] } | Flow {
  const product = productOf(svc);
  if (svc.lb && !svc.lb.settings.healthChecks)
    return {
      walk: hop(w, {
        stage: 'load-balancer',
        at,
        text: `health checks are off (${decidedBy(svc, 'healthChecks')}): the ${product} treats all ${backends.length} backends as healthy`,
        rule: `Service ${svc.key} load balancer health checks`,
      }),
      items: backends.map((r) => r.item),
    };
  const results = backends.map((b) => ({ ...b, health: healthOf(b.item) }));
  const text = healthSummary(results, sourceDescription(state, svc));
  const healthy = results.filter((r) => r.health.healthy);
  if (healthy.length > 0) return { walk: hop(w, { stage: 'load-balancer', at, text, rule: `Service ${svc.key} load balancer health checks` }), items: healthy.map((r) => r.item) };
  if (state.spec.settings.lbAllUnhealthy === 'drop')
    return fail(w, 'timeout', 'health-check', {
      stage: 'load-balancer',
      at,
      text: `${text}: with no healthy backend the ${product} drops the connection (setting lbAllUnhealthy drop)`,
      rule: `Service ${svc.key} load balancer health checks`,
      setting: 'lbAllUnhealthy',
    });
  return {
    walk: hop(w, {
      stage: 'load-balancer',
      at,
      text: `${text}: every backend fails, so the ${product} fails open and sends to all of them (setting lbAllUnhealthy, default fail-open as AWS documents; CCE, ACK and TKE documents are silent)`,
      rule: `Service ${svc.key} load balancer health checks`,
      setting: 'lbAllUnhealthy',
    }),
    items: results.map((r) => r.item),
  };
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

function policyGate(state: ClusterState, w: Walk, dst: PolicyEndpoint, at: string | undefined): Walk | Flow {
  if (!needsPolicy(w.origin, dst)) return w;
  const verdict = checkPolicy(state, w, dst);
  const hops: Hop[] = verdict.hops.map((h) => (h.at === undefined && at !== undefined ? { ...h, at } : h));
  const next: Walk = appendHops(w, hops);
  return verdict.allowed ? next : fail(next, 'timeout', 'policy');
}

export function deliverToPod(state: ClusterState, pod: PodState, w: Walk): Flow {
  const at = pod.spec.node;
  const gated = policyGate(state, w, podEndpoint(pod, w.packet.dst), at);
  if ('outcome' in gated) return gated;
  const { dstPort, protocol, dst } = gated.packet;
  const backend = { pod: { namespace: pod.namespace, name: pod.name }, node: pod.spec.node, ip: dst, port: dstPort };
  if (dstPort === 0)
    return deliver(gated, backend, { stage: 'delivery', at, text: `reached pod ${pod.key} (${dst}); no port given, so only the address was tested` });
  if (pod.spec.ports.length === 0)
    return deliver(gated, backend, {
      stage: 'delivery',
      at,
      text: `delivered to pod ${pod.key} on ${describeConnection(dstPort, protocol)}: it declares no container ports, so the model lets it listen on every port`,
    });
  const listening = pod.spec.ports.find((c) => c.containerPort === dstPort && c.protocol === protocol);
  if (listening)
    return deliver(gated, backend, {
      stage: 'delivery',
      at,
      text: `delivered to pod ${pod.key} ${ipPort(dst, dstPort)}${listening.name ? ` (container port ${listening.name})` : ''}`,
      rule: `pod ${pod.key} containerPort ${dstPort}/${protocol}`,
    });
  return fail(gated, 'refused', 'no-listener', {
    stage: 'delivery',
    at,
    text: `pod ${pod.key} does not listen on ${describeConnection(dstPort, protocol)} (it declares ${pod.spec.ports.map((c) => `${c.containerPort}/${c.protocol}`).join(', ')}): reset`,
  });
}

export function deliverToNode(state: ClusterState, node: NodeState, w: Walk): Flow {
  const { dstPort, protocol, dst } = w.packet;
  const hostPod = (state.hostNetworkPods.get(node.name) ?? []).find((p) => p.spec.ports.some((c) => c.containerPort === dstPort && c.protocol === protocol));
  if (hostPod) return deliverToPod(state, hostPod, hop(w, { stage: 'routing', at: node.name, text: `hostNetwork pod ${hostPod.key} listens on node ${node.name} port ${dstPort}` }));
  const target = w.targetPod;
  if (target && target.spec.hostNetwork && target.spec.node === node.name && target.spec.ports.length === 0) return deliverToPod(state, target, w);
  const gated = policyGate(state, w, addressEndpoint(state, dst), node.name);
  if ('outcome' in gated) return gated;
  const backend = { node: node.name, ip: dst, port: dstPort };
  if (dstPort === 0) return deliver(gated, backend, { stage: 'delivery', at: node.name, text: `reached node ${node.name} (${dst}); no port given, so only the address was tested` });
  if (target)
    return fail(gated, 'refused', 'no-listener', {
      stage: 'delivery',
      at: node.name,
      text: `pod ${target.key} does not listen on node ${node.name} port ${describeConnection(dstPort, protocol)}: reset`,
    });
  const daemon =
    protocol !== 'TCP'
      ? undefined
      : (NODE_DAEMONS.get(dstPort) ??
        (state.services.some((s) => s.healthCheckNodePort === dstPort)
          ? "kube-proxy's health check (healthCheckNodePort)"
          : dstPort === 6443 && state.nodes[0]?.name === node.name
            ? 'the API server'
            : undefined));
  if (daemon) return deliver(gated, backend, { stage: 'delivery', at: node.name, text: `delivered to node ${node.name} ${ipPort(dst, dstPort)}: ${daemon} listens there` });
  return fail(gated, 'refused', 'no-listener', {
    stage: 'delivery',
    at: node.name,
    text: `nothing listens on node ${node.name} ${describeConnection(dstPort, protocol)} (no hostNetwork pod declares it; node daemons: 22, 10250, 10256): reset`,
  });
}

function deliverOutside(state: ClusterState, w: Walk): Flow {
  const { dst, src, dstPort } = w.packet;
  const host = ownersOf(state, dst)?.find((o) => o.kind === 'host');
  const name = host?.kind === 'host' ? `host ${host.host.name}` : `${dst} (outside the cluster)`;
  if (inAnyCidr(state.podCidrs, src) && !ownersOf(state, src)?.some((o) => o.kind === 'node')) {
    const kind = outsideKind(state, dst);
    if (state.spec.networkMode === 'overlay' || kind === 'internet')
      return fail(w, 'timeout', 'no-route', {
        stage: 'routing',
        text: `${name} receives a packet from the pod address ${src}, but its reply has no route back (${kind === 'internet' ? 'a private address on the internet' : 'the overlay pod CIDR is not routable in the VPC'})`,
      });
  }
  const gated = policyGate(state, w, { ip: dst }, undefined);
  if ('outcome' in gated) return gated;
  return deliver(gated, { ...(host?.kind === 'host' ? { host: host.host.name } : {}), ip: dst, port: dstPort }, {
    stage: 'delivery',
    text: `delivered to ${name}${dstPort === 0 ? '' : ` port ${dstPort}`} (hosts outside the cluster accept every port in the model)`,
  });
}

function assertNever(x: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(x)}`);
}

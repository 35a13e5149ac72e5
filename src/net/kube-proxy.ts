/**
 * kube-proxy on one node (reference §2.3-§2.5, §4): what happens to a packet whose destination
 * is a Service address. The decision is made by the node that runs the rules: the sender's node
 * for ClusterIP, LB-IP and externalIP traffic from inside the cluster, the receiving node for
 * NodePort and external traffic.
 *
 * - Classification (§4.1): ClusterIP is internal (internalTrafficPolicy applies); node
 *   address:nodePort, LB ingress IP and externalIP are external (externalTrafficPolicy applies).
 * - No usable endpoint anywhere ⇒ REJECT (`refused`, no-endpoints); a Local policy with no local
 *   endpoint ⇒ DROP (`timeout`, no-local-endpoints) (§4.4).
 * - eTP=Local is source-based (§4.2): pod-CIDR sources get every endpoint unmasqueraded, the
 *   node's own addresses every endpoint masqueraded, others the local ones with the client IP.
 * - Masquerade (§4.3): ClusterIP from outside the pod CIDR (or masqueradeAll), external with
 *   eTP=Cluster, external Local from a node-local source, hairpin, localhost → NodePort.
 * - Unknown port on a ClusterIP: iptables has no rule (the packet dies on the default route:
 *   timeout), nftables and ipvs reject; an unallocated service-CIDR address: nftables drops.
 *   ICMP echo to a ClusterIP likewise, as net/icmp.ts states (rejected: unreachable).
 * - loadBalancerSourceRanges guard the LB IP only (§2.4); LB IPs are short-circuited unless
 *   ipMode is Proxy. NodePorts answer on the addresses `nodePortAddresses` allows (nftables: the
 *   primary address unless a CIDR list is set; 127.0.0.1 only in iptables with
 *   localhostNodePorts; never ::1, as route_localnet is IPv4-only).
 * - sessionAffinity ClientIP: one endpoint per client IP, picked by hashing the client IP.
 * Every random choice is enumerated: one walk per endpoint; past `summarise-above` endpoints, one
 * per class of equivalent endpoints (src/net/alike.ts).
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { ClusterState, NodeState, ServiceEndpoint, ServicePortState, ServiceState } from '../model/state.js';
import { cidrHas, fnv1a, inAnyCidr, ipPort, isLoopback, parseAnyCidr } from '../address/ip.js';
import { describeConnection } from '../policy/describe.js';
import { nodePortKey, ownersOf } from '../model/state.js';
import { gatedTopology } from '../model/feature-gates.js';
import { TOPOLOGY_MODE_ANNOTATION } from '../model/endpoint-slices.js';
import type { ProxyMode } from '../spec/types.js';
import { clusterEndpoints, hasUsableEndpoints, localEndpoints } from './endpoint-selection.js';
import { hiddenByNodePortIsolation, NODEPORT_LISTEN, TOPOLOGY_KEYS, topologyFilter } from './yurthub.js';
import type { Cause, Flow, Hop, Outcome } from './types.js';
import { fail, hop, withAlike, withBranch, withPacket, type Walk, type WalkAlike } from './walk.js';
import { deferredHop } from './deferred-hop.js';
import { clusterIpEcho } from './icmp.js';
import { distinctOfWalk, endpointClasses, refuseNested, summariseAbove } from './alike.js';

/** Where the packet entered this node's rules. */
export type Arrival =
  /** Sent by the node itself (OUTPUT): node processes and hostNetwork pods. */
  | 'local'
  /** From a pod on this node (PREROUTING). */
  | 'pod'
  /** From another node or from outside the cluster (PREROUTING). */
  | 'remote';

export type ProxyDecision =
  | { readonly kind: 'none'; readonly walk: Walk }
  | { readonly kind: 'done'; readonly flows: readonly Flow[] }
  | { readonly kind: 'dnat'; readonly walks: readonly Walk[] };

/** The connection ends here: the packet is dropped or refused with `why` as its last hop. */
function dropped(w: Walk, outcome: Exclude<Outcome, 'allow'>, cause: Cause, why: Hop): ProxyDecision {
  return { kind: 'done', flows: [fail(w, outcome, cause, why)] };
}

type Destination = 'clusterip' | 'nodeport' | 'loadbalancer' | 'externalip';

export function isLocalAddress(node: NodeState, ip: string, arrival: Arrival): boolean {
  return node.addresses.includes(ip) || (arrival === 'local' && isLoopback(ip));
}

function portLabel(p: ServicePortState): string {
  return p.name ?? String(p.port);
}

function findPort(svc: ServiceState, port: number, protocol: PacketProtocol): number {
  return svc.ports.findIndex((p) => p.port === port && p.protocol === protocol);
}

function chain(mode: ProxyMode, kind: 'svc' | 'ext' | 'fw', svc: ServiceState, p: ServicePortState): string {
  const name = `${svc.key}:${portLabel(p)}`;
  switch (mode) {
    case 'iptables':
      return `${kind === 'svc' ? 'KUBE-SVC' : kind === 'ext' ? 'KUBE-EXT' : 'KUBE-FW'}-… for ${name} (iptables)`;
    case 'nftables':
      return `nft chain ${kind === 'svc' ? 'service' : kind === 'ext' ? 'external' : 'firewall'}-…-${svc.namespace}/${svc.name}/${p.protocol.toLowerCase()}/${portLabel(p)} (nftables)`;
    case 'ipvs':
      return `IPVS virtual server for ${name} (ipvs)`;
  }
}

export function kubeProxy(state: ClusterState, node: NodeState, w: Walk, arrival: Arrival): ProxyDecision {
  const { dst, dstPort, protocol } = w.packet;
  const mode = state.spec.proxyMode;
  // Service addresses only: a pod owning the address is no rule of kube-proxy's (no lookup among the pods).
  for (const owner of state.addresses.get(dst) ?? []) {
    switch (owner.kind) {
      case 'cluster-ip': {
        const svc = owner.service;
        const j = findPort(svc, dstPort, protocol);
        if (j >= 0) return serviceDnat(state, node, w, svc, j, 'clusterip', arrival);
        if (protocol === 'ICMP') {
          const echo = clusterIpEcho(mode, `ping to ClusterIP ${dst} of Service ${svc.key}`);
          return dropped(w, echo.outcome, echo.cause, { stage: 'kube-proxy', at: node.name, text: echo.text, rule: echo.rule });
        }
        const what = `ClusterIP ${dst} of Service ${svc.key} has no port ${describeConnection(dstPort, protocol)}`;
        if (mode === 'iptables')
          return dropped(w, 'timeout', 'no-service-port', {
            stage: 'kube-proxy',
            at: node.name,
            text: `${what}: no iptables rule matches, so the packet follows the default route and is never answered`,
            rule: 'KUBE-SERVICES (iptables): no match',
          });
        return dropped(w, 'refused', 'no-service-port', {
          stage: 'kube-proxy',
          at: node.name,
          text: `${what}: kube-proxy (${mode}) rejects traffic to unknown ports of ClusterIPs`,
          rule: mode === 'nftables' ? 'nft: reject traffic to invalid ports of ClusterIPs (nftables)' : 'KUBE-IPVS-FILTER (ipvs)',
        });
      }
      case 'load-balancer': {
        const svc = owner.service;
        if (svc.lb?.settings.passThrough)
          return {
            kind: 'none',
            walk: hop(w, {
              stage: 'kube-proxy',
              at: node.name,
              text: `load-balancer IP ${dst} of Service ${svc.key} is passed through (${svc.lb.decidedBy.passThrough ?? 'provider default'}): kube-proxy keeps no shortcut, the packet goes out to the ${svc.lb.settings.product}`,
              rule: `Service ${svc.key} ${svc.lb.decidedBy.passThrough ?? 'pass-through'}`,
            }),
          };
        if (svc.spec.loadBalancerIPMode === 'Proxy')
          return {
            kind: 'none',
            walk: hop(w, {
              stage: 'kube-proxy',
              at: node.name,
              text: `load-balancer IP ${dst} of Service ${svc.key} has ipMode Proxy: kube-proxy installs no rule for it, the packet goes out to the load balancer`,
              rule: `Service ${svc.key} status.loadBalancer.ingress ipMode Proxy`,
            }),
          };
        const j = findPort(svc, dstPort, protocol);
        if (j >= 0) return serviceDnat(state, node, w, svc, j, 'loadbalancer', arrival);
        break;
      }
      case 'external-ip': {
        for (const svc of owner.services) {
          const j = findPort(svc, dstPort, protocol);
          if (j >= 0) return serviceDnat(state, node, w, svc, j, 'externalip', arrival);
        }
        break;
      }
      case 'node':
      case 'pod':
      case 'host':
        break;
    }
  }
  if (isLocalAddress(node, dst, arrival)) {
    const np = state.nodePorts.get(nodePortKey(protocol, dstPort));
    if (np) {
      const served = nodePortServed(state, node, dst);
      if (served.ok) return serviceDnat(state, node, w, np.service, np.portIndex, 'nodeport', arrival);
      return {
        kind: 'none',
        walk: hop(w, { stage: 'kube-proxy', at: node.name, text: served.why, setting: served.setting ?? 'nodePortAddresses' }),
      };
    }
  }
  if (mode === 'nftables' && state.serviceCidr && cidrHas(state.serviceCidr, dst) && ownersOf(state, dst).length === 0) {
    return dropped(w, 'timeout', 'no-route', {
      stage: 'kube-proxy',
      at: node.name,
      text: `${dst} is in the service CIDR ${state.serviceCidr.text} but is no ClusterIP: kube-proxy (nftables) drops it`,
      rule: 'nft: drop traffic to unallocated ClusterIPs (nftables)',
    });
  }
  return { kind: 'none', walk: w };
}

function nodePortServed(state: ClusterState, node: NodeState, dst: string): { ok: boolean; why: string; setting?: string } {
  const mode = state.spec.proxyMode;
  const { nodePortAddresses, localhostNodePorts } = state.spec.settings;
  // route_localnet, which lets 127.0.0.1 be DNATed elsewhere, has no IPv6 counterpart.
  if (dst === '::1') return { ok: false, why: 'NodePorts are never served on ::1 (IPv6 has no route_localnet)' };
  if (dst.startsWith('127.')) {
    if (mode !== 'iptables') return { ok: false, why: `kube-proxy (${mode}) never serves NodePorts on localhost`, setting: 'proxyMode' };
    if (!localhostNodePorts) return { ok: false, why: 'NodePorts are not served on localhost (setting localhostNodePorts=false)', setting: 'localhostNodePorts' };
    if (nodePortAddresses === 'all' || (Array.isArray(nodePortAddresses) && inAnyCidr(parseAll(nodePortAddresses), dst))) return { ok: true, why: '' };
    return { ok: false, why: 'NodePorts are not served on localhost: 127.0.0.0/8 is not in nodePortAddresses' };
  }
  if (nodePortAddresses === 'primary' || (nodePortAddresses === 'all' && mode === 'nftables')) {
    if (dst === node.ip) return { ok: true, why: '' };
    return {
      ok: false,
      why: `NodePorts answer only on node ${node.name}'s primary address ${node.ip}${mode === 'nftables' && nodePortAddresses === 'all' ? ' (nftables default)' : ''}, not on ${dst}`,
    };
  }
  if (nodePortAddresses === 'all') return { ok: true, why: '' };
  if (inAnyCidr(parseAll(nodePortAddresses), dst)) return { ok: true, why: '' };
  return { ok: false, why: `NodePorts are not served on ${dst}: it is outside nodePortAddresses ${nodePortAddresses.join(', ')}` };
}

function parseAll(cidrs: readonly string[]) {
  return cidrs.map(parseAnyCidr).filter((c) => c !== undefined);
}

function serviceDnat(state: ClusterState, node: NodeState, w: Walk, svc: ServiceState, j: number, dest: Destination, arrival: Arrival): ProxyDecision {
  const mode = state.spec.proxyMode;
  const settings = state.spec.settings;
  const port = svc.ports[j] as ServicePortState;
  const { src, dst, dstPort } = w.packet;
  // The destination in words, for hop texts (rendered only when a text is).
  const whereText = (): string => `${describeDestination(dest)} ${ipPort(dst, dstPort)} of Service ${svc.key} port ${portLabel(port)}`;
  const at = node.name;
  const hidden = hiddenByNodePortIsolation(state, svc, node);
  if (hidden)
    return {
      kind: 'none',
      walk: hop(w, { stage: 'kube-proxy', at, text: `YurtHub hides Service ${svc.key} from kube-proxy on node ${node.name} (${hidden}): no rule for ${whereText()}`, rule: `Service ${svc.key} ${NODEPORT_LISTEN}` }),
    };
  const filtered = topologyFilter(state, svc, node, svc.endpointsByPort[j] ?? []);
  const eps = filtered.endpoints;
  if (filtered.note) w = hop(w, { stage: 'kube-proxy', at, text: filtered.note, rule: `Service ${svc.key} ${TOPOLOGY_KEYS}` });

  if (!hasUsableEndpoints(eps)) {
    return dropped(w, 'refused', 'no-endpoints', {
      stage: 'kube-proxy',
      at,
      text: `${whereText()}: the Service has no ready (or serving) endpoint, so kube-proxy (${mode}) rejects the connection`,
      rule: `${chain(mode, 'svc', svc, port)}: REJECT, no endpoints`,
    });
  }

  let walk = w;
  if (dest === 'loadbalancer' && svc.spec.loadBalancerSourceRanges.length > 0) {
    const ranges = parseAll(svc.spec.loadBalancerSourceRanges);
    const allowed = inAnyCidr(ranges, src) || (src === dst && inAnyCidr(ranges, node.ip));
    const rangeText = svc.spec.loadBalancerSourceRanges.map((r) => r.trim()).join(', ');
    if (!allowed)
      return dropped(w, 'timeout', 'source-ranges', {
        stage: 'kube-proxy',
        at,
        text: `${whereText()}: source ${src} is not in loadBalancerSourceRanges ${rangeText}, kube-proxy drops it (pods too, unless the pod CIDR is listed)`,
        rule: `${chain(mode, 'fw', svc, port)}: DROP`,
      });
    walk = hop(walk, { stage: 'kube-proxy', at, text: `source ${src} is in loadBalancerSourceRanges ${rangeText}`, rule: chain(mode, 'fw', svc, port) });
  }

  const inPodCidr = settings.detectLocalByPodCidr && inAnyCidr(state.podCidrs, src);
  const localSource = arrival === 'local' || isLocalAddress(node, src, arrival);
  let choice;
  let masq: string | undefined;
  let policyNote: string;
  let setting: string | undefined;
  if (dest === 'clusterip') {
    const local = svc.spec.internalTrafficPolicy === 'Local';
    choice = local ? localEndpoints(eps, node) : clusterEndpoints(eps, node);
    policyNote = `internalTrafficPolicy ${svc.spec.internalTrafficPolicy}`;
    if (settings.masqueradeAll) {
      masq = 'every ClusterIP packet is masqueraded (setting masqueradeAll)';
      setting = 'masqueradeAll';
    } else if (settings.detectLocalByPodCidr && !inPodCidr) masq = 'the source is outside the pod CIDR (node or external traffic to a ClusterIP)';
  } else if (svc.spec.externalTrafficPolicy === 'Cluster') {
    choice = clusterEndpoints(eps, node);
    policyNote = 'externalTrafficPolicy Cluster';
    masq = 'externalTrafficPolicy Cluster masquerades traffic to external destinations';
  } else if (inPodCidr) {
    choice = clusterEndpoints(eps, node);
    policyNote = 'externalTrafficPolicy Local, but the source is a pod: short-circuited to every endpoint';
    setting = 'detectLocalByPodCidr';
  } else if (localSource) {
    choice = clusterEndpoints(eps, node);
    policyNote = `externalTrafficPolicy Local, but the source is an address of node ${node.name}: every endpoint`;
    masq = 'the source is an address of this node';
  } else {
    choice = localEndpoints(eps, node);
    policyNote = 'externalTrafficPolicy Local: local endpoints only, client address kept';
  }
  if (dest === 'nodeport' && dst.startsWith('127.')) masq = 'localhost → NodePort is always masqueraded';

  if (choice.endpoints.length === 0) {
    return dropped(walk, 'timeout', 'no-local-endpoints', {
      stage: 'kube-proxy',
      at,
      text: `${whereText()}: ${policyNote}, and node ${node.name} has no local endpoint: kube-proxy drops the packet`,
      rule: `${chain(mode, dest === 'clusterip' ? 'svc' : 'ext', svc, port)}: DROP, has no local endpoints`,
    });
  }

  let chosen: readonly ServiceEndpoint[] = choice.endpoints;
  let how: string;
  if (svc.spec.sessionAffinity === 'ClientIP') {
    const sorted = [...chosen].sort((a, b) => (a.address === b.address ? a.port - b.port : a.address < b.address ? -1 : 1));
    const pick = sorted[fnv1a(src) % sorted.length] as ServiceEndpoint;
    chosen = [pick];
    how = `sessionAffinity ClientIP pins client ${src} to one endpoint for ${svc.spec.sessionAffinityTimeout}s (the model picks it by hashing the client IP among ${sorted.length} ${choice.why})`;
  } else if (chosen.length === 1) how = `the only one of the ${choice.why}`;
  else how = `one of ${chosen.length} ${choice.why}, ${mode === 'ipvs' ? 'by the IPVS scheduler (rr)' : 'chosen at random'}`;

  // A topology setting the cluster's feature gates switch off is said where endpoints are chosen.
  const auto = svc.spec.annotations[TOPOLOGY_MODE_ANNOTATION];
  const gateNote = svc.spec.trafficDistribution === undefined && auto === undefined ? undefined : gatedTopology(svc.spec, (auto ?? '').toLowerCase() === 'auto', state.spec.settings).ignored;
  if (gateNote !== undefined) how = `${how}; ${gateNote}`;
  const rule = chain(mode, dest === 'clusterip' || svc.spec.externalTrafficPolicy === 'Cluster' ? 'svc' : 'ext', svc, port);
  // What every pick's hops say, fixed before the picks (their text is rendered later, if read).
  const dnatNote = policyNote;
  const dnatHow = how;
  const dnatSetting = setting !== undefined && !masq ? setting : gateNote !== undefined ? 'featureGates' : undefined;
  const pick = (ep: ServiceEndpoint, branch: string, fraction: number, alike: WalkAlike | undefined): Walk => {
    const target = ep.targetPod ? ` (pod ${ep.targetPod.namespace}/${ep.targetPod.name})` : '';
    let next = withBranch(walk, branch, fraction);
    if (alike) next = withAlike(next, alike);
    const dnatHop = deferredHop('kube-proxy', () => `kube-proxy (${mode}) on ${node.name}: ${whereText()} (${dnatNote}) → endpoint ${ipPort(ep.address, ep.port)}${target}, ${dnatHow}`, {
      at,
      rule: () => `${rule}; Service ${svc.key} port ${portLabel(port)}`,
      nat: [{ kind: 'DNAT', from: ipPort(dst, dstPort), to: ipPort(ep.address, ep.port) }],
      setting: dnatSetting,
    });
    next = withPacket(next, { ...next.packet, dst: ep.address, dstPort: ep.port }, dnatHop);
    const reason = ep.address === src ? 'hairpin: the endpoint is the client itself, so replies must come back through the node' : masq;
    if (reason !== undefined) {
      next = withPacket(
        next,
        { ...next.packet, src: node.ip },
        deferredHop('kube-proxy', () => `masqueraded to node ${node.name}'s address ${node.ip}: ${reason}`, {
          at,
          rule: mode === 'nftables' ? 'nft chain masquerading (nftables)' : 'KUBE-POSTROUTING MASQUERADE',
          nat: [{ kind: 'masquerade', from: src, to: node.ip }],
          setting: setting === 'masqueradeAll' ? setting : undefined,
        }),
        true,
      );
    }
    return next;
  };
  const name = (ep: ServiceEndpoint): string => `endpoint ${ep.targetPod ? `${ep.targetPod.namespace}/${ep.targetPod.name}` : ipPort(ep.address, ep.port)}`;
  // Past `summarise-above` picks, or on a walk already standing for equivalent nodes, one walk per
  // class of equivalent endpoints (src/net/alike.ts).
  if (walk.alike?.backends !== undefined && chosen.length > 1) refuseNested(walk, chosen.length, `kube-proxy on ${node.name} picking among ${chosen.length} endpoints of Service ${svc.key}`);
  const summary = walk.alike?.nodes ?? (chosen.length > summariseAbove(state) ? [node] : undefined);
  const classes = summary ? endpointClasses(state, node, chosen, distinctOfWalk(state, walk), summary, walk.share ?? 1) : undefined;
  const walks = classes
    ? classes.map((c) =>
        pick(c.representative, c.count > 1 ? `${name(c.representative)} (1 of ${c.count.toLocaleString('en-US')} alike${c.local ? ` on node ${node.name}` : ''})` : name(c.representative), c.fraction, {
          nodes: summary ?? [node],
          paths: c.paths,
          backends: c.backends,
        }),
      )
    : chosen.map((ep) => pick(ep, name(ep), 1 / chosen.length, undefined));
  return { kind: 'dnat', walks };
}

function describeDestination(d: Destination): string {
  switch (d) {
    case 'clusterip':
      return 'ClusterIP';
    case 'nodeport':
      return 'NodePort';
    case 'loadbalancer':
      return 'load-balancer IP';
    case 'externalip':
      return 'externalIP';
  }
}

/**
 * probe(): every possible flow of one connection attempt. The target is turned into a first
 * packet (destination address and port) and walked from the source: a pod's packet starts in
 * its node's rules (PREROUTING), a node's or hostNetwork pod's in the node's OUTPUT rules, an
 * outside client's on the way into the cluster.
 *
 * Addresses: the internet client is the `internet-client` setting (default 198.19.0.10), an internet server 192.0.2.1. An `ip` source
 * is classified: a pod's address ⇒ that pod, a node address ⇒ that node, a host's ⇒ that host,
 * another pod-CIDR address ⇒ an anonymous pod on the node owning that range, private ranges ⇒
 * a VPC machine, anything else ⇒ the internet.
 *
 * Ports: a number or a name. For Services the name is a service port name; for `via nodeport`
 * the number may be the service port (mapped to its nodePort) or the nodePort itself. For pods
 * a name is a container port name; `via hostport` takes the hostPort (or the container port
 * that has one). No port: the Service's first port, the pod's first container port (or its
 * first hostPort); for nodes, hosts and raw addresses port 0, meaning "is the address reachable".
 * Default path to a Service: clusterip from inside the cluster; from outside loadbalancer when
 * it has an LB address, else nodeport when it has node ports, else clusterip (unreachable).
 * ICMP (ping): no port anywhere (port 0); to a Service, its address on the path (net/icmp.ts).
 * Connecting by DNS name from a pod first sends the query to the cluster DNS Service (UDP 53);
 * if no flow of that query is delivered, those failed flows are the answer.
 * A probe on a Multus secondary network (`network`) is answered by net/secondary-network.ts.
 */
import { podListener } from '../spec/pod-listener.js';
import type { PacketProtocol } from '../spec/packet-protocol.js';
import { canonicalIpv6, cidrHas, formatIpv4, inAnyCidr, ipFamilyOf, ipPort, isLoopback, parseAnyCidr, parseIpv4 } from '../address/ip.js';
import { dashedAddress, serviceFqdn } from '../model/dns-records.js';
import type { ClusterState, NodeState, PodState, ServiceState } from '../model/state.js';
import { objectKey, ownersOf } from '../model/state.js';
import { resolve, usesClusterDns } from './dns.js';
import { atNode, fromOutside } from './routing.js';
import { outsideKind } from './egress.js';
import type { Flow, Hop, Probe, ProbeOptions, ProbeResult, ProbeSource, ProbeTarget, Via } from './types.js';
import { deliverToPod } from './delivery.js';
import { containerPort } from './container-port.js';
import { probeSecondary } from './secondary-network.js';
import { deliver, fail, startWalk, withAlike, withBranch, type Origin, type Walk } from './walk.js';
import { egressSidecarGate } from './sidecar-egress.js';
import { alikeNodesText, distinctOf, summariseNodes } from './alike.js';
import { deferredHop } from './deferred-hop.js';

export const INTERNET_SERVER_IP = '192.0.2.1';
/** The IPv6 counterpart (documentation prefix 2001:db8::/32). */
export const INTERNET_SERVER_IP6 = '2001:db8::1';

/** The address `internet` connects from, in the state's family (settings `internet-client`). */
export function internetClientIp(state: ClusterState): string {
  return state.family === 6 ? state.spec.settings.internetClient6 : state.spec.settings.internetClient;
}

interface Start {
  readonly dst: string;
  readonly port: number;
  readonly protocol: PacketProtocol;
  readonly hops: readonly Hop[];
  readonly branch?: string;
  /** The fraction of connections that start here (a client's pick among addresses or nodes). */
  readonly fraction?: number;
  readonly targetPod?: PodState;
  /** The equivalent nodes this start stands for (src/net/alike.ts), its own first. */
  readonly alike?: readonly NodeState[];
}

type Plan = { readonly kind: 'starts'; readonly starts: readonly Start[] } | { readonly kind: 'flows'; readonly flows: readonly Flow[] };

function failed(origin: Origin | undefined, sourceIp: string, outcome: Flow['outcome'], cause: Flow['cause'], text: string, hops: readonly Hop[] = []): Flow {
  return {
    hops: [...hops, { stage: 'source', text }],
    outcome,
    ...(cause !== undefined ? { cause } : {}),
    sourceIp: origin?.ip ?? sourceIp,
    masqueraded: false,
  };
}

export function resolveOrigin(state: ClusterState, s: ProbeSource): Origin | string {
  switch (s.kind) {
    case 'pod': {
      const pod = state.podsByKey.get(objectKey(s.namespace, s.name));
      if (!pod) return `pod ${s.namespace}/${s.name} does not exist`;
      if (!pod.node || pod.ip === undefined) return `pod ${pod.key} has no IPv${state.family} address${state.family === 6 ? '' : " (see the model's problems)"}`;
      return { kind: 'pod', ip: pod.ip, node: pod.node, pod };
    }
    case 'node': {
      const node = state.nodesByName.get(s.name);
      if (!node) return `node ${s.name} does not exist`;
      return node.ip === '' ? `node ${s.name} has no IPv${state.family} address` : { kind: 'node', ip: node.ip, node };
    }
    case 'host': {
      const host = state.hostsByName.get(s.name);
      if (!host) return `host ${s.name} does not exist`;
      if (ipFamilyOf(host.ip) !== state.family) return `host ${s.name} (${host.ip}) has no IPv${state.family} address`;
      return { kind: 'outside', ip: host.ip, where: host.kind, host };
    }
    case 'internet':
      return { kind: 'outside', ip: internetClientIp(state), where: 'internet' };
    case 'ip':
      return classifySourceIp(state, s.ip);
    default: {
      const never: never = s;
      return never;
    }
  }
}

function classifySourceIp(state: ClusterState, ip: string): Origin | string {
  if (isLoopback(ip)) return `${ip} is every machine's own loopback: name the machine (\`from node n1 reach ip ${ip} …\`; the kernel then sends from ${ip})`;
  for (const owner of ownersOf(state, ip) ?? []) {
    if (owner.kind === 'pod' && owner.pod.node) return { kind: 'pod', ip, node: owner.pod.node, pod: owner.pod };
    if (owner.kind === 'node') return { kind: 'node', ip, node: owner.node };
    if (owner.kind === 'host') return { kind: 'outside', ip, where: owner.host.kind, host: owner.host };
  }
  if (ipFamilyOf(ip) === undefined) return `${ip} is not an IP address`;
  if (inAnyCidr(state.podCidrs, ip)) {
    const node =
      state.nodes.find((nd) => {
        const c = nd.podCidr === undefined ? undefined : parseAnyCidr(nd.podCidr);
        return c !== undefined && cidrHas(c, ip);
      }) ?? state.nodes[0];
    if (!node) return `${ip} is in the pod CIDR but the cluster has no node`;
    return { kind: 'pod', ip, node };
  }
  return { kind: 'outside', ip, where: outsideKind(state, ip) };
}

/** The address a client uses for a node: its elastic IP from the internet, when it has one. */
function nodeAddress(origin: Origin, node: NodeState): string {
  const eip = node.spec.eip;
  return origin.kind === 'outside' && origin.where === 'internet' && eip !== undefined && ipFamilyOf(eip) === ipFamilyOf(node.ip) ? eip : node.ip;
}

function isInside(o: Origin): boolean {
  return o.kind !== 'outside';
}

function defaultVia(svc: ServiceState, origin: Origin): Via {
  if (isInside(origin)) return 'clusterip';
  if (svc.loadBalancerIPs.length > 0) return 'loadbalancer';
  if (svc.ports.some((p) => p.nodePort !== undefined)) return 'nodeport';
  return 'clusterip';
}

function servicePortIndex(svc: ServiceState, port: number | string | undefined, protocol: PacketProtocol | undefined, nodePort: boolean): number {
  if (port === undefined) return svc.ports.length > 0 ? 0 : -1;
  const ok = (p: ServiceState['ports'][number]): boolean => protocol === undefined || p.protocol === protocol;
  if (typeof port === 'string') return svc.ports.findIndex((p) => p.name === port && ok(p));
  const byPort = svc.ports.findIndex((p) => p.port === port && ok(p));
  if (byPort >= 0 || !nodePort) return byPort;
  return svc.ports.findIndex((p) => p.nodePort === port && ok(p));
}

function planService(state: ClusterState, origin: Origin, t: Extract<ProbeTarget, { kind: 'service' }>, p: Probe, eagerText: boolean): Plan | string {
  const svc = state.servicesByKey.get(objectKey(t.namespace, t.name));
  if (!svc) return `Service ${t.namespace}/${t.name} does not exist`;
  const via = t.via ?? defaultVia(svc, origin);
  const noPath = (why: string): Plan => ({ kind: 'flows', flows: [failed(origin, origin.ip, 'unreachable', 'not-a-proxy-target', why)] });
  if (via === 'dns') return planDns(state, origin, serviceFqdn(state, svc.namespace, svc.name) + '.', p, eagerText);
  if (p.protocol === 'ICMP') return planServiceEcho(state, origin, svc, via, t.node, noPath);
  const j = servicePortIndex(svc, p.port, p.protocol, via === 'nodeport');
  const port = svc.ports[j];
  const protocol = p.protocol ?? port?.protocol ?? 'TCP';
  const note = deferredHop('source', () => `Service ${svc.key} via ${via}${port ? ` port ${port.name ?? port.port}` : ''}`);
  switch (via) {
    case 'clusterip': {
      if (svc.clusterIP === undefined)
        return noPath(
          svc.spec.type === 'ExternalName'
            ? `Service ${svc.key} is ExternalName: it has no ClusterIP and kube-proxy ignores it (resolve its name instead)`
            : `Service ${svc.key} is headless: it has no ClusterIP, connect to its pods or use its DNS name`,
        );
      const number = port?.port ?? (typeof p.port === 'number' ? p.port : undefined);
      if (number === undefined) return `Service ${svc.key} has no port ${String(p.port)}`;
      return { kind: 'starts', starts: [{ dst: svc.clusterIP, port: number, protocol, hops: [note] }] };
    }
    case 'nodeport': {
      if (!port) return `Service ${svc.key} has no port ${String(p.port)}`;
      if (port.nodePort === undefined) return noPath(`Service ${svc.key} (type ${svc.spec.type}) has no NodePort for port ${port.name ?? port.port}`);
      const nodes = nodePortNodes(state, t.node);
      if (typeof nodes === 'string') return nodes;
      const nodePort = port.nodePort;
      const classes = t.node === undefined ? summariseNodes(state, svc, j, distinctOf(state, origin, origin.ip, undefined), nodes) : undefined;
      if (classes)
        return {
          kind: 'starts',
          starts: classes.map((cls) => {
            const n = cls[0] as NodeState;
            return { dst: nodeAddress(origin, n), port: nodePort, protocol, hops: [note], branch: alikeNodesText(n, cls.length), fraction: cls.length / nodes.length, alike: cls };
          }),
        };
      return {
        kind: 'starts',
        starts: nodes.map((n) => ({ dst: nodeAddress(origin, n), port: nodePort, protocol, hops: [note], ...(t.node === undefined ? { branch: `via node ${n.name}`, fraction: 1 / nodes.length } : {}) })),
      };
    }
    case 'loadbalancer': {
      const ip = svc.loadBalancerIPs[0];
      if (ip === undefined) return noPath(`Service ${svc.key} (type ${svc.spec.type}) has no load-balancer address`);
      if (!port) return `Service ${svc.key} has no port ${String(p.port)}`;
      return { kind: 'starts', starts: [{ dst: ip, port: port.port, protocol, hops: [note] }] };
    }
    case 'externalip': {
      const ip = svc.spec.externalIPs[0];
      if (ip === undefined) return noPath(`Service ${svc.key} has no externalIPs`);
      if (!port) return `Service ${svc.key} has no port ${String(p.port)}`;
      return { kind: 'starts', starts: [{ dst: ip, port: port.port, protocol, hops: [note] }] };
    }
    case 'pod-ip':
    case 'hostport':
    case 'hostnetwork':
      return noPath(`${via} is a path to a pod, not to a Service`);
    default: {
      const never: never = via;
      return never;
    }
  }
}

/** The nodes a NodePort is reached on: the one `at node N` names, else every node; why not, when there is none. */
function nodePortNodes(state: ClusterState, nodeName: string | undefined): readonly NodeState[] | string {
  const nodes: readonly NodeState[] = nodeName !== undefined ? [state.nodesByName.get(nodeName)].filter((n): n is NodeState => n !== undefined) : state.nodes;
  if (nodes.length > 0) return nodes;
  return nodeName !== undefined ? `node ${nodeName} does not exist` : 'the cluster has no node';
}

/**
 * A ping to a Service's address on the path `via` (net/icmp.ts): the echo request goes to the
 * address itself, port 0; Service ports and NodePorts play no part (`via nodeport` pings the
 * nodes' addresses).
 */
function planServiceEcho(state: ClusterState, origin: Origin, svc: ServiceState, via: Exclude<Via, 'dns'>, nodeName: string | undefined, noPath: (why: string) => Plan): Plan | string {
  const start = (dst: string, extra: Partial<Start> = {}): Start => ({ dst, port: 0, protocol: 'ICMP', hops: [{ stage: 'source', text: `Service ${svc.key} via ${via}: ping its address` }], ...extra });
  switch (via) {
    case 'clusterip':
      if (svc.clusterIP === undefined) return noPath(`Service ${svc.key} has no ClusterIP (${svc.spec.type === 'ExternalName' ? 'ExternalName' : 'headless'}): there is no Service address to ping`);
      return { kind: 'starts', starts: [start(svc.clusterIP)] };
    case 'nodeport': {
      if (!svc.ports.some((p) => p.nodePort !== undefined)) return noPath(`Service ${svc.key} (type ${svc.spec.type}) has no NodePort`);
      const nodes = nodePortNodes(state, nodeName);
      if (typeof nodes === 'string') return nodes;
      return { kind: 'starts', starts: nodes.map((n) => start(nodeAddress(origin, n), nodeName === undefined ? { branch: `via node ${n.name}`, fraction: 1 / nodes.length } : {})) };
    }
    case 'loadbalancer': {
      const ip = svc.loadBalancerIPs[0];
      return ip === undefined ? noPath(`Service ${svc.key} (type ${svc.spec.type}) has no load-balancer address`) : { kind: 'starts', starts: [start(ip)] };
    }
    case 'externalip': {
      const ip = svc.spec.externalIPs[0];
      return ip === undefined ? noPath(`Service ${svc.key} has no externalIPs`) : { kind: 'starts', starts: [start(ip)] };
    }
    case 'pod-ip':
    case 'hostport':
    case 'hostnetwork':
      return noPath(`${via} is a path to a pod, not to a Service`);
    default: {
      const never: never = via;
      return never;
    }
  }
}

function planPod(state: ClusterState, origin: Origin, t: Extract<ProbeTarget, { kind: 'pod' }>, p: Probe, eagerText: boolean): Plan | string {
  const pod = state.podsByKey.get(objectKey(t.namespace, t.name));
  if (!pod) return `pod ${t.namespace}/${t.name} does not exist`;
  const via = t.via ?? (pod.spec.hostNetwork ? 'hostnetwork' : 'pod-ip');
  const noPath = (why: string): Plan => ({ kind: 'flows', flows: [failed(origin, origin.ip, 'unreachable', 'not-a-proxy-target', why)] });
  if (!pod.node || pod.ip === undefined) return `pod ${pod.key} has no address (see the model's problems)`;
  const note = (text: string): Hop => ({ stage: 'source', text });
  switch (via) {
    case 'pod-ip':
    case 'hostnetwork': {
      if (via === 'hostnetwork' && !pod.spec.hostNetwork) return noPath(`pod ${pod.key} is not a hostNetwork pod: it does not listen on its node's address`);
      const cp = containerPort(pod, p.port, p.protocol);
      if (typeof cp === 'string') return cp;
      const dst = pod.spec.hostNetwork ? nodeAddress(origin, pod.node) : pod.ip;
      return { kind: 'starts', starts: [{ dst, port: cp.port, protocol: cp.protocol, hops: [note(`pod ${pod.key} at ${dst}${pod.spec.hostNetwork ? ` (hostNetwork: node ${pod.node.name}'s address)` : ''}`)], targetPod: pod }] };
    }
    case 'hostport': {
      const ok = (c: PodState['spec']['ports'][number]): boolean => c.hostPort !== undefined && (p.protocol === undefined || c.protocol === p.protocol);
      const mapped =
        p.port === undefined
          ? pod.spec.ports.find(ok)
          : typeof p.port === 'string'
            ? pod.spec.ports.find((c) => ok(c) && c.name === p.port)
            : (pod.spec.ports.find((c) => ok(c) && c.hostPort === p.port) ?? pod.spec.ports.find((c) => ok(c) && c.containerPort === p.port));
      if (!mapped || mapped.hostPort === undefined) return noPath(`pod ${pod.key} has no hostPort${p.port === undefined ? '' : ` for ${String(p.port)}`}`);
      return {
        kind: 'starts',
        starts: [{ dst: nodeAddress(origin, pod.node), port: mapped.hostPort, protocol: mapped.protocol, hops: [note(`pod ${pod.key} via hostPort ${mapped.hostPort} on node ${pod.node.name}`)], targetPod: pod }],
      };
    }
    case 'dns': {
      const name = pod.spec.hostname !== undefined && pod.spec.subdomain !== undefined ? `${pod.spec.hostname}.${pod.spec.subdomain}.${pod.namespace}` : `${dashedAddress(pod.ip)}.${pod.namespace}.pod`;
      return planDns(state, origin, name, p, eagerText);
    }
    case 'clusterip':
    case 'nodeport':
    case 'loadbalancer':
    case 'externalip':
      return noPath(`${via} is a path to a Service, not to a pod`);
    default: {
      const never: never = via;
      return never;
    }
  }
}

/** Port name lookup for a raw address: service ports of a VIP, container ports of a pod. */
function portForAddress(state: ClusterState, ip: string, p: Probe): { port: number; protocol: PacketProtocol } | string {
  if (p.protocol === 'ICMP') return { port: 0, protocol: 'ICMP' };
  const owners = ownersOf(state, ip) ?? [];
  for (const o of owners) {
    const svc = o.kind === 'cluster-ip' || o.kind === 'load-balancer' ? o.service : o.kind === 'external-ip' ? o.services[0] : undefined;
    if (svc) {
      const j = servicePortIndex(svc, p.port, p.protocol, false);
      const port = svc.ports[j];
      if (port) return { port: port.port, protocol: p.protocol ?? port.protocol };
    }
    if (o.kind === 'pod') return containerPort(o.pod, p.port, p.protocol);
  }
  if (typeof p.port === 'string') return `port name ${p.port} means nothing at ${ip}`;
  return { port: p.port ?? 0, protocol: p.protocol ?? 'TCP' };
}

function planDns(state: ClusterState, origin: Origin, name: string, p: Probe, eagerText: boolean, sourceOverride?: ProbeSource): Plan | string {
  // Names resolve from the primary plane (the cluster DNS Service and its records); an IPv6
  // connection asks for AAAA records.
  const dnsState = state.primary ?? state;
  const type = state.family === 6 ? 'AAAA' : 'A';
  const source: ProbeSource = sourceOverride ?? originSource(origin, dnsState);
  const result = resolve(dnsState, source, name, type);
  const pre: Hop[] = [];
  if (origin.kind === 'pod' && origin.pod && usesClusterDns(origin.pod) && dnsState.dnsService?.clusterIP !== undefined) {
    const query = probe(dnsState, { source, target: { kind: 'ip', ip: dnsState.dnsService.clusterIP }, port: 53, protocol: 'UDP' }, { eagerText });
    const ok = query.flows.find((f) => f.outcome === 'allow');
    if (!ok)
      return {
        kind: 'flows',
        flows: query.flows.map((f) => ({ ...f, hops: [{ stage: 'dns', text: `resolving ${name} needs a DNS query to ${dnsState.dnsService?.key} (UDP 53), and it is not delivered` }, ...f.hops] })),
      };
    pre.push({ stage: 'dns', text: `DNS query reaches ${ok.backend?.pod ? `pod ${ok.backend.pod.namespace}/${ok.backend.pod.name}` : ok.backend?.ip} through Service ${dnsState.dnsService.key}` });
  }
  const hops = [...pre, ...result.hops];
  const addresses = result.answers.filter((a) => a.type === type).map((a) => a.value);
  if (result.rcode === 'NXDOMAIN' || addresses.length === 0) {
    const why = result.rcode === 'NXDOMAIN' ? `${name} does not resolve: NXDOMAIN` : `${name} resolves to no address (${result.answers.map((a) => `${a.type} ${a.value}`).join(', ') || 'no records'})`;
    return { kind: 'flows', flows: [{ hops: [...hops, { stage: 'dns', text: why }], outcome: 'nxdomain', cause: 'dns', sourceIp: origin.ip, masqueraded: false }] };
  }
  const starts: Start[] = [];
  for (const ip of addresses) {
    const port = portForAddress(state, ip, p);
    if (typeof port === 'string') return port;
    const pod = ownersOf(state, ip)?.find((o) => o.kind === 'pod');
    starts.push({
      dst: ip,
      port: port.port,
      protocol: port.protocol,
      hops,
      ...(addresses.length > 1 ? { branch: `address ${ip}`, fraction: 1 / addresses.length } : {}),
      ...(pod?.kind === 'pod' ? { targetPod: pod.pod } : {}),
    });
  }
  return { kind: 'starts', starts };
}

function originSource(o: Origin, primary?: ClusterState): ProbeSource {
  if (o.kind === 'pod' && o.pod) return { kind: 'pod', namespace: o.pod.namespace, name: o.pod.name };
  if (o.kind === 'node') return { kind: 'node', name: o.node.name };
  if (o.kind === 'outside' && o.host && primary?.hostsByName.has(o.host.name)) return { kind: 'host', name: o.host.name };
  return { kind: 'ip', ip: o.ip };
}

function plan(state: ClusterState, origin: Origin, p: Probe, eagerText: boolean): Plan | string {
  const t = p.target;
  switch (t.kind) {
    case 'service':
      return planService(state, origin, t, p, eagerText);
    case 'pod':
      return planPod(state, origin, t, p, eagerText);
    case 'node': {
      const node = state.nodesByName.get(t.name);
      if (!node) return `node ${t.name} does not exist`;
      if (node.ip === '') return `node ${t.name} has no IPv${state.family} address`;
      if (typeof p.port === 'string') return `a node has no named ports (${p.port})`;
      return { kind: 'starts', starts: [{ dst: nodeAddress(origin, node), port: p.port ?? 0, protocol: p.protocol ?? 'TCP', hops: [] }] };
    }
    case 'host': {
      const host = state.hostsByName.get(t.name);
      if (!host) return `host ${t.name} does not exist`;
      if (ipFamilyOf(host.ip) !== state.family) return `host ${t.name} (${host.ip}) has no IPv${state.family} address`;
      if (typeof p.port === 'string') return `a host has no named ports (${p.port})`;
      return { kind: 'starts', starts: [{ dst: host.ip, port: p.port ?? 0, protocol: p.protocol ?? 'TCP', hops: [] }] };
    }
    case 'internet':
      if (typeof p.port === 'string') return `the internet has no named ports (${p.port})`;
      return { kind: 'starts', starts: [{ dst: state.family === 6 ? INTERNET_SERVER_IP6 : INTERNET_SERVER_IP, port: p.port ?? 0, protocol: p.protocol ?? 'TCP', hops: [] }] };
    case 'ip': {
      const v4 = parseIpv4(t.ip);
      const ip = v4 !== undefined ? formatIpv4(v4) : canonicalIpv6(t.ip);
      if (ip === undefined) return `${t.ip} is not an IP address`;
      // A pod's own loopback: its container port names mean what they mean on its address.
      const port = isLoopback(ip) && origin.kind === 'pod' && origin.pod ? containerPort(origin.pod, p.port, p.protocol) : portForAddress(state, ip, p);
      if (typeof port === 'string') return port;
      const pod = ownersOf(state, ip)?.find((o) => o.kind === 'pod');
      return { kind: 'starts', starts: [{ dst: ip, port: port.port, protocol: port.protocol, hops: [], ...(pod?.kind === 'pod' ? { targetPod: pod.pod } : {}) }] };
    }
    case 'dns':
      return planDns(state, origin, t.name, p, eagerText);
    default: {
      const never: never = t;
      return never;
    }
  }
}

function describeOrigin(o: Origin): string {
  switch (o.kind) {
    case 'pod':
      return o.pod ? `${o.pod.spec.hostNetwork ? 'hostNetwork pod' : 'pod'} ${o.pod.key} (${o.ip}) on node ${o.node.name}` : `pod address ${o.ip} on node ${o.node.name}`;
    case 'node':
      return `node ${o.node.name} (${o.ip})`;
    case 'outside':
      return o.host
        ? `host ${o.host.name} (${o.ip}, ${o.where === 'internet' ? 'on the internet' : o.host.domain !== undefined ? `in network domain ${o.host.domain}` : 'in the VPC'})`
        : `${o.where === 'vpc' ? 'VPC address' : 'internet client'} ${o.ip}`;
  }
}

function walkFrom(state: ClusterState, origin: Origin, s: Start, eagerText: boolean, request: Probe['request']): Flow[] {
  // A loopback destination is the sender's own network namespace; the kernel sends from the
  // loopback address itself.
  const loopback = isLoopback(s.dst);
  const from = loopback ? { ...origin, ip: s.dst.includes(':') ? '::1' : '127.0.0.1' } : origin;
  const opens = s.protocol === 'ICMP' ? `sends an ICMP echo request (ping) to ${s.dst}` : `opens ${s.protocol} to ${s.port === 0 ? s.dst : ipPort(s.dst, s.port)}`;
  const sent = deferredHop('source', () => `${describeOrigin(origin)} ${opens}${loopback ? `, from ${from.ip}` : ''}`, {
    at: origin.kind === 'outside' ? undefined : origin.node.name,
    packet: { src: from.ip, dst: s.dst, dstPort: s.port, protocol: s.protocol },
  });
  let w: Walk = startWalk(from, s.dst, s.port, s.protocol, [...s.hops, sent], s.targetPod, eagerText, request);
  if (loopback && !(origin.kind === 'node' || (origin.kind === 'pod' && origin.pod?.spec.hostNetwork))) return [deliverLoopback(from, w)];
  if (s.branch !== undefined) w = withBranch(w, s.branch, s.fraction ?? 1);
  if (s.alike) w = withAlike(w, { nodes: s.alike, paths: s.alike.length });
  switch (origin.kind) {
    case 'pod':
      if (origin.pod && !origin.pod.spec.hostNetwork && s.dst === origin.ip) return [deliverToPod(state, origin.pod, w)];
      if (origin.pod) {
        const out = egressSidecarGate(state, origin.pod, w);
        if ('outcome' in out) return [out];
        w = out;
      }
      return atNode(state, origin.node, w, origin.pod?.spec.hostNetwork ? 'local' : 'pod');
    case 'node':
      return atNode(state, origin.node, w, 'local');
    case 'outside':
      return fromOutside(state, w);
  }
}

/**
 * The family a probe travels in: as asked, else that of an address it names (target, then
 * source), else the family a Service target has (an IPv6-only Service: 6), else the primary.
 */
function probeFamily(state: ClusterState, p: Probe): 4 | 6 {
  if (p.family) return p.family;
  const t = p.target;
  // The family of an address the probe names: an `ip`, or a host's address.
  const named = (x: ProbeSource | ProbeTarget): 4 | 6 | undefined => {
    const ip = x.kind === 'ip' ? x.ip : x.kind === 'host' ? state.hostsByName.get(x.name)?.ip : undefined;
    return ip === undefined ? undefined : ipFamilyOf(ip);
  };
  // ::1 exists on every machine, single-stack IPv4 ones too: it stays in the primary plane.
  if (t.kind === 'ip' && t.ip === '::1') return state.family;
  const fromAddress = named(t) ?? named(p.source);
  if (fromAddress) return fromAddress;
  if (t.kind === 'service') {
    const svc = state.servicesByKey.get(objectKey(t.namespace, t.name));
    if (svc && svc.families.length > 0 && !svc.families.includes(state.family)) return svc.families[0] ?? state.family;
  }
  return state.family;
}

export function probe(primary: ClusterState, p: Probe, options: ProbeOptions = {}): ProbeResult {
  const eagerText = options.eagerText ?? false;
  if (p.network !== undefined) return probeSecondary(primary, { ...p, network: p.network }, eagerText);
  const family = probeFamily(primary, p);
  const state = family === primary.family ? primary : family === 6 ? primary.ipv6 : primary.primary;
  if (!state)
    return {
      flows: [
        failed(undefined, '', 'unreachable', 'no-route', `the cluster is single-stack ${primary.family === 6 ? 'IPv6' : 'IPv4'}: nothing has an IPv${family} address (give pod-cidr an IPv${family} block too for dual-stack)`),
      ],
    };
  const origin = resolveOrigin(state, p.source);
  if (typeof origin === 'string') return { flows: [failed(undefined, '', 'unreachable', undefined, origin)] };
  const planned = plan(state, origin, p, eagerText);
  if (typeof planned === 'string') return { flows: [failed(origin, origin.ip, 'unreachable', undefined, planned)] };
  if (planned.kind === 'flows') return { flows: planned.flows };
  const flows = planned.starts.flatMap((s) => walkFrom(state, origin, s, eagerText, p.request));
  return { flows: flows.length > 0 ? flows : [failed(origin, origin.ip, 'unreachable', 'no-route', 'no path')] };
}

/**
 * A pod's (or an outside machine's) packet to its own loopback: it never leaves the network
 * namespace, which a pod's containers share, so no rule, policy or group sees it. A pod listens
 * on its declared container ports (every port when it declares none); outside machines on every
 * port. Nodes and hostNetwork pods go through the node's own rules instead (localhost NodePorts).
 */
function deliverLoopback(origin: Origin, w: Walk): Flow {
  const { dst, dstPort, protocol } = w.packet;
  const pod = origin.kind === 'pod' ? origin.pod : undefined;
  const who = pod ? `pod ${pod.key}` : origin.kind === 'outside' && origin.host ? `host ${origin.host.name}` : describeOrigin(origin);
  const backend = { ...(pod ? { pod: { namespace: pod.namespace, name: pod.name }, node: pod.spec.node } : {}), ip: dst, port: dstPort };
  const at = origin.kind === 'outside' ? {} : { at: origin.node.name };
  const listens = !pod || dstPort === 0 || protocol === 'ICMP' || podListener(pod.spec.ports, dstPort, protocol).kind !== 'none';
  if (!listens)
    return fail(w, 'refused', 'no-listener', {
      stage: 'delivery',
      ...at,
      text: `${dst} is ${who}'s own loopback, shared by its containers: nothing listens on ${protocol} ${dstPort} (it declares ${pod?.spec.ports.map((c) => `${c.containerPort}/${c.protocol}`).join(', ')}): reset`,
    });
  return deliver(w, backend, {
    stage: 'delivery',
    ...at,
    text: `${dst} is ${who}'s own loopback${pod ? ', in the network namespace its containers share' : ''}: delivered without leaving it${dstPort === 0 ? '' : ` (${protocol} ${dstPort})`}`,
  });
}

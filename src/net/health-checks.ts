/**
 * Cloud load balancer health checks, evaluated as real flows (clouds.md §5 "LB stage"): a check
 * is a connection from the LB's health-check source to each backend, through the backend's
 * security groups and, for node backends, kube-proxy; a backend that fails it gets no traffic.
 *
 * - Port: with externalTrafficPolicy Local the check is kube-proxy's HTTP health server on
 *   healthCheckNodePort, which answers 200 only while the node has a local ready endpoint
 *   (upstream `LocalReadyEndpoints`); with Cluster it is a connection to the traffic port itself
 *   (the nodePort, or the pod port for pod backends), forwarded like data.
 * - Source: the profile's health-check range (CCE shared ELB 100.125.0.0/16, TKE and ACK
 *   100.64.0.0/10, GKE 35.191.0.0/16, Azure 168.63.129.16), `vip` (the LB's own address: with
 *   kube-proxy in ipvs mode every node holds that address on kube-ipvs0 and drops the check as a
 *   packet from itself, clouds.md T+08 b), or an unplaced VPC address (`backend-subnet`, and the
 *   generic upstream LB), in which case only the backend's own health counts.
 * - A check that succeeds on some of its paths (kube-proxy spreading it over endpoints some of
 *   which fail) counts as healthy: the backend then flaps, which the trace says.
 * Health checks switched off (an annotation) are the caller's: load-balancer.ts never asks then.
 * Results are memoised per cluster state.
 */
import type { ClusterState, NodeState, PodState, ServiceEndpoint, ServiceState } from '../model/state.js';
import { ipPort, rangeAddress } from '../address/ip.js';
import { localEndpoints } from './endpoint-selection.js';
import { deliverToPod } from './delivery.js';
import { decidedBy } from './load-balancer-settings.js';
import type { Onward } from './onward.js';
import { lbSecurityGroups } from './security-groups.js';
import type { Flow } from './types.js';
import { hop, startWalk, type Walk } from './walk.js';

export interface Health {
  readonly healthy: boolean;
  /** The check succeeds on some of its paths only: the backend flaps (counted healthy). */
  readonly flapping?: boolean;
  /** One clause for the trace: what the check met. */
  readonly why: string;
}

const memo = new WeakMap<ClusterState, Map<string, Health>>();

function memoised(state: ClusterState, key: string, f: () => Health): Health {
  let m = memo.get(state);
  if (!m) memo.set(state, (m = new Map()));
  const hit = m.get(key);
  if (hit) return hit;
  const h = f();
  m.set(key, h);
  return h;
}

/** The address the checks come from, or why there is none to test. */
function checkSource(state: ClusterState, svc: ServiceState): { ip: string; text: string } | { none: string } {
  const lb = svc.lb;
  const configured = state.spec.settings.lbHealthCheckSource === 'vip' ? 'vip' : lb?.settings.healthCheckSource;
  if (configured === 'vip') {
    const vip = svc.loadBalancerIPs[0];
    return vip ? { ip: vip, text: `the load balancer's own address ${vip} (setting lbHealthCheckSource vip)` } : { none: 'the load balancer has no address yet' };
  }
  if (configured === undefined || configured === 'backend-subnet')
    return { none: configured === undefined ? 'the generic load balancer checks from inside the VPC' : 'it checks from its backend subnet, which the model does not place' };
  const ip = rangeAddress(configured);
  if (ip === undefined) return { none: `its health-check range ${configured} is not an IPv4 CIDR` };
  if (state.family !== 4) return { none: `its health-check range ${configured} is IPv4 and this is an IPv6 connection` };
  return { ip, text: `${ip} (the health-check range ${configured}, ${decidedBy(svc, 'healthCheckSource')})` };
}

function firstFailure(flows: readonly Flow[]): string {
  const f = flows.find((x) => x.outcome !== 'allow') ?? flows[0];
  return f?.hops[f.hops.length - 1]?.text ?? 'no answer';
}

function verdict(flows: readonly Flow[], what: string): Health {
  const ok = flows.filter((f) => f.outcome === 'allow').length;
  if (ok === 0) return { healthy: false, why: `${what} fails: ${firstFailure(flows)}` };
  if (ok < flows.length) return { healthy: true, flapping: true, why: `${what} succeeds on ${ok} of ${flows.length} paths (the backend flaps; the model counts it healthy): ${firstFailure(flows)}` };
  return { healthy: true, why: `${what} succeeds` };
}

/** Health of one node backend of a node-port load balancer, for the service port at `portIndex`. */
export function nodeHealth(state: ClusterState, svc: ServiceState, portIndex: number, node: NodeState, onward: Onward): Health {
  return memoised(state, `${svc.key}\0${portIndex}\0${node.name}`, () => {
    const port = svc.ports[portIndex];
    if (!port) return { healthy: false, why: 'no such port' };
    const local = svc.spec.externalTrafficPolicy === 'Local';
    const checkPort = local ? (svc.healthCheckNodePort ?? 0) : (port.nodePort ?? port.port);
    const protocol = local ? 'TCP' : port.protocol;
    const what = local ? `the HTTP check of node ${node.name}:${checkPort} (healthCheckNodePort)` : `the ${protocol} check of node ${node.name}:${checkPort}`;
    const ownHealth = (): Health => {
      if (!local) return { healthy: true, why: `${what} succeeds` };
      const eps = localEndpoints(svc.endpointsByPort[portIndex] ?? [], node).endpoints.filter((e) => e.ready);
      return eps.length > 0
        ? { healthy: true, why: `${what} answers 200: ${eps.length} local ready endpoint${eps.length === 1 ? '' : 's'}` }
        : { healthy: false, why: `${what} answers 503: no local ready endpoint on node ${node.name}` };
    };
    const source = checkSource(state, svc);
    if ('none' in source) return ownHealth();
    if (node.addresses.includes(source.ip))
      return { healthy: false, why: `${what} fails: its source ${source.ip} is node ${node.name}'s own address` };
    if (state.spec.proxyMode === 'ipvs' && svc.loadBalancerIPs.includes(source.ip))
      return {
        healthy: false,
        why: `${what} fails: it comes from the load balancer address ${source.ip}, which kube-proxy (ipvs) has bound to kube-ipvs0 on every node, so node ${node.name} drops it as a packet from itself (${source.text})`,
      };
    const w = startWalk({ kind: 'outside', ip: source.ip, where: 'vpc' }, node.ip, checkPort, protocol, []);
    const admitted = lbSecurityGroups(state, node, w, checkPort, svc);
    if ('outcome' in admitted) return { healthy: false, why: `${what} from ${source.ip} fails: ${firstFailure([admitted])}` };
    if (local) return ownHealth();
    return verdict(onward.atNode(state, node, admitted, 'remote'), `${what} from ${source.ip}`);
  });
}

/** Health of one pod backend (an LB with pod targets): a check to the pod's address and port. */
export function podHealth(state: ClusterState, svc: ServiceState, portIndex: number, ep: ServiceEndpoint, pod: PodState, node: NodeState): Health {
  return memoised(state, `${svc.key}\0${portIndex}\0pod\0${ep.address}:${ep.port}`, () => {
    const what = `the check of pod ${pod.key} ${ipPort(ep.address, ep.port)}`;
    const source = checkSource(state, svc);
    if ('none' in source) return { healthy: true, why: `${what} succeeds (${source.none})` };
    const w: Walk = hop(startWalk({ kind: 'outside', ip: source.ip, where: 'vpc' }, ep.address, ep.port, svc.ports[portIndex]?.protocol ?? 'TCP', []), {
      stage: 'routing',
      text: `the VPC routes ${ep.address} to node ${node.name}`,
    });
    const admitted = lbSecurityGroups(state, node, w, ep.port, svc, pod);
    if ('outcome' in admitted) return { healthy: false, why: `${what} from ${source.ip} fails: ${firstFailure([admitted])}` };
    return verdict([deliverToPod(state, pod, admitted)], `${what} from ${source.ip}`);
  });
}

/** The sentence of a health-check hop: how many backends pass, and why the others do not. */
export function healthSummary(results: readonly { readonly name: string; readonly health: Health }[], sourceText: string): string {
  const bad = results.filter((r) => !r.health.healthy);
  const flapping = results.filter((r) => r.health.flapping);
  const shown = bad.slice(0, 5).map((r) => `${r.name}: ${r.health.why}`);
  const more = bad.length > shown.length ? `; and ${bad.length - shown.length} more` : '';
  const flap = flapping.length > 0 ? `; flapping: ${flapping.slice(0, 3).map((r) => `${r.name}: ${r.health.why}`).join('; ')}` : '';
  if (bad.length === 0) return `health checks from ${sourceText}: all ${results.length} backend${results.length === 1 ? '' : 's'} healthy${flap}`;
  return `health checks from ${sourceText}: ${results.length - bad.length} of ${results.length} backends healthy; unhealthy ${shown.join('; ')}${more}${flap}`;
}

export function sourceDescription(state: ClusterState, svc: ServiceState): string {
  const s = checkSource(state, svc);
  return 'none' in s ? `an address the model does not place (${s.none})` : s.text;
}

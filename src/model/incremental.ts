/**
 * Incremental state updates for the changes kube-proxy sees most: a pod's conditions (ready,
 * not ready, terminating). Like the EndpointSlice controller and kube-proxy's change tracker,
 * only the Services selecting that pod are touched: their endpoints get the pod's new
 * conditions, and the address, nodePort and Service indexes are overlaid with the new Service
 * objects. Everything else is shared with the previous state; whole-cluster arrays (`pods`,
 * `services`) are materialised only when something iterates them.
 *
 * The result equals `buildState(spec)` for the new spec (a property test checks it). Changes
 * this path does not cover return undefined and the caller rebuilds: dual-stack clusters,
 * hostNetwork and hostPort pods, and Services whose topology hints depend on readiness
 * (service.kubernetes.io/topology-mode: Auto).
 */
import { clusterFamilies } from './ip-families.js';
import type { ClusterSpec, Labels } from '../spec/types.js';
import { TOPOLOGY_MODE_ANNOTATION } from './endpoint-slices.js';
import { Hamt } from './hamt.js';
import {
  nodePortKey,
  type AddressOwner,
  type ClusterState,
  type EndpointSliceState,
  type EndpointState,
  type PodState,
  type ServiceEndpoint,
  type ServiceState,
} from './state.js';

/**
 * A read-only map: a base map with some keys replaced. The replacements are a persistent map
 * (Hamt), so an overlay of an overlay shares its parent's replacements instead of copying or
 * stacking them: a lookup is one trie walk and one map probe, a change O(log n).
 */
class OverlayMap<V> implements ReadonlyMap<string, V> {
  private constructor(
    private readonly base: ReadonlyMap<string, V>,
    private readonly over: Hamt<V>,
  ) {}

  /** `map` with the entries of `changes` replacing or adding keys (values are never undefined). */
  static with<V>(map: ReadonlyMap<string, V>, changes: ReadonlyMap<string, V>): ReadonlyMap<string, V> {
    if (changes.size === 0) return map;
    const parent = map instanceof OverlayMap ? (map as OverlayMap<V>) : undefined;
    let over = parent ? parent.over : Hamt.empty<V>();
    for (const [k, v] of changes) over = over.set(k, v);
    return new OverlayMap(parent ? parent.base : map, over);
  }

  get(k: string): V | undefined {
    return this.over.get(k) ?? this.base.get(k);
  }
  has(k: string): boolean {
    return this.over.has(k) || this.base.has(k);
  }
  get size(): number {
    let extra = 0;
    for (const [k] of this.over.entries()) if (!this.base.has(k)) extra++;
    return this.base.size + extra;
  }
  *entries(): MapIterator<[string, V]> {
    for (const [k, v] of this.base) yield [k, this.over.get(k) ?? v];
    for (const [k, v] of this.over.entries()) if (!this.base.has(k)) yield [k, v];
  }
  *keys(): MapIterator<string> {
    for (const [k] of this.entries()) yield k;
  }
  *values(): MapIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }
  [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
  forEach(f: (value: V, key: string, map: ReadonlyMap<string, V>) => void): void {
    for (const [k, v] of this.entries()) f(v, k, this);
  }
}

/**
 * Which Services may select a pod: Service keys by namespace and the first pair of their
 * selector (an empty selector under the namespace alone). Readiness changes never change
 * selectors, so one index serves a state and every state derived from it.
 */
type SelectorIndex = ReadonlyMap<string, readonly string[]>;
const selectorIndexes = new WeakMap<ClusterState, SelectorIndex>();

function selectorIndex(state: ClusterState): SelectorIndex {
  let index = selectorIndexes.get(state);
  if (!index) {
    const built = new Map<string, string[]>();
    for (const s of state.services) {
      if (s.spec.selector === null) continue;
      let first: string | undefined;
      for (const k in s.spec.selector) {
        first = `${k}=${s.spec.selector[k]}`;
        break;
      }
      const key = `${s.namespace}\0${first ?? ''}`;
      const list = built.get(key);
      if (list) list.push(s.key);
      else built.set(key, [s.key]);
    }
    selectorIndexes.set(state, (index = built));
  }
  return index;
}

/** The Services of the pod's namespace whose selector matches its labels. */
function selecting(state: ClusterState, pod: PodState): ServiceState[] {
  const index = selectorIndex(state);
  const out: ServiceState[] = [];
  const consider = (keys: readonly string[] | undefined): void => {
    for (const key of keys ?? []) {
      const svc = state.servicesByKey.get(key);
      if (svc && selects(svc.spec.selector, pod.spec.labels) && !out.includes(svc)) out.push(svc);
    }
  };
  consider(index.get(`${pod.namespace}\0`));
  const labels = pod.spec.labels;
  for (const k in labels) consider(index.get(`${pod.namespace}\0${k}=${labels[k]}`));
  return out;
}

function selects(selector: Labels | null, labels: Labels): boolean {
  if (selector === null) return false;
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
}

export interface PodConditions {
  readonly ready: boolean;
  readonly terminating: boolean;
}

/**
 * The state after pod `key`'s conditions change (`spec` is the whole new spec, whose pod has
 * those conditions); undefined when this path does not apply.
 */
export function withPodConditions(state: ClusterState, spec: ClusterSpec, key: string, c: PodConditions): ClusterState | undefined {
  if (state.family !== 4 || clusterFamilies(state.spec).length > 1) return undefined;
  const old = state.podsByKey.get(key);
  if (!old || old.spec.hostNetwork || old.spec.ports.some((p) => p.hostPort !== undefined)) return undefined;
  if (old.spec.ready === c.ready && old.spec.terminating === c.terminating) return shell(state, spec, old, old, new Map());
  const pod: PodState = { ...old, spec: { ...old.spec, ready: c.ready, terminating: c.terminating } };

  const replaced = new Map<ServiceState, ServiceState>();
  for (const svc of selecting(state, old)) {
    if (svc.spec.type === 'ExternalName' || !svc.families.includes(state.family)) continue;
    if ((svc.spec.annotations[TOPOLOGY_MODE_ANNOTATION] ?? '').toLowerCase() === 'auto') return undefined;
    replaced.set(svc, patchedService(svc, pod));
  }
  return shell(state, spec, old, pod, replaced);
}

/** The Service with the pod's endpoints recomputed (lazily, from the old Service's). */
function patchedService(svc: ServiceState, pod: PodState): ServiceState {
  const pnr = svc.spec.publishNotReadyAddresses;
  const serving = pnr || pod.spec.ready;
  const terminating = pod.spec.terminating;
  const ready = pnr || (pod.spec.ready && !terminating);
  const hit = (e: EndpointState): boolean => e.targetPod !== undefined && e.targetPod.namespace === pod.namespace && e.targetPod.name === pod.name;
  const fix = <E extends EndpointState>(e: E): E => (hit(e) ? { ...e, ready, serving, terminating } : e);
  let memo: { slices: EndpointSliceState[]; endpointsByPort: ServiceEndpoint[][]; endpoints: EndpointState[] } | undefined;
  const patched = () =>
    (memo ??= {
      slices: svc.slices.map((s) => (s.endpoints.some(hit) ? { ...s, endpoints: s.endpoints.map(fix) } : s)),
      endpointsByPort: svc.endpointsByPort.map((list) => (list.some(hit) ? list.map(fix) : [...list])),
      endpoints: svc.endpoints.map(fix),
    });
  return {
    spec: svc.spec,
    namespace: svc.namespace,
    name: svc.name,
    key: svc.key,
    ...(svc.clusterIP !== undefined ? { clusterIP: svc.clusterIP } : {}),
    families: svc.families,
    ports: svc.ports,
    loadBalancerIPs: svc.loadBalancerIPs,
    ...(svc.lb ? { lb: svc.lb } : {}),
    ...(svc.healthCheckNodePort !== undefined ? { healthCheckNodePort: svc.healthCheckNodePort } : {}),
    get slices() {
      return patched().slices;
    },
    get endpointsByPort() {
      return patched().endpointsByPort;
    },
    get endpoints() {
      return patched().endpoints;
    },
    builtin: svc.builtin,
  };
}

/** The new state: the old one's parts, with the pod and the replaced Services overlaid. */
function shell(state: ClusterState, spec: ClusterSpec, old: PodState, pod: PodState, replaced: ReadonlyMap<ServiceState, ServiceState>): ClusterState {
  const swap = (s: ServiceState): ServiceState => replaced.get(s) ?? s;
  const servicesByKeyOver = new Map<string, ServiceState>();
  const addressesOver = new Map<string, readonly AddressOwner[]>();
  const nodePortsOver = new Map<string, { readonly service: ServiceState; readonly portIndex: number }>();
  const swapOwners = (ip: string): void => {
    const owners = state.addresses.get(ip);
    if (!owners || addressesOver.has(ip)) return;
    addressesOver.set(
      ip,
      owners.map((o): AddressOwner => {
        if (o.kind === 'cluster-ip' || o.kind === 'load-balancer') return { ...o, service: swap(o.service) };
        if (o.kind === 'external-ip') return { ...o, services: o.services.map(swap) };
        return o;
      }),
    );
  };
  for (const [before, after] of replaced) {
    servicesByKeyOver.set(after.key, after);
    if (before.clusterIP !== undefined) swapOwners(before.clusterIP);
    for (const ip of before.loadBalancerIPs) swapOwners(ip);
    for (const ip of before.spec.externalIPs) swapOwners(ip);
    before.ports.forEach((p, portIndex) => {
      if (p.nodePort === undefined) return;
      const k = nodePortKey(p.protocol, p.nodePort);
      if (state.nodePorts.get(k)?.service === before) nodePortsOver.set(k, { service: after, portIndex });
    });
  }
  let podsMemo: readonly PodState[] | undefined;
  let servicesMemo: readonly ServiceState[] | undefined;
  const podsByKey = old === pod ? state.podsByKey : OverlayMap.with(state.podsByKey, new Map([[pod.key, pod]]));
  const ipOver = pod.ip !== undefined && state.podsByIp.get(pod.ip) === old ? new Map([[pod.ip, pod]]) : undefined;
  const podsByIp = ipOver ? OverlayMap.with(state.podsByIp, ipOver) : state.podsByIp;
  const dnsService = state.dnsService ? swap(state.dnsService) : undefined;
  const next: ClusterState = {
    spec,
    family: state.family,
    problems: state.problems,
    namespaces: state.namespaces,
    nodes: state.nodes,
    nodesByName: state.nodesByName,
    get pods() {
      return (podsMemo ??= old === pod ? state.pods : state.pods.map((p) => (p === old ? pod : p)));
    },
    podsByKey,
    hostPorts: state.hostPorts,
    hostNetworkPods: state.hostNetworkPods,
    get services() {
      return (servicesMemo ??= replaced.size === 0 ? state.services : state.services.map(swap));
    },
    servicesByKey: OverlayMap.with(state.servicesByKey, servicesByKeyOver),
    addresses: OverlayMap.with(state.addresses, addressesOver),
    podsByIp,
    nodePorts: OverlayMap.with(state.nodePorts, nodePortsOver),
    hostsByName: state.hostsByName,
    securityGroupsByNode: state.securityGroupsByNode,
    securityGroupMembers: state.securityGroupMembers,
    securityGroupsByPod: state.securityGroupsByPod,
    podCidrs: state.podCidrs,
    ...(state.serviceCidr ? { serviceCidr: state.serviceCidr } : {}),
    ...(dnsService ? { dnsService } : {}),
    policyIndex: state.policyIndex,
  };
  selectorIndexes.set(next, selectorIndex(state));
  return next;
}

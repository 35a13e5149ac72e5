/**
 * EndpointSlices as the EndpointSlice controller writes them (reference §2.2, §2.7, §3), plus
 * the hand-written ones, and the per-port endpoint lists kube-proxy derives from all slices.
 *
 * Controller rules: Services with a selector (not ExternalName) select the pods of their own
 * namespace that have an IP, hostNetwork or not. Each service port's targetPort is resolved per
 * pod (a name is looked up among the pod's container ports with the same protocol; a pod without
 * it contributes no endpoint for that port); pods with the same resolved ports share a slice.
 * Conditions: serving = pod Ready, terminating = deletion requested, ready = serving and not
 * terminating, or always true with publishNotReadyAddresses. nodeName and zone come from the
 * pod's node; hostname from the pod when its subdomain names the Service. Topology hints are
 * written for trafficDistribution (PreferSameZone/PreferClose: own zone; PreferSameNode: own
 * node and zone) when every endpoint has a zone, and for the topology-mode Auto annotation
 * (own zone) only when every zone that has nodes has a ready endpoint; Auto wins over the field.
 *
 * Hand-written slices apply API nil semantics (ready/serving default true, terminating false)
 * and, like kube-proxy, use an endpoint's first address. Slice ports match service ports by
 * name and protocol. Duplicate (address, port) pairs across slices are kept once.
 */
import type { EndpointSlicePortSpec, EndpointSliceSpec, Protocol, ServicePortSpec } from '../spec/types.js';
import type { EndpointSliceState, EndpointState, PodState, ServiceEndpoint } from './state.js';

export interface ServiceEndpointsInput {
  readonly namespace: string;
  readonly name: string;
  readonly selector: Readonly<Record<string, string>> | null;
  readonly isExternalName: boolean;
  readonly ports: readonly ServicePortSpec[];
  readonly publishNotReadyAddresses: boolean;
  readonly trafficDistribution?: string;
  readonly topologyModeAuto: boolean;
}

export interface ServiceEndpoints {
  readonly slices: readonly EndpointSliceState[];
  readonly endpointsByPort: readonly (readonly ServiceEndpoint[])[];
  readonly endpoints: readonly EndpointState[];
}

/** Pods of one namespace, indexed by label key, then value, for selector lookups. */
export interface PodSelectorIndex {
  readonly all: readonly PodState[];
  readonly byLabel: ReadonlyMap<string, ReadonlyMap<string, readonly PodState[]>>;
}

export function indexPodsByNamespace(pods: readonly PodState[]): Map<string, PodSelectorIndex> {
  const out = new Map<string, { all: PodState[]; byLabel: Map<string, Map<string, PodState[]>> }>();
  for (const pod of pods) {
    let ns = out.get(pod.namespace);
    if (!ns) {
      ns = { all: [], byLabel: new Map() };
      out.set(pod.namespace, ns);
    }
    ns.all.push(pod);
    const labels = pod.spec.labels;
    for (const k in labels) {
      const v = labels[k] as string;
      let values = ns.byLabel.get(k);
      if (!values) {
        values = new Map();
        ns.byLabel.set(k, values);
      }
      const list = values.get(v);
      if (list) list.push(pod);
      else values.set(v, [pod]);
    }
  }
  return out;
}

export const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';

function selectPods(index: PodSelectorIndex | undefined, selector: Readonly<Record<string, string>>): PodState[] {
  if (!index) return [];
  const pairs = Object.entries(selector);
  if (pairs.length === 0) return [...index.all];
  let smallest: readonly PodState[] | undefined;
  for (const [k, v] of pairs) {
    const list = index.byLabel.get(k)?.get(v);
    if (!list) return [];
    if (!smallest || list.length < smallest.length) smallest = list;
  }
  return (smallest ?? []).filter((p) => pairs.every(([k, v]) => p.spec.labels[k] === v));
}

function resolveTargetPort(pod: PodState, port: ServicePortSpec): number | undefined {
  if (typeof port.targetPort === 'number') return port.targetPort;
  return pod.spec.ports.find((c) => c.name === port.targetPort && c.protocol === port.protocol)?.containerPort;
}

function portsMatch(a: { name?: string; protocol: Protocol }, b: { name?: string; protocol: Protocol }): boolean {
  return (a.name ?? '') === (b.name ?? '') && a.protocol === b.protocol;
}

export function deriveServiceEndpoints(
  svc: ServiceEndpointsInput,
  pods: PodSelectorIndex | undefined,
  userSlices: readonly EndpointSliceSpec[],
  nodeZones: ReadonlyMap<string, string | undefined>,
  zonesWithNodes: ReadonlySet<string>,
  family: 4 | 6 = 4,
  hasFamily = true,
): ServiceEndpoints {
  const slices: EndpointSliceState[] = [];
  // The controller writes slices for the Service's own families only (one address type each).
  if (svc.selector !== null && !svc.isExternalName && hasFamily) {
    const groups = new Map<string, { ports: EndpointSlicePortSpec[]; endpoints: EndpointState[] }>();
    const selected = selectPods(pods, svc.selector).filter((p) => p.ip !== undefined);
    const hints = hintMode(svc, selected, nodeZones, zonesWithNodes);
    for (const pod of selected) {
      const ports: EndpointSlicePortSpec[] = [];
      for (const sp of svc.ports) {
        const n = resolveTargetPort(pod, sp);
        if (n !== undefined) ports.push(sp.name === undefined ? { port: n, protocol: sp.protocol } : { name: sp.name, port: n, protocol: sp.protocol });
      }
      const signature = ports.map((p) => `${p.name ?? ''}:${p.port}/${p.protocol}`).join(',');
      let group = groups.get(signature);
      if (!group) {
        group = { ports, endpoints: [] };
        groups.set(signature, group);
      }
      group.endpoints.push(podEndpoint(svc, pod, hints));
    }
    let n = 0;
    for (const g of groups.values()) {
      slices.push({ name: `${svc.name}-${++n}`, namespace: svc.namespace, service: svc.name, ports: g.ports, endpoints: g.endpoints, managedBy: 'endpointslice-controller.k8s.io' });
    }
  }
  for (const s of userSlices) {
    if (s.addressType !== (family === 6 ? 'IPv6' : 'IPv4')) continue;
    slices.push({ name: s.name, namespace: s.namespace, service: s.service, ports: s.ports, endpoints: s.endpoints.flatMap(userEndpoint), managedBy: 'user' });
  }

  // Controller slices never repeat an address; de-duplicate only when several slices exist.
  const single = slices.length <= 1;
  const endpointsByPort = svc.ports.map((sp) => {
    const seen = new Set<string>();
    const out: ServiceEndpoint[] = [];
    for (const slice of slices) {
      const port = slice.ports.find((p) => portsMatch(p, sp));
      if (!port) continue;
      for (const ep of slice.endpoints) {
        if (!single) {
          const key = `${ep.address}:${port.port}`;
          if (seen.has(key)) continue;
          seen.add(key);
        }
        out.push(withPort(ep, port.port));
      }
    }
    return out;
  });
  let endpoints: EndpointState[];
  if (single) endpoints = slices[0] ? [...slices[0].endpoints] : [];
  else {
    const seen = new Set<string>();
    endpoints = [];
    for (const slice of slices)
      for (const ep of slice.endpoints) {
        if (seen.has(ep.address)) continue;
        seen.add(ep.address);
        endpoints.push(ep);
      }
  }
  return { slices, endpointsByPort, endpoints };
}

type HintMode = 'none' | 'zone' | 'node';

function hintMode(
  svc: ServiceEndpointsInput,
  pods: readonly PodState[],
  nodeZones: ReadonlyMap<string, string | undefined>,
  zonesWithNodes: ReadonlySet<string>,
): HintMode {
  const allZoned = pods.every((p) => nodeZones.get(p.spec.node) !== undefined);
  if (svc.topologyModeAuto) {
    const readyZones = new Set(pods.filter((p) => p.spec.ready && !p.spec.terminating).map((p) => nodeZones.get(p.spec.node)));
    return allZoned && [...zonesWithNodes].every((z) => readyZones.has(z)) ? 'zone' : 'none';
  }
  switch (svc.trafficDistribution) {
    case 'PreferClose':
    case 'PreferSameZone':
      return allZoned ? 'zone' : 'none';
    case 'PreferSameNode':
      return allZoned ? 'node' : 'none';
    default:
      return 'none';
  }
}

function podEndpoint(svc: ServiceEndpointsInput, pod: PodState, hints: HintMode): EndpointState {
  const serving = pod.spec.ready;
  const terminating = pod.spec.terminating;
  const zone = pod.node?.zone;
  return {
    address: pod.ip as string,
    ready: svc.publishNotReadyAddresses || (serving && !terminating),
    serving: svc.publishNotReadyAddresses || serving,
    terminating,
    nodeName: pod.spec.node,
    zone,
    hostname: pod.spec.hostname !== undefined && pod.spec.subdomain === svc.name ? pod.spec.hostname : undefined,
    hintsForZones: hints !== 'none' && zone !== undefined ? [zone] : undefined,
    hintsForNodes: hints === 'node' ? [pod.spec.node] : undefined,
    targetPod: { namespace: pod.namespace, name: pod.name },
  };
}

function userEndpoint(e: EndpointSliceSpec['endpoints'][number]): EndpointState[] {
  const address = e.addresses[0];
  if (address === undefined) return [];
  return [
    {
      address,
      ready: e.ready ?? true,
      serving: e.serving ?? true,
      terminating: e.terminating ?? false,
      nodeName: e.nodeName,
      zone: e.zone,
      hostname: e.hostname,
      hintsForZones: e.hintsForZones,
      hintsForNodes: e.hintsForNodes,
      targetPod: e.targetPod,
    },
  ];
}

/** The endpoint with its DNAT port (a monomorphic literal: spreading is costly at 150,000 endpoints). */
function withPort(ep: EndpointState, port: number): ServiceEndpoint {
  return {
    address: ep.address,
    ready: ep.ready,
    serving: ep.serving,
    terminating: ep.terminating,
    nodeName: ep.nodeName,
    zone: ep.zone,
    hostname: ep.hostname,
    hintsForZones: ep.hintsForZones,
    hintsForNodes: ep.hintsForNodes,
    targetPod: ep.targetPod,
    port,
  };
}

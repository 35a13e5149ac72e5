/**
 * The client's Istio sidecar (istio-proxy), the first stage of a connection a pod opens: the
 * Sidecar resources (src/mesh/egress-scope.ts, semantics with citations) decide whether the
 * proxy knows the destination, passes an unknown one through (ALLOW_ANY) or drops it
 * (REGISTRY_ONLY: BlackHoleCluster).
 * - Only a pod with a sidecar (src/mesh/sidecar.ts), only TCP, only with a port; a cluster
 *   without Sidecar resources under meshConfig's ALLOW_ANY (`set mesh-outbound-traffic-policy`,
 *   default allow-any) adds nothing to a trace, as it passes everything; under REGISTRY_ONLY the
 *   stage runs for every client with a sidecar, Sidecar resources or not.
 * - The destination's registry hosts, by its address: a Service's ClusterIP, a pod's address
 *   (the Services it is an endpoint of), a ServiceEntry's `addresses`.
 * - Dropped, a TCP connection is closed by the proxy (`refused`, cause policy; the last hop's
 *   rule names the Sidecar, or its setting names meshConfig's mode: a proxy in front answers
 *   502, sidecar.ts refusedByProxyReset); an HTTP request gets 502 from the BlackHoleCluster.
 */
import { cidrHas, parseAnyCidr } from '../address/ip.js';
import type { ClusterState, PodState } from '../model/state.js';
import { ownersOf } from '../model/state.js';
import { egressVerdict, serviceHost, type RegistryHost } from '../mesh/egress-scope.js';
import { assertNever } from '../spec/never.js';
import { podSidecar } from './pod-sidecar.js';
import type { Flow, Hop } from './types.js';
import { fail, hop, type Walk } from './walk.js';

/** The registry hosts a connection to `ip` is matched with. */
function registryHosts(state: ClusterState, ip: string): RegistryHost[] {
  const out: RegistryHost[] = [];
  for (const o of ownersOf(state, ip)) {
    if (o.kind === 'cluster-ip') out.push(serviceHost(o.service.namespace, o.service.name));
    if (o.kind === 'pod')
      for (const svc of state.services)
        if (svc.endpoints.some((e) => e.targetPod?.namespace === o.pod.namespace && e.targetPod.name === o.pod.name)) out.push(serviceHost(svc.namespace, svc.name));
  }
  for (const se of state.spec.serviceEntries)
    if (se.addresses.some((a) => {
      const c = parseAnyCidr(a.includes('/') ? a : `${a}/${a.includes(':') ? 128 : 32}`);
      return c !== undefined && cidrHas(c, ip);
    }))
      out.push(...se.hosts.map((host) => ({ namespace: se.namespace, host, from: `ServiceEntry ${se.namespace}/${se.name}` })));
  return out;
}

/**
 * Whether the pod's proxy passes a connection to `ip`:`port` through without knowing it
 * (ALLOW_ANY, not imported): PassthroughCluster forwards it as it came, plain text, so the
 * destination's sidecar sees no client certificate (egress-scope.ts).
 */
export function passedThrough(state: ClusterState, pod: PodState, ip: string, port: number): boolean {
  const sidecars = state.spec.istioSidecars;
  if (sidecars.length === 0) return false;
  return egressVerdict(sidecars, { namespace: pod.namespace, labels: pod.spec.labels }, registryHosts(state, ip), port, state.spec.settings.meshOutboundTrafficPolicy).kind === 'passthrough';
}

export function egressSidecarGate(state: ClusterState, pod: PodState, w: Walk): Walk | Flow {
  const sidecars = state.spec.istioSidecars;
  const mesh = state.spec.settings.meshOutboundTrafficPolicy;
  const { protocol, dstPort, dst } = w.packet;
  if ((sidecars.length === 0 && mesh === 'ALLOW_ANY') || protocol !== 'TCP' || dstPort === 0 || pod.spec.hostNetwork) return w;
  if (!podSidecar(state, pod).injected) return w;
  const hosts = registryHosts(state, dst);
  const verdict = egressVerdict(sidecars, { namespace: pod.namespace, labels: pod.spec.labels }, hosts, dstPort, mesh);
  const unknown = hosts.length === 0 ? 'the address is no host of the registry' : `${hosts.map((h) => `${h.host} (${h.from})`).join(', ')} not imported`;
  const at = pod.spec.node;
  const what = w.request ? `${w.request.method} ${w.request.path}` : `TCP connection to ${dst}:${dstPort}`;
  const who = `istio-proxy of pod ${pod.key} (outbound)`;
  switch (verdict.kind) {
    case 'known': {
      const why = sidecars.length === 0 ? 'is in the registry (no Sidecar resource: the proxy imports every host)' : `is imported by egress host "${verdict.pattern}"`;
      return hop(w, { stage: 'source', at, text: `${who}: ${what}: ${verdict.host.host} (${verdict.host.from}) ${why}` });
    }
    case 'passthrough': {
      const by = verdict.by ? `Sidecar ${verdict.by.namespace}/${verdict.by.name}` : undefined;
      const h: Hop = {
        stage: 'source',
        at,
        text: `${who}: ${what}: ${unknown}; ALLOW_ANY (${by ?? "the mesh's default, meshConfig.outboundTrafficPolicy"}) passes it through to the address asked for`,
        ...(by ? { rule: `${by} (ALLOW_ANY)` } : { setting: 'meshConfig.outboundTrafficPolicy' }),
      };
      return hop(w, h);
    }
    case 'blackhole': {
      const rule = verdict.by ? `Sidecar ${verdict.by.namespace}/${verdict.by.name} (REGISTRY_ONLY)` : undefined;
      const decider = rule ? { rule } : { setting: 'meshOutboundTrafficPolicy' };
      const by = rule ?? "the mesh's REGISTRY_ONLY (meshConfig.outboundTrafficPolicy, `set mesh-outbound-traffic-policy registry-only`; no Sidecar sets a mode)";
      const base = hop(w, { stage: 'source', at, text: `${who}: ${what}: ${unknown}, and ${by} drops unknown traffic (BlackHoleCluster)`, ...decider });
      const ending = w.request ? 'the proxy answers 502 Bad Gateway' : 'the proxy accepted the connection and closes it: the client sees a reset';
      return fail(base, 'refused', 'policy', { stage: 'source', at, text: ending, ...decider });
    }
    default:
      return assertNever(verdict);
  }
}

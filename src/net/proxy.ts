/**
 * The parts every HTTP entry point shares: the client's address, leg one to an in-cluster proxy's
 * Service (its load-balancer address, else node ports, else the ClusterIP from inside), the proxy
 * answering with a status of its own, and leg two from the proxy pod straight to a ready endpoint
 * of the backend Service (so NetworkPolicy sees the proxy pod as the source). The backend pod's
 * Istio sidecar judges leg two as the HTTP request it carries: denied, the proxy relays its 403;
 * likewise Cilium's L7 proxy when an L7 rule filters the backend's port (cilium-proxy.ts).
 */
import { ipPort } from '../address/ip.js';
import type { ClusterState, PodState, ServiceState } from '../model/state.js';
import { objectKey } from '../model/state.js';
import type { IngressBackendSpec } from '../spec/types.js';
import type { HttpRequestParts } from './ingress-routing.js';
import { internetClientIp, probe } from './probe.js';
import type { Flow, Hop, HttpInfo, ProbeSource, ProbeTarget } from './types.js';
import type { MeshRequest } from '../mesh/authorization.js';
import { refusedByProxyReset } from './sidecar.js';

export function noAnswer(sourceIp: string, outcome: Flow['outcome'], cause: Flow['cause'], hops: readonly Hop[]): Flow {
  return { hops, outcome, ...(cause ? { cause } : {}), sourceIp, masqueraded: false };
}

export const outside = (s: ProbeSource): boolean => s.kind === 'internet' || s.kind === 'host' || s.kind === 'ip';

/** The address a request leaves its client with (before any NAT). */
export function clientAddress(state: ClusterState, s: ProbeSource): string {
  switch (s.kind) {
    case 'internet':
      return internetClientIp(state);
    case 'ip':
      return s.ip;
    case 'host':
      return state.hostsByName.get(s.name)?.ip ?? '';
    case 'pod':
      return state.podsByKey.get(objectKey(s.namespace, s.name))?.ip ?? '';
    case 'node':
      return state.nodesByName.get(s.name)?.ip ?? '';
    default: {
      const never: never = s;
      return String(never);
    }
  }
}

/** Leg one's target: the controller Service by the address a client outside or inside would use. */
export function entryTarget(svc: ServiceState, source: ProbeSource): ProbeTarget | string {
  const base = { kind: 'service' as const, namespace: svc.namespace, name: svc.name };
  if (svc.loadBalancerIPs.length > 0) return { ...base, via: 'loadbalancer' };
  if (svc.ports.some((p) => p.nodePort !== undefined)) return { ...base, via: 'nodeport' };
  if (!outside(source)) return { ...base, via: 'clusterip' };
  return `the controller Service ${svc.key} is of type ${svc.spec.type}: nothing outside the cluster can reach it`;
}

/** A path that reached an in-cluster proxy pod (ingress-nginx, a Gateway's proxy, the OpenShift router). */
export interface AtProxy {
  readonly pod: PodState;
  /** DNS and leg one. */
  readonly hops: readonly Hop[];
  /** The address the proxy saw the request come from. */
  readonly remote: string;
  readonly base: { readonly sourceIp: string; readonly branch?: string };
}

/** Leg one, to the proxy's Service; `atProxy` continues each path that reached a proxy pod. */
export function viaProxy(state: ClusterState, source: ProbeSource, svc: ServiceState, port: number, dnsHop: Hop, what: string, atProxy: (at: AtProxy) => Flow[]): Flow[] {
  const target = entryTarget(svc, source);
  if (typeof target === 'string') return [noAnswer(clientAddress(state, source), 'unreachable', 'no-route', [dnsHop, { stage: 'http', text: target }])];
  return probe(state, { source, target, port }).flows.flatMap((f) => {
    const hops = [dnsHop, ...f.hops];
    const pod = f.backend?.pod ? state.podsByKey.get(objectKey(f.backend.pod.namespace, f.backend.pod.name)) : undefined;
    if (f.outcome !== 'allow' || !pod) return [{ ...f, hops: [...hops, { stage: 'http' as const, text: `the request never reached ${what}` }] }];
    return atProxy({ pod, hops, remote: f.sourceSeen ?? f.sourceIp, base: { sourceIp: f.sourceIp, ...(f.branch ? { branch: f.branch } : {}) } });
  });
}

/** The proxy answering the request itself (a status of its own) after its routing hop `l7`. */
export function proxyAnswer(at: AtProxy, l7: Hop, tls: HttpInfo['tls']): (status: number, text: string, extra?: Partial<HttpInfo>) => Flow {
  return (status, text, extra = {}) => ({
    ...at.base,
    hops: [...at.hops, l7, { stage: 'http', at: at.pod.spec.node, text }],
    outcome: 'refused',
    cause: 'http-status',
    masqueraded: false,
    http: { status, share: 1, ...(tls ? { tls } : {}), ...extra },
  });
}

/** Whether the backend's Istio sidecar, or Cilium's L7 proxy, refused the request (NetworkPolicy only ever drops: a timeout). */
function meshRefused(f: Flow): boolean {
  return f.cause === 'policy' && f.outcome === 'refused';
}

/** A request's attributes as a backend's Istio sidecar sees them. */
export function meshRequest(req: HttpRequestParts, method: string): MeshRequest {
  return { method, path: req.path, host: req.host, headers: req.headers };
}

export function toBackend(
  state: ClusterState,
  controller: PodState,
  routed: { readonly backend: IngressBackendSpec; readonly share: number; readonly route: string; readonly namespace: string },
  ctx: {
    readonly sourceIp: string;
    readonly branch?: string;
    readonly hops: readonly Hop[];
    readonly remote: string;
    readonly tls: HttpInfo['tls'];
    readonly invalidStatus?: number;
    /** The request as the backend's sidecar sees it. */
    readonly request: MeshRequest;
    /** Who picks the endpoint, for the trace (default: ingress-nginx). */
    readonly picker?: string;
    /**
     * The proxy that answers when the backend connection fails, for the trace (default: the
     * controller, which answers 502 for a refused or reset connection and 504 for a timeout, as
     * ingress-nginx does). `envoy`: an Envoy (an Istio gateway or sidecar), which answers 503
     * "upstream connect error or disconnect/reset before headers" for all three (Envoy's response
     * flags UF, URX: https://www.envoyproxy.io/docs/envoy/latest/configuration/observability/access_log/usage).
     */
    readonly answeredBy?: { readonly name: string; readonly envoy: boolean };
  },
  answer: (status: number, text: string, extra?: Partial<HttpInfo>) => Flow,
): Flow[] {
  const b = routed.backend;
  const route = routed.route;
  if (b.kind !== 'service') return [answer(503, `backend ${b.resourceKind} ${b.name} is a resource backend, which ingress-nginx does not serve: 503`, { route, share: routed.share })];
  const ns = routed.namespace;
  const svcRef = { namespace: ns, name: b.service };
  const svc = state.servicesByKey.get(objectKey(ns, b.service));
  // ingress-nginx answers 503 for a backend it cannot use; the Gateway API asks for 500.
  const invalid = ctx.invalidStatus ?? 503;
  if (!svc) return [answer(invalid, `Service ${ns}/${b.service} does not exist: ${invalid}`, { route, share: routed.share, backendService: svcRef })];
  const portIndex = svc.ports.findIndex((p) => (typeof b.port === 'number' ? p.port === b.port : p.name === b.port));
  if (portIndex < 0) return [answer(invalid, `Service ${svc.key} has no port ${b.port}: ${invalid}`, { route, share: routed.share, backendService: svcRef })];
  const endpoints = (svc.endpointsByPort[portIndex] ?? []).filter((e) => e.ready);
  if (endpoints.length === 0) return [answer(503, `Service ${svc.key} has no ready endpoint: 503 Service Unavailable`, { route, share: routed.share, backendService: svcRef })];
  const from: ProbeSource = { kind: 'pod', namespace: controller.namespace, name: controller.name };
  return endpoints.flatMap((ep) => {
    const target: ProbeTarget = ep.targetPod ? { kind: 'pod', ...ep.targetPod, via: 'pod-ip' } : { kind: 'ip', ip: ep.address };
    const pick: Hop = { stage: 'http', at: controller.spec.node, text: `proxied to endpoint ${ipPort(ep.address, ep.port)} of ${svc.key} (${ctx.picker ?? 'ingress-nginx picks endpoints itself'})` };
    return probe(state, { source: from, target, port: ep.port, protocol: svc.ports[portIndex]!.protocol, request: ctx.request }).flows.map((f): Flow => {
      const by = ctx.answeredBy ?? { name: 'the controller', envoy: false };
      const status = f.outcome === 'allow' ? 200 : meshRefused(f) && !refusedByProxyReset(f) ? 403 : by.envoy ? 503 : f.outcome === 'timeout' ? 504 : 502;
      const http: HttpInfo = { status, share: routed.share, backendService: svcRef, route, ...(ctx.tls ? { tls: ctx.tls } : {}), ...(f.outcome === 'allow' ? { xForwardedFor: ctx.remote } : {}) };
      const failed = f.l7Denial
        ? `${f.l7Denial.proxy} answered 403 "${f.l7Denial.body}": ${by.name} relays it`
        : status === 403
          ? `the backend's sidecar answered 403 "RBAC: access denied": ${by.name} relays it`
          : refusedByProxyReset(f)
            ? `a sidecar reset the connection (${f.hops[f.hops.length - 1]?.rule}): ${by.name} answers ${status}`
            : `the backend connection failed (${f.outcome}): ${by.name} answers ${status}${by.envoy ? ' "upstream connect error or disconnect/reset before headers"' : ''}`;
      const tail: Hop[] = f.outcome === 'allow' ? [] : [{ stage: 'http', at: controller.spec.node, text: failed }];
      return {
        ...f,
        hops: [...ctx.hops, pick, ...f.hops, ...tail],
        sourceIp: ctx.sourceIp,
        masqueraded: true,
        ...(ctx.branch || f.branch ? { branch: [ctx.branch, f.branch ?? `endpoint ${ep.address}`].filter(Boolean).join(' → ') } : {}),
        http,
      };
    });
  });
}

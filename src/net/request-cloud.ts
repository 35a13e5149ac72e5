import type { ClusterState } from '../model/state.js';
import { objectKey, ownersOf } from '../model/state.js';
import type { Protocol } from '../spec/types.js';
import { fromOutside } from './routing.js';
import { fail, hop, startWalk, withBranch, type Origin } from './walk.js';
import { ipPort, rangeAddress } from '../address/ip.js';
import { interpretAnnotations } from '../cloud/annotations.js';
import { profileById } from '../cloud/profiles.js';
import type { HttpRequestParts, IngressRoute } from './ingress-routing.js';
import { probe } from './probe.js';
import { clientAddress } from './proxy.js';
import type { Flow, Hop, HttpInfo, ProbeSource } from './types.js';

/**
 * The provider's L7 load balancer (TKE's CLB per Ingress, CCE's ELB): it terminates TLS, routes
 * by host and path itself, then connects from its own address to a node port of the backend
 * Service on every node (T-03, C-05, C+07); the client is only in X-Forwarded-For.
 */
export function cloudRequest(state: ClusterState, source: ProbeSource, route: IngressRoute, req: HttpRequestParts, dnsHop: Hop): Flow[] {
  const profile = profileById(state.spec.provider);
  const cloud = profile.ingress!;
  const client = clientAddress(state, source);
  const tls: HttpInfo['tls'] = route.kind !== 'redirect' && route.tls ? { terminatedAt: 'load-balancer', defaultCertificate: route.tls.defaultCertificate, ...(route.tls.secret ? { secret: route.tls.secret } : {}) } : undefined;
  const owner = route.kind === 'backends' ? route.backends[0]?.ingress : undefined;
  const lb = owner ? interpretAnnotations(profile, 'Ingress', owner.annotations, state.spec.networkMode) : undefined;
  const name = owner ? `${cloud.product}${cloud.perIngress ? ` of Ingress ${owner.namespace}/${owner.name}` : ''}` : cloud.product;
  const l7: Hop = { stage: 'http', at: name, text: `${name}: ${route.steps.join('; ')}`.replace('terminated at the controller', 'terminated at the load balancer'), rule: `${profile.name} Ingress` };
  const answer = (status: number, text: string): Flow => ({
    hops: [dnsHop, l7, { stage: 'http', at: name, text }],
    outcome: 'refused',
    cause: 'http-status',
    sourceIp: client,
    masqueraded: false,
    http: { status, share: 1, ...(tls ? { tls } : {}) },
  });
  if (lb?.settings.scheme === 'internal' && source.kind === 'internet')
    return [
      {
        hops: [dnsHop, { stage: 'load-balancer', at: name, text: `the ${name} is private (${lb.decidedBy.scheme ?? 'annotation'}): the internet cannot reach it` }],
        outcome: 'unreachable',
        cause: 'no-route',
        sourceIp: client,
        masqueraded: false,
      },
    ];
  if (route.kind === 'redirect') return [answer(308, `308 redirect to ${route.location}`)];
  if (route.kind === 'not-found') return [answer(404, '404: no forwarding rule matches')];
  const lbIp = rangeAddress(cloud.sourceRange) ?? '100.127.0.10';
  const snatSetting = state.spec.settings.cloudL7Snat;
  const snat = snatSetting === 'profile' ? cloud.snat : snatSetting === 'on';
  const snatWhy = snatSetting === 'profile' ? `the ${profile.name} default` : `setting cloudL7Snat ${snatSetting}`;
  const seen = snat ? lbIp : addressSeenByLb(state, source, lb?.settings.scheme === 'internal');
  return route.backends.flatMap((b) => {
    if (b.backend.kind !== 'service') return [answer(503, `backend ${b.backend.resourceKind} ${b.backend.name} is not a Service`)];
    const ns = b.ingress.namespace;
    const svc = state.servicesByKey.get(objectKey(ns, b.backend.service));
    const svcRef = { namespace: ns, name: b.backend.service };
    const portSpec = b.backend.port;
    const port = svc?.ports.find((p) => (typeof portSpec === 'number' ? p.port === portSpec : p.name === portSpec));
    if (!svc || !port) return [answer(503, `Service ${ns}/${b.backend.service} or its port ${portSpec} does not exist`)];
    if (port.nodePort === undefined)
      return [answer(503, `Service ${svc.key} has no node port: the ${cloud.product} binds the backend Service's NodePort on every node, so it must be NodePort or LoadBalancer`)];
    const leg: Hop = snat
      ? { stage: 'http', at: name, text: `the ${name} connects from its own address ${lbIp} (L7 SNAT, ${snatWhy}) to NodePort ${port.nodePort} of ${svc.key} on each node; X-Forwarded-For carries the client`, setting: 'cloudL7Snat' }
      : { stage: 'http', at: name, text: `the ${name} connects to NodePort ${port.nodePort} of ${svc.key} on each node keeping the client's address ${seen} (no L7 SNAT, ${snatWhy}); X-Forwarded-For carries it too`, setting: 'cloudL7Snat' };
    const legFlows = snat
      ? probe(state, { source: { kind: 'ip', ip: lbIp }, target: { kind: 'service', namespace: ns, name: svc.name, via: 'nodeport' }, port: port.port, protocol: port.protocol }).flows
      : keepingClient(state, seen, port.nodePort, port.protocol, name);
    return legFlows.map((f): Flow => {
      const status = f.outcome === 'allow' ? 200 : f.outcome === 'timeout' ? 504 : 502;
      return {
        ...f,
        hops: [dnsHop, l7, leg, ...f.hops, ...(f.outcome === 'allow' ? [] : [{ stage: 'http' as const, at: name, text: `the backend connection failed (${f.outcome}): the load balancer answers ${status}` }])],
        sourceIp: client,
        masqueraded: true,
        http: { status, share: b.share, backendService: svcRef, route: b.route, ...(tls ? { tls } : {}), ...(f.outcome === 'allow' ? { xForwardedFor: client } : {}) },
      };
    });
  });
}

/**
 * The address a client's connection to the L7 load balancer arrives from: outside clients' own;
 * a node's own; a pod's own address when it reaches a private load balancer on a network where
 * pod addresses are VPC-routable, else its node's (the egress SNAT).
 */
function addressSeenByLb(state: ClusterState, s: ProbeSource, internal: boolean): string {
  if (s.kind !== 'pod') return clientAddress(state, s);
  const pod = state.podsByKey.get(objectKey(s.namespace, s.name));
  const routable = internal && state.spec.networkMode !== 'overlay';
  if (!pod || pod.spec.hostNetwork || routable || !state.spec.settings.egressMasquerade) return pod?.ip ?? '';
  return pod.node?.ip ?? pod.ip ?? '';
}

/**
 * The load balancer's connections to a node port on each ready node, with the client's address
 * `src`: the node whose own address, or own pod's, that is drops the packet (T+08 loopback: the
 * reply would never go back through the load balancer), the others take it through their
 * security groups and kube-proxy.
 */
function keepingClient(state: ClusterState, src: string, nodePort: number, protocol: Protocol, name: string): Flow[] {
  const nodes = state.nodes.filter((n) => n.spec.ready);
  return nodes.flatMap((node) => {
    const origin: Origin = { kind: 'outside', ip: src, where: 'vpc' };
    const w = withBranch(startWalk(origin, node.ip, nodePort, protocol, []), `via node ${node.name}`, 1 / nodes.length);
    const local = node.addresses.includes(src) || (ownersOf(state, src) ?? []).some((o) => o.kind === 'pod' && o.pod.spec.node === node.name);
    if (local)
      return [
        fail(w, 'timeout', 'hairpin', {
          stage: 'load-balancer',
          at: name,
          text: `the ${name} sends the request to node ${node.name} ${ipPort(node.ip, nodePort)} with the client's address ${src}, which is node ${node.name}'s own${node.addresses.includes(src) ? '' : " pod's"}: the node drops it (loopback, T+08; the client sees delays or failures)`,
          rule: 'cloud L7 load balancer keeps the client address',
          setting: 'cloudL7Snat',
        }),
      ];
    return fromOutside(state, hop(w, { stage: 'load-balancer', at: name, text: `to node ${node.name} ${ipPort(node.ip, nodePort)}, source ${src} kept` }));
  });
}

/**
 * Istio Gateways and VirtualServices of a scenario's cluster that lead nowhere, reported as
 * warnings once the whole cluster is known (a Gateway's proxy pods and a route's Services may be
 * declared in the scenario or in any manifest): a binding to an undeclared Gateway (NS2142), a
 * Gateway that selects no pod (NS2143), a VirtualService host no server of its Gateway exposes
 * (NS2144), a destination that is no Service or ServiceEntry host (NS2145), and TLS or TCP
 * routes for the `mesh` gateway, which are not simulated (NS2146; its HTTP routes are, for a
 * sidecar's requests: src/net/request-mesh.ts). Semantics: src/mesh/gateway-routing.ts.
 */
import { DIAG, message } from '../diag/catalogue.js';
import { MESH_GATEWAY, dnsMatches, gatewayRefs, resolveDestination, selectsProxy, vsHostPattern } from '../mesh/gateway-routing.js';
import type { ClusterSpec } from '../spec/types.js';
import type { VirtualServiceSpec } from '../spec/virtual-service.js';
import { warn, type Ctx } from './context.js';

function destinationsOf(vs: VirtualServiceSpec): string[] {
  return [
    ...vs.http.flatMap((r) => (r.action.kind === 'route' ? r.action.destinations.map((d) => d.destination.host) : [])),
    ...[...vs.tls, ...vs.tcp].flatMap((r) => r.destinations.map((d) => d.destination.host)),
  ];
}

export function warnIstioRouting(ctx: Ctx, spec: ClusterSpec): void {
  for (const gw of spec.istioGateways) {
    if (!gw.span || spec.pods.some((p) => selectsProxy(gw, p.labels))) continue;
    const selector = Object.entries(gw.selector).map(([k, v]) => `${k}=${v}`).join(',') || 'empty selector';
    warn(ctx, DIAG.istioGatewaySelectsNoPod, gw.span, message(DIAG.istioGatewaySelectsNoPod, { name: `${gw.namespace}/${gw.name}`, selector }));
  }
  const entryHosts = spec.serviceEntries.flatMap((se) => se.hosts);
  for (const vs of spec.virtualServices) {
    if (!vs.span) continue;
    const name = `${vs.namespace}/${vs.name}`;
    for (const ref of gatewayRefs(vs.gateways, vs.namespace)) {
      if (ref === MESH_GATEWAY) {
        if (vs.tls.length + vs.tcp.length > 0) warn(ctx, DIAG.virtualServiceMeshRouting, vs.span, message(DIAG.virtualServiceMeshRouting, { name }));
        continue;
      }
      const gw = spec.istioGateways.find((g) => `${g.namespace}/${g.name}` === ref);
      if (!gw) {
        warn(ctx, DIAG.virtualServiceUnknownGateway, vs.span, message(DIAG.virtualServiceUnknownGateway, { name, gateway: ref }));
        continue;
      }
      for (const h of vs.hosts) {
        const pattern = vsHostPattern(h, vs.namespace, spec.clusterDomain);
        const exposed = gw.servers.some((s) =>
          s.hosts.some((sh) => {
            const slash = sh.indexOf('/');
            const ns = slash < 0 ? '*' : sh.slice(0, slash);
            const dns = sh.slice(slash + 1);
            const nsOk = ns === '*' || (ns === '.' ? gw.namespace : ns) === vs.namespace;
            // The two overlap when either pattern matches the other.
            return nsOk && (dnsMatches(dns, pattern) || dnsMatches(pattern, dns));
          }),
        );
        if (!exposed) warn(ctx, DIAG.virtualServiceHostNotOnGateway, vs.span, message(DIAG.virtualServiceHostNotOnGateway, { name, host: h, gateway: ref }));
      }
    }
    for (const host of new Set(destinationsOf(vs))) {
      const d = resolveDestination(host, vs.namespace, spec.clusterDomain);
      const known = d.kind === 'service' ? spec.services.some((s) => s.namespace === d.namespace && s.name === d.name) : entryHosts.some((e) => dnsMatches(e, d.host));
      if (!known) warn(ctx, DIAG.virtualServiceUnknownDestination, vs.span, message(DIAG.virtualServiceUnknownDestination, { name, host: d.host }));
    }
  }
}

/**
 * Istio Gateway (networking.istio.io/v1, v1beta1, v1alpha3) as data, as the manifest reader
 * produces it and the gateway routing (src/mesh/gateway-routing.ts, semantics with citations)
 * reads it: which proxy pods it configures (`selector`) and the servers it opens on them (port,
 * protocol, hosts). TLS settings beyond the HTTPS redirect, `bind` and `defaultEndpoint` are not
 * kept: they change no reachability the model shows.
 */
import type { Labels, Span } from './types.js';

/** One `servers` entry: a port of the gateway proxy and the hosts it exposes there. */
export interface IstioGatewayServerSpec {
  /** port.number: the port of the gateway's Service the clients connect to. */
  readonly port: number;
  /** port.protocol, upper case: HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP or TLS. */
  readonly protocol: string;
  /** port.name, when given. */
  readonly portName?: string;
  /** `hosts`, as written: `[namespace/]dnsName` (namespace `.`, `*` or a name; dnsName `*`, `*.suffix` or an FQDN). */
  readonly hosts: readonly string[];
  /** tls.httpsRedirect: a plain-HTTP request gets a 301 to https. */
  readonly httpsRedirect: boolean;
}

export interface IstioGatewaySpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.selector: the labels of the gateway proxy pods it configures (any namespace). */
  readonly selector: Labels;
  readonly servers: readonly IstioGatewayServerSpec[];
  readonly span?: Span;
}

/**
 * Istio VirtualService (networking.istio.io/v1, v1beta1, v1alpha3) as data, as the manifest
 * reader produces it and the gateway routing (src/mesh/gateway-routing.ts, semantics with
 * citations) reads it: the hosts it routes, the gateways it is bound to, and its HTTP, TLS and TCP
 * routes in order. Rewrites, retries, timeouts, faults, mirrors, CORS and header changes are not
 * kept: they change no reachability the model shows.
 */
import type { Span } from './types.js';

/** An Istio StringMatch (https://istio.io/latest/docs/reference/config/networking/virtual-service/#StringMatch). */
export type StringMatchSpec =
  /** `exact`: the whole value. */
  | { readonly kind: 'exact'; readonly value: string }
  /** `prefix`: the value starts with it. */
  | { readonly kind: 'prefix'; readonly value: string }
  /** `regex`: an RE2 expression matched against the whole value (read as a JavaScript one). */
  | { readonly kind: 'regex'; readonly value: string };

/** One HTTPMatchRequest: every condition given must hold. */
export interface HttpMatchSpec {
  readonly uri?: StringMatchSpec;
  readonly method?: StringMatchSpec;
  readonly authority?: StringMatchSpec;
  /** Header name (lower case) → match. */
  readonly headers: Readonly<Record<string, StringMatchSpec>>;
  /** The port the request came in on. */
  readonly port?: number;
  /** Gateways this match is limited to (overriding the VirtualService's), as written. */
  readonly gateways?: readonly string[];
  /** ignoreUriCase: the uri match ignores case. */
  readonly ignoreUriCase: boolean;
}

/** A route's destination: a host of the registry and, optionally, its port. */
export interface DestinationSpec {
  /** As written: a short name (resolved in the VirtualService's namespace), `name.namespace`, or an FQDN. */
  readonly host: string;
  readonly port?: number;
  readonly subset?: string;
}

export interface RouteDestinationSpec {
  readonly destination: DestinationSpec;
  /** weight; undefined: the remainder (one destination: 100). */
  readonly weight?: number;
}

/** What an HTTP route does with a matching request. */
export type HttpActionSpec =
  /** `route`: forward to the destinations by weight. */
  | { readonly kind: 'route'; readonly destinations: readonly RouteDestinationSpec[] }
  /** `redirect`: answered by the proxy with a redirect (default 301). */
  | { readonly kind: 'redirect'; readonly status: number; readonly location: string }
  /** `directResponse`: answered by the proxy with this status. */
  | { readonly kind: 'direct-response'; readonly status: number };

export interface HttpRouteRuleSpec {
  readonly name?: string;
  /** Empty: every request matches. */
  readonly match: readonly HttpMatchSpec[];
  readonly action: HttpActionSpec;
  /** The rule's index in `http`, for traces. */
  readonly index: number;
}

/** A TLS or TCP route: matched on the port (TLS also on SNI), forwarded to the destinations. */
export interface L4RouteSpec {
  readonly match: readonly { readonly port?: number; readonly sniHosts: readonly string[]; readonly gateways?: readonly string[] }[];
  readonly destinations: readonly RouteDestinationSpec[];
  readonly index: number;
}

export interface VirtualServiceSpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.hosts, lower case: the hosts the routes apply to. */
  readonly hosts: readonly string[];
  /** spec.gateways as written (`name`, `namespace/name`, `mesh`); empty: `mesh` only. */
  readonly gateways: readonly string[];
  readonly http: readonly HttpRouteRuleSpec[];
  readonly tls: readonly L4RouteSpec[];
  readonly tcp: readonly L4RouteSpec[];
  readonly span?: Span;
}

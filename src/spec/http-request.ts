/**
 * An HTTP request as the proxies on its path route it: Gateway API HTTPRoutes
 * (net/httproute-routing.ts) and Istio VirtualServices at a gateway (mesh/gateway-routing.ts)
 * match on the same parts, so both take this one type.
 */

export interface HttpRequest {
  readonly scheme: 'http' | 'https';
  /** The Host (HTTP/1.1) or :authority (HTTP/2) the request names, without its port. */
  readonly host: string;
  /** The port the client connects to. */
  readonly port: number;
  readonly path: string;
  /** Upper case, as the method token is written on the wire. */
  readonly method: string;
  /** Header names in lower case (HTTP header names are case-insensitive, RFC 9110 §5.1). */
  readonly headers: Readonly<Record<string, string>>;
  /** The URL's query parameters, the last value of a name repeated. */
  readonly query: Readonly<Record<string, string>>;
}

/** The request to `url` with `method` and `headers` (any case), its scheme, host, port and path already parsed. */
export function httpRequest(
  parts: { readonly scheme: 'http' | 'https'; readonly host: string; readonly port: number; readonly path: string },
  method: string,
  headers: Readonly<Record<string, string>>,
  url: string,
): HttpRequest {
  let query: Record<string, string> = {};
  try {
    query = Object.fromEntries(new URL(url).searchParams);
  } catch {
    query = {};
  }
  return {
    scheme: parts.scheme,
    host: parts.host,
    port: parts.port,
    path: parts.path,
    method: method.toUpperCase(),
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
    query,
  };
}

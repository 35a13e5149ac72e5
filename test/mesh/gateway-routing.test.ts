/** Istio Gateway and VirtualService routing (src/mesh/gateway-routing.ts), from the rules of Istio's reference pages. */
import { describe, expect, it } from 'vitest';
import { dnsMatches, resolveDestination, routeAtGateway } from '../../src/mesh/gateway-routing.js';
import type { HttpRequest } from '../../src/spec/http-request.js';
import type { IstioGatewaySpec } from '../../src/spec/istio-gateway.js';
import type { HttpRouteRuleSpec, VirtualServiceSpec } from '../../src/spec/virtual-service.js';

const gw = (hosts: string[], extra: Partial<IstioGatewaySpec['servers'][number]> = {}): IstioGatewaySpec => ({
  name: 'public',
  namespace: 'istio-system',
  selector: { istio: 'ingressgateway' },
  servers: [{ port: 80, protocol: 'HTTP', hosts, httpsRedirect: false, ...extra }],
});
const to = (host: string, index: number, match: HttpRouteRuleSpec['match'] = [], weight?: number): HttpRouteRuleSpec => ({
  index,
  match,
  action: { kind: 'route', destinations: [{ destination: { host }, ...(weight !== undefined ? { weight } : {}) }] },
});
const vs = (namespace: string, hosts: string[], http: HttpRouteRuleSpec[], gateways = ['istio-system/public']): VirtualServiceSpec => ({ name: 'site', namespace, hosts, gateways, http, tls: [], tcp: [] });
const req = (host: string, path = '/', extra: Partial<HttpRequest> = {}): HttpRequest => ({ scheme: 'http', host, port: 80, path, method: 'GET', headers: {}, query: {}, ...extra });
const route = (g: IstioGatewaySpec, v: VirtualServiceSpec[], r: HttpRequest) => routeAtGateway(g, v, r, 'cluster.local');

describe('hosts', () => {
  it('match exact names, *.suffix (not the bare suffix) and *', () => {
    expect(dnsMatches('shop.example.com', 'shop.example.com')).toBe(true);
    expect(dnsMatches('*.example.com', 'shop.example.com')).toBe(true);
    expect(dnsMatches('*.example.com', 'example.com')).toBe(false);
    expect(dnsMatches('*', 'anything')).toBe(true);
  });

  it('resolve a short destination name in the VirtualService namespace', () => {
    expect(resolveDestination('api', 'shop', 'cluster.local')).toEqual({ kind: 'service', name: 'api', namespace: 'shop', host: 'api.shop.svc.cluster.local' });
    expect(resolveDestination('api.prod.svc.cluster.local', 'shop', 'cluster.local')).toMatchObject({ kind: 'service', namespace: 'prod' });
    expect(resolveDestination('httpbin.org', 'shop', 'cluster.local')).toEqual({ kind: 'other', host: 'httpbin.org' });
  });
});

describe('routing at a gateway', () => {
  const site = vs('shop', ['shop.example.com'], [to('api', 0, [{ uri: { kind: 'prefix', value: '/api' }, headers: {}, ignoreUriCase: false }]), to('web', 1)]);

  it('takes the first HTTP route that matches, a route without match taking the rest', () => {
    const api = route(gw(['*']), [site], req('shop.example.com', '/api/orders'));
    expect(api).toMatchObject({ kind: 'route', rule: 'VirtualService shop/site http[0]', destinations: [{ destination: { name: 'api', namespace: 'shop' }, share: 1 }] });
    expect(route(gw(['*']), [site], req('shop.example.com', '/cart'))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/site http[1]' });
  });

  it('answers 404 when no VirtualService serves the host or no route matches', () => {
    expect(route(gw(['*']), [site], req('admin.example.com'))).toMatchObject({ kind: 'answer', status: 404 });
    const onlyApi = vs('shop', ['shop.example.com'], [to('api', 0, [{ uri: { kind: 'exact', value: '/api' }, headers: {}, ignoreUriCase: false }])]);
    expect(route(gw(['*']), [onlyApi], req('shop.example.com', '/api/x'))).toMatchObject({ kind: 'answer', status: 404 });
  });

  it('is not the Gateway\'s when no server takes the port, scheme or host', () => {
    expect(route(gw(['shop.example.com']), [site], req('other.example.com'))).toEqual({ kind: 'no-server' });
    expect(route(gw(['*']), [site], req('shop.example.com', '/', { port: 8080 }))).toEqual({ kind: 'no-server' });
    expect(route(gw(['*']), [site], req('shop.example.com', '/', { scheme: 'https', port: 80 }))).toEqual({ kind: 'no-server' });
  });

  it('binds only VirtualServices naming the Gateway, in a namespace its server host admits', () => {
    expect(route(gw(['*']), [vs('shop', ['shop.example.com'], [to('web', 0)], ['other'])], req('shop.example.com'))).toMatchObject({ kind: 'answer', status: 404 });
    expect(route(gw(['*']), [vs('shop', ['shop.example.com'], [to('web', 0)], [])], req('shop.example.com'))).toMatchObject({ kind: 'answer', status: 404 });
    // A short gateway name is the VirtualService's namespace.
    const local = { ...gw(['*']), namespace: 'shop' };
    expect(route(local, [vs('shop', ['shop.example.com'], [to('web', 0)], ['public'])], req('shop.example.com'))).toMatchObject({ kind: 'route' });
    expect(route(gw(['prod/*']), [site], req('shop.example.com', '/cart'))).toMatchObject({ kind: 'answer', status: 404 });
    expect(route(gw(['shop/*']), [site], req('shop.example.com', '/cart'))).toMatchObject({ kind: 'route' });
  });

  it('prefers the VirtualService with the most specific host', () => {
    const wild = { ...vs('shop', ['*.example.com'], [to('web', 0)]), name: 'wild' };
    const exact = { ...vs('shop', ['shop.example.com'], [to('api', 0)]), name: 'exact' };
    expect(route(gw(['*']), [wild, exact], req('shop.example.com'))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/exact http[0]' });
  });

  it('merges the VirtualServices bound to the gateway that claim the same host: routes in document order (IST0109)', () => {
    const uri = (value: string): HttpRouteRuleSpec['match'] => [{ uri: { kind: 'prefix', value }, headers: {}, ignoreUriCase: false }];
    const fly = { ...vs('shop', ['*'], [to('fly', 0, uri('/flights'))]), name: 'fly' };
    const hora = { ...vs('shop', ['*'], [to('hora', 0, uri('/horas'))]), name: 'hora' };
    expect(route(gw(['*']), [fly, hora], req('any.example.com', '/horas/1'))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/hora http[0]', destinations: [{ destination: { name: 'hora' } }] });
    expect(route(gw(['*']), [fly, hora], req('any.example.com', '/flights'))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/fly http[0]' });
    const none = route(gw(['*']), [fly, hora], req('any.example.com', '/other'));
    expect(none).toMatchObject({ kind: 'answer', status: 404, text: '404 Not Found: no HTTP route of VirtualServices shop/fly, shop/hora matches GET /other' });
    // A more specific host is not merged with a wildcard: it alone serves its host.
    const exact = { ...vs('shop', ['any.example.com'], [to('web', 0)]), name: 'exact' };
    expect(route(gw(['*']), [fly, hora, exact], req('any.example.com', '/horas'))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/exact http[0]' });
  });

  it('matches methods, headers and ignoreUriCase, splits by weight, redirects plain HTTP under httpsRedirect', () => {
    const m = vs('shop', ['shop.example.com'], [
      to('api', 0, [{ method: { kind: 'exact', value: 'POST' }, headers: { 'x-canary': { kind: 'regex', value: '1|yes' } }, ignoreUriCase: false }]),
      to('web', 1, [{ uri: { kind: 'prefix', value: '/shop' }, headers: {}, ignoreUriCase: true }]),
    ]);
    expect(route(gw(['*']), [m], req('shop.example.com', '/', { method: 'POST', headers: { 'x-canary': 'yes' } }))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/site http[0]' });
    expect(route(gw(['*']), [m], req('shop.example.com', '/', { method: 'POST', headers: { 'x-canary': 'no' } }))).toMatchObject({ kind: 'answer', status: 404 });
    expect(route(gw(['*']), [m], req('shop.example.com', '/SHOP/x'))).toMatchObject({ kind: 'route', rule: 'VirtualService shop/site http[1]' });
    const split: VirtualServiceSpec = { ...site, http: [{ index: 0, match: [], action: { kind: 'route', destinations: [{ destination: { host: 'api' }, weight: 75 }, { destination: { host: 'web' }, weight: 25 }] } }] };
    expect(route(gw(['*']), [split], req('shop.example.com'))).toMatchObject({ kind: 'route', destinations: [{ share: 0.75 }, { share: 0.25 }] });
    expect(route(gw(['*'], { httpsRedirect: true }), [site], req('shop.example.com', '/x'))).toMatchObject({ kind: 'answer', status: 301, location: 'https://shop.example.com/x' });
  });
});

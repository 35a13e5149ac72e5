/**
 * VirtualService routing by a client's sidecar, the `mesh` gateway (routeInMesh,
 * src/mesh/gateway-routing.ts): bound when `gateways` is omitted or lists `mesh`, matched on the
 * FQDN of the host the client addressed, first matching route wins, the same router as at a gateway.
 */
import { describe, expect, it } from 'vitest';
import { routeInMesh } from '../../src/mesh/gateway-routing.js';
import type { HttpRequest } from '../../src/spec/http-request.js';
import type { HttpRouteRuleSpec, VirtualServiceSpec } from '../../src/spec/virtual-service.js';

const FQDN = 'reviews.shop.svc.cluster.local';
const to = (host: string, index: number, match: HttpRouteRuleSpec['match'] = []): HttpRouteRuleSpec => ({ index, match, action: { kind: 'route', destinations: [{ destination: { host } }] } });
const vs = (name: string, http: HttpRouteRuleSpec[], gateways: string[] = [], hosts = ['reviews']): VirtualServiceSpec => ({ name, namespace: 'shop', hosts, gateways, http, tls: [], tcp: [] });
const req = (extra: Partial<HttpRequest> = {}): HttpRequest => ({ scheme: 'http', host: 'reviews', port: 9080, path: '/', method: 'GET', headers: {}, query: {}, ...extra });
const jason = { headers: { 'end-user': { kind: 'exact' as const, value: 'jason' } }, ignoreUriCase: false };
const destOf = (r: ReturnType<typeof routeInMesh>) => (r?.kind === 'route' ? r.destinations.map((d) => d.destination.host) : r?.kind);

describe('routing in the mesh', () => {
  it('applies a VirtualService without gateways or listing mesh, not one bound to a Gateway only', () => {
    const routes = [to('reviews-v2', 0, [jason]), to('reviews-v1', 1)];
    expect(destOf(routeInMesh([vs('a', routes)], req(), FQDN, 'cluster.local'))).toEqual(['reviews-v1.shop.svc.cluster.local']);
    expect(destOf(routeInMesh([vs('a', routes, ['mesh', 'public'])], req(), FQDN, 'cluster.local'))).toEqual(['reviews-v1.shop.svc.cluster.local']);
    expect(routeInMesh([vs('a', routes, ['public'])], req(), FQDN, 'cluster.local')).toBeUndefined();
  });

  it('tries the routes in order, the first match winning, and names the route', () => {
    const r = routeInMesh([vs('a', [to('reviews-v2', 0, [jason]), to('reviews-v1', 1)])], req({ headers: { 'end-user': 'jason' } }), FQDN, 'cluster.local');
    expect(destOf(r)).toEqual(['reviews-v2.shop.svc.cluster.local']);
    expect(r?.kind === 'route' ? r.rule : undefined).toBe('VirtualService shop/a http[0]');
  });

  it('matches hosts by FQDN: a short host of another namespace is another Service', () => {
    expect(routeInMesh([vs('a', [to('reviews-v1', 0)])], req(), 'reviews.other.svc.cluster.local', 'cluster.local')).toBeUndefined();
  });

  it('answers 404 when the VirtualService covers the host but no route matches', () => {
    const r = routeInMesh([vs('a', [to('reviews-v2', 0, [jason])])], req(), FQDN, 'cluster.local');
    expect(r?.kind === 'answer' ? r.status : undefined).toBe(404);
  });

  it('does not merge VirtualServices claiming the same host, as a gateway does: the first is used', () => {
    const r = routeInMesh([vs('a', [to('reviews-v2', 0, [jason])]), vs('b', [to('reviews-v1', 0)])], req(), FQDN, 'cluster.local');
    expect(r?.kind === 'answer' ? r.status : undefined).toBe(404);
  });

  it('limits a match naming gateways to those gateways', () => {
    const gatewayOnly = { ...jason, headers: {}, gateways: ['public'] };
    const r = routeInMesh([vs('a', [to('reviews-v2', 0, [gatewayOnly]), to('reviews-v1', 1)], ['mesh', 'public'])], req(), FQDN, 'cluster.local');
    expect(destOf(r)).toEqual(['reviews-v1.shop.svc.cluster.local']);
  });
});

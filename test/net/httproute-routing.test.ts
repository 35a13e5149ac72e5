/**
 * HTTPRoute matching and precedence, from the Gateway API specification (HTTPRouteRule
 * "matches" precedence list, ParentReference attachment, listener allowedRoutes, backendRef
 * weights).
 */
import { describe, expect, it } from 'vitest';
import { routeHttp } from '../../src/net/httproute-routing.js';
import type { HttpRequest } from '../../src/spec/http-request.js';
import type { GatewaySpec, HttpRouteMatchSpec, HttpRouteSpec } from '../../src/spec/types.js';

const GW: GatewaySpec = {
  name: 'gw',
  namespace: 'infra',
  className: 'x',
  listeners: [
    { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: 'All', certificates: [] },
    { name: 'internal', protocol: 'HTTP', port: 8080, allowedRoutes: 'Same', certificates: [] },
  ],
};

const m = (over: Partial<HttpRouteMatchSpec> = {}): HttpRouteMatchSpec => ({ path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [], ...over });

function route(name: string, rules: [HttpRouteMatchSpec[], string][], over: Partial<HttpRouteSpec> = {}): HttpRouteSpec {
  return {
    name,
    namespace: 'shop',
    parentRefs: [{ name: 'gw', namespace: 'infra' }],
    hostnames: [],
    rules: rules.map(([matches, backend]) => ({ matches, backendRefs: [{ name: backend, port: 80, weight: 1 }] })),
    ...over,
  };
}

function req(path: string, over: Partial<HttpRequest> = {}): HttpRequest {
  return { scheme: 'http', host: 'shop.example.com', port: 80, path, method: 'GET', headers: {}, query: {}, ...over };
}

function to(routes: HttpRouteSpec[], r: HttpRequest, gw: GatewaySpec = GW): string {
  const x = routeHttp(gw, routes, r);
  if (x.kind !== 'backends') return x.kind;
  return [...x.backends.map((b) => `${b.service}${b.share < 1 ? `@${b.share}` : ''}`), ...x.invalid.map((i) => `500@${i.share}`)].join(',');
}

describe('precedence (spec order)', () => {
  it('Exact path, then the longest prefix', () => {
    const r = route('a', [
      [[m({ path: { type: 'PathPrefix', value: '/foo' } })], 'prefix'],
      [[m({ path: { type: 'PathPrefix', value: '/foo/bar' } })], 'longer'],
      [[m({ path: { type: 'Exact', value: '/foo/bar' } })], 'exact'],
    ]);
    expect(to([r], req('/foo/bar'))).toBe('exact');
    expect(to([r], req('/foo/bar/baz'))).toBe('longer');
    expect(to([r], req('/foo/x'))).toBe('prefix');
  });
  it('then a method match, then the most header matches, then the most query matches', () => {
    const r = route('a', [
      [[m()], 'plain'],
      [[m({ method: 'POST' })], 'post'],
      [[m({ headers: [{ type: 'Exact', name: 'x-a', value: '1' }] })], 'one-header'],
      [[m({ headers: [{ type: 'Exact', name: 'x-a', value: '1' }, { type: 'Exact', name: 'x-b', value: '2' }] })], 'two-headers'],
      [[m({ queryParams: [{ type: 'Exact', name: 'q', value: '1' }] })], 'query'],
    ]);
    expect(to([r], req('/', { method: 'POST', headers: { 'x-a': '1', 'x-b': '2' } }))).toBe('post');
    expect(to([r], req('/', { headers: { 'x-a': '1', 'x-b': '2' }, query: { q: '1' } }))).toBe('two-headers');
    expect(to([r], req('/', { headers: { 'x-a': '1' }, query: { q: '1' } }))).toBe('one-header');
    expect(to([r], req('/', { query: { q: '1' } }))).toBe('query');
    expect(to([r], req('/'))).toBe('plain');
  });
  it('then the oldest route, then namespace/name alphabetically', () => {
    const older = route('zeta', [[[m()], 'older']], { creationIndex: 1 });
    const newer = route('alpha', [[[m()], 'newer']], { creationIndex: 2 });
    expect(to([newer, older], req('/'))).toBe('older');
    const b = route('b', [[[m()], 'b']]);
    const a = route('a', [[[m()], 'a']]);
    expect(to([b, a], req('/'))).toBe('a');
  });
  it('PathPrefix matches whole path elements', () => {
    const r = route('a', [[[m({ path: { type: 'PathPrefix', value: '/api' } })], 'api']]);
    expect(to([r], req('/api/v1'))).toBe('api');
    expect(to([r], req('/apix'))).toBe('not-found');
  });
});

describe('attachment and hostnames', () => {
  it('sectionName picks one listener; allowedRoutes Same keeps other namespaces off it', () => {
    const onInternal = route('a', [[[m()], 'svc']], { parentRefs: [{ name: 'gw', namespace: 'infra', sectionName: 'internal' }] });
    expect(to([onInternal], req('/'))).toBe('not-found');
    expect(to([onInternal], req('/', { port: 8080 }))).toBe('not-found');
    expect(to([{ ...onInternal, namespace: 'infra' }], req('/', { port: 8080 }))).toBe('svc');
  });
  it('a request no listener takes is not the Gateway’s', () => {
    expect(to([route('a', [[[m()], 'svc']])], req('/', { scheme: 'https', port: 443 }))).toBe('no-listener');
  });
  it('route hostnames must match; an exact hostname beats a wildcard', () => {
    const wild = route('w', [[[m()], 'wild']], { hostnames: ['*.example.com'] });
    const exact = route('e', [[[m()], 'exact']], { hostnames: ['shop.example.com'] });
    expect(to([wild, exact], req('/'))).toBe('exact');
    expect(to([wild, exact], req('/', { host: 'blog.example.com' }))).toBe('wild');
    expect(to([wild, exact], req('/', { host: 'example.org' }))).toBe('not-found');
  });
});

describe('backendRefs', () => {
  it('share requests by weight; weight 0 gets none; all zero or another namespace is 500', () => {
    const weighted: HttpRouteSpec = {
      ...route('a', []),
      rules: [{ matches: [m()], backendRefs: [{ name: 'v1', port: 80, weight: 3 }, { name: 'v2', port: 80, weight: 1 }, { name: 'off', port: 80, weight: 0 }] }],
    };
    expect(to([weighted], req('/'))).toBe('v1@0.75,v2@0.25');
    const zero: HttpRouteSpec = { ...route('a', []), rules: [{ matches: [m()], backendRefs: [{ name: 'v1', port: 80, weight: 0 }] }] };
    expect(to([zero], req('/'))).toBe('500@1');
    const foreign: HttpRouteSpec = { ...route('a', []), rules: [{ matches: [m()], backendRefs: [{ name: 'v1', namespace: 'other', port: 80, weight: 1 }] }] };
    expect(to([foreign], req('/'))).toBe('500@1');
  });
});

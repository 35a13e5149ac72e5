/**
 * Ingress matching, from the Kubernetes documentation (concepts/services-networking/ingress,
 * "Path types" and "Examples" table, "Hostname wildcards") and ingress-nginx's documented
 * behaviour (canary annotations, ssl-redirect, ImplementationSpecific as an nginx location).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostMatch, pathMatches, routeIngress, type HttpRequestParts } from '../../src/net/ingress-routing.js';
import type { IngressSpec, PathType } from '../../src/spec/types.js';

function ingress(name: string, paths: [string, PathType, string][], extra: Partial<IngressSpec> = {}, host: string | null = 'foo.bar.com'): IngressSpec {
  return {
    name,
    namespace: 'default',
    annotations: {},
    tls: [],
    rules: [{ ...(host !== null ? { host } : {}), paths: paths.map(([path, pathType, service]) => ({ path, pathType, backend: { kind: 'service', service, port: 80 } })) }],
    ...extra,
  };
}

function req(path: string, over: Partial<HttpRequestParts> = {}): HttpRequestParts {
  return { scheme: 'https', host: 'foo.bar.com', path, headers: {}, cookies: {}, ...over };
}

function routedTo(ingresses: IngressSpec[], r: HttpRequestParts): string {
  const route = routeIngress(ingresses, r);
  if (route.kind === 'not-found') return '404';
  if (route.kind === 'redirect') return `308 ${route.location}`;
  return route.backends.map((b) => (b.backend.kind === 'service' ? `${b.backend.service}${b.share < 1 ? `@${b.share}` : ''}` : b.backend.name)).join(',');
}

describe('path matching (the documentation’s examples table)', () => {
  const rows: [PathType, string, string, boolean][] = [
    ['Prefix', '/', '/anything/at/all', true],
    ['Exact', '/foo', '/foo', true],
    ['Exact', '/foo', '/bar', false],
    ['Exact', '/foo', '/foo/', false],
    ['Exact', '/foo/', '/foo', false],
    ['Prefix', '/foo', '/foo', true],
    ['Prefix', '/foo', '/foo/', true],
    ['Prefix', '/foo/', '/foo', true],
    ['Prefix', '/foo/', '/foo/', true],
    ['Prefix', '/aaa/bb', '/aaa/bbb', false],
    ['Prefix', '/aaa/bbb', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb/', '/aaa/bbb', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbb/ccc', true],
    ['Prefix', '/aaa/bbb', '/aaa/bbbxyz', false],
    ['Prefix', '/aaa', '/ccc', false],
  ];
  it.each(rows)('%s %s vs %s → %s', (type, path, request, match) => {
    expect(pathMatches(type, path, request)).toBe(match);
  });

  it('paths are case-sensitive', () => {
    expect(pathMatches('Exact', '/Foo', '/foo')).toBe(false);
    expect(pathMatches('Prefix', '/Foo', '/foo/x')).toBe(false);
  });

  it('ImplementationSpecific is an nginx prefix location (a string prefix), or a case-insensitive regex with use-regex', () => {
    expect(pathMatches('ImplementationSpecific', '/foo', '/foobar')).toBe(true);
    expect(pathMatches('ImplementationSpecific', '/foo', '/bar')).toBe(false);
    expect(pathMatches('ImplementationSpecific', '/api/v[0-9]+', '/API/v2/users', true)).toBe(true);
    expect(pathMatches('ImplementationSpecific', '/api/(', '/api/', true)).toBe(false);
  });

  it('a Prefix path matches itself with or without a trailing slash, and any subpath', () => {
    const segment = fc.stringMatching(/^[a-z0-9]{1,6}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), fc.array(segment, { maxLength: 3 }), (p, rest) => {
        const path = `/${p.join('/')}`;
        return pathMatches('Prefix', path, path) && pathMatches('Prefix', path, `${path}/`) && pathMatches('Prefix', `${path}/`, path) && pathMatches('Prefix', path, [path, ...rest].join('/'));
      }),
    );
  });
});

describe('precedence', () => {
  it('the documentation’s multiple-match rows: longest path, then Exact over Prefix', () => {
    const three = ingress('x', [['/', 'Prefix', 'root'], ['/aaa', 'Prefix', 'aaa'], ['/aaa/bbb', 'Prefix', 'bbb']]);
    expect(routedTo([three], req('/aaa/ccc'))).toBe('aaa');
    expect(routedTo([three], req('/aaa/bbb'))).toBe('bbb');
    expect(routedTo([three], req('/ccc'))).toBe('root');
    const mixed = ingress('x', [['/foo', 'Prefix', 'prefix'], ['/foo', 'Exact', 'exact']]);
    expect(routedTo([mixed], req('/foo'))).toBe('exact');
    expect(routedTo([mixed], req('/foo/x'))).toBe('prefix');
  });

  it('no match uses the defaultBackend, else 404 from the controller', () => {
    const only = ingress('x', [['/aaa', 'Prefix', 'aaa']]);
    expect(routedTo([only], req('/ccc'))).toBe('404');
    expect(routedTo([{ ...only, defaultBackend: { kind: 'service', service: 'fallback', port: 80 } }], req('/ccc'))).toBe('fallback');
  });

  it('rules of several Ingresses for one host are merged; the same path twice goes to the oldest Ingress', () => {
    const a = ingress('a', [['/api', 'Prefix', 'api']], { creationIndex: 1 });
    const b = ingress('b', [['/', 'Prefix', 'web'], ['/api', 'Prefix', 'newer']], { creationIndex: 2 });
    expect(routedTo([b, a], req('/api/x'))).toBe('api');
    expect(routedTo([b, a], req('/index.html'))).toBe('web');
  });

  it('an exact host beats a wildcard, which beats host-less rules', () => {
    const exact = ingress('e', [['/', 'Prefix', 'exact']], {}, 'foo.bar.com');
    const wild = ingress('w', [['/', 'Prefix', 'wild']], {}, '*.bar.com');
    const any = ingress('n', [['/', 'Prefix', 'any']], {}, null);
    expect(routedTo([any, wild, exact], req('/'))).toBe('exact');
    expect(routedTo([any, wild, exact], req('/', { host: 'baz.bar.com' }))).toBe('wild');
    expect(routedTo([any, wild, exact], req('/', { host: 'elsewhere.org' }))).toBe('any');
  });
});

describe('hosts', () => {
  it('a wildcard matches exactly one first label (documentation: Hostname wildcards)', () => {
    expect(hostMatch('*.foo.com', 'bar.foo.com')).toBe('wildcard');
    expect(hostMatch('*.foo.com', 'baz.bar.foo.com')).toBeUndefined();
    expect(hostMatch('*.foo.com', 'foo.com')).toBeUndefined();
    expect(hostMatch('foo.bar.com', 'FOO.bar.com')).toBe('exact');
    expect(hostMatch(undefined, 'anything')).toBe('any');
  });
});

describe('TLS and redirects (ingress-nginx)', () => {
  const tls = ingress('t', [['/', 'Prefix', 'web']], { tls: [{ hosts: ['foo.bar.com'], secretName: 'foo-tls' }] });
  it('terminates https with the secret of the TLS entry covering the host', () => {
    const r = routeIngress([tls], req('/'));
    expect(r.kind === 'backends' && r.tls).toEqual({ secret: 'foo-tls', defaultCertificate: false });
  });
  it('uses the default certificate for a host no TLS entry covers', () => {
    const r = routeIngress([ingress('p', [['/', 'Prefix', 'web']])], req('/'));
    expect(r.kind === 'backends' && r.tls).toEqual({ defaultCertificate: true });
  });
  it('redirects plain http to https for a TLS host, unless ssl-redirect is "false"', () => {
    expect(routedTo([tls], req('/x', { scheme: 'http' }))).toBe('308 https://foo.bar.com/x');
    const off = { ...tls, annotations: { 'nginx.ingress.kubernetes.io/ssl-redirect': 'false' } };
    expect(routedTo([off], req('/x', { scheme: 'http' }))).toBe('web');
  });
});

describe('canary (ingress-nginx annotations)', () => {
  const main = ingress('main', [['/', 'Prefix', 'stable']]);
  const canary = (a: Record<string, string>): IngressSpec =>
    ingress('canary', [['/', 'Prefix', 'next']], { annotations: { 'nginx.ingress.kubernetes.io/canary': 'true', ...a } });
  it('by weight: a share of the requests, out of canary-weight-total (default 100)', () => {
    expect(routedTo([main, canary({ 'nginx.ingress.kubernetes.io/canary-weight': '10' })], req('/'))).toBe('stable@0.9,next@0.1');
    expect(routedTo([main, canary({ 'nginx.ingress.kubernetes.io/canary-weight': '1', 'nginx.ingress.kubernetes.io/canary-weight-total': '4' })], req('/'))).toBe('stable@0.75,next@0.25');
    expect(routedTo([main, canary({})], req('/'))).toBe('stable');
  });
  it('header beats cookie beats weight; "always" and "never" decide, other values fall through', () => {
    const c = canary({
      'nginx.ingress.kubernetes.io/canary-by-header': 'X-Canary',
      'nginx.ingress.kubernetes.io/canary-by-cookie': 'canary',
      'nginx.ingress.kubernetes.io/canary-weight': '50',
    });
    expect(routedTo([main, c], req('/', { headers: { 'x-canary': 'always' }, cookies: { canary: 'never' } }))).toBe('next');
    expect(routedTo([main, c], req('/', { headers: { 'x-canary': 'never' }, cookies: { canary: 'always' } }))).toBe('stable');
    expect(routedTo([main, c], req('/', { headers: { 'x-canary': 'maybe' }, cookies: { canary: 'always' } }))).toBe('next');
    expect(routedTo([main, c], req('/', { headers: {}, cookies: {} }))).toBe('stable@0.5,next@0.5');
  });
  it('canary-by-header-value: only that value routes to the canary', () => {
    const c = canary({ 'nginx.ingress.kubernetes.io/canary-by-header': 'x-env', 'nginx.ingress.kubernetes.io/canary-by-header-value': 'staging' });
    expect(routedTo([main, c], req('/', { headers: { 'x-env': 'staging' } }))).toBe('next');
    expect(routedTo([main, c], req('/', { headers: { 'x-env': 'always' } }))).toBe('stable');
  });
  it('a canary Ingress alone is not a route', () => {
    expect(routedTo([canary({ 'nginx.ingress.kubernetes.io/canary-weight': '100' })], req('/'))).toBe('404');
  });
});

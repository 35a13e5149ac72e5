/** Istio Gateway and VirtualService manifests (networking.istio.io/v1, v1beta1, v1alpha3): reading and validation. */
import { describe, expect, it } from 'vitest';
import { one, read, theError } from './helpers.js';

const gateway = (spec: string, api = 'networking.istio.io/v1beta1') => `apiVersion: ${api}\nkind: Gateway\nmetadata: {name: public, namespace: shop}\n${spec}`;
const vs = (spec: string, api = 'networking.istio.io/v1') => `apiVersion: ${api}\nkind: VirtualService\nmetadata: {name: site, namespace: shop}\n${spec}`;

describe('Istio Gateway manifests', () => {
  it('are told from the Gateway API by their group, and keep selector, servers and the HTTPS redirect', () => {
    const g = one(gateway('spec:\n  selector: {istio: ingressgateway}\n  servers:\n  - port: {number: 80, name: http, protocol: http}\n    hosts: ["prod/shop.example.com", "*"]\n    tls: {httpsRedirect: true}'), 'istio-gateway');
    expect(g).toMatchObject({ name: 'public', namespace: 'shop', selector: { istio: 'ingressgateway' } });
    expect(g.servers).toEqual([{ port: 80, protocol: 'HTTP', portName: 'http', hosts: ['prod/shop.example.com', '*'], httpsRedirect: true }]);
    expect(one(gateway('spec:\n  selector: {app: gw}\n  servers:\n  - port: {number: 443, name: https, protocol: HTTPS}\n    hosts: ["*.example.com"]', 'networking.istio.io/v1alpha3'), 'istio-gateway').servers[0]!.protocol).toBe('HTTPS');
  });

  it('refuse an unknown protocol, a server without hosts or port, a bad host, and no servers', () => {
    expect(theError(gateway('spec:\n  selector: {a: b}\n  servers:\n  - port: {number: 80, name: x, protocol: QUIC}\n    hosts: ["*"]')).message).toContain('unknown protocol "QUIC"');
    expect(theError(gateway('spec:\n  selector: {a: b}\n  servers:\n  - port: {number: 80, name: x, protocol: HTTP}')).message).toContain('hosts: required field is missing');
    expect(theError(gateway('spec:\n  selector: {a: b}\n  servers:\n  - hosts: ["*"]')).message).toContain('port: required field is missing');
    expect(theError(gateway('spec:\n  selector: {a: b}\n  servers:\n  - port: {number: 80, name: x, protocol: HTTP}\n    hosts: ["a/b/c"]')).message).toContain('expected [namespace/]dnsName');
    expect(theError(gateway('spec:\n  selector: {a: b}')).message).toContain('spec.servers: required field is missing');
  });
});

describe('VirtualService manifests', () => {
  it('read hosts, gateways, HTTP routes with matches, weights, redirects and direct responses, TLS and TCP routes', () => {
    const v = one(
      vs(
        'spec:\n  hosts: [Shop.Example.com]\n  gateways: [public, mesh]\n  http:\n  - name: api\n    match:\n    - uri: {prefix: /api}\n      method: {exact: GET}\n      headers: {X-Canary: {exact: "1"}}\n      ignoreUriCase: true\n    route:\n    - destination: {host: api, port: {number: 80}}\n      weight: 90\n    - destination: {host: api-v2.shop.svc.cluster.local}\n      weight: 10\n  - redirect: {uri: /new, redirectCode: 302}\n  - directResponse: {status: 418}\n  tcp:\n  - match: [{port: 5432}]\n    route: [{destination: {host: db}}]\n  tls:\n  - match: [{sniHosts: [db.example.com], port: 443}]\n    route: [{destination: {host: db}}]',
      ),
      'virtual-service',
    );
    expect(v.hosts).toEqual(['shop.example.com']);
    expect(v.gateways).toEqual(['public', 'mesh']);
    expect(v.http[0]).toEqual({
      name: 'api',
      index: 0,
      match: [{ uri: { kind: 'prefix', value: '/api' }, method: { kind: 'exact', value: 'GET' }, headers: { 'x-canary': { kind: 'exact', value: '1' } }, ignoreUriCase: true }],
      action: { kind: 'route', destinations: [{ destination: { host: 'api', port: 80 }, weight: 90 }, { destination: { host: 'api-v2.shop.svc.cluster.local' }, weight: 10 }] },
    });
    expect(v.http[1]!.action).toEqual({ kind: 'redirect', status: 302, location: '/new' });
    expect(v.http[2]!.action).toEqual({ kind: 'direct-response', status: 418 });
    expect(v.tcp).toEqual([{ index: 0, match: [{ port: 5432, sniHosts: [] }], destinations: [{ destination: { host: 'db' } }] }]);
    expect(v.tls[0]!.match).toEqual([{ port: 443, sniHosts: ['db.example.com'] }]);
  });

  it('refuse a route without an action, a string match with two kinds, a bad regex, a destination without host, no hosts', () => {
    expect(theError(vs('spec:\n  hosts: [a.b]\n  http:\n  - match: [{uri: {prefix: /}}]')).message).toContain('needs `route`, `redirect` or `directResponse`');
    expect(theError(vs('spec:\n  hosts: [a.b]\n  http:\n  - match: [{uri: {prefix: /, exact: /x}}]\n    route: [{destination: {host: a}}]')).message).toContain('exactly one of exact, prefix, regex');
    expect(theError(vs('spec:\n  hosts: [a.b]\n  http:\n  - match: [{uri: {regex: "(("}}]\n    route: [{destination: {host: a}}]')).message).toContain('is not a regular expression');
    expect(theError(vs('spec:\n  hosts: [a.b]\n  http:\n  - route: [{destination: {port: {number: 80}}}]')).message).toContain('destination.host: required field is missing');
    expect(theError(vs('spec:\n  http:\n  - route: [{destination: {host: a}}]')).message).toContain('spec.hosts: required field is missing');
    expect(read(vs('spec:\n  hosts: [a.b]\n  http:\n  - delegate: {name: other}')).diagnostics.map((d) => d.severity)).toEqual(['warning']);
  });
});

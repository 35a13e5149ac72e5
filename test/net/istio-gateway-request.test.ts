/**
 * Requests through an Istio Gateway (src/net/request-istio-gateway.ts, routing in
 * src/mesh/gateway-routing.ts): routed by the bound VirtualService to the destination Service,
 * 404 for no route, the gateway's own answers (redirect, direct response, 503 for a destination
 * that is no Service), weights, and the gateway proxy as a mesh client (mutual TLS).
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = (yaml: string, extra = '') => `cluster lab {
  node n1 ip 192.168.0.11
  namespace istio-system
  namespace shop labels istio-injection=enabled
  pod gw-1 in istio-system on n1 labels istio=ingressgateway ports 8080
  service istio-ingressgateway in istio-system type loadbalancer selector istio=ingressgateway port http:80 -> 8080
  pod api-1 in shop on n1 labels app=api ports 8080
  pod web-1 in shop on n1 labels app=web ports 8080
  service api in shop selector app=api port 80 -> 8080
  service web in shop selector app=web port 80 -> 8080
${extra}  yaml """
${yaml.replace(/^/gm, '    ')}
  """
}
`;

const GATEWAY = `apiVersion: networking.istio.io/v1
kind: Gateway
metadata: {name: public, namespace: istio-system}
spec:
  selector: {istio: ingressgateway}
  servers:
  - port: {number: 80, name: http, protocol: HTTP}
    hosts: ["*/shop.example.com"]`;

const VS = (http: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: site, namespace: shop}
spec:
  hosts: [shop.example.com]
  gateways: [istio-system/public]
  http:
${http}`;

function run(text: string) {
  const r = runSource(text, '/virtual/istio-gateway.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps[0]!.checks;
}

describe('a request through an Istio Gateway', () => {
  it('is routed by weight, redirected or answered by the gateway, named in the trace', () => {
    const checks = run(
      SCENARIO(
        `${GATEWAY}\n---\n${VS(`  - match: [{uri: {exact: /old}}]\n    redirect: {uri: /new}\n  - match: [{uri: {prefix: /teapot}}]\n    directResponse: {status: 418}\n  - match: [{uri: {prefix: /ext}}]\n    route: [{destination: {host: httpbin.org}}]\n  - route:\n    - destination: {host: api}\n      weight: 80\n    - destination: {host: web}\n      weight: 20`)}`,
      ) +
        'from internet request http://shop.example.com/ expect allow, share svc shop/api 80%\n' +
        'from internet request http://shop.example.com/old expect status 301\n' +
        'from internet request http://shop.example.com/teapot expect status 418\n' +
        'from internet request http://shop.example.com/ext expect status 503\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true, true]);
    expect(checks[0]!.flows[0]!.hops.map((h) => h.rule)).toContain('VirtualService shop/site http[3]');
    expect(checks[0]!.flows.map((f) => f.http?.backendService?.name).sort()).toEqual(['api', 'web']);
  });

  it('gets 404 from the gateway when the host has no VirtualService; a host no server exposes is not the gateway\'s', () => {
    const gw = GATEWAY.replace('"*/shop.example.com"', '"*"');
    const checks = run(SCENARIO(`${gw}\n---\n${VS('  - route: [{destination: {host: web}}]')}`) + 'from internet request http://other.example.com/ expect status 404\n');
    expect(checks[0]!.passed).toBe(true);
    expect(checks[0]!.flows[0]!.hops.some((h) => h.text.includes('no VirtualService bound to Gateway istio-system/public serves other.example.com'))).toBe(true);
    const narrow = run(SCENARIO(`${GATEWAY}\n---\n${VS('  - route: [{destination: {host: web}}]')}`) + 'from internet request http://other.example.com/ expect status 404\n');
    expect(narrow[0]!.passed).toBe(false);
  });

  it('connects as a mesh client: a STRICT destination accepts the gateway proxy, which an AuthorizationPolicy can name', () => {
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec:\n  mtls: {mode: STRICT}';
    const onlyGateway =
      'apiVersion: security.istio.io/v1\nkind: AuthorizationPolicy\nmetadata: {name: web, namespace: shop}\nspec:\n  selector: {matchLabels: {app: web}}\n  action: ALLOW\n  rules:\n  - from: [{source: {principals: [cluster.local/ns/istio-system/sa/default]}}]';
    const checks = run(
      SCENARIO(`${GATEWAY}\n---\n${VS('  - route: [{destination: {host: web}}]')}\n---\n${strict}\n---\n${onlyGateway}`, '  pod client in shop on n1 labels app=client\n  namespace legacy\n  pod old in legacy on n1 labels app=old\n') +
        'from internet request http://shop.example.com/ expect allow, backend svc shop/web\n' +
        'from pod shop/client reach svc shop/web port 80 expect deny by policy\n' +
        'from pod legacy/old reach svc shop/web port 80 expect deny by policy\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true]);
  });
});

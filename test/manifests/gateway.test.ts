/** Gateway and HTTPRoute manifests (gateway.networking.k8s.io/v1) and their API defaults. */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';

const read = (yaml: string) => objectsFromYaml(yaml, 'g.yaml');

describe('Gateway API manifests', () => {
  it('default allowedRoutes to Same, a match to PathPrefix /, a header match to Exact and a weight to 1', () => {
    const r = read(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw, namespace: infra}
spec:
  gatewayClassName: c
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: r, namespace: shop}
spec:
  parentRefs: [{name: gw, namespace: infra}]
  rules:
  - backendRefs: [{name: web, port: 80}]
  - matches: [{headers: [{name: x-a, value: "1"}], method: post}]
    backendRefs: [{name: api, port: 8080, weight: 5}]
`);
    expect(r.diagnostics).toEqual([]);
    expect(r.objects.map((o) => o.kind)).toEqual(['gateway', 'http-route']);
    const gw = r.objects[0]!;
    expect(gw.kind === 'gateway' && gw.spec.listeners).toEqual([{ name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: 'Same', certificates: [] }]);
    const route = r.objects[1]!;
    expect(route.kind === 'http-route' && route.spec.rules).toEqual([
      { matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [], queryParams: [] }], backendRefs: [{ name: 'web', port: 80, weight: 1 }] },
      {
        matches: [{ path: { type: 'PathPrefix', value: '/' }, headers: [{ type: 'Exact', name: 'x-a', value: '1' }], queryParams: [], method: 'POST' }],
        backendRefs: [{ name: 'api', port: 8080, weight: 5 }],
      },
    ]);
  });

  it('skip listeners of protocols not simulated, with a warning, and report a Gateway with none', () => {
    const r = read(`apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata: {name: gw}
spec:
  gatewayClassName: c
  listeners: [{name: tcp, protocol: TCP, port: 5432}]
`);
    expect(r.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual([
      'error: spec.listeners: a Gateway needs at least one listener',
      'warning: spec.listeners[0].protocol: TCP listeners are not simulated; skipped',
    ]);
  });
});

/**
 * A pod's request to a host of the registry (src/net/request-mesh.ts): routed by its sidecar by
 * the VirtualServices bound to the `mesh` gateway (the same router as at a gateway), the trace
 * naming the VirtualService and route; a client without a sidecar goes through kube-proxy to the
 * Service it addressed; a route to an egress gateway is routed again there and leaves the
 * cluster from the gateway pod; NS2146 warns only of the mesh routes that are not simulated (TLS, TCP).
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = (yaml: string, extra = '') => `cluster lab {
  node n1 ip 192.168.0.11
  namespace shop labels istio-injection=enabled
  namespace legacy
  pod client-1 in shop on n1 labels app=client ports 8080
  pod batch-1 in legacy on n1 labels app=batch ports 8080
  pod v1-1 in shop on n1 labels app=reviews,version=v1 ports 9080
  pod v2-1 in shop on n1 labels app=reviews,version=v2 ports 9080
  service reviews in shop selector app=reviews port 9080
  service reviews-v1 in shop selector app=reviews,version=v1 port 9080
  service reviews-v2 in shop selector app=reviews,version=v2 port 9080
${extra}  yaml """
${yaml.replace(/^/gm, '    ')}
  """
}
`;

const VS = (spec: string) => `apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: reviews, namespace: shop}
spec:
  hosts: [reviews]
${spec}`;

const BY_HEADER = VS(`  http:
  - name: jason
    match: [{headers: {end-user: {exact: jason}}}]
    route: [{destination: {host: reviews-v2}}]
  - match: [{uri: {prefix: /gone}}]
    directResponse: {status: 410}
  - match: [{uri: {prefix: /ext}}]
    route: [{destination: {host: httpbin.org}}]
  - match: [{uri: {prefix: /api}}]
    route: [{destination: {host: reviews-v1}}]`);

function run(text: string) {
  const r = runSource(text, '/virtual/mesh-request.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { checks: r.result!.steps[0]!.checks, warnings: r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code) };
}

describe("a pod's request routed by its sidecar", () => {
  it('goes to the destination of the first matching route, the trace naming the VirtualService and route', () => {
    const { checks } = run(
      SCENARIO(BY_HEADER) +
        'from pod shop/client-1 request http://reviews:9080/api header end-user=jason expect allow, backend svc shop/reviews-v2\n' +
        'from pod shop/client-1 request http://reviews.shop.svc.cluster.local:9080/api expect allow, backend svc shop/reviews-v1\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true]);
    expect(checks[0]!.flows[0]!.hops.map((h) => h.rule)).toContain('VirtualService shop/reviews http[0] (jason)');
    expect(checks[1]!.flows[0]!.hops.map((h) => h.rule)).toContain('VirtualService shop/reviews http[3]');
    expect(checks[1]!.flows[0]!.http?.route).toBe('VirtualService shop/reviews http[3]');
  });

  it("answers 503 from the client's sidecar when the routed backend refuses the connection (Envoy's upstream connect error)", () => {
    // reviews-v1's pod listens on 9080 only; the route sends the request to a Service port it does not serve.
    const extra = '  service reviews-v1-admin in shop selector app=reviews,version=v1 port 9090\n';
    const toAdmin = VS(`  http:
  - route: [{destination: {host: reviews-v1-admin, port: {number: 9090}}}]`);
    const { checks } = run(SCENARIO(toAdmin, extra) + 'from pod shop/client-1 request http://reviews:9080/ expect status 503\n');
    expect(checks[0]!.passed).toBe(true);
    const last = checks[0]!.flows[0]!.hops.at(-1)!;
    expect(last.text).toBe('the backend connection failed (refused): the client\'s sidecar answers 503 "upstream connect error or disconnect/reset before headers"');
  });

  it('is answered by the sidecar: a direct response, 404 for no route, 503 for a destination that is no Service', () => {
    const { checks } = run(
      SCENARIO(BY_HEADER) +
        'from pod shop/client-1 request http://reviews:9080/gone expect status 410\n' +
        'from pod shop/client-1 request http://reviews:9080/other expect status 404\n' +
        'from pod shop/client-1 request http://reviews:9080/ext expect status 503\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true]);
  });

  it('is not routed from a pod without a sidecar: kube-proxy sends it to the Service addressed', () => {
    const { checks } = run(SCENARIO(BY_HEADER) + 'from pod legacy/batch-1 request http://reviews.shop:9080/gone expect allow, backend svc shop/reviews\n');
    expect(checks[0]!.passed).toBe(true);
    expect(checks[0]!.flows.flatMap((f) => f.hops).some((h) => h.rule?.startsWith('VirtualService'))).toBe(false);
    expect(checks[0]!.flows.some((f) => f.backend?.pod?.name === 'v1-1')).toBe(true);
  });

  it('is not routed by a VirtualService bound to a Gateway only', () => {
    const gatewayOnly = VS(`  gateways: [public]
  http:
  - route: [{destination: {host: reviews-v2}}]`);
    const { checks } = run(SCENARIO(gatewayOnly) + 'from pod shop/client-1 request http://reviews:9080/ expect allow, backend svc shop/reviews\n');
    expect(checks[0]!.passed).toBe(true);
  });

  it('meets the destination as a client with its identity: an AuthorizationPolicy naming it admits the routed request', () => {
    const policy = `---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: only-client, namespace: shop}
spec:
  selector: {matchLabels: {app: reviews}}
  action: ALLOW
  rules:
  - from: [{source: {principals: ["cluster.local/ns/shop/sa/default"]}}]`;
    const { checks } = run(
      SCENARIO(`${BY_HEADER}\n${policy}`) +
        'from pod shop/client-1 request http://reviews:9080/api expect allow, backend svc shop/reviews-v1\n' +
        'from pod legacy/batch-1 request http://reviews.shop:9080/api expect status 403\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true]);
  });
});

describe('NS2146', () => {
  it('is not raised for the HTTP routes of a mesh VirtualService, which are simulated', () => {
    expect(run(SCENARIO(BY_HEADER)).warnings).not.toContain('NS2146');
  });

  it('is raised for its TCP routes, which are not', () => {
    expect(run(SCENARIO(VS(`  tcp:\n  - route: [{destination: {host: reviews-v1}}]`))).warnings).toContain('NS2146');
  });
});

const EGRESS = (extra: string) => `cluster egress {
  node n1 ip 192.168.0.11
  set internet-exit direct
  namespace istio-system
  namespace shop labels istio-injection=enabled
  pod egw-1 in istio-system on n1 labels istio=egressgateway ports 8080
  service istio-egressgateway in istio-system selector istio=egressgateway port http:80 -> 8080
  pod client-1 in shop on n1 labels app=client ports 8080
  yaml """
    apiVersion: networking.istio.io/v1
    kind: ServiceEntry
    metadata: {name: cnn, namespace: shop}
    spec:
      hosts: [edition.cnn.com]
      ports: [{number: 80, name: http, protocol: HTTP}]
      resolution: DNS
    ---
    apiVersion: networking.istio.io/v1
    kind: Gateway
    metadata: {name: egress, namespace: istio-system}
    spec:
      selector: {istio: egressgateway}
      servers:
      - port: {number: 80, name: http, protocol: HTTP}
        hosts: [edition.cnn.com]
    ---
    apiVersion: networking.istio.io/v1
    kind: VirtualService
    metadata: {name: cnn, namespace: shop}
    spec:
      hosts: [edition.cnn.com]
      gateways: [istio-system/egress, mesh]
      http:
      - match: [{gateways: [mesh], port: 80}]
        route: [{destination: {host: istio-egressgateway.istio-system.svc.cluster.local, port: {number: 80}}}]
      - match: [{gateways: [istio-system/egress], port: 80}]
        route: [{destination: {host: edition.cnn.com, port: {number: 80}}}]
${extra}  """
}
`;

describe('a request routed through an egress gateway', () => {
  it('is routed by the sidecar to the gateway, then by the gateway out of the cluster from the gateway pod', () => {
    const { checks } = run(EGRESS('') + 'from pod shop/client-1 request http://edition.cnn.com/ expect allow\n');
    expect(checks[0]!.passed).toBe(true);
    const rules = checks[0]!.flows[0]!.hops.map((h) => h.rule);
    expect(rules).toContain('VirtualService shop/cnn http[0]');
    expect(rules).toContain('VirtualService shop/cnn http[1]');
    expect(checks[0]!.flows[0]!.http?.route).toBe('VirtualService shop/cnn http[1]');
  });

  it("fails with the gateway Envoy's 503 when the gateway pod may not leave the cluster", () => {
    const deny = `    ---
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: no-egress, namespace: istio-system}
    spec:
      podSelector: {}
      policyTypes: [Egress]
`;
    const { checks } = run(EGRESS(deny) + 'from pod shop/client-1 request http://edition.cnn.com/ expect status 503\n');
    expect(checks[0]!.passed).toBe(true);
  });
});

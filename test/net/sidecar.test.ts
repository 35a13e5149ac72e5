/**
 * The destination's Istio sidecar on the packet path (src/net/sidecar.ts): after NetworkPolicy,
 * TCP connections reset, HTTP requests (a proxy's leg to a backend) answered 403, the deciding
 * policy and rule named in the trace; pods without a sidecar and clusters without policies
 * unchanged.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = (policies: string, ns = 'labels istio-injection=enabled') => `cluster lab {
  node n1 ip 192.168.0.11
  namespace ingress-nginx
  namespace shop ${ns}
  pod controller-1 in ingress-nginx on n1 labels app=ingress-nginx ports http:80
  service controller in ingress-nginx type loadbalancer selector app=ingress-nginx port http:80 -> http
  ingress-class nginx controller k8s.io/ingress-nginx service ingress-nginx/controller default
  pod api-1 in shop on n1 labels app=api ports 8080
  pod dns-1 in shop on n1 labels app=dns ports 53/udp
  pod client in shop on n1 labels app=client
  service api in shop selector app=api port 80 -> 8080
  ingress site in shop {
    rule host shop.example.com path / -> svc api:80
  }
  yaml """
${policies.replace(/^/gm, '    ')}
  """
}
`;

const DENY_ADMIN = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: deny-admin, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  action: DENY
  rules:
  - to:
    - operation: {methods: [POST], paths: ["/admin*"]}`;

const ALLOW_GET = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: get-only, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  rules:
  - to:
    - operation: {methods: [GET]}`;

function run(text: string) {
  const r = runSource(text, '/virtual/mesh.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps[0]!.checks;
}

describe('the Istio sidecar stage', () => {
  it('answers 403 to a request a DENY rule matches, naming the policy and rule, and lets other requests through', () => {
    const checks = run(
      SCENARIO(DENY_ADMIN) +
        'from internet request http://shop.example.com/admin/users method POST expect status 403\n' +
        'from internet request http://shop.example.com/admin/users method GET expect allow\n' +
        'from internet request http://shop.example.com/admin/users method POST expect allow\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, false]);
    const trace = checks[2]!.counterexample!.hops.map((h) => h.rule ?? h.text);
    expect(trace).toContain('AuthorizationPolicy shop/deny-admin rules[0] (DENY)');
    expect(trace.some((t) => t.includes('RBAC: access denied'))).toBe(true);
  });

  it('TCP: a DENY rule ignores its HTTP-only fields (resets every TCP connection), an ALLOW rule with them matches none', () => {
    const deny = run(SCENARIO(DENY_ADMIN) + 'from pod shop/client reach pod shop/api-1 port 8080 expect deny by policy\n');
    expect(deny.map((c) => c.passed)).toEqual([true]);
    const allow = run(
      SCENARIO(ALLOW_GET) +
        'from pod shop/client reach pod shop/api-1 port 8080 expect deny by policy\n' +
        'from internet request http://shop.example.com/ expect allow\n' +
        'from internet request http://shop.example.com/ method DELETE expect status 403\n' +
        // UDP never meets the sidecar.
        'from pod shop/client reach pod shop/dns-1 port 53/udp expect allow\n',
    );
    expect(allow.map((c) => c.passed)).toEqual([true, true, true, true]);
  });

  it('enforces nothing on pods without a sidecar', () => {
    const checks = run(SCENARIO(DENY_ADMIN, '') + 'from pod shop/client reach pod shop/api-1 port 8080 expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true]);
    expect(checks[0]!.flows.flatMap((f) => f.hops).some((h) => h.text.includes('istio-proxy'))).toBe(false);
  });
});

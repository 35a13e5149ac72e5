/**
 * PeerAuthentication at the destination's sidecar (src/net/sidecar.ts, semantics in
 * src/mesh/peer-authentication.ts): STRICT resets plain-text clients (a proxy in front answers
 * 502, not the 403 of an AuthorizationPolicy), the trace naming the policy and mode; DISABLE
 * makes even a client with a sidecar talk plain text, so principals no longer match; pods
 * without a sidecar accept plain text whatever the policy.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = (yaml: string, ns = 'labels istio-injection=enabled') => `cluster lab {
  node n1 ip 192.168.0.11
  namespace ingress-nginx
  namespace istio-system
  namespace shop ${ns}
  pod controller-1 in ingress-nginx on n1 labels app=ingress-nginx ports http:80
  service controller in ingress-nginx type loadbalancer selector app=ingress-nginx port http:80 -> http
  ingress-class nginx controller k8s.io/ingress-nginx service ingress-nginx/controller default
  pod api-1 in shop on n1 labels app=api ports 8080
  pod client in shop on n1 labels app=client
  service api in shop selector app=api port 80 -> 8080
  ingress site in shop {
    rule host shop.example.com path / -> svc api:80
  }
  yaml """
${yaml.replace(/^/gm, '    ')}
  """
}
`;

const NAMESPACE_MODE = (mode: string) => `apiVersion: security.istio.io/v1
kind: PeerAuthentication
metadata: {name: default, namespace: shop}
spec:
  mtls: {mode: ${mode}}`;

const ALLOW_CLIENT = `apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: from-client, namespace: shop}
spec:
  selector: {matchLabels: {app: api}}
  rules:
  - from:
    - source: {principals: ["cluster.local/ns/shop/sa/default"]}`;

function run(text: string) {
  const r = runSource(text, '/virtual/mtls.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps[0]!.checks;
}

describe('PeerAuthentication at the sidecar', () => {
  it('STRICT: a meshed client gets through, the ingress controller (no sidecar) is reset and answers 502', () => {
    const checks = run(
      SCENARIO(NAMESPACE_MODE('STRICT')) +
        'from pod shop/client reach pod shop/api-1 port 8080 expect allow\n' +
        'from pod ingress-nginx/controller-1 reach pod shop/api-1 port 8080 expect deny by policy\n' +
        'from internet request http://shop.example.com/ expect status 502\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true]);
    const refused = checks[1]!.flows[0]!.hops;
    expect(refused.map((h) => h.rule)).toContain('PeerAuthentication shop/default (STRICT)');
    expect(refused.some((h) => h.text.includes('plain text refused by PeerAuthentication shop/default (namespace-wide, STRICT)'))).toBe(true);
    expect(checks[2]!.flows[0]!.hops.some((h) => h.text.includes('a sidecar reset the connection (PeerAuthentication shop/default (STRICT))'))).toBe(true);
  });

  it('PERMISSIVE: the plain-text client is accepted', () => {
    const checks = run(SCENARIO(NAMESPACE_MODE('PERMISSIVE')) + 'from pod ingress-nginx/controller-1 reach pod shop/api-1 port 8080 expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true]);
  });

  it('DISABLE: the client sidecar sends plain text, so an ALLOW rule on its principal no longer matches', () => {
    const permissive = run(SCENARIO(`${NAMESPACE_MODE('PERMISSIVE')}\n---\n${ALLOW_CLIENT}`) + 'from pod shop/client reach pod shop/api-1 port 8080 expect allow\n');
    expect(permissive.map((c) => c.passed)).toEqual([true]);
    const disabled = run(SCENARIO(`${NAMESPACE_MODE('DISABLE')}\n---\n${ALLOW_CLIENT}`) + 'from pod shop/client reach pod shop/api-1 port 8080 expect deny by policy\n');
    expect(disabled.map((c) => c.passed)).toEqual([true]);
    const hops = disabled[0]!.flows[0]!.hops;
    expect(hops.some((h) => h.text.includes('its sidecar sends plain text'))).toBe(true);
    expect(hops.map((h) => h.rule)).toContain('AuthorizationPolicy shop/from-client (ALLOW)');
  });

  it('a pod without a sidecar accepts plain text under STRICT, and the trace says the policy is not enforced', () => {
    const checks = run(SCENARIO(NAMESPACE_MODE('STRICT'), '') + 'from pod ingress-nginx/controller-1 reach pod shop/api-1 port 8080 expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true]);
    expect(checks[0]!.flows[0]!.hops.some((h) => h.text.includes('PeerAuthentications (it accepts plain text) are not enforced'))).toBe(true);
  });
});

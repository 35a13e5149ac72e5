/**
 * Cilium's L7 proxy on the packet path (src/net/cilium-proxy.ts): requests through a port an allow
 * rule filters with HTTP rules are checked rule by rule (method, path and host as whole regular
 * expressions, headers), answered 403 "Access denied" when none matches, at the destination's
 * ingress and at the sender's egress; TCP connections pass at L4; an allow without L7 rules lifts
 * the filtering; another CNI enforces nothing (with a warning).
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = (policies: string, cni = 'cilium') => `cluster lab {
  cni ${cni}
  node n1 ip 192.168.0.11
  namespace ingress-nginx
  namespace shop
  pod controller-1 in ingress-nginx on n1 labels app=ingress-nginx ports http:80
  service controller in ingress-nginx type loadbalancer selector app=ingress-nginx port http:80 -> http
  ingress-class nginx controller k8s.io/ingress-nginx service ingress-nginx/controller default
  pod api-1 in shop on n1 labels app=api ports 8080
  service api in shop selector app=api port 80 -> 8080
  ingress site in shop {
    rule host shop.example.com path / -> svc api:80
  }
  yaml """
${policies.replace(/^/gm, '    ')}
  """
}
`;

const INGRESS_L7 = `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: api-l7, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: api}}
  ingress:
  - toPorts:
    - ports: [{port: "8080", protocol: TCP}]
      rules:
        http:
        - {method: GET, path: "/v[0-9]+/.*", host: "shop[.]example[.]com"}
        - {path: /health, headers: [X-Probe]}`;

const EGRESS_L7 = `apiVersion: cilium.io/v2
kind: CiliumClusterwideNetworkPolicy
metadata: {name: controller-get-only}
spec:
  endpointSelector: {matchLabels: {app: ingress-nginx}}
  egress:
  - toEndpoints: [{matchLabels: {app: api}}]
    toPorts:
    - ports: [{port: "8080"}]
      rules:
        http: [{method: GET}]`;

function run(text: string) {
  const r = runSource(text, '/virtual/cilium.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return { checks: r.result!.steps[0]!.checks, diagnostics: r.diagnostics };
}

describe("Cilium's L7 proxy", () => {
  it('forwards requests an HTTP rule matches whole, answers 403 "Access denied" to the others, naming the rule', () => {
    const { checks } = run(
      SCENARIO(INGRESS_L7) +
        'from internet request http://shop.example.com/v1/items expect allow\n' +
        'from internet request http://shop.example.com/v1/items method POST expect status 403\n' +
        // The path is matched whole: /x/v1/items is not under "/v[0-9]+/.*".
        'from internet request http://shop.example.com/x/v1/items expect status 403\n' +
        'from internet request http://shop.example.com/health expect status 403\n' +
        'from internet request http://shop.example.com/health header x-probe=1 expect allow\n' +
        'from pod ingress-nginx/controller-1 reach pod shop/api-1 port 8080 expect allow\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true, true, true, true]);
    const denied = checks[1]!.flows[0]!;
    expect(denied.l7Denial).toEqual({ proxy: "Cilium's proxy on node n1", body: 'Access denied' });
    const texts = denied.hops.map((h) => h.text);
    expect(texts).toContain("Cilium's proxy on node n1 (ingress): POST /v1/items matches no HTTP rule of CiliumNetworkPolicy shop/api-l7 ingress rule #1");
    expect(texts).toContain('the proxy answers 403 Forbidden "Access denied"');
    expect(checks[5]!.flows[0]!.hops.some((h) => h.text.includes("Cilium's proxy ("))).toBe(false);
  });

  it("filters at the sender's egress too", () => {
    const { checks } = run(SCENARIO(EGRESS_L7) + 'from internet request http://shop.example.com/ expect allow\nfrom internet request http://shop.example.com/ method PUT expect status 403\n');
    expect(checks.map((c) => c.passed)).toEqual([true, true]);
    expect(checks[1]!.flows[0]!.hops.map((h) => h.text)).toContain("Cilium's proxy on node n1 (egress): PUT / matches no HTTP rule of CiliumClusterwideNetworkPolicy controller-get-only egress rule #1");
  });

  it('an allow rule without L7 rules for the same connection lifts the filtering', () => {
    const open = `---\napiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: open, namespace: shop}\nspec:\n  endpointSelector: {}\n  ingress: [{fromEntities: [cluster]}]`;
    const { checks } = run(SCENARIO(INGRESS_L7 + '\n' + open) + 'from internet request http://shop.example.com/v1/items method POST expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true]);
  });

  it('under another CNI the policies are not enforced, with a warning', () => {
    const { checks, diagnostics } = run(SCENARIO(INGRESS_L7, 'calico') + 'from internet request http://shop.example.com/v1/items method POST expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true]);
    expect(diagnostics.map((d) => [d.code, d.message])).toEqual([['NS2123', "CiliumNetworkPolicy shop/api-l7 is not enforced: the cluster's CNI is calico, not Cilium"]]);
  });
});

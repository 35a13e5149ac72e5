/**
 * The client's Istio sidecar on the packet path (src/net/sidecar-egress.ts): under REGISTRY_ONLY
 * a destination the Sidecar does not import is reset (through an Ingress: 502), a ServiceEntry's
 * address is known once imported; under ALLOW_ANY everything passes; clients without a sidecar
 * are unchanged.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = (yaml: string) => `cluster lab {
  node n1 ip 192.168.0.11
  namespace istio-system
  namespace shop labels istio-injection=enabled
  namespace legacy
  set internet-exit direct
  host partner ip 203.0.113.7
  pod api-1 in shop on n1 labels app=api ports 8080
  pod db-1 in shop on n1 labels app=db ports 5432
  pod client in shop on n1 labels app=client
  pod old in legacy on n1 labels app=old
  service api in shop selector app=api port 80 -> 8080
  service db in shop selector app=db port 5432
  yaml """
${yaml.replace(/^/gm, '    ')}
  """
}
`;

const SIDECAR = (policy: string) => `apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: client, namespace: shop}
spec:
  workloadSelector: {labels: {app: client}}
  egress:
  - hosts: ["./api.shop.svc.cluster.local", "*/partner.example.com"]
  outboundTrafficPolicy: {mode: ${policy}}`;

const ENTRY = `apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata: {name: partner, namespace: shop}
spec:
  hosts: [partner.example.com]
  addresses: [203.0.113.0/24]
  ports: [{number: 443, name: https, protocol: TLS}]`;

function run(text: string) {
  const r = runSource(text, '/virtual/egress.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps[0]!.checks;
}

describe("the client's Istio sidecar", () => {
  it('REGISTRY_ONLY: imported Service and ServiceEntry reached, anything else reset, naming the Sidecar', () => {
    const checks = run(
      SCENARIO(`${SIDECAR('REGISTRY_ONLY')}\n---\n${ENTRY}`) +
        'from pod shop/client reach svc shop/api port 80 expect allow\n' +
        'from pod shop/client reach pod shop/api-1 port 8080 expect allow\n' +
        'from pod shop/client reach svc shop/db port 5432 expect deny by policy\n' +
        'from pod shop/client reach host partner port 443 expect allow\n' +
        'from pod shop/client reach internet port 443 expect deny by policy\n' +
        'from pod legacy/old reach svc shop/db port 5432 expect allow\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true, true, true, true]);
    const dropped = checks[2]!.flows[0]!.hops;
    expect(dropped.map((h) => h.rule)).toContain('Sidecar shop/client (REGISTRY_ONLY)');
    expect(dropped.some((h) => h.text.includes('BlackHoleCluster'))).toBe(true);
  });

  it('ALLOW_ANY passes an unknown destination through as plain text: a STRICT destination resets it', () => {
    const strict = 'apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: default, namespace: shop}\nspec:\n  mtls: {mode: STRICT}';
    const checks = run(SCENARIO(`${SIDECAR('ALLOW_ANY')}\n---\n${strict}`) + 'from pod shop/client reach svc shop/api port 80 expect allow\nfrom pod shop/client reach svc shop/db port 5432 expect deny by policy\n');
    expect(checks.map((c) => c.passed)).toEqual([true, true]);
    expect(checks[1]!.flows[0]!.hops.map((h) => h.rule)).toContain('PeerAuthentication shop/default (STRICT)');
    expect(checks[1]!.flows[0]!.hops.some((h) => h.text.includes('passes it through: plain text, no principal'))).toBe(true);
  });

  it('ALLOW_ANY: a host the Sidecar does not import is passed through', () => {
    const checks = run(SCENARIO(SIDECAR('ALLOW_ANY')) + 'from pod shop/client reach svc shop/db port 5432 expect allow\nfrom pod shop/client reach internet port 443 expect allow\n');
    expect(checks.map((c) => c.passed)).toEqual([true, true]);
    expect(checks[0]!.flows[0]!.hops.some((h) => h.text.includes('ALLOW_ANY (Sidecar shop/client) passes it through'))).toBe(true);
  });

  it("meshConfig's REGISTRY_ONLY (`set mesh-outbound-traffic-policy registry-only`) drops what is outside the registry, without any Sidecar, naming the setting", () => {
    const mesh = (yaml: string) => SCENARIO(yaml).replace('  set internet-exit direct\n', '  set internet-exit direct\n  set mesh-outbound-traffic-policy registry-only\n');
    const checks = run(
      mesh(ENTRY) +
        'from pod shop/client reach svc shop/db port 5432 expect allow\n' +
        'from pod shop/client reach host partner port 443 expect allow\n' +
        'from pod shop/client reach internet port 443 expect deny by policy\n' +
        'from pod legacy/old reach internet port 443 expect allow\n' +
        // A for-all assertion goes pair by pair (the reachability matrix knows no sidecar): client is no
        // endpoint of a Service, so its address is outside the registry (allowed under ALLOW_ANY).
        'from pods in namespace shop reach pod shop/client port 8080 expect deny\n',
    );
    expect(checks.map((c) => c.passed)).toEqual([true, true, true, true, true]);
    const dropped = checks[2]!.flows[0]!.hops;
    expect(dropped.map((h) => h.setting)).toContain('meshOutboundTrafficPolicy');
    expect(dropped.some((h) => h.text.includes('BlackHoleCluster'))).toBe(true);
    // A Sidecar's own mode wins over meshConfig's.
    const open = run(mesh(SIDECAR('ALLOW_ANY')) + 'from pod shop/client reach internet port 443 expect allow\n');
    expect(open.map((c) => c.passed)).toEqual([true]);
  });
});

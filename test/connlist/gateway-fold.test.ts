/**
 * Istio Gateways and VirtualServices in connlist (src/connlist/gateway-fold.ts), from Istio's
 * Ingress Gateways task: the ingress gateway pod opens TCP only to the httpbin pods, on the
 * target port of the route's Service port, for the requests its routes send there (host
 * httpbin.example.com, paths /status* and /delay*); an egress gateway reaches the external host
 * its route names. Golden files of every connlist format in test/corpus/connlist-gateway/ (a
 * missing file fails under CI=true; locally it is written — review it before committing;
 * UPDATE_GOLDEN=1 rewrites them all).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connectionText, type Connection } from '../../src/connlist/connlist.js';
import { CONNLIST_FORMATS, formatConnlist } from '../../src/connlist/formats.js';
import { hasRequest } from '../../src/connlist/request-space.js';
import { diffConnlists } from '../../src/connlist/diff.js';
import { changeLine } from '../../src/connlist/diff-formats.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'connlist-gateway');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

function golden(name: string, text: string): void {
  const path = join(dir, name);
  if (!existsSync(path) && ci) expect.fail(`${path} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
  if (update || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

const INGRESS = 'istio-system/istio-ingressgateway[Pod]';
const EGRESS = 'istio-system/istio-egressgateway[Pod]';

function list(edit: (yaml: string) => string = (y) => y): Connection[] {
  const loaded = objectsFromYaml(edit(readFileSync(join(dir, 'httpbin.yaml'), 'utf8')), 'httpbin.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlist(connlistInputFromManifests(loaded).input);
}

const text = (lines: readonly Connection[], src: string): string[] => lines.filter((l) => l.src === src).map((l) => `${l.dst} : ${connectionText(l)}`);

describe('Istio gateways in connlist', () => {
  it("the ingress gateway reaches httpbin's target port for the routed requests only, and no other TCP", () => {
    expect(text(list(), INGRESS)).toEqual([
      '0.0.0.0-255.255.255.255[External] : SCTP 1-65535,UDP 1-65535',
      'default/httpbin[Pod] : SCTP 1-65535,UDP 1-65535,TCP 8080 (HTTP: paths /delay*, /status*; hosts httpbin.example.com)',
      'default/sleep[Pod] : SCTP 1-65535,UDP 1-65535',
      'istio-system/istio-egressgateway[Pod] : SCTP 1-65535,UDP 1-65535',
    ]);
    const line = list().find((l) => l.src === INGRESS && l.dst === 'default/httpbin[Pod]')!;
    const set = line.requests![0]!.requests;
    expect(hasRequest(set, { method: 'GET', path: '/status/200', host: 'httpbin.example.com', headers: {} })).toBe(true);
    expect(hasRequest(set, { method: 'GET', path: '/headers', host: 'httpbin.example.com', headers: {} })).toBe(false);
    expect(hasRequest(set, { method: 'GET', path: '/status/200', host: 'other.example.com', headers: {} })).toBe(false);
  });

  it('the egress gateway reaches the ServiceEntry host its route names, on the route port', () => {
    expect(text(list(), EGRESS).filter((l) => l.includes('[DNS]'))).toEqual(['api.partner.example[DNS] : TCP 80 (HTTP: hosts api.partner.example)']);
  });

  it('a route for every request on the server keeps plain TCP; other pods are untouched', () => {
    const lines = list((y) => y.split('["httpbin.example.com"]').join('["*"]').replace('  - match:\n    - uri: {prefix: /status}\n    - uri: {prefix: /delay}\n    route:', '  - route:'));
    expect(text(lines, INGRESS)).toContain('default/httpbin[Pod] : SCTP 1-65535,TCP 8080,UDP 1-65535');
    expect(text(lines, 'default/sleep[Pod]')).toContain('default/httpbin[Pod] : All Connections');
  });

  it('a second VirtualService for the same host is merged: its routes add requests', () => {
    const more = `---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: {name: httpbin-headers, namespace: default}
spec:
  hosts: ["httpbin.example.com"]
  gateways: [httpbin-gateway]
  http:
  - match: [{uri: {exact: /headers}}]
    route: [{destination: {host: httpbin, port: {number: 8000}}}]
`;
    expect(text(list((y) => `${y}${more}`), INGRESS)).toContain('default/httpbin[Pod] : SCTP 1-65535,UDP 1-65535,TCP 8080 (HTTP: paths /delay*, /headers, /status*; hosts httpbin.example.com)');
  });

  it('an httpsRedirect server routes nothing upstream', () => {
    const lines = list((y) => y.replace('hosts: ["httpbin.example.com"]\n---', 'hosts: ["httpbin.example.com"]\n    tls: {httpsRedirect: true}\n---'));
    expect(text(lines, INGRESS).some((l) => l.includes('TCP'))).toBe(false);
  });

  it('a diff: adding the route gives the gateway its request-level port', () => {
    const before = list((y) => y.replace('gateways: [httpbin-gateway]', 'gateways: [other-gateway]'));
    const workloads = ['default/httpbin[Pod]', 'default/sleep[Pod]', EGRESS, INGRESS];
    const d = diffConnlists({ workloads, connections: before }, { workloads, connections: list() });
    expect(d.connections.map(changeLine)).toEqual([
      '~ istio-system/istio-ingressgateway[Pod] => default/httpbin[Pod] : SCTP 1-65535,UDP 1-65535 -> SCTP 1-65535,UDP 1-65535,TCP 8080 (HTTP: paths /delay*, /status*; hosts httpbin.example.com) (HTTP requests gained)',
    ]);
  });
});

describe('Istio gateways in connlist: golden files', () => {
  const lines = list();
  for (const format of CONNLIST_FORMATS) it(`httpbin.yaml as ${format}`, () => golden(`httpbin.${format}`, formatConnlist(lines, format)));
});

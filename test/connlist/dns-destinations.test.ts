/**
 * ServiceEntry hosts as DNS-name destinations of connlist (src/connlist/dns-destinations.ts),
 * from Istio's documentation: under ALLOW_ANY a sidecar passes a connection to an unknown
 * destination through, under REGISTRY_ONLY only a host a ServiceEntry declares (on its ports)
 * and the client's Sidecar imports is reached ("Accessing External Services"); the policies must
 * allow the port whatever address the name resolves to. Golden files of every connlist and diff
 * format in test/corpus/connlist-dns/ (a missing file fails under CI=true; locally it is written —
 * review it before committing; UPDATE_GOLDEN=1 rewrites them all).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { formatConnections, type Connection } from '../../src/connlist/connlist.js';
import { CONNLIST_FORMATS, formatConnlist } from '../../src/connlist/formats.js';
import { diffConnlists } from '../../src/connlist/diff.js';
import { changeLine, DIFF_FORMATS, formatDiff } from '../../src/connlist/diff-formats.js';
import { dnsHosts, dnsLabel, parseDnsLabel } from '../../src/connlist/dns-destinations.js';
import type { ServiceEntrySpec } from '../../src/spec/service-entry.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'connlist-dns');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

function golden(name: string, text: string): void {
  const path = join(dir, name);
  if (!existsSync(path) && ci) expect.fail(`${path} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
  if (update || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** mesh.yaml with web's Sidecar in `mode`, and what connlist lists of it. */
function list(mode: 'ALLOW_ANY' | 'REGISTRY_ONLY', extra = ''): Connection[] {
  const loaded = objectsFromYaml(readFileSync(join(dir, 'mesh.yaml'), 'utf8').replace('MODE', mode) + extra, 'mesh.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlist(connlistInputFromManifests(loaded).input);
}

const named = (lines: readonly Connection[]): string[] => lines.filter((l) => parseDnsLabel(l.dst) !== undefined).map((l) => `${l.src} => ${l.dst} : ${formatConnections(l.conns)}`);

describe('DNS-name destinations', () => {
  it('REGISTRY_ONLY: a sidecar reaches an imported host on the ports its ServiceEntry declares, nothing else by name', () => {
    expect(named(list('REGISTRY_ONLY'))).toEqual([
      'legacy/batch[Pod] => *.wikipedia.org[DNS] : TCP 443',
      'legacy/batch[Pod] => api.partner.example[DNS] : TCP 443',
      'shop/api[Pod] => *.wikipedia.org[DNS] : TCP 1-65535',
      'shop/api[Pod] => api.partner.example[DNS] : TCP 1-65535',
      'shop/web[Pod] => api.partner.example[DNS] : TCP 443',
    ]);
  });

  it('ALLOW_ANY: every port and host, known or passed through; a MESH_INTERNAL entry is no destination', () => {
    const out = named(list('ALLOW_ANY'));
    expect(out).toContain('shop/web[Pod] => *.wikipedia.org[DNS] : TCP 1-65535');
    expect(out).toContain('shop/web[Pod] => api.partner.example[DNS] : TCP 1-65535');
    expect(out.some((l) => l.includes('db.vm.internal'))).toBe(false);
  });

  it('a pod without a sidecar: the policies alone, a port allowed only to some addresses is not listed (batch: TCP 80 to 10.0.0.0/8)', () => {
    const lines = list('ALLOW_ANY');
    expect(lines.find((l) => l.src === 'legacy/batch[Pod]' && l.dst === '10.0.0.0-10.255.255.255[External]')?.conns.get('TCP')).toEqual([[80, 80], [443, 443]]);
    expect(named(lines).filter((l) => l.startsWith('legacy/batch'))).toEqual(['legacy/batch[Pod] => *.wikipedia.org[DNS] : TCP 443', 'legacy/batch[Pod] => api.partner.example[DNS] : TCP 443']);
  });

  it('a Sidecar listener with a port imports the host on that port only', () => {
    const listener = `---
apiVersion: networking.istio.io/v1
kind: Sidecar
metadata: {name: api, namespace: shop}
spec:
  workloadSelector: {labels: {app: api}}
  egress:
  - port: {number: 80, protocol: HTTP, name: http}
    hosts: ["shop/*.wikipedia.org"]
  outboundTrafficPolicy: {mode: REGISTRY_ONLY}
`;
    expect(named(list('REGISTRY_ONLY', listener)).filter((l) => l.startsWith('shop/api'))).toEqual(['shop/api[Pod] => *.wikipedia.org[DNS] : TCP 80']);
  });

  it('one destination per host, on the ports of every entry that declares it; STATIC entries are left to the ranges', () => {
    const entry = (name: string, hosts: string[], ports: number[], resolution: ServiceEntrySpec['resolution'] = 'NONE'): ServiceEntrySpec => ({
      name, namespace: 'ns', hosts, addresses: [], location: 'MESH_EXTERNAL', ports: ports.map((number) => ({ number })), resolution,
    });
    const a = entry('a', ['Www.Example.com', 'b.example.com'], [443]);
    const b = entry('b', ['www.example.com.'], [80]);
    const hosts = dnsHosts([a, b, entry('c', ['static.example.com'], [80], 'STATIC')]);
    expect(hosts.map((h) => [h.host, h.entries.map((e) => e.name)])).toEqual([['Www.Example.com', ['a', 'b']], ['b.example.com', ['a']]]);
    expect(parseDnsLabel(dnsLabel('*.slack.com'))).toBe('*.slack.com');
    expect(parseDnsLabel('shop/web[Pod]')).toBeUndefined();
    expect(parseDnsLabel('0.0.0.0-255.255.255.255[External]')).toBeUndefined();
  });

  it('a diff: turning web to REGISTRY_ONLY removes a host and narrows the other to its declared port, both to-external', () => {
    const side = (mode: 'ALLOW_ANY' | 'REGISTRY_ONLY') => ({ workloads: ['legacy/batch[Pod]', 'shop/api[Pod]', 'shop/web[Pod]'], connections: list(mode) });
    const d = diffConnlists(side('ALLOW_ANY'), side('REGISTRY_ONLY'));
    const dns = d.connections.filter((c) => parseDnsLabel(c.dst) !== undefined);
    expect(dns.map(changeLine)).toEqual([
      '- shop/web[Pod] => *.wikipedia.org[DNS] : TCP 1-65535',
      '~ shop/web[Pod] => api.partner.example[DNS] : TCP 1-65535 -> TCP 443 (lost TCP 1-442,444-65535)',
    ]);
    expect(dns.map((c) => c.scope)).toEqual(['to-external', 'to-external']);
  });
});

describe('DNS-name destinations: golden files', () => {
  const lines = list('REGISTRY_ONLY');
  for (const format of CONNLIST_FORMATS) it(`mesh.yaml as ${format}`, () => golden(`mesh.${format}`, formatConnlist(lines, format)));
  const side = (mode: 'ALLOW_ANY' | 'REGISTRY_ONLY') => ({ workloads: ['legacy/batch[Pod]', 'shop/api[Pod]', 'shop/web[Pod]'], connections: list(mode) });
  const d = diffConnlists(side('ALLOW_ANY'), side('REGISTRY_ONLY'));
  for (const format of DIFF_FORMATS) it(`diff ALLOW_ANY → REGISTRY_ONLY as ${format}`, () => golden(`diff.${format}`, formatDiff(d, format)));
});

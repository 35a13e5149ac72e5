/**
 * `netscn diff` of request-level lines (src/connlist/diff.ts, request-space.ts): narrowing or
 * widening the HTTP requests a port admits is a change, and moving a port between request-level
 * and plain TCP is a TCP port gained or lost. Golden files of every diff format in
 * test/corpus/connlist-requests/ (a missing file fails under CI=true; locally it is written —
 * review it before committing; UPDATE_GOLDEN=1 rewrites them all).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { diffConnlists, widens, type ConnlistSide } from '../../src/connlist/diff.js';
import { changeLine, DIFF_FORMATS, formatDiff } from '../../src/connlist/diff-formats.js';

/** Two meshed pods; b admits what `operation` (YAML flow mapping) allows. */
function side(operation: string): ConnlistSide {
  const yaml = `apiVersion: v1
kind: Namespace
metadata: {name: foo, labels: {istio-injection: enabled}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: foo, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: foo, labels: {app: b}}
spec: {containers: [{name: c}]}
---
apiVersion: security.istio.io/v1
kind: AuthorizationPolicy
metadata: {name: b, namespace: foo}
spec:
  selector: {matchLabels: {app: b}}
  rules:
  - to: [{operation: ${operation}}]
`;
  const loaded = objectsFromYaml(yaml, 'm.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const lines = connlist(connlistInputFromManifests(loaded).input).filter((l) => l.src === 'foo/a[Pod]' && l.dst === 'foo/b[Pod]');
  return { workloads: ['foo/a[Pod]', 'foo/b[Pod]'], connections: lines };
}

const changes = (before: string, after: string): string[] => diffConnlists(side(before), side(after)).connections.map(changeLine);

describe('diff of request-level lines', () => {
  it('narrowing the methods of a port is a change that loses requests', () => {
    const d = diffConnlists(side('{ports: ["80"], methods: ["GET", "POST"]}'), side('{ports: ["80"], methods: ["GET"]}'));
    expect(d.connections.map(changeLine)).toEqual([
      '~ foo/a[Pod] => foo/b[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols,TCP 80 (HTTP: methods GET, POST) -> SCTP 1-65535,UDP 1-65535,ICMP,other protocols,TCP 80 (HTTP: methods GET) (HTTP requests lost)',
    ]);
    expect(widens(d.connections[0]!)).toBe(false);
  });

  it('widening the paths is a change that gains requests, and widens', () => {
    const d = diffConnlists(side('{ports: ["80"], paths: ["/api/v1/*"]}'), side('{ports: ["80"], paths: ["/api/*"]}'));
    expect(d.connections.map(changeLine)).toEqual([
      '~ foo/a[Pod] => foo/b[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols,TCP 80 (HTTP: paths /api/v1/*) -> SCTP 1-65535,UDP 1-65535,ICMP,other protocols,TCP 80 (HTTP: paths /api/*) (HTTP requests gained)',
    ]);
    expect(widens(d.connections[0]!)).toBe(true);
  });

  it('the same requests written otherwise are no change', () => {
    expect(changes('{ports: ["80"], methods: ["GET"]}', '{ports: ["80"], methods: ["GET"], notMethods: ["POST"]}')).toEqual([]);
  });

  it('a port turned from request-level to plain TCP is a TCP port gained', () => {
    expect(changes('{ports: ["80"], methods: ["GET"]}', '{ports: ["80"]}')).toEqual([
      '~ foo/a[Pod] => foo/b[Pod] : SCTP 1-65535,UDP 1-65535,ICMP,other protocols,TCP 80 (HTTP: methods GET) -> SCTP 1-65535,TCP 80,UDP 1-65535,ICMP,other protocols (gained TCP 80)',
    ]);
  });
});

describe('diff of request-level lines: golden files', () => {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'connlist-requests');
  const update = process.env['UPDATE_GOLDEN'] === '1';
  const ci = process.env['CI'] === 'true';
  const d = diffConnlists(side('{ports: ["80", "81"], methods: ["GET", "POST"]}'), side('{ports: ["80"], methods: ["GET"], paths: ["/api/*"]}'));
  for (const format of DIFF_FORMATS) {
    it(`methods narrowed, a port lost, as ${format}`, () => {
      const path = join(dir, `diff.${format}`);
      const text = formatDiff(d, format);
      if (!existsSync(path) && ci) expect.fail(`${path} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
      if (update || !existsSync(path)) writeFileSync(path, text);
      expect(text).toBe(readFileSync(path, 'utf8'));
    });
  }
});

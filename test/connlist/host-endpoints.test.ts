/**
 * Calico HostEndpoints as connlist endpoints (src/connlist/host-endpoints.ts), from Calico's
 * documentation (docs.tigera.io, reference/host-endpoints: overview, failsafe, pre-dnat,
 * untracked, summary; reference/resources/hostendpoint): a connection to a host endpoint is
 * judged by the failsafe inbound ports, then untracked, pre-DNAT and normal policy (no policy:
 * denied); one from it by the failsafe outbound ports, then its egress policy; pods' policies
 * select it through its labels (a namespaced policy through `namespaceSelector: global()`), and a
 * namespaceSelector's `all()` selects namespaces only. Golden files of every connlist and diff
 * format in test/corpus/connlist-hep/ (a missing file fails under CI=true; locally it is written —
 * review it before committing; UPDATE_GOLDEN=1 rewrites them all).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistPairwise } from '../../src/connlist/pairwise.js';
import { compareConnections, formatConnections, type Connection, type ConnlistInput } from '../../src/connlist/connlist.js';
import { CONNLIST_FORMATS, formatConnlist } from '../../src/connlist/formats.js';
import { diffConnlists } from '../../src/connlist/diff.js';
import { changeLine, DIFF_FORMATS, formatDiff } from '../../src/connlist/diff-formats.js';
import { hostEndpointLabel, parseHostEndpointLabel } from '../../src/connlist/host-endpoints.js';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'corpus', 'connlist-hep');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

function golden(name: string, text: string): void {
  const path = join(dir, name);
  if (!existsSync(path) && ci) expect.fail(`${path} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
  if (update || !existsSync(path)) writeFileSync(path, text);
  expect(text).toBe(readFileSync(path, 'utf8'));
}

/** hosts.yaml (without the `workers` GlobalNetworkPolicy when `withHostPolicy` is false) as connlist input. */
function input(withHostPolicy = true): ConnlistInput {
  let text = readFileSync(join(dir, 'hosts.yaml'), 'utf8');
  if (!withHostPolicy) text = text.replace(/# HOST-POLICY\n[\s\S]*?---\n/, '');
  const loaded = objectsFromYaml(text, 'hosts.yaml');
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlistInputFromManifests(loaded).input;
}

const text = (lines: readonly Connection[]): Map<string, string> => new Map(lines.map((l) => [`${l.src} => ${l.dst}`, formatConnections(l.conns)]));

const N1 = 'node-1-eth0[HostEndpoint]';
const N2 = 'node-2-eth0[HostEndpoint]';
const FAILSAFE_IN = 'TCP 22,179,2379-2380,5473,6443,6666-6667';
const FAILSAFE_OUT_TCP = 'TCP 179,2379-2380,5473,6443,6666-6667';

describe('HostEndpoints as connlist endpoints', () => {
  const lines = text(connlist(input()));

  it('to a host endpoint: the failsafe inbound ports, an untracked Allow (8080), the normal policy (10250 from web), a pre-DNAT Allow (9090 from its nets)', () => {
    expect(lines.get(`shop/web[Pod] => ${N1}`)).toBe(`${FAILSAFE_IN},8080,10250,UDP 68`);
    expect(lines.get(`shop/db[Pod] => ${N1}`)).toBe(`${FAILSAFE_IN},8080,UDP 68`);
    expect(lines.get(`198.51.100.0-198.51.100.255[External] => ${N2}`)).toBe(`${FAILSAFE_IN},8080,9090,UDP 68`);
    expect(lines.get(`0.0.0.0-198.51.99.255[External] => ${N2}`)).toBe(`${FAILSAFE_IN},8080,UDP 68`);
  });

  it('from a host endpoint: its egress policy (db on 5432) and the failsafe outbound ports; the pod\'s own policy decides its end (db admits the workers on 5432 only)', () => {
    expect(lines.get(`${N1} => shop/db[Pod]`)).toBe('TCP 5432');
    expect(lines.get(`${N1} => shop/web[Pod]`)).toBe(`${FAILSAFE_OUT_TCP},UDP 53,67`);
    expect(lines.get(`${N1} => 0.0.0.0-255.255.255.255[External]`)).toBe(`${FAILSAFE_OUT_TCP},UDP 53,67`);
  });

  it('between host endpoints: the sender\'s outbound and the receiver\'s inbound failsafe ports meet', () => {
    expect(lines.get(`${N1} => ${N2}`)).toBe(FAILSAFE_OUT_TCP);
    expect(lines.get(`${N2} => ${N1}`)).toBe(FAILSAFE_OUT_TCP);
  });

  it('with the failsafe ports emptied, the policies alone decide', () => {
    const none = text(connlist({ ...input(), failsafePorts: 'none' }));
    expect(none.get(`shop/web[Pod] => ${N1}`)).toBe('TCP 8080,10250');
    expect(none.get(`${N1} => shop/web[Pod]`)).toBeUndefined();
    expect(none.get(`${N1} => ${N2}`)).toBeUndefined();
    expect(none.get(`${N1} => shop/db[Pod]`)).toBe('TCP 5432');
  });

  it('a namespaceSelector all() selects pods of every namespace, not host endpoints; a selector of a global policy selects both', () => {
    const egress = (destination: string): ConnlistInput => {
      const base = input(false);
      const loaded = objectsFromYaml(
        `apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: out}
spec:
  selector: role == 'worker'
  types: [Egress]
  egress:
  - action: Allow
    destination: {${destination}}
`,
        'out.yaml',
      );
      return { ...base, failsafePorts: 'none', calicoGlobalNetworkPolicies: [...(base.calicoGlobalNetworkPolicies ?? []), ...loaded.objects.flatMap((o) => (o.kind === 'calico-global-network-policy' ? [o.spec] : []))] };
    };
    const ns = text(connlist(egress('namespaceSelector: all()')));
    expect(ns.get(`${N1} => shop/web[Pod]`)).toBe('All Connections');
    expect(ns.get(`${N1} => ${N2}`)).toBeUndefined();
    const all = text(connlist(egress('selector: all()')));
    expect(all.get(`${N1} => shop/web[Pod]`)).toBe('All Connections');
    expect(all.get(`${N1} => ${N2}`)).toBe('TCP 8080');
  });

  it('connlist (the matrix path falls back) and the pairwise oracle agree; labels parse back', () => {
    expect(connlist(input())).toEqual(connlistPairwise(input()).sort(compareConnections));
    expect(parseHostEndpointLabel(N1)).toBe('node-1-eth0');
    expect(hostEndpointLabel({ name: 'x', node: 'n', expectedIPs: [], labels: {}, profiles: [] })).toBe('x[HostEndpoint]');
    expect(parseHostEndpointLabel('shop/web[Pod]')).toBeUndefined();
  });

  it('a diff: adding the workers policy opens db and the kubelet port, scoped host-endpoint', () => {
    const side = (withPolicy: boolean) => ({ workloads: ['shop/db[Pod]', 'shop/web[Pod]'], connections: connlist(input(withPolicy)) });
    const d = diffConnlists(side(false), side(true));
    expect(d.connections.filter((c) => c.scope === 'host-endpoint').map(changeLine)).toEqual([
      `+ ${N1} => shop/db[Pod] : TCP 5432`,
      `+ ${N2} => shop/db[Pod] : TCP 5432`,
      `~ shop/web[Pod] => ${N1} : ${FAILSAFE_IN},8080,UDP 68 -> ${FAILSAFE_IN},8080,10250,UDP 68 (gained TCP 10250)`,
      `~ shop/web[Pod] => ${N2} : ${FAILSAFE_IN},8080,UDP 68 -> ${FAILSAFE_IN},8080,10250,UDP 68 (gained TCP 10250)`,
    ]);
  });
});

describe('HostEndpoints: golden files', () => {
  const lines = connlist(input());
  for (const format of CONNLIST_FORMATS) it(`hosts.yaml as ${format}`, () => golden(`hosts.${format}`, formatConnlist(lines, format)));
  const side = (withPolicy: boolean) => ({ workloads: ['shop/db[Pod]', 'shop/web[Pod]'], connections: connlist(input(withPolicy)) });
  const d = diffConnlists(side(false), side(true));
  for (const format of DIFF_FORMATS) it(`diff adding the workers policy as ${format}`, () => golden(`diff.${format}`, formatDiff(d, format)));
});

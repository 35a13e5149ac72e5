/** One NCA case end to end, on a small case folder written here (never ../shared): per-pod lines named as NCA names them, options, reasons. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runNcaCase } from '../../src/conformance/nca-corpus.js';

const manifests = `
apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: v1
kind: Namespace
metadata: {name: b}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1-p1
  namespace: a
  labels: {app: web, role: x}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u1, controller: true}]
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata:
  name: web-1-p2
  namespace: a
  labels: {app: web}
  ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-1, uid: u1, controller: true}]
spec: {containers: [{name: c, image: i}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: b, labels: {app: db}}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-x, namespace: b}
spec:
  podSelector: {}
  ingress:
  - from: [{namespaceSelector: {}, podSelector: {matchLabels: {role: x}}}]
    ports: [{port: 80}]
`;

/** web-1's pods differ: only p1 (role x) reaches db, on TCP 80; p2 reaches nothing in b. */
const expectedByWorkload = [
  '0.0.0.0-255.255.255.255 => a/web-1[ReplicaSet] : All connections',
  'a/web-1[ReplicaSet] => 0.0.0.0-255.255.255.255 : All connections',
  'a/web-1[ReplicaSet] => b/db[Pod] : {protocols:TCP,dst_ports:80}',
  'b/db[Pod] => 0.0.0.0-255.255.255.255 : All connections',
  'b/db[Pod] => a/web-1[ReplicaSet] : All connections',
];

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'netscn-nca-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

let n = 0;
/** A case folder with the manifests above, `expected` as its pair-form expected.txt, and case.json fields overridden. */
function caseDir(expected: readonly string[], overrides: Record<string, unknown> = {}): string {
  const dir = path.join(root, `case${n++}`);
  fs.mkdirSync(path.join(dir, 'resources'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'resources', 'all.yaml'), manifests);
  fs.writeFileSync(path.join(dir, 'expected.txt'), expected.join('\n') + '\n');
  const json = {
    id: path.basename(dir),
    family: 'k8s',
    output_format: 'txt_no_fw_rules',
    layers: ['K8s_Calico'],
    policy_types: ['K8sNetworkPolicy'],
    kinds: ['Namespace', 'NetworkPolicy', 'Pod'],
    resources: [{ path: 'resources/all.yaml', roles: ['namespaces', 'pods', 'policies'] }],
    flat_load_ok: true,
    options: { excludeIPv6Range: true, outputEndpoints: 'deployments', subset: {} },
    policy_filter: null,
    pairs: null,
    ...overrides,
  };
  fs.writeFileSync(path.join(dir, 'case.json'), JSON.stringify(json));
  return dir;
}

describe('an NCA case', () => {
  it('passes when the per-pod lines, printed with workload names, are the expected ones', () => {
    const o = runNcaCase(caseDir(expectedByWorkload));
    expect(o).toMatchObject({ ok: true, missing: [], extra: [] });
  });

  it('says when a pass agrees though part of the input was not read', () => {
    const dir = caseDir(expectedByWorkload, {
      resources: [
        { path: 'resources/all.yaml', roles: ['namespaces', 'pods', 'policies'] },
        { path: 'resources/bad.yaml', roles: ['pods'] },
      ],
    });
    fs.writeFileSync(path.join(dir, 'resources', 'bad.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: a}\nspec: {ports: {}}\n');
    const o = runNcaCase(dir);
    expect(o).toMatchObject({ ok: true });
    expect(o.passedWithUnread).toContain('bad.yaml');
    expect(runNcaCase(caseDir(expectedByWorkload)).passedWithUnread).toBeUndefined();
  });

  it('fails on a connection set that differs, naming the lines', () => {
    const wrong = expectedByWorkload.map((l) => l.replace('{protocols:TCP,dst_ports:80}', '{protocols:TCP,dst_ports:80-81}'));
    const o = runNcaCase(caseDir(wrong));
    expect(o).toMatchObject({ ok: false, reason: 'connectivity differs' });
    expect(o.missing).toEqual(['a/web-1[ReplicaSet] => b/db[Pod] : TCP 80-81']);
    expect(o.extra).toEqual(['a/web-1[ReplicaSet] => b/db[Pod] : TCP 80']);
  });

  it('outputEndpoints pods names each pod, and a subset keeps the lines touching it', () => {
    // Two pods of one workload are two endpoints here, so they connect to each other.
    const expected = [
      '0.0.0.0-255.255.255.255 => a/web-1-p1 : All connections',
      'a/web-1-p1 => 0.0.0.0-255.255.255.255 : All connections',
      'a/web-1-p1 => a/web-1-p2 : All connections',
      'a/web-1-p1 => b/db : {protocols:TCP,dst_ports:80}',
      'a/web-1-p2 => a/web-1-p1 : All connections',
      'b/db => a/web-1-p1 : All connections',
    ];
    const o = runNcaCase(caseDir(expected, { options: { excludeIPv6Range: true, outputEndpoints: 'pods', subset: { label_subset: [{ role: 'x' }] } } }));
    expect(o).toMatchObject({ ok: true });
  });

  it('policy_filter: only the named policy counts', () => {
    const open = [
      ...expectedByWorkload.filter((l) => !l.includes('dst_ports')),
      '0.0.0.0-255.255.255.255 => b/db[Pod] : All connections',
      'a/web-1[ReplicaSet] => b/db[Pod] : All connections',
    ];
    const filter = { file: 'resources/all.yaml', kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', namespace: 'b', name: 'another-policy' };
    expect(runNcaCase(caseDir(open, { policy_filter: filter }))).toMatchObject({ ok: true });
    expect(runNcaCase(caseDir(open, { policy_filter: { ...filter, name: 'db-from-x' } }))).toMatchObject({ ok: false });
  });

  it('a file read only in the pods role contributes no policy when roles matter', () => {
    const open = [
      ...expectedByWorkload.filter((l) => !l.includes('dst_ports')),
      '0.0.0.0-255.255.255.255 => b/db[Pod] : All connections',
      'a/web-1[ReplicaSet] => b/db[Pod] : All connections',
    ];
    const o = runNcaCase(caseDir(open, { flat_load_ok: false, resources: [{ path: 'resources/all.yaml', roles: ['namespaces', 'pods'] }] }));
    expect(o).toMatchObject({ ok: true });
  });

  it('a config with a policy kind connlist does not apply fails, even when the lines agree', () => {
    const o = runNcaCase(caseDir(expectedByWorkload, { family: 'calico', policy_types: ['CalicoStagedNetworkPolicy', 'K8sNetworkPolicy'] }));
    expect(o).toMatchObject({ ok: false, reason: 'Calico policy kind not read', detail: 'lines agree anyway' });
  });

  it('Istio Gateways are applied by connlist (gateway-fold.ts): a GatewayPolicy config is compared', () => {
    const o = runNcaCase(caseDir(expectedByWorkload, { family: 'istio', policy_types: ['GatewayPolicy', 'K8sNetworkPolicy'] }));
    expect(o).toMatchObject({ ok: true });
  });

  it('Calico Profiles are read: a config with one is compared', () => {
    const o = runNcaCase(caseDir(expectedByWorkload, { family: 'calico', policy_types: ['CalicoNetworkPolicy', 'K8sNetworkPolicy'], kinds: ['Pod', 'NetworkPolicy', 'Profile'] }));
    expect(o).toMatchObject({ ok: true });
  });

  it('Calico NetworkPolicy and GlobalNetworkPolicy are read: a config of them is compared', () => {
    const o = runNcaCase(caseDir(expectedByWorkload, { family: 'calico', policy_types: ['CalicoNetworkPolicy', 'CalicoGlobalNetworkPolicy', 'K8sNetworkPolicy'] }));
    expect(o).toMatchObject({ ok: true });
  });

  it('other protocols: netscn allows them only where it allows every TCP, UDP and SCTP port', () => {
    const tcpUdpSctpOnly = expectedByWorkload.map((l) => l.replace('b/db[Pod] => a/web-1[ReplicaSet] : All connections', 'b/db[Pod] => a/web-1[ReplicaSet] : {protocols:TCP, UDP, SCTP}'));
    expect(runNcaCase(caseDir(tcpUdpSctpOnly))).toMatchObject({ ok: false, reason: 'protocols beyond the model (ICMP and other IP protocols)' });
  });

  it('Istio sections: the answer is compared per section', () => {
    const sectioned = [
      'TCP Connections:',
      ...expectedByWorkload,
      '',
      'non-TCP Connections:',
      ...expectedByWorkload.filter((l) => !l.includes('dst_ports')),
    ];
    expect(runNcaCase(caseDir(sectioned, { layers: ['K8s_Calico', 'Istio'] }))).toMatchObject({ ok: true });
  });
});

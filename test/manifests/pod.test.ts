import { describe, expect, it } from 'vitest';
import { objectsFromSources } from '../../src/manifests/sources.js';
import { one, read, errors, theError } from './helpers.js';

const pod = (spec: string, meta = '', status = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n${meta}spec:\n${spec}${status}`;

describe('Pod', () => {
  it('defaults: namespace default, unscheduled, ready, ClusterFirst DNS, not hostNetwork', () => {
    const p = one(pod('  containers:\n  - name: c\n    image: x\n'), 'pod');
    expect(p).toMatchObject({
      name: 'p',
      namespace: 'default',
      node: '',
      labels: {},
      ports: [],
      hostNetwork: false,
      ready: true,
      terminating: false,
      dnsPolicy: 'ClusterFirst',
      generation: 0,
    });
    expect(p.ip).toBeUndefined();
    expect(p.owner).toBeUndefined();
  });

  it('collects the ports of every container, protocol defaulting to TCP', () => {
    const p = one(
      pod(
        '  containers:\n  - name: a\n    ports:\n    - {name: http, containerPort: 8080}\n    - {containerPort: 53, protocol: UDP, hostPort: 5353}\n' +
          '  - name: b\n    ports:\n    - {name: metrics, containerPort: 9090}\n',
      ),
      'pod',
    );
    expect(p.ports).toEqual([
      { name: 'http', containerPort: 8080, protocol: 'TCP' },
      { containerPort: 53, protocol: 'UDP', hostPort: 5353 },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
    ]);
  });

  it('rejects the same port in two containers: they share one network namespace', () => {
    const e = theError(pod('  containers:\n  - name: a\n    ports:\n    - containerPort: 80\n  - name: b\n    ports:\n    - containerPort: 80\n'));
    expect(e.message).toBe('spec.containers[1].ports[0].containerPort: port 80/TCP is already declared in this pod');
    expect(e.span.start).toMatchObject({ line: 12, column: 22 });
  });

  it('allows the same number on two protocols', () => {
    const p = one(pod('  containers:\n  - name: a\n    ports:\n    - containerPort: 53\n    - {containerPort: 53, protocol: UDP}\n'), 'pod');
    expect(p.ports.map((x) => `${x.containerPort}/${x.protocol}`)).toEqual(['53/TCP', '53/UDP']);
  });

  it('reads nodeName, hostNetwork, hostname, subdomain, dnsPolicy', () => {
    const p = one(
      pod('  nodeName: n1\n  hostNetwork: true\n  hostname: h\n  subdomain: sub\n  dnsPolicy: ClusterFirstWithHostNet\n  containers:\n  - name: a\n'),
      'pod',
    );
    expect(p).toMatchObject({ node: 'n1', hostNetwork: true, hostname: 'h', subdomain: 'sub', dnsPolicy: 'ClusterFirstWithHostNet' });
  });

  it('drops hostPort on hostNetwork pods, and rejects one that differs from containerPort', () => {
    const ok = one(pod('  hostNetwork: true\n  containers:\n  - name: a\n    ports:\n    - {containerPort: 80, hostPort: 80}\n'), 'pod');
    expect(ok.ports).toEqual([{ containerPort: 80, protocol: 'TCP' }]);
    const e = theError(pod('  hostNetwork: true\n  containers:\n  - name: a\n    ports:\n    - {containerPort: 80, hostPort: 81}\n'));
    expect(e.message).toBe('spec.containers[0].ports[0].hostPort: must equal containerPort (80) when hostNetwork is true');
  });

  it('pins the IP from status.podIP and reads the Ready condition and deletionTimestamp', () => {
    const p = one(
      pod('  containers:\n  - name: a\n', '  namespace: shop\n  deletionTimestamp: "2024-01-01T00:00:00Z"\n', 'status:\n  podIP: 10.244.1.5\n  conditions:\n  - {type: Ready, status: "False"}\n'),
      'pod',
    );
    expect(p).toMatchObject({ namespace: 'shop', ip: '10.244.1.5', ready: false, terminating: true });
  });

  it('leaves out a finished pod (phase Succeeded or Failed) with a warning, and keeps a Pending or Running one', () => {
    for (const phase of ['Succeeded', 'Failed']) {
      const res = read(pod('  containers:\n  - name: a\n', '  namespace: jobs\n', `status:\n  phase: ${phase}\n  podIP: 10.244.1.9\n`));
      expect(errors(res)).toEqual([]);
      expect(res.objects).toEqual([]);
      expect(res.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([['NS2113', 'warning', `pod jobs/p is ${phase}: a finished pod holds no address and is left out`]]);
    }
    for (const phase of ['Pending', 'Running']) expect(one(pod('  containers:\n  - name: a\n', '', `status:\n  phase: ${phase}\n`), 'pod').name).toBe('p');
  });

  it('keeps a finished pod for a workload-level analysis (connlist reads with keepFinishedPods)', () => {
    const text = pod('  containers:\n  - name: a\n', '', 'status:\n  phase: Succeeded\n');
    const res = objectsFromSources([{ text, file: 'p.yaml' }], { keepFinishedPods: true });
    expect(res.diagnostics).toEqual([]);
    expect(res.objects.map((o) => o.kind)).toEqual(['pod']);
  });

  it('takes the owner from the controller ownerReference', () => {
    const p = one(
      pod('  containers:\n  - name: a\n', '  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-6d4b, controller: true, uid: x}\n'),
      'pod',
    );
    expect(p.owner).toEqual({ kind: 'ReplicaSet', name: 'web-6d4b' });
  });

  it('says what was expected for a bad port', () => {
    const e = theError(pod('  containers:\n  - name: a\n    ports:\n    - containerPort: "http"\n'));
    expect(e.message).toBe('spec.containers[0].ports[0].containerPort: expected an integer 1-65535, found "http"');
    expect(e.span.start).toMatchObject({ line: 9, column: 22 });
  });

  it('suggests the right spelling of a miscased field', () => {
    const e = theError(pod('  containers:\n  - name: a\n    ports:\n    - containerport: 80\n'));
    expect(e.message).toBe('spec.containers[0].ports[0].containerPort: required field is missing (expected an integer 1-65535)');
    expect(e.help).toContain('did you mean `containerPort`?');
  });

  it('rejects an unknown dnsPolicy with the accepted values', () => {
    const res = read(pod('  dnsPolicy: clusterfirst\n  containers:\n  - name: a\n'));
    expect(errors(res)[0]).toMatchObject({
      message: 'spec.dnsPolicy: expected one of ClusterFirst, ClusterFirstWithHostNet, Default, None, found "clusterfirst"',
      help: 'did you mean `ClusterFirst`?',
    });
  });

  it('needs a name (generateName is not enough)', () => {
    const res = read('apiVersion: v1\nkind: Pod\nmetadata:\n  generateName: p-\nspec:\n  containers: []\n');
    expect(errors(res)[0]?.message).toBe('metadata.name: required field is missing (expected the object name)');
    expect(res.objects).toEqual([]);
  });
});

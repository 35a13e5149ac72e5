import { describe, expect, it } from 'vitest';
import type { PodSpec } from '../../src/spec/types.js';
import { MAX_REPLICAS, placePods } from '../../src/manifests/index.js';
import { errors, read, specs, theError } from './helpers.js';

const template = (labels = 'app: web', extra = '') =>
  `  template:\n    metadata:\n      labels: {${labels}}\n    spec:\n${extra}      containers:\n      - name: c\n        ports: [{name: http, containerPort: 8080}]\n`;
const workload = (apiVersion: string, kind: string, spec: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: web\n  namespace: shop\nspec:\n${spec}`;

const pods = (text: string): PodSpec[] => {
  const res = read(text);
  expect(errors(res)).toEqual([]);
  return specs(res, 'pod');
};

describe('workload expansion', () => {
  it('Deployment: `replicas` pods web-0.. with template labels, namespace and owner', () => {
    const ps = pods(workload('apps/v1', 'Deployment', `  replicas: 3\n  selector: {matchLabels: {app: web}}\n${template()}`));
    expect(ps.map((p) => p.name)).toEqual(['web-0', 'web-1', 'web-2']);
    for (const p of ps) {
      expect(p).toMatchObject({
        namespace: 'shop',
        node: '',
        labels: { app: 'web' },
        ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
        owner: { kind: 'Deployment', name: 'web' },
        ready: true,
        terminating: false,
      });
    }
  });

  it('replicas defaults to 1; 0 gives no pod', () => {
    expect(pods(workload('apps/v1', 'ReplicaSet', `  selector: {matchLabels: {app: web}}\n${template()}`)).map((p) => p.name)).toEqual(['web-0']);
    expect(pods(workload('apps/v1', 'Deployment', `  replicas: 0\n  selector: {matchLabels: {app: web}}\n${template()}`))).toEqual([]);
  });

  it('StatefulSet: hostname = pod name, subdomain = serviceName, pod-name label', () => {
    const ps = pods(workload('apps/v1', 'StatefulSet', `  serviceName: web-hl\n  replicas: 2\n  selector: {matchLabels: {app: web}}\n${template()}`));
    expect(ps.map((p) => [p.name, p.hostname, p.subdomain, p.labels['statefulset.kubernetes.io/pod-name']])).toEqual([
      ['web-0', 'web-0', 'web-hl', 'web-0'],
      ['web-1', 'web-1', 'web-hl', 'web-1'],
    ]);
    expect(ps[0]!.owner).toEqual({ kind: 'StatefulSet', name: 'web' });
  });

  it('DaemonSet: one pod per node of the same input that matches the nodeSelector', () => {
    const nodes = ['a', 'b', 'c']
      .map((n, i) => `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${n}\n  labels: {pool: ${i < 2 ? 'edge' : 'core'}}\n`)
      .join('---\n');
    const ds = workload('apps/v1', 'DaemonSet', `  selector: {matchLabels: {app: web}}\n${template('app: web', '      nodeSelector: {pool: edge}\n')}`);
    const ps = pods(`${ds}---\n${nodes}`);
    expect(ps.map((p) => [p.name, p.node])).toEqual([
      ['web-a', 'a'],
      ['web-b', 'b'],
    ]);
  });

  it('DaemonSet without nodes in the input: one unplaced pod and a note', () => {
    const res = read(workload('apps/v1', 'DaemonSet', `  selector: {matchLabels: {app: web}}\n${template()}`));
    expect(specs(res, 'pod').map((p) => [p.name, p.node])).toEqual([['web-0', '']]);
    expect(res.diagnostics.some((d) => d.severity === 'note' && d.message.includes('no Node'))).toBe(true);
  });

  it('Job: min(parallelism, completions) pods with the job-name label; CronJob reads jobTemplate', () => {
    const job = pods(workload('batch/v1', 'Job', `  parallelism: 3\n  completions: 2\n${template()}`));
    expect(job.map((p) => [p.name, p.labels['job-name']])).toEqual([
      ['web-0', 'web'],
      ['web-1', 'web'],
    ]);
    const cron = pods(workload('batch/v1', 'CronJob', `  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n${template().replace(/^/gm, '    ').trimEnd()}\n`));
    expect(cron.map((p) => [p.name, p.owner?.kind])).toEqual([['web-0', 'CronJob']]);
  });

  it('ReplicationController: map selector, defaults to the template labels', () => {
    const ps = pods(workload('v1', 'ReplicationController', `  replicas: 2\n${template()}`));
    expect(ps.map((p) => p.owner)).toEqual([
      { kind: 'ReplicationController', name: 'web' },
      { kind: 'ReplicationController', name: 'web' },
    ]);
  });

  it('template nodeName and hostNetwork carry over', () => {
    const ps = pods(workload('apps/v1', 'Deployment', `  selector: {matchLabels: {app: web}}\n${template('app: web', '      nodeName: n2\n      hostNetwork: true\n')}`));
    expect(ps[0]).toMatchObject({ node: 'n2', hostNetwork: true });
  });

  it('rejects template labels that the selector does not match', () => {
    const e = theError(workload('apps/v1', 'Deployment', `  selector: {matchLabels: {app: api}}\n${template()}`));
    expect(e.message).toBe('spec.template.metadata.labels: the template labels do not match spec.selector');
  });

  it('bounds the number of pods', () => {
    const e = theError(workload('apps/v1', 'Deployment', `  replicas: ${MAX_REPLICAS + 1}\n  selector: {matchLabels: {app: web}}\n${template()}`));
    expect(e.message).toBe(`spec.replicas: netscn expands at most ${MAX_REPLICAS} pods per workload, found ${MAX_REPLICAS + 1}`);
  });

  it('a pod named like a workload pod is a duplicate', () => {
    const bare = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-0\n  namespace: shop\nspec:\n  containers: [{name: c}]\n';
    const res = read(`${workload('apps/v1', 'Deployment', `  selector: {matchLabels: {app: web}}\n${template()}`)}---\n${bare}`);
    expect(errors(res).map((e) => e.message)).toEqual(['Pod shop/web-0 is declared twice']);
  });
});

describe('placePods', () => {
  const pod = (name: string, node = ''): PodSpec => ({
    name,
    namespace: 'default',
    node,
    labels: {},
    ports: [],
    hostNetwork: false,
    ready: true,
    terminating: false,
    dnsPolicy: 'ClusterFirst',
    generation: 0,
  });

  it('assigns unplaced pods round-robin in declaration order and keeps placed ones', () => {
    const placed = placePods([pod('a'), pod('b', 'n9'), pod('c'), pod('d')], ['n1', 'n2']);
    expect(placed.map((p) => [p.name, p.node])).toEqual([
      ['a', 'n1'],
      ['b', 'n9'],
      ['c', 'n2'],
      ['d', 'n1'],
    ]);
  });

  it('is deterministic and does not change its input', () => {
    const input = [pod('a'), pod('b')];
    expect(placePods(input, ['x'])).toEqual(placePods(input, ['x']));
    expect(input.map((p) => p.node)).toEqual(['', '']);
  });

  it('leaves pods unplaced when there is no node', () => {
    expect(placePods([pod('a')], []).map((p) => p.node)).toEqual(['']);
  });
});

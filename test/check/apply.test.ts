import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import type { Change } from '../../src/spec/objects.js';
import { applyChange } from '../../src/spec/apply.js';
import type { ClusterSpec } from '../../src/spec/types.js';

const span = { file: 'f', start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

function cluster(): ClusterSpec {
  const r = parseAndCheck(
    'cluster c {\n  node n1 ip 10.0.0.1\n  namespace shop\n  pod a in shop on n1 labels app=a,tier=x ip 10.244.0.9\n  pod b on n1\n  service s in shop selector app=a port 80\n  security-group sg allow tcp 22 from 10.0.0.0/8\n}\n',
    'f',
  );
  if (!r.scenario) throw new Error(JSON.stringify(r.diagnostics));
  return r.scenario.cluster;
}

describe('applyChange', () => {
  it('is pure: the input spec is unchanged', () => {
    const before = cluster();
    const copy = JSON.parse(JSON.stringify(before));
    applyChange(before, { kind: 'remove', objectKind: 'pod', namespace: 'shop', name: 'a', span });
    expect(JSON.parse(JSON.stringify(before))).toEqual(copy);
  });

  it('upserts: replaces the object with the same kind, namespace and name, or appends', () => {
    const c = cluster();
    const pod = c.pods[0];
    if (!pod) throw new Error('no pod');
    const replaced = applyChange(c, { kind: 'upsert', object: { kind: 'pod', spec: { ...pod, node: 'n2' } }, span });
    expect(replaced.pods.map((p) => `${p.namespace}/${p.name}@${p.node}`)).toEqual(['shop/a@n2', 'default/b@n1']);
    const added = applyChange(c, { kind: 'upsert', object: { kind: 'pod', spec: { ...pod, namespace: 'other' } }, span });
    expect(added.pods).toHaveLength(3);
  });

  it('removing a namespace removes everything in it', () => {
    const c = applyChange(cluster(), { kind: 'remove', objectKind: 'namespace', name: 'shop', span });
    expect(c.pods.map((p) => p.name)).toEqual(['b']);
    expect(c.services).toEqual([]);
  });

  it('relabels: sets, overwrites and unsets keys', () => {
    const c = applyChange(cluster(), { kind: 'relabel', objectKind: 'pod', namespace: 'shop', name: 'a', set: { app: 'z', new: 'y' }, unset: ['tier'], span });
    expect(c.pods[0]?.labels).toEqual({ app: 'z', new: 'y' });
  });

  it('recreate makes a new pod object (new generation, no pinned IP); ready/not-ready/terminate set conditions', () => {
    const step = (c: ClusterSpec, action: Extract<Change, { kind: 'pod-lifecycle' }>['action']) => applyChange(c, { kind: 'pod-lifecycle', action, namespace: 'shop', name: 'a', span });
    const re = step(cluster(), 'recreate').pods[0];
    expect(re?.generation).toBe(2);
    expect(re?.ip).toBeUndefined();
    expect(step(cluster(), 'restart').pods[0]?.ip).toBe('10.244.0.9');
    expect(step(cluster(), 'not-ready').pods[0]?.ready).toBe(false);
    expect(step(step(cluster(), 'not-ready'), 'ready').pods[0]?.ready).toBe(true);
    expect(step(cluster(), 'terminate').pods[0]).toMatchObject({ terminating: true, ready: false });
  });

  it('adds and removes security-group rules, creating the group when needed', () => {
    const rule = { direction: 'ingress' as const, protocol: 'TCP' as const, ports: [22, 22] as const, cidr: '10.0.0.0/8' };
    const removed = applyChange(cluster(), { kind: 'sg-rule', group: 'sg', rule, remove: true, span });
    expect(removed.securityGroups[0]?.rules).toEqual([]);
    const created = applyChange(cluster(), { kind: 'sg-rule', group: 'new', rule, remove: false, span });
    expect(created.securityGroups.map((g) => [g.name, g.rules.length])).toEqual([['sg', 1], ['new', 1]]);
    const attached = applyChange(cluster(), { kind: 'sg-attach', group: 'sg', pools: ['p'], nodes: ['n1'], span });
    expect(attached.securityGroups[0]).toMatchObject({ pools: ['p'], nodes: ['n1'] });
  });
});

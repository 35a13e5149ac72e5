/**
 * The one apiVersion rule (src/manifests/api-version-rule.ts): a kind under a group that does not
 * serve it is read as the kind with a located warning and the apiVersion meant; a group defining
 * another kind of the name is skipped; a version of the kind's group no API server serves is an
 * error, or a warning for analyses (lenientVersions).
 */
import { describe, expect, it } from 'vitest';
import { objectsFromSources } from '../../src/manifests/index.js';
import { versionVerdict } from '../../src/manifests/api-version-rule.js';
import { errors, read, specs } from './helpers.js';

const pod = (apiVersion: string): string => `apiVersion: ${apiVersion}\nkind: Pod\nmetadata:\n  name: app\n  namespace: green\nspec:\n  containers: [{name: c}]\n`;

describe('a kind under a group that does not serve it', () => {
  it('is read as the kind, with a warning at the apiVersion naming the version meant', () => {
    const res = read(pod('apps/v1'));
    expect(specs(res, 'pod').map((p) => `${p.namespace}/${p.name}`)).toEqual(['green/app']);
    expect(res.diagnostics).toEqual([
      {
        code: 'NS2150',
        severity: 'warning',
        message: 'Pod is not served in apps/v1; read as Pod of v1',
        span: expect.objectContaining({ start: expect.objectContaining({ line: 1, column: 13 }) }),
        label: 'no API server serves Pod in this group',
        notes: ['an API server refuses it: no matches for kind "Pod" in version "apps/v1"'],
        help: 'did you mean `apiVersion: v1`?',
      },
    ]);
  });

  it('is read the same by analyses (lenientVersions)', () => {
    const res = objectsFromSources([{ text: pod('apps/v1'), file: 'p.yaml' }], { lenientVersions: true });
    expect(specs(res, 'pod')).toHaveLength(1);
    expect(res.diagnostics.map((d) => [d.code, d.severity])).toEqual([['NS2150', 'warning']]);
  });

  it('names the served group a misspelt one is one edit from, keeping its version when served', () => {
    const nad = read('apiVersion: k8s.cni.cnf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: flat, namespace: default}\nspec: {config: \'{"cniVersion": "0.3.1", "type": "macvlan"}\'}\n');
    expect(specs(nad, 'network-attachment-definition')).toHaveLength(1);
    expect(nad.diagnostics).toMatchObject([{ code: 'NS2150', label: 'one edit from `k8s.cni.cncf.io`', help: 'did you mean `apiVersion: k8s.cni.cncf.io/v1`?' }]);
    const mnp = (v: string) => `apiVersion: k8s.cni.cncf.ioo/${v}\nkind: MultiNetworkPolicy\nmetadata: {name: p, namespace: default, annotations: {k8s.v1.cni.cncf.io/policy-for: flat}}\nspec: {podSelector: {}}\n`;
    expect(read(mnp('v1beta2')).diagnostics.map((d) => d.help)).toEqual(['did you mean `apiVersion: k8s.cni.cncf.io/v1beta2`?']);
    // v1 is not a version MultiNetworkPolicy is served in: the first served one is meant.
    expect(read(mnp('v1')).diagnostics.map((d) => d.help)).toEqual(['did you mean `apiVersion: k8s.cni.cncf.io/v1beta1`?']);
  });

  it('reads a group far from the right one too (nmstate.io for a UserDefinedNetwork)', () => {
    const res = read('apiVersion: nmstate.io/v1\nkind: UserDefinedNetwork\nmetadata: {name: u, namespace: green}\nspec: {topology: Layer2, layer2: {role: Primary, subnets: [203.203.0.0/16]}}\n');
    expect(specs(res, 'user-defined-network')).toHaveLength(1);
    expect(res.diagnostics).toMatchObject([
      { code: 'NS2150', message: 'UserDefinedNetwork is not served in nmstate.io/v1; read as UserDefinedNetwork of k8s.ovn.org/v1', help: 'did you mean `apiVersion: k8s.ovn.org/v1`?' },
    ]);
  });

  it('applies to the items of a typed List, from the List\'s apiVersion', () => {
    const res = read('apiVersion: apps/v1\nkind: PodList\nitems:\n- metadata: {name: a, namespace: default}\n  spec: {containers: [{name: c}]}\n');
    expect(specs(res, 'pod')).toHaveLength(1);
    expect(res.diagnostics.map((d) => [d.code, d.span.start.line])).toEqual([['NS2150', 4]]);
  });
});

describe('a group that defines another kind of the name', () => {
  it('is that other kind: skipped with a note saying which', () => {
    const res = read('apiVersion: serving.knative.dev/v1\nkind: Service\nmetadata: {name: s, namespace: default}\nspec: {template: {spec: {containers: [{image: x}]}}}\n');
    expect(res.objects).toEqual([]);
    expect(res.diagnostics).toMatchObject([
      { code: 'NS9101', severity: 'warning', message: 'kind Service of serving.knative.dev/v1 is not simulated; skipped', notes: [expect.stringContaining("Knative Serving's Service"), 'netscn reads Service from v1'] },
    ]);
  });
});

describe('a version of the kind\'s group that no API server serves', () => {
  it('is refused as the API server refuses it, with the version meant', () => {
    const res = read(pod('v2'));
    expect(res.objects).toEqual([]);
    expect(errors(res)).toMatchObject([{ code: 'NS2106', message: 'no matches for kind "Pod" in version "v2"', help: 'did you mean `apiVersion: v1`?' }]);
  });

  it('is read with a warning by analyses (lenientVersions)', () => {
    const res = objectsFromSources([{ text: pod('v2'), file: 'p.yaml' }], { lenientVersions: true });
    expect(specs(res, 'pod')).toHaveLength(1);
    expect(res.diagnostics).toMatchObject([
      { code: 'NS2150', severity: 'warning', message: 'Pod is not served in v2; read as Pod of v1', label: 'no API server serves this version', help: 'did you mean `apiVersion: v1`?' },
    ]);
  });
});

describe('versionVerdict', () => {
  const versions = { served: ['k8s.cni.cncf.io/v1'] };
  it('tells each case apart', () => {
    expect(versionVerdict('NetworkAttachmentDefinition', versions, 'k8s.cni.cncf.io/v1')).toEqual({ kind: 'served' });
    expect(versionVerdict('NetworkAttachmentDefinition', versions, undefined)).toEqual({ kind: 'missing' });
    expect(versionVerdict('NetworkAttachmentDefinition', versions, 'k8s.cni.cncf.io/v2')).toEqual({ kind: 'unserved-version' });
    expect(versionVerdict('NetworkAttachmentDefinition', versions, 'k8s.cni.cnf.io/v1')).toEqual({ kind: 'foreign-group', misspeltOf: 'k8s.cni.cncf.io' });
    expect(versionVerdict('NetworkAttachmentDefinition', versions, 'example.com/v1')).toEqual({ kind: 'foreign-group' });
    expect(versionVerdict('Deployment', { served: ['apps/v1'], removed: { 'apps/v1beta1': '1.16' } }, 'apps/v1beta1')).toEqual({ kind: 'removed', release: '1.16' });
    // The core group is never one edit from another: `v1` has no group to misspell.
    expect(versionVerdict('Pod', { served: ['v1'] }, 'a/v1')).toEqual({ kind: 'foreign-group' });
  });
});

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_DOCUMENTS, MAX_TEXT_LENGTH, objectsFromSources, objectsFromYaml } from '../../src/manifests/index.js';
import { MAX_MANIFEST_PODS } from '../../src/manifests/sources.js';
import { errors, read, specs } from './helpers.js';

const fixture = (name: string) => readFileSync(fileURLToPath(new URL(`../fixtures/manifests/${name}`, import.meta.url)), 'utf8');

describe('documents', () => {
  it('reads a multi-document file in declaration order', () => {
    const res = read(fixture('shop.yaml'), 'shop.yaml');
    expect(errors(res)).toEqual([]);
    expect(res.objects.map((o) => `${o.kind} ${o.spec.name}`)).toEqual([
      'namespace shop',
      'node n1',
      'node n2',
      'pod web-0',
      'pod web-1',
      'service web',
      'network-policy web-from-client',
    ]);
    const [n1, n2] = specs(res, 'node');
    expect(n1).toMatchObject({ zone: 'zone-a', podCidr: '10.244.1.0/24', ready: true });
    expect(n1!.addresses.filter((a) => a.primary).map((a) => a.ip)).toEqual(['192.168.0.11']);
    expect(n2!.ready).toBe(false);
    expect(specs(res, 'service')[0]!.ports[0]!.targetPort).toBe('http');
    expect(specs(res, 'network-policy')[0]!.ingress[0]!.ports).toEqual([{ protocol: 'TCP', port: 'http' }]);
  });

  it('reads kind: List items and warns about the kinds it skips', () => {
    const res = read(fixture('list.yaml'), 'list.yaml');
    expect(res.objects.map((o) => `${o.kind} ${o.spec.name}`)).toEqual(['namespace a', 'pod p']);
    const w = res.diagnostics.filter((d) => d.severity === 'warning');
    expect(w.map((d) => [d.code, d.message, d.span.start.line])).toEqual([['NS9101', 'kind ConfigMap is not simulated; skipped', 9]]);
  });

  it('reads JSON (tab-indented), and typed lists whose items carry no kind', () => {
    const res = read(fixture('pods.json'), 'pods.json');
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'pod')).toMatchObject([
      { name: 'api', namespace: 'shop', node: 'n1', ip: '10.244.1.7', labels: { app: 'api' }, ports: [{ name: 'grpc', containerPort: 9090, protocol: 'TCP' }] },
    ]);
  });

  it('skips empty documents', () => {
    expect(read('---\n---\n# only a comment\n').diagnostics).toEqual([]);
    expect(read('').objects).toEqual([]);
  });

  it('planned kinds get their own code and a note that support is planned', () => {
    for (const kind of ['GatewayClass']) {
      const res = read(`apiVersion: x/v1\nkind: ${kind}\nmetadata:\n  name: a\n`);
      expect(res.diagnostics).toMatchObject([
        { code: 'NS9102', severity: 'warning', message: `kind ${kind} is not simulated yet; skipped`, notes: [`support for ${kind} is planned`] },
      ]);
    }
  });

  it('kind is matched exactly: a case slip is an error with a suggestion', () => {
    const res = read('apiVersion: v1\nkind: pod\nmetadata:\n  name: a\n');
    expect(errors(res)).toMatchObject([{ code: 'NS1101', message: 'kind pod is not a Kubernetes kind', help: 'did you mean `Pod`?' }]);
  });

  it('apiVersion is matched as the API server matches it; another group is another kind, skipped', () => {
    // Calico's CRD storage group (crd.projectcalico.org) is not its API (projectcalico.org/v3, read as Calico's NetworkPolicy).
    const calico = read('apiVersion: crd.projectcalico.org/v1\nkind: NetworkPolicy\nmetadata:\n  name: a\nspec:\n  selector: all()\n');
    expect(calico.objects).toEqual([]);
    expect(calico.diagnostics[0]).toMatchObject({ severity: 'warning', message: 'kind NetworkPolicy of crd.projectcalico.org/v1 is not simulated; skipped' });
    const gateway = read('apiVersion: gateway.networking.k8s.io/v1beta1\nkind: Gateway\nmetadata:\n  name: g\nspec:\n  gatewayClassName: c\n  listeners: [{name: http, port: 80, protocol: HTTP}]\n');
    expect(gateway.diagnostics).toEqual([]);
  });

  it('a version no API server serves is refused, as the API server refuses it', () => {
    const pod = read('apiVersion: v999\nkind: Pod\nmetadata:\n  name: a\nspec:\n  containers: [{name: c}]\n');
    expect(pod.objects).toEqual([]);
    expect(pod.diagnostics).toMatchObject([{ code: 'NS2106', severity: 'error', message: 'no matches for kind "Pod" in version "v999"', expected: '`v1`', span: { start: { line: 1, column: 13 } } }]);
    // NetworkPolicy was never served in networking.k8s.io/v1beta1 (only Ingress and IngressClass were).
    const beta = read('apiVersion: networking.k8s.io/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: a\nspec:\n  podSelector: {}\n');
    expect(beta.objects).toEqual([]);
    expect(errors(beta).map((d) => d.message)).toEqual(['no matches for kind "NetworkPolicy" in version "networking.k8s.io/v1beta1"']);
  });

  it('a removed version is refused with the release that removed it, or read with a warning by analyses', () => {
    const text = 'apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata:\n  name: a\nspec:\n  podSelector: {}\n';
    const strict = read(text);
    expect(strict.objects).toEqual([]);
    expect(strict.diagnostics).toMatchObject([
      {
        code: 'NS2106',
        severity: 'error',
        message: 'no matches for kind "NetworkPolicy" in version "extensions/v1beta1"',
        notes: ['Kubernetes 1.16 stopped serving NetworkPolicy in extensions/v1beta1: an API server refuses it'],
        help: 'write `apiVersion: networking.k8s.io/v1`',
      },
    ]);
    const lenient = objectsFromSources([{ text, file: 'm.yaml' }], { lenientVersions: true });
    expect(specs(lenient, 'network-policy')).toHaveLength(1);
    expect(lenient.diagnostics).toMatchObject([{ severity: 'warning', message: 'NetworkPolicy in version "extensions/v1beta1" was removed in Kubernetes 1.16; read as networking.k8s.io/v1' }]);
    expect(errors(read('apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: a\n')).map((d) => d.notes)).toEqual([['Kubernetes 1.25 stopped serving CronJob in batch/v1beta1: an API server refuses it']]);
  });

  it('a missing apiVersion is a warning, the object is still read', () => {
    const res = read('kind: Namespace\nmetadata:\n  name: a\n');
    expect(specs(res, 'namespace')).toHaveLength(1);
    expect(res.diagnostics[0]).toMatchObject({ code: 'NS2106', severity: 'warning', message: 'apiVersion: missing; read as v1' });
  });

  it('a document that is not an object is an error', () => {
    expect(errors(read('a\n'))[0]?.message).toBe('document: expected a Kubernetes object (a mapping with apiVersion and kind)');
    // A sequence is calicoctl's list of resources: each item must be an object.
    expect(errors(read('- a\n- b\n')).map((d) => d.message)).toEqual(['[0]: expected a Kubernetes object (a mapping with apiVersion and kind)', '[1]: expected a Kubernetes object (a mapping with apiVersion and kind)']);
    expect(errors(read('metadata:\n  name: a\n'))[0]?.message).toBe('document: not a Kubernetes object: `kind` is missing');
  });

  it("reads a sequence of resources as calicoctl does (the JSON array `calicoctl get` writes for several kinds), Lists among them", () => {
    const res = read(
      '[{"apiVersion": "projectcalico.org/v3", "kind": "HostEndpointList", "items": [{"apiVersion": "projectcalico.org/v3", "kind": "HostEndpoint", "metadata": {"name": "h1"}, "spec": {"node": "n1", "interfaceName": "eth1"}}]},\n' +
        ' {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkSet", "metadata": {"name": "s", "labels": {"a": "b"}}, "spec": {"nets": ["198.51.100.0/24"]}}]\n',
    );
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'calico-host-endpoint').map((h) => h.name)).toEqual(['h1']);
    expect(specs(res, 'calico-global-network-set').map((s) => s.name)).toEqual(['s']);
  });

  it('supports `<<` merge keys', () => {
    const res = read(
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n  - &p {name: http, port: 80}\n  - <<: *p\n    name: https\n    port: 443\n',
    );
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'service')[0]!.ports.map((p) => `${p.name}:${p.port}`)).toEqual(['http:80', 'https:443']);
  });

  it('runs no custom tag: an unknown tag is a warning and the value stays a string', () => {
    const res = read('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: !js/function a\n');
    expect(specs(res, 'namespace')[0]?.name).toBe('a');
    expect(res.diagnostics.map((d) => d.code)).toEqual(['NS0102']);
  });
});

describe('positions', () => {
  it('a YAML syntax error points at its line and column', () => {
    const res = read('apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  name: b\n', 'bad.yaml');
    expect(errors(res)).toMatchObject([
      { code: 'NS0101', message: 'YAML: Map keys must be unique', span: { file: 'bad.yaml', start: { line: 5, column: 3 } } },
    ]);
  });

  it('with an origin, spans point into the enclosing file', () => {
    // The YAML starts on line 10 of scenario.netscn, at offset 200; its own line 3, column 11 is line 12 there.
    const text = 'apiVersion: v1\nkind: Service\nmetadata: {name: "x_y"}\nspec:\n  ports: [{port: 80}]\n';
    const res = objectsFromYaml(text, 'scenario.netscn', { offset: 200, line: 10, column: 1 });
    const e = errors(res)[0]!;
    expect(e.message).toMatch(/^metadata\.name: expected a DNS label/);
    expect(e.span).toMatchObject({ file: 'scenario.netscn', start: { line: 12, column: 18, offset: 200 + text.indexOf('"x_y"') } });
  });

  it('an origin column shifts only the first line', () => {
    const text = 'kind: Pod\napiVersion: v1\nmetadata: 5\n';
    const res = objectsFromYaml(text, 'f', { offset: 40, line: 3, column: 9 });
    const e = errors(res).find((d) => d.message.startsWith('metadata:'))!;
    expect(e.message).toBe('metadata: expected a mapping, found 5');
    expect(e.span.start).toMatchObject({ line: 5, column: 11 });
    const first = objectsFromYaml('kind: 7\n', 'f', { offset: 40, line: 3, column: 9 });
    expect(errors(first)[0]!.span.start).toMatchObject({ line: 3, column: 15 });
  });
});

describe('untrusted input', () => {
  it('bounds alias expansion (billion laughs)', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const cur = String.fromCharCode(97 + i);
      levels.push(`${cur}: &${cur} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const res = read(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n${levels.map((l) => `  ${l}`).join('\n')}\n`);
    expect(res.objects).toEqual([]);
    expect(errors(res).map((e) => e.code)).toEqual(['NS0104']);
  });

  it('refuses text over the size bound', () => {
    const res = read(`# ${'x'.repeat(MAX_TEXT_LENGTH)}\n`);
    expect(errors(res)).toMatchObject([{ code: 'NS0103' }]);
  });

  it('refuses more documents than the bound', () => {
    const res = read('---\na: 1\n'.repeat(MAX_DOCUMENTS + 1));
    expect(errors(res)).toMatchObject([{ code: 'NS0103' }]);
  });

  it('never throws, whatever the text', () => {
    const yamlish = fc.array(
      fc.constantFrom('apiVersion: v1\n', 'kind: Pod\n', 'kind: Service\n', 'metadata:\n', '  name: a\n', 'spec:\n', '  ports:\n', '  - port: 80\n', '- ', '&a ', '*a\n', '{', '}', '[', ']', '"', ':', '\n', '  ', '---\n', 'x'),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.string(), yamlish.map((p) => p.join(''))), (text) => {
        const res = objectsFromYaml(text, 'fuzz.yaml');
        expect(Array.isArray(res.diagnostics)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('lenient names (connlist over existing manifests)', () => {
  const policy = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: allow_all}\nspec: {podSelector: {}}\n';
  it('an invalid name is an error and drops the object by default', () => {
    const r = objectsFromSources([{ text: policy, file: 'p.yaml' }]);
    expect(r.objects).toEqual([]);
    expect(r.diagnostics.map((d) => d.severity)).toEqual(['error']);
  });
  it('is a warning and keeps the object when names are read leniently', () => {
    const r = objectsFromSources([{ text: policy, file: 'p.yaml' }], { lenientNames: true });
    expect(r.objects.map((o) => o.spec.name)).toEqual(['allow_all']);
    expect(r.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual([
      'warning: metadata.name: "allow_all" is not a DNS subdomain name (lowercase a-z, 0-9, - and ., at most 253 characters); the API server would reject it, read as written',
    ]);
  });
});

describe('bounded work', () => {
  it('reads at most MAX_MANIFEST_PODS pods from one input, with an error saying so', () => {
    const deployment = (i: number) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d${i}}\nspec:\n  replicas: 1000\n  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: x}}\n    spec: {containers: [{name: c}]}\n`;
    const text = Array.from({ length: 21 }, (_, i) => deployment(i)).join('---\n');
    const r = objectsFromYaml(text, 'big.yaml');
    expect(r.objects.filter((o) => o.kind === 'pod')).toHaveLength(MAX_MANIFEST_PODS);
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([`the manifests make 21000 pods; netscn reads at most ${MAX_MANIFEST_PODS} from one input`]);
  });
});

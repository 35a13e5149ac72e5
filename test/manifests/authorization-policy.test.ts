/** Istio AuthorizationPolicy manifests (security.istio.io/v1, v1beta1): reading and validation. */
import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

const head = (spec: string, api = 'security.istio.io/v1') => `apiVersion: ${api}\nkind: AuthorizationPolicy\nmetadata: {name: p, namespace: foo}\n${spec}`;

describe('AuthorizationPolicy manifests', () => {
  it('read selector, action, sources, operations and conditions, with not-forms and numeric ports', () => {
    const p = one(
      head(`spec:
  selector: {matchLabels: {app: httpbin}}
  action: DENY
  rules:
  - from:
    - source: {principals: ["cluster.local/ns/default/sa/sleep"], notNamespaces: [prod]}
    - source: {ipBlocks: ["10.0.0.0/8", "1.2.3.4"]}
    to:
    - operation: {methods: [GET], paths: ["/admin*"], ports: ["8080", 9090]}
    when:
    - {key: "request.headers[version]", values: [v1, v2]}
    - {key: destination.port, notValues: ["22"]}`),
      'authorization-policy',
    );
    expect(p).toMatchObject({ name: 'p', namespace: 'foo', selector: { app: 'httpbin' }, action: 'DENY' });
    expect(p.rules).toEqual([
      {
        from: [
          { principals: { values: ['cluster.local/ns/default/sa/sleep'], notValues: [] }, namespaces: { values: [], notValues: ['prod'] } },
          { ipBlocks: { values: ['10.0.0.0/8', '1.2.3.4'], notValues: [] } },
        ],
        to: [{ methods: { values: ['GET'], notValues: [] }, paths: { values: ['/admin*'], notValues: [] }, ports: { values: ['8080', '9090'], notValues: [] } }],
        when: [
          { key: 'request.headers[version]', match: { values: ['v1', 'v2'], notValues: [] } },
          { key: 'destination.port', match: { values: [], notValues: ['22'] } },
        ],
      },
    ]);
  });

  it('default the action to ALLOW; no rules (allow-nothing) and v1beta1 are read', () => {
    const p = one(head('spec: {}', 'security.istio.io/v1beta1'), 'authorization-policy');
    expect(p.action).toBe('ALLOW');
    expect(p.rules).toEqual([]);
    expect(p.selector).toBeUndefined();
    expect(one(head('spec:\n  rules: [{}]'), 'authorization-policy').rules).toEqual([{ from: [], to: [], when: [] }]);
  });

  it('refuse unknown fields with a did-you-mean, bad ports and ipBlocks, unknown condition keys, empty sources', () => {
    const e = theError(head('spec:\n  rules:\n  - from: [{source: {principles: [a]}}]'));
    expect(e.message).toContain('unknown field "principles"');
    expect(e.help).toBe('did you mean `principals`?');
    expect(theError(head('spec:\n  rules:\n  - to: [{operation: {ports: ["http"]}}]')).message).toContain('expected a port number 0-65535, found "http"');
    expect(theError(head('spec:\n  rules:\n  - from: [{source: {ipBlocks: ["10.0.0.0/33"]}}]')).message).toContain('expected an IP address or CIDR');
    const k = theError(head('spec:\n  rules:\n  - when: [{key: source.namespaces, values: [a]}]'));
    expect(k.message).toContain('unknown attribute "source.namespaces"');
    expect(k.help).toBe('did you mean `source.namespace`?');
    expect(theError(head('spec:\n  rules:\n  - from: [{source: {namespaces: []}}]')).message).toContain('must not be empty');
    expect(theError(head('spec:\n  rules:\n  - when: [{key: source.ip}]')).message).toContain('a condition needs `values` or `notValues`');
    expect(theError(head('spec:\n  action: deny')).help).toBe('did you mean `DENY`?');
  });

  it('skip CUSTOM and targetRef policies with a warning', () => {
    for (const spec of ['spec:\n  action: CUSTOM\n  provider: {name: ext}\n  rules: [{}]', 'spec:\n  targetRefs: [{kind: Gateway, group: gateway.networking.k8s.io, name: gw}]']) {
      const r = read(head(spec));
      expect(errors(r)).toEqual([]);
      expect(specs(r, 'authorization-policy')).toEqual([]);
      expect(r.diagnostics.map((d) => d.severity)).toEqual(['warning']);
    }
  });

  it('read a pod\'s service account and its sidecar.istio.io/inject annotation, also from a workload template', () => {
    const pod = one('apiVersion: v1\nkind: Pod\nmetadata: {name: a, annotations: {sidecar.istio.io/inject: "false"}}\nspec: {serviceAccountName: sa1, containers: [{name: c}]}', 'pod');
    expect(pod).toMatchObject({ serviceAccount: 'sa1', sidecarInject: 'false' });
    const r = read(
      'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}, annotations: {sidecar.istio.io/inject: "true"}}\n    spec: {serviceAccount: sa2, containers: [{name: c}]}',
    );
    expect(specs(r, 'pod')[0]).toMatchObject({ serviceAccount: 'sa2', sidecarInject: 'true' });
  });
});

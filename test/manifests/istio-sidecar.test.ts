/** Istio Sidecar and ServiceEntry manifests (networking.istio.io/v1, v1beta1, v1alpha3): reading and validation. */
import { describe, expect, it } from 'vitest';
import { one, read, theError } from './helpers.js';

const sidecar = (spec: string, api = 'networking.istio.io/v1beta1') => `apiVersion: ${api}\nkind: Sidecar\nmetadata: {name: s, namespace: default}\n${spec}`;

describe('Sidecar manifests', () => {
  it('read the workload selector, egress listeners and outbound policy', () => {
    const s = one(
      sidecar('spec:\n  workloadSelector: {labels: {app: ratings}}\n  egress:\n  - hosts: ["./details.default.svc.cluster.local", "*/www.slack.com"]\n  - port: {number: 9080, protocol: HTTP, name: http}\n    hosts: ["istio-system/*"]\n  outboundTrafficPolicy: {mode: REGISTRY_ONLY}'),
      'istio-sidecar',
    );
    expect(s).toMatchObject({ workloadSelector: { app: 'ratings' }, outboundTrafficPolicy: 'REGISTRY_ONLY' });
    expect(s.egress).toEqual([{ hosts: ['./details.default.svc.cluster.local', '*/www.slack.com'] }, { port: 9080, hosts: ['istio-system/*'] }]);
    expect(one(sidecar('spec:\n  egress:\n  - hosts: ["~/*"]', 'networking.istio.io/v1alpha3'), 'istio-sidecar').outboundTrafficPolicy).toBeUndefined();
  });

  it('refuse a host without its namespace (with a did-you-mean), a listener without hosts, an unknown mode', () => {
    const host = theError(sidecar('spec:\n  egress:\n  - hosts: ["details.default.svc.cluster.local"]'));
    expect(host.message).toContain('expected namespace/dnsName');
    expect(host.help).toBe('did you mean `*/details.default.svc.cluster.local`?');
    expect(theError(sidecar('spec:\n  egress:\n  - port: {number: 80}')).message).toContain('hosts: required field is missing');
    expect(theError(sidecar('spec:\n  outboundTrafficPolicy: {mode: DENY}')).message).toContain('expected one of ALLOW_ANY, REGISTRY_ONLY');
  });
});

describe('ServiceEntry manifests', () => {
  it('read hosts, addresses and location; refuse an entry without hosts and a bad address', () => {
    const e = one('apiVersion: networking.istio.io/v1alpha3\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  hosts: [www.slack.com]\n  addresses: [203.0.113.0/24]\n  ports: [{name: https, number: 443, protocol: HTTPS}]\n  resolution: NONE', 'service-entry');
    expect(e).toEqual({ name: 'ext', namespace: 'default', hosts: ['www.slack.com'], addresses: ['203.0.113.0/24'], location: 'MESH_EXTERNAL', ports: [{ name: 'https', number: 443, protocol: 'HTTPS' }], resolution: 'NONE', span: e.span });
    expect(theError('apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  location: MESH_EXTERNAL').message).toContain('spec.hosts: required field is missing');
    expect(read('apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  hosts: [a.b]\n  addresses: [nope]').diagnostics.map((d) => d.message)).toContain('spec.addresses[0]: expected an IP address or CIDR, found "nope"');
  });

  it('read ports and resolution (default NONE); refuse a port without a number, a bad number and an unknown resolution', () => {
    const e = one('apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext, namespace: web}\nspec:\n  hosts: [api.example.com]\n  ports: [{number: 80, protocol: http}, {number: 8443, targetPort: 443}]\n  resolution: DNS', 'service-entry');
    expect(e).toMatchObject({ ports: [{ number: 80, protocol: 'HTTP' }, { number: 8443 }], resolution: 'DNS' });
    expect(one('apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  hosts: [a.b]', 'service-entry')).toMatchObject({ ports: [], resolution: 'NONE' });
    const messages = (spec: string): string[] => read(`apiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata: {name: ext}\nspec:\n  hosts: [a.b]\n${spec}`).diagnostics.map((d) => d.message);
    expect(messages('  ports: [{name: http}]')).toContain('spec.ports[0].number: required field is missing (expected a port number 1-65535)');
    expect(messages('  ports: [{number: 70000}]').join('\n')).toContain('spec.ports[0].number');
    expect(messages('  ports: [{number: 80, nubmer: 81}]').join('\n')).toContain('unknown field "nubmer"');
    expect(messages('  resolution: DSN').join('\n')).toContain('spec.resolution');
  });
});

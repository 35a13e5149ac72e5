import { describe, expect, it } from 'vitest';
import { one, read, errors, specs, theError } from './helpers.js';

describe('EndpointSlice', () => {
  const slice = (body: string, labels = '    kubernetes.io/service-name: db\n') =>
    `apiVersion: discovery.k8s.io/v1\nkind: EndpointSlice\nmetadata:\n  name: db-1\n  namespace: data\n  labels:\n${labels}${body}`;

  it('maps ports, endpoints and their fields', () => {
    const s = one(
      slice(
        'addressType: IPv4\nports:\n- {name: pg, port: 5432}\nendpoints:\n' +
          '- addresses: [10.1.0.5]\n  conditions: {ready: false, serving: true, terminating: true}\n  nodeName: n1\n  zone: z1\n  hostname: db-0\n' +
          '  hints: {forZones: [{name: z1}], forNodes: [{name: n1}]}\n  targetRef: {kind: Pod, name: db-0}\n',
      ),
      'endpoint-slice',
    );
    expect(s).toMatchObject({ name: 'db-1', namespace: 'data', service: 'db', addressType: 'IPv4', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] });
    expect(s.endpoints).toEqual([
      {
        addresses: ['10.1.0.5'],
        ready: false,
        serving: true,
        terminating: true,
        nodeName: 'n1',
        zone: 'z1',
        hostname: 'db-0',
        hintsForZones: ['z1'],
        hintsForNodes: ['n1'],
        targetPod: { namespace: 'data', name: 'db-0' },
      },
    ]);
  });

  it('leaves absent conditions undefined (nil semantics are the consumer’s)', () => {
    const s = one(slice('addressType: IPv4\nports: [{port: 5432}]\nendpoints:\n- addresses: [10.1.0.5]\n'), 'endpoint-slice');
    const ep = s.endpoints[0]!;
    expect(ep.ready).toBeUndefined();
    expect(ep.serving).toBeUndefined();
    expect(ep.terminating).toBeUndefined();
  });

  it('requires the kubernetes.io/service-name label', () => {
    const e = theError(slice('addressType: IPv4\nendpoints: []\n', '    app: db\n'));
    expect(e.message).toBe('EndpointSlice db-1 has no kubernetes.io/service-name label; it belongs to no Service');
  });

  it('rejects an address of the wrong family', () => {
    const e = theError(slice('addressType: IPv6\nendpoints:\n- addresses: [10.1.0.5]\n'));
    expect(e.message).toBe('endpoints[0].addresses[0]: expected an IPv6 address (addressType is IPv6), found "10.1.0.5"');
  });
});

describe('Endpoints (mirrored into EndpointSlices)', () => {
  const endpoints =
    'apiVersion: v1\nkind: Endpoints\nmetadata:\n  name: legacy\n  namespace: data\nsubsets:\n' +
    '- addresses:\n  - {ip: 10.0.0.1, nodeName: n1, hostname: a}\n  - ip: "fd00::1"\n  notReadyAddresses:\n  - ip: 10.0.0.2\n' +
    '  ports:\n  - {name: pg, port: 5432}\n';

  it('makes one slice per subset and family; addresses are ready, notReadyAddresses are not', () => {
    const res = read(endpoints);
    expect(errors(res)).toEqual([]);
    const slices = specs(res, 'endpoint-slice');
    expect(slices.map((s) => [s.name, s.service, s.addressType])).toEqual([
      ['legacy-0', 'legacy', 'IPv4'],
      ['legacy-1', 'legacy', 'IPv6'],
    ]);
    expect(slices[0]!.ports).toEqual([{ name: 'pg', port: 5432, protocol: 'TCP' }]);
    expect(slices[0]!.endpoints).toEqual([
      { addresses: ['10.0.0.1'], ready: true, nodeName: 'n1', hostname: 'a' },
      { addresses: ['10.0.0.2'], ready: false },
    ]);
    expect(slices[1]!.endpoints).toEqual([{ addresses: ['fd00::1'], ready: true }]);
  });

  it('is not mirrored when its Service has a selector', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: legacy\n  namespace: data\nspec:\n  selector: {app: db}\n  ports: [{port: 5432}]\n';
    const res = read(`${svc}---\n${endpoints}`);
    expect(specs(res, 'endpoint-slice')).toEqual([]);
    expect(res.diagnostics.some((d) => d.severity === 'warning' && d.message.includes('Service legacy has a selector'))).toBe(true);
  });

  it('is not mirrored when labelled skip-mirror', () => {
    const res = read(endpoints.replace('  namespace: data\n', '  namespace: data\n  labels: {endpointslice.kubernetes.io/skip-mirror: "true"}\n'));
    expect(specs(res, 'endpoint-slice')).toEqual([]);
  });
});

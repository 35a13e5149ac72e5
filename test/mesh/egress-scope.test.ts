/** Istio Sidecar egress semantics (src/mesh/egress-scope.ts), from the examples of Istio's Sidecar reference page. */
import { describe, expect, it } from 'vitest';
import { applyingSidecars, egressVerdict, importsHost, outboundPolicy, serviceHost } from '../../src/mesh/egress-scope.js';
import type { SidecarSpec } from '../../src/spec/istio-sidecar.js';

const sc = (namespace: string, name: string, hosts: string[], extra: Partial<SidecarSpec> = {}): SidecarSpec => ({ name, namespace, egress: [{ hosts }], ...extra });
const details = serviceHost('default', 'details');

describe('egress host patterns', () => {
  it('match namespace/dnsName with ".", "*", "~" and wildcards', () => {
    expect(importsHost('./details.default.svc.cluster.local', 'default', details)).toBe(true);
    expect(importsHost('./details.default.svc.cluster.local', 'other', details)).toBe(false);
    expect(importsHost('*/details.default.svc.cluster.local', 'other', details)).toBe(true);
    expect(importsHost('default/*', 'other', details)).toBe(true);
    expect(importsHost('*/*.svc.cluster.local', 'x', details)).toBe(true);
    expect(importsHost('~/*', 'default', details)).toBe(false);
    expect(importsHost('istio-system/*', 'default', details)).toBe(false);
    expect(importsHost('*/en.wikipedia.org', 'default', { namespace: 'default', host: '*.wikipedia.org', from: 'ServiceEntry default/w' })).toBe(false);
    expect(importsHost('*/*.wikipedia.org', 'default', { namespace: 'default', host: 'en.wikipedia.org', from: 'ServiceEntry default/w' })).toBe(true);
  });
});

describe('which Sidecar applies and its outbound policy', () => {
  const mesh = sc('istio-system', 'default', ['./*', 'istio-system/*'], { outboundTrafficPolicy: 'REGISTRY_ONLY' });
  const ns = sc('default', 'default', ['*/*']);
  const ratings = sc('default', 'ratings', ['./details.default.svc.cluster.local'], { workloadSelector: { app: 'ratings' } });

  it('takes the workload Sidecar over the namespace one over the root one, inheriting the policy', () => {
    const a = applyingSidecars([mesh, ns, ratings], 'default', { app: 'ratings' });
    expect(a.workload?.name).toBe('ratings');
    expect(outboundPolicy(a, 'ALLOW_ANY')).toEqual({ policy: 'REGISTRY_ONLY', by: mesh });
    expect(outboundPolicy(applyingSidecars([ns], 'default', {}), 'ALLOW_ANY')).toEqual({ policy: 'ALLOW_ANY' });
    // No Sidecar sets a mode: meshConfig's decides.
    expect(outboundPolicy(applyingSidecars([ns], 'default', {}), 'REGISTRY_ONLY')).toEqual({ policy: 'REGISTRY_ONLY' });
    // A Sidecar's own mode wins over meshConfig's.
    expect(outboundPolicy(applyingSidecars([sc('default', 'open', ['*/*'], { outboundTrafficPolicy: 'ALLOW_ANY' })], 'default', {}), 'REGISTRY_ONLY')).toEqual({ policy: 'ALLOW_ANY', by: expect.objectContaining({ name: 'open' }) });
  });

  it('passes an unknown destination through under ALLOW_ANY and drops it under REGISTRY_ONLY', () => {
    const client = { namespace: 'default', labels: { app: 'ratings' } };
    const productpage = serviceHost('default', 'productpage');
    expect(egressVerdict([ratings], client, [details], 9080, 'ALLOW_ANY').kind).toBe('known');
    expect(egressVerdict([ratings], client, [productpage], 9080, 'ALLOW_ANY').kind).toBe('passthrough');
    expect(egressVerdict([ratings, mesh], client, [productpage], 9080, 'ALLOW_ANY')).toMatchObject({ kind: 'blackhole', by: { name: 'default', namespace: 'istio-system' } });
    expect(egressVerdict([ratings, mesh], client, [], 443, 'ALLOW_ANY').kind).toBe('blackhole');
    expect(egressVerdict([mesh], { namespace: 'default', labels: {} }, [productpage], 9080, 'ALLOW_ANY').kind).toBe('known');
  });

  it('drops what is outside the registry under a mesh-wide REGISTRY_ONLY, without any Sidecar', () => {
    const client = { namespace: 'default', labels: {} };
    expect(egressVerdict([], client, [details], 9080, 'REGISTRY_ONLY').kind).toBe('known');
    expect(egressVerdict([], client, [], 443, 'REGISTRY_ONLY')).toEqual({ kind: 'blackhole' });
    expect(egressVerdict([], client, [], 443, 'ALLOW_ANY')).toEqual({ kind: 'passthrough' });
  });

  it('imports a port-bound listener only on its port', () => {
    const bound: SidecarSpec = { name: 'b', namespace: 'default', egress: [{ port: 9080, hosts: ['./*'] }], outboundTrafficPolicy: 'REGISTRY_ONLY' };
    const client = { namespace: 'default', labels: {} };
    expect(egressVerdict([bound], client, [details], 9080, 'ALLOW_ANY').kind).toBe('known');
    expect(egressVerdict([bound], client, [details], 8080, 'ALLOW_ANY').kind).toBe('blackhole');
  });
});

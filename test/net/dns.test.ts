import { describe, expect, it } from 'vitest';
import { buildState, resolve } from '../../src/net/index.js';
import { cluster, node, pod, ports, service, svcPort } from '../helpers/spec.js';
import { backends, flows, fromPod, outcomes } from './probe-helpers.js';

const s = buildState(
  cluster({
    nodes: [node('n1', '192.168.0.11'), node('n2', '192.168.0.12')],
    namespaces: [{ name: 'shop', labels: {} }, { name: 'prod', labels: {} }],
    pods: [
      pod('client', 'n1', { namespace: 'shop' }),
      pod('hn', 'n1', { namespace: 'shop', hostNetwork: true }),
      pod('hn2', 'n1', { namespace: 'shop', hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' }),
      pod('data-1', 'n1', { namespace: 'prod', labels: { app: 'data' }, ports: ports('5432') }),
      pod('db-0', 'n2', { namespace: 'shop', labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db', ports: ports('pg:5432') }),
    ],
    services: [
      service('data', { namespace: 'prod', selector: { app: 'data' }, ports: [svcPort(5432)] }),
      service('db', { namespace: 'shop', headless: true, selector: { app: 'db' }, ports: [svcPort(5432, 'pg', { name: 'pg' })] }),
      service('billing', { namespace: 'shop', type: 'ExternalName', selector: null, externalName: 'billing.example.com' }),
      service('alias', { namespace: 'shop', type: 'ExternalName', selector: null, externalName: 'data.prod.svc.cluster.local' }),
    ],
  }),
);
const client = fromPod('client', 'shop');
const dataIp = s.servicesByKey.get('prod/data')?.clusterIP;

describe('resolve', () => {
  it('data resolves only in its own namespace, data.prod and longer forms cross namespaces', () => {
    expect(resolve(s, client, 'data', 'A').rcode).toBe('NXDOMAIN');
    for (const name of ['data.prod', 'data.prod.svc', 'data.prod.svc.cluster.local']) {
      const r = resolve(s, client, name, 'A');
      expect(r.answers.map((a) => a.value)).toEqual([dataIp]);
      expect(r.fqdn).toBe('data.prod.svc.cluster.local');
    }
  });

  it('shows every tried name of the search path, and a trailing dot is absolute', () => {
    const r = resolve(s, client, 'data', 'A');
    expect(r.hops.filter((h) => h.text.includes('NXDOMAIN')).map((h) => h.text.split(' ')[1])).toEqual([
      'data.shop.svc.cluster.local',
      'data.svc.cluster.local',
      'data.cluster.local',
      'data',
    ]);
    expect(resolve(s, client, 'data.prod.', 'A').rcode).toBe('NXDOMAIN');
  });

  it('headless names, hostname records and SRV', () => {
    expect(resolve(s, client, 'db', 'A').answers.map((a) => a.value)).toEqual([s.podsByKey.get('shop/db-0')?.ip]);
    expect(resolve(s, client, 'db-0.db', 'A').answers.map((a) => a.value)).toEqual([s.podsByKey.get('shop/db-0')?.ip]);
    expect(resolve(s, client, '_pg._tcp.db', 'SRV').answers[0]?.value).toBe('0 100 5432 db-0.db.shop.svc.cluster.local');
  });

  it('ExternalName answers with a CNAME, followed inside the cluster', () => {
    expect(resolve(s, client, 'billing', 'A').answers).toEqual([{ name: 'billing.shop.svc.cluster.local', type: 'CNAME', value: 'billing.example.com' }]);
    expect(resolve(s, client, 'alias', 'A').answers.map((a) => a.type)).toEqual(['CNAME', 'A']);
  });

  it('hostNetwork pods with ClusterFirst, nodes and outside hosts do not see cluster names', () => {
    const hn = resolve(s, fromPod('hn', 'shop'), 'data.prod', 'A');
    expect(hn.rcode).toBe('NXDOMAIN');
    expect(hn.hops[0]?.text).toContain('ClusterFirstWithHostNet');
    expect(resolve(s, fromPod('hn2', 'shop'), 'data.prod', 'A').rcode).toBe('NOERROR');
    expect(resolve(s, { kind: 'node', name: 'n1' }, 'data.prod.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });
});

describe('connecting by name', () => {
  it('resolves, then connects through the ClusterIP', () => {
    expect(backends(flows(s, client, { kind: 'dns', name: 'data.prod' }, { port: 5432 }))).toEqual(['data-1']);
    expect(outcomes(flows(s, client, { kind: 'dns', name: 'data' }, { port: 5432 }))).toEqual(['nxdomain:dns']);
  });
  it('a headless name goes straight to the pod without DNAT', () => {
    const fs = flows(s, client, { kind: 'dns', name: 'db-0.db' }, { port: 5432 });
    expect(backends(fs)).toEqual(['db-0']);
    expect(fs[0]?.hops.some((h) => h.nat?.some((n) => n.kind === 'DNAT'))).toBe(false);
  });
  it('an ExternalName to an unknown outside name does not resolve to an address', () => {
    expect(outcomes(flows(s, client, { kind: 'dns', name: 'billing' }, { port: 443 }))).toEqual(['nxdomain:dns']);
  });
  it('DNS traffic is real Service traffic to the CoreDNS pods', () => {
    const fs = flows(s, client, { kind: 'service', namespace: 'kube-system', name: 'kube-dns' }, { port: 53, protocol: 'UDP' });
    expect(backends(fs)).toEqual(['coredns-1', 'coredns-2']);
  });
});

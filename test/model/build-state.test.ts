import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/model/index.js';
import { recordsFor } from '../../src/model/dns-records.js';
import { cluster, endpointSlice, node, pod, ports, service, svcPort } from '../helpers/spec.js';

const twoNodes = [node('n1', '192.168.0.11'), node('n2', '192.168.0.12')];

describe('namespaces', () => {
  it('adds kubernetes.io/metadata.name, default and kube-system, and namespaces objects refer to', () => {
    const s = buildState(cluster({ namespaces: [{ name: 'shop', labels: { team: 'a' } }], nodes: twoNodes, pods: [pod('x', 'n1', { namespace: 'prod' })] }));
    expect(s.namespaces.get('shop')?.labels).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'shop' });
    expect([...s.namespaces.keys()]).toEqual(expect.arrayContaining(['default', 'kube-system', 'prod']));
  });
});

describe('pod addressing', () => {
  it('carves node CIDRs in declaration order and allocates pod IPs skipping network and .1', () => {
    const s = buildState(cluster({ nodes: twoNodes, pods: [pod('a', 'n1'), pod('b', 'n1'), pod('c', 'n2')] }));
    expect(s.nodes.map((n) => n.podCidr)).toEqual(['10.244.0.0/24', '10.244.1.0/24']);
    expect(['a', 'b', 'c'].map((n) => s.podsByKey.get(`default/${n}`)?.ip)).toEqual(['10.244.0.2', '10.244.0.3', '10.244.1.2']);
  });

  it('skips pinned IPs and reports a pinned IP outside its node CIDR or taken twice', () => {
    const s = buildState(
      cluster({
        nodes: twoNodes,
        pods: [pod('pinned', 'n1', { ip: '10.244.0.2' }), pod('a', 'n1'), pod('out', 'n1', { ip: '10.244.1.50' }), pod('dup', 'n2', { ip: '10.244.0.2' })],
      }),
    );
    expect(s.podsByKey.get('default/a')?.ip).toBe('10.244.0.3');
    expect(s.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['NS3003', 'NS3004']));
  });

  it('gives a recreated pod a new address without moving the others', () => {
    const before = buildState(cluster({ nodes: twoNodes, pods: [pod('a', 'n1'), pod('b', 'n1')] }));
    const after = buildState(cluster({ nodes: twoNodes, pods: [pod('a', 'n1', { generation: 1 }), pod('b', 'n1')] }));
    expect(after.podsByKey.get('default/a')?.ip).not.toBe(before.podsByKey.get('default/a')?.ip);
    expect(after.podsByKey.get('default/b')?.ip).toBe(before.podsByKey.get('default/b')?.ip);
  });

  it('reports an exhausted pod CIDR', () => {
    const pods = Array.from({ length: 7 }, (_, i) => pod(`p${i}`, 'n1'));
    const s = buildState(cluster({ nodeCidrMaskSize: 29, nodes: [node('n1', '192.168.0.11')], pods }));
    // A /29 has 8 addresses: network, gateway and broadcast excluded leaves 5.
    expect(s.pods.filter((p) => p.ip !== undefined && !p.builtin)).toHaveLength(5);
    expect(s.problems.some((p) => p.code === 'NS3001')).toBe(true);
  });

  it('looks pods up by IP only on the pod network: a hostNetwork pod shares the node address and is not a pod-IP owner', () => {
    const s = buildState(cluster({ nodes: twoNodes, pods: [pod('agent', 'n2', { hostNetwork: true }), pod('web', 'n1')] }));
    expect(s.podsByIp.get('192.168.0.12')).toBeUndefined();
    const web = s.podsByKey.get('default/web');
    expect(web?.ip).toBeDefined();
    expect(s.podsByIp.get(web?.ip ?? '')).toBe(web);
    expect(s.podsByKey).toBe(s.podsByKey);
    expect(s.podsByIp).toBe(s.podsByIp);
  });

  it('gives hostNetwork pods the node primary IP', () => {
    const s = buildState(cluster({ nodes: twoNodes, pods: [pod('agent', 'n2', { hostNetwork: true })] }));
    expect(s.podsByKey.get('default/agent')?.ip).toBe('192.168.0.12');
  });
});

describe('ClusterIPs, nodePorts, LB addresses', () => {
  it('gives default/kubernetes the first address and the DNS Service the tenth, backed by CoreDNS pods', () => {
    const s = buildState(cluster({ nodes: twoNodes }));
    expect(s.servicesByKey.get('default/kubernetes')?.clusterIP).toBe('10.96.0.1');
    expect(s.dnsService?.clusterIP).toBe('10.96.0.10');
    expect(s.dnsService?.ports.map((p) => `${p.protocol}/${p.port}`)).toEqual(['UDP/53', 'TCP/53']);
    expect(s.dnsService?.endpoints.map((e) => e.nodeName)).toEqual(['n1', 'n2']);
  });

  it('allocates automatic ClusterIPs above the static band and keeps them when other Services change', () => {
    const a = buildState(cluster({ nodes: twoNodes, services: [service('web'), service('api')] }));
    const b = buildState(cluster({ nodes: twoNodes, services: [service('api')] }));
    const ip = a.servicesByKey.get('default/api')?.clusterIP ?? '';
    // /12: static band = min(max(16, 2^20/16), 256) = 256 addresses, i.e. below 10.96.1.0.
    expect(ip.startsWith('10.96.0.')).toBe(false);
    expect(b.servicesByKey.get('default/api')?.clusterIP).toBe(ip);
  });

  it('never gives headless or ExternalName Services a ClusterIP', () => {
    const s = buildState(cluster({ services: [service('db', { headless: true }), service('ext', { type: 'ExternalName', selector: null, externalName: 'x.example.com' })] }));
    expect(s.servicesByKey.get('default/db')?.clusterIP).toBeUndefined();
    expect(s.servicesByKey.get('default/ext')?.clusterIP).toBeUndefined();
  });

  it('allocates nodePorts from the dynamic band 30086-32767 first and reports collisions and out-of-range pins', () => {
    const s = buildState(
      cluster({
        services: [
          service('auto', { type: 'NodePort' }),
          service('a', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 30080 })] }),
          service('b', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 30080 })] }),
          service('c', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 40000 })] }),
        ],
      }),
    );
    const auto = s.servicesByKey.get('default/auto')?.ports[0]?.nodePort ?? 0;
    expect(auto).toBeGreaterThanOrEqual(30086);
    expect(auto).toBeLessThanOrEqual(32767);
    expect(s.problems.map((p) => p.code)).toEqual(expect.arrayContaining(['NS3007', 'NS3008']));
  });

  it('allocates healthCheckNodePort for LoadBalancer + eTP Local, and an LB address from the pool unless pinned', () => {
    const s = buildState(
      cluster({
        services: [service('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local' }), service('pinned', { type: 'LoadBalancer', loadBalancerIPs: ['198.51.100.10'] })],
      }),
    );
    const lb = s.servicesByKey.get('default/lb');
    expect(lb?.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(lb?.loadBalancerIPs[0]).toMatch(/^198\.51\.100\./);
    expect(lb?.loadBalancerIPs[0]).not.toBe('198.51.100.10');
    expect(s.servicesByKey.get('default/pinned')?.loadBalancerIPs).toEqual(['198.51.100.10']);
    expect(s.servicesByKey.get('default/pinned')?.healthCheckNodePort).toBeUndefined();
  });
});

describe('EndpointSlices', () => {
  it('resolves a named targetPort per pod; pods lacking the name give no endpoint for that port', () => {
    const s = buildState(
      cluster({
        nodes: twoNodes,
        pods: [
          pod('v1', 'n1', { labels: { app: 'web' }, ports: ports('http:8080') }),
          pod('v2', 'n1', { labels: { app: 'web' }, ports: ports('http:9090') }),
          pod('old', 'n1', { labels: { app: 'web' }, ports: ports('80') }),
        ],
        services: [service('web', { ports: [svcPort(80, 'http')] })],
      }),
    );
    const eps = s.servicesByKey.get('default/web')?.endpointsByPort[0] ?? [];
    expect(eps.map((e) => `${e.targetPod?.name}:${e.port}`).sort()).toEqual(['v1:8080', 'v2:9090']);
    expect(s.servicesByKey.get('default/web')?.slices.length).toBe(3);
  });

  it('sets ready/serving/terminating from the pod, and publishNotReadyAddresses makes endpoints ready', () => {
    const pods = [
      pod('ok', 'n1', { labels: { app: 'web' } }),
      pod('notready', 'n1', { labels: { app: 'web' }, ready: false }),
      pod('term', 'n1', { labels: { app: 'web' }, terminating: true }),
    ];
    const s = buildState(cluster({ nodes: twoNodes, pods, services: [service('web'), service('pub', { selector: { app: 'web' }, publishNotReadyAddresses: true })] }));
    const by = (svc: string) => Object.fromEntries((s.servicesByKey.get(`default/${svc}`)?.endpoints ?? []).map((e) => [e.targetPod?.name, [e.ready, e.serving, e.terminating]]));
    expect(by('web')).toEqual({ ok: [true, true, false], notready: [false, false, false], term: [false, true, true] });
    expect(Object.values(by('pub')).map((v) => (v as boolean[])[0])).toEqual([true, true, true]);
  });

  it('takes nodeName and zone from the node and hostname when subdomain names the Service', () => {
    const s = buildState(
      cluster({
        nodes: [node('n1', '192.168.0.11', { zone: 'z1' })],
        pods: [pod('db-0', 'n1', { labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db' }), pod('db-1', 'n1', { labels: { app: 'db' }, hostname: 'db-1', subdomain: 'other' })],
        services: [service('db', { headless: true })],
      }),
    );
    const eps = s.servicesByKey.get('default/db')?.endpoints ?? [];
    expect(eps.map((e) => [e.targetPod?.name, e.nodeName, e.zone, e.hostname])).toEqual([
      ['db-0', 'n1', 'z1', 'db-0'],
      ['db-1', 'n1', 'z1', undefined],
    ]);
  });

  it('applies nil semantics to hand-written slices and matches slice ports by name', () => {
    const s = buildState(
      cluster({
        services: [service('ext', { selector: null, ports: [svcPort(5432, 5432, { name: 'pg' })] })],
        endpointSlices: [endpointSlice('ext-1', 'ext', [{ addresses: ['192.168.5.20'] }, { addresses: ['192.168.5.21'], ready: false }], { ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] })],
      }),
    );
    const eps = s.servicesByKey.get('default/ext')?.endpointsByPort[0] ?? [];
    expect(eps.map((e) => [e.address, e.ready, e.serving, e.terminating])).toEqual([
      ['192.168.5.20', true, true, false],
      ['192.168.5.21', false, true, false],
    ]);
  });

  it('writes zone hints for trafficDistribution PreferClose', () => {
    const s = buildState(
      cluster({
        nodes: [node('n1', '192.168.0.11', { zone: 'a' }), node('n2', '192.168.0.12', { zone: 'b' })],
        pods: [pod('w1', 'n1', { labels: { app: 'web' } }), pod('w2', 'n2', { labels: { app: 'web' } })],
        services: [service('web', { trafficDistribution: 'PreferClose' })],
      }),
    );
    expect(s.servicesByKey.get('default/web')?.endpoints.map((e) => e.hintsForZones)).toEqual([['a'], ['b']]);
  });
});

describe('DNS records', () => {
  const s = buildState(
    cluster({
      nodes: twoNodes,
      pods: [
        pod('db-0', 'n1', { labels: { app: 'db' }, hostname: 'db-0', subdomain: 'db', ports: ports('pg:5432') }),
        pod('db-1', 'n2', { labels: { app: 'db' }, hostname: 'db-1', subdomain: 'db', ready: false, ports: ports('pg:5432') }),
      ],
      services: [
        service('db', { headless: true, selector: { app: 'db' }, ports: [svcPort(5432, 'pg', { name: 'pg' })] }),
        service('cache', { headless: true }),
        service('web', { ports: [svcPort(80, 80, { name: 'http' }), svcPort(81)] }),
        service('billing', { type: 'ExternalName', selector: null, externalName: 'billing.example.com' }),
      ],
    }),
  );
  it('A for a ClusterIP Service, one A per ready endpoint for headless, NXDOMAIN without one', () => {
    expect(recordsFor(s, 'web.default.svc.cluster.local')?.a).toEqual([s.servicesByKey.get('default/web')?.clusterIP]);
    expect(recordsFor(s, 'db.default.svc.cluster.local')?.a).toEqual([s.podsByKey.get('default/db-0')?.ip]);
    expect(recordsFor(s, 'cache.default.svc.cluster.local')).toBeUndefined();
  });
  it('hostname records only for ready endpoints of the same-named headless Service', () => {
    expect(recordsFor(s, 'db-0.db.default.svc.cluster.local')?.a).toEqual([s.podsByKey.get('default/db-0')?.ip]);
    expect(recordsFor(s, 'db-1.db.default.svc.cluster.local')).toBeUndefined();
  });
  it('SRV for named ports only', () => {
    expect(recordsFor(s, '_http._tcp.web.default.svc.cluster.local')?.srv).toEqual([{ priority: 0, weight: 100, port: 80, target: 'web.default.svc.cluster.local' }]);
    expect(recordsFor(s, '_81._tcp.web.default.svc.cluster.local')).toBeUndefined();
    expect(recordsFor(s, '_pg._tcp.db.default.svc.cluster.local')?.srv[0]).toMatchObject({ port: 5432, target: 'db-0.db.default.svc.cluster.local' });
  });
  it('ExternalName is a CNAME, pods have dashed A records', () => {
    expect(recordsFor(s, 'billing.default.svc.cluster.local')?.cname).toBe('billing.example.com');
    expect(recordsFor(s, '10-244-0-2.default.pod.cluster.local')?.a).toEqual(['10.244.0.2']);
  });
});

/**
 * Cloud load balancer health checks (clouds.md C+06, T+06, T+08 b, §6 pitfall 4): a backend
 * whose check is dropped gets no traffic, even when the data itself would pass.
 */
import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/net/index.js';
import type { Settings } from '../../src/spec/types.js';
import { cluster, node, pod, ports, securityGroup, service, sgRule, svcPort } from '../helpers/spec.js';
import { backends, flows, outcomes, toSvc } from './probe-helpers.js';
import type { Flow } from '../../src/net/types.js';

const CLIENT = { kind: 'ip', ip: '203.0.113.10' } as const;
const NODES = sgRule('all', 1, 65535, '192.168.0.0/24');
const healthHop = (fs: readonly Flow[]): string => fs[0]?.hops.find((h) => h.rule?.endsWith('load balancer health checks'))?.text ?? '';

/**
 * Two pools; pool a's group also admits the health-check range, pool b's only the clients (and
 * both the nodes' own subnet, so kube-proxy may forward between them).
 */
function lab(opts: { provider?: string; local?: boolean; annotations?: Record<string, string>; settings?: Partial<Settings>; poolA?: readonly string[]; poolB?: readonly string[]; proxyMode?: 'iptables' | 'ipvs' } = {}) {
  return buildState(
    cluster({
      provider: opts.provider ?? 'tke',
      networkMode: 'underlay',
      proxyMode: opts.proxyMode ?? 'iptables',
      nodes: [node('n1', '192.168.0.11', { pool: 'a' }), node('n2', '192.168.0.12', { pool: 'b' })],
      pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('8080') }), pod('web-2', 'n2', { labels: { app: 'web' }, ports: ports('8080') })],
      services: [
        service('web', {
          type: 'LoadBalancer',
          loadBalancerIPs: ['10.0.5.5'],
          ports: [svcPort(80, 8080, { nodePort: 30080 })],
          ...(opts.local ? { externalTrafficPolicy: 'Local' } : {}),
          annotations: opts.annotations ?? {},
        }),
      ],
      securityGroups: [
        securityGroup('sg-a', [...(opts.poolA ?? ['0.0.0.0/0']).map((c) => sgRule('TCP', 30000, 32767, c)), NODES], { pools: ['a'] }),
        securityGroup('sg-b', [...(opts.poolB ?? ['203.0.113.0/24']).map((c) => sgRule('TCP', 30000, 32767, c)), NODES], { pools: ['b'] }),
      ],
      ...(opts.settings ? { settings: opts.settings } : {}),
    }),
  );
}

describe('load balancer health checks', () => {
  it('a node whose security group admits the clients but not the health-check range gets no traffic', () => {
    const fs = flows(lab(), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    // Data from 203.0.113.10 would pass sg-b, but the CLB's checks from 100.64.0.0/10 do not.
    expect(fs.every((f) => !f.branch?.includes('node n2'))).toBe(true);
    expect(fs.some((f) => f.branch?.includes('node n1'))).toBe(true);
    expect(outcomes(fs).every((o) => o === 'allow')).toBe(true);
    const text = healthHop(fs);
    expect(text).toContain('1 of 2 backends healthy');
    expect(text).toContain('node n2');
    expect(text).toContain('security group sg-b');
    expect(text).toContain('100.64.0.10');
  });

  it('when every backend fails, the load balancer fails open by default, or drops under lbAllUnhealthy drop', () => {
    const open = flows(lab({ poolA: ['203.0.113.0/24'] }), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(open.some((f) => f.outcome === 'allow')).toBe(true);
    expect(new Set(open.map((f) => f.branch?.split(',')[0]))).toEqual(new Set(['via node n1', 'via node n2']));
    expect(open[0]?.hops.find((h) => h.setting === 'lbAllUnhealthy')?.text).toContain('fails open');
    const dropped = flows(lab({ poolA: ['203.0.113.0/24'], settings: { lbAllUnhealthy: 'drop' } }), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(outcomes(dropped)).toEqual(['timeout:health-check']);
  });

  it('admitting the health-check range (or the CLB bypassing security groups) makes every node healthy', () => {
    const fixed = flows(lab({ poolB: ['203.0.113.0/24', '100.64.0.0/10'] }), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(healthHop(fixed)).toContain('all 2 backends healthy');
    expect(new Set(fixed.map((f) => f.branch?.split(',')[0]))).toEqual(new Set(['via node n1', 'via node n2']));
    const bypass = flows(lab({ settings: { lbBypassSecurityGroups: true } }), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(healthHop(bypass)).toContain('all 2 backends healthy');
  });

  it('externalTrafficPolicy Local checks healthCheckNodePort: 503 without a local ready endpoint', () => {
    const s = buildState(
      cluster({
        nodes: [node('n1', '192.168.0.11'), node('n2', '192.168.0.12')],
        pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('8080') })],
        services: [service('web', { type: 'LoadBalancer', loadBalancerIPs: ['198.51.100.10'], externalTrafficPolicy: 'Local', ports: [svcPort(80, 8080)] })],
      }),
    );
    const fs = flows(s, CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(backends(fs)).toEqual(['web-1']);
    expect(healthHop(fs)).toMatch(/node n2: the HTTP check of node n2:\d+ \(healthCheckNodePort\) answers 503/);
  });

  it('health checks off (CCE elb.health-check-flag) count every node healthy: a Local node without a pod then drops', () => {
    const base = { provider: 'cce', local: true, poolA: ['0.0.0.0/0'] } as const;
    const s = buildState({
      ...lab(base).spec,
      pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('8080') })],
      securityGroups: [securityGroup('all', [sgRule('all', 1, 65535, '0.0.0.0/0')], { pools: ['a', 'b'] })],
    });
    expect(outcomes(flows(s, CLIENT, toSvc('web', { via: 'loadbalancer' })))).toEqual(['allow']);
    const off = buildState({
      ...s.spec,
      services: s.spec.services.map((x) => (x.name === 'web' ? { ...x, annotations: { 'kubernetes.io/elb.health-check-flag': 'off' } } : x)),
    });
    const fs = flows(off, CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(outcomes(fs).sort()).toEqual(['allow', 'timeout:no-local-endpoints']);
    expect(healthHop(fs)).toContain('health checks are off (kubernetes.io/elb.health-check-flag');
  });

  it('TKE loopback (T+08 b): checks from the CLB VIP fail on every node under ipvs, not under iptables', () => {
    const vip = { settings: { lbHealthCheckSource: 'vip' as const, lbAllUnhealthy: 'drop' as const }, poolA: ['0.0.0.0/0'] };
    const ipvs = flows(lab({ ...vip, proxyMode: 'ipvs' }), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(outcomes(ipvs)).toEqual(['timeout:health-check']);
    expect(ipvs[0]?.hops.at(-1)?.text).toContain('kube-ipvs0');
    const iptables = flows(lab({ ...vip, proxyMode: 'iptables' }), CLIENT, toSvc('web', { via: 'loadbalancer' }));
    // Under iptables the VIP is not a local address: n1's group admits it; n2's (clients only) does not.
    expect(healthHop(iptables)).toContain('1 of 2 backends healthy');
  });

  it('a Service with no endpoint fails every Cluster-policy check (kube-proxy rejects it)', () => {
    const s = lab({ poolA: ['0.0.0.0/0'] });
    const empty = buildState({ ...s.spec, pods: [] });
    const fs = flows(empty, CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(fs[0]?.hops.find((h) => h.setting === 'lbAllUnhealthy')?.text).toContain('every backend fails');
  });

  it('pod backends are checked at the pod: a NetworkPolicy admitting only the clients fails the checks', () => {
    const s = buildState(
      cluster({
        provider: 'tke',
        networkMode: 'vpc-native',
        nodes: [node('n1', '192.168.0.11')],
        pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('8080') })],
        services: [
          service('web', { type: 'LoadBalancer', loadBalancerIPs: ['10.0.5.5'], ports: [svcPort(80, 8080)], annotations: { 'service.cloud.tencent.com/direct-access': 'true' } }),
        ],
        networkPolicies: [
          {
            name: 'clients-only',
            namespace: 'default',
            podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] },
            policyTypes: ['Ingress'],
            ingress: [{ peers: [{ ipBlock: { cidr: '203.0.113.0/24', except: [] } }], ports: [] }],
            egress: [],
          },
        ],
        settings: { lbAllUnhealthy: 'drop' },
      }),
    );
    const fs = flows(s, CLIENT, toSvc('web', { via: 'loadbalancer' }));
    expect(outcomes(fs)).toEqual(['timeout:health-check']);
    expect(fs[0]?.hops.at(-1)?.text).toContain('pod default/web-1');
  });

  it('a Cluster-policy check spread over endpoints that partly fail makes the backend flap (counted healthy, said so)', () => {
    const s = buildState(
      cluster({
        provider: 'tke',
        networkMode: 'underlay',
        nodes: [node('n1', '192.168.0.11')],
        pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('8080') }), pod('web-old', 'n1', { labels: { app: 'web' }, ports: ports('9090') })],
        services: [service('web', { type: 'LoadBalancer', loadBalancerIPs: ['10.0.5.5'], ports: [svcPort(80, 8080, { nodePort: 30080 })] })],
      }),
    );
    const fs = flows(s, CLIENT, toSvc('web', { via: 'loadbalancer' }));
    const text = healthHop(fs);
    expect(text).toContain('all 1 backend healthy');
    expect(text).toContain('flapping: node n1');
    expect(text).toContain('succeeds on 1 of 2 paths');
  });
});

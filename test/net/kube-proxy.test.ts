import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/net/index.js';
import { cluster, node, pod, ports, service, svcPort } from '../helpers/spec.js';
import { backends, flows, fromPod, outcomes, toSvc } from './probe-helpers.js';
import { DEFAULT_SETTINGS, type ServiceSpec } from '../../src/spec/types.js';
import type { Settings } from '../../src/spec/types.js';

const nodes = [node('n1', '192.168.0.11', { eip: '198.18.0.11' }), node('n2', '192.168.0.12', { eip: '198.18.0.12' })];
const web = (over: Partial<ServiceSpec> = {}) => service('web', { ports: [svcPort(80, 'http', { name: 'http' })], ...over });
function lab(svc: Partial<ServiceSpec> = {}, extra: { proxyMode?: 'iptables' | 'nftables' | 'ipvs'; settings?: Partial<Settings>; webPods?: 1 | 2 } = {}) {
  const pods = [
    pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('http:8080') }),
    ...(extra.webPods === 1 ? [] : [pod('web-2', 'n2', { labels: { app: 'web' }, ports: ports('http:8080') })]),
    pod('client', 'n2', { labels: { app: 'client' } }),
  ];
  return buildState(cluster({ nodes, pods, services: [web(svc)], proxyMode: extra.proxyMode ?? 'iptables', ...(extra.settings ? { settings: extra.settings } : {}) }));
}
const internet = { kind: 'internet' } as const;

describe('ClusterIP', () => {
  it('pod → ClusterIP keeps the client IP and enumerates every endpoint', () => {
    const fs = flows(lab(), fromPod('client'), toSvc('web'));
    expect(outcomes(fs)).toEqual(['allow', 'allow']);
    expect(backends(fs)).toEqual(['web-1', 'web-2']);
    expect(fs.every((f) => !f.masqueraded && f.sourceSeen === f.sourceIp)).toBe(true);
  });

  it('node → ClusterIP is masqueraded to the node address', () => {
    const fs = flows(lab(), { kind: 'node', name: 'n1' }, toSvc('web'));
    expect(fs.every((f) => f.masqueraded && f.sourceSeen === '192.168.0.11')).toBe(true);
  });

  it('masqueradeAll masquerades pod → ClusterIP and names the setting', () => {
    const fs = flows(lab({}, { settings: { masqueradeAll: true } }), fromPod('client'), toSvc('web'));
    expect(fs.every((f) => f.masqueraded && f.hops.some((h) => h.setting === 'masqueradeAll'))).toBe(true);
  });

  it('hairpin: a pod reaching itself through its Service is masqueraded', () => {
    const fs = flows(lab(), fromPod('web-1'), toSvc('web'));
    const self = fs.find((f) => f.backend?.pod?.name === 'web-1');
    expect(self?.masqueraded).toBe(true);
    expect(self?.sourceSeen).toBe('192.168.0.11');
    expect(fs.find((f) => f.backend?.pod?.name === 'web-2')?.masqueraded).toBe(false);
  });

  it('unknown port: iptables has no match (timeout), nftables and ipvs reject (refused)', () => {
    expect(outcomes(flows(lab(), fromPod('client'), toSvc('web'), { port: 8080 }))).toEqual(['timeout:no-service-port']);
    expect(outcomes(flows(lab({}, { proxyMode: 'nftables' }), fromPod('client'), toSvc('web'), { port: 8080 }))).toEqual(['refused:no-service-port']);
    expect(outcomes(flows(lab({}, { proxyMode: 'ipvs' }), fromPod('client'), toSvc('web'), { port: 8080 }))).toEqual(['refused:no-service-port']);
  });

  it('a TCP service port does not capture UDP', () => {
    expect(outcomes(flows(lab(), fromPod('client'), toSvc('web'), { port: 80, protocol: 'UDP' }))).toEqual(['timeout:no-service-port']);
  });

  it('no endpoints ⇒ refused; iTP Local with none local ⇒ timeout', () => {
    const none = buildState(cluster({ nodes, pods: [pod('client', 'n1')], services: [web()] }));
    expect(outcomes(flows(none, fromPod('client'), toSvc('web')))).toEqual(['refused:no-endpoints']);
    const local = lab({ internalTrafficPolicy: 'Local' }, { webPods: 1 });
    expect(outcomes(flows(local, fromPod('client'), toSvc('web')))).toEqual(['timeout:no-local-endpoints']);
    expect(backends(flows(local, fromPod('web-1'), toSvc('web')))).toEqual(['web-1']);
  });

  it('serving terminating endpoints are used only when none is ready, and suppress REJECT', () => {
    const s = buildState(
      cluster({
        nodes,
        pods: [pod('old', 'n1', { labels: { app: 'web' }, terminating: true, ports: ports('http:8080') }), pod('client', 'n2')],
        services: [web()],
      }),
    );
    expect(backends(flows(s, fromPod('client'), toSvc('web')))).toEqual(['old']);
  });

  it('sessionAffinity ClientIP pins one endpoint per client and says so', () => {
    const fs = flows(lab({ sessionAffinity: 'ClientIP' }), fromPod('client'), toSvc('web'));
    expect(fs).toHaveLength(1);
    expect(fs[0]?.hops.some((h) => h.text.includes('sessionAffinity ClientIP'))).toBe(true);
  });

  it('topology hints keep traffic in the client zone', () => {
    const s = buildState(
      cluster({
        nodes: [node('n1', '192.168.0.11', { zone: 'a' }), node('n2', '192.168.0.12', { zone: 'b' })],
        pods: [pod('w1', 'n1', { labels: { app: 'web' } }), pod('w2', 'n2', { labels: { app: 'web' } }), pod('client', 'n2')],
        services: [service('web', { trafficDistribution: 'PreferSameZone' })],
      }),
    );
    expect(backends(flows(s, fromPod('client'), toSvc('web')))).toEqual(['w2']);
  });

  it('headless and ExternalName Services have no VIP', () => {
    const s = buildState(cluster({ nodes, pods: [pod('client', 'n1')], services: [service('db', { headless: true }), service('ext', { type: 'ExternalName', selector: null, externalName: 'a.example.com' })] }));
    expect(outcomes(flows(s, fromPod('client'), toSvc('db', { via: 'clusterip' })))).toEqual(['unreachable:not-a-proxy-target']);
    expect(outcomes(flows(s, fromPod('client'), toSvc('ext')))).toEqual(['unreachable:not-a-proxy-target']);
  });

  it('ClusterIP from outside the cluster is unreachable', () => {
    expect(outcomes(flows(lab(), internet, toSvc('web', { via: 'clusterip' })))).toEqual(['unreachable:no-route']);
  });
});

describe('NodePort and externalTrafficPolicy', () => {
  it('external → NodePort eTP=Cluster is masqueraded and reaches every endpoint from every node', () => {
    const fs = flows(lab({ type: 'NodePort' }), internet, toSvc('web', { via: 'nodeport' }));
    expect(fs).toHaveLength(4);
    expect(fs.every((f) => f.outcome === 'allow' && f.masqueraded)).toBe(true);
    expect(fs.map((f) => f.sourceSeen).sort()).toEqual(['192.168.0.11', '192.168.0.11', '192.168.0.12', '192.168.0.12']);
  });

  it('accepts the service port or the nodePort itself', () => {
    const s = buildState(cluster({ nodes, pods: [pod('w', 'n1', { labels: { app: 'web' } })], services: [service('web', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 30080 })] })] }));
    const a = flows(s, internet, toSvc('web', { via: 'nodeport', node: 'n1' }), { port: 80 });
    const b = flows(s, internet, toSvc('web', { via: 'nodeport', node: 'n1' }), { port: 30080 });
    expect(a[0]?.hops[1]?.packet?.dstPort).toBe(30080);
    expect(b[0]?.hops[1]?.packet?.dstPort).toBe(30080);
  });

  it('external → eTP=Local: client IP kept on a node with a local endpoint, DROP on one without', () => {
    const s = lab({ type: 'NodePort', externalTrafficPolicy: 'Local' }, { webPods: 1 });
    const n1 = flows(s, internet, toSvc('web', { via: 'nodeport', node: 'n1' }));
    expect(outcomes(n1)).toEqual(['allow']);
    expect(n1[0]?.sourceSeen).toBe(DEFAULT_SETTINGS.internetClient);
    expect(outcomes(flows(s, internet, toSvc('web', { via: 'nodeport', node: 'n2' })))).toEqual(['timeout:no-local-endpoints']);
  });

  it('eTP=Local from a pod short-circuits to all endpoints unmasqueraded; from the node itself masqueraded', () => {
    const s = lab({ type: 'NodePort', externalTrafficPolicy: 'Local' }, { webPods: 1 });
    const fromClient = flows(s, fromPod('client'), toSvc('web', { via: 'nodeport', node: 'n2' }));
    expect(outcomes(fromClient)).toEqual(['allow']);
    expect(fromClient[0]?.masqueraded).toBe(false);
    const fromNode = flows(s, { kind: 'node', name: 'n2' }, toSvc('web', { via: 'nodeport', node: 'n2' }));
    expect(outcomes(fromNode)).toEqual(['allow']);
    expect(fromNode[0]?.sourceSeen).toBe('192.168.0.12');
  });

  it('without a local-traffic detector pod traffic gets local endpoints only', () => {
    const s = lab({ type: 'NodePort', externalTrafficPolicy: 'Local' }, { webPods: 1, settings: { detectLocalByPodCidr: false } });
    expect(outcomes(flows(s, fromPod('client'), toSvc('web', { via: 'nodeport', node: 'n2' })))).toEqual(['timeout:no-local-endpoints']);
  });

  it('eTP=Local does not affect ClusterIP traffic', () => {
    const s = lab({ type: 'NodePort', externalTrafficPolicy: 'Local' }, { webPods: 1 });
    expect(outcomes(flows(s, fromPod('client'), toSvc('web', { via: 'clusterip' })))).toEqual(['allow']);
  });

  it('no endpoints ⇒ NodePort REJECT too', () => {
    const s = buildState(cluster({ nodes, services: [web({ type: 'NodePort' })] }));
    expect(outcomes(flows(s, internet, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual(['refused:no-endpoints']);
  });

  it('nftables serves NodePorts on the primary address only; iptables on every local address', () => {
    const multi = [node('n1', '192.168.0.11', { addresses: [{ ip: '192.168.0.11', primary: true }, { ip: '10.1.0.11', primary: false }] })];
    const build = (proxyMode: 'iptables' | 'nftables') =>
      buildState(cluster({ proxyMode, nodes: multi, pods: [pod('w', 'n1', { labels: { app: 'web' } })], services: [service('web', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 30080 })] })] }));
    const target = { kind: 'ip', ip: '10.1.0.11' } as const;
    const vpcClient = { kind: 'ip', ip: '10.1.9.9' } as const;
    expect(outcomes(flows(build('iptables'), vpcClient, target, { port: 30080 }))).toEqual(['allow']);
    const nft = flows(build('nftables'), vpcClient, target, { port: 30080 });
    expect(outcomes(nft)).toEqual(['refused:no-listener']);
    expect(nft[0]?.hops.some((h) => h.setting === 'nodePortAddresses')).toBe(true);
  });

  it('localhost NodePort: iptables masquerades it, nftables never serves it', () => {
    const build = (proxyMode: 'iptables' | 'nftables') =>
      buildState(cluster({ proxyMode, nodes, pods: [pod('w', 'n1', { labels: { app: 'web' } })], services: [service('web', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 30080 })] })] }));
    const ipt = flows(build('iptables'), { kind: 'node', name: 'n2' }, { kind: 'ip', ip: '127.0.0.1' }, { port: 30080 });
    expect(outcomes(ipt)).toEqual(['allow']);
    expect(ipt[0]?.masqueraded).toBe(true);
    expect(outcomes(flows(build('nftables'), { kind: 'node', name: 'n2' }, { kind: 'ip', ip: '127.0.0.1' }, { port: 30080 }))[0]).not.toBe('allow');
  });
});

describe('LoadBalancer and externalIPs', () => {
  const lbLab = (over: Partial<ServiceSpec> = {}) =>
    buildState(
      cluster({
        nodes,
        pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('http:8080') }), pod('client', 'n2')],
        services: [web({ type: 'LoadBalancer', loadBalancerIPs: ['198.51.100.10'], ...over })],
        hosts: [{ name: 'office', ip: '203.0.113.50', kind: 'internet' }, { name: 'stranger', ip: '192.0.2.99', kind: 'internet' }],
      }),
    );

  it('internet → LB goes through node ports and is delivered', () => {
    const fs = flows(lbLab(), internet, toSvc('web'));
    expect(fs.length).toBe(2);
    expect(fs.every((f) => f.outcome === 'allow')).toBe(true);
    expect(fs[0]?.hops.some((h) => h.stage === 'load-balancer')).toBe(true);
  });

  it('LB with eTP=Local: health checks keep only nodes with a local endpoint, the client IP survives', () => {
    const fs = flows(lbLab({ externalTrafficPolicy: 'Local' }), internet, toSvc('web'));
    expect(outcomes(fs)).toEqual(['allow']);
    expect(fs[0]?.sourceSeen).toBe(DEFAULT_SETTINGS.internetClient);
  });

  it('pod → LB IP is short-circuited by kube-proxy on the pod node', () => {
    const fs = flows(lbLab(), fromPod('client'), { kind: 'ip', ip: '198.51.100.10' }, { port: 80 });
    expect(outcomes(fs)).toEqual(['allow']);
    expect(fs[0]?.hops.some((h) => h.stage === 'load-balancer')).toBe(false);
  });

  it('ipMode Proxy: no short-circuit, the packet goes out to the load balancer', () => {
    const fs = flows(lbLab({ loadBalancerIPMode: 'Proxy' }), fromPod('client'), toSvc('web', { via: 'loadbalancer' }));
    expect(fs.every((f) => f.hops.some((h) => h.stage === 'load-balancer'))).toBe(true);
  });

  it('loadBalancerSourceRanges drops strangers and pods unless the pod CIDR is listed, never guards the NodePort', () => {
    const s = lbLab({ loadBalancerSourceRanges: ['203.0.113.0/24'] });
    expect(outcomes(flows(s, { kind: 'host', name: 'office' }, toSvc('web')))).toEqual(['allow', 'allow']);
    expect(outcomes(flows(s, { kind: 'host', name: 'stranger' }, toSvc('web')))).toEqual(['timeout:source-ranges']);
    expect(outcomes(flows(s, fromPod('client'), toSvc('web', { via: 'loadbalancer' })))).toEqual(['timeout:source-ranges']);
    expect(outcomes(flows(s, { kind: 'host', name: 'stranger' }, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual(['allow']);
    const listed = lbLab({ loadBalancerSourceRanges: ['203.0.113.0/24', '10.244.0.0/16'] });
    expect(outcomes(flows(listed, fromPod('client'), toSvc('web', { via: 'loadbalancer' })))).toEqual(['allow']);
  });

  it('externalIP traffic is external: masqueraded with eTP Cluster', () => {
    const s = buildState(cluster({ nodes, pods: [pod('w', 'n1', { labels: { app: 'web' } }), pod('client', 'n2')], services: [service('web', { externalIPs: ['192.168.100.5'] })] }));
    const fs = flows(s, fromPod('client'), toSvc('web', { via: 'externalip' }));
    expect(outcomes(fs)).toEqual(['allow']);
    expect(fs[0]?.masqueraded).toBe(true);
  });
});

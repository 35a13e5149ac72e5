import { describe, expect, it } from 'vitest';
import { buildState, podIp, serviceAddresses } from '../../src/net/index.js';
import { cluster, denyAllEgress, denyAllIngress, endpointSlice, host, node, pod, ports, securityGroup, service, sgRule, svcPort } from '../helpers/spec.js';
import { backends, flows, fromPod, outcomes, toSvc } from './probe-helpers.js';

import type { NetworkMode, Settings } from '../../src/spec/types.js';

const nodes = [node('n1', '192.168.0.11', { pool: 'workers', eip: '198.18.0.11' }), node('n2', '192.168.0.12', { pool: 'workers', eip: '198.18.0.12' })];
const lab = (networkMode: NetworkMode = 'overlay', extra: Parameters<typeof cluster>[0] = {}) =>
  buildState(
    cluster({
      networkMode,
      nodes,
      pods: [pod('a', 'n1', { ports: ports('8080') }), pod('b', 'n1', { ports: ports('8080') }), pod('c', 'n2', { ports: ports('8080') }), pod('any', 'n2')],
      hosts: [host('bastion', '192.168.9.9', 'vpc'), host('api', '203.0.113.80')],
      ...extra,
    }),
  );
const toPod = (name: string) => ({ kind: 'pod', namespace: 'default', name }) as const;

describe('pod network', () => {
  it('pod → pod on the same node crosses the bridge, to another node is VXLAN-encapsulated in overlay; source preserved', () => {
    const same = flows(lab(), fromPod('a'), toPod('b'), { port: 8080 });
    expect(outcomes(same)).toEqual(['allow']);
    expect(same[0]?.hops.some((h) => h.nat?.some((n) => n.kind === 'encap'))).toBe(false);
    const other = flows(lab(), fromPod('a'), toPod('c'), { port: 8080 });
    expect(outcomes(other)).toEqual(['allow']);
    expect(other[0]?.hops.some((h) => h.nat?.some((n) => n.kind === 'encap'))).toBe(true);
    expect(other[0]?.sourceSeen).toBe(podIp(lab(), 'default', 'a'));
  });

  it('underlay routes between nodes without encapsulation', () => {
    const fs = flows(lab('underlay'), fromPod('a'), toPod('c'), { port: 8080 });
    expect(fs[0]?.hops.some((h) => h.nat?.some((n) => n.kind === 'encap'))).toBe(false);
    expect(outcomes(fs)).toEqual(['allow']);
  });

  it('a closed port on a reached pod is refused (no-listener); a pod declaring no ports listens everywhere', () => {
    expect(outcomes(flows(lab(), fromPod('a'), toPod('c'), { port: 9999 }))).toEqual(['refused:no-listener']);
    const any = flows(lab(), fromPod('a'), toPod('any'), { port: 9999 });
    expect(outcomes(any)).toEqual(['allow']);
    expect(any[0]?.hops.at(-1)?.text).toContain('every port');
  });

  it('overlay pod IPs are unreachable from outside; underlay pods are reachable from VPC hosts but not from the internet', () => {
    expect(outcomes(flows(lab('overlay'), { kind: 'host', name: 'bastion' }, toPod('a'), { port: 8080 }))).toEqual(['unreachable:no-route']);
    const vpc = flows(lab('underlay'), { kind: 'host', name: 'bastion' }, toPod('a'), { port: 8080 });
    expect(outcomes(vpc)).toEqual(['allow']);
    expect(vpc[0]?.sourceSeen).toBe('192.168.9.9');
    expect(outcomes(flows(lab('vpc-native'), { kind: 'internet' }, toPod('a'), { port: 8080 }))).toEqual(['unreachable:no-route']);
  });

  it('node agents reach pods on their node; a node answers an address-only probe', () => {
    expect(outcomes(flows(lab(), { kind: 'node', name: 'n1' }, toPod('a'), { port: 8080 }))).toEqual(['allow']);
    expect(outcomes(flows(lab(), { kind: 'host', name: 'bastion' }, { kind: 'node', name: 'n1' }))).toEqual(['allow']);
  });

  it('pod egress to the internet is SNATed to the node; to VPC hosts only in overlay mode', () => {
    const net = flows(lab(), fromPod('a'), { kind: 'host', name: 'api' }, { port: 443 });
    expect(outcomes(net)).toEqual(['allow']);
    // SNAT to the node, then the node's elastic IP (its one-to-one NAT at the VPC edge).
    expect(net[0]?.hops.some((h) => h.nat?.some((n) => n.kind === 'SNAT' && n.to === '192.168.0.11'))).toBe(true);
    expect(net[0]?.sourceSeen).toBe('198.18.0.11');
    expect(flows(lab('overlay'), fromPod('a'), { kind: 'host', name: 'bastion' }, { port: 22 })[0]?.sourceSeen).toBe('192.168.0.11');
    const vpc = flows(lab('underlay'), fromPod('a'), { kind: 'host', name: 'bastion' }, { port: 22 });
    expect(vpc[0]?.masqueraded).toBe(false);
    expect(vpc[0]?.sourceSeen).toBe(podIp(lab('underlay'), 'default', 'a'));
  });

  it('without egress masquerade an overlay pod gets no answer from outside', () => {
    const s = lab('overlay', { settings: { egressMasquerade: false } });
    expect(outcomes(flows(s, fromPod('a'), { kind: 'host', name: 'api' }, { port: 443 }))).toEqual(['timeout:no-route']);
  });

  it('a selector-less Service with a hand-written slice leads to a VPC host', () => {
    const s = lab('underlay', {
      services: [service('db', { selector: null, ports: [svcPort(5432, 5432, { name: 'pg' })] }), service('empty', { selector: null })],
      endpointSlices: [endpointSlice('db-1', 'db', [{ addresses: ['192.168.9.9'] }], { ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] })],
    });
    expect(backends(flows(s, fromPod('a'), toSvc('db')))).toEqual(['bastion']);
    expect(outcomes(flows(s, fromPod('a'), toSvc('empty')))).toEqual(['refused:no-endpoints']);
  });
});

describe('hostPort and hostNetwork', () => {
  const s = buildState(
    cluster({
      nodes: [node('n1', '192.168.0.11', { pool: 'workers', eip: '198.18.0.11' })],
      pods: [pod('agent', 'n1', { hostNetwork: true, ports: ports('9100') }), pod('proxy', 'n1', { ports: ports('8080>80') })],
      securityGroups: [securityGroup('workers', [sgRule('TCP', 22, 22, '10.0.0.0/8')])],
    }),
  );
  it('blocks outside access to hostNetwork and hostPort ports until the security group opens them, naming the group', () => {
    const hn = flows(s, { kind: 'internet' }, { kind: 'pod', namespace: 'default', name: 'agent', via: 'hostnetwork' }, { port: 9100 });
    expect(outcomes(hn)).toEqual(['timeout:security-group']);
    expect(hn[0]?.hops.at(-1)?.rule).toContain('workers');
    expect(outcomes(flows(s, { kind: 'internet' }, { kind: 'pod', namespace: 'default', name: 'proxy', via: 'hostport' }, { port: 80 }))).toEqual(['timeout:security-group']);
    const open = buildState({ ...s.spec, securityGroups: [securityGroup('workers', [sgRule('TCP', 80, 80, '0.0.0.0/0'), sgRule('TCP', 9100, 9100, '0.0.0.0/0')])] });
    expect(outcomes(flows(open, { kind: 'internet' }, { kind: 'pod', namespace: 'default', name: 'agent', via: 'hostnetwork' }, { port: 9100 }))).toEqual(['allow']);
    const hp = flows(open, { kind: 'internet' }, { kind: 'pod', namespace: 'default', name: 'proxy', via: 'hostport' }, { port: 80 });
    expect(outcomes(hp)).toEqual(['allow']);
    expect(hp[0]?.backend).toMatchObject({ pod: { name: 'proxy' }, port: 8080 });
  });
});

describe('the public boundary: elastic IPs (K-18)', () => {
  const build = (eip?: string) =>
    buildState(
      cluster({
        nodes: [node('n1', '192.168.0.11', eip ? { eip } : {})],
        pods: [pod('web', 'n1', { labels: { app: 'web' }, ports: ports('8080') }), pod('client', 'n1')],
        services: [service('web', { type: 'NodePort', ports: [svcPort(80, 8080, { nodePort: 30080 })] })],
        hosts: [host('api', '203.0.113.80')],
      }),
    );
  it('the internet has no route to a node\'s private address; through its elastic IP it reaches the NodePort', () => {
    const none = flows(build(), { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' }));
    expect(outcomes(none)).toEqual(['unreachable:no-route']);
    expect(none[0]?.hops.at(-1)?.text).toContain('private address');
    const eip = flows(build('198.18.0.11'), { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' }));
    expect(outcomes(eip)).toEqual(['allow']);
    expect(eip[0]?.hops.find((h) => h.rule === 'node n1 eip 198.18.0.11')?.nat).toEqual([{ kind: 'DNAT', from: '198.18.0.11', to: '192.168.0.11' }]);
    // A VPC machine uses the private address as before.
    expect(outcomes(flows(build(), { kind: 'ip', ip: '192.168.9.9' }, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual(['allow']);
  });
  it('internet-bound traffic of a node with an elastic IP leaves from it', () => {
    const out = flows(build('198.18.0.11'), fromPod('client'), { kind: 'host', name: 'api' }, { port: 443 });
    expect(outcomes(out)).toEqual(['allow']);
    expect(out[0]?.sourceSeen).toBe('198.18.0.11');
  });
  it('no internet without an exit: a private node with neither an elastic IP nor a NAT gateway has no path', () => {
    const none = flows(build(), fromPod('client'), { kind: 'host', name: 'api' }, { port: 443 });
    expect(outcomes(none)).toEqual(['timeout:no-route']);
    expect(none[0]?.hops.at(-1)?.setting).toBe('internetExit');
    const direct = (settings: Partial<Settings>) =>
      buildState(cluster({ nodes: [node('n1', '192.168.0.11')], pods: [pod('client', 'n1')], hosts: [host('api', '203.0.113.80')], settings }));
    expect(flows(direct({ internetExit: 'direct' }), fromPod('client'), { kind: 'host', name: 'api' }, { port: 443 })[0]?.sourceSeen).toBe('192.168.0.11');
    expect(flows(direct({ natGateway: '198.18.0.1' }), fromPod('client'), { kind: 'host', name: 'api' }, { port: 443 })[0]?.sourceSeen).toBe('198.18.0.1');
    // A node whose own address is public leaves with it.
    const pub = buildState(cluster({ nodes: [node('n1', '198.18.5.1')], pods: [pod('client', 'n1')], hosts: [host('api', '203.0.113.80')] }));
    expect(flows(pub, fromPod('client'), { kind: 'host', name: 'api' }, { port: 443 })[0]?.sourceSeen).toBe('198.18.5.1');
    // A private VPC host likewise.
    const vpcHost = buildState(cluster({ nodes: [node('n1', '192.168.0.11')], hosts: [host('api', '203.0.113.80'), host('vm', '192.168.9.9', 'vpc')] }));
    expect(outcomes(flows(vpcHost, { kind: 'host', name: 'vm' }, { kind: 'host', name: 'api' }, { port: 443 }))).toEqual(['timeout:no-route']);
  });
});

describe('security groups', () => {
  const build = (rules: ReturnType<typeof sgRule>[]) =>
    buildState(
      cluster({
        nodes,
        pods: [pod('web', 'n1', { labels: { app: 'web' } }), pod('client', 'n2')],
        services: [service('web', { type: 'NodePort', ports: [svcPort(80, 80, { nodePort: 30080 })] })],
        securityGroups: [securityGroup('workers', rules)],
      }),
    );
  it('NodePort from the internet needs a rule', () => {
    const open = build([sgRule('TCP', 30000, 32767, '0.0.0.0/0')]);
    const ok = flows(open, { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' }));
    expect(outcomes(ok)).toEqual(['allow']);
    expect(ok[0]?.hops.find((h) => h.stage === 'security-group')?.rule).toBe('security group workers rule tcp 30000-32767 from 0.0.0.0/0');
    const closed = build([]);
    expect(outcomes(flows(closed, { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual(['timeout:security-group']);
  });
  it('inside the cluster a group sees the overlay packet between nodes: VXLAN from the sending node', () => {
    // client on n2, web on n1: the VXLAN packet (UDP 8472) from n2's address enters n1.
    const closed = flows(build([]), fromPod('client'), toSvc('web'));
    expect(outcomes(closed)).toEqual(['timeout:security-group']);
    expect(closed[0]?.hops.at(-1)?.text).toContain('UDP port 8472 (VXLAN) from 192.168.0.12');
    expect(outcomes(flows(build([sgRule('UDP', 8472, 8472, '192.168.0.0/24')]), fromPod('client'), toSvc('web')))).toEqual(['allow']);
    // The pod packet itself (TCP 80 from the pod address) is not what the wire carries.
    expect(outcomes(flows(build([sgRule('TCP', 80, 80, '10.244.0.0/16')]), fromPod('client'), toSvc('web')))).toEqual(['timeout:security-group']);
    // Node to node: the packet itself.
    expect(outcomes(flows(build([]), { kind: 'node', name: 'n2' }, { kind: 'node', name: 'n1' }, { port: 10250 }))).toEqual(['timeout:security-group']);
    expect(outcomes(flows(build([sgRule('TCP', 10250, 10250, '192.168.0.12/32')]), { kind: 'node', name: 'n2' }, { kind: 'node', name: 'n1' }, { port: 10250 }))).toEqual(['allow']);
  });
  it('the encapsulation follows the CNI: IP-in-IP needs an ipip rule, CCE\'s tunnel network UDP 4789', () => {
    const with_ = (over: Parameters<typeof cluster>[0], rules: ReturnType<typeof sgRule>[]) =>
      buildState(
        cluster({
          nodes,
          pods: [pod('web', 'n1', { labels: { app: 'web' } }), pod('client', 'n2')],
          services: [service('web', { ports: [svcPort(80, 80)] })],
          securityGroups: [securityGroup('workers', rules)],
          ...over,
        }),
      );
    const udp8472 = sgRule('UDP', 8472, 8472, '192.168.0.0/24');
    expect(outcomes(flows(with_({ cni: 'calico-ipip' }, [udp8472]), fromPod('client'), toSvc('web')))).toEqual(['timeout:security-group']);
    expect(outcomes(flows(with_({ cni: 'calico-ipip' }, [sgRule('IPIP', 1, 65535, '192.168.0.0/24')]), fromPod('client'), toSvc('web')))).toEqual(['allow']);
    const cce = flows(with_({ provider: 'cce' }, [udp8472]), fromPod('client'), toSvc('web'));
    expect(outcomes(cce)).toEqual(['timeout:security-group']);
    expect(cce[0]?.hops.at(-1)?.text).toContain('UDP port 4789');
  });
  it('on underlay networks a group sees the pod packet with the pod address', () => {
    const s = buildState(
      cluster({
        nodes,
        networkMode: 'underlay',
        pods: [pod('web', 'n1', { labels: { app: 'web' }, ports: ports('8080') }), pod('client', 'n2')],
        securityGroups: [securityGroup('workers', [sgRule('TCP', 8080, 8080, '10.244.0.0/16')])],
      }),
    );
    expect(outcomes(flows(s, fromPod('client'), toPod('web'), { port: 8080 }))).toEqual(['allow']);
    expect(outcomes(flows(s, fromPod('client'), toPod('web'), { port: 9090 }))).toEqual(['timeout:security-group']);
    // Same node: no group sees it.
    expect(outcomes(flows(s, fromPod('web'), toPod('web'), { port: 9090 }))).toEqual(['refused:no-listener']);
  });
  it('a rule must match the source CIDR and the protocol', () => {
    expect(outcomes(flows(build([sgRule('TCP', 30080, 30080, '10.0.0.0/8')]), { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual([
      'timeout:security-group',
    ]);
    expect(outcomes(flows(build([sgRule('UDP', 30080, 30080, '0.0.0.0/0')]), { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual([
      'timeout:security-group',
    ]);
    expect(outcomes(flows(build([sgRule('all', 1, 65535, '0.0.0.0/0')]), { kind: 'internet' }, toSvc('web', { via: 'nodeport', node: 'n1' })))).toEqual(['allow']);
  });
});

describe('sources and addresses', () => {
  it('classifies ip sources: a pod address is that pod, a node address that node', () => {
    const s = lab();
    const fs = flows(s, { kind: 'ip', ip: podIp(s, 'default', 'a') ?? '' }, toPod('c'), { port: 8080 });
    expect(fs[0]?.hops.find((h) => h.stage === 'source' && h.packet)?.text).toContain('pod default/a');
    const fromNode = flows(s, { kind: 'ip', ip: '192.168.0.12' }, toPod('c'), { port: 8080 });
    expect(fromNode[0]?.hops.find((h) => h.stage === 'source' && h.packet)?.text).toContain('node n2');
  });

  it('serviceAddresses reports ClusterIP, nodePorts and LB addresses', () => {
    const s = buildState(cluster({ services: [service('web', { type: 'LoadBalancer', loadBalancerIPs: ['198.51.100.7'], ports: [svcPort(80, 80, { nodePort: 30111 })] })] }));
    expect(serviceAddresses(s, 'default', 'web')).toMatchObject({ nodePorts: [30111], loadBalancerIPs: ['198.51.100.7'] });
    expect(serviceAddresses(s, 'default', 'web')?.clusterIP).toMatch(/^10\.(9[6-9]|10\d|11[01])\./);
    expect(serviceAddresses(s, 'default', 'nope')).toBeUndefined();
  });
});

describe('NetworkPolicy in the flow', () => {
  it('policy sees the post-DNAT pod: deny-all ingress drops Service traffic but not the own node', () => {
    const s = buildState(
      cluster({
        nodes,
        pods: [pod('web', 'n1', { labels: { app: 'web' }, ports: ports('8080') }), pod('client', 'n2')],
        services: [service('web', { ports: [svcPort(80, 8080)] })],
        networkPolicies: [denyAllIngress()],
      }),
    );
    const fs = flows(s, fromPod('client'), toSvc('web'));
    expect(outcomes(fs)).toEqual(['timeout:policy']);
    expect(outcomes(flows(s, { kind: 'node', name: 'n1' }, toPod('web'), { port: 8080 }))).toEqual(['allow']);
  });

  it('egress deny-all blocks the DNS query of a connection by name', () => {
    const s = buildState(
      cluster({
        nodes,
        pods: [pod('web', 'n1', { labels: { app: 'web' } }), pod('client', 'n2')],
        services: [service('web')],
        networkPolicies: [denyAllEgress()],
      }),
    );
    const fs = flows(s, fromPod('client'), { kind: 'dns', name: 'web' }, { port: 80 });
    expect(fs.every((f) => f.outcome !== 'allow' && f.cause === 'policy')).toBe(true);
    expect(fs[0]?.hops[0]?.stage).toBe('dns');
  });
});

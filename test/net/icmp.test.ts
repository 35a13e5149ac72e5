/**
 * ICMP echo (`ping`) on the packet path, as src/net/icmp.ts states it: the owner of an address
 * answers whatever listens; NetworkPolicy rules with ports never match it, rules without ports
 * do, isolation drops it; a ClusterIP answers no ping (iptables: no one answers; nftables and
 * IPVS reject it); `via nodeport` pings the node; security groups need an ICMP (or all) rule.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import type { Flow } from '../../src/net/types.js';
import { flows, fromPod, outcomes, toSvc } from './probe-helpers.js';

function state(extra = '', proxy = 'iptables') {
  const r = parseAndCheck(
    `cluster lab {
  kube-proxy ${proxy}
  pool workers
  node n1 ip 192.168.0.11 pool workers
  node n2 ip 192.168.0.12
  host vm ip 192.168.5.5 in vpc
  pod web on n1 labels app=web ports 8080
  pod client on n2 labels app=client
  pod hn on n1 labels app=hn host-network
  service web selector app=web port 80 -> 8080 type NodePort
${extra}}
`,
    'icmp.netscn',
  );
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  return buildState(r.scenario.cluster);
}

const ping = { protocol: 'ICMP' } as const;
const last = (f: Flow | undefined): string => f?.hops.at(-1)?.text ?? '';

describe('ping: who answers', () => {
  it('a pod answers an echo request whatever it listens on; a connection to a port it does not declare is refused', () => {
    const s = state();
    const fs = flows(s, fromPod('client'), { kind: 'pod', namespace: 'default', name: 'web' }, ping);
    expect(outcomes(fs)).toEqual(['allow']);
    expect(last(fs[0])).toContain('pod default/web (10.244.0.');
    expect(last(fs[0])).toContain('answers the ICMP echo request');
    expect(outcomes(flows(s, fromPod('client'), { kind: 'pod', namespace: 'default', name: 'web' }, { port: 9999 }))).toEqual(['refused:no-listener']);
  });
  it('a node, a hostNetwork pod (its node) and a VPC host answer', () => {
    const s = state();
    expect(last(flows(s, fromPod('client'), { kind: 'node', name: 'n1' }, ping)[0])).toContain('node n1 (192.168.0.11) answers');
    expect(last(flows(s, fromPod('client'), { kind: 'pod', namespace: 'default', name: 'hn' }, ping)[0])).toContain('node n1 (192.168.0.11) answers');
    const host = flows(s, { kind: 'node', name: 'n1' }, { kind: 'host', name: 'vm' }, ping);
    expect(outcomes(host)).toEqual(['allow']);
    expect(last(host[0])).toContain('host vm answers');
  });
  it('the trace says an echo request was sent, and policy hops name it', () => {
    const fs = flows(state(), fromPod('client'), { kind: 'pod', namespace: 'default', name: 'web' }, ping);
    expect(fs[0]?.hops.map((h) => h.text).join('\n')).toContain('sends an ICMP echo request (ping) to 10.244.0.');
  });
});

describe('ping and NetworkPolicy', () => {
  const isolate = `  network-policy deny-all {
    select app=web
    deny ingress
  }
`;
  const target = { kind: 'pod', namespace: 'default', name: 'web' } as const;
  it('an isolated pod drops it', () => {
    expect(outcomes(flows(state(isolate), fromPod('client'), target, ping))).toEqual(['timeout:policy']);
  });
  it('a rule with ports never matches it, though it admits the port', () => {
    const s = state(`${isolate}  network-policy web-port {\n    select app=web\n    allow ingress from pods app=client ports 8080\n  }\n`);
    expect(outcomes(flows(s, fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    expect(outcomes(flows(s, fromPod('client'), target, { port: 8080 }))).toEqual(['allow']);
  });
  it('a rule without ports admits it, for the peers it names only', () => {
    const s = state(`${isolate}  network-policy from-client {\n    select app=web\n    allow ingress from pods app=client\n  }\n`);
    expect(outcomes(flows(s, fromPod('client'), target, ping))).toEqual(['allow']);
    expect(outcomes(flows(s, fromPod('hn'), target, ping))).toEqual(['allow']); // from its own node: always allowed
  });
  it('egress isolation of the sender drops it too', () => {
    const s = state(`  network-policy no-egress {\n    select app=client\n    deny egress\n  }\n`);
    expect(outcomes(flows(s, fromPod('client'), { kind: 'node', name: 'n1' }, ping))).toEqual(['timeout:policy']);
  });
});

describe('ping to a Service', () => {
  it('a ClusterIP answers no ping: iptables has no rule (timeout), nftables and IPVS reject it (unreachable)', () => {
    const iptables = flows(state(), fromPod('client'), toSvc('web'), ping);
    expect(outcomes(iptables)).toEqual(['timeout:no-service-port']);
    expect(last(iptables[0])).toContain('no one answers');
    const nft = flows(state('', 'nftables'), fromPod('client'), toSvc('web'), ping);
    expect(outcomes(nft)).toEqual(['unreachable:no-service-port']);
    expect(nft[0]?.hops.at(-1)?.rule).toContain('reject traffic to invalid ports of ClusterIPs');
    const ipvs = flows(state('', 'ipvs'), fromPod('client'), toSvc('web'), ping);
    expect(outcomes(ipvs)).toEqual(['unreachable:no-service-port']);
    expect(last(ipvs[0])).toContain('kube-ipvs0');
  });
  it('via nodeport pings the nodes, which answer (one path per node)', () => {
    const fs = flows(state(), { kind: 'node', name: 'n2' }, toSvc('web', { via: 'nodeport' }), ping);
    expect(outcomes(fs)).toEqual(['allow', 'allow']);
    expect(fs.map((f) => f.backend?.node).sort()).toEqual(['n1', 'n2']);
  });
});

describe('ping and security groups', () => {
  const group = (rule: string) => `  security-group workers ${rule}\n`;
  it('a group without an ICMP rule drops it from the VPC; `allow icmp` admits it', () => {
    const denied = flows(state(group('allow tcp 22 from 0.0.0.0/0')), { kind: 'host', name: 'vm' }, { kind: 'node', name: 'n1' }, ping);
    expect(outcomes(denied)).toEqual(['timeout:security-group']);
    expect(last(denied[0])).toContain('admits ICMP from 192.168.5.5');
    const admitted = flows(state(group('allow icmp from 192.168.0.0/16')), { kind: 'host', name: 'vm' }, { kind: 'node', name: 'n1' }, ping);
    expect(outcomes(admitted)).toEqual(['allow']);
    expect(admitted[0]?.hops.find((h) => h.stage === 'security-group')?.rule).toBe('security group workers rule icmp from 192.168.0.0/16');
  });
});

describe('ping and Calico or Cilium rules', () => {
  const target = { kind: 'pod', namespace: 'default', name: 'web' } as const;
  const withYaml = (yaml: string, cni: string) => `  cni ${cni}\n  yaml """\n${yaml.replace(/^/gm, '    ')}\n  """\n`;
  const calico = (rule: string) =>
    withYaml(`apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  selector: app == 'web'\n  types: [Ingress]\n  ingress:\n${rule}`, 'calico');
  it('Calico: protocol ICMP with icmp type 8 admits the echo request; type 0 (echo reply) or ICMPv6 does not; notICMP excludes it', () => {
    expect(outcomes(flows(state(calico('  - action: Allow\n    protocol: ICMP\n    icmp: {type: 8}\n')), fromPod('client'), target, ping))).toEqual(['allow']);
    expect(outcomes(flows(state(calico('  - action: Allow\n    protocol: ICMP\n    icmp: {type: 0}\n')), fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    expect(outcomes(flows(state(calico('  - action: Allow\n    protocol: ICMPv6\n')), fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    expect(outcomes(flows(state(calico('  - action: Allow\n    protocol: 1\n    notICMP: {type: 8, code: 0}\n')), fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    const tcp = state(calico('  - action: Allow\n    protocol: TCP\n'));
    expect(outcomes(flows(tcp, fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    expect(outcomes(flows(tcp, fromPod('client'), target, { port: 8080 }))).toEqual(['allow']);
  });
  it('Calico: a rule without protocol admits it, notProtocol ICMP does not; the trace names the rule and the ping', () => {
    const allowed = flows(state(calico('  - action: Allow\n')), fromPod('client'), target, ping);
    expect(outcomes(allowed)).toEqual(['allow']);
    expect(allowed[0]?.hops.some((h) => h.stage === 'policy' && h.text.includes('ICMP echo (ping)'))).toBe(true);
    expect(outcomes(flows(state(calico('  - action: Allow\n    notProtocol: ICMP\n')), fromPod('client'), target, ping))).toEqual(['timeout:policy']);
  });
  const cilium = (rule: string) =>
    withYaml(`apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: web, namespace: default}\nspec:\n  endpointSelector: {matchLabels: {app: web}}\n  ingress:\n${rule}`, 'cilium');
  it('Cilium: icmps EchoRequest admits it and nothing else; toPorts never match it; an L3-only rule does', () => {
    const icmps = state(cilium('  - fromEndpoints: [{matchLabels: {app: client}}]\n    icmps: [{fields: [{type: EchoRequest}]}]\n'));
    expect(outcomes(flows(icmps, fromPod('client'), target, ping))).toEqual(['allow']);
    expect(outcomes(flows(icmps, fromPod('client'), target, { port: 8080 }))).toEqual(['timeout:policy']);
    expect(outcomes(flows(state(cilium('  - icmps: [{fields: [{type: 128, family: IPv6}]}]\n')), fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    const ports = state(cilium('  - toPorts: [{ports: [{port: "8080"}]}]\n'));
    expect(outcomes(flows(ports, fromPod('client'), target, ping))).toEqual(['timeout:policy']);
    expect(outcomes(flows(ports, fromPod('client'), target, { port: 8080 }))).toEqual(['allow']);
    expect(outcomes(flows(state(cilium('  - fromEndpoints: [{matchLabels: {app: client}}]\n')), fromPod('client'), target, ping))).toEqual(['allow']);
  });
});

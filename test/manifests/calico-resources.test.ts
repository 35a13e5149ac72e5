import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

const v3 = (kind: string, meta: string, spec: string) => `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: ${meta}\nspec:\n${spec}`;
const gnp = (spec: string) => v3('GlobalNetworkPolicy', '{name: g}', spec);

describe('Calico HostEndpoint, Profile, Tier, NetworkSet, GlobalNetworkSet', () => {
  it('reads a HostEndpoint: node, interface, expected IPs, labels, profiles', () => {
    const h = one(v3('HostEndpoint', '{name: n1-eth0, labels: {role: edge}}', '  node: n1\n  interfaceName: eth0\n  expectedIPs: [192.168.0.11]\n  profiles: [edge]\n'), 'calico-host-endpoint');
    expect(h).toMatchObject({ name: 'n1-eth0', node: 'n1', interfaceName: 'eth0', expectedIPs: ['192.168.0.11'], labels: { role: 'edge' }, profiles: ['edge'] });
  });

  it("reads a HostEndpoint's named ports (name, protocol, TCP when absent, port), without a warning; a bad port is refused", () => {
    const { objects, diagnostics } = read(v3('HostEndpoint', '{name: n1-eth0}', '  node: n1\n  interfaceName: eth0\n  ports: [{name: kubelet, port: 10250}, {name: dns, protocol: UDP, port: 53}]\n'));
    expect(diagnostics).toEqual([]);
    expect(objects[0]!.spec).toMatchObject({ ports: [{ name: 'kubelet', protocol: 'TCP', containerPort: 10250 }, { name: 'dns', protocol: 'UDP', containerPort: 53 }] });
    expect(theError(v3('HostEndpoint', '{name: h}', '  node: n1\n  interfaceName: eth0\n  ports: [{name: p, port: 70000}]\n')).message).toContain('a port 1-65535');
  });

  it('a HostEndpoint with neither interfaceName nor expectedIPs is refused (NS2130)', () => {
    const e = theError(v3('HostEndpoint', '{name: h}', '  node: n1\n'));
    expect(e).toMatchObject({ code: 'NS2130', message: 'spec: a HostEndpoint needs interfaceName or expectedIPs' });
    expect(e.help).toContain('interfaceName: "*"');
  });

  it('a HostEndpoint without node, or with a bad address, is refused', () => {
    expect(theError(v3('HostEndpoint', '{name: h}', '  interfaceName: "*"\n')).code).toBe('NS2102');
    expect(theError(v3('HostEndpoint', '{name: h}', '  node: n1\n  expectedIPs: [10.0.0.300]\n')).message).toContain('expected an IP address');
  });

  it('reads a Profile: labelsToApply and rules as a policy has them', () => {
    const p = one(v3('Profile', '{name: kns.shop}', '  labelsToApply: {pcns.team: a}\n  ingress: [{action: Deny, source: {nets: [10.0.0.0/8]}}, {action: Allow}]\n'), 'calico-profile');
    expect(p.labelsToApply).toEqual({ 'pcns.team': 'a' });
    expect(p.ingress.map((r) => r.action)).toEqual(['Deny', 'Allow']);
    expect(p.egress).toEqual([]);
  });

  it('reads a Tier: order and defaultAction (Deny when absent)', () => {
    expect(one(v3('Tier', '{name: security}', '  order: 100\n  defaultAction: Pass\n'), 'calico-tier')).toMatchObject({ name: 'security', order: 100, defaultAction: 'Pass' });
    expect(one(v3('Tier', '{name: platform}', '  {}\n'), 'calico-tier')).toMatchObject({ name: 'platform', defaultAction: 'Deny' });
    expect(theError(v3('Tier', '{name: t}', '  defaultAction: deny\n')).help).toBe('did you mean `Deny`?');
  });

  it('reads network sets; a bare address is its /32', () => {
    const set = one(v3('NetworkSet', '{name: partners, namespace: shop, labels: {kind: partner}}', '  nets: [203.0.113.0/24, 198.51.100.7]\n'), 'calico-network-set');
    expect(set).toMatchObject({ namespace: 'shop', labels: { kind: 'partner' }, nets: ['203.0.113.0/24', '198.51.100.7/32'] });
    expect(one(v3('GlobalNetworkSet', '{name: bad, labels: {feed: blocklist}}', '  nets: ["2001:db8::/32"]\n'), 'calico-global-network-set').nets).toEqual(['2001:db8::/32']);
    expect(theError(v3('GlobalNetworkSet', '{name: x}', '  nets: [nowhere]\n')).message).toContain('expected a CIDR such as 10.0.0.0/16, or an IP address');
  });

  it('reads the host endpoint flags of a GlobalNetworkPolicy', () => {
    const p = one(gnp('  preDNAT: true\n  applyOnForward: true\n  ingress: [{action: Allow}]\n'), 'calico-global-network-policy');
    expect(p).toMatchObject({ preDNAT: true, applyOnForward: true });
    expect(p.doNotTrack).toBeUndefined();
  });

  it.each([
    ['preDNAT without applyOnForward', '  preDNAT: true\n  ingress: [{action: Allow}]\n', 'spec.preDNAT: a preDNAT policy applies to forwarded traffic too, so it needs applyOnForward: true'],
    ['doNotTrack without applyOnForward', '  doNotTrack: true\n  ingress: [{action: Allow}]\n', 'spec.doNotTrack: a doNotTrack policy applies to forwarded traffic too, so it needs applyOnForward: true'],
    ['preDNAT with egress', '  preDNAT: true\n  applyOnForward: true\n  egress: [{action: Allow}]\n', 'spec.preDNAT: a preDNAT policy has ingress rules only (no egress rules, no Egress type)'],
    ['both', '  preDNAT: true\n  doNotTrack: true\n  applyOnForward: true\n', 'spec.preDNAT: a policy cannot be both preDNAT and doNotTrack'],
  ])('host endpoint flags that contradict are refused (NS2131): %s', (_, spec, msg) => {
    expect(theError(gnp(spec))).toMatchObject({ code: 'NS2131', message: msg });
  });

  it('a namespaced NetworkPolicy has no host endpoint flags (NS2131)', () => {
    expect(theError(v3('NetworkPolicy', '{name: p, namespace: shop}', '  applyOnForward: true\n')).code).toBe('NS2131');
  });

  it('with Tier objects given, a policy in another tier is refused with the nearest name (NS2132)', () => {
    const res = read(`${v3('Tier', '{name: security}', '  order: 100\n')}\n---\n${v3('GlobalNetworkPolicy', '{name: security.a}', '  tier: securty\n')}\n---\n${v3('GlobalNetworkPolicy', '{name: b}', '  tier: security\n')}`);
    expect(errors(res).map((e) => [e.code, e.message, e.help])).toEqual([['NS2132', 'spec.tier: tier "securty" does not exist', 'did you mean `security`?']]);
    expect(specs(res, 'calico-global-network-policy').map((p) => p.name)).toEqual(['b']);
  });

  it('without Tier objects, a non-default tier is read by name with a warning', () => {
    const res = read(gnp('  tier: security\n'));
    expect(errors(res)).toEqual([]);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['NS9103']);
    expect(specs(res, 'calico-global-network-policy')).toHaveLength(1);
  });

  it('reads a WorkloadEndpoint as the pod it stands for: name, node, address, ports, labels without Calico\'s, service account', () => {
    const pod = one(
      v3(
        'WorkloadEndpoint',
        "{name: n1-k8s-web--1-eth0, namespace: shop, labels: {app: web, projectcalico.org/namespace: shop, projectcalico.org/orchestrator: k8s, projectcalico.org/serviceaccount: web-sa}}",
        '  pod: web-1\n  node: n1\n  ipNetworks: [10.244.1.5/32]\n  ports: [{name: http, protocol: TCP, port: 8080}]\n',
      ),
      'pod',
    );
    expect(pod).toMatchObject({ name: 'web-1', namespace: 'shop', node: 'n1', ip: '10.244.1.5', labels: { app: 'web' }, ports: [{ name: 'http', protocol: 'TCP', containerPort: 8080 }], serviceAccount: 'web-sa', hostNetwork: false });
    expect(theError(v3('WorkloadEndpoint', '{name: w, namespace: shop}', '  node: n1\n')).message).toContain('spec.pod: required field is missing');
  });
});

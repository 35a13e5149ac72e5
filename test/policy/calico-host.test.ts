/** Calico host endpoint policy (policy/calico-host.ts), case by case from the specification in its header: ingress (1-6) and egress (7, 8). */
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { egressHostPolicy, evaluateHostPhase, hostEndpointFor, hostEndpointIndex, isFailsafeInbound, type HostEndpointIndex, type HostPolicyKind } from '../../src/policy/calico-host.js';
import type { Protocol } from '../../src/spec/types.js';
import type { CalicoGlobalNetworkPolicySpec } from '../../src/spec/calico.js';
import type { CalicoHostEndpointSpec, CalicoProfileSpec, CalicoTierSpec } from '../../src/spec/calico-resources.js';

function indexOf(yaml: string): HostEndpointIndex {
  const res = objectsFromYaml(yaml, 'h.yaml');
  expect(res.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const of = <T>(kind: string) => res.objects.flatMap((o) => (o.kind === kind ? [o.spec as T] : []));
  const index = hostEndpointIndex({
    calicoHostEndpoints: of<CalicoHostEndpointSpec>('calico-host-endpoint'),
    calicoGlobalNetworkPolicies: of<CalicoGlobalNetworkPolicySpec>('calico-global-network-policy'),
    calicoProfiles: of<CalicoProfileSpec>('calico-profile'),
    calicoTierSpecs: of<CalicoTierSpec>('calico-tier'),
  });
  expect(index).toBeDefined();
  return index!;
}

const hep = (name: string, spec: string, labels = '{role: edge}') => `---\napiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: ${name}, labels: ${labels}}\nspec: ${spec}\n`;
const gnp = (name: string, spec: string) => `---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n${spec}`;
const N1 = hep('n1-eth0', '{node: n1, interfaceName: eth0}');

/** One phase for a connection from `from` to n1's 192.168.0.11 on TCP `port`. */
function phase(index: HostEndpointIndex, kind: HostPolicyKind, port = 80, from = '203.0.113.5') {
  const h = hostEndpointFor(index, 'n1', '192.168.0.11');
  expect(h).toBeDefined();
  return evaluateHostPhase(index, kind, { hostEndpoint: h!, direction: 'ingress', ip: '192.168.0.11', port, protocol: 'TCP', peerIp: from, peer: { kind: 'other' }, namespaceLabels: () => ({}) });
}

/** Egress host endpoint policy for a connection leaving n1 to `to`: sent by the node (`local`) or forwarded from its pod 10.244.0.5. */
function egress(index: HostEndpointIndex, local: boolean, port = 443, to = '203.0.113.5', protocol: Protocol = 'TCP') {
  const h = hostEndpointFor(index, 'n1', '192.168.0.11');
  expect(h).toBeDefined();
  return egressHostPolicy(
    index,
    { hostEndpoint: h!, direction: 'egress', ip: local ? '192.168.0.11' : '10.244.0.5', ...(local ? {} : { local: { kind: 'other' } as const }), port, protocol, peerIp: to, peer: { kind: 'other' }, namespaceLabels: () => ({}) },
    local,
  );
}

const egressOnly443 = (flags = '') => gnp('out-443', `  selector: role == 'edge'\n${flags}  types: [Egress]\n  egress:\n  - action: Allow\n    protocol: TCP\n    destination: {nets: [203.0.113.0/24], ports: [443]}\n`);

describe('Calico host endpoint policy', () => {
  it('which host endpoint stands for a node address: a named or * interface of the node, or one holding the address in expectedIPs', () => {
    const index = indexOf(hep('a', '{node: n1, interfaceName: eth0}') + hep('b', '{node: n2, interfaceName: "*"}') + hep('c', '{node: n3, expectedIPs: [10.0.0.3]}') + hep('d', '{node: n4, interfaceName: eth1, expectedIPs: [10.0.0.9]}'));
    expect(hostEndpointFor(index, 'n1', '192.168.0.11')?.name).toBe('a');
    expect(hostEndpointFor(index, 'n2', '192.168.0.12')?.name).toBe('b');
    expect(hostEndpointFor(index, 'n3', '10.0.0.3')?.name).toBe('c');
    expect(hostEndpointFor(index, 'n3', '10.0.0.4')).toBeUndefined();
    // A named interface whose expectedIPs leave the address out is another interface: not policed.
    expect(hostEndpointFor(index, 'n4', '10.0.0.4')).toBeUndefined();
    expect(hostEndpointFor(index, 'n5', '10.0.0.5')).toBeUndefined();
  });

  it('with no policy, a connection to the host is denied and a forwarded one allowed; the failsafe ports stay open', () => {
    const index = indexOf(N1);
    expect(phase(index, 'normal')).toEqual({ kind: 'none-applies' });
    expect(phase(index, 'forward')).toEqual({ kind: 'none-applies' });
    expect(isFailsafeInbound(index, 'TCP', 22)).toBe(true);
    expect(isFailsafeInbound(index, 'UDP', 68)).toBe(true);
    expect(isFailsafeInbound(index, 'TCP', 68)).toBe(false);
    expect(isFailsafeInbound(index, 'TCP', 10250)).toBe(false);
  });

  it('pre-DNAT policy: its rules decide, and what they leave undecided goes on (no default drop)', () => {
    const index = indexOf(N1 + gnp('allow-nodeport', "  order: 10\n  preDNAT: true\n  applyOnForward: true\n  selector: role == 'edge'\n  ingress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: [30080]}\n"));
    expect(phase(index, 'pre-dnat', 30080)).toMatchObject({ kind: 'rule', action: 'Allow', ruleIndex: 0 });
    expect(phase(index, 'pre-dnat', 30090)).toMatchObject({ kind: 'undecided' });
    // A pre-DNAT policy is not a normal one.
    expect(phase(index, 'normal', 30080)).toEqual({ kind: 'none-applies' });
  });

  it('normal policy that applies and allows nothing denies at the end of its tier; applyOnForward makes it apply to forwarded traffic', () => {
    const only22 = (flags: string) => gnp('ssh-only', `  selector: role == 'edge'\n${flags}  ingress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: [22]}\n`);
    const local = indexOf(N1 + only22(''));
    expect(phase(local, 'normal', 80)).toMatchObject({ kind: 'end-of-tier', tier: 'default' });
    expect(phase(local, 'forward', 80)).toEqual({ kind: 'none-applies' });
    const forwarded = indexOf(N1 + only22('  applyOnForward: true\n'));
    expect(phase(forwarded, 'forward', 80)).toMatchObject({ kind: 'end-of-tier' });
    expect(phase(forwarded, 'normal', 22)).toMatchObject({ kind: 'rule', action: 'Allow' });
  });

  it('untracked policy decides first and has no default drop either', () => {
    const index = indexOf(N1 + gnp('raw-deny', "  doNotTrack: true\n  applyOnForward: true\n  selector: role == 'edge'\n  ingress:\n  - action: Deny\n    source: {nets: [203.0.113.0/24]}\n"));
    expect(phase(index, 'untracked', 80, '203.0.113.5')).toMatchObject({ kind: 'rule', action: 'Deny' });
    expect(phase(index, 'untracked', 80, '198.51.100.1')).toMatchObject({ kind: 'undecided' });
  });

  it('a policy with a namespaceSelector or serviceAccountSelector selects pods, never a host endpoint; global() selects it', () => {
    const deny = (sel: string) => indexOf(N1 + gnp('p', `${sel}  ingress: [{action: Deny}]\n`));
    expect(phase(deny("  selector: all()\n  namespaceSelector: all()\n"), 'normal')).toEqual({ kind: 'none-applies' });
    expect(phase(deny("  selector: all()\n  serviceAccountSelector: all()\n"), 'normal')).toEqual({ kind: 'none-applies' });
    expect(phase(deny('  selector: global()\n'), 'normal')).toMatchObject({ kind: 'rule', action: 'Deny' });
  });

  it("the host endpoint's profiles decide after the tiers; projectcalico-default-allow allows everything; labelsToApply select", () => {
    const profile = `---\napiVersion: projectcalico.org/v3\nkind: Profile\nmetadata: {name: edge}\nspec:\n  labelsToApply: {zone: dmz}\n  ingress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: [443]}\n`;
    const withProfile = indexOf(hep('n1-eth0', '{node: n1, interfaceName: eth0, profiles: [edge]}', '{}') + profile);
    expect(phase(withProfile, 'normal', 443)).toMatchObject({ kind: 'profile-rule', profile: 'edge', action: 'Allow' });
    expect(phase(withProfile, 'normal', 80)).toMatchObject({ kind: 'profile-end' });
    const selected = indexOf(hep('n1-eth0', '{node: n1, interfaceName: eth0, profiles: [edge]}', '{}') + profile + gnp('dmz', "  selector: zone == 'dmz'\n  ingress: [{action: Deny}]\n"));
    expect(phase(selected, 'normal', 443)).toMatchObject({ kind: 'rule', action: 'Deny' });
    const auto = indexOf(hep('n1-auto', '{node: n1, interfaceName: "*", profiles: [projectcalico-default-allow]}'));
    expect(phase(auto, 'normal', 80)).toMatchObject({ kind: 'profile-rule', profile: 'projectcalico-default-allow', action: 'Allow' });
  });

  it("a rule's named destination port names the host endpoint's own port (spec.ports) arriving, and the destination host endpoint's leaving", () => {
    const kubelet = gnp('kubelet', "  selector: role == 'edge'\n  types: [Ingress, Egress]\n  ingress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: [kubelet]}\n  egress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: [kubelet]}\n");
    const index = indexOf(hep('n1-eth0', '{node: n1, interfaceName: eth0, ports: [{name: kubelet, port: 10250}, {name: metrics, protocol: UDP, port: 10255}]}') + hep('n2-eth0', '{node: n2, interfaceName: eth0, ports: [{name: kubelet, port: 10251}]}') + kubelet);
    expect(phase(index, 'normal', 10250)).toMatchObject({ kind: 'rule', action: 'Allow' });
    expect(phase(index, 'normal', 10251)).toMatchObject({ kind: 'end-of-tier' });
    // n1 opens a connection to n2: the name resolves on n2's host endpoint (10251), not n1's own.
    const h = hostEndpointFor(index, 'n1', '192.168.0.11')!;
    const toN2 = (port: number) => egressHostPolicy(index, { hostEndpoint: h, direction: 'egress', ip: '192.168.0.11', port, protocol: 'TCP', peerIp: '192.168.0.12', peer: { kind: 'node', node: 'n2' }, namespaceLabels: () => ({}) }, true);
    expect(toN2(10251)).toMatchObject({ kind: 'phases', allowed: true });
    expect(toN2(10250)).toMatchObject({ kind: 'phases', allowed: false });
  });

  it('egress, with no policy: a connection the host opens is denied but to the outbound failsafe ports; a forwarded one is allowed', () => {
    const index = indexOf(N1);
    expect(egress(index, true)).toEqual({ kind: 'phases', allowed: false, steps: [{ phase: 'untracked', outcome: { kind: 'none-applies' } }, { phase: 'normal', outcome: { kind: 'none-applies' } }] });
    expect(egress(index, true, 53, '10.96.0.10', 'UDP')).toEqual({ kind: 'failsafe' });
    expect(egress(index, true, 6443)).toEqual({ kind: 'failsafe' });
    expect(egress(index, true, 53, '10.96.0.10', 'TCP')).toMatchObject({ kind: 'phases', allowed: false });
    expect(egress(index, false)).toEqual({ kind: 'phases', allowed: true, steps: [{ phase: 'forward', outcome: { kind: 'none-applies' } }] });
  });

  it('egress: the Egress rules of normal policy decide for the host; ingress-only policy does not apply; forwarded traffic needs applyOnForward', () => {
    const index = indexOf(N1 + egressOnly443());
    expect(egress(index, true)).toMatchObject({ kind: 'phases', allowed: true, steps: [{ phase: 'untracked' }, { phase: 'normal', outcome: { kind: 'rule', action: 'Allow', ruleIndex: 0 } }] });
    expect(egress(index, true, 443, '198.51.100.1')).toMatchObject({ kind: 'phases', allowed: false, steps: [{}, { outcome: { kind: 'end-of-tier', tier: 'default' } }] });
    expect(egress(index, false, 443, '198.51.100.1')).toMatchObject({ kind: 'phases', allowed: true, steps: [{ phase: 'forward', outcome: { kind: 'none-applies' } }] });
    const ingressOnly = indexOf(N1 + gnp('in', "  selector: role == 'edge'\n  ingress: [{action: Allow}]\n"));
    expect(egress(ingressOnly, true)).toMatchObject({ kind: 'phases', allowed: false, steps: [{}, { outcome: { kind: 'none-applies' } }] });
    const forwarded = indexOf(N1 + egressOnly443('  applyOnForward: true\n'));
    expect(egress(forwarded, false, 443, '198.51.100.1')).toMatchObject({ kind: 'phases', allowed: false, steps: [{ phase: 'forward', outcome: { kind: 'end-of-tier' } }] });
    expect(egress(forwarded, false)).toMatchObject({ kind: 'phases', allowed: true });
  });

  it('egress: untracked policy applies to the host only; its Allow skips normal policy, its Deny drops, and it has no default drop', () => {
    const raw = (action: string) => gnp('raw', `  selector: role == 'edge'\n  doNotTrack: true\n  applyOnForward: true\n  types: [Egress]\n  egress:\n  - action: ${action}\n    destination: {nets: [198.51.100.0/24]}\n`);
    const allow = indexOf(N1 + egressOnly443() + raw('Allow'));
    expect(egress(allow, true, 443, '198.51.100.1')).toEqual({ kind: 'phases', allowed: true, steps: [{ phase: 'untracked', outcome: expect.objectContaining({ kind: 'rule', action: 'Allow' }) }] });
    expect(egress(allow, true, 443, '203.0.113.5')).toMatchObject({ kind: 'phases', allowed: true, steps: [{ outcome: { kind: 'undecided' } }, { outcome: { kind: 'rule', action: 'Allow' } }] });
    const deny = indexOf(N1 + raw('Deny'));
    expect(egress(deny, true, 443, '198.51.100.1')).toMatchObject({ kind: 'phases', allowed: false, steps: [{ outcome: { kind: 'rule', action: 'Deny' } }] });
    // Untracked policy does not apply to forwarded egress.
    expect(egress(deny, false, 443, '198.51.100.1')).toMatchObject({ kind: 'phases', allowed: true, steps: [{ phase: 'forward', outcome: { kind: 'none-applies' } }] });
  });

  it("egress: the host endpoint's profiles' egress rules decide after the tiers; projectcalico-default-allow allows", () => {
    const profile = `---\napiVersion: projectcalico.org/v3\nkind: Profile\nmetadata: {name: edge}\nspec:\n  egress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: [443]}\n`;
    const withProfile = indexOf(hep('n1-eth0', '{node: n1, interfaceName: eth0, profiles: [edge]}', '{}') + profile);
    expect(egress(withProfile, true)).toMatchObject({ kind: 'phases', allowed: true, steps: [{}, { outcome: { kind: 'profile-rule', profile: 'edge', action: 'Allow' } }] });
    expect(egress(withProfile, true, 80)).toMatchObject({ kind: 'phases', allowed: false, steps: [{}, { outcome: { kind: 'profile-end' } }] });
    const auto = indexOf(hep('n1-auto', '{node: n1, interfaceName: "*", profiles: [projectcalico-default-allow]}'));
    expect(egress(auto, true, 80)).toMatchObject({ kind: 'phases', allowed: true, steps: [{}, { outcome: { kind: 'profile-rule', profile: 'projectcalico-default-allow' } }] });
  });
});

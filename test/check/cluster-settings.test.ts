/** The cluster settings: one handler per setting word, each setting once, then the checks between settings in their order. */
import { describe, expect, it } from 'vitest';
import { AFTER_SETTINGS, SETTING_VALUE_WORDS, clusterBase } from '../../src/check/cluster-settings.js';
import { newCtx } from '../../src/check/context.js';
import { stmts } from './declarations/fixtures.js';

function base(...lines: string[]) {
  const ctx = newCtx('t.netscn');
  const b = clusterBase(ctx, stmts(...lines).flatMap((s) => (s.kind === 'Setting' ? [s] : [])));
  return { b, messages: ctx.diagnostics.map((d) => d.message) };
}

describe('cluster settings', () => {
  it('runs the checks between settings in order', () => {
    expect(AFTER_SETTINGS.map((f) => f.name)).toEqual(['maskFitsPodCidr', 'dualStack', 'networkOfProvider', 'networkOfCni', 'policyEnforcement', 'calicoPolicy', 'cniSettings']);
  });
  it('lets the CNI decide whether Calico enforces its objects, unless `set calico-policy` says', () => {
    expect(base().b.settings.calicoPolicy).toBe('enforced');
    for (const cni of ['calico', 'calico-ipip', 'calico-vxlan', 'calico-bgp', 'canal']) expect(base(`cni ${cni}`).b.settings.calicoPolicy).toBe('enforced');
    for (const cni of ['flannel', 'cilium', 'weave']) expect(base(`cni ${cni}`).b.settings.calicoPolicy).toBe('off');
    expect(base('cni cilium', 'set calico-policy enforced').b.settings.calicoPolicy).toBe('enforced');
    expect(base('set calico-policy off').b.settings.calicoPolicy).toBe('off');
  });
  it('reads Calico in policy-only mode beside a CNI without a policy engine as enforcing NetworkPolicy', () => {
    expect(base('cni flannel').b.settings.networkPolicyEnforcement).toBe('none');
    expect(base('cni flannel', 'set calico-policy enforced').b.settings.networkPolicyEnforcement).toBe('full');
    expect(base('cni flannel', 'set calico-policy enforced', 'set network-policy-enforcement ingress-only').b.settings.networkPolicyEnforcement).toBe('ingress-only');
    expect(base('provider ack', 'network underlay', 'set calico-policy enforced').b.settings.networkPolicyEnforcement).toBe('full');
    expect(base('provider ack', 'network underlay').b.settings.networkPolicyEnforcement).toBe('none');
  });
  it('refuses `set calico-policy off` under a Calico CNI, and keeps Calico enforcing', () => {
    const r = base('cni canal', 'set calico-policy off');
    expect(r.messages).toEqual(["`set calico-policy off` contradicts `cni canal`: Calico as the CNI runs Felix, which enforces Calico's policy"]);
    expect(r.b.settings.calicoPolicy).toBe('enforced');
  });
  it("gives a CNI's own settings unless a `set` line gives them: Cilium allows a pod no egress to its own node by default", () => {
    expect(base('cni cilium').b.settings.podToOwnNodeAllowed).toBe(false);
    expect(base('cni cilium', 'set pod-to-own-node-allowed true').b.settings.podToOwnNodeAllowed).toBe(true);
    expect(base('cni calico').b.settings.podToOwnNodeAllowed).toBe(true);
  });
  it('reads cilium-policy-cidr-match-mode: none, nodes, pods or both, each once', () => {
    expect(base().b.settings.ciliumCidrMatchMode).toEqual([]);
    expect(base('set cilium-policy-cidr-match-mode nodes').b.settings.ciliumCidrMatchMode).toEqual(['nodes']);
    expect(base('set cilium-policy-cidr-match-mode nodes pods').b.settings.ciliumCidrMatchMode).toEqual(['nodes', 'pods']);
    expect(base('set cilium-policy-cidr-match-mode none').b.settings.ciliumCidrMatchMode).toEqual([]);
    expect(base('set cilium-policy-cidr-match-mode nodes nodes').messages).toEqual(['`nodes` is given twice']);
    expect(base('set cilium-policy-cidr-match-mode none pods').messages).toEqual(['`none` stands alone']);
    expect(base('set cilium-policy-cidr-match-mode world').messages.length).toBe(1);
  });
  it('reports a setting given twice and keeps the first; `set` counts per name and feature gates per gate', () => {
    const r = base('kube-proxy ipvs', 'kube-proxy nftables', 'set masquerade-all true', 'set localhost-nodeports false', 'set masquerade-all false');
    expect(r.messages).toEqual(['`kube-proxy` is set twice', '`set masquerade-all` is set twice']);
    expect(r.b.proxyMode).toBe('ipvs');
    expect(r.b.settings.masqueradeAll).toBe(true);
  });
  it('gives a dual-stack cluster the default IPv6 service CIDR and refuses an IPv6 service CIDR without IPv6 pods', () => {
    expect(base('pod-cidr 10.244.0.0/16 fd00:10:244::/56').b.secondaryServiceCidr?.text).toBe('fd00:10:96::/112');
    const single = base('service-cidr 10.96.0.0/12 fd00:10:96::/112');
    expect(single.messages).toEqual(['an IPv6 service CIDR on a single-stack IPv4 cluster']);
    expect(single.b.secondaryServiceCidr).toBeUndefined();
  });
  it('lets the CNI set the network mode, and refuses one that disagrees with `network`', () => {
    const cni = SETTING_VALUE_WORDS.cni[0]!;
    expect(base('provider vanilla', `cni ${cni}`).messages).toEqual([]);
    const r = base('provider ack', 'network underlay', 'cni terway');
    expect(r.messages).toEqual(['Terway (ENI) gives a vpc-native network, not underlay']);
  });
  it('fits the node mask into the pod CIDR', () => {
    const r = base('pod-cidr 10.244.0.0/16', 'node-cidr-mask 8');
    expect(r.messages).toEqual(['node CIDR mask /8 does not fit the pod CIDR 10.244.0.0/16']);
    expect(r.b.nodeCidrMaskSize).toBe(24);
  });
});

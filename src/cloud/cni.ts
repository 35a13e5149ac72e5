/**
 * CNI presets (`cni NAME`): the network plugins the seed documents and clouds.md §3.5 name, as
 * data: the network mode each gives, whether it enforces NetworkPolicy, and how it carries pod
 * traffic between nodes (for the trace), and whether Calico's policy engine (Felix) runs with it.
 * A preset sets the cluster's `network`, its NetworkPolicy enforcement, whether Calico's policy
 * objects are enforced, and the settings in which the plugin departs from the defaults; a `set`
 * line for one of them still overrides it (`set calico-policy enforced` beside another CNI:
 * Calico's policy-only mode, as on EKS beside the Amazon VPC CNI [calico-policy-only]).
 *
 * [calico-policy-only] https://docs.tigera.io/calico/latest/getting-started/kubernetes/managed-public-cloud/eks
 */
import type { NetworkMode, Settings } from '../spec/types.js';
import type { Encapsulation } from './profile.js';

export interface CniPreset {
  readonly id: string;
  readonly name: string;
  readonly mode: NetworkMode;
  readonly enforcement: 'full' | 'ingress-only' | 'none';
  /** Calico's Felix runs with it and enforces Calico's policy objects (Calico itself; Canal, Flannel with Calico's policy). */
  readonly calicoPolicy: boolean;
  /** Between nodes: the encapsulation (overlay) or how routes are learnt. */
  readonly carriage: string;
  /** The outer packet between nodes of an overlay, as security groups see it. */
  readonly encapsulation?: Encapsulation;
  /** Source keys of clouds.md. */
  readonly doc: string;
  /** Settings in which this plugin departs from DEFAULT_SETTINGS, each with why (a citation). */
  readonly settings?: { readonly [K in 'podToOwnNodeAllowed']?: { readonly value: Settings[K]; readonly why: string } };
}

export const CNI_PRESETS: readonly CniPreset[] = [
  { id: 'flannel', name: 'Flannel (vxlan backend)', mode: 'overlay', enforcement: 'none', calicoPolicy: false, carriage: 'VXLAN over flannel.1, UDP 8472', encapsulation: { name: 'VXLAN', protocol: 'UDP', port: 8472 }, doc: 'no NetworkPolicy engine of its own [flannel-backends] (A-07, G-02)' },
  { id: 'calico', name: 'Calico (IP-in-IP, the calico.yaml default)', mode: 'overlay', enforcement: 'full', calicoPolicy: true, carriage: 'IP-in-IP over tunl0', encapsulation: { name: 'IP-in-IP', protocol: 'IPIP' }, doc: 'the manifest install sets CALICO_IPV4POOL_IPIP=Always [calico-ippool] (G-03)' },
  { id: 'calico-ipip', name: 'Calico (IP-in-IP)', mode: 'overlay', enforcement: 'full', calicoPolicy: true, carriage: 'IP-in-IP over tunl0', encapsulation: { name: 'IP-in-IP', protocol: 'IPIP' }, doc: 'IPPool ipipMode Always [calico-ippool] (G-03)' },
  { id: 'calico-vxlan', name: 'Calico (VXLAN)', mode: 'overlay', enforcement: 'full', calicoPolicy: true, carriage: 'VXLAN over vxlan.calico, UDP 4789', encapsulation: { name: 'VXLAN', protocol: 'UDP', port: 4789 }, doc: 'IPPool vxlanMode Always [calico-ippool] (G-03)' },
  { id: 'calico-bgp', name: 'Calico (BGP, no encapsulation)', mode: 'underlay', enforcement: 'full', calicoPolicy: true, carriage: 'routes learnt over BGP', doc: 'ipipMode and vxlanMode Never; the network must carry the routes [calico-ippool] (G-03)' },
  { id: 'weave', name: 'Weave Net', mode: 'overlay', enforcement: 'full', calicoPolicy: false, carriage: 'Weave fastdp (VXLAN, UDP 6784)', encapsulation: { name: 'Weave fastdp VXLAN', protocol: 'UDP', port: 6784 }, doc: 'mesh overlay with its policy controller; archived 2024, kept as a preset [weave] (G-04)' },
  { id: 'cilium', name: 'Cilium (VXLAN tunnel)', mode: 'overlay', enforcement: 'full', calicoPolicy: false, carriage: 'VXLAN over cilium_vxlan, UDP 8472', encapsulation: { name: 'VXLAN', protocol: 'UDP', port: 8472 }, doc: 'eBPF datapath, NetworkPolicy enforced [knowledge]', settings: { podToOwnNodeAllowed: { value: false, why: "a pod's own node is the `host` identity, which an ipBlock does not match: egress to it needs a rule (policy/cilium.ts, 12)" } } },
  { id: 'canal', name: 'Canal (Flannel VXLAN + Calico policy)', mode: 'overlay', enforcement: 'full', calicoPolicy: true, carriage: 'VXLAN over flannel.1, UDP 8472', encapsulation: { name: 'VXLAN', protocol: 'UDP', port: 8472 }, doc: 'CCE container tunnel network (C+01, C+09)' },
  { id: 'terway', name: 'Terway (ENI)', mode: 'vpc-native', enforcement: 'full', calicoPolicy: false, carriage: 'pod ENI addresses routed by the VPC', doc: 'ACK Terway (A+01)' },
  { id: 'terway-edge', name: 'Terway Edge', mode: 'underlay', enforcement: 'full', calicoPolicy: false, carriage: 'routes on the node network (BGP to the edge devices)', doc: 'ACK Edge underlay, fixed at creation (A-08, A+02)' },
];

export function cniPreset(id: string): CniPreset | undefined {
  return CNI_PRESETS.find((p) => p.id === id);
}

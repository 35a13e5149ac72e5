/** Codes of Calico's host endpoints, tiers and host endpoint policy flags in manifests (NS2130-NS2132; calico-enforcement.ts has NS2133 on). */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string): string => `${C}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;

export const CALICO_RESOURCES = {
  calicoHostEndpointInterface: entry({
    code: 'NS2130',
    title: 'Calico HostEndpoint that names no interface',
    severity: 'error',
    template: '{path}: a HostEndpoint needs interfaceName or expectedIPs',
    explanation:
      'A projectcalico.org/v3 HostEndpoint stands for one interface of a node (`interfaceName: eth0`), every interface (`interfaceName: "*"`), or the interface holding one of `expectedIPs`; Calico refuses one that gives neither. Add `interfaceName` (netscn models one interface per node, the one carrying its address) or `expectedIPs`.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: n1-eth0}\nspec: {node: n1}') },
  }),
  calicoHostPolicyFlags: entry({
    code: 'NS2131',
    title: 'Calico host endpoint policy flags that contradict',
    severity: 'error',
    template: '{path}: {detail}',
    explanation:
      'Calico validates the host endpoint flags of a GlobalNetworkPolicy: `preDNAT` and `doNotTrack` policies apply to forwarded traffic too, so they need `applyOnForward: true`; a `preDNAT` policy has ingress rules only (it runs before the DNAT of incoming packets), so it can have no egress rules nor the Egress type; a policy cannot be both `preDNAT` and `doNotTrack`. A namespaced NetworkPolicy has none of these flags.',
    example: {
      kind: 'scenario',
      scenario: yaml("apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: nodeports}\nspec:\n  selector: has(node-role)\n  preDNAT: true\n  ingress: [{action: Allow}]"),
    },
  }),
  calicoTierMissing: entry({
    code: 'NS2132',
    title: 'Calico policy in a tier that does not exist',
    severity: 'error',
    template: '{path}: tier {tier} does not exist',
    explanation:
      'When the manifests declare Tier objects, a Calico policy naming another tier (other than `default`, which always exists) is refused by Calico as it would be by the API server. Declare the Tier, or fix the name; the help names the nearest declared tier.',
    example: {
      kind: 'scenario',
      scenario: yaml("apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: security}\nspec: {order: 100}\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: security.block}\nspec:\n  tier: securty\n  ingress: [{action: Deny}]"),
    },
  }),
} as const;

/** Codes of who enforces Calico's policy objects (`set calico-policy`, the `cni` preset): NS2133–NS2134. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string, settings = ''): string => `${C}${settings}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;

export const CALICO_ENFORCEMENT = {
  calicoNotEnforced: entry({
    code: 'NS2133',
    title: 'Calico object in a cluster where Calico does not enforce policy',
    severity: 'warning',
    template: '{kind} {name} is not enforced: Calico does not run in this cluster ({why}; setting calicoPolicy=off)',
    explanation:
      "Calico's policy objects (projectcalico.org/v3 NetworkPolicy, GlobalNetworkPolicy, Profile and HostEndpoint) are enforced by Calico's Felix agent alone. It runs when Calico is the CNI (`cni calico`, `calico-ipip`, `calico-vxlan`, `calico-bgp`), with Canal (`cni canal`), or in Calico's policy-only mode beside another CNI, which the scenario says with `set calico-policy enforced`. The scenario names another CNI and not that setting (or names none, and its network enforces no NetworkPolicy: a provider's default network such as ACK's Flannel, or `set network-policy-enforcement none`), so nothing watches these objects: they are read and play no part in any verdict, and the other policies (NetworkPolicy, or Cilium's under `cni cilium`) decide.",
    example: { kind: 'scenario', scenario: yaml('apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec:\n  selector: all()\n  types: [Ingress]', '  cni flannel\n') },
  }),
  calicoPolicyOffUnderCalico: entry({
    code: 'NS2134',
    title: '`set calico-policy off` with Calico as the CNI',
    severity: 'error',
    template: '`set calico-policy off` contradicts `cni {cni}`: Calico as the CNI runs Felix, which enforces Calico\'s policy',
    explanation:
      "The Calico and Canal presets run Calico's Felix agent on every node, and Felix enforces the projectcalico.org/v3 policy objects whenever they exist; there is no Calico CNI without its policy engine. Drop the setting, or name the CNI the cluster really runs (`cni flannel`, `cni cilium`, ...) if Calico is not there. The cluster is checked with Calico enforcing.",
    example: { kind: 'scenario', scenario: `${C}  cni calico\n  set calico-policy off\n}\n` },
  }),
} as const;

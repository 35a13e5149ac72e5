/** Codes of Cilium's policies (cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy): NS2120–NS2129. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string, settings = ''): string => `${C}${settings}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;
const CNP = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  endpointSelector: {}\n';

export const CILIUM = {
  ciliumField: entry({
    code: 'NS2120',
    title: 'unknown field of a Cilium policy rule',
    severity: 'error',
    template: '{path}: unknown field `{field}`',
    explanation:
      'A Cilium rule (a `spec`, an `ingress`/`egress`/`ingressDeny`/`egressDeny` entry, a `toPorts` entry or its `rules`) has a field Cilium does not define; kubectl\'s strict validation refuses it. A misspelt peer field is dangerous: without it the rule may allow every peer. The help names the field meant when one is near.',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  ingress:\n  - fromEndpoint:\n    - matchLabels: {app: web}`) },
  }),
  ciliumEntity: entry({
    code: 'NS2121',
    title: 'unknown Cilium entity',
    severity: 'error',
    template: '{path}: unknown entity {found}: expected one of {expected}',
    explanation:
      '`fromEntities` and `toEntities` name Cilium\'s entities: world, world-ipv4, world-ipv6, cluster, host, remote-node, kube-apiserver, init, health, unmanaged, ingress, none or all. The help names the entity meant when one is near.',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  ingress:\n  - fromEntities: [wrold]`) },
  }),
  ciliumRegex: entry({
    code: 'NS2122',
    title: 'Cilium HTTP rule that is not a regular expression',
    severity: 'error',
    template: '{path}: not a regular expression: {detail}',
    explanation:
      'The `method`, `path` and `host` of a Cilium HTTP rule (`toPorts[].rules.http[]`) are extended regular expressions matched against the whole value; this one does not compile. Escape characters such as `(`, `[` or `*` meant literally.',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  ingress:\n  - toPorts:\n    - ports: [{port: "80", protocol: TCP}]\n      rules:\n        http: [{method: GET, path: "/api/(v1"}]`) },
  }),
  ciliumNotEnforced: entry({
    code: 'NS2123',
    title: 'Cilium policy in a cluster whose CNI is not Cilium',
    severity: 'warning',
    template: '{kind} {name} is not enforced: the cluster\'s CNI is {cni}, not Cilium',
    explanation:
      'CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy are enforced by Cilium\'s agent alone. The scenario names another CNI (`cni NAME`), so nothing watches them: they are read and play no part in any verdict. Use `cni cilium`, or the policy kind of the CNI named.',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  ingress: [{}]`, '  cni calico\n') },
  }),
  ciliumBesideCalico: entry({
    code: 'NS2125',
    title: 'Cilium policy in a cluster that also has Calico policies',
    severity: 'warning',
    template: '{kind} {name} is not evaluated: the cluster also has Calico policies, and netscn evaluates one policy engine, Calico\'s',
    explanation:
      'A cluster runs one policy engine: Cilium enforces CiliumNetworkPolicy, Calico enforces its own policies, and neither reads the other\'s. A scenario or manifests with both kinds where both would be enforced (no CNI named, or `cni cilium` with `set calico-policy enforced`) are evaluated by Calico\'s tiers, with the Kubernetes NetworkPolicies among them, and the Cilium policies play no part in any verdict. Under `cni cilium` alone Calico does not run, and Cilium\'s policies decide (the Calico objects get NS2133). Keep the policy kinds of the one CNI the cluster runs.',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  ingress: [{}]\n---\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: g}\nspec:\n  selector: all()\n  types: [Ingress]`) },
  }),
  ciliumFqdnWithoutDns: entry({
    code: 'NS2124',
    title: 'Cilium toFQDNs without a DNS rule',
    severity: 'warning',
    template: '{path}: toFQDNs needs the pods\' DNS lookups to pass Cilium\'s DNS proxy, and no egress rule of this policy has `rules.dns`',
    explanation:
      'Cilium learns the addresses behind a `toFQDNs` name only from the DNS answers its DNS proxy sees, and DNS goes through the proxy only when an egress rule allows it with `toPorts` carrying `rules.dns` (usually port 53 to kube-dns, `matchPattern: "*"`). Without one the `toFQDNs` entry matches no address. Add such a rule to this policy (another policy selecting the same pods also does).',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  egress:\n  - toFQDNs: [{matchName: api.example.com}]`) },
  }),
  ciliumNodeSelectorsRefused: entry({
    code: 'NS2126',
    title: 'Cilium policy with fromNodes / toNodes, which Cilium refuses by default',
    severity: 'warning',
    template: '{kind} {name} is not enforced: it selects nodes by label (fromNodes / toNodes), which Cilium refuses unless enable-node-selector-labels is on',
    explanation:
      'Cilium gives nodes identities from their labels, which `fromNodes` and `toNodes` select, only when its agent runs with `enable-node-selector-labels` (Helm `nodeSelectorLabels: true`); it is off by default, and then the agent refuses any policy using them, whole: the policy plays no part in any verdict. Turn it on in the scenario with `set cilium-node-selector-labels true` (as the cluster\'s Cilium must be), or select nodes with the `remote-node` and `host` entities.',
    example: { kind: 'scenario', scenario: yaml(`${CNP}  ingress:\n  - fromNodes: [{matchLabels: {node-role.kubernetes.io/control-plane: ""}}]`, '  cni cilium\n') },
  }),
} as const;

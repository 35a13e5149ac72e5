/** Codes of Multus secondary networks (NetworkAttachmentDefinitions, their addresses, assertions on them): NS2151–NS2159. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string): string => `${C}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;

/** A cluster with the NetworkAttachmentDefinition default/blue and two pods attached to it, then `assertion`. */
const onBlue = (assertion: string): string =>
  yaml(
    [
      "apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: blue, namespace: default}\nspec: {config: '{\"type\": \"macvlan\"}'}",
      ...['a', 'b'].map((p) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${p}, namespace: default, annotations: {k8s.v1.cni.cncf.io/networks: blue}}\nspec: {nodeName: n1, containers: [{name: c, image: i}]}`),
    ].join('\n---\n'),
  ) + `${assertion}\n`;

export const SECONDARY_NETWORKS = {
  nadConfig: entry({
    code: 'NS2151',
    title: 'NetworkAttachmentDefinition config that is not a JSON object',
    severity: 'warning',
    template: '{path}: not a JSON object; the network\'s addresses are unknown',
    explanation:
      'A NetworkAttachmentDefinition\'s `spec.config` holds the CNI network configuration as a JSON object (https://www.cni.dev/docs/spec/); netscn reads its `ipam` to know the addresses pods get on the network, which MultiNetworkPolicy ipBlocks match. This one does not parse as a JSON object, so Multus could not attach pods to it; netscn keeps the network with no addresses (no ipBlock matches its pods). Fix the JSON.',
    example: { kind: 'scenario', scenario: yaml("apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: flat, namespace: default}\nspec: {config: '{\"type\": \"macvlan\",'}") },
  }),
  unknownNetwork: entry({
    code: 'NS2152',
    title: 'network that no NetworkAttachmentDefinition defines',
    severity: 'error',
    template: 'no NetworkAttachmentDefinition `{network}`',
    explanation:
      '`on network NAME` makes the connection travel on a Multus secondary network: the NetworkAttachmentDefinition `NAME` (`namespace/name`; a name alone is one of the source pod\'s namespace, as in a pod\'s `k8s.v1.cni.cncf.io/networks` annotation, else of the target pod\'s). The cluster has none of that name there. Load or write the NetworkAttachmentDefinition, or fix the name (the error suggests the nearest one).',
    example: { kind: 'scenario', scenario: onBlue('from pod a reach pod b on network bleu expect allow') },
  }),
  networkClause: entry({
    code: 'NS2153',
    title: 'assertion clause that a secondary network does not take',
    severity: 'error',
    template: '`{clause}` has no meaning on a secondary network',
    explanation:
      'On a Multus secondary network a pod connects straight to another pod\'s address on that network: there is no Service, kube-proxy or node port there, so `via` and `at node` pick nothing, and the family is the one of the addresses the network gives (`over` picks nothing either). Remove the clause, or drop `on network` to test the pod network.',
    example: { kind: 'scenario', scenario: onBlue('from pod a reach pod b via hostport on network blue expect allow') },
  }),
  networkEnd: entry({
    code: 'NS2154',
    title: 'end of a connection that is not on a secondary network',
    severity: 'error',
    template: '{end} is not on a secondary network: name a pod or an address',
    explanation:
      'A Multus secondary network carries traffic between the pods attached to it. Services are built from the pods\' primary addresses, DNS names resolve to them, and netscn does not put nodes, hosts or the internet on a secondary network (with macvlan and ipvlan even the node cannot reach its own pods\' interfaces). Name a pod (`pod NAME`) or an address on the network (`ip ADDRESS`) on both sides.',
    example: { kind: 'scenario', scenario: onBlue('from pod a reach node n1 on network blue expect allow') },
  }),
  networkGroup: entry({
    code: 'NS2155',
    title: 'secondary network on an assertion of many connections',
    severity: 'error',
    template: '`on network` is for one connection: {what}',
    explanation:
      'A for-all assertion (a group of pods, `on any port`) and a table are answered on the pod network; netscn does not check them on a secondary network yet. Write one assertion per connection with `on network`, or use `netscn connlist`, which lists each secondary network\'s connections.',
    example: { kind: 'scenario', scenario: onBlue('from all pods reach pod b on network blue expect allow') },
  }),
} as const;

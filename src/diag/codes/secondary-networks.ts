/** Codes of Multus secondary networks (NetworkAttachmentDefinitions, their addresses): NS2151–NS2159. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string): string => `${C}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;

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
} as const;

/** Codes of Istio's objects read from manifests (NS214x): what Istio itself ignores. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n  namespace istio-system\n';
const yaml = (text: string): string => `${C}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;
const PA = (name: string, mode: string, selector = ''): string =>
  `apiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: istio-system}\nspec:\n${selector}  mtls: {mode: ${mode}}`;

export const MESH = {
  peerAuthenticationShadowed: entry({
    code: 'NS2140',
    title: 'PeerAuthentication ignored: an older one has the same scope',
    severity: 'warning',
    template: 'PeerAuthentication {name} is ignored: {older} is the older {scope} policy',
    explanation:
      'Istio uses one mesh-wide PeerAuthentication (root namespace, no selector) and one namespace-wide one per namespace: of several, it keeps the oldest and ignores the newer (https://istio.io/latest/docs/concepts/security/#peer-authentication). Manifests carry no creation time, so netscn takes the first document as the oldest, uses it and warns about the others. Merge the policies into one, or give the exception its own workload selector.',
    example: { kind: 'scenario', scenario: yaml(`${PA('default', 'STRICT')}\n---\n${PA('second', 'PERMISSIVE')}`) },
  }),
  peerAuthenticationRootSelector: entry({
    code: 'NS2141',
    title: 'PeerAuthentication with a selector in the root namespace',
    severity: 'warning',
    template: 'PeerAuthentication {name} is ignored: a policy with a selector in the root namespace {root} applies to no workload',
    explanation:
      'A PeerAuthentication in the root namespace (istio-system) is mesh-wide only without a selector; Istio ignores one with a workload selector there (the API reference says so). netscn ignores it too. Put a workload policy in the namespace of its workloads.',
    example: { kind: 'scenario', scenario: yaml(PA('web', 'STRICT', '  selector:\n    matchLabels: {app: web}\n')) },
  }),
} as const;

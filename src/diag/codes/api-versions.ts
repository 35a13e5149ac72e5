/** Codes of how a manifest's apiVersion is read (src/manifests/api-version-rule.ts): NS2150–NS2159. */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string): string => `${C}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;

export const API_VERSIONS = {
  apiVersionRead: entry({
    code: 'NS2150',
    title: 'kind read from an apiVersion that does not serve it',
    severity: 'warning',
    template: '{kind} is not served in {apiVersion}; read as {kind} of {served}',
    explanation:
      'The object names a kind netscn reads under an apiVersion whose group does not serve that kind (`apps/v1` for a Pod, a misspelt group such as `k8s.cni.cnf.io`), or, for connlist, a version of its group no API server serves. An API server refuses it (`no matches for kind`), so `kubectl apply` fails; netscn reads it as the kind, as netpol-analyzer does, and the help names the apiVersion meant. A group known to define another kind of that name (Istio\'s `networking.istio.io` Gateway, Knative\'s Service) is that other kind: skipped (NS9101). Write the apiVersion the help names.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: apps/v1\nkind: Pod\nmetadata: {name: web}\nspec: {containers: [{name: web}]}') },
  }),
} as const;

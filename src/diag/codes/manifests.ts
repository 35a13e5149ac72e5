/** Codes of the manifest reader: values of Kubernetes objects (NS21xx) and what is not simulated (NS91xx). */
import { entry, type Example } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';
const yaml = (text: string): string => `${C}  yaml """\n${text.replace(/^/gm, '    ')}\n  """\n}\n`;

export const MANIFESTS = {
  invalidValue: entry({
    code: 'NS2101',
    title: 'manifest field of the wrong type or out of range',
    severity: 'error',
    template: '{path}: expected {expected}, found {found}',
    explanation:
      'A field of a manifest has a value of the wrong type (a string where a number belongs, a list where a mapping does) or outside its range, as the API server\'s validation would find. The path names the field. (With connlist, names the API server would reject are read as written, with a warning.)',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: web, ports: [{containerPort: http}]}]') },
  }),
  missingField: entry({
    code: 'NS2102',
    title: 'required manifest field missing',
    severity: 'error',
    template: '{path}: required field is missing (expected {expected})',
    explanation: 'A field the API server requires is absent (a pod\'s containers, a Service\'s ports, a selector expression\'s operator, …). Add it; the expected part says what it holds.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec: {}') },
  }),
  manifestDuplicate: entry({
    code: 'NS2103',
    title: 'declared twice in manifests',
    severity: 'error',
    template: '{kind} {name} is declared twice',
    explanation:
      'Two manifest objects of one kind have the same namespace and name, or one object lists a port or port name twice: the API server keeps one object per name and refuses repeated ports. Remove or rename one.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}') },
  }),
  conflict: entry({
    code: 'NS2104',
    title: 'manifest fields that contradict each other',
    severity: 'error',
    template: '{path}: {detail}',
    explanation:
      'Two fields of an object contradict each other, as Kubernetes API validation checks: a template whose labels do not match the selector, an `endPort` below `port`, an `ipBlock` combined with selectors in one peer, … The path names the field to change.',
    example: {
      kind: 'scenario',
      scenario: yaml('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  egress:\n  - ports: [{port: 90, endPort: 80}]'),
    },
  }),
  notAnObject: entry({
    code: 'NS2105',
    title: 'YAML document that is not a Kubernetes object',
    severity: 'error',
    template: '{where}: not a Kubernetes object: `kind` is missing',
    explanation: 'Every document of a manifest is a Kubernetes object: a mapping with `apiVersion` and `kind`. Add them, or remove the document.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nmetadata: {name: web}') },
  }),
  apiVersion: entry({
    code: 'NS2106',
    title: 'apiVersion that does not serve the kind',
    severity: 'error',
    template: 'no matches for kind "{kind}" in version "{apiVersion}"',
    explanation:
      '`apiVersion` names the API group and version that serves a kind; a version of the kind\'s group that Kubernetes removed or never served is refused as the API server refuses it. A missing apiVersion, or (for connlist) a removed one, is read as the current version with a warning; for connlist a never-served one, and everywhere a group that does not serve the kind, is read with warning NS2150. Write the version the help names.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: extensions/v1beta1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}}') },
  }),
  namespaceIgnored: entry({
    code: 'NS2107',
    title: 'namespace on a cluster-scoped object',
    severity: 'warning',
    template: '{path}: {kind} is not namespaced; the namespace is ignored',
    explanation:
      'Some kinds (Namespace, Node, IngressClass, AdminNetworkPolicy, …) belong to the whole cluster, not to a namespace; `metadata.namespace` on one is ignored, as the API server ignores it. Remove the field.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nkind: Namespace\nmetadata: {name: shop, namespace: default}') },
  }),
  endpointsMirrorLimit: entry({
    code: 'NS2108',
    title: 'Endpoints subset over the mirroring limit',
    severity: 'warning',
    template: '{path}: more than {limit} addresses; the mirroring controller keeps only the first {limit}',
    explanation:
      'Kubernetes mirrors a selector-less Service\'s Endpoints into EndpointSlices, but only the first 1000 addresses of a subset; the rest never receive traffic. netscn does the same. Split the addresses over several Endpoints subsets, or write EndpointSlices directly.',
    get example(): Example {
      return {
        kind: 'scenario',
        scenario: yaml(
          `apiVersion: v1\nkind: Service\nmetadata: {name: db}\nspec: {ports: [{port: 5432}]}\n---\napiVersion: v1\nkind: Endpoints\nmetadata: {name: db}\nsubsets:\n- ports: [{port: 5432}]\n  addresses:\n${Array.from({ length: 1001 }, (_, i) => `  - {ip: 10.1.${Math.floor(i / 250)}.${(i % 250) + 1}}`).join('\n')}`,
        ),
      };
    },
  }),
  pathEscape: entry({
    code: 'NS2110',
    title: 'manifest path that leads out of its folder',
    severity: 'error',
    template: '{path} resolves outside the folder given; refused',
    explanation: 'A folder of manifests is read only as far as it goes: a symbolic link inside it that leads outside it is refused, so naming a folder cannot read files elsewhere. Name the target directly, or copy it into the folder.',
    example: { kind: 'connlist', files: { 'k8s/ns.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n', 'outside.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: b}\n' },
      symlinks: { 'k8s/link.yaml': '../outside.yaml' },
    },
  }),
  unreadable: entry({
    code: 'NS2111',
    title: 'manifest path that cannot be read',
    severity: 'error',
    template: 'cannot read {path}: {reason}',
    explanation: 'A manifest file named on the command line or found in a folder cannot be read: it does not exist, is not a regular file, has the wrong extension or changed while being read. Fix the path.',
    example: { kind: 'connlist', files: { 'k8s/pod.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n' }, args: ['k8s/absent.yaml'] },
  }),
  skippedFiles: entry({
    code: 'NS2112',
    title: 'files in a manifest folder skipped as not Kubernetes objects',
    severity: 'warning',
    template: 'skipped {count} {files} that {are} not Kubernetes objects (no apiVersion or kind): {names}',
    explanation:
      'In a folder given to `netscn connlist`, YAML and JSON files that hold no Kubernetes object (no apiVersion or kind, such as `package.json`) are skipped, with this one warning naming them. Name such a file on the command line to have it read as a manifest anyway.',
    example: { kind: 'connlist', files: { 'k8s/pod.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n', 'k8s/package.json': '{"name": "x"}\n' } },
  }),
  podFinished: entry({
    code: 'NS2113',
    title: 'finished pod left out',
    severity: 'warning',
    template: 'pod {pod} is {phase}: a finished pod holds no address and is left out',
    explanation:
      'A pod whose `status.phase` is Succeeded or Failed has finished for good: the kubelet never restarts its containers, tears down its sandbox and the CNI releases its IP address, so it is no endpoint of any Service (the EndpointSlice controller skips it) and opens no connection. Completed Job pods and evicted pods are the usual ones in a manifest dump. netscn leaves such a pod out of the cluster; nothing to fix unless the pod should be running.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nkind: Pod\nmetadata: {name: migrate-x7k2p, namespace: default}\nspec: {containers: [{name: c, image: migrate}], restartPolicy: Never}\nstatus: {phase: Succeeded}') },
  }),
  kindNotSimulated: entry({
    code: 'NS9101',
    title: 'manifest kind that netscn does not simulate',
    severity: 'warning',
    template: 'kind {kind} is not simulated; skipped',
    explanation: 'The object is of a kind that plays no part in netscn\'s network model (a ConfigMap, a Secret, …) or of a kind it does not know; it is skipped. Nothing to fix unless the kind matters to the network.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}') },
  }),
  calicoSelector: entry({
    code: 'NS2114',
    title: 'Calico selector that does not parse',
    severity: 'error',
    template: '{path}: bad Calico selector: expected {expected}, found {found}',
    explanation:
      'A `selector`, `namespaceSelector`, `serviceAccountSelector` or `notSelector` of a Calico (projectcalico.org/v3) policy is not in Calico\'s selector language: `has(k)`, `k == \'v\'`, `k != \'v\'`, `k in {\'a\', \'b\'}`, `k not in {…}`, `k contains \'s\'`, `k starts with \'s\'`, `k ends with \'s\'`, `all()`, `global()`, combined with `!`, `&&`, `||` and parentheses. The caret points at the first token that does not fit.',
    example: {
      kind: 'scenario',
      scenario: yaml("apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: p, namespace: default}\nspec:\n  selector: app = 'web'"),
    },
  }),
  kindPlanned: entry({
    code: 'NS9102',
    title: 'manifest kind whose simulation is planned',
    severity: 'warning',
    template: 'kind {kind} is not simulated yet; skipped',
    explanation: 'The object is of a kind that affects networking and whose simulation is planned but not there yet; it is skipped, so results may differ from a real cluster.',
    example: { kind: 'scenario', scenario: yaml('apiVersion: gateway.networking.k8s.io/v1\nkind: GatewayClass\nmetadata: {name: x}\nspec: {controllerName: example.com/gw}') },
  }),
  approximated: entry({
    code: 'NS9103',
    title: 'manifest field that is approximated',
    severity: 'warning',
    template: '{path}: {detail}',
    explanation: 'A field or situation is read approximately (a Gateway route selector read as All, an HTTPRoute filter ignored, a DaemonSet with no Node standing for one pod, …); the message says how. Results involving it may differ from a real cluster.',
    example: {
      kind: 'scenario',
      scenario: yaml('apiVersion: gateway.networking.k8s.io/v1\nkind: Gateway\nmetadata: {name: gw}\nspec:\n  gatewayClassName: x\n  listeners:\n  - {name: udp, protocol: UDP, port: 53}\n  - {name: http, protocol: HTTP, port: 80}'),
    },
  }),
} as const;

/** Codes about names and references (NS10xx in scenarios, NS11xx in manifests). */
import { entry } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';

export const NAMES = {
  unknownStatement: entry({
    code: 'NS1001',
    title: 'unknown statement or setting',
    severity: 'error',
    template: 'unknown statement or setting `{name}`',
    explanation:
      'A line of a block starts with a word that is neither a statement (`pod`, `service`, `node`, …) nor a setting (`pod-cidr`, `network`, …) of that block, or `set` names a field that does not exist. Usually a typo: the help suggests the nearest word. The Language reference in the README lists them.',
    example: { kind: 'scenario', scenario: `${C}  pod-cdr 10.0.0.0/16\n}\n` },
  }),
  unknownName: entry({
    code: 'NS1002',
    title: 'reference to an undeclared object',
    severity: 'error',
    template: 'unknown {kind} `{name}`',
    explanation:
      'A reference names an object (node, pod, Service, namespace, pool, domain, security-group rule, …) that the scenario does not declare at that point. Declare the object, or correct the name; the notes list what is declared and the help suggests a near miss.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n3\n}\n` },
  }),
  duplicate: entry({
    code: 'NS1003',
    title: 'declared twice in a scenario',
    severity: 'error',
    template: '{object} is declared twice',
    explanation:
      'The same object, setting, clause or value is given twice where the scenario allows it once (two pods with one name, a setting set twice, two default backends of an Ingress, …). The notes point at the first one. Remove one, or give it another name.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n1\n  pod web on n1\n}\n` },
  }),
  unknownWord: entry({
    code: 'NS1004',
    title: 'unknown keyword value',
    severity: 'error',
    template: 'unknown {what} `{word}`',
    explanation:
      'A setting or clause takes one of a fixed set of words (a network mode, a provider, a CNI, a policy type, a protocol, …) and the word given is not one of them. The diagnostic lists the choices and suggests the nearest one.',
    example: { kind: 'scenario', scenario: `${C}  network overlai\n}\n` },
  }),
  unknownFlag: entry({
    code: 'NS1005',
    title: 'unknown flag or clause of a declaration',
    severity: 'error',
    template: 'unknown {what} flag `{flag}`',
    explanation:
      'A declaration (`pod`, `node`, `service`, `pool`, …) is followed by a word that is none of its flags or clauses. Usually a typo; the diagnostic lists the flags and clauses it takes and suggests the nearest.',
    example: { kind: 'scenario', scenario: `${C}  node n2 ip 192.168.0.12 eipp 203.0.113.7\n}\n` },
  }),
  namespaceNearMiss: entry({
    code: 'NS1006',
    title: 'undeclared namespace close to a declared one',
    severity: 'warning',
    template: 'namespace `{name}` is not declared and looks like `{near}`',
    explanation:
      'Namespaces need no declaration (an object in an undeclared namespace creates it, as `kubectl apply` into an existing namespace would), but one that differs from a declared namespace by a typo is most likely a mistake: the object lands in a namespace of its own, away from the policies and Services meant for it.',
    example: { kind: 'scenario', scenario: `${C}  namespace shop\n  pod web in shp on n1\n}\n` },
  }),
  removedEarlier: entry({
    code: 'NS1007',
    title: 'reference to an object an earlier step removed',
    severity: 'error',
    template: "{kind} {name} was removed in step '{step}'",
    explanation:
      'Steps change the cluster in order; an object removed in one step no longer exists in the steps after it. Refer to it only before its removal, or declare it again in the step that needs it.',
    example: {
      kind: 'scenario',
      scenario: `${C}  pod client on n1\n  pod web on n1 ports 80\n}\nstep "delete" {\n  remove pod client\n}\nstep "again" {\n  from pod client reach pod web port 80 expect allow\n}\n`,
    },
  }),
  noNodes: entry({
    code: 'NS1008',
    title: 'pod with no node to run on',
    severity: 'error',
    template: 'pod {pod} has no node to run on',
    explanation:
      'A pod runs on a node: it names one with `on NODE`, or, loaded from a manifest without `spec.nodeName`, it is placed on the declared nodes in turn. With no node declared it has none. Declare at least one node in the cluster block.',
    example: { kind: 'scenario', scenario: 'cluster c {\n  pod web labels app=web\n}\n' },
  }),
  conflictingNamespace: entry({
    code: 'NS1009',
    title: 'namespace given twice or where there is none',
    severity: 'error',
    template: '{what} `{name}` is also placed `in {namespace}`',
    explanation:
      'An object names its namespace once: either as `NAMESPACE/NAME` or with `in NAMESPACE`, not both with different values; and cluster-scoped objects (nodes, IngressClasses, …) have no namespace at all. Keep one of the two.',
    example: { kind: 'scenario', scenario: `${C}  pod shop/web in prod on n1\n}\n` },
  }),
  misplaced: entry({
    code: 'NS1010',
    title: 'statement or clause in the wrong place',
    severity: 'error',
    template: '{what}',
    explanation:
      'A statement or clause that is valid elsewhere is used where it has no meaning: a mutation (`remove`, `not-ready`, …) or a change assertion (`expect no new connections`) outside a `step`, a cluster setting inside one, a per-node clause on a pool, an internet host in a network domain, … The message says where it belongs.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n1\n  not-ready pod web\n}\n` },
  }),
  missingClause: entry({
    code: 'NS1011',
    title: 'declaration that lacks a clause it needs',
    severity: 'error',
    template: '{what}',
    explanation:
      'A declaration is complete only with certain clauses: a NetworkPolicy needs `select`, an Ingress needs a rule or a default backend, a task needs an assertion, `label` needs a label. Add the clause the message names.',
    example: { kind: 'scenario', scenario: `${C}  ingress site {\n    tls shop.example.com secret shop-tls\n  }\n}\n` },
  }),
  assertionBeforeStep: entry({
    code: 'NS1012',
    title: 'top-level assertion after a step runs before every step',
    severity: 'warning',
    template: 'this assertion runs before every step, not after the step above it',
    explanation:
      'Assertions outside a `step` check the cluster as declared, before any step changes it, wherever they stand in the file. One written after a step reads as if it checked the state after that step, which it does not. Move it into the step whose state it should check, or above the first step.',
    example: {
      kind: 'scenario',
      scenario: `${C}  pod a on n1 ports 80\n}\nstep "s" {\n  from pod a reach pod a port 80 expect allow\n}\nfrom pod a reach pod a port 80 expect allow\n`,
    },
  }),
  changeWithoutChange: entry({
    code: 'NS1020',
    title: 'change assertion in a step that changes nothing',
    severity: 'warning',
    template: 'step \'{step}\' changes nothing, so `expect {expectation}` holds whatever the cluster allows',
    explanation:
      'A change assertion (`expect no new connections`, `expect no lost connections`, `expect connections unchanged`) compares the cluster a step leaves with the cluster the step started from. In a step without a change (no declaration, removal, relabelling or pod lifecycle change) the two are the same and the assertion proves nothing. Put it in the step whose changes it should check.',
    example: {
      kind: 'scenario',
      scenario: `${C}  pod a on n1 ports 80\n}\nstep "look" {\n  from pod a reach pod a port 80 expect allow\n  expect no new connections\n}\n`,
    },
  }),
  kindNearMiss: entry({
    code: 'NS1101',
    title: 'manifest kind that is a case or plural near miss',
    severity: 'error',
    template: 'kind {kind} is not a Kubernetes kind',
    explanation:
      'Kinds are case-sensitive and singular (`NetworkPolicy`, not `networkpolicy` or `NetworkPolicies`). A kind that differs from a supported one only so is refused with a "did you mean", as the API server would refuse it.',
    example: { kind: 'scenario', scenario: `${C}  yaml """\n    apiVersion: v1\n    kind: pod\n    metadata: {name: web}\n  """\n}\n` },
  }),
} as const;

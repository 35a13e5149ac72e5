/**
 * The keyword tables of the language: one source for every list of words the grammar
 * (grammar/netscn.peggy) spells out. The grammar must spell them itself (Peggy rules cannot
 * import a list), so test/syntax/keywords.test.ts reads the grammar and checks that each rule's
 * words equal these tables. Everything else derives from them: the check stage's "did you mean"
 * for unknown flags (a near-miss clause word parses as a flag) and the parser's wording of
 * expected sets ("a clause (...)", "a statement (...)").
 */

/**
 * The clause words of each declaration whose clauses come in any order, beside bare flags (the
 * grammar's NodeClause, PodClause, ServiceClause, EndpointClause). The first five of each are
 * the ones diagnostics show.
 */
export const CLAUSE_WORDS_OF = {
  /** `node` and `pool` (both take NodeClause). */
  node: ['ip', 'pool', 'zone', 'pod-cidr', 'labels', 'eip', 'domain'],
  pod: ['in', 'on', 'labels', 'ports', 'ip', 'host-port', 'hostname', 'subdomain', 'dns-policy', 'owner'],
  service: [
    'in', 'type', 'selector', 'port', 'cluster-ip', 'external-traffic-policy', 'internal-traffic-policy',
    'session-affinity', 'external-ips', 'source-ranges', 'lb-ip', 'lb-ip-mode', 'external-name',
    'traffic-distribution', 'annotations', 'ip-family-policy', 'ip-families',
  ],
  /** An `endpoint` line of an `endpoint-slice` block. */
  endpoint: ['node', 'zone', 'hostname', 'hints-zones', 'hints-nodes'],
} as const satisfies Readonly<Record<string, readonly string[]>>;

/** The declarations with free-order clauses. */
export type ClauseDecl = keyof typeof CLAUSE_WORDS_OF;

/** Words inside a clause or statement that are not clause words: a service port's `node-port`, a relabel's `unset`. */
export const INNER_WORDS = ['node-port', 'unset'] as const;

/** The outcomes an assertion may expect (the grammar's OutcomeWord), as in Batfish: delivered, rejected, dropped, any non-delivery, no route, no such name. */
export const OUTCOME_WORDS = ['allow', 'deny', 'refused', 'timeout', 'unreachable', 'nxdomain'] as const;

/** An assertion's optional parts (`via`, `at node`, `over ipv6`). */
export const ASSERTION_OPTION_WORDS = ['via', 'at', 'over'] as const;

/** An assertion's verbs and its `expect`. */
export const ASSERTION_WORDS = ['expect', 'reach', 'ping', 'resolve', 'request'] as const;

/** The statement words of a cluster block (ClusterStmtLine), also allowed in a step. */
export const STATEMENT_WORDS: readonly string[] = [
  'node', 'pool', 'namespace', 'pod', 'service', 'host', 'security-group', 'load', 'network-policy',
  'endpoint-slice', 'ingress', 'ingress-class', 'ingress-controller', 'yaml', 'link', 'lb-acl',
];

/** The statements of a `network-policy` block (the grammar's PolicyStmt). */
export const POLICY_STATEMENT_WORDS = ['select', 'policy-types', 'allow', 'deny'] as const;

/** The mutations of a step (the grammar's Mutation). */
export const MUTATION_WORDS: readonly string[] = ['remove', 'label', 'recreate', 'restart', 'ready', 'not-ready', 'terminate'];

/** Words that open a file's parts and blocks, a graded task, an assertion (`from`, a change's `expect`), or a line of an endpoint-slice block. */
export const BLOCK_WORDS = ['scenario', 'param', 'cluster', 'step', 'table', 'task', 'from', 'expect', 'endpoint'] as const;

/**
 * What a change assertion (`expect … [from END] [to END]`, the grammar's ChangeExpect) may expect
 * of a step's changes, by the phrase written after `expect`.
 */
export const CHANGE_EXPECTATIONS = {
  /** Nothing opened: no connection added, no port gained. */
  'no new connections': 'no-new',
  /** Nothing closed: no connection removed, no port lost. */
  'no lost connections': 'no-lost',
  /** Neither. */
  'connections unchanged': 'unchanged',
} as const;

/** A change assertion's expectation (CHANGE_EXPECTATIONS). */
export type ChangeExpectation = (typeof CHANGE_EXPECTATIONS)[keyof typeof CHANGE_EXPECTATIONS];

/** The phrase of an expectation, as written after `expect` (`no new connections`). */
export function changePhrase(e: ChangeExpectation): string {
  return Object.entries(CHANGE_EXPECTATIONS).find(([, v]) => v === e)?.[0] ?? e;
}

/** Every clause word of every free-order declaration. */
export const ALL_CLAUSE_WORDS: readonly string[] = [...new Set(Object.values(CLAUSE_WORDS_OF).flat())];

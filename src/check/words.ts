/**
 * The closed word sets of the language and a lookup that reports near misses. Matching is
 * case-insensitive. Words the grammar spells out (clauses, statements, mutations) come from
 * src/syntax/keywords.ts, their one source.
 */
import type { Cause, Via } from '../net/types.js';
import type { Word } from '../syntax/ast.js';
import { didYouMean } from '../diag/suggest.js';
import { CLAUSE_WORDS_OF } from '../syntax/keywords.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';

export const PROVIDERS = ['vanilla', 'cce', 'ack', 'ack-edge', 'tke', 'eks', 'gke', 'aks'] as const;
export const NETWORK_MODES = ['overlay', 'underlay', 'vpc-native'] as const;
export const PROXY_MODES = ['iptables', 'nftables', 'ipvs'] as const;

export const VIA_WORDS: Readonly<Record<string, Via>> = {
  'pod-ip': 'pod-ip',
  clusterip: 'clusterip',
  nodeport: 'nodeport',
  loadbalancer: 'loadbalancer',
  externalip: 'externalip',
  hostport: 'hostport',
  hostnetwork: 'hostnetwork',
  dns: 'dns',
};

export const CAUSE_WORDS: Readonly<Record<string, Cause>> = {
  policy: 'policy',
  'security-group': 'security-group',
  'no-endpoints': 'no-endpoints',
  'no-local-endpoints': 'no-local-endpoints',
  'source-ranges': 'source-ranges',
  acl: 'acl',
  'no-route': 'no-route',
  'no-listener': 'no-listener',
  'no-service-port': 'no-service-port',
  'http-status': 'http-status',
  hairpin: 'hairpin',
  'health-check': 'health-check',
  dns: 'dns',
  'not-a-proxy-target': 'not-a-proxy-target',
};

export const PROTOCOL_WORDS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const;

export const POD_FLAGS = ['host-network', 'not-ready', 'terminating'] as const;
export const NODE_FLAGS = ['not-ready'] as const;
export const SERVICE_FLAGS = ['headless', 'publish-not-ready', 'no-selector', 'no-node-ports'] as const;
export const ENDPOINT_FLAGS = ['ready', 'not-ready', 'serving', 'not-serving', 'terminating'] as const;

export const POD_CLAUSES = CLAUSE_WORDS_OF.pod;
export const NODE_CLAUSES = CLAUSE_WORDS_OF.node;
export const SERVICE_CLAUSES = CLAUSE_WORDS_OF.service;
export const ENDPOINT_CLAUSES = CLAUSE_WORDS_OF.endpoint;

/** Statement words of a cluster block or step, and a step's mutations (for "unknown statement" suggestions). */
export { MUTATION_WORDS, STATEMENT_WORDS } from '../syntax/keywords.js';

/** Lower-cased `w`'s entry in `table`, or undefined after an error naming the choices. */
export function lookup<T>(ctx: Ctx, w: Word, table: Readonly<Record<string, T>>, what: string): T | undefined {
  const key = w.value.toLowerCase();
  if (Object.prototype.hasOwnProperty.call(table, key)) return table[key];
  const choices = Object.keys(table);
  error(ctx, DIAG.unknownWord, w.span, message(DIAG.unknownWord, { what, word: w.value }), {
    label: `not a ${what}`,
    expected: choices.map((c) => `\`${c}\``).join(', '),
    help: didYouMean(key, choices),
  });
  return undefined;
}

/** `lookup` over a word list that maps to itself. */
export function oneOf<T extends string>(ctx: Ctx, w: Word, choices: readonly T[], what: string): T | undefined {
  return lookup(ctx, w, Object.fromEntries(choices.map((c) => [c, c])) as Record<string, T>, what);
}

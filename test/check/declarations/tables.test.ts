/**
 * The clause tables cover each declaration's clause words (CLAUSE_WORDS_OF, which the grammar
 * test pins) and flag words exactly, and the types refuse a table with a missing or an extra
 * handler (checked by `npm run typecheck`, which compiles the tests).
 */
import { describe, expect, it } from 'vitest';
import { CLAUSE_WORDS_OF } from '../../../src/syntax/keywords.js';
import type { ClauseKinds, ClauseTable } from '../../../src/check/declarations/clauses.js';
import type { EndpointClause } from '../../../src/syntax/ast.js';
import { SERVICE } from '../../../src/check/declarations/service-clauses.js';
import { NODE } from '../../../src/check/declarations/node.js';
import { POD } from '../../../src/check/declarations/pod.js';
import { ENDPOINT } from '../../../src/check/declarations/endpoint-slice.js';
import { ENDPOINT_FLAGS, NODE_FLAGS, POD_FLAGS, SERVICE_FLAGS } from '../../../src/check/words.js';
import { decl } from './fixtures.js';

const sorted = (words: readonly string[]): string[] => [...words].sort();

describe('declaration tables', () => {
  it.each([
    ['service', SERVICE, SERVICE_FLAGS],
    ['node', NODE, NODE_FLAGS],
    ['pod', POD, POD_FLAGS],
    ['endpoint', ENDPOINT, ENDPOINT_FLAGS],
  ] as const)('the %s table has a handler for each clause word and flag, and no other', (name, d, flags) => {
    expect(d.decl).toBe(name);
    expect(sorted(Object.keys(d.clauses))).toEqual(sorted(CLAUSE_WORDS_OF[name]));
    expect(sorted(Object.keys(d.flags))).toEqual(sorted(flags));
    expect(d.flagWords).toBe(flags);
  });

  it('names each parsed clause by the word it was written with', () => {
    const s = decl(
      'Service',
      'service s in a type nodeport selector app=x port 80 cluster-ip 10.96.0.9 external-traffic-policy local internal-traffic-policy local session-affinity clientip external-ips 1.2.3.4 source-ranges 1.0.0.0/8 lb-ip 1.2.3.5 lb-ip-mode vip external-name a.b traffic-distribution prefer-close annotations a=b ip-family-policy single-stack ip-families ipv4',
    );
    expect(s.clauses.map((c) => (c.kind === 'Flag' ? c.flag.value : SERVICE.wordOf(c)))).toEqual([...CLAUSE_WORDS_OF.service]);
    const p = decl('Pod', 'pod p in a on n1 labels a=b ports 80 ip 10.244.0.9 host-port 8080 -> 80 hostname h subdomain s dns-policy none owner Deployment/d');
    expect(p.clauses.map((c) => (c.kind === 'Flag' ? c.flag.value : POD.wordOf(c)))).toEqual([...CLAUSE_WORDS_OF.pod]);
    const n = decl('Node', 'node n1 ip 10.0.0.1 pool w zone z pod-cidr 10.244.1.0/24 labels a=b eip 8.8.8.8 domain d');
    expect(n.clauses.map((c) => (c.kind === 'Flag' ? c.flag.value : NODE.wordOf(c)))).toEqual([...CLAUSE_WORDS_OF.node]);
  });
});

// Compile-time: a table must have exactly the declaration's words.
type ByWord = { readonly [W in (typeof CLAUSE_WORDS_OF)['endpoint'][number]]: unknown };
const noop = { once: true, apply: () => undefined };
export const complete: ClauseTable<'endpoint', ByWord, unknown, undefined> = { node: noop, zone: noop, hostname: noop, 'hints-zones': noop, 'hints-nodes': noop };
// @ts-expect-error a table without the `hints-nodes` handler
export const missing: ClauseTable<'endpoint', ByWord, unknown, undefined> = { node: noop, zone: noop, hostname: noop, 'hints-zones': noop };
export const extra: ClauseTable<'endpoint', ByWord, unknown, undefined> = {
  node: noop,
  zone: noop,
  hostname: noop,
  'hints-zones': noop,
  'hints-nodes': noop,
  // @ts-expect-error a handler for a word the endpoint line does not have
  weight: noop,
};

// Compile-time: a word→kind table names every word once, with a kind the declaration's clauses have.
export const kinds = { node: 'Node', zone: 'Zone', hostname: 'Hostname', 'hints-zones': ['Hints', 'zones'], 'hints-nodes': ['Hints', 'nodes'] } as const satisfies ClauseKinds<'endpoint', EndpointClause>;
// @ts-expect-error a word→kind table without `hostname`
export const kindsMissing = { node: 'Node', zone: 'Zone', 'hints-zones': ['Hints', 'zones'], 'hints-nodes': ['Hints', 'nodes'] } as const satisfies ClauseKinds<'endpoint', EndpointClause>;
// @ts-expect-error a kind the endpoint line has no clause of
export const kindsWrong = { node: 'Node', zone: 'Zone', hostname: 'Label', 'hints-zones': ['Hints', 'zones'], 'hints-nodes': ['Hints', 'nodes'] } as const satisfies ClauseKinds<'endpoint', EndpointClause>;

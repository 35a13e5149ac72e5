/**
 * `endpoint-slice NAME [in NS] for SVC port … { endpoint ADDR CLAUSE… }` → an EndpointSliceSpec.
 * Each endpoint line's clauses go through one handler per word of CLAUSE_WORDS_OF.endpoint and
 * one per flag of ENDPOINT_FLAGS; every address of a slice is of one family.
 */
import type { EndpointSlicePortSpec, EndpointSpec, Span } from '../../spec/types.js';
import type { EndpointClause, EndpointSliceDecl } from '../../syntax/ast.js';
import type { FamilyName } from '../../address/families.js';
import { DIAG } from '../../diag/catalogue.js';
import { error, type Ctx } from '../context.js';
import type { Ref } from '../refs.js';
import { checkIp } from '../values.js';
import { ENDPOINT_FLAGS } from '../words.js';
import { applyClauses, wordOfKinds, type ClauseByWord, type ClauseKinds, type ClauseTable, type Declaration, type FlagTable } from './clauses.js';
import type { Converted } from './converted.js';
import { checkName, qualify } from './names.js';
import { convertPodPorts } from './ports.js';

/** One endpoint as its clauses leave it. */
export interface EndpointDraft {
  ep: { -readonly [K in keyof EndpointSpec]: EndpointSpec[K] };
  /** The references of the whole slice (an endpoint's `node`). */
  readonly refs: Ref[];
}

/** The AST clause each endpoint clause word parses to. */
const KINDS = {
  node: 'Node',
  zone: 'Zone',
  hostname: 'Hostname',
  'hints-zones': ['Hints', 'zones'],
  'hints-nodes': ['Hints', 'nodes'],
} as const satisfies ClauseKinds<'endpoint', EndpointClause>;

const CLAUSES: ClauseTable<'endpoint', ClauseByWord<EndpointClause, typeof KINDS>, EndpointDraft, undefined> = {
  node: {
    once: true,
    apply: (_ctx, c, e) => {
      e.ep.nodeName = c.node.value;
      e.refs.push({ kind: 'node', name: c.node.value, span: c.node.span });
    },
  },
  zone: { once: true, apply: (_ctx, c, e) => void (e.ep.zone = c.zone.value) },
  hostname: {
    once: true,
    apply: (ctx, c, e) => {
      checkName(ctx, c.value.value, c.value.span, 'host', 'label');
      e.ep.hostname = c.value.value;
    },
  },
  'hints-zones': { once: true, apply: (_ctx, c, e) => void (e.ep.hintsForZones = c.values.map((v) => v.value)) },
  'hints-nodes': { once: true, apply: (_ctx, c, e) => void (e.ep.hintsForNodes = c.values.map((v) => v.value)) },
};

const FLAGS: FlagTable<(typeof ENDPOINT_FLAGS)[number], EndpointDraft> = {
  ready: (e) => void (e.ep = { ...e.ep, ready: true }),
  'not-ready': (e) => void (e.ep = { ...e.ep, ready: false }),
  serving: (e) => void (e.ep = { ...e.ep, serving: true }),
  'not-serving': (e) => void (e.ep = { ...e.ep, serving: false }),
  terminating: (e) => void (e.ep = { ...e.ep, terminating: true }),
};

/** The endpoint line's clause and flag tables. */
export const ENDPOINT: Declaration<'endpoint', EndpointClause, EndpointDraft, undefined> = { decl: 'endpoint', wordOf: wordOfKinds<'endpoint', EndpointClause>(KINDS), clauses: CLAUSES, flagWords: ENDPOINT_FLAGS, flags: FLAGS };

export function convertEndpointSlice(ctx: Ctx, d: EndpointSliceDecl): Converted {
  const { namespace, name, nsSpan } = qualify(ctx, d.name, d.namespace, 'endpoint-slice');
  checkName(ctx, name, d.name.span, 'endpoint-slice', 'subdomain');
  const refs: Ref[] = [
    { kind: 'namespace', name: namespace, span: nsSpan },
    { kind: 'service', namespace, name: d.service.value, span: d.service.span },
  ];
  const ports: EndpointSlicePortSpec[] = convertPodPorts(ctx, d.ports, 'endpoint-slice').map((p) => ({
    ...(p.name !== undefined ? { name: p.name } : {}),
    port: p.containerPort,
    protocol: p.protocol,
  }));
  const endpoints: EndpointSpec[] = [];
  let family: { family: FamilyName; span: Span } | undefined;
  for (const e of d.endpoints) {
    const ip = checkIp(ctx, e.addr, 'endpoint address');
    if (!ip) continue;
    if (family && family.family !== ip.family) {
      error(ctx, DIAG.invalidAddress, e.addr.span, `an ${ip.family} endpoint in an ${family.family} EndpointSlice`, {
        label: `not ${family.family}`,
        notes: ['every address of an EndpointSlice has the same family; write a second slice for the other one'],
      });
      continue;
    }
    family ??= { family: ip.family, span: e.addr.span };
    const draft: EndpointDraft = { ep: { addresses: [ip.text] }, refs };
    applyClauses(ctx, ENDPOINT, e.clauses, draft, undefined);
    endpoints.push(draft.ep);
  }
  const spec = { name, namespace, service: d.service.value, addressType: family?.family ?? 'IPv4', ports, endpoints, span: d.span } as const;
  return { object: { kind: 'endpoint-slice', spec }, refs, span: d.span };
}

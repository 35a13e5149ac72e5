/**
 * `node NAME CLAUSE…` and `pool NAME CLAUSE…` → a NodeSpec. Both take the node clauses (one
 * handler per word of CLAUSE_WORDS_OF.node); a pool gives defaults (zone, domain, labels,
 * readiness) to the nodes that name it and cannot give per-node clauses. A node's own clauses win
 * over its pool's; labels merge.
 */
import type { Labels, NodeAddress, NodeSpec } from '../../spec/types.js';
import type { NodeClause, NodeDecl, PoolDecl } from '../../syntax/ast.js';
import type { FamilyName } from '../../address/families.js';
import { isPrivateAddress } from '../../address/ip.js';
import { cidrInCidr } from '../../address/validate.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, type Ctx } from '../context.js';
import type { Ref } from '../refs.js';
import { checkCidr, checkIp } from '../values.js';
import { NODE_FLAGS } from '../words.js';
import { applyClauses, wordOfKinds, type ClauseByWord, type ClauseKinds, type ClauseTable, type Declaration, type FlagTable } from './clauses.js';
import type { Converted, Env } from './converted.js';
import { familyOf } from './families.js';
import { checkLabels } from './labels.js';
import { checkName } from './names.js';

/** A node (or a pool's defaults) as its clauses leave it. */
export interface NodeParts {
  addresses: NodeAddress[];
  eip?: string;
  pool?: string;
  zone?: string;
  domain?: string;
  podCidr?: string;
  ready: boolean;
  labels: Labels;
}

const emptyNode = (): NodeParts => ({ addresses: [], ready: true, labels: {} });

type Clause<K extends NodeClause['kind']> = Extract<NodeClause, { kind: K }>;

/** The AST clause each node clause word parses to. */
const KINDS = {
  ip: 'Ip',
  pool: 'Pool',
  zone: 'Zone',
  'pod-cidr': 'PodCidr',
  labels: 'Labels',
  eip: 'Eip',
  domain: 'Domain',
} as const satisfies ClauseKinds<'node', NodeClause>;

/** `ip ADDR [primary]`: each address once, one primary per family. */
export function ipClause(ctx: Ctx, c: Clause<'Ip'>, parts: NodeParts): void {
  const ip = checkIp(ctx, c.addr, 'node address');
  if (!ip) return;
  if (parts.addresses.some((a) => a.ip === ip.text)) {
    error(ctx, DIAG.duplicate, c.addr.span, `address ${ip.text} is given twice`, { label: 'second time' });
    return;
  }
  if (c.primary && parts.addresses.some((a) => a.primary && familyOf(a.ip) === ip.family)) {
    error(ctx, DIAG.duplicate, c.span, `a second primary ${ip.family} address`, { label: 'one primary address per IP family' });
    return;
  }
  parts.addresses.push({ ip: ip.text, primary: c.primary });
}

/** `eip ADDR`: a public IPv4 address. */
export function eipClause(ctx: Ctx, c: Clause<'Eip'>, parts: NodeParts): void {
  const ip = checkIp(ctx, c.addr, 'elastic IP');
  if (!ip) return;
  if (ip.family !== 'IPv4' || isPrivateAddress(ip.text) || ip.text.startsWith('127.') || ip.text.startsWith('169.254.')) {
    error(ctx, DIAG.invalidAddress, c.addr.span, `${ip.text} is not a public IPv4 address`, {
      label: ip.family === 'IPv4' ? 'a private address' : 'IPv6',
      notes: ['an elastic IP (the node\'s ExternalIP) is the public address the cloud maps onto the node'],
    });
    return;
  }
  parts.eip = ip.text;
}

/** `pod-cidr CIDR`: carved from the cluster pod CIDR. */
export function podCidrClause(ctx: Ctx, c: Clause<'PodCidr'>, parts: NodeParts, env: Env): void {
  const cidr = checkCidr(ctx, c.cidr, 'node pod CIDR');
  if (!cidr) return;
  if (!env.base.podCidrs.some((p) => cidrInCidr(cidr, p))) {
    error(ctx, DIAG.outsideCidr, c.cidr.span, message(DIAG.outsideCidr, { what: 'node pod CIDR', ip: cidr.text, range: 'cluster pod CIDR' }), {
      label: `not inside ${env.base.podCidrs.map((p) => p.text).join(' or ')}`,
      notes: ['node pod CIDRs are carved from the cluster pod CIDR (`pod-cidr`)'],
    });
    return;
  }
  parts.podCidr = cidr.text;
}

const CLAUSES: ClauseTable<'node', ClauseByWord<NodeClause, typeof KINDS>, NodeParts, Env> = {
  ip: { once: false, apply: ipClause },
  pool: { once: true, apply: (_ctx, c, parts) => void (parts.pool = c.pool.value) },
  zone: { once: true, apply: (_ctx, c, parts) => void (parts.zone = c.zone.value) },
  eip: { once: true, apply: eipClause },
  domain: { once: true, apply: (_ctx, c, parts) => void (parts.domain = c.domain.value) },
  'pod-cidr': { once: true, apply: podCidrClause },
  labels: { once: false, apply: (ctx, c, parts) => void (parts.labels = { ...parts.labels, ...checkLabels(ctx, c.labels) }) },
};

const FLAGS: FlagTable<(typeof NODE_FLAGS)[number], NodeParts> = {
  'not-ready': (parts) => void (parts.ready = false),
};

/** The node clauses' tables (a pool's too). */
export const NODE: Declaration<'node', NodeClause, NodeParts, Env> = { decl: 'node', wordOf: wordOfKinds<'node', NodeClause>(KINDS), clauses: CLAUSES, flagWords: NODE_FLAGS, flags: FLAGS };

/** Clauses that belong to one node: a pool cannot give them. */
const PER_NODE: ReadonlySet<NodeClause['kind']> = new Set(['Ip', 'PodCidr', 'Eip']);

/** Exactly one primary address per family: the marked one, else the first given. */
function withPrimaries(addresses: readonly NodeAddress[]): NodeAddress[] {
  const marked = new Set(addresses.filter((a) => a.primary).map((a) => familyOf(a.ip)));
  const done = new Set<FamilyName>();
  return addresses.map((a) => {
    const f = familyOf(a.ip);
    const primary = marked.has(f) ? a.primary : !done.has(f);
    if (primary) done.add(f);
    return { ip: a.ip, primary };
  });
}

export function convertPool(ctx: Ctx, env: Env, d: PoolDecl): void {
  applyClauses(ctx, NODE, d.clauses, emptyNode(), env, 'pool');
  for (const c of d.clauses) {
    if (PER_NODE.has(c.kind)) {
      error(ctx, DIAG.misplaced, c.span, 'a pool cannot give node addresses, elastic IPs or pod CIDRs', { label: 'per-node clause', help: 'give it on each `node` instead' });
    } else if (c.kind === 'Pool') {
      error(ctx, DIAG.misplaced, c.span, 'a pool cannot belong to another pool', { label: 'not valid on a pool' });
    }
  }
}

/** The node's own parts over its pool's defaults (the pool's diagnostics were given at the pool). */
function withPool(ctx: Ctx, env: Env, own: NodeParts): NodeParts {
  const poolDecl = own.pool !== undefined ? env.pools.get(own.pool) : undefined;
  if (!poolDecl) return own;
  const fromPool = emptyNode();
  applyClauses({ file: ctx.file, diagnostics: [] }, NODE, poolDecl.clauses.filter((c) => !PER_NODE.has(c.kind) && c.kind !== 'Pool'), fromPool, env, 'pool');
  return {
    ...fromPool,
    ...own,
    zone: own.zone ?? fromPool.zone,
    domain: own.domain ?? fromPool.domain,
    ready: own.ready && fromPool.ready,
    labels: { ...fromPool.labels, ...own.labels },
  };
}

export function convertNode(ctx: Ctx, env: Env, d: NodeDecl): Converted {
  checkName(ctx, d.name.value, d.name.span, 'node', 'subdomain');
  const own = emptyNode();
  applyClauses(ctx, NODE, d.clauses, own, env);
  const refs: Ref[] = [];
  const parts = withPool(ctx, env, own);
  const spec: NodeSpec = {
    name: d.name.value,
    addresses: withPrimaries(parts.addresses),
    ...(parts.pool !== undefined ? { pool: parts.pool } : {}),
    ...(parts.zone !== undefined ? { zone: parts.zone } : {}),
    ...(own.eip !== undefined ? { eip: own.eip } : {}),
    ...(parts.domain !== undefined ? { domain: parts.domain } : {}),
    ...(parts.podCidr !== undefined ? { podCidr: parts.podCidr } : {}),
    ready: parts.ready,
    labels: parts.labels,
    span: d.span,
  };
  return { object: { kind: 'node', spec }, refs, span: d.span };
}

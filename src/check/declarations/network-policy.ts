/**
 * `network-policy NAME [in NS] { select … / policy-types … / allow|deny ingress|egress … }` →
 * a NetworkPolicySpec (networking.k8s.io/v1 semantics): one handler per statement word of
 * POLICY_STATEMENT_WORDS, then the checks between statements as a named list. policyTypes: the
 * explicit list when given; otherwise the directions the policy's statements name
 * (`allow`/`deny ingress|egress`), and Ingress alone for a policy with no statement. The compact
 * form says what it means: `deny egress` never isolates ingress. (YAML keeps upstream
 * defaulting — Ingress always, Egress iff egress rules — and its traps.)
 */
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, NetworkPolicySpec, Span } from '../../spec/types.js';
import type { PolicyDecl, PolicyStmt } from '../../syntax/ast.js';
import type { POLICY_STATEMENT_WORDS } from '../../syntax/keywords.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, warn, where, type Ctx } from '../context.js';
import type { Ref } from '../refs.js';
import { convertPeer, convertPolicyPort, convertSelector } from '../policy.js';
import type { Converted } from './converted.js';
import { checkName, qualify } from './names.js';

type Direction = 'ingress' | 'egress';

/** A policy as its statements leave it. */
interface PolicyDraft {
  podSelector?: LabelSelector;
  selectSpan?: Span;
  explicitTypes?: ('Ingress' | 'Egress')[];
  readonly ingress: NetworkPolicyRule[];
  readonly egress: NetworkPolicyRule[];
  /** `deny DIRECTION` statements, by direction (the last). */
  readonly denied: Map<Direction, Span>;
  /** The first `allow DIRECTION` of each direction. */
  readonly allowed: Map<Direction, Span>;
  /** False once a statement had an error. */
  ok: boolean;
}

type Stmt<K extends PolicyStmt['kind']> = Extract<PolicyStmt, { kind: K }>;

/** The statement word a policy statement was written with. */
function wordOf(s: PolicyStmt): StatementWord {
  return s.kind === 'Select' ? 'select' : s.kind === 'PolicyTypes' ? 'policy-types' : s.deny ? 'deny' : 'allow';
}
type StatementWord = (typeof POLICY_STATEMENT_WORDS)[number];

/** `allow DIRECTION [from|to PEERS] [on PORTS]`: a rule of that direction. */
function allowStatement(ctx: Ctx, s: Stmt<'Rule'>, p: PolicyDraft): void {
  p.allowed.set(s.direction, p.allowed.get(s.direction) ?? s.span);
  const peers: NetworkPolicyPeer[] = [];
  for (const x of s.peers) {
    const peer = convertPeer(ctx, x);
    if (peer) peers.push(peer);
    else p.ok = false;
  }
  const ports: NetworkPolicyPort[] = [];
  for (const r of s.ports) {
    const port = convertPolicyPort(ctx, r);
    if (port) ports.push(port);
    else p.ok = false;
  }
  (s.direction === 'ingress' ? p.ingress : p.egress).push({ peers, ports, span: s.span });
}

const STATEMENTS: { readonly [W in StatementWord]: (ctx: Ctx, s: never, p: PolicyDraft) => void } = {
  select: (ctx, s: Stmt<'Select'>, p) => {
    if (p.selectSpan) {
      error(ctx, DIAG.duplicate, s.span, '`select` is given twice in this policy', { label: 'second time', notes: [`first given at ${where(p.selectSpan)}`] });
      return;
    }
    p.selectSpan = s.span;
    p.podSelector = convertSelector(ctx, s.selector);
    if (!p.podSelector) p.ok = false;
  },
  'policy-types': (ctx, s: Stmt<'PolicyTypes'>, p) => {
    const types: ('Ingress' | 'Egress')[] = [];
    for (const w of s.types) {
      const v = w.value.toLowerCase();
      if (v === 'ingress' || v === 'egress') {
        const t = v === 'ingress' ? 'Ingress' : 'Egress';
        if (!types.includes(t)) types.push(t);
      } else {
        error(ctx, DIAG.unknownWord, w.span, message(DIAG.unknownWord, { what: 'policy type', word: w.value }), { expected: '`ingress` or `egress`' });
        p.ok = false;
      }
    }
    p.explicitTypes = types;
  },
  allow: allowStatement,
  deny: (_ctx, s: Stmt<'Rule'>, p) => void p.denied.set(s.direction, s.span),
};

/** The policy being checked, with its name, for the checks between statements. */
interface PolicyAt {
  readonly d: PolicyDecl;
  readonly p: PolicyDraft;
  readonly namespace: string;
  readonly name: string;
}

/** `deny DIRECTION` beside `allow DIRECTION` adds nothing. */
function redundantDeny(ctx: Ctx, { p }: PolicyAt): void {
  for (const [dir, span] of p.denied) {
    const allow = p.allowed.get(dir);
    if (!allow) continue;
    warn(ctx, DIAG.policyRuleVoid, span, `\`deny ${dir}\` adds nothing next to \`allow ${dir}\``, {
      label: 'redundant',
      notes: [`a policy only allows: once it selects a pod for ${dir}, everything its rules do not allow is denied`, `the allow rule is at ${where(allow)}`],
    });
  }
}

/** A policy selects its pods (without `select`, the policy is dropped). */
function selects(ctx: Ctx, { d, p, namespace, name }: PolicyAt): void {
  if (p.selectSpan) return;
  error(ctx, DIAG.missingClause, d.name.span, `network-policy ${namespace}/${name} has no \`select\``, {
    label: 'which pods does it apply to?',
    help: 'add `select app=web`, or `select all` for every pod in the namespace',
  });
}

/** The policy types: the explicit list, else the directions the statements name (Ingress alone for none). */
function policyTypes(p: PolicyDraft): ('Ingress' | 'Egress')[] {
  const hasEgress = p.egress.length > 0 || p.denied.has('egress');
  const hasIngress = p.ingress.length > 0 || p.denied.has('ingress');
  return p.explicitTypes ?? [...(hasIngress || !hasEgress ? ['Ingress' as const] : []), ...(hasEgress ? ['Egress' as const] : [])];
}

/** An `allow` of a direction that explicit `policy-types` leave out has no effect. */
function allowsOfLeftOutTypes(ctx: Ctx, { p }: PolicyAt): void {
  if (!p.explicitTypes) return;
  for (const [dir, list] of [['ingress', p.ingress], ['egress', p.egress]] as const) {
    const t = dir === 'ingress' ? 'Ingress' : 'Egress';
    const first = list[0];
    if (first?.span && !p.explicitTypes.includes(t)) {
      warn(ctx, DIAG.policyRuleVoid, first.span, `\`allow ${dir}\` has no effect: \`policy-types\` leaves out ${t}`, { label: 'ignored', help: `add \`${dir}\` to \`policy-types\`` });
    }
  }
}

export function convertPolicy(ctx: Ctx, d: PolicyDecl): Converted | undefined {
  const { namespace, name, nsSpan } = qualify(ctx, d.name, d.namespace, 'network-policy');
  checkName(ctx, name, d.name.span, 'network-policy', 'subdomain');
  const refs: Ref[] = [{ kind: 'namespace', name: namespace, span: nsSpan }];
  const p: PolicyDraft = { ingress: [], egress: [], denied: new Map(), allowed: new Map(), ok: true };
  // The table pairs each word with its statement (wordOf).
  for (const s of d.body) STATEMENTS[wordOf(s)](ctx, s as never, p);
  const at: PolicyAt = { d, p, namespace, name };
  redundantDeny(ctx, at);
  selects(ctx, at);
  if (!p.selectSpan) return undefined;
  allowsOfLeftOutTypes(ctx, at);
  if (!p.ok || !p.podSelector) return undefined;
  const spec: NetworkPolicySpec = { name, namespace, podSelector: p.podSelector, policyTypes: policyTypes(p), ingress: p.ingress, egress: p.egress, span: d.span };
  return { object: { kind: 'network-policy', spec }, refs, span: d.span };
}

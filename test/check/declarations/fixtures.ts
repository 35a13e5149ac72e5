/** Real AST clauses and a real cluster base for the declaration handlers' unit tests. */
import { parseFile } from '../../../src/syntax/parse.js';
import type { ClusterStmt } from '../../../src/syntax/ast.js';
import { newCtx, type Ctx } from '../../../src/check/context.js';
import { clusterBase } from '../../../src/check/cluster-settings.js';
import type { Env } from '../../../src/check/declarations/converted.js';

/** The statements of `cluster c { … }` holding `lines`. */
export function stmts(...lines: string[]): ClusterStmt[] {
  const parsed = parseFile(`cluster c {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`, 't.netscn');
  if (!parsed.ast) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  const c = parsed.ast.items[0];
  if (c?.kind !== 'Cluster') throw new Error('no cluster');
  return [...c.body];
}

/** The one declaration of `kind` among `lines`. */
export function decl<K extends ClusterStmt['kind']>(kind: K, ...lines: string[]): Extract<ClusterStmt, { kind: K }> {
  const s = stmts(...lines).find((x): x is Extract<ClusterStmt, { kind: K }> => x.kind === kind);
  if (!s) throw new Error(`no ${kind}`);
  return s;
}

/** A context and the environment of a cluster with `settings` (e.g. `pod-cidr 10.244.0.0/16 fd00:10:244::/56`). */
export function env(...settings: string[]): { ctx: Ctx; env: Env } {
  const ctx = newCtx('t.netscn');
  const base = clusterBase(ctx, stmts(...settings).flatMap((s) => (s.kind === 'Setting' ? [s] : [])));
  return { ctx, env: { base, pools: new Map(), defaultNode: 'n1' } };
}

export const messages = (ctx: Ctx): string[] => ctx.diagnostics.map((d) => d.message);

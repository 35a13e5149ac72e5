/**
 * Clause tables: how a declaration with free-order clauses (CLAUSE_WORDS_OF in
 * src/syntax/keywords.ts) is checked. Each declaration module gives one handler per clause word
 * and one per flag; the types make a missing or extra handler a compile error, so the clause
 * words, the grammar (test/syntax/keywords.test.ts) and the checker cannot drift apart.
 * `applyClauses` runs a declaration's clauses through its table in source order: a clause given
 * twice (where once is the rule) is reported and skipped, an unknown flag gets a "did you mean"
 * over the same flag and clause lists.
 */
import type { Span } from '../../spec/types.js';
import type { Word } from '../../syntax/ast.js';
import { CLAUSE_WORDS_OF, type ClauseDecl } from '../../syntax/keywords.js';
import { closest, didYouMean } from '../../diag/suggest.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, where, type Ctx } from '../context.js';
import { lookup } from '../words.js';

/** The clause words of declaration D. */
export type ClauseWord<D extends ClauseDecl> = (typeof CLAUSE_WORDS_OF)[D][number];

/** A bare flag among a declaration's clauses (`headless`, `not-ready`). */
export interface FlagClause {
  readonly kind: 'Flag';
  readonly flag: Word;
  readonly span: Span;
}

/** The AST clause a clause word parses to: its kind, and for a kind several words share, the clause's `which` (`external` of `external-traffic-policy`). */
export type ClauseShape<C extends { readonly kind: string }> = C['kind'] | readonly [C['kind'], string];

/** A declaration's clause words and the AST clause each parses to: the one place a word meets its AST kind. */
export type ClauseKinds<D extends ClauseDecl, C extends { readonly kind: string }> = { readonly [W in ClauseWord<D>]: ClauseShape<Exclude<C, FlagClause>> };

type KindOf<S> = S extends readonly [infer K, string] ? K : S;

/** The AST clause each word of a ClauseKinds table parses to. */
export type ClauseByWord<C extends { readonly kind: string }, T> = { readonly [W in keyof T]: Extract<C, { readonly kind: KindOf<T[W]> }> };

/** The clause word a (non-flag) clause was written with, read from its declaration's ClauseKinds table. */
export function wordOfKinds<D extends ClauseDecl, C extends { readonly kind: string }>(kinds: ClauseKinds<D, C>): (clause: Exclude<C, FlagClause>) => ClauseWord<D> {
  const byShape = new Map<string, ClauseWord<D>>();
  for (const [word, shape] of Object.entries(kinds) as [ClauseWord<D>, ClauseShape<C>][]) byShape.set(typeof shape === 'string' ? shape : `${shape[0]} ${shape[1]}`, word);
  return (clause) => {
    const word = byShape.get(clause.kind) ?? byShape.get(`${clause.kind} ${(clause as { readonly which?: string }).which}`);
    if (word === undefined) throw new Error(`no clause word for a ${clause.kind} clause`);
    return word;
  };
}

/** One clause word's handler: validates the clause and records it on the declaration's draft. */
export interface ClauseHandler<C, Draft, Scope> {
  /** At most one such clause per declaration: a second is reported and not applied. */
  readonly once: boolean;
  /** The table the clause's value word is looked up in (its "did you mean" list), for completion too. */
  readonly values?: Readonly<Record<string, unknown>>;
  readonly apply: (ctx: Ctx, clause: C, draft: Draft, scope: Scope) => void;
}

/**
 * The handler of a clause given once whose value is one word of `values` (`type nodeport`): the
 * word looked up there, with "did you mean" over the same table, then `set` with what it names
 * (undefined after the error).
 */
export function oneWordClause<T, C extends { readonly value: Word }, Draft>(values: Readonly<Record<string, T>>, what: string, set: (draft: Draft, value: T | undefined, clause: C) => void): ClauseHandler<C, Draft, unknown> {
  return { once: true, values, apply: (ctx, c, draft) => set(draft, lookup(ctx, c.value, values, what), c) };
}

/**
 * A handler for every clause word of declaration D and for no other word. `ByWord` maps each
 * word to the AST clause it parses to.
 */
export type ClauseTable<D extends ClauseDecl, ByWord extends { readonly [W in ClauseWord<D>]: unknown }, Draft, Scope> = {
  readonly [W in ClauseWord<D>]: ClauseHandler<ByWord[W], Draft, Scope>;
};

/** A handler for every flag of a declaration (the flag list is its one source, src/check/words.ts). */
export type FlagTable<Flag extends string, Draft> = { readonly [F in Flag]: (draft: Draft, clause: FlagClause) => void };

/** Everything `applyClauses` needs to know about one declaration. */
export interface Declaration<D extends ClauseDecl, C extends { readonly kind: string; readonly span: Span }, Draft, Scope> {
  /** Whose clause words (CLAUSE_WORDS_OF key). */
  readonly decl: D;
  /** The clause word a (non-flag) clause was written with. */
  readonly wordOf: (clause: Exclude<C, FlagClause>) => ClauseWord<D>;
  readonly clauses: { readonly [W in ClauseWord<D>]: ClauseHandler<never, Draft, Scope> };
  /** The flag words, in the order diagnostics list them. */
  readonly flagWords: readonly string[];
  readonly flags: Readonly<Record<string, (draft: Draft, clause: FlagClause) => void>>;
}

/** Runs `clauses` through `d`'s tables, in order; `what` names the declaration in diagnostics (`pool` for a pool's node clauses). */
export function applyClauses<D extends ClauseDecl, C extends { readonly kind: string; readonly span: Span }, Draft, Scope>(
  ctx: Ctx,
  d: Declaration<D, C, Draft, Scope>,
  clauses: readonly C[],
  draft: Draft,
  scope: Scope,
  what: string = d.decl,
): void {
  const once = new Once(ctx, what);
  clauses.forEach((c, i) => {
    if (isFlag(c)) {
      const flag = Object.prototype.hasOwnProperty.call(d.flags, c.flag.value) ? d.flags[c.flag.value] : undefined;
      if (flag) flag(draft, c);
      else unknownFlag(ctx, c.flag, what, d.flagWords, CLAUSE_WORDS_OF[d.decl], clauses[i - 1]);
      return;
    }
    const word = d.wordOf(c as Exclude<C, FlagClause>);
    const handler = d.clauses[word];
    if (handler.once && !once.first(word, c.span)) return;
    // The table's type pairs each word with its clause (ClauseTable), which wordOf follows.
    handler.apply(ctx, c as never, draft, scope);
  });
}

/** The value words of every clause that takes one, by clause word, over `decls` (the language server's completion). */
export function clauseValueWords(...decls: readonly { readonly clauses: Readonly<Record<string, { readonly values?: Readonly<Record<string, unknown>> }>> }[]): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  for (const d of decls) for (const [word, h] of Object.entries(d.clauses)) if (h.values) out[word] = Object.keys(h.values);
  return out;
}

function isFlag(c: { readonly kind: string }): c is FlagClause {
  return c.kind === 'Flag';
}

/** Clause words given once per object: the second is an error naming the first. */
class Once {
  private readonly seen = new Map<string, Span>();
  constructor(private readonly ctx: Ctx, private readonly what: string) {}
  /** False (and an error) when `clause` was already given for this object. */
  first(clause: string, span: Span): boolean {
    const prev = this.seen.get(clause);
    if (prev) {
      error(this.ctx, DIAG.duplicate, span, `\`${clause}\` is given twice for this ${this.what}`, { label: 'second time', notes: [`first given at ${where(prev)}`] });
      return false;
    }
    this.seen.set(clause, span);
    return true;
  }
}

/**
 * An unknown flag of a declaration with free-order clauses. A flag right after an unknown flag
 * that is a near miss of a clause word is that clause's value (`domian idc`): it gets no error of
 * its own.
 */
function unknownFlag(ctx: Ctx, flag: Word, what: string, flags: readonly string[], clauses: readonly string[], previous: { kind: string; flag?: Word } | undefined): void {
  const meantClause = (w: Word): boolean => !flags.includes(w.value) && clauses.includes(closest(w.value, [...flags, ...clauses])?.candidate ?? '');
  if (previous?.kind === 'Flag' && previous.flag && meantClause(previous.flag)) return;
  const shown = clauses.length > 5 ? `${clauses.slice(0, 5).join(', ')}, ...` : clauses.join(', ');
  error(ctx, DIAG.unknownFlag, flag.span, message(DIAG.unknownFlag, { what, flag: flag.value }), {
    label: `not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} flag or clause`,
    expected: `a flag (${flags.join(', ')}) or a clause (${shown})`,
    help: didYouMean(flag.value, [...flags, ...clauses]),
  });
}

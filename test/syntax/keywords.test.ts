/**
 * The keyword tables (src/syntax/keywords.ts) equal the words the grammar spells out, so the
 * two cannot drift: for each table, the keywords that can start the matching grammar rule (its
 * FIRST set, read from Peggy's own parse of grammar/netscn.peggy).
 */
import { readFileSync } from 'node:fs';
import peggy from 'peggy';
import { describe, expect, it } from 'vitest';
import {
  ASSERTION_OPTION_WORDS,
  ASSERTION_WORDS,
  BLOCK_WORDS,
  CHANGE_EXPECTATIONS,
  changePhrase,
  CLAUSE_WORDS_OF,
  INNER_WORDS,
  MUTATION_WORDS,
  OUTCOME_WORDS,
  POLICY_STATEMENT_WORDS,
  STATEMENT_WORDS,
} from '../../src/syntax/keywords.js';
import type { File, StepBlock } from '../../src/syntax/ast.js';
import { parse } from '../../src/syntax/generated/parser.js';

/** A node of Peggy's grammar AST, as far as FIRST sets need it. */
interface Expr {
  readonly type: string;
  readonly expression?: Expr;
  readonly alternatives?: readonly Expr[];
  readonly elements?: readonly Expr[];
  readonly value?: string;
  readonly name?: string;
}

const grammar = peggy.parser.parse(readFileSync('grammar/netscn.peggy', 'utf8'), { grammarSource: 'grammar/netscn.peggy', reservedWords: peggy.RESERVED_WORDS }) as unknown as {
  rules: { name: string; expression: Expr }[];
};
const rules = new Map(grammar.rules.map((r) => [r.name, r.expression]));

/** The literals that can start `e` (predicates and optional parts looked through), and whether it can match nothing. */
function first(e: Expr, visiting: ReadonlySet<string> = new Set()): { words: Set<string>; nullable: boolean } {
  switch (e.type) {
    case 'literal':
      return { words: new Set(e.value ? [e.value] : []), nullable: !e.value };
    case 'rule_ref': {
      if (visiting.has(e.name!)) return { words: new Set(), nullable: false };
      return first(rules.get(e.name!)!, new Set([...visiting, e.name!]));
    }
    case 'choice': {
      const parts = e.alternatives!.map((a) => first(a, visiting));
      return { words: new Set(parts.flatMap((p) => [...p.words])), nullable: parts.some((p) => p.nullable) };
    }
    case 'sequence': {
      const words = new Set<string>();
      for (const el of e.elements!) {
        const f = first(el, visiting);
        f.words.forEach((w) => words.add(w));
        if (!f.nullable) return { words, nullable: false };
      }
      return { words, nullable: true };
    }
    case 'simple_and':
    case 'simple_not':
    case 'semantic_and':
    case 'semantic_not':
      return { words: new Set(), nullable: true };
    case 'optional':
    case 'zero_or_more':
      return { words: first(e.expression!, visiting).words, nullable: true };
    case 'class':
    case 'any':
      return { words: new Set(), nullable: false };
    default:
      // action, labeled, text, named, group, one_or_more, ...: one inner expression.
      if (e.expression) return first(e.expression, visiting);
      throw new Error(`grammar node ${e.type} not handled`);
  }
}

/** The keywords (lower-case words) that can start rule `name`. */
function keywordsOf(...names: string[]): string[] {
  const words = names.flatMap((n) => [...first(rules.get(n)!).words]);
  return [...new Set(words.filter((w) => /^[a-z][a-z-]*$/.test(w)))].sort();
}

const sorted = (words: readonly string[]): string[] => [...new Set(words)].sort();

describe('keyword tables equal the grammar', () => {
  it.each([
    ['node', 'NodeClause'],
    ['pod', 'PodClause'],
    ['service', 'ServiceClause'],
    ['endpoint', 'EndpointClause'],
  ] as const)('the %s clause words are the words that start %s', (decl, rule) => {
    expect(keywordsOf(rule)).toEqual(sorted(CLAUSE_WORDS_OF[decl]));
  });

  it('a pool takes the node clauses', () => {
    const pool = rules.get('PoolDecl')!;
    expect(JSON.stringify(pool)).toContain('"name":"NodeClause"');
  });

  it('the statement words are the words that start a cluster block line', () => {
    expect(keywordsOf('ClusterStmtLine')).toEqual(sorted(STATEMENT_WORDS));
  });

  it('the policy statement words are the words that start a network-policy line', () => {
    expect(keywordsOf('PolicyStmt')).toEqual(sorted(POLICY_STATEMENT_WORDS));
  });

  it('the outcome words are the words of OutcomeWord', () => {
    expect(keywordsOf('OutcomeWord')).toEqual(sorted(OUTCOME_WORDS));
  });

  it('the change expectations are the phrases of ChangeExpect, each parsed to its value', () => {
    /** The words of an alternative, in order (lookaheads skipped). */
    const words = (e: Expr): string[] => {
      switch (e.type) {
        case 'literal':
          return e.value ? [e.value] : [];
        case 'rule_ref':
          return e.name!.startsWith('Kw') ? words(rules.get(e.name!)!) : [];
        case 'sequence':
          return e.elements!.flatMap(words);
        case 'simple_not':
          return [];
        default:
          return e.expression ? words(e.expression) : [];
      }
    };
    const phrases = rules.get('ChangeExpect')!.alternatives!.map((a) => words(a).join(' '));
    expect(phrases.sort()).toEqual(Object.keys(CHANGE_EXPECTATIONS).sort());
    for (const [phrase, value] of Object.entries(CHANGE_EXPECTATIONS)) {
      const ast = parse(`step "s" {\n  expect ${phrase}\n}\n`, { grammarSource: 'x.netscn' }) as File;
      const step = ast.items[0] as StepBlock;
      expect(step.body[0]).toMatchObject({ kind: 'Change', expect: { value } });
      expect(changePhrase(value)).toBe(phrase);
    }
  });

  it('the mutation words are the words that start a mutation', () => {
    expect(keywordsOf('Mutation')).toEqual(sorted(MUTATION_WORDS));
  });

  it('a flag is never a clause, assertion or inner word (ReservedWord)', () => {
    expect(keywordsOf('ReservedWord')).toEqual(
      sorted([...Object.values(CLAUSE_WORDS_OF).flat(), ...INNER_WORDS, ...ASSERTION_OPTION_WORDS, ...ASSERTION_WORDS]),
    );
  });

  it('a flag or setting is never a statement word (StmtKeyword), except the lifecycle words that are flags too', () => {
    const flags = new Set(['ready', 'not-ready']);
    expect(keywordsOf('StmtKeyword')).toEqual(sorted([...STATEMENT_WORDS, ...BLOCK_WORDS, ...MUTATION_WORDS.filter((w) => !flags.has(w))]));
  });
});

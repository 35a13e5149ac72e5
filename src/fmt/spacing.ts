/**
 * The canonical spacing between two tokens of a line: one space, except none before `,` and `)`,
 * after `(` and `!`, and around `=`, `!=`, `==`, `:` and `/` (`app=web`, `tier in (a, b)`,
 * `!canary`, `svc web:80`); a comma of a label list takes no space after it either
 * (`labels app=web,tier=db`, as the README writes them).
 */
import type { Token } from './line-tokens.js';

const GLUE_BOTH = new Set(['=', '!=', '==', ':', '/']);

function isPunct(t: Token, text: string): boolean {
  return t.kind === 'punct' && t.text === text;
}

function gap(prev: Token, next: Token, tightCommas: ReadonlySet<number>): string {
  if (isPunct(next, ',') || isPunct(next, ')') || isPunct(prev, '(') || isPunct(prev, '!')) return '';
  if ((prev.kind === 'punct' && GLUE_BOTH.has(prev.text)) || (next.kind === 'punct' && GLUE_BOTH.has(next.text))) return '';
  if (isPunct(prev, ',') && tightCommas.has(prev.start)) return '';
  return ' ';
}

/** The tokens joined with canonical spacing; `tightCommas` are the offsets of label-list commas. */
export function joinTokens(tokens: readonly Token[], tightCommas: ReadonlySet<number>): string {
  let out = '';
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    out += (prev ? gap(prev, t, tightCommas) : '') + t.text;
  });
  return out;
}

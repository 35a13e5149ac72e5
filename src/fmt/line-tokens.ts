/**
 * One source line as tokens. Ranges the AST marks as single tokens (names, numbers, addresses,
 * strings, label pairs, ports, URLs, paths) are taken verbatim; the text between them holds only
 * keywords, punctuation and a comment, which a small lexer splits. The whitespace between
 * tokens is dropped: the layout decides it.
 */
import type { Range } from './layout-facts.js';

/** A token of a line. */
export type Token =
  /** A range the AST marks as one token, as written. */
  | { readonly kind: 'atom'; readonly text: string; readonly start: number }
  /** A keyword or other word between atoms (`expect`, `33.33%`, a selector's label key). */
  | { readonly kind: 'word'; readonly text: string; readonly start: number }
  /** Punctuation: `,` `(` `)` `{` `}` `|` `=` `!=` `==` `:` `/` `!` `->` `"""`. */
  | { readonly kind: 'punct'; readonly text: string; readonly start: number };

export interface LineTokens {
  readonly tokens: readonly Token[];
  /** The trailing comment, from `#`, without trailing whitespace. */
  readonly comment?: string;
}

const SPACE = /[ \t\r]/;
/** A parameter's `{{NAME}}` (grammar/netscn.peggy's Interp): part of the word around it, never punctuation. */
const INTERPOLATION = /\{\{[A-Za-z_][A-Za-z0-9_-]*\}\}/y;

/** The offset past a `{{NAME}}` starting at `i`, or undefined. */
function interpolationEnd(text: string, i: number): number | undefined {
  INTERPOLATION.lastIndex = i;
  return INTERPOLATION.test(text) ? INTERPOLATION.lastIndex : undefined;
}
const PUNCT_2 = ['->', '!=', '=='];
const PUNCT_1 = new Set([',', '(', ')', '{', '}', '|', '=', ':', '/', '!']);

/**
 * Tokens of `text.slice(from, to)` (one line, no newline). `atoms` is sorted; `next` is the index
 * of the first atom that may start at or after `from`, returned advanced past this line.
 * Throws when an atom crosses the end of the line (the AST and the text disagree).
 */
export function lineTokens(text: string, from: number, to: number, atoms: readonly Range[], next: number): { line: LineTokens; next: number } {
  const tokens: Token[] = [];
  let comment: string | undefined;
  let a = next;
  while (a < atoms.length && atoms[a]!.start < from) a++;
  let i = from;
  while (i < to) {
    const atom = atoms[a];
    if (atom && atom.start === i) {
      if (atom.end > to) throw new Error(`a token at offset ${i} crosses the end of its line`);
      tokens.push({ kind: 'atom', text: text.slice(atom.start, atom.end), start: i });
      i = atom.end;
      a++;
      continue;
    }
    const c = text[i]!;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      comment = text.slice(i, to).replace(/[ \t\r]+$/, '');
      break;
    }
    if (text.startsWith('"""', i)) {
      tokens.push({ kind: 'punct', text: '"""', start: i });
      i += 3;
      continue;
    }
    const two = PUNCT_2.find((p) => text.startsWith(p, i));
    if (two) {
      tokens.push({ kind: 'punct', text: two, start: i });
      i += 2;
      continue;
    }
    if (PUNCT_1.has(c) && interpolationEnd(text, i) === undefined) {
      tokens.push({ kind: 'punct', text: c, start: i });
      i++;
      continue;
    }
    const limit = atom && atom.start < to ? atom.start : to;
    let j = interpolationEnd(text, i) ?? i + 1;
    for (;;) {
      const past = j < limit ? interpolationEnd(text, j) : undefined;
      if (past !== undefined) j = past;
      else if (j < limit && !SPACE.test(text[j]!) && text[j] !== '#' && text[j] !== '"' && !PUNCT_1.has(text[j]!) && !text.startsWith('->', j)) j++;
      else break;
    }
    tokens.push({ kind: 'word', text: text.slice(i, j), start: i });
    i = j;
  }
  while (a < atoms.length && atoms[a]!.start < to) a++;
  return { line: comment === undefined ? { tokens } : { tokens, comment }, next: a };
}

/**
 * A seeded text mutator for fuzzing: the same (text, random sequence) gives the same mutant.
 * Mutations work on lines, words and characters, splice in text from other seeds, and plant the
 * hostile tokens of HOSTILE_TOKENS. A mutant never exceeds MAX_MUTANT_CHARS characters, so every
 * input's work stays bounded by what the pipeline does with that much text.
 */
import type { Random } from '../bench/random.js';

export const MAX_MUTANT_CHARS = 256 * 1024;

/** Tokens that have broken parsers and checkers elsewhere: bounds, encodings, YAML features. */
export const HOSTILE_TOKENS: readonly string[] = [
  '0.0.0.0/0',
  '::/0',
  '255.255.255.255/32',
  '10.0.0.0/8',
  '1-65535',
  '0-99999999',
  '65535',
  '65536',
  '0',
  '-1',
  '99999999999999999999',
  '1e400',
  'NaN',
  '\u0000',
  '\u001b[31m',
  '\r',
  '\t',
  '\u2028',
  '\ufeff',
  '\ud800',
  'é',
  '{',
  '}',
  '"',
  '"""',
  '|',
  '->',
  ',',
  '=',
  '*',
  '#',
  'x'.repeat(300),
  'a'.repeat(70),
  '&a',
  '*a',
  '<<: *a',
  '[',
  ']',
  '---',
  ': ',
  '- ',
  '!!binary',
  '!!js/function',
  '? ',
  '.inf',
  '~',
  'null',
  'true',
];

export interface MutationContext {
  readonly random: Random;
  /** Words and lines of every seed of the same kind, to splice in. */
  readonly words: readonly string[];
  readonly lines: readonly string[];
}

type Mutation = (text: string, ctx: MutationContext) => string;

const WORD = /[A-Za-z0-9_./:\-]+/g;

function wordSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(WORD)) out.push([m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return out;
}

function token(ctx: MutationContext): string {
  return ctx.random.next() < 0.5 || ctx.words.length === 0 ? ctx.random.pick(HOSTILE_TOKENS) : ctx.random.pick(ctx.words);
}

const MUTATIONS: readonly Mutation[] = [
  // Replace a word.
  (text, ctx) => {
    const spans = wordSpans(text);
    if (spans.length === 0) return text + token(ctx);
    const [a, b] = ctx.random.pick(spans);
    return text.slice(0, a) + token(ctx) + text.slice(b);
  },
  // Insert a token anywhere.
  (text, ctx) => {
    const at = ctx.random.int(text.length + 1);
    return text.slice(0, at) + token(ctx) + text.slice(at);
  },
  // Delete a line.
  (text, ctx) => {
    const lines = text.split('\n');
    lines.splice(ctx.random.int(lines.length), 1);
    return lines.join('\n');
  },
  // Repeat a line up to 64 times.
  (text, ctx) => {
    const lines = text.split('\n');
    const i = ctx.random.int(lines.length);
    lines.splice(i, 0, ...Array<string>(1 + ctx.random.int(64)).fill(lines[i] ?? ''));
    return lines.join('\n');
  },
  // Swap two lines.
  (text, ctx) => {
    const lines = text.split('\n');
    const i = ctx.random.int(lines.length);
    const j = ctx.random.int(lines.length);
    [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    return lines.join('\n');
  },
  // Splice in a line of another seed.
  (text, ctx) => {
    const lines = text.split('\n');
    lines.splice(ctx.random.int(lines.length + 1), 0, ctx.lines.length > 0 ? ctx.random.pick(ctx.lines) : '');
    return lines.join('\n');
  },
  // Truncate.
  (text, ctx) => text.slice(0, ctx.random.int(text.length + 1)),
  // Replace one character with any code unit below 0x80, or a control character.
  (text, ctx) => {
    if (text.length === 0) return text;
    const at = ctx.random.int(text.length);
    return text.slice(0, at) + String.fromCharCode(ctx.random.int(0x80)) + text.slice(at + 1);
  },
  // Repeat a short piece of text many times (a huge line or a huge repeat).
  (text, ctx) => {
    const at = ctx.random.int(text.length + 1);
    const piece = text.slice(at, at + 1 + ctx.random.int(24)) || token(ctx);
    return text.slice(0, at) + piece.repeat(1 + ctx.random.int(4000)) + text.slice(at);
  },
  // Nest: wrap a line in brackets many levels deep.
  (text, ctx) => {
    const lines = text.split('\n');
    const i = ctx.random.int(lines.length);
    const depth = 1 + ctx.random.int(2000);
    const [open, close] = ctx.random.pick([
      ['{', '}'],
      ['[', ']'],
      ['- ', ''],
      ['(', ')'],
    ] as const);
    lines[i] = open.repeat(depth) + (lines[i] ?? '') + close.repeat(depth);
    return lines.join('\n');
  },
];

/** 1–4 mutations of `text`, bounded to MAX_MUTANT_CHARS. */
export function mutate(text: string, ctx: MutationContext): string {
  let out = text;
  const n = 1 + ctx.random.int(4);
  for (let k = 0; k < n; k++) {
    out = ctx.random.pick(MUTATIONS)(out, ctx);
    if (out.length > MAX_MUTANT_CHARS) out = out.slice(0, MAX_MUTANT_CHARS);
  }
  return out;
}

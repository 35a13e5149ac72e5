/**
 * Text → AST with every syntax error reported. Peggy stops at the first error, so after a failed
 * whole-file parse each physical line is parsed again with the `Line` start rule and every line
 * that fails is reported (lines inside `yaml """ ... """` blocks are skipped). When no single line
 * fails (an unclosed `{`, a statement in the wrong block) the whole-file error is reported.
 *
 * Contract: never throws; every outcome is a result with diagnostics.
 */
import { MAX_DIAGNOSTICS_PER_FILE } from '../diag/cap.js';
import { DIAG, message } from '../diag/catalogue.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { closest } from '../diag/suggest.js';
import { utf8Length } from '../diag/utf8-length.js';
import * as KW from './keywords.js';
import type { Position } from '../spec/types.js';
import type { File, Span } from './ast.js';
import { parse } from './generated/parser.js';
import { wordBefore } from './word-before.js';

export interface ParseResult {
  readonly ast?: File;
  readonly diagnostics: Diagnostic[];
}

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_FILE_LINES = 200_000;
/**
 * Syntax errors reported per file; the rest are summarised in one note (DIAG.moreSyntaxErrors),
 * which must itself fit under the per-file cap or the cap would replace it.
 */
export const MAX_SYNTAX_ERRORS = MAX_DIAGNOSTICS_PER_FILE - 1;

interface PeggyExpectation {
  readonly type: string;
  readonly text?: string;
  readonly description?: string;
  readonly parts?: readonly (string | readonly string[])[];
  readonly inverted?: boolean;
}
interface PeggyError {
  readonly expected: readonly PeggyExpectation[] | null;
  readonly message?: string;
  readonly found: string | null | undefined;
  readonly location: { readonly start: Position };
}

function isPeggyError(e: unknown): e is PeggyError {
  return typeof e === 'object' && e !== null && 'location' in e && 'expected' in e && (e as { name?: unknown }).name === 'SyntaxError';
}

export function parseFile(text: string, file: string): ParseResult {
  const origin: Position = { offset: 0, line: 1, column: 1 };
  try {
    // A text of n UTF-16 units has at most 3n UTF-8 bytes and n + 1 lines: each limit is measured
    // only when the text could be over it.
    const tooManyBytes = text.length * 3 > MAX_FILE_BYTES && utf8Length(text) > MAX_FILE_BYTES;
    const tooManyLines = text.length + 1 > MAX_FILE_LINES && lineCount(text) > MAX_FILE_LINES;
    if (tooManyBytes || tooManyLines) {
      const bytes = utf8Length(text);
      const lines = lineCount(text);
      return {
        diagnostics: [
          {
            code: DIAG.fileTooLarge.code,
            severity: 'error',
            message: message(DIAG.fileTooLarge, {}),
            span: { file, start: origin, end: origin },
            notes: [`it has ${bytes} bytes and ${lines} lines; the limits are ${MAX_FILE_BYTES} bytes and ${MAX_FILE_LINES} lines`],
            help: 'split the scenario into several files',
          },
        ],
      };
    }
    try {
      return { ast: parse(text, { grammarSource: file }), diagnostics: [] };
    } catch (e) {
      if (!isPeggyError(e)) return { diagnostics: [internalError(e, file)] };
      const lines = text.split('\n');
      const perLine = lineErrors(lines, file);
      if (perLine.length > 0) return { diagnostics: perLine };
      const d = withBlockHint(syntaxDiagnostic(e, text, file, e.location.start, 'file'), lines[e.location.start.line - 1] ?? '');
      return { diagnostics: [withUnclosed(d, lines, e.location.start.offset >= text.length)] };
    }
  } catch (e) {
    return { diagnostics: [internalError(e, file)] };
  }
}

/** Lines of the text (newlines + 1), without splitting it. */
function lineCount(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const BLOCK_ONLY: readonly (readonly [RegExp, string])[] = [
  [new RegExp(`^\\s*(${KW.POLICY_STATEMENT_WORDS.join('|')})\\b`), 'a `network-policy NAME { }` block'],
  [/^\s*endpoint\b/, 'an `endpoint-slice NAME for SERVICE { }` block'],
  [/^\s*rule\b/, 'an `ingress NAME { }` block'],
  [/^\s*\|/, 'a `table { }` block'],
];

/** A line that is valid only inside some block, found outside it: say which block. */
function withBlockHint(d: Diagnostic, line: string): Diagnostic {
  const hit = BLOCK_ONLY.find(([re]) => re.test(line));
  if (!hit) return d;
  const word = /^\s*(\S+)/.exec(line)?.[1] ?? '';
  return { ...d, notes: [...(d.notes ?? []), `\`${word}\` is only valid inside ${hit[1]}`], help: d.help ?? `move this line into ${hit[1]}` };
}

/** At the end of the file, name the line of the innermost `{` that is never closed. */
function withUnclosed(d: Diagnostic, lines: readonly string[], atEnd: boolean): Diagnostic {
  if (!atEnd) return d;
  const open: number[] = [];
  let inYaml = false;
  lines.forEach((raw, i) => {
    if (inYaml) {
      if (YAML_CLOSE.test(raw)) inYaml = false;
      return;
    }
    if (YAML_OPEN.test(raw)) {
      inYaml = true;
      return;
    }
    const line = raw.replace(/#[^"]*$/, '').trim();
    if (line === '}') open.pop();
    else if (line.endsWith('{')) open.push(i + 1);
  });
  const last = open[open.length - 1];
  if (last === undefined) return d;
  return { ...d, expected: '`}`', notes: [...(d.notes ?? []), `the \`{\` on line ${last} is never closed`], help: 'add a line with `}` to end the block' };
}

function internalError(e: unknown, file: string): Diagnostic {
  const what = e instanceof RangeError ? 'the input is nested too deeply or is too long' : e instanceof Error ? e.message : String(e);
  const origin: Position = { offset: 0, line: 1, column: 1 };
  return {
    code: DIAG.internalParse.code,
    severity: 'error',
    message: message(DIAG.internalParse, {}),
    span: { file, start: origin, end: origin },
    notes: [what.split('\n')[0] ?? ''],
    help: 'this is a bug in netscn; please report it with the file that caused it',
  };
}

const YAML_OPEN = /^\s*yaml\s*"""\s*(#.*)?\r?$/;
const YAML_CLOSE = /^\s*"""/;

function lineErrors(lines: readonly string[], file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  let offset = 0;
  let inYaml = false;
  let errors = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    const lineStart = offset;
    offset += line.length + 1;
    if (inYaml) {
      if (YAML_CLOSE.test(line)) inYaml = false;
      continue;
    }
    if (YAML_OPEN.test(line)) {
      inYaml = true;
      continue;
    }
    try {
      parse(line, { grammarSource: file, startRule: 'Line' });
    } catch (e) {
      if (!isPeggyError(e)) {
        out.push(internalError(e, file));
        continue;
      }
      errors++;
      if (errors > MAX_SYNTAX_ERRORS) continue;
      const loc = e.location.start;
      const at: Position = { offset: lineStart + loc.offset, line: i + 1, column: loc.column };
      out.push(syntaxDiagnostic(e, line, file, at, 'line', loc.offset));
    }
  }
  if (errors > MAX_SYNTAX_ERRORS) {
    const last = out[out.length - 1];
    if (last) out.push({ code: DIAG.moreSyntaxErrors.code, severity: 'note', message: message(DIAG.moreSyntaxErrors, { count: errors - MAX_SYNTAX_ERRORS }), span: last.span });
  }
  return out;
}

const WORD_AT = /[A-Za-z0-9_][A-Za-z0-9_.\-]*/y;

/**
 * `source` is the text the error offsets point into (the line, or the whole file); `localOffset`
 * the error's offset in it; `at` its position in the real file.
 */
function syntaxDiagnostic(e: PeggyError, source: string, file: string, at: Position, scope: 'line' | 'file', localOffset = at.offset): Diagnostic {
  WORD_AT.lastIndex = localOffset;
  const wordAt = WORD_AT.exec(source)?.[0];
  const ch = source[localOffset];
  const next = source[localOffset + 1];
  const atEnd = ch === undefined || ch === '\n' || (ch === '\r' && (next === undefined || next === '\n'));
  const foundText = wordAt ?? (atEnd ? undefined : ch);
  const endOf = scope === 'file' && ch === undefined ? 'end of file' : 'end of line';
  const found = foundText === undefined ? endOf : `\`${foundText}\``;
  const width = foundText?.length ?? 0;
  const end: Position = { offset: at.offset + width, line: at.line, column: at.column + width };
  const span: Span = { file, start: at, end };

  // A grammar action's own error() (expected is null): its message says what is wrong.
  if (e.expected === null && e.message) {
    return { code: DIAG.syntax.code, severity: 'error', message: e.message, span: { file, start: at, end: at }, label: 'here' };
  }
  // A line that ends right after a word wanting a value (`pool`, `eip`, `from group`): the
  // grammar only expected more blanks there, so say what is missing in words.
  const before = wordBefore(source.slice(0, localOffset));
  const expected = describeExpected(e.expected ?? [], scope) ?? (atEnd && before !== undefined ? `a value after \`${before}\`` : undefined);
  const keywords = keywordsOf(e.expected ?? []);
  const help = nearMissHelp(keywords, wordAt, before) ?? misspeltEarlier(source.slice(0, localOffset));
  const notes: string[] = [];
  return {
    code: DIAG.syntax.code,
    severity: 'error',
    message: message(DIAG.syntax, { found }),
    span,
    label: foundText === undefined ? `${endOf} here` : 'not valid here',
    ...(expected ? { expected } : {}),
    ...(notes.length ? { notes } : {}),
    ...(help ? { help } : {}),
  };
}

const KEYWORD = /^[a-z][a-z-]*$/;

function keywordsOf(exp: readonly PeggyExpectation[]): string[] {
  const seen = new Set<string>();
  for (const x of exp) if (x.type === 'literal' && x.text !== undefined) seen.add(x.text);
  return [...seen];
}

function nearMissHelp(keywords: readonly string[], wordAt: string | undefined, wordBefore: string | undefined): string | undefined {
  const kws = keywords.filter((k) => KEYWORD.test(k));
  const a = wordAt ? closest(wordAt, kws) : undefined;
  const b = wordBefore ? closest(wordBefore, kws) : undefined;
  const pick = a && a.distance > 0 && (!b || b.distance === 0 || a.distance <= b.distance) ? a : b && b.distance > 0 ? b : undefined;
  return pick ? `did you mean \`${pick.candidate}\`?` : undefined;
}

/** Words that count as statements or as clauses when an expected set is put in words. */
/**
 * When the error is a value that the grammar could not take (`ownr Deployment/web` fails at `/`,
 * `selct app=web` at `=`), the misspelt keyword sits earlier on the line: the word before the
 * value (a clause word), or the line's first word (a statement word).
 */
function misspeltEarlier(textBefore: string): string | undefined {
  const line = textBefore.slice(textBefore.lastIndexOf('\n') + 1);
  const words = line.match(/[A-Za-z0-9_][A-Za-z0-9_.\-]*/g) ?? [];
  const keyword = new Set<string>([...STATEMENT_WORDS, ...CLAUSE_WORDS, ...KW.POLICY_STATEMENT_WORDS, ...KW.ASSERTION_WORDS]);
  const near = (w: string | undefined, kws: Iterable<string>): string | undefined => {
    const c = w === undefined || keyword.has(w) ? undefined : closest(w, kws);
    return c && c.distance > 0 ? `did you mean \`${c.candidate}\`?` : undefined;
  };
  return near(words[words.length - 2], CLAUSE_WORDS) ?? near(words[0], [...STATEMENT_WORDS, ...KW.POLICY_STATEMENT_WORDS]);
}

const STATEMENT_WORDS = new Set<string>([...KW.STATEMENT_WORDS, ...KW.MUTATION_WORDS, ...KW.BLOCK_WORDS]);
const CLAUSE_WORDS = new Set<string>([...KW.ALL_CLAUSE_WORDS, ...KW.INNER_WORDS, ...KW.ASSERTION_OPTION_WORDS]);
const SHOWN_KEYWORDS = 6;

/** Peggy's expected set in words, e.g. "a clause (labels, ports, on, in, ip, ...) or end of line". */
export function describeExpected(exp: readonly PeggyExpectation[], scope: 'line' | 'file' = 'line'): string | undefined {
  const words: string[] = [];
  const symbols: string[] = [];
  const other = new Set<string>();
  let endOfLine = false;
  const seen = new Set<string>();
  for (const x of exp) {
    const key = JSON.stringify(x);
    if (seen.has(key)) continue;
    seen.add(key);
    switch (x.type) {
      case 'literal': {
        const t = x.text ?? '';
        if (t === '\n') endOfLine = true;
        else if (KEYWORD.test(t)) words.push(t);
        else if (t === '"') other.add('a quoted string');
        else symbols.push(`\`${t}\``);
        break;
      }
      case 'end':
        endOfLine = true;
        break;
      case 'other':
        if (x.description === 'comment') endOfLine = true;
        else if (x.description !== 'space') other.add(x.description ?? 'something else');
        break;
      case 'class': {
        const d = describeClass(x);
        if (d) other.add(d);
        break;
      }
      default:
        break;
    }
  }
  const parts: string[] = [];
  if (words.length > 0) {
    const list = words.length > SHOWN_KEYWORDS ? `${words.slice(0, SHOWN_KEYWORDS - 1).join(', ')}, ...` : words.join(', ');
    const stmt = words.filter((w) => STATEMENT_WORDS.has(w)).length;
    const clause = words.filter((w) => CLAUSE_WORDS.has(w)).length;
    if (words.length === 1) parts.push(`\`${words[0]}\``);
    else if (stmt >= 2 && stmt >= clause) parts.push(`a statement (${list})`);
    else if (clause >= 2) parts.push(`a clause (${list})`);
    else parts.push(...(words.length > SHOWN_KEYWORDS ? [`one of ${list}`] : words.map((w) => `\`${w}\``)));
  }
  parts.push(...symbols, ...other);
  if (endOfLine) parts.push(scope === 'file' ? 'a new line' : 'end of line');
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}`;
}

function describeClass(x: PeggyExpectation): string | undefined {
  const parts = x.parts ?? [];
  const flat = parts.map((p) => (typeof p === 'string' ? p : p.join('-'))).join('');
  if (x.inverted) return undefined;
  if (/^[ \t\r]+$/.test(flat)) return undefined;
  if (flat === '0-9') return 'a number';
  if (flat.includes('a-f') || flat.includes('.:')) return 'an address';
  if (flat.includes('a-z') || flat.includes('A-Z')) return 'a name';
  return `one of \`${flat}\``;
}

/**
 * `netscn fmt`: a .netscn file in its one canonical layout. Two spaces of indentation per block,
 * one space between tokens (see spacing.ts), truth tables in aligned columns, trailing comments
 * of consecutive lines aligned, comments and blank-line groups where the author put them (runs of
 * blank lines collapsed to one; none at the start or end of the file or of a block), embedded
 * YAML as written but moved to two spaces inside its `yaml """`.
 *
 * Contract: pure (no I/O, no Node built-ins), never throws. A file with syntax errors is refused
 * with the parser's diagnostics. Only whitespace and table bars change, each line stays a line,
 * and the output is parsed again and must have the same meaning (meaning.ts) as the input, so a
 * formatting bug is reported as an internal error instead of changing a scenario. Formatting
 * the output again changes nothing.
 */
import { DIAG, message } from '../diag/catalogue.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasErrors } from '../diag/diagnostic.js';
import { parseFile } from '../syntax/parse.js';
import { layoutFacts, type LayoutFacts, type Range } from './layout-facts.js';
import { lineTokens, type LineTokens, type Token } from './line-tokens.js';
import { meaningOf } from './meaning.js';
import { joinTokens } from './spacing.js';
import { layoutTable } from './table-layout.js';
import { reindentYaml } from './yaml-indent.js';

export type FormatResult =
  /** The formatted text (equal to the input when it was already canonical). */
  | { readonly ok: true; readonly text: string }
  /** The file does not parse (or, a bug, could not be formatted safely): nothing was formatted. */
  | { readonly ok: false; readonly diagnostics: Diagnostic[] };

const INDENT = 2;
const YAML_CLOSE = /^[ \t\r]*"""/;

/** One output line. */
type OutLine =
  /** A blank line between groups. */
  | { readonly kind: 'blank' }
  /** A statement and/or a comment at an indentation. `code` is empty on a comment-only line. */
  | { readonly kind: 'code'; readonly indent: number; readonly code: string; readonly comment?: string; readonly opens: boolean }
  /** A line of an embedded YAML body, complete. */
  | { readonly kind: 'raw'; readonly text: string };

export function formatSource(text: string, file = '<stdin>'): FormatResult {
  const parsed = parseFile(text, file);
  if (!parsed.ast || hasErrors(parsed.diagnostics)) return { ok: false, diagnostics: parsed.diagnostics };
  let out: string;
  try {
    out = layout(text, layoutFacts(parsed.ast));
  } catch (e) {
    return { ok: false, diagnostics: [internal(file, e instanceof Error ? e.message : String(e))] };
  }
  const again = parseFile(out, file);
  if (!again.ast || hasErrors(again.diagnostics) || meaningOf(again.ast) !== meaningOf(parsed.ast)) {
    return { ok: false, diagnostics: [internal(file, 'the formatted text would not mean the same as the input')] };
  }
  return { ok: true, text: out };
}

function internal(file: string, note: string): Diagnostic {
  const origin = { offset: 0, line: 1, column: 1 };
  return {
    code: DIAG.internalFormat.code,
    severity: 'error',
    message: message(DIAG.internalFormat, {}),
    span: { file, start: origin, end: origin },
    notes: [note],
    help: 'this is a bug in netscn; please report it with the file that caused it',
  };
}

interface SourceLine {
  readonly from: number;
  readonly to: number;
}

function sourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let from = 0;
  for (;;) {
    const nl = text.indexOf('\n', from);
    if (nl === -1) {
      lines.push({ from, to: text.length });
      return lines;
    }
    lines.push({ from, to: nl });
    from = nl + 1;
  }
}

function layout(text: string, facts: LayoutFacts): string {
  const lines = sourceLines(text);
  // Pass 1: tokens of every line outside YAML bodies; the bodies' line ranges.
  const tokens: (LineTokens | undefined)[] = [];
  const yamlBodies = new Map<number, number>(); // opening line -> closing line
  let next = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const r = lineTokens(text, l.from, l.to, facts.atoms, next);
    tokens[i] = r.line;
    next = r.next;
    if (facts.yamlOpens.has(i)) {
      let close = i + 1;
      while (close < lines.length && !YAML_CLOSE.test(text.slice(lines[close]!.from, lines[close]!.to))) close++;
      if (close >= lines.length) throw new Error(`the yaml block on line ${i + 1} has no closing """`);
      yamlBodies.set(i, close);
      i = close - 1;
    }
  }
  const tight = new Set<number>();
  for (const g of facts.tightGaps) for (let k = text.indexOf(',', g.start); k !== -1 && k < g.end; k = text.indexOf(',', k + 1)) tight.add(k);
  const tables = tableLines(tokens, facts, tight);

  // Pass 2: indentation, blank lines, YAML bodies.
  const out: OutLine[] = [];
  let depth = 0;
  let blank = false;
  for (let i = 0; i < lines.length; i++) {
    const line = tokens[i];
    if (!line) continue;
    if (line.tokens.length === 0 && line.comment === undefined) {
      blank = true;
      continue;
    }
    const first = line.tokens[0];
    const last = line.tokens[line.tokens.length - 1];
    const closes = first?.kind === 'punct' && first.text === '}';
    const opens = last?.kind === 'punct' && last.text === '{';
    if (closes) depth = Math.max(0, depth - 1);
    const previous = out[out.length - 1];
    if (blank && previous && !(previous.kind === 'code' && previous.opens) && !closes) out.push({ kind: 'blank' });
    blank = false;
    const code = tables.get(i) ?? joinTokens(line.tokens, tight);
    out.push({ kind: 'code', indent: depth * INDENT, code, opens, ...(line.comment !== undefined ? { comment: line.comment } : {}) });
    const close = yamlBodies.get(i);
    if (close !== undefined) {
      const body = lines.slice(i + 1, close).map((l) => text.slice(l.from, l.to));
      for (const raw of reindentYaml(body, (depth + 1) * INDENT)) out.push({ kind: 'raw', text: raw });
      i = close - 1;
    }
    if (opens) depth++;
  }
  return render(out);
}

/** The formatted text (without indentation) of every table header and row line. */
function tableLines(tokens: readonly (LineTokens | undefined)[], facts: LayoutFacts, tight: ReadonlySet<number>): Map<number, string> {
  const result = new Map<number, string>();
  for (const t of facts.tables) {
    const entries = (line: number, ranges: readonly Range[]): string[] => {
      const toks = tokens[line]?.tokens ?? [];
      const groups = ranges.map((r) => toks.filter((k) => k.start >= r.start && k.start < r.end));
      const used = new Set<Token>(groups.flat());
      const stray = toks.find((k) => !used.has(k) && !(k.kind === 'punct' && k.text === '|'));
      if (stray) throw new Error(`unexpected \`${stray.text}\` in the table on line ${line + 1}`);
      return groups.map((g) => joinTokens(g, tight));
    };
    const header = entries(t.header.line, t.header.columns);
    const rows = t.rows.map((r) => {
      const [source = '', ...cells] = entries(r.line, [r.source, ...r.cells]);
      return { source, cells };
    });
    const laid = layoutTable({ header, rows });
    result.set(t.header.line, laid.header);
    t.rows.forEach((r, k) => result.set(r.line, laid.rows[k]!));
  }
  return result;
}

/** Lines joined; trailing comments of consecutive statements at one indentation share a column. */
function render(out: readonly OutLine[]): string {
  const text: string[] = [];
  for (let i = 0; i < out.length; ) {
    const line = out[i]!;
    if (line.kind !== 'code' || line.code === '' || line.comment === undefined) {
      text.push(line.kind === 'blank' ? '' : line.kind === 'raw' ? line.text : ' '.repeat(line.indent) + (line.code === '' ? line.comment ?? '' : line.code + (line.comment ? ' ' + line.comment : '')));
      i++;
      continue;
    }
    let j = i;
    let width = 0;
    for (; j < out.length; j++) {
      const o = out[j]!;
      if (o.kind !== 'code' || o.code === '' || o.comment === undefined || o.indent !== line.indent) break;
      width = Math.max(width, o.code.length);
    }
    for (let k = i; k < j; k++) {
      const o = out[k] as Extract<OutLine, { kind: 'code' }>;
      text.push(' '.repeat(o.indent) + o.code.padEnd(width) + ' ' + o.comment);
    }
    i = j;
  }
  return text.length === 0 ? '' : text.join('\n') + '\n';
}

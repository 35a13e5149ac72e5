/**
 * The rustc-style text renderer:
 *
 *     error[NS0001]: unexpected `app`
 *      --> scenario.netscn:3:26
 *       |
 *     3 |   pod web in shop lables app=web
 *       |                          ^^^ not valid here
 *       |
 *       = expected: a clause (in, on, labels, ports, ...) or end of line
 *       = help: did you mean `labels`?
 *
 * Colour only when asked, through a chalk instance with an explicit level (no global state).
 * Source lines, messages and labels are printed through display.ts (control characters made
 * visible, long names cut).
 */
import { Chalk, type ChalkInstance } from 'chalk';
import type { Span } from '../spec/types.js';
import type { Diagnostic, Severity } from './diagnostic.js';
import { displayText, MAX_EXPECTED, visibleControls } from './display.js';

export interface RenderOptions {
  readonly color: boolean;
  /**
   * The file `source` is the text of. A diagnostic in another file (a manifest loaded by the
   * scenario) is rendered with `sourceOf` of that file, or without a code frame.
   */
  readonly file?: string;
  readonly sourceOf?: (file: string) => string | undefined;
}

interface Paint {
  readonly sev: (s: Severity, t: string) => string;
  readonly gutter: (t: string) => string;
  readonly bold: (t: string) => string;
}

const PLAIN: Paint = { sev: (_s, t) => t, gutter: (t) => t, bold: (t) => t };

function paintOf(color: boolean): Paint {
  if (!color) return PLAIN;
  const c: ChalkInstance = new Chalk({ level: 1 });
  return {
    sev: (s, t) => (s === 'error' ? c.red.bold(t) : s === 'warning' ? c.yellow.bold(t) : c.cyan.bold(t)),
    gutter: (t) => c.blue.bold(t),
    bold: (t) => c.bold(t),
  };
}

const TAB = '    ';

/** Line `line` (1-based) of a source, control characters made visible; undefined past its end. */
type LineOf = (line: number) => string | undefined;

function shown(text: string): string {
  return visibleControls(text.replace(/\r$/, ''));
}

/** Finds one line by scanning from the start (for a single diagnostic). */
function scanLines(source: string): LineOf {
  return (line) => {
    let start = 0;
    for (let i = 1; i < line; i++) {
      const nl = source.indexOf('\n', start);
      if (nl < 0) return undefined;
      start = nl + 1;
    }
    const end = source.indexOf('\n', start);
    return shown(source.slice(start, end < 0 ? source.length : end));
  };
}

/** Indexes every line start once (for many diagnostics of one source). */
function indexLines(source: string): LineOf {
  const starts = [0];
  for (let nl = source.indexOf('\n'); nl >= 0; nl = source.indexOf('\n', nl + 1)) starts.push(nl + 1);
  return (line) => {
    const start = starts[line - 1];
    if (start === undefined || line < 1) return undefined;
    const next = starts[line];
    return shown(source.slice(start, next === undefined ? source.length : next - 1));
  };
}

/** Display width of the first `col - 1` characters of `text` (tabs count as four). */
function widthBefore(text: string, col: number): number {
  let w = 0;
  for (let i = 0; i < col - 1; i++) w += text[i] === '\t' ? TAB.length : 1;
  return w;
}

/** Lines longer than this are shown as a window around the span, elided with `…` either side. */
export const MAX_FRAME_LINE = 240;
/** Characters kept either side of the span in an elided line. */
const FRAME_CONTEXT = 60;

/**
 * The part of `text` a frame shows for a span from `startCol` to `endCol` (1-based, end
 * exclusive): the whole line when it is short enough, otherwise a window around the start of
 * the span with `…` marking what was cut. Columns are returned relative to the shown text.
 */
function frameWindow(text: string, startCol: number, endCol: number): { readonly shown: string; readonly startCol: number; readonly endCol: number } {
  if (text.length <= MAX_FRAME_LINE) return { shown: text, startCol, endCol };
  const s = startCol - 1;
  const e = Math.min(Math.max(endCol - 1, s + 1), s + MAX_FRAME_LINE - 2 * FRAME_CONTEXT);
  const a = Math.max(0, s - FRAME_CONTEXT);
  const b = Math.min(text.length, e + FRAME_CONTEXT);
  const head = a > 0 ? '…' : '';
  const shown = head + text.slice(a, b) + (b < text.length ? '…' : '');
  return { shown, startCol: s - a + head.length + 1, endCol: Math.min(e, b) - a + head.length + 1 };
}

function frameLines(lineOf: LineOf, span: Span, severity: Severity, label: string | undefined, paint: Paint, gutterWidth: number): string[] | undefined {
  const full = lineOf(span.start.line);
  if (full === undefined) return undefined;
  const pad = ' '.repeat(gutterWidth);
  const bar = paint.gutter(`${pad} |`);
  const lineEndCol = full.length + 1;
  const spanEnd = span.end.line === span.start.line ? span.end.column : lineEndCol;
  const spanStart = Math.min(span.start.column, lineEndCol);
  const { shown: text, startCol, endCol } = frameWindow(full, spanStart, Math.max(spanEnd, spanStart));
  const caretCount = Math.max(1, widthBefore(text, endCol) - widthBefore(text, startCol));
  const carets = paint.sev(severity, '^'.repeat(caretCount) + (label ? ` ${displayText(label)}` : ''));
  return [
    bar,
    `${paint.gutter(`${String(span.start.line).padStart(gutterWidth)} |`)} ${text.replace(/\t/g, TAB)}`.trimEnd(),
    `${bar} ${' '.repeat(widthBefore(text, startCol))}${carets}`,
  ];
}

/** The source frame alone (gutter, line, carets and label), e.g. for vitest's error `frame`. */
export function codeFrame(source: string, span: Span, label?: string): string {
  return (frameLines(scanLines(source), span, 'error', label, PLAIN, String(span.start.line).length) ?? []).join('\n');
}

export function renderDiagnostic(d: Diagnostic, source: string, opts: RenderOptions): string {
  return renderWith(d, scanLines(source), opts);
}

/** `lineOf`: the lines of the source `opts.file` names (or of the diagnostic's file when none is named). */
function renderWith(d: Diagnostic, lineOf: LineOf, opts: RenderOptions): string {
  const paint = paintOf(opts.color);
  const gutterWidth = String(d.span.start.line).length;
  const pad = ' '.repeat(gutterWidth);
  const out: string[] = [`${paint.sev(d.severity, `${d.severity}[${d.code}]`)}${paint.bold(`: ${displayText(d.message)}`)}`];
  out.push(`${pad}${paint.gutter('-->')} ${visibleControls(d.span.file)}:${d.span.start.line}:${d.span.start.column}`);
  const other = opts.file === undefined || d.span.file === opts.file ? undefined : opts.sourceOf?.(d.span.file);
  const lines = opts.file === undefined || d.span.file === opts.file ? lineOf : other === undefined ? undefined : scanLines(other);
  const frame = lines === undefined ? undefined : frameLines(lines, d.span, d.severity, d.label, paint, gutterWidth);
  if (frame) out.push(...frame);
  const extras: string[] = [];
  if (d.expected) extras.push(`expected: ${displayText(d.expected, MAX_EXPECTED)}`);
  for (const n of d.notes ?? []) extras.push(`note: ${displayText(n)}`);
  if (d.help) extras.push(`help: ${displayText(d.help)}`);
  if (extras.length > 0) {
    out.push(paint.gutter(`${pad} |`));
    for (const e of extras) out.push(`${pad} ${paint.gutter('=')} ${e}`);
  }
  return out.join('\n');
}

/** Every diagnostic, separated by blank lines, then a one-line summary. */
export function renderDiagnostics(ds: readonly Diagnostic[], source: string, opts: RenderOptions): string {
  const errors = ds.filter((d) => d.severity === 'error').length;
  const warnings = ds.filter((d) => d.severity === 'warning').length;
  const lineOf = indexLines(source);
  const parts = ds.map((d) => renderWith(d, lineOf, opts));
  const summary: string[] = [];
  if (errors > 0) summary.push(`${errors} error${errors === 1 ? '' : 's'}`);
  if (warnings > 0) summary.push(`${warnings} warning${warnings === 1 ? '' : 's'}`);
  if (summary.length > 0) parts.push(summary.join(', '));
  return parts.join('\n\n') + (parts.length > 0 ? '\n' : '');
}

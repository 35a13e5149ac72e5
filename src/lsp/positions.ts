/**
 * Source positions between netscn and the Language Server Protocol. netscn spans are 1-based
 * (line, column) with a 0-based offset, counted in UTF-16 code units like JavaScript strings;
 * LSP positions are 0-based (line, character) in UTF-16 code units (the protocol's default
 * encoding), so the conversion is a shift by one.
 */
import type { Position as LspPosition, Range } from 'vscode-languageserver';
import type { Span } from '../spec/types.js';

export function rangeOf(span: Span): Range {
  return {
    start: { line: span.start.line - 1, character: span.start.column - 1 },
    end: { line: span.end.line - 1, character: span.end.column - 1 },
  };
}

/** Whether `pos` lies inside `span` (its end included, so a cursor just after a word counts). */
export function spanContains(span: Span, pos: LspPosition): boolean {
  const line = pos.line + 1;
  const col = pos.character + 1;
  if (line < span.start.line || line > span.end.line) return false;
  if (line === span.start.line && col < span.start.column) return false;
  if (line === span.end.line && col > span.end.column) return false;
  return true;
}

/** The 0-based offset of `pos` in `text` (clamped to the text). */
export function offsetAt(text: string, pos: LspPosition): number {
  let offset = 0;
  for (let line = 0; line < pos.line; line++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  const end = text.indexOf('\n', offset);
  const lineEnd = end < 0 ? text.length : end;
  return Math.min(offset + pos.character, lineEnd);
}

/** The text of line `line` (0-based) up to `character`. */
export function linePrefix(text: string, pos: LspPosition): string {
  const offset = offsetAt(text, pos);
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  return text.slice(start, offset);
}

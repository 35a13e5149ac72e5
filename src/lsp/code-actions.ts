/**
 * Quick fixes that apply a diagnostic's "did you mean" suggestion. The word replaced is the one
 * the diagnostic points at; a syntax error may instead suggest a fix for the word just before
 * (`pol workers`: the parser stops at `workers`, the near miss is `pol`), so the fix replaces
 * whichever of the two is the near miss of the suggestion.
 */
import type { CodeAction, Diagnostic as LspDiagnostic, Range } from 'vscode-languageserver';
import { closest } from '../diag/suggest.js';
import type { DiagnosticData } from './diagnostics.js';
import { offsetAt } from './positions.js';
import { wordBeforeAt } from '../syntax/word-before.js';

const WORD_AT = /^[A-Za-z0-9_][A-Za-z0-9_.\-/]*/;

function positionAt(text: string, offset: number): { line: number; character: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

/** The range of the near-missed word the suggestion replaces, or undefined when neither word is one. */
export function replacedRange(text: string, range: Range, suggestion: string): Range | undefined {
  const start = offsetAt(text, range.start);
  const end = offsetAt(text, range.end);
  const at = end > start ? text.slice(start, end) : WORD_AT.exec(text.slice(start))?.[0];
  if (at !== undefined && at !== suggestion && closest(at, [suggestion]) !== undefined) {
    return { start: positionAt(text, start), end: positionAt(text, start + at.length) };
  }
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const m = wordBeforeAt(text.slice(lineStart, start), '/');
  if (m !== undefined && m.word !== suggestion && closest(m.word, [suggestion]) !== undefined) {
    const from = lineStart + m.index;
    return { start: positionAt(text, from), end: positionAt(text, from + m.word.length) };
  }
  return undefined;
}

export function codeActions(text: string, uri: string, diagnostics: readonly LspDiagnostic[]): CodeAction[] {
  const out: CodeAction[] = [];
  for (const d of diagnostics) {
    const suggestion = (d.data as DiagnosticData | undefined)?.suggestion;
    if (suggestion === undefined) continue;
    const range = replacedRange(text, d.range, suggestion);
    if (!range) continue;
    out.push({
      title: `Change to \`${suggestion}\``,
      kind: 'quickfix',
      diagnostics: [d],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range, newText: suggestion }] } },
    });
  }
  return out;
}

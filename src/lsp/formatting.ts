/**
 * Document formatting against a formatter function (text in, formatted text out; undefined when
 * it cannot format, e.g. a file with syntax errors): one edit replacing the whole document, or
 * none when the text is already formatted.
 */
import type { TextEdit } from 'vscode-languageserver';

export type Formatter = (text: string, file: string) => string | undefined;

export function formattingEdits(text: string, file: string, format: Formatter): TextEdit[] {
  let formatted: string | undefined;
  try {
    formatted = format(text, file);
  } catch {
    return [];
  }
  if (formatted === undefined || formatted === text) return [];
  const lines = text.split('\n');
  const end = { line: lines.length - 1, character: lines[lines.length - 1]!.length };
  return [{ range: { start: { line: 0, character: 0 }, end }, newText: formatted }];
}

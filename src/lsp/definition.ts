/**
 * Go to definition, find references and rename, over the name index (names.ts). Files are
 * named as the diagnostics name them; `uriOf` turns such a name into a document URI.
 */
import type { Location, Position, Range, WorkspaceEdit } from 'vscode-languageserver';
import { occurrenceAt, type Occurrence } from './names.js';
import { rangeOf } from './positions.js';

export type UriOf = (file: string) => string;

function location(o: Occurrence, uriOf: UriOf): Location {
  return { uri: uriOf(o.span.file), range: rangeOf(o.span) };
}

/** The declarations of the name under the cursor. */
export function definition(names: readonly Occurrence[], file: string, pos: Position, uriOf: UriOf): Location[] {
  const at = occurrenceAt(names, file, pos.line, pos.character);
  if (!at) return [];
  return names.filter((o) => o.key === at.key && o.decl).map((o) => location(o, uriOf));
}

/** Every occurrence of the name under the cursor (its declarations when asked). */
export function references(names: readonly Occurrence[], file: string, pos: Position, includeDeclaration: boolean, uriOf: UriOf): Location[] {
  const at = occurrenceAt(names, file, pos.line, pos.character);
  if (!at) return [];
  return names.filter((o) => o.key === at.key && (includeDeclaration || !o.decl)).map((o) => location(o, uriOf));
}

/** The range a rename would change (the name under the cursor), or undefined when there is none there. */
export function prepareRename(names: readonly Occurrence[], file: string, pos: Position): Range | undefined {
  const at = occurrenceAt(names, file, pos.line, pos.character);
  return at && at.span.file === file ? rangeOf(at.span) : undefined;
}

const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

export type RenameResult = { readonly kind: 'edit'; readonly edit: WorkspaceEdit } | { readonly kind: 'refused'; readonly reason: string };

/**
 * Every occurrence of the name in the scenario file, renamed. Refused when the new name is not a
 * name, or when the name is declared in a loaded manifest (the YAML is not rewritten).
 */
export function rename(names: readonly Occurrence[], file: string, pos: Position, newName: string, uriOf: UriOf): RenameResult | undefined {
  const at = occurrenceAt(names, file, pos.line, pos.character);
  if (!at) return undefined;
  if (!NAME.test(newName)) return { kind: 'refused', reason: `\`${newName}\` is not a valid name` };
  const all = names.filter((o) => o.key === at.key);
  const elsewhere = all.find((o) => o.span.file !== file);
  if (elsewhere) return { kind: 'refused', reason: `${at.kind} ${at.name} is declared in ${elsewhere.span.file}; rename it there` };
  return { kind: 'edit', edit: { changes: { [uriOf(file)]: all.map((o) => ({ range: rangeOf(o.span), newText: newName })) } } };
}

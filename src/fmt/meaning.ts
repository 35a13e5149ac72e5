/**
 * The meaning of a parsed file, as a string two layouts of the same file share: the AST without
 * source positions, with each embedded YAML body as the checker reads it (dedented, line ends
 * without `\r`) and each "as written" text field without its whitespace. The formatter checks
 * its output against this before it returns anything.
 */
import { dedent } from '../manifests/sources.js';
import type { File } from '../syntax/ast.js';

/** Node kinds whose `text` field is the source text, kept for test names. */
const WRITTEN_TEXT = new Set(['Reach', 'GroupReach', 'Resolve', 'Request', 'Table', 'Change', 'PodGroup']);

function isSpan(v: unknown): boolean {
  return typeof v === 'object' && v !== null && 'start' in v && 'end' in v && 'file' in v && !('kind' in v);
}

export function meaningOf(ast: File): string {
  return JSON.stringify(ast, function (this: Record<string, unknown>, key, value: unknown) {
    if (isSpan(value)) return 'span';
    if (key === 'text' && typeof value === 'string') {
      if (this['kind'] === 'Yaml') return dedent(value.replace(/\r\n/g, '\n')).text;
      if (WRITTEN_TEXT.has(String(this['kind']))) return value.replace(/\s+/g, '');
    }
    return value;
  });
}

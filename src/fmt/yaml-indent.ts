/**
 * An embedded YAML body moved to a new indentation. What the checker reads is the body with its
 * common space indentation removed (`dedent` of src/manifests), so the body keeps its meaning
 * when that dedented text is unchanged; a body where it would not be (whitespace-only lines that
 * `dedent` keeps because nothing is indented) is left as written.
 */
import { dedent } from '../manifests/sources.js';

/** `lines` (without line ends) with their common indentation replaced by `indent` spaces. */
export function reindentYaml(lines: readonly string[], indent: number): string[] {
  const body = lines.map((l) => l.replace(/\r$/, ''));
  const text = body.join('\n');
  const common = dedent(text).indent;
  const prefix = ' '.repeat(indent);
  const moved = body.map((l) => (l.trim() === '' ? '' : prefix + l.slice(common)));
  return dedent(moved.join('\n')).text === dedent(text).text ? moved : body;
}

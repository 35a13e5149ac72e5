/**
 * A bound on YAML nesting, checked on the raw text before any YAML parser sees it: the yaml
 * library recurses once per level, and deep enough text (about a thousand `- ` on one line, a few
 * thousand `[`) makes V8 abort the whole process (a fatal out-of-memory in its regular
 * expression compiler), which no try/catch can stop. The check over-approximates: flow brackets
 * are counted outside quoted scalars and comments (both recognised as YAML does), and a line's
 * block depth is the length of its prefix of spaces, tabs and `-` plus its chained `key: `
 * separators and `? ` explicit keys — so text it refuses is far deeper than any real manifest.
 */

/** Open flow collections (`[`, `{`) at one point. */
export const MAX_FLOW_DEPTH = 200;
/** Characters of indentation and `- ` sequence markers before a line's content. */
export const MAX_BLOCK_PREFIX = 1000;
/** `key: ` separators chained on one line with no `,` between them (each nests an implicit key). */
export const MAX_LINE_KEYS = 200;

/** Why the text is nested too deeply to parse, with the 0-based offset where it first is; undefined when it is not. */
export function yamlNestingProblem(text: string): { readonly message: string; readonly offset: number } | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  let lineStart = true;
  let prefix = 0;
  let keys = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      lineStart = true;
      prefix = 0;
      keys = 0;
      continue;
    }
    if (lineStart) {
      if (c === ' ' || c === '\t' || c === '-') {
        if (++prefix > MAX_BLOCK_PREFIX) return { message: `YAML nested deeper than netscn reads: more than ${MAX_BLOCK_PREFIX} characters of indentation and \`- \` before a line's content`, offset: i };
        continue;
      }
      lineStart = false;
    }
    if (quote !== undefined) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    // As in YAML: a quote opens a scalar only at the start of a token, and `#` starts a comment
    // only after white space.
    const before = i === 0 ? '\n' : text[i - 1];
    const tokenStart = before === ' ' || before === '\t' || before === '\n' || before === '[' || before === '{' || before === ',' || before === ':' || before === '-';
    if ((c === '"' || c === "'") && tokenStart) quote = c;
    else if (c === '#' && (before === ' ' || before === '\t' || before === '\n')) {
      const nl = text.indexOf('\n', i);
      i = (nl < 0 ? text.length : nl) - 1;
    } else if (c === '[' || c === '{') {
      keys = 0;
      if (++depth > MAX_FLOW_DEPTH) return { message: `YAML nested deeper than netscn reads: more than ${MAX_FLOW_DEPTH} open \`[\` or \`{\``, offset: i };
    } else if (c === ']' || c === '}' || (c === ',' && depth > 0)) {
      keys = 0;
      if (c !== ',' && depth > 0) depth--;
    } else if (c === ':' && (text[i + 1] === ' ' || text[i + 1] === '\t' || (depth > 0 && (before === '"' || before === "'"))) && ++keys > MAX_LINE_KEYS) {
      // Keys chained without a `,` between them nest (in block and in flow context alike).
      return { message: `YAML nested deeper than netscn reads: more than ${MAX_LINE_KEYS} \`key: \` chained on one line`, offset: i };
    } else if (c === '?' && tokenStart && (text[i + 1] === ' ' || text[i + 1] === '\t') && ++keys > MAX_LINE_KEYS) {
      // Explicit keys (`? `) chained on one line nest one mapping each, like `key: `.
      return { message: `YAML nested deeper than netscn reads: more than ${MAX_LINE_KEYS} explicit keys (\`? \`) chained on one line`, offset: i };
    }
  }
  return undefined;
}

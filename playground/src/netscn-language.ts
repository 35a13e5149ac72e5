/**
 * Highlighting for `.netscn` in CodeMirror: a stream tokenizer whose words come from the
 * language's own keyword tables (src/syntax/keywords.ts, src/check/words.ts), so no list is
 * written twice. Comments, strings (and `"""` YAML blocks), addresses and numbers, outcomes.
 */
import { StreamLanguage, type StringStream } from '@codemirror/language';
import { ALL_CLAUSE_WORDS, ASSERTION_OPTION_WORDS, ASSERTION_WORDS, BLOCK_WORDS, INNER_WORDS, MUTATION_WORDS, POLICY_STATEMENT_WORDS, STATEMENT_WORDS } from '../../src/syntax/keywords.js';
import { CAUSE_WORDS, PROVIDERS, VIA_WORDS } from '../../src/check/words.js';
import type { OutcomeWord } from '../../src/syntax/ast.js';

/** Every outcome word: a compile error here when the AST gains one. */
const OUTCOMES = { allow: 0, deny: 0, refused: 0, timeout: 0, unreachable: 0, nxdomain: 0 } satisfies Record<OutcomeWord, 0>;

const KEYWORDS = new Set<string>([...BLOCK_WORDS, ...STATEMENT_WORDS, ...POLICY_STATEMENT_WORDS, ...MUTATION_WORDS, ...ASSERTION_WORDS]);
const CLAUSES = new Set<string>([...ALL_CLAUSE_WORDS, ...INNER_WORDS, ...ASSERTION_OPTION_WORDS]);
const ATOMS = new Set<string>([...Object.keys(OUTCOMES), ...Object.keys(CAUSE_WORDS), ...Object.keys(VIA_WORDS), ...PROVIDERS]);

interface State {
  /** Inside a `"""` block (YAML), until the closing line. */
  yaml: boolean;
}

function token(stream: StringStream, state: State): string | null {
  if (state.yaml) {
    if (stream.sol() && stream.match(/^\s*"""/)) {
      state.yaml = false;
      return 'string';
    }
    stream.skipToEnd();
    return 'string';
  }
  if (stream.eatSpace()) return null;
  if (stream.match('#')) {
    stream.skipToEnd();
    return 'comment';
  }
  if (stream.match('"""')) {
    state.yaml = true;
    stream.skipToEnd();
    return 'string';
  }
  if (stream.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
  if (stream.match(/^[0-9a-fA-F:.]*[0-9][0-9a-fA-F:.]*(\/\d+)?(-\d+)?(?![\w-])/)) return 'number';
  const word = stream.match(/^[A-Za-z_][\w.\-/]*/) as RegExpMatchArray | null;
  if (word) {
    const w = word[0];
    if (KEYWORDS.has(w)) return 'keyword';
    if (CLAUSES.has(w)) return 'propertyName';
    if (ATOMS.has(w)) return 'atom';
    return 'variableName';
  }
  stream.next();
  return 'operator';
}

export const netscnLanguage = StreamLanguage.define<State>({
  name: 'netscn',
  startState: () => ({ yaml: false }),
  token,
  copyState: (s) => ({ ...s }),
  languageData: { commentTokens: { line: '#' } },
});

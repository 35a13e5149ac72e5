/**
 * Calico's selector language, text → CalicoSelector, by recursive descent
 * (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors):
 *
 *   or      := and ('||' and)*
 *   and     := unary ('&&' unary)*
 *   unary   := '!' unary | primary
 *   primary := '(' or ')' | 'all()' | 'global()' | 'has(' key ')'
 *            | key ('==' | '!=' | 'contains' | 'starts with' | 'ends with') string
 *            | key ('in' | 'not in') '{' [string (',' string)*] '}'
 *   string  := '…' | "…"   (no escapes)
 *   key     := [A-Za-z0-9_./-]+   (a label key, `projectcalico.org/name` included)
 *
 * `&&` binds tighter than `||`. An empty (or blank) selector is `all()`, as Calico reads it.
 * A bad selector gives the offset in the text of the first token that does not fit, what was
 * expected there and, for common slips (`=`, `and`, `or`, `not has(…)`), what was meant.
 */
import type { CalicoSelector } from '../spec/calico.js';

export type SelectorParse =
  /** The selector. */
  | { readonly ok: true; readonly selector: CalicoSelector }
  /** The first error: where in the text (0-based), what was found, what was expected, and a hint. */
  | { readonly ok: false; readonly offset: number; readonly found: string; readonly expected: string; readonly help?: string };

const KEY = /[A-Za-z0-9_./-]/;

class SelectorSyntaxError extends Error {
  constructor(
    readonly offset: number,
    readonly found: string,
    readonly expected: string,
    readonly help?: string,
  ) {
    super(`expected ${expected}`);
  }
}

export function parseCalicoSelector(text: string): SelectorParse {
  const p = new Parser(text);
  try {
    p.skip();
    if (p.atEnd()) return { ok: true, selector: { kind: 'all' } };
    const selector = p.or();
    p.skip();
    if (!p.atEnd()) p.fail('`&&`, `||` or the end of the selector');
    return { ok: true, selector };
  } catch (e) {
    if (!(e instanceof SelectorSyntaxError)) throw e;
    return { ok: false, offset: e.offset, found: e.found, expected: e.expected, ...(e.help === undefined ? {} : { help: e.help }) };
  }
}

/** The recursion depth at which a selector is refused (nested `!` and parentheses). */
const MAX_DEPTH = 100;

class Parser {
  private pos = 0;
  private depth = 0;
  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skip(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos]!)) this.pos++;
  }

  /** The token at the current position, as a message shows it. */
  private found(): string {
    if (this.atEnd()) return 'the end of the selector';
    const word = /^[A-Za-z0-9_./-]+/.exec(this.text.slice(this.pos));
    return `\`${word ? word[0] : this.text[this.pos]}\``;
  }

  fail(expected: string, help?: string): never {
    throw new SelectorSyntaxError(this.pos, this.found(), expected, help);
  }

  private eat(token: string): boolean {
    this.skip();
    if (!this.text.startsWith(token, this.pos)) return false;
    // A word token must not run on into a key (`inx` is a key, not `in`).
    if (/[A-Za-z]$/.test(token) && KEY.test(this.text[this.pos + token.length] ?? '')) return false;
    this.pos += token.length;
    return true;
  }

  private expect(token: string): void {
    if (!this.eat(token)) this.fail(`\`${token}\``);
  }

  or(): CalicoSelector {
    let left = this.and();
    while (this.eat('||')) left = { kind: 'or', left, right: this.and() };
    return left;
  }

  private and(): CalicoSelector {
    let left = this.unary();
    while (this.eat('&&')) left = { kind: 'and', left, right: this.unary() };
    this.skip();
    if (this.eat('and')) this.slip('`&&`', 'write `&&` for "and"');
    if (this.eat('or')) this.slip('`||`', 'write `||` for "or"');
    return left;
  }

  /** Reports a word that stands for an operator: at the word, not after it. */
  private slip(expected: string, help: string): never {
    this.pos -= this.text.slice(0, this.pos).match(/[A-Za-z]+$/)?.[0].length ?? 0;
    this.fail(expected, help);
  }

  private unary(): CalicoSelector {
    if (++this.depth > MAX_DEPTH) this.fail(`a selector nested at most ${MAX_DEPTH} deep`);
    try {
      if (this.eat('!')) return { kind: 'not', operand: this.unary() };
      return this.primary();
    } finally {
      this.depth--;
    }
  }

  private primary(): CalicoSelector {
    this.skip();
    if (this.eat('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    if (this.eat('not')) this.slip('a selector', 'write `!` for "not": `!has(k)`');
    const start = this.pos;
    const key = this.key();
    this.skip();
    if (this.text[this.pos] === '(') {
      if (key === 'all' || key === 'global') {
        this.pos++;
        this.expect(')');
        return { kind: key };
      }
      if (key === 'has') {
        this.pos++;
        this.skip();
        const k = this.key();
        this.expect(')');
        return { kind: 'has', key: k };
      }
      this.pos = start;
      this.fail('`has(…)`, `all()`, `global()` or a label key', 'the functions are has(key), all() and global()');
    }
    if (this.eat('==')) return { kind: 'eq', key, value: this.string() };
    if (this.eat('!=')) return { kind: 'ne', key, value: this.string() };
    if (this.eat('in')) return { kind: 'in', key, values: this.set() };
    if (this.eat('not')) {
      this.expect('in');
      return { kind: 'not-in', key, values: this.set() };
    }
    if (this.eat('contains')) return { kind: 'contains', key, value: this.string() };
    if (this.eat('starts')) {
      this.expect('with');
      return { kind: 'starts-with', key, value: this.string() };
    }
    if (this.eat('ends')) {
      this.expect('with');
      return { kind: 'ends-with', key, value: this.string() };
    }
    const ops = '`==`, `!=`, `in`, `not in`, `contains`, `starts with` or `ends with`';
    if (this.text[this.pos] === '=') this.fail(ops, 'did you mean `==`?');
    this.fail(ops, `a label key alone is not a selector: did you mean \`has(${key})\`?`);
  }

  private key(): string {
    this.skip();
    const start = this.pos;
    while (!this.atEnd() && KEY.test(this.text[this.pos]!)) this.pos++;
    if (this.pos === start) this.fail('a label key, `has(…)`, `all()`, `global()`, `!` or `(`');
    return this.text.slice(start, this.pos);
  }

  private string(): string {
    this.skip();
    const quote = this.text[this.pos];
    if (quote !== "'" && quote !== '"') {
      const word = /^[A-Za-z0-9_./-]+/.exec(this.text.slice(this.pos))?.[0];
      this.fail('a quoted string', word === undefined ? undefined : `quote the value: '${word}'`);
    }
    const end = this.text.indexOf(quote, this.pos + 1);
    if (end < 0) this.fail(`a string closed by ${quote}`);
    const value = this.text.slice(this.pos + 1, end);
    this.pos = end + 1;
    return value;
  }

  private set(): string[] {
    this.expect('{');
    const values: string[] = [];
    if (this.eat('}')) return values;
    do values.push(this.string());
    while (this.eat(','));
    this.expect('}');
    return values;
  }
}

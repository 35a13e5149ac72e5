/**
 * The parser the build tunes (scripts/tune-parser.mjs rewrites Peggy's output so that parsing
 * allocates less) must answer exactly as Peggy's own output of the same grammar: the same AST,
 * or the same error at the same place with the same expected set. Both are generated here from
 * grammar/netscn.peggy by the installed Peggy, so the comparison is of the tuning alone. Inputs:
 * every scenario of the repository (lessons, good and bad corpus), each line alone (the `Line`
 * start rule the error wording uses: its errors compared), and seeded mutations of them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import peggy from 'peggy';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/bench/random.js';
import { mutate } from '../../src/fuzz/mutate.js';
// @ts-expect-error the build script is plain JavaScript without types
import { tuneParser } from '../../scripts/tune-parser.mjs';

type Parse = (input: string, options?: { grammarSource?: string; startRule?: string }) => unknown;

const grammar = readFileSync('grammar/netscn.peggy', 'utf8');
const source = peggy.generate(grammar, { output: 'source', format: 'commonjs', allowedStartRules: ['File', 'Line'] }) as unknown as string;

function load(js: string): Parse {
  const module = { exports: {} as { parse: Parse } };
  new Function('module', 'exports', js)(module, module.exports);
  return module.exports.parse;
}

const peggyParse = load(source);
const tunedParse = load((tuneParser as (js: string) => string)(source));

/**
 * What a parse answers: its value, or its error's message, place and expected set. The `Line`
 * rule's value is nobody's (parse.ts runs it for its errors only): there it is just "parsed".
 */
function answer(parse: Parse, text: string, startRule: 'File' | 'Line'): unknown {
  try {
    const ast = parse(text, { grammarSource: 'f.netscn', startRule });
    return { ast: startRule === 'File' ? ast : 'parsed' };
  } catch (e) {
    const err = e as { message: string; location?: unknown; expected?: unknown; found?: unknown };
    return { message: err.message, location: err.location, expected: err.expected, found: err.found };
  }
}

function scenarios(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return scenarios(p);
    return name.endsWith('.netscn') ? [readFileSync(p, 'utf8')] : [];
  });
}

const corpus = [...scenarios('scenarios'), ...scenarios('test/corpus')];

describe('the tuned parser', () => {
  it('is a different program from Peggy’s output (the tuning took effect)', () => {
    expect((tuneParser as (js: string) => string)(source)).not.toBe(source);
    expect(corpus.length).toBeGreaterThan(100);
  });

  it('answers as Peggy’s output on every scenario of the repository, whole and line by line', () => {
    for (const text of corpus) {
      expect(answer(tunedParse, text, 'File')).toEqual(answer(peggyParse, text, 'File'));
      for (const line of text.split('\n')) expect(answer(tunedParse, line, 'Line')).toEqual(answer(peggyParse, line, 'Line'));
    }
  });

  it('answers as Peggy’s output on 3,000 mutated scenarios', () => {
    const random = seededRandom(17);
    const lines = corpus.flatMap((t) => t.split('\n'));
    const words = [...new Set(lines.flatMap((l) => l.match(/[A-Za-z0-9_./:-]+/g) ?? []))];
    let failedToParse = 0;
    for (let i = 0; i < 3_000; i++) {
      const text = mutate(random.pick(corpus), { random, words, lines });
      const expected = answer(peggyParse, text, 'File') as { ast?: unknown };
      if (expected.ast === undefined) failedToParse++;
      expect(answer(tunedParse, text, 'File')).toEqual(expected);
    }
    // Both kinds of answer were compared.
    expect(failedToParse).toBeGreaterThan(100);
    expect(failedToParse).toBeLessThan(3_000);
  }, 120_000); // 6,000 parses: minutes on a loaded machine, seconds alone
});

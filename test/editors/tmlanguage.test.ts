/**
 * The TextMate grammar (editors/vscode/syntaxes/netscn.tmLanguage.json): it is what
 * scripts/build-tmlanguage.mjs makes of grammar/netscn.peggy and src/check/words.ts, and it scopes
 * the snippets of test/corpus/highlight as their golden .scopes files say, tokenised by
 * vscode-textmate with the Oniguruma engine VS Code uses. UPDATE_GOLDEN=1 rewrites the golden
 * files (read every one); a missing one is written, except under CI=true where it fails.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildTmLanguage, grammarWords, OUTPUT } from '../../scripts/build-tmlanguage.mjs';
import { CAUSE_WORDS, VIA_WORDS } from '../../src/check/words.js';

const GRAMMAR = readFileSync('grammar/netscn.peggy', 'utf8');
const corpus = join('test', 'corpus', 'highlight');

describe('the committed TextMate grammar', () => {
  it('is up to date with the grammar and the word lists (run scripts/build-tmlanguage.mjs after `npm run build`)', () => {
    const expected = buildTmLanguage(GRAMMAR, { causes: Object.keys(CAUSE_WORDS), vias: Object.keys(VIA_WORDS) });
    expect(readFileSync(OUTPUT, 'utf8')).toBe(expected);
  });

  it('takes its keyword classes from the grammar rules', () => {
    const w = grammarWords(GRAMMAR);
    expect(w.declarations).toEqual(expect.arrayContaining(['cluster', 'step', 'task', 'pod', 'service', 'network-policy', 'table', 'yaml']));
    expect(w.mutations).toEqual(expect.arrayContaining(['remove', 'label', 'restart', 'not-ready']));
    expect(w.assertions).toEqual(expect.arrayContaining(['from', 'reach', 'resolve', 'request', 'expect', 'via']));
    expect([...w.outcomes].sort()).toEqual(['allow', 'deny', 'intermittent', 'nxdomain', 'refused', 'timeout', 'unreachable']);
    expect(w.keywords).toEqual(expect.arrayContaining(['x-forwarded-for', 'hints-zones', 'eip', 'ip-family-policy']));
  });
});

let grammar: vsctm.IGrammar;

const YAML_STAND_IN = {
  scopeName: 'source.yaml',
  patterns: [
    { name: 'comment.line.number-sign.yaml', match: '(?<=^|\\s)#.*$' },
    { match: '^\\s*(?:-\\s+)?([\\w.-]+)(:)', captures: { 1: { name: 'entity.name.tag.yaml' }, 2: { name: 'punctuation.separator.key-value.mapping.yaml' } } },
  ],
};

beforeAll(async () => {
  const require = createRequire(import.meta.url);
  const wasm = readFileSync(join(require.resolve('vscode-oniguruma'), '..', 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    // Embedded YAML includes source.yaml, which VS Code's YAML extension provides; a stand-in
    // grammar here scopes keys and comments, so the golden files show where YAML is highlighted.
    loadGrammar: async (scope: string) => {
      if (scope === 'source.netscn') return vsctm.parseRawGrammar(readFileSync(OUTPUT, 'utf8'), OUTPUT);
      if (scope === 'source.yaml') return vsctm.parseRawGrammar(JSON.stringify(YAML_STAND_IN), 'yaml.json');
      return null;
    },
  });
  const g = await registry.loadGrammar('source.netscn');
  if (!g) throw new Error('the grammar did not load');
  grammar = g;
});

/** Each line, then each of its non-blank tokens with its scopes (the root scope left out). */
function scopesOf(text: string): string {
  const out: string[] = [];
  let stack = vsctm.INITIAL;
  for (const line of text.replace(/\n$/, '').split('\n')) {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    out.push(line);
    for (const t of r.tokens) {
      const piece = line.slice(t.startIndex, t.endIndex);
      if (piece.trim() === '') continue;
      out.push(`  ${JSON.stringify(piece.trim())} ${t.scopes.slice(1).join(" ")}`.trimEnd());
    }
  }
  return out.join('\n') + '\n';
}

describe('highlighting (test/corpus/highlight)', () => {
  const files = readdirSync(corpus).filter((f) => f.endsWith('.netscn')).sort();
  it('has snippets', () => expect(files.length).toBeGreaterThanOrEqual(4));
  for (const f of files) {
    it(`${f} has the scopes of its .scopes file`, () => {
      const actual = scopesOf(readFileSync(join(corpus, f), 'utf8'));
      const golden = join(corpus, f.replace(/\.netscn$/, '.scopes'));
      if (process.env['UPDATE_GOLDEN'] === '1' || (!existsSync(golden) && process.env['CI'] !== 'true')) writeFileSync(golden, actual);
      expect(existsSync(golden), `${golden} is missing: run the test without CI=true to write it, then read it`).toBe(true);
      expect(actual).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

/**
 * Property: whatever the input, the front end answers with a result and diagnostics, never an
 * exception. Inputs: random strings, and mutations (delete, insert, duplicate, swap of characters
 * and of tokens) of the good corpus. Work is bounded by the suite's per-test timeout.
 */
import { noFiles } from '../../src/check/file-read.js';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkFile } from '../../src/check/index.js';
import { hasErrors } from '../../src/diag/diagnostic.js';
import { parseFile } from '../../src/syntax/parse.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import { runScenario } from '../../src/run/run-scenario.js';

/** The good corpus and the lessons: every statement and assertion form is mutated from valid input. */
const dirs = [join('test', 'corpus', 'good'), ...['ingress', 'policy', 'providers/tke', 'providers/ack-edge'].map((d) => join('scenarios', d))];
const corpus = dirs.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.netscn'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8')),
);

const KEYWORDS = ['pod', 'service', 'node', 'in', 'on', 'labels', 'ports', 'port', '->', '{', '}', '"""', 'step', 'from', 'reach', 'expect', 'allow', '/', ':', ',', '=', '10.0.0.1', '0.0.0.0/0', '65536', 'yaml', 'table', '|', '#', 'request', 'https://a.example.com/x', 'status', 'pods', 'all', 'any', 'task', 'points', 'hidden', 'ingress', 'rule', 'host', 'path', 'link', 'domain', 'learner', 'share', '50%'];

function frontEnd(text: string): void {
  const parsed = parseFile(text, 'fuzz.netscn');
  expect(Array.isArray(parsed.diagnostics)).toBe(true);
  if (!parsed.ast) {
    expect(hasErrors(parsed.diagnostics)).toBe(true);
    return;
  }
  const checked = checkFile(parsed.ast, { file: 'fuzz.netscn', readFile: noFiles });
  expect(Array.isArray(checked.diagnostics)).toBe(true);
  expect(checked.scenario === undefined).toBe(hasErrors(checked.diagnostics));
  for (const d of [...parsed.diagnostics, ...checked.diagnostics]) {
    expect(d.code).toMatch(/^NS\d{4}$/);
    expect(d.code).not.toMatch(/^NS09/);
  }
}

type Edit =
  | { kind: 'delete'; at: number; len: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate'; at: number; len: number }
  | { kind: 'swap'; at: number }
  | { kind: 'token'; at: number; token: string };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 6 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('token' as const), at: fc.nat(), token: fc.constantFrom(...KEYWORDS) }),
);

function apply(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % text.length;
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.len);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'duplicate':
      return text.slice(0, at) + text.slice(at, at + e.len) + text.slice(at);
    case 'swap':
      return text.slice(0, at) + (text[at + 1] ?? '') + (text[at] ?? '') + text.slice(at + 2);
    case 'token':
      return `${text.slice(0, at)} ${e.token} ${text.slice(at)}`;
  }
}

/** Swaps two whitespace-separated tokens. */
function swapTokens(text: string, i: number, j: number): string {
  const parts = text.split(/(\s+)/);
  const words = parts.map((p, k) => (/\S/.test(p) ? k : -1)).filter((k) => k >= 0);
  if (words.length < 2) return text;
  const a = words[i % words.length] ?? 0;
  const b = words[j % words.length] ?? 0;
  const out = [...parts];
  [out[a], out[b]] = [parts[b] ?? '', parts[a] ?? ''];
  return out.join('');
}

describe('the front end never throws', () => {
  it('on random strings', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.array(fc.constantFrom(...KEYWORDS, ' ', '\n', 'x'), { maxLength: 60 }).map((t) => t.join(' '))), (s) => frontEnd(s)),
      { numRuns: 200 },
    );
  });

  it('on mutations of the good corpus', { timeout: 20_000 }, () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...corpus),
        fc.array(edit, { minLength: 1, maxLength: 4 }),
        fc.option(fc.tuple(fc.nat(), fc.nat())),
        (text, edits, swap) => frontEnd(edits.reduce(apply, swap ? swapTokens(text, swap[0], swap[1]) : text)),
      ),
      { numRuns: 150 },
    );
  });

  it('keeps every good corpus file clean before mutation (the property starts from valid input)', () => {
    for (const text of corpus) {
      const p = parseFile(text, 'f');
      expect(p.diagnostics).toEqual([]);
    }
  });
});

describe('the engine never throws', () => {
  it('on mutations of the corpus that still check', { timeout: 60_000 }, () => {
    let ran = 0;
    fc.assert(
      fc.property(fc.constantFrom(...corpus), fc.array(edit, { minLength: 1, maxLength: 2 }), (text, edits) => {
        const parsed = parseFile(edits.reduce(apply, text), 'fuzz.netscn');
        if (!parsed.ast) return;
        const checked = checkFile(parsed.ast, { file: 'fuzz.netscn', readFile: noFiles });
        if (!checked.scenario) return;
        ran++;
        const result = runScenario(checked.scenario, defaultEngine);
        expect(result.passed + result.failed).toBe(result.steps.reduce((n, s) => n + s.checks.length, 0));
      }),
      { numRuns: 120 },
    );
    // Some mutations must survive the checker, or the property proves nothing about the engine.
    expect(ran).toBeGreaterThan(10);
  });
});

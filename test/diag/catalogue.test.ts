/**
 * The catalogue of diagnostics (src/diag/catalogue.ts) is complete and exact: every code once,
 * with one meaning; every entry's example, run through the real pipeline, emits exactly that
 * code with that severity and a message of that template; every entry is used by the source; no
 * code is written anywhere but in the catalogue, and no golden file shows a code it lacks.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { CATALOGUE, DIAG, lookupCode, type CodeEntry } from '../../src/diag/catalogue.js';
import { INTERNAL_CODES } from '../../src/fuzz/targets.js';
import { runExample } from './run-example.js';

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, ext) : ext.test(name) ? [path] : [];
  });
}

/** The template as a pattern: each `{name}` stands for any text. */
function templatePattern(e: CodeEntry): RegExp {
  const parts = e.template.split(/\{[A-Za-z0-9]+\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.+?')}$`, 's');
}

describe('the catalogue', () => {
  it('gives every code once, as NS and four digits, in code order', () => {
    const codes = CATALOGUE.map((e) => e.code);
    for (const c of codes) expect(c).toMatch(/^NS\d{4}$/);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual([...codes].sort());
  });

  it('gives every code its own meaning: no two share a title or an explanation', () => {
    const titles = CATALOGUE.map((e) => e.title.toLowerCase());
    expect(new Set(titles).size).toBe(titles.length);
    const explanations = CATALOGUE.map((e) => e.explanation);
    expect(new Set(explanations).size).toBe(explanations.length);
    for (const e of CATALOGUE) expect(e.explanation.length, e.code).toBeGreaterThan(60);
  });

  it('finds entries by code, in any case', () => {
    expect(lookupCode('ns1002')).toBe(DIAG.unknownName);
    expect(lookupCode('NS9999')).toBeUndefined();
  });
});

describe('every example emits exactly its code', () => {
  for (const e of CATALOGUE.filter((x) => x.example.kind !== 'internal')) {
    it(`${e.code} ${e.title}`, () => {
      const emitted = runExample(e.example);
      const own = emitted.filter((d) => d.code === e.code);
      expect(own.length, `${e.code} not emitted; got ${emitted.map((d) => d.code).join(', ') || 'nothing'}`).toBeGreaterThan(0);
      expect(emitted.filter((d) => d.code !== e.code && !(e.alsoEmits ?? []).includes(d.code)).map((d) => `${d.code}: ${d.message}`)).toEqual([]);
      for (const d of own) {
        expect(d.severity).toBe(e.severity);
        expect(d.message).toMatch(templatePattern(e));
      }
    });
  }
});

describe('internal errors', () => {
  it('are exactly the codes the fuzzer counts as bugs in netscn', () => {
    const internal = CATALOGUE.filter((e) => e.example.kind === 'internal').map((e) => e.code);
    expect(internal.sort()).toEqual([...INTERNAL_CODES].sort());
  });

  it('NS0901: an exception inside the checker is reported, not thrown', () => {
    const boom = (): never => {
      throw new Error('boom');
    };
    const r = parseAndCheck('cluster c {\n  node n1 ip 192.168.0.11\n  load "k8s.yaml"\n}\n', 'f.netscn', { readFile: boom });
    expect(r.diagnostics.map((d) => d.code)).toEqual([DIAG.internalCheck.code]);
  });
});

describe('the source takes every code from the catalogue', () => {
  const sources = filesUnder('src', /\.ts$/).filter((f) => !f.startsWith(join('src', 'diag', 'codes')));
  const text = sources.map((f) => readFileSync(f, 'utf8')).join('\n');

  it('uses every entry', () => {
    const unused = Object.keys(DIAG).filter((k) => !new RegExp(`\\bDIAG\\.${k}\\b`).test(text));
    expect(unused).toEqual([]);
  });

  it('writes no code as a string outside the catalogue', () => {
    const literal = /['"`]NS\d{4}['"`]/;
    expect(sources.filter((f) => literal.test(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('golden files and README show only catalogued codes', () => {
    const shown = [...filesUnder(join('test', 'corpus'), /\.err$/), 'README.md'].flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\[(NS\d{4})\]/g)].map((m) => m[1]!));
    expect(shown.length).toBeGreaterThan(50);
    expect([...new Set(shown)].filter((c) => lookupCode(c) === undefined)).toEqual([]);
  });
});

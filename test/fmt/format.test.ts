/**
 * `formatSource` never changes meaning and is idempotent: over every scenario and the good
 * corpus, over the same files re-spaced at random (which must format back to the same text), and
 * over mutations of them that still parse. Files with syntax errors are refused with the parser's
 * diagnostics. Golden pairs in test/corpus/fmt show the canonical layout (UPDATE_GOLDEN=1
 * rewrites the expected files; a missing one fails under CI=true).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSource } from '../../src/fmt/format.js';
import { dedent } from '../../src/manifests/sources.js';
import { parseFile } from '../../src/syntax/parse.js';
import { SCENARIO_FILES } from './corpus-files.js';

/** The AST without positions; "as written" texts without whitespace; YAML bodies as the checker reads them. */
function meaning(text: string): unknown {
  const parsed = parseFile(text, 'f.netscn');
  expect(parsed.diagnostics).toEqual([]);
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v !== 'object' || v === null) return v;
    const o = v as Record<string, unknown>;
    if (!('kind' in o) && 'start' in o && 'end' in o) return 'a span';
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(o)) {
      if (k === 'text' && typeof x === 'string' && o['kind'] === 'Yaml') out[k] = dedent(x.replace(/\r/g, '')).text;
      else if (k === 'text' && typeof x === 'string' && o['kind'] !== 'Num' && o['kind'] !== 'Addr') out[k] = x.replace(/\s+/g, '');
      else out[k] = strip(x);
    }
    return out;
  };
  return strip(parsed.ast);
}

function formatted(text: string, file = 'f.netscn'): string {
  const r = formatSource(text, file);
  if (!r.ok) throw new Error(`refused: ${JSON.stringify(r.diagnostics)}`);
  return r.text;
}

describe('netscn fmt on the project', () => {
  it('has scenario files', () => expect(SCENARIO_FILES.length).toBeGreaterThan(50));
  for (const { path, text } of SCENARIO_FILES) {
    it(`${path} is formatted, and formatting keeps its meaning`, () => {
      const out = formatted(text, path);
      expect(meaning(out)).toEqual(meaning(text));
      expect(out, `${path} is not formatted: run \`netscn fmt ${path}\``).toBe(text);
    });
  }
});

/**
 * Outside strings, comments and YAML bodies: every run of blanks replaced by a random one, random
 * indentation and trailing blanks, longer runs of blank lines, a blank line at each end;
 * YAML bodies shifted as a whole.
 */
function respace(text: string, seed: readonly number[]): string {
  let k = 0;
  const rnd = (n: number): number => (seed.length === 0 ? 0 : seed[k++ % seed.length]! % n);
  const blanks = (): string => [' ', '  ', '\t', ' \t ', '   '][rnd(5)]!;
  const out: string[] = [];
  let yaml = false;
  let yamlShift = '';
  for (const line of text.split('\n')) {
    if (yaml) {
      if (/^[ \t]*"""/.test(line)) yaml = false;
      else {
        out.push(line.trim() === '' ? line : yamlShift + line);
        continue;
      }
    }
    if (/^[ \t]*yaml[ \t]*"""/.test(line)) {
      yaml = true;
      yamlShift = ' '.repeat(rnd(4));
    }
    let s = '';
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (!inString && c === '#') {
        s += line.slice(i);
        break;
      }
      if (c === '"' && !line.startsWith('"""', i)) inString = !inString;
      if (!inString && (c === ' ' || c === '\t')) {
        while (line[i + 1] === ' ' || line[i + 1] === '\t') i++;
        s += blanks();
        continue;
      }
      if (c === '\\' && inString) {
        s += line.slice(i, i + 2);
        i++;
        continue;
      }
      s += c;
    }
    const indent = ['', ' ', '    ', '\t', '      '][rnd(5)]!;
    out.push(indent + s.replace(/^[ \t]+/, '') + (rnd(4) === 0 ? blanks() : ''));
    // More blank lines where there is a blank line already: a run of them is one group break.
    if (!yaml && line.trim() === '' && rnd(2) === 0) out.push(rnd(2) === 0 ? '' : '  ');
  }
  return ['', ...out, ''].join('\n');
}

type Edit = { kind: 'delete'; at: number; len: number } | { kind: 'insert'; at: number; text: string } | { kind: 'token'; at: number; token: string };
const TOKENS = ['pod', 'in', 'on', 'labels', 'a=b', ',', '->', '80', 'port', '#', '{', '}', '|', 'allow', 'expect', '(x, y)', '"s"', 'from', '\n', '\n\n', 'yaml """\n', '"""'];
const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.constantFrom(' ', '\t', ',', '=', ' ,', '\n', '  ') }),
  fc.record({ kind: fc.constant('token' as const), at: fc.nat(), token: fc.constantFrom(...TOKENS) }),
);
function apply(text: string, e: Edit): string {
  const at = text.length === 0 ? 0 : e.at % text.length;
  switch (e.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + e.len);
    case 'insert':
      return text.slice(0, at) + e.text + text.slice(at);
    case 'token':
      return `${text.slice(0, at)} ${e.token} ${text.slice(at)}`;
  }
}

describe('formatting is canonical and keeps meaning', () => {
  const texts = SCENARIO_FILES.map((f) => f.text);

  it('formats a re-spaced file back to the formatted original', { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (text, seed) => {
        const messy = respace(text, seed);
        expect(meaning(messy)).toEqual(meaning(text));
        expect(formatted(messy)).toBe(formatted(text));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the meaning of mutated files that still parse, and formats them idempotently', { timeout: 60_000 }, () => {
    let parsed = 0;
    fc.assert(
      fc.property(fc.constantFrom(...texts), fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
        const input = edits.reduce(apply, text);
        const r = formatSource(input, 'f.netscn');
        const p = parseFile(input, 'f.netscn');
        if (p.diagnostics.length > 0) {
          expect(r).toEqual({ ok: false, diagnostics: p.diagnostics });
          return;
        }
        parsed++;
        if (!r.ok) throw new Error(`refused a file that parses: ${JSON.stringify(r.diagnostics)}`);
        expect(meaning(r.text)).toEqual(meaning(input));
        expect(formatted(r.text)).toBe(r.text);
      }),
      { numRuns: 300 },
    );
    expect(parsed).toBeGreaterThan(30);
  });
});

describe('line ends', () => {
  it('writes CRLF input with LF line ends, YAML bodies included', () => {
    const lf = 'cluster c {\n  node n1 ip 10.0.0.1   # n1\n  yaml """\napiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n"""\n}\n\n\nfrom node n1 reach node n1 expect allow\n';
    const out = formatted(lf.replace(/\n/g, '\r\n'));
    expect(out).toBe(formatted(lf));
    expect(out).not.toContain('\r');
  });
});

describe('files with syntax errors', () => {
  it('are refused with the parser diagnostics, nothing formatted', () => {
    const text = 'cluster c {\n  pod  a on\n  node n1   ip 10.0.0.1\n}\nfrom pod a reach\n';
    const r = formatSource(text, 'bad.netscn');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.diagnostics).toEqual(parseFile(text, 'bad.netscn').diagnostics);
    expect(r.diagnostics.map((d) => `${d.code} ${d.span.start.line}`)).toEqual(['NS0001 2', 'NS0001 5']);
  });
});

describe('golden layouts (test/corpus/fmt)', () => {
  const dir = join('test', 'corpus', 'fmt');
  const inputs = readdirSync(dir).filter((f) => f.endsWith('.in.netscn')).sort();
  it('has examples', () => expect(inputs.length).toBeGreaterThanOrEqual(4));
  for (const f of inputs) {
    it(`${f} formats to its .out.netscn`, () => {
      const input = readFileSync(join(dir, f), 'utf8');
      const out = formatted(input);
      const expectedPath = join(dir, f.replace(/\.in\.netscn$/, '.out.netscn'));
      if (process.env['UPDATE_GOLDEN'] === '1' || (!existsSync(expectedPath) && process.env['CI'] !== 'true')) writeFileSync(expectedPath, out);
      expect(existsSync(expectedPath)).toBe(true);
      expect(out).toBe(readFileSync(expectedPath, 'utf8'));
      expect(meaning(out)).toEqual(meaning(input));
      expect(formatted(out)).toBe(out);
    });
  }
});

describe('the formatter module', () => {
  it('imports no Node built-in, directly or through its imports (the language server and a browser use it)', () => {
    const seen = new Set<string>();
    const builtins: string[] = [];
    const visit = (path: string): void => {
      if (seen.has(path)) return;
      seen.add(path);
      const source = readFileSync(path, 'utf8');
      for (const m of source.matchAll(/^(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) {
          const target = join(path, '..', spec).replace(/\.js$/, existsSync(join(path, '..', spec).replace(/\.js$/, '.ts')) ? '.ts' : '.js');
          visit(target);
        } else if (spec.startsWith('node:') || ['fs', 'path', 'os', 'url', 'util', 'module', 'child_process'].includes(spec)) builtins.push(`${path}: ${spec}`);
      }
    };
    visit(join('src', 'fmt', 'format.ts'));
    expect(seen.size).toBeGreaterThan(5);
    expect(builtins).toEqual([]);
  });
});

/**
 * The hostile corpus (test/corpus/hostile): bombs — huge lines and repeats, deep nesting, YAML
 * alias bombs, control characters, NUL bytes, very long names, CIDR /0 and giant port ranges.
 * Each file's diagnostics render exactly its sibling .err file (UPDATE_GOLDEN=1 rewrites them; a
 * missing one is written locally and fails under CI=true), and each goes through everything the
 * CLI does with it (src/fuzz/targets.ts) without a crash or an internal error.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noFiles } from '../../src/check/file-read.js';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { renderDiagnostics } from '../../src/diag/render.js';
import { runTarget } from '../../src/fuzz/targets.js';
import { objectsFromYaml } from '../../src/manifests/index.js';

const dir = join('test', 'corpus', 'hostile');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';
const files = readdirSync(dir)
  .filter((f) => /\.(netscn|ya?ml)$/.test(f))
  .sort();

describe('hostile corpus', () => {
  it('has bombs of every kind', () => expect(files.length).toBeGreaterThanOrEqual(12));
  for (const f of files) {
    const path = join(dir, f);
    const kind = f.endsWith('.netscn') ? 'scenario' : 'manifest';
    it(`${f} renders its .err file`, () => {
      const text = readFileSync(path, 'utf8');
      const diagnostics = kind === 'scenario' ? parseAndCheck(text, path, { readFile: noFiles }).diagnostics : objectsFromYaml(text, path).diagnostics;
      expect(diagnostics.length).toBeGreaterThan(0);
      const rendered = renderDiagnostics(diagnostics, text, { color: false });
      const errPath = path.replace(/\.(netscn|ya?ml)$/, '.err');
      if (!existsSync(errPath) && ci) expect.fail(`${errPath} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
      if (update || !existsSync(errPath)) writeFileSync(errPath, rendered);
      expect(rendered).toBe(readFileSync(errPath, 'utf8'));
    });
    it(`${f} goes through every reporter without a crash or an internal error`, () => {
      const outcome = runTarget({ kind, file: path, text: readFileSync(path, 'utf8') }, process.cwd());
      expect(outcome.internalErrors).toEqual([]);
    });
  }
});

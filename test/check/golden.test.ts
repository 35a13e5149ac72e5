/**
 * The corpus is the spec of the front end: every file in test/corpus/good checks clean (no
 * diagnostic at all), every file in test/corpus/bad renders exactly its sibling .err file.
 * Regenerate the .err files with UPDATE_GOLDEN=1 and read every one of them. A missing .err file
 * is written when authoring locally, and fails the test under CI=true.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { renderDiagnostics } from '../../src/diag/render.js';
import { projectReader } from '../../src/host/project-files.js';

const corpus = join('test', 'corpus');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

function files(dir: string): string[] {
  return readdirSync(join(corpus, dir))
    .filter((f) => f.endsWith('.netscn'))
    .sort();
}

describe('good corpus', () => {
  it('has files', () => expect(files('good').length).toBeGreaterThan(3));
  for (const f of files('good')) {
    it(`${f} checks clean`, () => {
      const path = join(corpus, 'good', f);
      const r = parseAndCheck(readFileSync(path, 'utf8'), path, { readFile: projectReader(path) });
      expect(renderDiagnostics(r.diagnostics, readFileSync(path, 'utf8'), { color: false })).toBe('');
      expect(r.scenario).toBeDefined();
    });
  }
});

describe('bad corpus', () => {
  it('has at least 25 files', () => expect(files('bad').length).toBeGreaterThanOrEqual(25));
  for (const f of files('bad')) {
    it(`${f} renders its .err file`, () => {
      const path = join(corpus, 'bad', f);
      const source = readFileSync(path, 'utf8');
      const r = parseAndCheck(source, path, { readFile: projectReader(path) });
      expect(r.diagnostics.length).toBeGreaterThan(0);
      const rendered = renderDiagnostics(r.diagnostics, source, { color: false });
      const errPath = path.replace(/\.netscn$/, '.err');
      if (!existsSync(errPath) && ci) expect.fail(`${errPath} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
      if (update || !existsSync(errPath)) writeFileSync(errPath, rendered);
      expect(rendered).toBe(readFileSync(errPath, 'utf8'));
      // A file with an error never becomes a scenario; a file with only warnings does.
      expect(r.scenario === undefined).toBe(r.diagnostics.some((d) => d.severity === 'error'));
    });
  }
});

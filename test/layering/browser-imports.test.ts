import { existsSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bareImports, isNodeBuiltin, nodeGlobals, runtimeSpecifiers } from '../helpers/import-graph.js';

/** The files the browser playground loads first; nothing reachable from them may need Node. */
const ENTRIES = ['src/browser.ts', 'playground/src/main.ts'].filter((f) => existsSync(f));

describe('the browser entry reaches no Node built-in', () => {
  it.each(ENTRIES)('%s', (entry) => {
    const builtins = bareImports(entry).filter((b) => isNodeBuiltin(b.specifier));
    expect(builtins.map((b) => `${b.specifier} via ${b.chain.join(' → ')}`)).toEqual([]);
  }, 60_000);

  it('the walker finds a built-in imported dynamically two files down, and not a type-only one', () => {
    expect(nodeGlobals('test/fixtures/layering/globals.ts')).toEqual(['Buffer at test/fixtures/layering/globals.ts:3']);
    const found = bareImports('test/fixtures/layering/entry.ts');
    expect(found.filter((b) => isNodeBuiltin(b.specifier))).toEqual([
      { specifier: 'fs', chain: ['test/fixtures/layering/entry.ts', 'test/fixtures/layering/middle.ts', 'test/fixtures/layering/leaf.ts'] },
    ]);
  });

  it('the core stages import no Node built-in and use no Node global', () => {
    const core = ['syntax', 'check', 'model', 'net', 'run', 'report', 'grade', 'diag', 'manifests', 'spec', 'cloud', 'policy', 'matrix', 'paths'];
    const files = core.flatMap((d) => readdirSync(`src/${d}`, { recursive: true, encoding: 'utf8' }).filter((f) => /\.[jt]s$/.test(f) && !f.endsWith('.d.ts')).map((f) => `src/${d}/${f}`));
    expect(files.length).toBeGreaterThan(100);
    const offenders = files.flatMap((f) => runtimeSpecifiers(f).filter(isNodeBuiltin).map((s) => `${s} in ${f}`));
    expect(offenders).toEqual([]);
    expect(files.flatMap(nodeGlobals)).toEqual([]);
  }, 60_000);
});

/**
 * The folders of src/ and their layers, as docs/architecture.md writes them down: a folder
 * imports (types included) only folders of lower layers, and every folder has a layer.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { allSpecifiers } from '../helpers/import-graph.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const src = join(repo, 'src');

/** folder → layer, from the table in docs/architecture.md. */
function layers(markdown: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of markdown.matchAll(/^\| (\d+) \| ([a-z-]+) \|/gm)) out.set(m[2] as string, Number(m[1]));
  return out;
}

/** Every relative import and export-from of the TypeScript files under src/ (types included), as [from file, to file]. */
function imports(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'generated') walk(p);
      } else if (name.endsWith('.ts')) {
        for (const specifier of allSpecifiers(p)) if (specifier.startsWith('.')) out.push([p, normalize(join(dirname(p), specifier))]);
      }
    }
  };
  walk(src);
  return out;
}

function folderOf(file: string): string | undefined {
  const parts = relative(src, file).split('/');
  return parts.length > 1 ? parts[0] : undefined;
}

/** The imports against the layering: `from → to` for each. */
export function violations(table: ReadonlyMap<string, number>, edges: readonly [string, string][]): string[] {
  const bad: string[] = [];
  for (const [from, to] of edges) {
    const a = folderOf(from);
    const b = folderOf(to);
    // Files at the top of src/ are entries, above every layer; a folder's own files are free.
    if (a === undefined || b === undefined || a === b) continue;
    const la = table.get(a);
    const lb = table.get(b);
    if (la === undefined || lb === undefined || lb >= la) bad.push(`${relative(repo, from)} → ${relative(repo, to)} (${a} ${la ?? '?'} → ${b} ${lb ?? '?'})`);
  }
  return bad;
}

describe('the layering of src/', () => {
  const table = layers(readFileSync(join(repo, 'docs/architecture.md'), 'utf8'));
  it('names every folder of src/', () => {
    const folders = readdirSync(src).filter((n) => statSync(join(src, n)).isDirectory());
    expect(folders.filter((f) => !table.has(f))).toEqual([]);
    expect([...table.keys()].filter((f) => !folders.includes(f))).toEqual([]);
  });
  // Reads every file of src/; the time limit is for a loaded machine, not a measure of speed.
  it('has no import from a folder to one of its own or a higher layer', () => {
    expect(violations(table, imports())).toEqual([]);
  }, 60_000);
  it('reads type-only and dynamic imports too', () => {
    const fixture = (name: string): string => join(repo, 'test/fixtures/layering', name);
    expect(allSpecifiers(fixture('entry.ts'))).toContain('node:fs');
    expect(allSpecifiers(fixture('leaf.ts'))).toEqual(['fs']);
  });
  it('catches an import against it', () => {
    const file = (p: string): string => join(src, p);
    expect(violations(table, [[file('spec/types.ts'), file('check/scenario.js')]])).toEqual(['src/spec/types.ts → src/check/scenario.js (spec 0 → check 5)']);
    expect(violations(table, [[file('net/probe.ts'), file('fmt/format.js')]])).toHaveLength(1);
    expect(violations(table, [[file('cli/main.ts'), file('run/index.js')], [file('index.ts'), file('cli/main.js')]])).toEqual([]);
  });
});

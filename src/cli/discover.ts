/** Finding scenario files: explicit files as given, folders searched recursively, sorted. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { UsageError } from './args.js';

export const EXTENSION = '.netscn';

/** Paths relative to `cwd` (with `/`), sorted and without duplicates. */
export function discover(paths: readonly string[], cwd: string): string[] {
  const found = new Set<string>();
  for (const p of paths) {
    const abs = resolve(cwd, p);
    let st;
    try {
      st = statSync(abs);
    } catch {
      throw new UsageError(`no such file or folder: ${p}`);
    }
    if (st.isDirectory()) walk(abs, found);
    else found.add(abs);
  }
  const files = [...found].map((f) => toDisplay(f, cwd)).sort();
  if (files.length === 0) throw new UsageError(`no ${EXTENSION} files in ${paths.join(', ')}`);
  return files;
}

function walk(dir: string, out: Set<string>): void {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile() && e.name.endsWith(EXTENSION)) out.add(p);
  }
}

export function toDisplay(abs: string, cwd: string): string {
  const rel = relative(cwd, abs);
  const shown = rel.startsWith('..') ? abs : rel;
  return shown.split(sep).join('/');
}

/**
 * File access for scenarios. A scenario may only read files inside its project root (scenario
 * files are untrusted input): paths resolve relative to the scenario file, symlinks are
 * followed before the check, and anything outside the root reads as missing.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

export type ReadFile = (path: string) => string | undefined;

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A reader for the scenario `file` (absolute or relative to cwd) confined to `projectRoot`. */
export function projectReader(file: string, projectRoot: string): ReadFile {
  const root = safeRealpath(resolve(projectRoot));
  const base = dirname(resolve(file));
  return (path) => {
    const abs = resolve(base, path);
    if (!isInside(root, abs) || !existsSync(abs)) return undefined;
    const real = safeRealpath(abs);
    if (!isInside(root, real) || !statSync(real).isFile()) return undefined;
    try {
      return readFileSync(real, 'utf8');
    } catch {
      return undefined;
    }
  };
}

/** The nearest ancestor of `file` holding a package.json or .git; the file's folder otherwise. */
export function findProjectRoot(file: string): string {
  const start = dirname(resolve(file));
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

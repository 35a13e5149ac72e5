/**
 * File access for scenarios. A scenario (untrusted input) may only read files inside its
 * project root: the nearest folder above the scenario file holding a package.json or .git, else
 * the scenario's own folder — found from where the scenario is, never from the current
 * directory. Paths resolve relative to the scenario file; every comparison is between real
 * paths (symlinks followed), so a project reached through a symlink reads its own files and a
 * symlink inside it that leads out is refused. Only regular files and folders are read
 * (src/host/regular-file.ts).
 */
import { existsSync, readdirSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FileRead, ReadFile } from '../check/file-read.js';
import { readRegularFile, statEntry } from './regular-file.js';

export type { FileRead, ReadFile } from '../check/file-read.js';

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/**
 * A reader for the scenario `file` (absolute, or relative to the process's directory) confined
 * to `projectRoot` (default: findProjectRoot(file)).
 */
export function projectReader(file: string, projectRoot: string = findProjectRoot(file)): ReadFile {
  const root = realOrResolved(projectRoot);
  const base = dirname(realOrResolved(file));
  const marked = hasMarker(root);
  const outside: FileRead = { kind: 'outside', root: relative(base, root).split(sep).join('/') || '.', marked };
  return (path) => {
    if (path === '' || path.includes('\0') || isAbsolute(path)) return { kind: 'missing' };
    const abs = resolve(base, path);
    if (!isInside(root, abs)) return outside;
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return { kind: 'missing' };
    }
    if (!isInside(root, real)) return outside;
    const seen = statEntry(real);
    if (seen.kind !== 'file' && seen.kind !== 'folder') return seen;
    if (seen.kind === 'folder') {
      try {
        const entries = readdirSync(real, { withFileTypes: true })
          .map((e) => ({ name: e.name, folder: e.isDirectory() || (e.isSymbolicLink() && statEntry(join(real, e.name)).kind === 'folder') }))
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
        return { kind: 'folder', entries };
      } catch {
        return { kind: 'unreadable', reason: 'the folder cannot be listed' };
      }
    }
    const read = readRegularFile(real);
    return read.kind === 'folder' ? { kind: 'unreadable', reason: 'it changed while being read' } : read;
  };
}

/** The nearest folder above `file` (real path) holding a package.json or .git; the file's own folder otherwise. */
export function findProjectRoot(file: string): string {
  const start = dirname(realOrResolved(file));
  for (let dir = start; ; dir = dirname(dir)) {
    if (hasMarker(dir)) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function hasMarker(dir: string): boolean {
  return existsSync(join(dir, 'package.json')) || existsSync(join(dir, '.git'));
}

/** The real path of `p`, or of its folder with its name appended, or `p` resolved. */
function realOrResolved(p: string): string {
  const abs = resolve(p);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), relative(dirname(abs), abs));
    } catch {
      return abs;
    }
  }
}

/**
 * A project held in memory (the browser playground's folder): a ReadFile over a map from paths
 * relative to the project root (`/`-separated, no `.` or `..` parts) to the files' contents.
 * The same confinement as the host's reader: a path leaving the root is `outside`, an absolute
 * path reads nothing; a folder is every path below it, its entries listed in code-unit order.
 */
import { dirname, isAbsolute, join } from '../paths/posix.js';
import type { FileRead, ReadFile } from './file-read.js';

/** Path (relative to the project root) → text (stored as UTF-8) or bytes. */
export type MemoryFolder = ReadonlyMap<string, string | Uint8Array>;

/** A reader for the scenario at `scenario` (a path of the folder) confined to the folder. */
export function memoryReader(folder: MemoryFolder, scenario: string): ReadFile {
  const base = dirname(scenario);
  const depth = base === '.' ? 0 : base.split('/').length;
  const outside: FileRead = { kind: 'outside', root: depth === 0 ? '.' : Array(depth).fill('..').join('/'), marked: true };
  return (path) => {
    if (path === '' || path.includes('\0') || isAbsolute(path)) return { kind: 'missing' };
    const p = join(base, path).replace(/\/$/, '');
    if (p === '..' || p.startsWith('../')) return outside;
    const content = folder.get(p);
    if (content !== undefined) return { kind: 'file', bytes: typeof content === 'string' ? new TextEncoder().encode(content) : content };
    const prefix = p === '.' ? '' : `${p}/`;
    const entries = new Map<string, boolean>();
    for (const key of folder.keys()) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      const slash = rest.indexOf('/');
      entries.set(slash === -1 ? rest : rest.slice(0, slash), slash !== -1 || entries.get(rest) === true);
    }
    if (entries.size === 0) return { kind: 'missing' };
    const names = [...entries.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return { kind: 'folder', entries: names.map((name) => ({ name, folder: entries.get(name) === true })) };
  };
}

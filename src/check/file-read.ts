/**
 * How `check` reads the files a scenario names (`load "path"`), without touching a file system
 * itself: the caller passes a ReadFile (src/host/project-files.ts implements it over `fs`,
 * confined to the scenario's project). The path is given as the scenario wrote it, relative to
 * the scenario file; the reader resolves and confines it. A refusal never carries the content of
 * the file.
 */

export type FileRead =
  /** A regular file inside the project: its bytes (decoded by the caller). */
  | { readonly kind: 'file'; readonly bytes: Uint8Array }
  /** A folder inside the project: its entry names, in code-unit order. */
  | { readonly kind: 'folder'; readonly entries: readonly { readonly name: string; readonly folder: boolean }[] }
  /** Nothing at that path (or a broken symlink). */
  | { readonly kind: 'missing' }
  /**
   * The path, or the file a symlink on it leads to, lies outside the project root. `root` is
   * the root relative to the scenario's folder (`.`, `..`, …); `marked`: the root holds a
   * package.json or .git (else it is the scenario's own folder).
   */
  | { readonly kind: 'outside'; readonly root: string; readonly marked: boolean }
  /** Not a regular file or folder (never opened): `what` is e.g. `a FIFO`, `a socket`. */
  | { readonly kind: 'special'; readonly what: string }
  /** Exists but cannot be read; `reason` e.g. `permission denied`. */
  | { readonly kind: 'unreadable'; readonly reason: string };

/** Reads a path a scenario names, relative to that scenario file. */
export type ReadFile = (path: string) => FileRead;

/** A reader for callers that give a scenario no files at all. */
export const noFiles: ReadFile = () => ({ kind: 'missing' });

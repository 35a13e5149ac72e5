/**
 * Manifest files and folders → spec objects, for `load "path"` and the CLI.
 * - Paths are resolved against projectRoot; a path whose real location (symlinks followed)
 *   is outside projectRoot is refused with a diagnostic, whether given or met in a folder.
 * - Folders are read recursively in sorted (code-unit) order, skipping dot-entries; only
 *   .yaml, .yml and .json files are read. A file named explicitly must have one of these.
 * - All files are read as one input (see objectsFromSources), within one byte budget
 *   (MAX_INPUT_BYTES) for all of them: each file's size is checked (stat) before it is read, and
 *   an input over the budget is refused whole, before anything is parsed. Never throws.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Span } from '../spec/types.js';
import { CODES } from './codes.js';
import { objectsFromSources } from './sources.js';
import type { ManifestResult, ManifestSource } from './sources.js';
import type { ReadOptions } from './read.js';

/** A path with the span that asked for it (e.g. the `load` statement), for diagnostics. */
export interface ManifestPath {
  readonly path: string;
  readonly span?: Span;
}

/** The file's text; undefined or a throw when it cannot be read. */
export type ReadFile = (absolutePath: string) => string | undefined;
/** Entry names of a directory, or undefined when the path is not a directory. */
export type ListDir = (absolutePath: string) => readonly string[] | undefined;
export type RealPath = (absolutePath: string) => string;

export interface LoadedManifests extends ManifestResult {
  /** Real paths of the files read, in reading order (for watch mode). */
  readonly files: readonly string[];
}

export const MANIFEST_EXTENSIONS: readonly string[] = ['.yaml', '.yml', '.json'];
export const MAX_FILES = 10_000;
/** The bytes all the files of one input may hold together. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The file's size in bytes, or undefined when it is not known (then the text read is measured). */
export type FileSize = (absolutePath: string) => number | undefined;

const fsListDir: ListDir = (p) => (fs.statSync(p).isDirectory() ? fs.readdirSync(p) : undefined);
const fsReadFile: ReadFile = (p) => fs.readFileSync(p, 'utf8');
const fsRealPath: RealPath = (p) => fs.realpathSync(p);
const fsFileSize: FileSize = (p) => {
  try {
    return fs.statSync(p).size;
  } catch {
    return undefined;
  }
};

export function loadManifestFiles(
  paths: readonly (string | ManifestPath)[],
  projectRoot: string,
  readFile: ReadFile = fsReadFile,
  listDir: ListDir = fsListDir,
  realpath: RealPath = fsRealPath,
  readOptions: ReadOptions = {},
  fileSize: FileSize = fsFileSize,
): LoadedManifests {
  const diagnostics: Diagnostic[] = [];
  const sources: ManifestSource[] = [];
  const files: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const point = (file: string, span?: Span): Span => span ?? { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  const fail = (code: string, message: string, span: Span, help?: string): void => {
    diagnostics.push({ code, severity: 'error', message, span, ...(help ? { help } : {}) });
  };
  let root: string;
  try {
    root = realpath(path.resolve(projectRoot));
  } catch (e) {
    fail(CODES.unreadable, `project root ${projectRoot} cannot be read: ${errText(e)}`, point(projectRoot));
    return { objects: [], diagnostics, files };
  }
  let inputBytes = 0;
  let overBudget = false;
  /** False (and the input refused) when `bytes` more would exceed the budget. */
  const withinBudget = (shown: string, span: Span | undefined, bytes: number): boolean => {
    if (inputBytes + bytes <= MAX_INPUT_BYTES) return true;
    overBudget = true;
    fail(
      CODES.tooLarge,
      `the manifests are larger than the input budget of ${MAX_INPUT_BYTES.toLocaleString('en-US')} bytes (${MAX_INPUT_BYTES / (1024 * 1024)} MiB); reached at ${shown}, so none is read`,
      point(shown, span),
      'give netscn fewer or smaller manifest files',
    );
    return false;
  };
  const inside = (p: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

  /** `shown`: the path as the user would recognise it (given path + entries below it). */
  const visit = (shown: string, abs: string, span: Span | undefined, explicit: boolean): void => {
    if (files.length >= MAX_FILES || overBudget) return;
    let real: string;
    try {
      real = realpath(abs);
    } catch (e) {
      fail(CODES.unreadable, `cannot read ${shown}: ${errText(e)}`, point(shown, span));
      return;
    }
    if (!inside(real)) {
      fail(CODES.pathEscape, `${shown} resolves outside the project root; refused`, point(shown, span), 'manifests must live inside the project (symlinks are followed)');
      return;
    }
    let entries: readonly string[] | undefined;
    try {
      entries = listDir(real);
    } catch (e) {
      fail(CODES.unreadable, `cannot read ${shown}: ${errText(e)}`, point(shown, span));
      return;
    }
    if (entries !== undefined) {
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      const sorted = [...entries].filter((n) => !n.startsWith('.')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const name of sorted) visit(path.join(shown, name), path.join(abs, name), span, false);
      return;
    }
    if (!MANIFEST_EXTENSIONS.includes(path.extname(real).toLowerCase())) {
      if (explicit) fail(CODES.unreadable, `${shown} is not a manifest file`, point(shown, span), `expected a ${MANIFEST_EXTENSIONS.join(', ')} file or a folder`);
      return;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    const size = fileSize(real) ?? 0;
    if (!withinBudget(shown, span, size)) return;
    let text: string | undefined;
    try {
      text = readFile(real);
    } catch (e) {
      fail(CODES.unreadable, `cannot read ${shown}: ${errText(e)}`, point(shown, span));
      return;
    }
    if (text === undefined) {
      fail(CODES.unreadable, `cannot read ${shown}`, point(shown, span));
      return;
    }
    // The larger of the size given and the text read (a file may grow between the two).
    const bytes = Math.max(size, Buffer.byteLength(text, 'utf8'));
    if (!withinBudget(shown, span, bytes)) return;
    inputBytes += bytes;
    files.push(real);
    if (files.length === MAX_FILES) {
      fail(CODES.tooLarge, `more than ${MAX_FILES} manifest files; the rest are not read`, point(shown, span));
    }
    sources.push({ text, file: shown });
  };

  for (const entry of paths) {
    const given = typeof entry === 'string' ? { path: entry } : entry;
    visit(given.path, path.resolve(root, given.path), given.span, true);
  }
  if (overBudget) return { objects: [], diagnostics, files: [] };
  const result = objectsFromSources(sources, readOptions);
  return { objects: result.objects, diagnostics: [...diagnostics, ...result.diagnostics], files };
}

function errText(e: unknown): string {
  if (e && typeof e === 'object' && 'code' in e && typeof (e as { code: unknown }).code === 'string') {
    const code = (e as { code: string }).code;
    if (code === 'ENOENT') return 'no such file or directory';
    if (code === 'EACCES') return 'permission denied';
    return code;
  }
  return e instanceof Error ? e.message : String(e);
}

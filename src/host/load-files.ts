/**
 * Manifest files and folders named on the command line → spec objects (`netscn connlist`).
 * - Paths are the user's choice: relative to `base` (the current directory), or absolute.
 * - What a given folder holds is confined to it: an entry whose real location (symlinks
 *   followed) is outside the given folder is refused with a diagnostic, never read.
 * - Folders are read recursively in sorted (code-unit) order, skipping dot-entries; only
 *   .yaml, .yml and .json files are read. A file named explicitly must have one of these.
 * - Only regular files are read; a FIFO, socket or device is refused without being opened.
 *   Files must be UTF-8 (a located NS0105 otherwise).
 * - All files are read as one input (see objectsFromSources), within one byte budget
 *   (MAX_INPUT_BYTES) for all of them: each file's size is checked (stat) before it is read, and
 *   an input over the budget is refused whole, before anything is parsed. Never throws.
 * (A scenario's `load` is read by src/check/manifests.ts through its project's reader.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { readRegularFile, statEntry, type HostProblem } from './regular-file.js';
import type { Span } from '../spec/types.js';
import { DIAG, type CodeEntry } from '../diag/catalogue.js';
import { MANIFEST_EXTENSIONS } from '../manifests/extensions.js';
import { objectsFromSources } from '../manifests/sources.js';
import { parseYaml, type YamlDocuments } from '../manifests/yaml-tree.js';
import type { ManifestResult, ManifestSource } from '../manifests/sources.js';
import type { ReadOptions } from '../manifests/read.js';

/** A path with the span that asked for it, for diagnostics. */
export interface ManifestPath {
  readonly path: string;
  readonly span?: Span;
}

export interface LoadedManifests extends ManifestResult {
  /** Real paths of the files read, in reading order (for watch mode). */
  readonly files: readonly string[];
  /** The decoded text of each file of `files`, in the same order. */
  readonly texts: readonly string[];
  /** Files met in a folder and skipped as not Kubernetes objects (with `skipNonManifests`), as shown. */
  readonly skipped: readonly string[];
}

/** How folders are walked. */
export interface WalkOptions {
  /**
   * A folder given may be a project as often as a manifest folder (connlist): files met in it
   * that plainly are not Kubernetes objects (they parse, and no document has an apiVersion or
   * kind, e.g. package.json) are skipped, and node_modules is not entered. A file named
   * explicitly is always read.
   */
  readonly skipNonManifests?: boolean;
}

/** False only for text that parses and whose documents carry no apiVersion or kind at all. */
function mayBeManifest(parsed: YamlDocuments): boolean {
  if (parsed.diagnostics.some((d) => d.severity === 'error') || parsed.documents.length === 0) return true;
  return parsed.documents.some((d) => d.kind === 'map' && d.entries.some((e) => e.key === 'apiVersion' || e.key === 'kind'));
}

export const MAX_FILES = 10_000;
/** The bytes all the files of one input may hold together. */
export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

/** The file's size in bytes, or undefined when it is not known (then the bytes read are measured). */
export type FileSize = (absolutePath: string) => number | undefined;

const fsFileSize: FileSize = (p) => {
  try {
    return fs.statSync(p).size;
  } catch {
    return undefined;
  }
};

export function loadManifestFiles(
  paths: readonly (string | ManifestPath)[],
  base: string,
  readOptions: ReadOptions = {},
  walk: WalkOptions = {},
  fileSize: FileSize = fsFileSize,
): LoadedManifests {
  const skipped: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const sources: ManifestSource[] = [];
  const files: string[] = [];
  const texts: string[] = [];
  const seenFiles = new Set<string>();
  const seenDirs = new Set<string>();
  const point = (file: string, span?: Span): Span => span ?? { file, start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };
  const fail = (code: CodeEntry, message: string, span: Span, help?: string): void => {
    diagnostics.push({ code: code.code, severity: 'error', message, span, ...(help ? { help } : {}) });
  };
  let inputBytes = 0;
  let overBudget = false;
  /** False (and the input refused) when `bytes` more would exceed the budget. */
  const withinBudget = (shown: string, span: Span | undefined, bytes: number): boolean => {
    if (inputBytes + bytes <= MAX_INPUT_BYTES) return true;
    overBudget = true;
    fail(
      DIAG.inputTooLarge,
      `the manifests are larger than the input budget of ${MAX_INPUT_BYTES.toLocaleString('en-US')} bytes (${MAX_INPUT_BYTES / (1024 * 1024)} MiB); reached at ${shown}, so none is read`,
      point(shown, span),
      'give netscn fewer or smaller manifest files',
    );
    return false;
  };
  const problem = (shown: string, span: Span | undefined, p: HostProblem): void => {
    switch (p.kind) {
      case 'missing':
        fail(DIAG.unreadable, `cannot read ${shown}: no such file or directory`, point(shown, span));
        return;
      case 'special':
        fail(DIAG.unreadable, `cannot read ${shown}: it is ${p.what}`, point(shown, span), 'only regular files and folders are read');
        return;
      case 'unreadable':
        fail(DIAG.unreadable, `cannot read ${shown}: ${p.reason}`, point(shown, span));
        return;
      default: {
        const never: never = p;
        throw new Error(`unhandled ${JSON.stringify(never)}`);
      }
    }
  };

  /** `shown`: the path as the user would recognise it (given path + entries below it); `root`: the given path's real location. */
  const visit = (shown: string, abs: string, span: Span | undefined, root: string | undefined): void => {
    if (files.length >= MAX_FILES || overBudget) return;
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch (e) {
      fail(DIAG.unreadable, `cannot read ${shown}: ${errText(e)}`, point(shown, span));
      return;
    }
    if (root !== undefined && !inside(root, real)) {
      fail(DIAG.pathEscape, `${shown} resolves outside the folder given; refused`, point(shown, span), 'a folder is read only as far as it goes (symlinks are followed)');
      return;
    }
    const kind = statEntry(real);
    if (kind.kind === 'folder') {
      if (seenDirs.has(real)) return;
      seenDirs.add(real);
      let entries: string[];
      try {
        entries = fs.readdirSync(real);
      } catch (e) {
        fail(DIAG.unreadable, `cannot read ${shown}: ${errText(e)}`, point(shown, span));
        return;
      }
      const sorted = entries.filter((n) => !n.startsWith('.') && !(walk.skipNonManifests && n === 'node_modules')).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      for (const name of sorted) visit(path.join(shown, name), path.join(abs, name), span, root ?? real);
      return;
    }
    if (kind.kind !== 'file') {
      problem(shown, span, kind);
      return;
    }
    if (!MANIFEST_EXTENSIONS.includes(path.extname(real).toLowerCase())) {
      if (root === undefined) fail(DIAG.unreadable, `${shown} is not a manifest file`, point(shown, span), `expected a ${MANIFEST_EXTENSIONS.join(', ')} file or a folder`);
      return;
    }
    if (seenFiles.has(real)) return;
    seenFiles.add(real);
    const size = fileSize(real) ?? 0;
    if (!withinBudget(shown, span, size)) return;
    const read = readRegularFile(real);
    if (read.kind === 'folder') {
      fail(DIAG.unreadable, `cannot read ${shown}: it changed while being read`, point(shown, span));
      return;
    }
    if (read.kind !== 'file') {
      problem(shown, span, read);
      return;
    }
    // The larger of the size given and the bytes read (a file may grow between the two).
    const bytes = Math.max(size, read.bytes.length);
    if (!withinBudget(shown, span, bytes)) return;
    inputBytes += bytes;
    const decoded = decodeUtf8(read.bytes, shown);
    if (decoded.diagnostics.length > 0) {
      diagnostics.push(...decoded.diagnostics);
      return;
    }
    // Parsed once: a folder file's trees serve the manifest test and then the reader.
    const parsed = root !== undefined && walk.skipNonManifests ? parseYaml(decoded.text, shown) : undefined;
    if (parsed !== undefined && !mayBeManifest(parsed)) {
      skipped.push(shown);
      return;
    }
    files.push(real);
    texts.push(decoded.text);
    if (files.length === MAX_FILES) {
      fail(DIAG.inputTooLarge, `more than ${MAX_FILES} manifest files; the rest are not read`, point(shown, span));
    }
    sources.push({ text: decoded.text, file: shown, ...(parsed ? { parsed } : {}) });
  };

  for (const entry of paths) {
    const given = typeof entry === 'string' ? { path: entry } : entry;
    visit(given.path, path.resolve(base, given.path), given.span, undefined);
  }
  if (overBudget) return { objects: [], diagnostics, documents: [], files: [], texts: [], skipped };
  const result = objectsFromSources(sources, readOptions);
  return { objects: result.objects, diagnostics: [...diagnostics, ...result.diagnostics], documents: result.documents, files, texts, skipped };
}

function inside(root: string, p: string): boolean {
  const rel = path.relative(root, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
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

/**
 * `load "path"` and `yaml """..."""` → spec objects through src/manifests. A scenario file is
 * untrusted input: `load` paths are relative to the scenario file, never absolute, and read only
 * through the caller's `readFile`, which confines them to the project. A folder loads its own
 * .yaml/.yml/.json files (not its subfolders, nor dot-files) in name order, as one input.
 * Manifests must be UTF-8.
 */
import { decodeUtf8 } from '../diag/decode-utf8.js';
import * as posix from '../paths/posix.js';
import { dedent, MANIFEST_EXTENSIONS, objectsFromSources, objectsFromYaml, type ManifestSource } from '../manifests/index.js';
import type { LoadStmt, YamlDecl } from '../syntax/ast.js';
import type { Span } from '../spec/types.js';
import type { FileRead, ReadFile } from './file-read.js';
import type { SpecObject } from '../spec/objects.js';
import { DIAG } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './declarations/converted.js';
import type { Ref } from './refs.js';
import { assertNever } from '../spec/never.js';

export interface FileAccess {
  /** Reads what `load` names (see file-read.ts); absent: `load` reports that it cannot read. */
  readonly readFile?: ReadFile;
  /**
   * Grading: the learner's file of this name (`load "…" learner "name"`), read in place of the
   * author's; undefined when the submission has none. Absent: the author's file is read.
   */
  readonly learnerFile?: (name: string) => string | Uint8Array | undefined;
}

function asConverted(objects: readonly SpecObject[], fallback: Span): Converted[] {
  return objects.map((object) => {
    const span = object.spec.span ?? fallback;
    const refs: Ref[] = [];
    if ('namespace' in object.spec && typeof object.spec.namespace === 'string') refs.push({ kind: 'namespace', name: object.spec.namespace, span });
    // Pods from manifests rarely name a node: those are placed by the checker (placePods).
    if (object.kind === 'pod' && object.spec.node !== '') refs.push({ kind: 'node', name: object.spec.node, span });
    return { object, refs, span };
  });
}

export function yamlObjects(ctx: Ctx, d: YamlDecl): Converted[] {
  const { text, indent } = dedent(d.text);
  const r = objectsFromYaml(text, ctx.file, d.textSpan.start, indent);
  ctx.diagnostics.push(...r.diagnostics);
  return asConverted(r.objects, d.span);
}

export function loadObjects(ctx: Ctx, d: LoadStmt, access: FileAccess): Converted[] {
  if (d.learner && access.learnerFile) {
    const name = d.learner.value;
    const text = access.learnerFile(name);
    if (text === undefined) {
      error(ctx, DIAG.loadPath, d.learner.span, `the submission has no file \`${name}\``, { label: 'missing from the submission', help: `hand in ${name}` });
      return [];
    }
    const decoded = typeof text === 'string' ? { text, diagnostics: [] } : decodeUtf8(text, name);
    ctx.diagnostics.push(...decoded.diagnostics);
    if (decoded.diagnostics.length > 0) return [];
    const r = objectsFromYaml(decoded.text, name);
    ctx.diagnostics.push(...r.diagnostics);
    return asConverted(r.objects, d.span);
  }
  const p = d.path.value;
  const span = d.path.span;
  if (p.trim() === '' || p.includes('\0')) {
    error(ctx, DIAG.loadPath, span, 'invalid path', { label: 'empty or contains a NUL character' });
    return [];
  }
  if (posix.isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') || p.startsWith('~')) {
    error(ctx, DIAG.loadPath, span, `\`load\` takes a path relative to the scenario file, not \`${p}\``, {
      label: 'absolute path',
      notes: ['a scenario may only read files inside its project'],
      help: 'write the path relative to this file, e.g. `load "k8s/app.yaml"`',
    });
    return [];
  }
  if (!access.readFile) {
    error(ctx, DIAG.loadPath, span, `cannot read \`${p}\` here`, { label: 'no file access', notes: ['this caller gave `check` no way to read files'] });
    return [];
  }
  const read = access.readFile;
  const shown = (rel: string): string => posix.join(posix.dirname(ctx.file.split('\\').join('/')), rel);
  const got = read(p);
  const sources: ManifestSource[] = [];
  switch (got.kind) {
    case 'file': {
      const decoded = decodeUtf8(got.bytes, shown(p));
      ctx.diagnostics.push(...decoded.diagnostics);
      if (decoded.diagnostics.length === 0) sources.push({ text: decoded.text, file: shown(p) });
      break;
    }
    case 'folder': {
      const names = got.entries.filter((e) => !e.folder && !e.name.startsWith('.') && MANIFEST_EXTENSIONS.includes(posix.extname(e.name).toLowerCase()));
      if (names.length === 0) {
        error(ctx, DIAG.loadPath, span, `\`${p}\` holds no manifest files`, { label: 'empty folder', notes: [`a folder loads its ${MANIFEST_EXTENSIONS.join(', ')} files, not its subfolders`] });
        return [];
      }
      for (const { name } of names) {
        const rel = posix.join(p, name);
        const entry = read(rel);
        if (entry.kind !== 'file') {
          refuse(ctx, span, rel, entry);
          continue;
        }
        const decoded = decodeUtf8(entry.bytes, shown(rel));
        ctx.diagnostics.push(...decoded.diagnostics);
        if (decoded.diagnostics.length === 0) sources.push({ text: decoded.text, file: shown(rel) });
      }
      break;
    }
    case 'missing':
    case 'outside':
    case 'special':
    case 'unreadable':
      refuse(ctx, span, p, got);
      return [];
    default:
      return assertNever(got);
  }
  const r = objectsFromSources(sources);
  ctx.diagnostics.push(...r.diagnostics);
  return asConverted(r.objects, d.span);
}

/** Why `load` read nothing at `p`, in words; never the content of the file. */
function refuse(ctx: Ctx, span: Span, p: string, got: Exclude<FileRead, { kind: 'file' }>): void {
  switch (got.kind) {
    case 'missing':
      error(ctx, DIAG.loadPath, span, `cannot read \`${p}\``, { label: 'no such file or folder', notes: [`looked for ${posix.join(posix.dirname(ctx.file), p)}`] });
      return;
    case 'outside':
      error(ctx, DIAG.loadPath, span, `\`${p}\` is outside the project root`, {
        label: 'leaves the project',
        notes: [
          got.marked
            ? `the project root is \`${got.root}\` (relative to this file): the nearest folder above it with a package.json or .git`
            : 'the project root is the folder of this file: no folder above it has a package.json or .git',
          'symlinks are followed before the check',
        ],
        help: 'copy the manifests into the project and load them from there',
      });
      return;
    case 'special':
      error(ctx, DIAG.loadPath, span, `cannot read \`${p}\`: it is ${got.what}`, { label: 'not a regular file', help: 'only regular files and folders are read' });
      return;
    case 'unreadable':
      error(ctx, DIAG.loadPath, span, `cannot read \`${p}\`: ${got.reason}`, { label: 'unreadable' });
      return;
    case 'folder':
      error(ctx, DIAG.loadPath, span, `\`${p}\` is a folder inside a folder`, { label: 'not read', notes: ['a folder loads its own manifest files, not its subfolders'] });
      return;
    default:
      assertNever(got);
  }
}

/**
 * `load "path"` and `yaml """..."""` → spec objects through src/manifests. A scenario file is
 * untrusted input: `load` paths are relative to the scenario file, never absolute, never outside
 * the project root, and read only through the caller's `readFile`.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { dedent, objectsFromYaml } from '../manifests/index.js';
import type { LoadStmt, YamlDecl } from '../syntax/ast.js';
import type { Span } from '../spec/types.js';
import type { SpecObject } from './scenario.js';
import { Code } from './codes.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './objects.js';
import type { Ref } from './refs.js';

export interface FileAccess {
  readonly readFile?: (path: string) => string | undefined;
  readonly projectRoot?: string;
  /**
   * Grading: the learner's file of this name (`load "…" learner "name"`), read in place of the
   * author's; undefined when the submission has none. Absent: the author's file is read.
   */
  readonly learnerFile?: (name: string) => string | undefined;
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
      error(ctx, Code.loadPath, d.learner.span, `the submission has no file \`${name}\``, { label: 'missing from the submission', help: `hand in ${name}` });
      return [];
    }
    const r = objectsFromYaml(text, name);
    ctx.diagnostics.push(...r.diagnostics);
    return asConverted(r.objects, d.span);
  }
  const p = d.path.value;
  const span = d.path.span;
  if (p.trim() === '' || p.includes('\0')) {
    error(ctx, Code.loadPath, span, 'invalid path', { label: 'empty or contains a NUL character' });
    return [];
  }
  if (isAbsolute(p) || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\\\') || p.startsWith('~')) {
    error(ctx, Code.loadPath, span, `\`load\` takes a path relative to the scenario file, not \`${p}\``, {
      label: 'absolute path',
      notes: ['a scenario may only read files inside its project'],
      help: 'write the path relative to this file, e.g. `load "k8s/app.yaml"`',
    });
    return [];
  }
  const scenarioDir = dirname(resolve(ctx.file));
  const root = resolve(access.projectRoot ?? scenarioDir);
  const target = resolve(scenarioDir, p);
  const rel = relative(root, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    error(ctx, Code.loadPath, span, `\`${p}\` is outside the project root`, {
      label: 'leaves the project',
      notes: [`the project root is ${access.projectRoot ?? 'the directory of this scenario file'}`],
      help: 'copy the manifests into the project and load them from there',
    });
    return [];
  }
  if (!access.readFile) {
    error(ctx, Code.loadPath, span, `cannot read \`${p}\` here`, { label: 'no file access', notes: ['this caller gave `check` no way to read files'] });
    return [];
  }
  let text: string | undefined;
  try {
    text = access.readFile(target);
  } catch {
    text = undefined;
  }
  if (text === undefined) {
    error(ctx, Code.loadPath, span, `cannot read \`${p}\``, { label: 'missing or unreadable', notes: [`looked for ${join(dirname(ctx.file), p)}`] });
    return [];
  }
  const r = objectsFromYaml(text, join(dirname(ctx.file), p));
  ctx.diagnostics.push(...r.diagnostics);
  return asConverted(r.objects, d.span);
}

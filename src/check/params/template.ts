/**
 * A parametrised scenario (a template): its `param` declarations and `{{NAME}}` references
 * checked, then bound into a variant. The variant's text is the scenario's with every reference
 * replaced by its value and every `param` line turned into a comment naming the value, so lines
 * stay lines and the checker, runner and reporters see an ordinary scenario; diagnostics of the
 * variant are mapped back to the template's positions and carry a note naming the variant.
 * The author's files the scenario loads are bound the same way; a learner's are not (a
 * submission answers one variant, with the values written out).
 */
import { DIAG, message } from '../../diag/catalogue.js';
import type { Diagnostic } from '../../diag/diagnostic.js';
import { closest } from '../../diag/suggest.js';
import * as posix from '../../paths/posix.js';
import type { Span } from '../../spec/types.js';
import type { File, ParamDecl } from '../../syntax/ast.js';
import type { FileRead, ReadFile } from '../file-read.js';
import { domainHolds, domainOf, type Domain } from './domain.js';
import { applyEdits, OffsetMap, references, type Edit } from './interpolate.js';
import { bindAll, bindingsText, DEFAULT_SEED, type Binding } from './variant.js';

/** Which variant to check: by seed, with some values given outright. */
export interface VariantChoice {
  /** The seed (DEFAULT_SEED when absent). */
  readonly seed?: string;
  /** Values given by name (`netscn variant --set NAME=VALUE`), each checked against its domain. */
  readonly values?: ReadonlyMap<string, string>;
}

/** A bound variant of a template. */
export interface Variant {
  readonly seed: string;
  /** Every parameter's value, in declaration order. */
  readonly bindings: readonly Binding[];
  /** The scenario's text with the values in place. */
  readonly text: string;
  /** Positions of `text` back to the template's. */
  readonly map: OffsetMap;
}

/** Whether the file is a template: it declares or references a parameter. */
export function isTemplate(ast: File, text: string): boolean {
  return ast.items.some((i) => i.kind === 'Param') || text.includes('{{');
}

/** The file's `param` declarations, in order. */
export function paramDecls(ast: File): ParamDecl[] {
  return ast.items.flatMap((i) => (i.kind === 'Param' ? [i] : []));
}

function diagnostic(severity: Diagnostic['severity'], code: { readonly code: string }, span: Span, text: string, extra: Partial<Diagnostic> = {}): Diagnostic {
  return { code: code.code, severity, message: text, span, ...extra };
}

/** A span of `length` code units at `offset` of `text` (for references found by scanning). */
function spanAt(file: string, text: string, offset: number, length: number): Span {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return { file, start: { offset, line, column }, end: { offset: offset + length, line, column: column + length } };
}

/** An unknown reference, with the nearest declared name. */
function unknown(name: string, span: Span, declared: readonly string[]): Diagnostic {
  const near = closest(name, declared);
  return diagnostic('error', DIAG.unknownParam, span, message(DIAG.unknownParam, { name }), {
    label: 'no parameter of this name',
    notes: [declared.length > 0 ? `the parameters are ${declared.join(', ')}` : 'the scenario declares no parameter'],
    help: near ? `did you mean \`${near.candidate}\`?` : `declare it at the top level: \`param ${name} choose VALUE, …\``,
  });
}

/**
 * The parameters' domains and the template's references checked; without an error, the variant
 * of `choice`. Unused parameters are not reported here (the loaded files may use them): see
 * `unusedParams`.
 */
export function prepareVariant(ast: File, text: string, file: string, choice: VariantChoice = {}): { readonly diagnostics: Diagnostic[]; readonly variant?: Variant } {
  const diagnostics: Diagnostic[] = [];
  const decls = paramDecls(ast);
  const domains = new Map<string, { readonly name: string; readonly domain: Domain }>();
  for (const d of decls) {
    const name = d.name.value;
    const first = decls.find((x) => x.name.value === name)!;
    if (first !== d) {
      diagnostics.push(diagnostic('error', DIAG.duplicate, d.name.span, message(DIAG.duplicate, { object: `parameter ${name}` }), {
        label: 'second declaration',
        notes: [`first declared at ${file}:${first.name.span.start.line}:${first.name.span.start.column}`],
        help: 'remove one, or give it another name',
      }));
      continue;
    }
    const domain = domainOf(d);
    if ('count' in domain) domains.set(name, { name, domain });
    else if (domain.kind === 'value-outside') diagnostics.push(diagnostic('error', DIAG.paramValue, domain.span, message(DIAG.paramValue, { value: domain.value, name }), { label: 'not of the domain', notes: [domain.why] }));
    else diagnostics.push(diagnostic('error', DIAG.paramDomain, domain.span, message(DIAG.paramDomain, { name, problem: domain.problem }), { label: 'here' }));
  }
  const declared = decls.map((d) => d.name.value);
  const known = new Set(declared);
  const refs = references(text);
  for (const r of refs) if (!known.has(r.name)) diagnostics.push(unknown(r.name, spanAt(file, text, r.offset, r.length), declared));
  const origin = { offset: 0, line: 1, column: 1 };
  for (const [name, value] of choice.values ?? []) {
    const at = decls.find((d) => d.name.value === name);
    if (!at) diagnostics.push(unknown(name, { file, start: origin, end: origin }, declared));
    else {
      const p = domains.get(name);
      if (p && !domainHolds(p.domain, value)) diagnostics.push(diagnostic('error', DIAG.paramValue, at.domain.span, message(DIAG.paramValue, { value, name }), { label: 'the domain', notes: [`the domain of ${name} is ${p.domain.text}`] }));
    }
  }
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };

  const seed = choice.seed ?? DEFAULT_SEED;
  const drawn = bindAll([...domains.values()], seed);
  const bindings = drawn.map((b) => ({ name: b.name, value: choice.values?.get(b.name) ?? b.value }));
  const valueOf = new Map(bindings.map((b) => [b.name, b.value]));
  const edits: Edit[] = [
    ...decls.map((d) => ({ offset: d.span.start.offset, length: d.domain.span.end.offset - d.span.start.offset, text: `# param ${d.name.value} = ${valueOf.get(d.name.value)!}` })),
    ...refs.map((r) => ({ offset: r.offset, length: r.length, text: valueOf.get(r.name)! })),
  ].sort((a, b) => a.offset - b.offset);
  return { diagnostics, variant: { seed, bindings, text: applyEdits(text, edits), map: new OffsetMap(text, edits) } };
}

/** A diagnostic of the variant at the template's positions, with a note naming the variant. */
export function mapToTemplate(d: Diagnostic, variant: Variant, file: string): Diagnostic {
  const note = `in the variant of seed \`${variant.seed}\`: ${bindingsText(variant.bindings) || 'no parameter'}`;
  const span = d.span.file === file ? { ...d.span, start: variant.map.position(d.span.start), end: variant.map.position(d.span.end) } : d.span;
  return { ...d, span, notes: [...(d.notes ?? []), note] };
}

/**
 * A reader of the author's files with the variant's values in place. `used` collects the names
 * referenced; an unknown name is reported through `report` at its place in the file.
 */
export function boundReader(read: ReadFile, variant: Variant, file: string, used: Set<string>, report: (d: Diagnostic) => void): ReadFile {
  const values = new Map(variant.bindings.map((b) => [b.name, b.value]));
  const declared = variant.bindings.map((b) => b.name);
  return (path: string): FileRead => {
    const got = read(path);
    if (got.kind !== 'file') return got;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(got.bytes);
    } catch {
      return got;
    }
    const refs = references(text);
    if (refs.length === 0) return got;
    const shown = posix.join(posix.dirname(file.split('\\').join('/')), path);
    const edits: Edit[] = [];
    for (const r of refs) {
      const value = values.get(r.name);
      used.add(r.name);
      if (value === undefined) report(unknown(r.name, spanAt(shown, text, r.offset, r.length), declared));
      else edits.push({ offset: r.offset, length: r.length, text: value });
    }
    return { kind: 'file', bytes: new TextEncoder().encode(applyEdits(text, edits)) };
  };
}

/** An author's text (a start file, the reference solution) with a variant's values in place; the names it references that the variant lacks. */
export function bindText(text: string, bindings: readonly Binding[]): { readonly text: string; readonly unknown: readonly string[] } {
  const values = new Map(bindings.map((b) => [b.name, b.value]));
  const unknownNames: string[] = [];
  const edits: Edit[] = [];
  for (const r of references(text)) {
    const value = values.get(r.name);
    if (value === undefined) unknownNames.push(r.name);
    else edits.push({ offset: r.offset, length: r.length, text: value });
  }
  return { text: applyEdits(text, edits), unknown: [...new Set(unknownNames)] };
}

/** The template's names referenced in its own text. */
export function namesUsed(text: string): Set<string> {
  return new Set(references(text).map((r) => r.name));
}

/** A warning per declared parameter that neither the template nor a loaded file uses. */
export function unusedParams(ast: File, used: ReadonlySet<string>): Diagnostic[] {
  return paramDecls(ast)
    .filter((d) => !used.has(d.name.value))
    .map((d) => diagnostic('warning', DIAG.unusedParam, d.name.span, message(DIAG.unusedParam, { name: d.name.value }), {
      label: 'declared here',
      help: `write \`{{${d.name.value}}}\` where its value belongs, or remove the declaration`,
    }));
}

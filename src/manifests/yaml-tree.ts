/**
 * Untrusted YAML text → located trees. Every node carries the span of its text in the real
 * file (shifted by `origin` for YAML embedded in a .netscn file). Bounded: the text size, the
 * nesting depth (yaml-nesting.ts), the document count and alias expansion are capped, nothing
 * throws, and no tag runs code (the core schema only; unknown tags are kept as plain strings
 * with a warning).
 */
import { LineCounter, parseAllDocuments, visit, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Position, Span } from '../spec/types.js';
import { DIAG, message } from '../diag/catalogue.js';
import { yamlNestingProblem } from './yaml-nesting.js';
import { originalOffset, reindentQuotedContinuations, type QuotedIndentRepair, type RepairedScalar } from './yaml-quoted-indent.js';

export const MAX_TEXT_LENGTH = 2 * 1024 * 1024;
export const MAX_DOCUMENTS = 10_000;
/** yaml's maxAliasCount: how far one anchor may be expanded through aliases. */
export const MAX_ALIAS_COUNT = 100;
/** Located nodes one document may expand to (aliases included). */
export const MAX_NODES = 1_000_000;

export type LNode = LMap | LSeq | LScalar;

export interface LEntry {
  readonly key: string;
  readonly keySpan: Span;
  readonly value: LNode;
}

export interface LMap {
  readonly kind: 'map';
  readonly entries: readonly LEntry[];
  readonly span: Span;
}

export interface LSeq {
  readonly kind: 'seq';
  readonly items: readonly LNode[];
  readonly span: Span;
}

export interface LScalar {
  readonly kind: 'scalar';
  readonly value: string | number | boolean | null;
  readonly span: Span;
}

export interface YamlDocuments {
  /** One root per non-empty document, in order. */
  readonly documents: readonly LNode[];
  readonly diagnostics: readonly Diagnostic[];
}

const START: Position = { offset: 0, line: 1, column: 1 };

/** Maps offsets in `text` to positions in `file`, where the text starts at `origin`. */
export type Locator = (start: number, end: number) => Span;

/**
 * `indent`: columns stripped from the start of every line of the original text (YAML embedded
 * in an indented block is dedented before parsing), added back to columns and offsets.
 */
function makeLocator(lc: LineCounter, file: string, origin: Position, indent: number): Locator {
  const pos = (offset: number): Position => {
    const { line, col } = lc.linePos(offset);
    return {
      offset: origin.offset + offset + indent * line,
      line: origin.line + line - 1,
      column: (line === 1 ? origin.column + col - 1 : col) + indent,
    };
  };
  return (start, end) => ({ file, start: pos(start), end: pos(Math.max(start, end)) });
}

export function parseYaml(text: string, file: string, origin: Position = START, indent = 0): YamlDocuments {
  const lc = new LineCounter();
  let at = makeLocator(lc, file, origin, indent);
  if (text.length > MAX_TEXT_LENGTH) {
    lc.addNewLine(0);
    return {
      documents: [],
      diagnostics: [
        {
          code: DIAG.inputTooLarge.code,
          severity: 'error',
          message: `manifest text is ${text.length} characters; netscn reads at most ${MAX_TEXT_LENGTH}`,
          span: at(0, 0),
          help: 'split the manifests into several files',
        },
      ],
    };
  }
  const tooDeep = yamlNestingProblem(text);
  if (tooDeep !== undefined) {
    lc.addNewLine(0);
    for (let nl = text.indexOf('\n'); nl >= 0 && nl < tooDeep.offset; nl = text.indexOf('\n', nl + 1)) lc.addNewLine(nl + 1);
    return { documents: [], diagnostics: [{ code: DIAG.inputTooLarge.code, severity: 'error', message: tooDeep.message, span: at(tooDeep.offset, tooDeep.offset) }] };
  }
  const diagnostics: Diagnostic[] = [];
  let docs: Document.Parsed[];
  // The yaml library reports each problem as an Error; a mangled file can hold tens of thousands
  // of them, and capturing a stack trace for each was most of the time (only messages and
  // offsets are read). V8's limit; elsewhere the property is inert.
  const errors = Error as ErrorConstructor & { stackTraceLimit?: number };
  const stackTraceLimit = errors.stackTraceLimit;
  errors.stackTraceLimit = 0;
  try {
    docs = parseDocuments(text, lc);
    const repaired = unclosedQuote(docs) ? readQuotedAsKubectl(text) : undefined;
    if (repaired) {
      docs = repaired.docs;
      // The file's own lines: the failed parse may not have counted them all.
      const original = makeLocator(lineCounterOf(text), file, origin, indent);
      at = (start, end) => original(originalOffset(repaired.repair, start), originalOffset(repaired.repair, end));
      for (const s of repaired.repair.scalars) diagnostics.push(underIndentedWarning(s, original));
    }
  } catch (e) {
    return { documents: [], diagnostics: [internalError(e, at(0, 0))] };
  } finally {
    errors.stackTraceLimit = stackTraceLimit;
  }
  // parseAllDocuments returns an EmptyStream (an array with no documents) for blank text.
  if (docs.length > MAX_DOCUMENTS) {
    return {
      documents: [],
      diagnostics: [
        {
          code: DIAG.inputTooLarge.code,
          severity: 'error',
          message: `manifest text has ${docs.length} YAML documents; netscn reads at most ${MAX_DOCUMENTS}`,
          span: at(0, 0),
          help: 'split the manifests into several files',
        },
      ],
    };
  }
  const documents: LNode[] = [];
  const mayAlias = text.includes('*');
  const mayMerge = text.includes('<<');
  for (const doc of docs) {
    for (const err of doc.errors) {
      diagnostics.push({ code: DIAG.yamlSyntax.code, severity: 'error', message: message(DIAG.yamlSyntax, { detail: err.message }), span: at(err.pos[0], err.pos[1]) });
    }
    for (const w of doc.warnings) {
      diagnostics.push({ code: DIAG.yamlWarning.code, severity: 'warning', message: message(DIAG.yamlWarning, { detail: w.message }), span: at(w.pos[0], w.pos[1]) });
    }
    if (doc.errors.length > 0) continue;
    try {
      // Only to bound alias expansion (and to have yaml check merge keys); maps stay maps, so
      // collection keys raise no Node warning. Text with no `*` has no alias, and with no `<<`
      // no merge key: then there is nothing to bound, and the walk is skipped.
      if (mayAlias || mayMerge) doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT, mapAsMap: true });
    } catch (e) {
      const r = doc.contents?.range ?? [0, 0];
      diagnostics.push({
        code: DIAG.aliasBomb.code,
        severity: 'error',
        message: `YAML document expands its aliases too far: ${e instanceof Error ? e.message : String(e)}`,
        span: at(r[0], r[0]),
        notes: [`an anchor may be expanded at most ${MAX_ALIAS_COUNT} times`],
      });
      continue;
    }
    const contents = doc.contents;
    if (contents === null) continue;
    if (isScalar(contents) && contents.value === null) continue;
    try {
      const root = convert(contents, doc, at, mayAlias);
      if (root.kind === 'too-large') {
        diagnostics.push({
          code: DIAG.aliasBomb.code,
          severity: 'error',
          message: `YAML document expands to more than ${MAX_NODES} nodes`,
          span: at(contents.range[0], contents.range[0]),
        });
        continue;
      }
      documents.push(root.node);
    } catch (e) {
      diagnostics.push(internalError(e, at(contents.range[0], contents.range[0])));
    }
  }
  return { documents, diagnostics };
}

function lineCounterOf(text: string): LineCounter {
  const lc = new LineCounter();
  lc.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lc.addNewLine(nl + 1);
  return lc;
}

function parseDocuments(text: string, lineCounter?: LineCounter): Document.Parsed[] {
  return parseAllDocuments(text, {
    ...(lineCounter ? { lineCounter } : {}),
    prettyErrors: false,
    merge: true,
    schema: 'core',
    uniqueKeys: true,
    strict: true,
  }) as Document.Parsed[];
}

const unclosedQuote = (docs: readonly Document.Parsed[]): boolean =>
  docs.some((d) => d.errors.some((e) => e.code === 'MISSING_CHAR' && /quote/.test(e.message)));

/**
 * The documents as kubectl reads them when a quoted scalar continues on under-indented lines
 * (yaml-quoted-indent.ts); undefined when that is not what is wrong, or not all that is wrong.
 */
function readQuotedAsKubectl(text: string): { docs: Document.Parsed[]; repair: QuotedIndentRepair } | undefined {
  const repair = reindentQuotedContinuations(text);
  if (!repair) return undefined;
  const docs = parseDocuments(repair.text);
  return docs.every((d) => d.errors.length === 0) ? { docs, repair } : undefined;
}

function underIndentedWarning(s: RepairedScalar, at: Locator): Diagnostic {
  // Lines of the file (the text may be embedded in a scenario, further down).
  const fileLines = s.lineOffsets.map((o) => at(o, o).start.line);
  const lines = fileLines.length === 1 ? `line ${fileLines[0]}` : `lines ${fileLines.join(', ')}`;
  return {
    code: DIAG.yamlWarning.code,
    severity: 'warning',
    message: message(DIAG.yamlWarning, {
      detail: `this quoted scalar continues on ${lines}, indented less than ${s.minIndent} spaces; YAML 1.2 forbids it, Kubernetes' YAML reader (go-yaml, after libyaml) accepts it, and netscn reads it as kubectl does`,
    }),
    span: at(s.start, s.start + 1),
    help: `indent the scalar's continuation lines by at least ${s.minIndent} spaces`,
  };
}

function internalError(e: unknown, span: Span): Diagnostic {
  return {
    code: DIAG.internalYaml.code,
    severity: 'error',
    message: message(DIAG.internalYaml, { detail: e instanceof Error ? e.message : String(e) }),
    span,
  };
}

const isMergeKey = (v: unknown): boolean => typeof v === 'symbol' && v.description === '<<';

type Converted = { kind: 'ok'; node: LNode } | { kind: 'too-large' };

class TooLarge extends Error {}

/** Converts one document, expanding aliases and `<<` merge keys, within MAX_NODES. */
function convert(contents: YamlNode, doc: Document.Parsed, at: Locator, mayAlias: boolean): Converted {
  // An alias names the last anchor of that name before it, in document order (no `*` in the
  // text: no alias to resolve).
  const targets = new Map<YamlNode, YamlNode>();
  const anchors = new Map<string, YamlNode>();
  if (mayAlias) visit(doc, {
    Node(_key, node) {
      if (isAlias(node)) {
        const t = anchors.get(node.source);
        if (t) targets.set(node, t);
      } else if (node.anchor) {
        anchors.set(node.anchor, node);
      }
    },
  });
  let budget = MAX_NODES;
  const spanOf = (n: YamlNode): Span => {
    const r = n.range ?? [0, 0, 0];
    return at(r[0], r[1]);
  };
  const go = (n: YamlNode, depth: number): LNode => {
    if (--budget < 0 || depth > 200) throw new TooLarge();
    if (isAlias(n)) {
      const t = targets.get(n);
      if (!t) return { kind: 'scalar', value: null, span: spanOf(n) };
      return go(t, depth + 1);
    }
    if (isScalar(n)) {
      const v = n.value;
      const value = v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? (v ?? null) : String(v);
      return { kind: 'scalar', value, span: spanOf(n) };
    }
    if (isSeq(n)) {
      return { kind: 'seq', items: n.items.map((i) => (i === null ? nullAt(n) : go(i as YamlNode, depth + 1))), span: spanOf(n) };
    }
    if (isMap(n)) {
      const own: LEntry[] = [];
      const merged: LEntry[] = [];
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const k = pair.key as YamlNode | null;
        const keyNode = k && isAlias(k) ? (targets.get(k) ?? k) : k;
        const keySpan = k ? spanOf(k) : spanOf(n);
        const value: LNode = pair.value === null ? { kind: 'scalar', value: null, span: { ...keySpan, start: keySpan.end } } : go(pair.value as YamlNode, depth + 1);
        if (keyNode && isScalar(keyNode) && isMergeKey(keyNode.value)) {
          const sources = value.kind === 'seq' ? value.items : [value];
          for (const s of sources) if (s.kind === 'map') merged.push(...s.entries);
          continue;
        }
        const key = keyNode && isScalar(keyNode) && typeof keyNode.value !== 'symbol' ? String(keyNode.value ?? '') : undefined;
        if (key === undefined) continue;
        own.push({ key, keySpan, value });
      }
      const entries = [...own];
      const seen = new Set(own.map((e) => e.key));
      for (const e of merged) {
        if (seen.has(e.key)) continue;
        seen.add(e.key);
        entries.push(e);
      }
      return { kind: 'map', entries, span: spanOf(n) };
    }
    return { kind: 'scalar', value: null, span: spanOf(n) };
  };
  const nullAt = (n: YamlNode): LNode => ({ kind: 'scalar', value: null, span: spanOf(n) });
  try {
    return { kind: 'ok', node: go(contents, 0) };
  } catch (e) {
    if (e instanceof TooLarge) return { kind: 'too-large' };
    throw e;
  }
}

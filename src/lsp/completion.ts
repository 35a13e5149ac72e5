/**
 * Completion in context. What may come next is asked of the grammar itself: the line before the
 * cursor (without the word being typed), inside the blocks opened above it, is parsed with an
 * impossible character appended, and
 * Peggy's "expected" set at that character lists the keywords that may follow (statements where
 * a statement may start, clauses after a declaration, outcomes after `expect`). Where the grammar
 * wants a name or a free word, the words before the cursor say which table answers: declared
 * names (names.ts), the checker's word tables (src/check/words.ts and its siblings), the `set`
 * table and its documentation, label keys and values of the cluster as last checked, and the
 * provider profile's annotations with their documentation. No list here is written by hand.
 *
 * Contract: pure; never throws for any text or position.
 */
import type { CompletionItem, CompletionItemKind, Position, Range } from 'vscode-languageserver';
import { SETTING_DOCS } from '../check/setting-docs.js';
import { SET_CHOICES, SETTING_WORDS, type SetName } from '../check/settings.js';
import { CAUSE_WORDS, OVER_FAMILIES, RECORD_TYPES, SERVICE_TYPES, VIA_WORDS } from '../check/words.js';
import { SETTING_VALUE_WORDS } from '../check/cluster-settings.js';
import { clauseValueWords } from '../check/declarations/clauses.js';
import { ENDPOINT } from '../check/declarations/endpoint-slice.js';
import { NODE } from '../check/declarations/node.js';
import { POD } from '../check/declarations/pod.js';
import { SERVICE } from '../check/declarations/service-clauses.js';
import { CNI_PRESETS } from '../cloud/cni.js';
import { PROFILES, profileById } from '../cloud/profiles.js';
import type { ClusterSpec, Labels } from '../spec/types.js';
import { parse } from '../syntax/generated/parser.js';
import type { NameKind, Occurrence } from './names.js';
import { linePrefix, offsetAt } from './positions.js';
import { settingDefault } from './hover.js';

export interface CompletionInput {
  readonly text: string;
  readonly pos: Position;
  /** The names of the document (names.ts), possibly from its last version that parsed. */
  readonly names: readonly Occurrence[];
  /** The cluster as last checked: label keys and values, the provider. */
  readonly cluster?: ClusterSpec;
}

/** LSP CompletionItemKind values used here. */
const KIND = { Property: 10, Value: 12, Keyword: 14, Class: 7, Module: 9, EnumMember: 20, Variable: 6, Interface: 8, Struct: 22, Constant: 21 } as const;

const SENTINEL = '\u0000';
const KEYWORD = /^[a-z][a-z-]*$/;
/** The word being typed: names may be qualified (`shop/web`), annotation keys dotted. */
const PARTIAL = /[A-Za-z0-9_.\-/]*$/;
/** A label term being typed: `key`, `key=val`, `!key`. */
const TERM = /[^\s,(]*$/;

interface Expected {
  readonly keywords: readonly string[];
  /** A name or free word may come next. */
  readonly word: boolean;
}

interface PeggyFailure {
  readonly expected: readonly { readonly type: string; readonly text?: string; readonly parts?: readonly (string | readonly string[])[] }[] | null;
  readonly location: { readonly start: { readonly offset: number } };
}

function failureAt(source: string, startRule: 'File' | 'Line'): Expected | undefined {
  try {
    parse(source + SENTINEL, { startRule });
    return undefined;
  } catch (e) {
    const f = e as Partial<PeggyFailure>;
    if (!f.location || f.location.start.offset !== source.length || !f.expected) return undefined;
    const keywords = new Set<string>();
    let word = false;
    for (const x of f.expected) {
      if (x.type === 'literal' && x.text !== undefined && KEYWORD.test(x.text)) keywords.add(x.text);
      if (x.type === 'class' && (x.parts ?? []).some((p) => Array.isArray(p) && p[0] === 'a' && p[1] === 'z')) word = true;
    }
    return { keywords: [...keywords], word };
  }
}

const YAML_OPEN = /^\s*yaml\s*"""\s*(#.*)?\r?$/;
const YAML_CLOSE = /^\s*"""/;

/**
 * The lines that open the blocks the cursor is in (`cluster demo {`, `step "x" {`, …), outermost
 * first: the context the grammar needs, without the statements in between.
 */
export function openBlocks(linesAbove: readonly string[]): string[] {
  const open: string[] = [];
  let inYaml = false;
  for (const raw of linesAbove) {
    if (inYaml) {
      if (YAML_CLOSE.test(raw)) inYaml = false;
      continue;
    }
    if (YAML_OPEN.test(raw)) {
      inYaml = true;
      continue;
    }
    const line = raw.replace(/#[^"]*$/, '').trim();
    if (line === '}') open.pop();
    else if (line.endsWith('{')) open.push(raw);
  }
  return open;
}

/**
 * What the grammar accepts at the end of `lineBefore`: inside the blocks opened above it (their
 * opening lines stand for the whole text above), else on this line alone.
 */
export function grammarExpects(linesAbove: readonly string[], lineBefore: string): Expected {
  const blocks = openBlocks(linesAbove);
  const context = blocks.length > 0 ? `${blocks.join('\n')}\n` : '';
  return failureAt(context + lineBefore, 'File') ?? failureAt(lineBefore, 'Line') ?? { keywords: [], word: false };
}

function item(label: string, kind: CompletionItemKind, range: Range, detail?: string, documentation?: string): CompletionItem {
  return { label, kind, textEdit: { range, newText: label }, ...(detail !== undefined ? { detail } : {}), ...(documentation !== undefined ? { documentation: { kind: 'markdown', value: documentation } } : {}) };
}

const NAME_KIND: Readonly<Record<NameKind, CompletionItemKind>> = {
  node: KIND.Class, pool: KIND.Module, namespace: KIND.Module, pod: KIND.Variable, service: KIND.Interface, 'network-policy': KIND.Struct,
  'security-group': KIND.Struct, host: KIND.Class, 'endpoint-slice': KIND.Struct, ingress: KIND.Interface, 'lb-acl': KIND.Struct,
};

/** Words that, just before the cursor, ask for a name of this kind. */
const NAME_SLOTS: Readonly<Record<string, NameKind>> = {
  on: 'node', node: 'node', pool: 'pool', in: 'namespace', namespace: 'namespace', pod: 'pod', svc: 'service', service: 'service',
  host: 'host', group: 'security-group', for: 'service', 'network-policy': 'network-policy', 'endpoint-slice': 'endpoint-slice',
  ingress: 'ingress', 'security-group': 'security-group', backends: 'pod', backend: 'pod', share: 'pod', only: 'pod',
};
/** Statement words that declare the name after them (no completion of existing names there). */
const DECLARING = new Set(['node', 'pool', 'namespace', 'pod', 'service', 'host', 'network-policy', 'endpoint-slice', 'ingress', 'lb-acl']);

/** Words that, just before the cursor, ask for one word of a checker table: an assertion's, or a declaration clause's (its handler's table). */
const VALUE_SLOTS: Readonly<Record<string, readonly string[]>> = {
  via: Object.keys(VIA_WORDS),
  by: Object.keys(CAUSE_WORDS),
  over: Object.keys(OVER_FAMILIES),
  ...clauseValueWords(POD, SERVICE, NODE, ENDPOINT),
};
/** First words of setting statements whose one value comes from a table. */
const SETTING_VALUES: Readonly<Record<string, readonly string[]>> = SETTING_VALUE_WORDS;
/** Flags a declaration may carry, by its statement word. */
const FLAGS: Readonly<Record<string, readonly string[]>> = { pod: POD.flagWords, node: NODE.flagWords, service: SERVICE.flagWords };

type LabelSlot = 'pod' | 'namespace' | 'node' | 'annotation';
/** Clause words followed by label terms, and whose labels they name. */
const LABEL_CLAUSES: Readonly<Record<string, LabelSlot>> = { labels: 'pod', selector: 'pod', select: 'pod', pods: 'pod', namespaces: 'namespace', annotations: 'annotation' };
const LABEL_TERM = /^!?[A-Za-z0-9][A-Za-z0-9_.\-/]*((!=|==|=)[A-Za-z0-9_.\-]*)?$/;

function displayName(o: Occurrence): string {
  return o.namespace !== undefined && o.namespace !== 'default' ? `${o.namespace}/${o.name}` : o.name;
}

function namesOf(kind: NameKind, names: readonly Occurrence[], range: Range): CompletionItem[] {
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const o of names) {
    if (o.kind !== kind || seen.has(o.key)) continue;
    seen.add(o.key);
    out.push(item(displayName(o), NAME_KIND[kind], range, kind));
  }
  return out;
}

function labelsOf(slot: Exclude<LabelSlot, 'annotation'>, cluster: ClusterSpec | undefined): readonly Labels[] {
  if (!cluster) return [];
  switch (slot) {
    case 'pod':
      return cluster.pods.map((p) => p.labels);
    case 'namespace':
      return cluster.namespaces.map((n) => n.labels ?? {});
    case 'node':
      return cluster.nodes.map((n) => n.labels ?? {});
    default: {
      const never: never = slot;
      throw new Error(`unexpected label slot ${String(never)}`);
    }
  }
}

function providerOf(text: string, cluster: ClusterSpec | undefined): string {
  return cluster?.provider ?? /^[ \t]*provider[ \t]+([A-Za-z0-9-]+)/m.exec(text)?.[1] ?? 'vanilla';
}

/** Whose labels a `labels` clause sets, by the statement's first word. */
const LABELS_OF: Readonly<Record<string, LabelSlot>> = { node: 'node', pool: 'node', namespace: 'namespace' };
/** `label pod|namespace|node NAME k=v …` (a step's relabelling). */
const RELABEL: Readonly<Record<string, LabelSlot>> = { pod: 'pod', namespace: 'namespace', node: 'node' };

const isLabelTerms = (t: string): boolean => t.split(',').every((p) => p === '' || LABEL_TERM.test(p));

/** The label clause the cursor's term belongs to, when it is in one. */
function labelClause(tokensBefore: readonly string[]): LabelSlot | undefined {
  const [first, kind] = tokensBefore;
  if (first === 'label' && kind !== undefined && RELABEL[kind] && tokensBefore.length >= 3 && tokensBefore.slice(3).every(isLabelTerms)) return RELABEL[kind];
  for (let i = tokensBefore.length - 1; i >= 0; i--) {
    const t = tokensBefore[i]!;
    const slot = LABEL_CLAUSES[t];
    if (slot) return t === 'labels' ? (LABELS_OF[first ?? ''] ?? slot) : slot;
    if (!isLabelTerms(t)) return undefined;
  }
  return undefined;
}

function labelItems(slot: LabelSlot, term: string, termRange: Range, input: CompletionInput): CompletionItem[] {
  const eq = term.indexOf('=');
  const key = eq < 0 ? undefined : term.slice(0, eq).replace(/^!/, '').replace(/!$/, '');
  const valueRange: Range = { start: { line: termRange.end.line, character: termRange.end.character - (term.length - eq - 1) }, end: termRange.end };
  if (slot === 'annotation') {
    const profile = profileById(providerOf(input.text, input.cluster));
    if (key === undefined) return profile.annotations.map((a) => item(a.key, KIND.Property, termRange, `${profile.name} annotation`, a.doc));
    const spec = profile.annotations.find((a) => a.key === key);
    if (!spec || spec.values === 'free') return [];
    return Object.keys(spec.values).filter((v) => v !== '*').map((v) => item(v, KIND.Value, valueRange, key));
  }
  const all = labelsOf(slot, input.cluster);
  const seen = new Set<string>();
  const out: CompletionItem[] = [];
  for (const labels of all) {
    for (const [k, v] of Object.entries(labels)) {
      const word = key === undefined ? k : k === key ? v : undefined;
      if (word === undefined || seen.has(word)) continue;
      seen.add(word);
      out.push(item(word, key === undefined ? KIND.Property : KIND.Value, key === undefined ? termRange : valueRange, key === undefined ? `${slot} label key` : `value of ${key}`));
    }
  }
  return out;
}

function settingItems(range: Range): CompletionItem[] {
  return (Object.keys(SET_CHOICES) as SetName[]).map((name) => {
    const doc = SETTING_DOCS[name];
    return item(name, KIND.Property, range, `set ${name} (default ${settingDefault(name)})`, doc.doc);
  });
}

/** `{{` and the start of a parameter's name, right before the cursor. */
const OPEN_INTERPOLATION = /\{\{([A-Za-z0-9_-]*)$/;
/** A top-level `param NAME` declaration. */
const PARAM_DECL = /^param[ \t]+([A-Za-z_][A-Za-z0-9_-]*)/gm;

/** After `{{`: the parameters the file declares. */
function paramItems(input: CompletionInput, partial: string): CompletionItem[] {
  const range: Range = { start: { line: input.pos.line, character: input.pos.character - partial.length }, end: input.pos };
  const names = new Set([...input.text.matchAll(PARAM_DECL)].map((m) => m[1]!));
  return [...names].map((n) => item(n, KIND.Variable, range, 'parameter'));
}

export function completion(input: CompletionInput): CompletionItem[] {
  const lineBefore = linePrefix(input.text, input.pos);
  if (lineBefore.includes('#')) return [];
  const interpolation = OPEN_INTERPOLATION.exec(lineBefore);
  if (interpolation) return paramItems(input, interpolation[1]!);
  const partial = PARTIAL.exec(lineBefore)?.[0] ?? '';
  const range: Range = { start: { line: input.pos.line, character: input.pos.character - partial.length }, end: input.pos };
  const headLine = lineBefore.slice(0, lineBefore.length - partial.length);
  const tokens = headLine.trim().split(/\s+/).filter((t) => t !== '');
  const first = tokens[0] === 'hidden' ? tokens[1] : tokens[0];

  const term = TERM.exec(lineBefore)?.[0] ?? '';
  const termTokens = lineBefore.slice(0, lineBefore.length - term.length).trim().split(/\s+/).filter((t) => t !== '');
  const slot = labelClause(termTokens);
  if (slot && LABEL_TERM.test(term === '' ? 'x' : term)) {
    const termRange: Range = { start: { line: input.pos.line, character: input.pos.character - term.length }, end: input.pos };
    const labels = labelItems(slot, term, termRange, input);
    if (term.includes('=') || labels.length > 0) return labels;
  }

  const linesAbove = input.text.slice(0, offsetAt(input.text, input.pos) - lineBefore.length).split('\n').slice(0, -1);
  const expected = grammarExpects(linesAbove, headLine);
  const out: CompletionItem[] = expected.keywords.map((k) => item(k, KIND.Keyword, range));
  if (!expected.word) return out;

  const last = tokens[tokens.length - 1];
  if (last === undefined) {
    if (expected.keywords.includes('node')) out.push(...SETTING_WORDS.filter((w) => !expected.keywords.includes(w)).map((w) => item(w, KIND.Keyword, range, 'cluster setting')));
    return out;
  }
  if (tokens.length === 1 && first === 'set') return [...out, ...settingItems(range)];
  if (tokens.length === 2 && first === 'set') {
    const name = tokens[1]!;
    if (!Object.prototype.hasOwnProperty.call(SET_CHOICES, name)) return out;
    return [...out, ...SET_CHOICES[name as SetName].map((v) => item(v, KIND.EnumMember, range, `set ${name}`))];
  }
  if (tokens.length === 1 && first !== undefined && SETTING_VALUES[first]) {
    const values = SETTING_VALUES[first]!;
    const detail = (v: string): string | undefined => (first === 'provider' ? PROFILES.find((p) => p.id === v)?.name : first === 'cni' ? CNI_PRESETS.find((c) => c.id === v)?.name : undefined);
    return [...out, ...values.map((v) => item(v, KIND.EnumMember, range, detail(v)))];
  }
  if (last === 'type') return [...out, ...Object.keys(first === 'service' ? SERVICE_TYPES : RECORD_TYPES).map((v) => item(v, KIND.EnumMember, range))];
  const values = VALUE_SLOTS[last];
  if (values) return [...out, ...values.map((v) => item(v, KIND.EnumMember, range, last))];
  const kind = NAME_SLOTS[last];
  if (kind && !(tokens.length === 1 && DECLARING.has(last))) return [...out, ...namesOf(kind, input.names, range)];
  const flags = first !== undefined && tokens.length >= 2 ? FLAGS[first] : undefined;
  if (flags) return [...out, ...flags.map((f) => item(f, KIND.Keyword, range, `${first} flag`))];
  return out;
}

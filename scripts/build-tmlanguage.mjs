// Generates editors/vscode/syntaxes/netscn.tmLanguage.json, the TextMate grammar of .netscn.
//
// Keywords have one source, grammar/netscn.peggy: every `"word"` literal of the grammar (its
// `KwXxx = "xxx" !WordChar` rules and the inline literals) is a keyword, and which class a word
// highlights as comes from the grammar rule it starts (declarations, mutations, assertions) or
// belongs to (outcomes). The words `check` gives meaning to — causes after `by`, paths after
// `via` — live in src/check/words.ts and are read from the build (dist/). src/syntax/parse.ts and
// src/check/words.ts keep their own statement and clause lists for error messages; they are not
// used here.
//
// Usage: npm run build && node scripts/build-tmlanguage.mjs   (test/editors checks the output is current)
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import peggy from 'peggy';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const OUTPUT = join(root, 'editors/vscode/syntaxes/netscn.tmLanguage.json');
const WORD = /^[a-z][a-z0-9-]*$/;
const LAYOUT_RULES = new Set(['_', '__', 'EOL', 'Blank', 'EOF', 'Comment']);

/** Rules whose first keyword declares something (a block, an object, a table, a manifest). */
const DECLARATIONS = [
  'Header', 'ClusterBlock', 'StepBlock', 'TaskBlock', 'NodeDecl', 'PoolDecl', 'NamespaceDecl', 'PodDecl', 'ServiceDecl',
  'HostDecl', 'SecurityGroupDecl', 'LinkDecl', 'LbAclDecl', 'IngressClassDecl', 'IngressControllerDecl', 'PolicyDecl',
  'EndpointSliceDecl', 'EndpointDecl', 'IngressDecl', 'LoadStmt', 'YamlDecl', 'TableAssertion',
];
/** Rules whose first keywords make an assertion. */
const ASSERTIONS = ['Assertion', 'ReachTail', 'ResolveTail', 'RequestTail', 'ReachOpt', 'Expectation', 'RequestExpect', 'TaskItemLine'];

/** The keyword lists of a grammar text. */
export function grammarWords(grammarText) {
  const ast = peggy.parser.parse(grammarText, { reservedWords: [] });
  const rules = new Map(ast.rules.map((r) => [r.name, r.expression]));
  const kwOf = (name) => {
    const e = name.startsWith('Kw') ? rules.get(name) : undefined;
    const lit = e?.type === 'sequence' ? e.elements[0] : undefined;
    return lit?.type === 'literal' && WORD.test(lit.value) ? lit.value : undefined;
  };
  const all = new Set();
  const walkAll = (e) => {
    if (!e || typeof e !== 'object') return;
    if (e.type === 'literal' && WORD.test(e.value)) all.add(e.value);
    for (const v of Object.values(e)) {
      if (Array.isArray(v)) v.forEach(walkAll);
      else if (v && typeof v === 'object' && v.type) walkAll(v);
    }
  };
  for (const r of ast.rules) walkAll(r.expression);
  /** The words a rule can start with, through its alternatives (not through other non-keyword rules). */
  const first = (e, out) => {
    switch (e?.type) {
      case 'literal':
        if (WORD.test(e.value)) out.add(e.value);
        return true;
      case 'rule_ref': {
        if (LAYOUT_RULES.has(e.name)) return false;
        const w = kwOf(e.name);
        if (w) out.add(w);
        return true;
      }
      case 'choice':
        e.alternatives.forEach((a) => first(a, out));
        return true;
      case 'sequence':
        for (const el of e.elements) if (first(el, out)) return true;
        return false;
      case 'simple_not':
      case 'simple_and':
      case 'semantic_and':
      case 'semantic_not':
        return false;
      case 'optional':
      case 'zero_or_more':
        first(e.expression, out);
        return false;
      default:
        return e?.expression ? first(e.expression, out) : false;
    }
  };
  const firstOf = (names) => {
    const out = new Set();
    for (const n of names) {
      if (!rules.has(n)) throw new Error(`grammar/netscn.peggy has no rule ${n}`);
      first(rules.get(n), out);
    }
    return [...out];
  };
  const outcomes = new Set();
  const collect = (e) => {
    if (!e || typeof e !== 'object') return;
    if (e.type === 'literal' && WORD.test(e.value)) outcomes.add(e.value);
    if (e.type === 'rule_ref') return;
    for (const v of Object.values(e)) {
      if (Array.isArray(v)) v.forEach(collect);
      else if (v && typeof v === 'object' && v.type) collect(v);
    }
  };
  collect(rules.get('OutcomeWord'));
  collect(rules.get('Expectation')); // `intermittent`
  return {
    declarations: firstOf(DECLARATIONS),
    mutations: firstOf(['Mutation']),
    assertions: firstOf(ASSERTIONS),
    outcomes: [...outcomes],
    keywords: [...all],
  };
}

const sorted = (words) => [...new Set(words)].sort((a, b) => b.length - a.length || a.localeCompare(b));
const alt = (words) => sorted(words).map((w) => w.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('|');
/** A whole word of the language (words contain `-` and `.`, so `\b` is not enough). */
const word = (words) => `(?<![\\w.-])(?:${alt(words)})(?![\\w.-])`;
const NAME = '[A-Za-z0-9_][\\w.-]*';
const QNAME = `${NAME}(?:/${NAME})?`;

/**
 * The grammar JSON (as formatted text) for the grammar text and the value words of src/check/words.ts.
 * Pure: the same inputs give the same text.
 */
export function buildTmLanguage(grammarText, { causes, vias }) {
  const w = grammarWords(grammarText);
  const outcome = { name: 'constant.language.outcome.netscn', match: word(w.outcomes) };
  const grammar = {
    $schema: 'https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json',
    name: 'netscn',
    scopeName: 'source.netscn',
    fileTypes: ['netscn'],
    comment: 'Generated by scripts/build-tmlanguage.mjs from grammar/netscn.peggy and src/check/words.ts. Do not edit.',
    patterns: [
      { include: '#comment' },
      { include: '#yaml' },
      { include: '#string' },
      { include: '#table' },
      { include: '#declaration' },
      { include: '#mutation' },
      { include: '#expectation' },
      { include: '#values' },
      { include: '#keywords' },
      { include: '#setting' },
      { include: '#punctuation' },
    ],
    repository: {
      comment: { name: 'comment.line.number-sign.netscn', match: '#.*$' },
      string: {
        name: 'string.quoted.double.netscn',
        begin: '"(?!"")',
        end: '"|$',
        patterns: [{ name: 'constant.character.escape.netscn', match: '\\\\["\\\\nt]' }],
      },
      yaml: {
        name: 'meta.embedded.block.yaml.netscn',
        begin: '^\\s*(yaml)\\s*(""")\\s*(#.*)?$',
        beginCaptures: { 1: { name: 'storage.type.yaml.netscn' }, 2: { name: 'punctuation.definition.string.begin.netscn' }, 3: { name: 'comment.line.number-sign.netscn' } },
        end: '^\\s*(""")',
        endCaptures: { 1: { name: 'punctuation.definition.string.end.netscn' } },
        contentName: 'meta.embedded.block.yaml',
        patterns: [{ include: 'source.yaml' }],
      },
      table: {
        name: 'meta.table.netscn',
        begin: `^\\s*(?:(hidden)\\s+)?(table)(?![\\w.-])(?=[^#]*\\{\\s*(?:#.*)?$)`,
        beginCaptures: { 1: { name: 'keyword.control.netscn' }, 2: { name: 'storage.type.table.netscn' } },
        end: '^\\s*(\\})',
        endCaptures: { 1: { name: 'punctuation.section.block.end.netscn' } },
        patterns: [
          { include: '#comment' },
          { name: 'punctuation.separator.table.netscn', match: '\\|' },
          { name: 'constant.language.wildcard.netscn', match: '(?<=\\|)\\s*\\*' },
          outcome,
          { include: '#values' },
          { include: '#keywords' },
          { include: '#punctuation' },
        ],
      },
      declaration: {
        match: `^\\s*(${word(w.declarations)})(?:\\s+(${QNAME}))?`,
        captures: { 1: { name: 'storage.type.netscn' }, 2: { name: 'entity.name.netscn' } },
      },
      mutation: {
        match: `^\\s*(${word(w.mutations)})`,
        captures: { 1: { name: 'keyword.other.mutation.netscn' } },
      },
      expectation: {
        patterns: [
          {
            match: `(?<![\\w.-])(expect)\\s+(${word(w.outcomes)})`,
            captures: { 1: { name: 'keyword.control.netscn' }, 2: { name: 'constant.language.outcome.netscn' } },
          },
          {
            match: `(?<![\\w.-])(by)\\s+(${word(causes)})`,
            captures: { 1: { name: 'keyword.control.netscn' }, 2: { name: 'constant.language.cause.netscn' } },
          },
          {
            match: `(?<![\\w.-])(via)\\s+(${word(vias)})`,
            captures: { 1: { name: 'keyword.control.netscn' }, 2: { name: 'support.constant.path.netscn' } },
          },
        ],
      },
      values: {
        patterns: [
          { name: 'markup.underline.link.netscn', match: '[A-Za-z]+://[^\\s#,]+' },
          {
            comment: 'IPv4 address or CIDR',
            name: 'constant.numeric.ip.netscn',
            match: '(?<![\\w.:-])\\d{1,3}(?:\\.\\d{1,3}){3}(?:/\\d{1,2})?(?![\\w.:-])',
          },
          {
            comment: 'IPv6 address or CIDR (two colons at least)',
            name: 'constant.numeric.ip.netscn',
            match: '(?<![\\w.:-])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?:/\\d{1,3})?(?![\\w.:-])',
          },
          {
            comment: 'a number that is not a port',
            match: '(?<![\\w.-])(points|status)\\s+(\\d+)(?![\\w.-])',
            captures: { 1: { name: 'keyword.other.netscn' }, 2: { name: 'constant.numeric.netscn' } },
          },
          {
            comment: 'a port: [name:]number[-number][/protocol]',
            match: `(?<![\\w.:/-])(?:(${NAME})(:))?(\\d+(?:-\\d+)?)(?:(/)(tcp|udp|sctp|TCP|UDP|SCTP))?(?![\\w.:-])`,
            captures: {
              1: { name: 'variable.other.port-name.netscn' },
              2: { name: 'punctuation.separator.port.netscn' },
              3: { name: 'constant.numeric.port.netscn' },
              4: { name: 'punctuation.separator.protocol.netscn' },
              5: { name: 'support.constant.protocol.netscn' },
            },
          },
          { name: 'constant.numeric.percent.netscn', match: '(?<![\\w.-])\\d+(?:\\.\\d+)?%' },
          {
            comment: 'a selector term: !key (the label is absent)',
            match: '(?<![\\w.-])(!)([A-Za-z0-9][\\w.\\-/]*)(?![\\w.\\-/=])',
            captures: { 1: { name: 'keyword.operator.logical.netscn' }, 2: { name: 'entity.other.attribute-name.label.netscn' } },
          },
          {
            comment: 'a label or selector term: key=value, key!=value',
            match: `(!?)([A-Za-z0-9][\\w.\\-/]*)\\s*(!=|==|=)\\s*([\\w.-]*)`,
            captures: {
              1: { name: 'keyword.operator.logical.netscn' },
              2: { name: 'entity.other.attribute-name.label.netscn' },
              3: { name: 'keyword.operator.comparison.netscn' },
              4: { name: 'string.unquoted.label-value.netscn' },
            },
          },
          {
            comment: 'an object reference: pod shop/web, svc web, node n1',
            match: `(?<![\\w.-])(pod|svc|service|node|host|group)\\s+(${QNAME})`,
            captures: { 1: { name: 'keyword.other.netscn' }, 2: { name: 'variable.other.object.netscn' } },
          },
          { name: 'keyword.operator.arrow.netscn', match: '->' },
        ],
      },
      keywords: {
        patterns: [
          { name: 'keyword.control.netscn', match: word(w.assertions) },
          { name: 'keyword.other.netscn', match: word(w.keywords) },
        ],
      },
      setting: {
        comment: 'a cluster setting: any other word that starts a line (provider, network, set, ...)',
        match: `^\\s*(?!${word(w.keywords)})([a-z][a-z0-9-]*)(?![\\w.-])`,
        captures: { 1: { name: 'variable.other.setting.netscn' } },
      },
      punctuation: {
        patterns: [
          { name: 'punctuation.section.block.begin.netscn', match: '\\{' },
          { name: 'punctuation.section.block.end.netscn', match: '\\}' },
          { name: 'punctuation.separator.comma.netscn', match: ',' },
          { name: 'punctuation.section.parens.netscn', match: '[()]' },
        ],
      },
    },
  };
  return JSON.stringify(grammar, null, 2) + '\n';
}

async function main() {
  const words = await import(pathToFileURL(join(root, 'dist/check/words.js')).href).catch(() => {
    throw new Error('dist/check/words.js is missing: run `npm run build` first');
  });
  const text = buildTmLanguage(readFileSync(join(root, 'grammar/netscn.peggy'), 'utf8'), {
    causes: Object.keys(words.CAUSE_WORDS),
    vias: Object.keys(words.VIA_WORDS),
  });
  writeFileSync(OUTPUT, text);
  process.stdout.write(`wrote ${OUTPUT}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();

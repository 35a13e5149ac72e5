/** Codes of reading a file (NS00xx: scenario text; NS01xx: YAML manifests and file encodings). */
import { entry, type Example } from './entry.js';

const C = 'cluster c {\n  node n1 ip 192.168.0.11\n';

export const READING = {
  syntax: entry({
    code: 'NS0001',
    title: 'syntax error',
    severity: 'error',
    template: 'unexpected {found}',
    explanation:
      'The scenario text does not follow the grammar of the netscn language at this place: a word, symbol or line is not one the language allows here. The diagnostic names what was found and what was expected, and a near-miss keyword gets a "did you mean". Fix the text at the caret; the Language reference in the README lists every statement.',
    example: { kind: 'scenario', scenario: `${C}  pod web on n1 lables app=web\n}\n` },
  }),
  fileTooLarge: entry({
    code: 'NS0002',
    title: 'scenario file too large to check',
    severity: 'error',
    template: 'file too large to check',
    explanation:
      'A scenario file is untrusted input, so netscn refuses one over its size bound (bytes or lines) before parsing it, instead of spending unbounded time and memory. Split the scenario into several files.',
    // Built on first use, as the large examples below: the command line loads this catalogue on every start.
    get example(): Example {
      return { kind: 'scenario', scenario: `${C}}\n${'#\n'.repeat(200_001)}` };
    },
  }),
  moreSyntaxErrors: entry({
    code: 'NS0003',
    title: 'more syntax errors not shown',
    severity: 'note',
    template: '{count} more syntax errors not shown',
    explanation:
      'netscn recovers after a syntax error and keeps parsing, but shows only the first few syntax errors of a file: later ones are often consequences of the first. This note counts the rest. Fix the errors shown and check again.',
    example: { kind: 'scenario', scenario: `${C}${'  pod web on n1 lables app=web\n'.repeat(60)}}\n` },
    alsoEmits: ['NS0001'],
  }),
  moreDiagnostics: entry({
    code: 'NS0004',
    title: 'more diagnostics not shown',
    severity: 'error',
    template: '… and {count} more {noun} not shown ({counts})',
    explanation:
      'A file reports at most 50 diagnostics; the rest are summarised in this one, placed at the first one left out. It is an error when any diagnostic it replaces is an error (a warning when any is a warning), so a capped list fails exactly when the full list would. Fix the diagnostics shown and check again.',
    example: { kind: 'scenario', scenario: `${C}${Array.from({ length: 55 }, (_, i) => `  pod p${i} on n9\n`).join('')}}\n` },
    alsoEmits: ['NS1002'],
  }),
  yamlSyntax: entry({
    code: 'NS0101',
    title: 'YAML syntax error',
    severity: 'error',
    template: 'YAML: {detail}',
    explanation:
      'A manifest (a loaded file or an embedded `yaml """` block) is not well-formed YAML; the message is the YAML parser\'s. Fix the YAML at the caret: indentation, an unclosed bracket or quote, a tab used for indentation.',
    example: { kind: 'scenario', scenario: `${C}  yaml """\n    apiVersion: v1\n    kind: Pod\n    metadata: {name: [\n  """\n}\n` },
  }),
  yamlWarning: entry({
    code: 'NS0102',
    title: 'YAML parser warning',
    severity: 'warning',
    template: 'YAML: {detail}',
    explanation:
      'The YAML parser read the manifest but warns about something in it, for example an unknown tag, which is kept as a plain string. The manifest is still used; remove the construct to silence the warning.',
    example: {
      kind: 'scenario',
      scenario: `${C}  yaml """\n    apiVersion: v1\n    kind: Namespace\n    metadata: {name: !shop shop}\n  """\n}\n`,
    },
  }),
  inputTooLarge: entry({
    code: 'NS0103',
    title: 'input over a size bound',
    severity: 'error',
    template: '{path}: netscn expands at most {limit} pods per workload, found {count}',
    explanation:
      'Manifests are untrusted input, so netscn bounds what it reads: bytes, documents, files, nesting depth, list depth, rules, endpoints and replicas. An input over a bound is refused (or cut, as the message says) instead of exhausting time or memory. Split the input or reduce the number the message names.',
    example: {
      kind: 'scenario',
      scenario: `${C}  yaml """\n    apiVersion: apps/v1\n    kind: Deployment\n    metadata: {name: web}\n    spec:\n      replicas: 100000\n      selector: {matchLabels: {app: web}}\n      template:\n        metadata: {labels: {app: web}}\n        spec: {containers: [{name: web, image: nginx}]}\n  """\n}\n`,
    },
  }),
  aliasBomb: entry({
    code: 'NS0104',
    title: 'YAML alias expansion over its bound',
    severity: 'error',
    template: 'YAML document expands its aliases too far: {detail}',
    explanation:
      'YAML aliases (`*name`) repeat an anchored node; nested aliases can expand a small document into billions of nodes (a "billion laughs" document). netscn counts the expansion and refuses a document past its bound. Write the repeated parts out, or use fewer nested aliases.',
    example: {
      kind: 'scenario',
      scenario: `${C}  yaml """\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n  """\n}\n`,
    },
  }),
  encoding: entry({
    code: 'NS0105',
    title: 'file is not UTF-8 text',
    severity: 'error',
    template: 'the file is not UTF-8 text',
    explanation:
      'Scenario files and manifests are read as UTF-8, strictly: a file with invalid bytes, or in UTF-16, is refused at the first bad byte instead of being read with replacement characters that would change names. Save the file as UTF-8.',
    example: { kind: 'scenario-bytes', bytes: [0x63, 0x6c, 0x75, 0x73, 0x74, 0x65, 0x72, 0x20, 0xff, 0x0a] },
  }),
} as const;

/**
 * The catalogue as text: one entry as `netscn explain-code CODE` prints it, the list of every
 * code, and the whole catalogue as Markdown (docs/diagnostics.md, written by
 * `npm run docs:diagnostics`). Pure: strings in, strings out.
 */
import { CATALOGUE, type CodeEntry, type Example } from './catalogue.js';
import { assertNever } from '../spec/never.js';

const WIDTH = 100;

/** `text` broken into lines of at most WIDTH characters (a longer word stays whole), each prefixed. */
function wrap(text: string, prefix = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    if (line !== '' && prefix.length + line.length + 1 + word.length > WIDTH) {
      lines.push(prefix + line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(prefix + line);
  return lines.join('\n');
}

/** The example's input in words and text, as lines (without indentation). */
function exampleLines(ex: Example): string[] {
  switch (ex.kind) {
    case 'scenario': {
      const lines = ex.scenario.replace(/\n$/, '').split('\n');
      // Examples generated from repetition (size bounds) are shown in part.
      const shown = lines.length > 24 ? [...lines.slice(0, 12), `… (${lines.length - 16} more lines)`, ...lines.slice(-4)] : lines;
      return ['A scenario file:', '', ...shown];
    }
    case 'scenario-bytes':
      return ['A scenario file of these bytes (hexadecimal):', '', ex.bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ')];
    case 'connlist': {
      const files = Object.entries(ex.files).flatMap(([path, text]) => [`${path}:`, ...text.replace(/\n$/, '').split('\n').map((l) => `  ${l}`)]);
      const links = Object.entries(ex.symlinks ?? {}).map(([path, target]) => `${path} -> ${target} (a symbolic link)`);
      return [`\`netscn connlist ${(ex.args ?? ['k8s']).join(' ')}\` in a folder holding:`, '', ...files, ...links];
    }
    case 'exam':
      return ['An exam file:', '', ...ex.exam.replace(/\n$/, '').split('\n')];
    case 'internal':
      return [`No input is meant to trigger it: ${ex.how}.`];
    default:
      return assertNever(ex);
  }
}

/** One entry, as `netscn explain-code CODE` prints it. */
export function explainCode(e: CodeEntry): string {
  const example = exampleLines(e.example);
  const [intro, ...body] = example;
  return [
    `${e.code}: ${e.title} (${e.severity})`,
    '',
    wrap(e.explanation),
    '',
    `Message: ${e.template}`,
    '',
    `Example. ${intro ?? ''}`,
    ...body.map((l) => (l === '' ? '' : `    ${l}`)),
    '',
  ].join('\n');
}

/** Every code with its title, one a line, as `netscn explain-code` prints them. */
export function listCodes(): string {
  return `${CATALOGUE.map((e) => `${e.code}  ${e.title}`).join('\n')}\n\n\`netscn explain-code CODE\` explains one.\n`;
}

/** docs/diagnostics.md. */
export function catalogueMarkdown(): string {
  const out: string[] = [
    '# Diagnostics',
    '',
    '<!-- Generated from src/diag/catalogue.ts by `npm run docs:diagnostics`; do not edit. -->',
    '',
    'Every diagnostic netscn reports has a code with one meaning. The first digit is the area: 0 reading',
    'files (9 in the second place: a bug in netscn), 1 names, 2 values, 3 address and port allocation, 9',
    'what netscn does not simulate. `netscn explain-code CODE` prints an entry in the terminal.',
    '',
    '| Code | Title | Severity |',
    '| --- | --- | --- |',
    ...CATALOGUE.map((e) => `| [${e.code}](#${e.code.toLowerCase()}) | ${e.title.replace(/\|/g, '\\|')} | ${e.severity} |`),
    '',
  ];
  for (const e of CATALOGUE) {
    const [intro, ...body] = exampleLines(e.example);
    const fenced = e.example.kind === 'scenario' || e.example.kind === 'connlist' || e.example.kind === 'scenario-bytes';
    out.push(
      `## ${e.code}`,
      '',
      `**${e.title}** (${e.severity})`,
      '',
      wrap(e.explanation),
      '',
      `Message: \`${e.template.replace(/`/g, "'")}\``,
      '',
      `Example. ${intro ?? ''}`,
      '',
      ...(fenced ? ['```text', ...body.filter((l, i) => i > 0 || l !== ''), '```', ''] : []),
    );
  }
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}


/** Command-line parsing: argv → a command, or a usage error (exit 64). */
import { parseArgs } from 'node:util';
import { didYouMean } from '../diag/suggest.js';
import type { ExamOptions } from './grade-exam.js';

export type ReporterName = 'pretty' | 'json' | 'junit';
export const REPORTERS: readonly ReporterName[] = ['pretty', 'json', 'junit'];
export const COMMANDS = ['test', 'check', 'explain', 'explain-code', 'connlist', 'diff', 'grade', 'variant', 'diagram', 'fmt', 'lsp'] as const;
const COMMAND_LIST = COMMANDS.join(', ');
export type CommandName = (typeof COMMANDS)[number];

export interface CommonOptions {
  readonly reporter: ReporterName;
  readonly filter?: string;
  readonly output?: string;
  readonly noColor: boolean;
}

/** Which variant of a parametrised exercise (`--seed`, `--candidate`, `--salt`, `--set NAME=VALUE`). */
export interface VariantArgs {
  readonly seed?: string;
  readonly candidate?: string;
  readonly salt?: string;
  readonly values: ReadonlyMap<string, string>;
}

export type Command =
  /** `--help`; with a command (`netscn test --help`, `netscn help test`), that command's help. */
  | { readonly kind: 'help'; readonly command?: CommandName }
  | { readonly kind: 'version' }
  | { readonly kind: 'test'; readonly paths: readonly string[]; readonly options: CommonOptions }
  | { readonly kind: 'check'; readonly paths: readonly string[]; readonly options: CommonOptions }
  | { readonly kind: 'explain'; readonly file: string; readonly line: number; readonly format: 'text' | 'mermaid'; readonly options: CommonOptions }
  | { readonly kind: 'diagram'; readonly file: string; readonly options: CommonOptions }
  /** `clusterWorkloads`: add cluster DNS and an ingress controller when the manifests lack them. */
  | { readonly kind: 'connlist'; readonly paths: readonly string[]; readonly format: string; readonly clusterWorkloads: boolean; readonly options: CommonOptions }
  /** The connections that differ between two inputs: `sides` (diff-inputs.ts); `exitCode`: exit 1 when they differ. */
  | { readonly kind: 'diff'; readonly sides: DiffSides; readonly format: string; readonly clusterWorkloads: boolean; readonly exitCode: boolean; readonly options: CommonOptions }
  /**
   * `exercise` is an exercise graded against the variant `variant` chooses, or an exam file
   * (.yaml) graded with `exam`'s options (src/cli/grade-exam.ts).
   */
  | { readonly kind: 'grade'; readonly exercise: string; readonly submission?: string; readonly variant: VariantArgs; readonly exam: ExamOptions; readonly options: CommonOptions }
  /** An exercise's variant: the bound scenario, `tasks` the candidate's task texts, `bind` an author's file with the values. */
  | { readonly kind: 'variant'; readonly exercise: string; readonly variant: VariantArgs; readonly tasks: boolean; readonly bind?: string; readonly options: CommonOptions }
  /** `--check`: list the files that would change instead of rewriting them; `-`: stdin to stdout. */
  | { readonly kind: 'fmt'; readonly paths: readonly string[]; readonly check: boolean; readonly options: CommonOptions }
  /** The language server, on stdin/stdout. */
  | { readonly kind: 'lsp' }
  /** A diagnostic code's explanation; without a code, the list of codes. */
  | { readonly kind: 'explain-code'; readonly code?: string };

/** What `netscn diff` compares. */
export type DiffSides =
  /** Two manifest files or folders. */
  | { readonly kind: 'manifests'; readonly before: string; readonly after: string }
  /** One scenario's cluster at two steps (a title or a number; undefined: the declared cluster, the last step). */
  | { readonly kind: 'steps'; readonly file: string; readonly from?: string; readonly to?: string };

/** A mistake on the command line: the message is shown with a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseCommand(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        reporter: { type: 'string', short: 'r' },
        filter: { type: 'string', short: 't' },
        output: { type: 'string', short: 'o' },
        format: { type: 'string', short: 'f' },
        'no-color': { type: 'boolean' },
        check: { type: 'boolean' },
        'cluster-workloads': { type: 'boolean' },
        seed: { type: 'string' },
        candidate: { type: 'string' },
        salt: { type: 'string' },
        set: { type: 'string', multiple: true },
        tasks: { type: 'boolean' },
        bind: { type: 'string' },
        class: { type: 'boolean' },
        csv: { type: 'string' },
        'exit-code': { type: 'boolean' },
        'from-step': { type: 'string' },
        'to-step': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e));
  }
  const { values, positionals } = parsed;
  const [name, ...rest] = positionals;
  if (values.help) return helpFor(name);
  if (values.version) return { kind: 'version' };
  if (name === undefined) throw new UsageError(`missing command: expected one of ${COMMAND_LIST}`);
  if (name === 'help') return helpFor(rest[0]);
  if (values.check && name !== 'fmt') throw new UsageError('--check goes with fmt');
  if (values['cluster-workloads'] && name !== 'connlist' && name !== 'diff') throw new UsageError('--cluster-workloads goes with connlist and diff');
  for (const option of ['exit-code', 'from-step', 'to-step'] as const) if (values[option] !== undefined && name !== 'diff') throw new UsageError(`--${option} goes with diff`);
  const variantFlags = values.seed !== undefined || values.candidate !== undefined || values.salt !== undefined || values.set !== undefined;
  if (variantFlags && name !== 'variant' && name !== 'grade') throw new UsageError('--seed, --candidate, --salt and --set go with variant and grade');
  if ((values.tasks || values.bind !== undefined) && name !== 'variant') throw new UsageError('--tasks and --bind go with variant');
  for (const flag of ['class', 'csv'] as const) if (values[flag] !== undefined && name !== 'grade') throw new UsageError(`--${flag} goes with grade (of an exam)`);
  if (values.seed !== undefined && values.candidate !== undefined) throw new UsageError('give --seed or --candidate, not both');
  if (values.salt !== undefined && values.candidate === undefined && name !== 'grade') throw new UsageError('--salt goes with --candidate (or with grading an exam)');
  const variant: VariantArgs = {
    ...(values.seed !== undefined ? { seed: values.seed } : {}),
    ...(values.candidate !== undefined ? { candidate: values.candidate } : {}),
    ...(values.salt !== undefined ? { salt: values.salt } : {}),
    values: setValues(values.set ?? []),
  };
  const reporter = values.reporter ?? 'pretty';
  if (!(REPORTERS as readonly string[]).includes(reporter)) {
    const hint = didYouMean(reporter, REPORTERS);
    throw new UsageError(`unknown reporter \`${reporter}\`: expected pretty, json or junit${hint ? `; ${hint}` : ''}`);
  }
  if (values.format !== undefined && name !== 'connlist' && name !== 'diff' && name !== 'explain') throw new UsageError('--format goes with connlist, diff and explain');
  if (name === 'explain' && values.format !== undefined && values.format !== 'text' && values.format !== 'mermaid') {
    throw new UsageError(`explain --format takes text or mermaid, not \`${values.format}\``);
  }
  if (values.output !== undefined && reporter === 'pretty' && name !== 'connlist' && name !== 'diff') throw new UsageError('--output needs --reporter json or junit');
  if (values.filter !== undefined && values.filter === '') throw new UsageError('--filter needs a non-empty pattern');
  const options: CommonOptions = {
    reporter: reporter as ReporterName,
    noColor: values['no-color'] ?? false,
    ...(values.filter !== undefined ? { filter: values.filter } : {}),
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
  switch (name) {
    case 'test':
    case 'check':
      return { kind: name, paths: rest.length > 0 ? rest : ['scenarios'], options };
    case 'explain': {
      if (rest.length !== 1) throw new UsageError('explain takes one argument: <file>:<line>, e.g. netscn explain scenarios/dns/search-path.netscn:12');
      const m = /^(.+):(\d+)$/.exec(rest[0]!);
      if (!m) throw new UsageError(`expected <file>:<line>, got \`${rest[0]}\``);
      return { kind: 'explain', file: m[1]!, line: Number(m[2]), format: values.format === 'mermaid' ? 'mermaid' : 'text', options };
    }
    case 'diagram':
      if (rest.length !== 1) throw new UsageError('diagram takes one scenario file, e.g. netscn diagram scenarios/ingress/ingress-nginx.netscn');
      return { kind: 'diagram', file: rest[0]!, options };
    case 'grade':
      if (rest.length < 1 || rest.length > 2) throw new UsageError('grade takes an exercise and a submission folder, e.g. netscn grade scenarios/course/01-pod-network/exercise.netscn my-answer/, or an exam and a folder');
      {
        const exam: ExamOptions = {
          class: values.class ?? false,
          ...(values.candidate !== undefined ? { candidate: values.candidate } : {}),
          ...(values.salt !== undefined ? { salt: values.salt } : {}),
          ...(values.csv !== undefined ? { csv: values.csv } : {}),
        };
        if ((exam.class || exam.csv !== undefined) && !isExamFile(rest[0]!)) throw new UsageError('--class and --csv grade an exam: give an exam file (.yaml) first');
        if (isExamFile(rest[0]!) && (values.seed !== undefined || values.set !== undefined)) throw new UsageError('an exam derives each candidate\'s seed from --candidate and the salt: --seed and --set grade one exercise');
        if (exam.csv !== undefined && !exam.class) throw new UsageError('--csv writes a class\'s results: it goes with --class');
        return { kind: 'grade', exercise: rest[0]!, ...(rest[1] !== undefined ? { submission: rest[1] } : {}), variant, exam, options };
      }
    case 'variant':
      if (rest.length !== 1) throw new UsageError('variant takes one exercise, e.g. netscn variant scenarios/course/02-clusterip-and-dns/exercise.netscn --seed 7');
      if (values.tasks && values.bind !== undefined) throw new UsageError('give --tasks or --bind, not both');
      return { kind: 'variant', exercise: rest[0]!, variant, tasks: values.tasks ?? false, ...(values.bind !== undefined ? { bind: values.bind } : {}), options };
    case 'connlist':
      if (rest.length === 0) throw new UsageError('connlist takes one or more manifest files or folders, e.g. netscn connlist k8s/');
      return { kind: 'connlist', paths: rest, format: values.format ?? 'txt', clusterWorkloads: values['cluster-workloads'] ?? false, options };
    case 'diff':
      return {
        kind: 'diff',
        sides: diffSides(rest, values['from-step'], values['to-step']),
        format: values.format ?? 'txt',
        clusterWorkloads: values['cluster-workloads'] ?? false,
        exitCode: values['exit-code'] ?? false,
        options,
      };
    case 'explain-code':
      if (rest.length > 1) throw new UsageError('explain-code takes at most one diagnostic code, e.g. netscn explain-code NS1002');
      return { kind: 'explain-code', ...(rest[0] !== undefined ? { code: rest[0] } : {}) };
    case 'lsp':
      if (rest.length > 0) throw new UsageError('lsp takes no arguments: it serves the language server protocol on stdin/stdout');
      return { kind: 'lsp' };
    case 'fmt':
      return { kind: 'fmt', paths: rest.length > 0 ? rest : ['scenarios'], check: values.check ?? false, options };
    default: {
      const hint = didYouMean(name, COMMANDS);
      throw new UsageError(`unknown command \`${name}\`${hint ? `; ${hint}` : `: expected one of ${COMMAND_LIST}`}`);
    }
  }
}

/** Whether `netscn grade`'s first argument names an exam file (YAML) rather than an exercise. */
export function isExamFile(path: string): boolean {
  return /\.ya?ml$/i.test(path);
}

const DIFF_USAGE = 'diff takes two manifest files or folders (netscn diff before/ after/), or one scenario and its steps (netscn diff policy.netscn --from-step 1 --to-step 2)';

function diffSides(paths: readonly string[], from: string | undefined, to: string | undefined): DiffSides {
  if (paths.length === 1 && paths[0]!.endsWith('.netscn')) {
    return { kind: 'steps', file: paths[0]!, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
  }
  if (paths.length !== 2 || paths.some((p) => p.endsWith('.netscn'))) throw new UsageError(DIFF_USAGE);
  if (from !== undefined || to !== undefined) throw new UsageError('--from-step and --to-step go with a scenario file: netscn diff policy.netscn --from-step 1');
  return { kind: 'manifests', before: paths[0]!, after: paths[1]! };
}

/** `--set NAME=VALUE`, each once. */
function setValues(items: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const item of items) {
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)=(.+)$/.exec(item);
    if (!m) throw new UsageError(`--set takes NAME=VALUE, not \`${item}\``);
    if (out.has(m[1]!)) throw new UsageError(`--set gives ${m[1]} twice`);
    out.set(m[1]!, m[2]!);
  }
  return out;
}

function isCommand(name: string): name is CommandName {
  return (COMMANDS as readonly string[]).includes(name);
}

function helpFor(name: string | undefined): Command {
  if (name === undefined) return { kind: 'help' };
  if (isCommand(name)) return { kind: 'help', command: name };
  const hint = didYouMean(name, COMMANDS);
  throw new UsageError(`no help for \`${name}\`${hint ? `; ${hint}` : `: expected one of ${COMMAND_LIST}`}`);
}

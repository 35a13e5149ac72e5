/**
 * `netscn variant <exercise> --seed S | --candidate ID [--salt SALT]`: an exercise with every
 * parameter bound. Prints the bound scenario (the author's view), `--tasks` the task texts a
 * candidate reads, `--bind FILE` an author's file (a start file, the reference solution) with
 * the same values in place. A candidate's seed comes from their id and the exam's secret salt
 * (`--salt`, or the NETSCN_EXAM_SALT environment variable). `--set NAME=VALUE` fixes a value.
 * Exit 0, 2 when the exercise or this variant of it does not check, 64 usage error.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseAndCheck } from '../check/index.js';
import { bindText, prepareVariant, type VariantChoice } from '../check/params/template.js';
import { candidateSeed, DEFAULT_SEED } from '../check/params/variant.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { renderDiagnostics } from '../diag/render.js';
import { formatTaskSheet } from '../grade/task-sheet.js';
import { projectReader } from '../host/project-files.js';
import { parseFile } from '../syntax/parse.js';
import { UsageError, type VariantArgs } from './args.js';
import { EXIT } from './exit.js';
import { readScenario, type CliIO } from './io.js';

/** The environment variable holding an exam's secret salt. */
export const SALT_VARIABLE = 'NETSCN_EXAM_SALT';

/** The variant the command line asks for: a seed, a candidate's seed, or the default; values given with --set. */
export function variantChoice(args: VariantArgs, env: CliIO['env']): VariantChoice {
  const values = args.values.size > 0 ? { values: args.values } : {};
  if (args.candidate === undefined) return { seed: args.seed ?? DEFAULT_SEED, ...values };
  const salt = args.salt ?? env[SALT_VARIABLE];
  if (salt === undefined || salt === '') throw new UsageError(`--candidate needs the exam's secret salt: --salt SALT or ${SALT_VARIABLE}`);
  return { seed: candidateSeed(salt, args.candidate), ...values };
}

export function variantCommand(exercise: string, args: VariantArgs, view: { readonly tasks: boolean; readonly bind?: string }, io: CliIO): number {
  const decoded = decodeUtf8(readScenario(exercise, io), exercise);
  if (decoded.diagnostics.length > 0) {
    io.stderr(renderDiagnostics(decoded.diagnostics, '', { color: false }));
    return EXIT.diagnostics;
  }
  const text = decoded.text;
  const choice = variantChoice(args, io.env);
  const checked = parseAndCheck(text, exercise, { ...choice, readFile: projectReader(resolve(io.cwd, exercise)) });
  const errors = checked.diagnostics.filter((d) => d.severity === 'error');
  if (!checked.scenario || errors.length > 0) {
    io.stderr(renderDiagnostics(checked.diagnostics, text, { color: false }));
    return EXIT.diagnostics;
  }
  const bindings = checked.scenario.variant?.bindings ?? [];
  if (view.bind !== undefined) {
    let fileText: string;
    try {
      fileText = readFileSync(resolve(io.cwd, view.bind), 'utf8');
    } catch {
      throw new UsageError(`cannot read ${view.bind}`);
    }
    const bound = bindText(fileText, bindings);
    if (bound.unknown.length > 0) {
      io.stderr(`netscn: ${view.bind} uses parameters the exercise does not declare: ${bound.unknown.join(', ')}\n`);
      return EXIT.diagnostics;
    }
    io.stdout(bound.text);
    return EXIT.ok;
  }
  if (view.tasks) {
    io.stdout(formatTaskSheet(checked.scenario));
    return EXIT.ok;
  }
  const ast = parseFile(text, exercise).ast!;
  io.stdout(prepareVariant(ast, text, exercise, choice).variant?.text ?? text);
  return EXIT.ok;
}

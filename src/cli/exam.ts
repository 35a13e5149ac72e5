/**
 * `netscn grade EXAM.json SUBMISSIONS --candidate ID`: one candidate's submission (a folder per
 * exercise, named as the exam says) graded against their own variants; `--reporter json` gives
 * per-exercise and total scores, pass/fail and the integrity digests (grade/exam.ts). Without
 * `--candidate`, SUBMISSIONS is a class: each of its folders is a candidate's submission, named
 * by the candidate's id; the results are printed as JSON lines, and `--csv FILE` writes the CSV
 * a course platform imports. The salt comes from --salt or NETSCN_EXAM_SALT.
 * Exit 0 every candidate passed (or, without a pass mark, scored full marks), 1 not, 2 the exam
 * or an exercise cannot be graded, 64 usage error.
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { examCsv, gradeExam, parseExam, type ExamResult } from '../grade/exam.js';
import { projectReader } from '../host/project-files.js';
import { UsageError, type CommonOptions, type VariantArgs } from './args.js';
import { EXIT } from './exit.js';
import { submissionReader } from './grade.js';
import { writeReport, type CliIO } from './io.js';
import { SALT_VARIABLE } from './variant.js';

function formatExam(r: ExamResult): string {
  const lines = [`${r.title}: ${r.candidate}: ${r.score}/${r.maxScore}${r.passed === undefined ? '' : r.passed ? ' (passed)' : ` (failed, pass mark ${r.passMark})`}`];
  for (const x of r.exercises) lines.push(`  ${x.grade.title}: ${x.score}/${x.points}${x.grade.error ? ` (cannot grade: ${x.grade.error})` : ''}`);
  return `${lines.join('\n')}\n`;
}

export function examCommand(examPath: string, submissions: string | undefined, variant: VariantArgs, csv: string | undefined, options: CommonOptions, io: CliIO): number {
  if (submissions === undefined) throw new UsageError('grading an exam takes a submission folder (with --candidate) or a class folder');
  if (variant.seed !== undefined || variant.values.size > 0) throw new UsageError('an exam is graded per candidate: give --candidate (or none, for a class), not --seed or --set');
  const salt = variant.salt ?? io.env[SALT_VARIABLE];
  if (salt === undefined || salt === '') throw new UsageError(`grading an exam needs its secret salt: --salt SALT or ${SALT_VARIABLE}`);
  const file = resolve(io.cwd, examPath);
  let examText: string;
  try {
    examText = readFileSync(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${examPath}`);
  }
  const exam = parseExam(examText);
  if ('error' in exam) {
    io.stderr(`netscn: ${examPath}: ${exam.error}\n`);
    return EXIT.diagnostics;
  }
  const base = dirname(file);
  const exerciseText = (path: string): string | undefined => {
    try {
      return readFileSync(join(base, path), 'utf8');
    } catch {
      return undefined;
    }
  };
  const one = (candidate: string, folder: string): ExamResult =>
    gradeExam({ exam, examText, candidate, salt, exerciseText, exerciseReader: (path) => projectReader(join(base, path)), submission: (sub) => submissionReader(join(folder, sub)) });
  const root = resolve(io.cwd, submissions);
  const results = variant.candidate !== undefined ? [one(variant.candidate, root)] : classFolders(root).map((id) => one(id, join(root, id)));
  if (variant.candidate !== undefined && options.reporter !== 'junit') writeReport(options.reporter === 'json' ? `${JSON.stringify(results[0], null, 2)}\n` : formatExam(results[0]!), options, io);
  else if (options.reporter === 'junit') throw new UsageError('an exam reports as pretty or json');
  else writeReport(options.reporter === 'json' ? results.map((r) => `${JSON.stringify(r)}\n`).join('') : results.map(formatExam).join(''), options, io);
  if (csv !== undefined) writeFileSync(resolve(io.cwd, csv), examCsv(exam, results));
  if (results.some((r) => r.exercises.some((x) => x.grade.error !== undefined))) return EXIT.diagnostics;
  return results.every((r) => (r.passed ?? r.score === r.maxScore)) ? EXIT.ok : EXIT.failed;
}

/** The candidates of a class folder: its subfolders, sorted. */
function classFolders(root: string): string[] {
  try {
    return readdirSync(root).filter((n) => !n.startsWith('.') && statSync(join(root, n)).isDirectory()).sort();
  } catch {
    throw new UsageError(`cannot read the class folder ${root}`);
  }
}

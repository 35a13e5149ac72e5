/**
 * `netscn grade EXAM.yaml DIR --candidate ID` and `netscn grade EXAM.yaml CLASS --class`: an exam
 * (src/grade/exam-file.ts) graded for one candidate, whose DIR holds a sub-folder per exercise,
 * or for a whole class, whose CLASS folder holds a folder per candidate (named by the
 * candidate's id). The salt that derives each candidate's variants comes from `--salt` or
 * NETSCN_EXAM_SALT and is never printed.
 *
 * Output: one candidate — pretty (default) or `--reporter json`; a class — JSON lines, a result
 * per candidate in folder-name order (`--output FILE` for either), and `--csv FILE` for a course
 * platform. Exit codes: one candidate 0 passed (full marks where the exam sets no pass mark),
 * 1 not; a class 0 when every candidate was graded; 2 the exam or an exercise does not check;
 * 64 usage error.
 */
import { readdirSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { renderDiagnostics } from '../diag/render.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { parseExam, MAX_EXAM_BYTES, type Exam } from '../grade/exam-file.js';
import { examCsv, formatExam, gradeCandidate, type ExamResult } from '../grade/exam.js';
import { formatGrade } from '../grade/grade.js';
import { findProjectRoot, isInside, projectReader } from '../host/project-files.js';
import { UsageError, type CommonOptions } from './args.js';
import { submissionReader } from './grade.js';
import { readScenario, writeReport, type CliIO } from './io.js';
import { useColor } from './options.js';

export interface ExamOptions {
  readonly candidate?: string;
  readonly salt?: string;
  /** DIR is a class: a folder per candidate. */
  readonly class: boolean;
  readonly csv?: string;
}

export function gradeExamCommand(examPath: string, dir: string | undefined, exam: ExamOptions, options: CommonOptions, io: CliIO): number {
  if (dir === undefined) throw new UsageError('grading an exam takes the candidate\'s folder (with --candidate ID) or a class folder (with --class)');
  if (exam.class === (exam.candidate !== undefined)) throw new UsageError('grading an exam takes either --candidate ID (one candidate\'s folder) or --class (a folder per candidate)');
  if (options.reporter === 'junit') throw new UsageError('an exam report is pretty or json; junit reports one exercise');
  const salt = exam.salt ?? io.env.NETSCN_EXAM_SALT;
  if (salt === undefined || salt === '') throw new UsageError('grading an exam needs its secret salt: --salt S or the NETSCN_EXAM_SALT environment variable');
  const bytes = readScenario(examPath, io);
  if (bytes.length > MAX_EXAM_BYTES) throw new UsageError(`${examPath} is over ${MAX_EXAM_BYTES / 1024} KiB: not an exam file`);
  const decoded = decodeUtf8(bytes, examPath);
  const parsed = decoded.diagnostics.length > 0 ? { diagnostics: decoded.diagnostics } : parseExam(decoded.text, examPath);
  if (!('exam' in parsed) || parsed.exam === undefined) {
    io.stderr(renderDiagnostics(parsed.diagnostics, decoded.text, { color: useColor(options, io), file: examPath }));
    return 2;
  }
  const file = resolve(io.cwd, examPath);
  const root = findProjectRoot(file);
  const grade = (candidate: string, folder: string): ExamResult =>
    gradeCandidate({
      exam: parsed.exam!,
      examBytes: bytes,
      readFromExam: projectReader(file, root),
      exerciseFiles: (exercise) => projectReader(resolve(dirname(file), exercise), root),
      submission: (sub) => exerciseFolder(folder, sub),
      candidate,
      salt,
      ...(io.engine ? { engine: io.engine } : {}),
    });
  const dirPath = resolve(io.cwd, dir);
  if (!isFolder(dirPath)) throw new UsageError(`cannot read the folder ${dir}`);
  if (!exam.class) {
    const result = grade(exam.candidate!, dirPath);
    writeReport(options.reporter === 'json' ? `${JSON.stringify(result, null, 2)}\n` : formatExam(result, formatGrade), options, io);
    if (result.error !== undefined) return 2;
    return (result.passed ?? result.score === result.maxScore) ? 0 : 1;
  }
  const candidates = candidateFolders(dirPath);
  if (candidates.length === 0) throw new UsageError(`${dir} holds no candidate folder`);
  const results: ExamResult[] = [];
  candidates.forEach((id, i) => {
    if (io.isTTY) io.stderr(`\rgrading ${i + 1}/${candidates.length}`);
    results.push(grade(id, resolve(dirPath, id)));
  });
  if (io.isTTY) io.stderr('\n');
  writeReport(results.map((r) => JSON.stringify(r)).join('\n') + '\n', { ...options, reporter: 'json' }, io);
  if (exam.csv !== undefined) writeCsv(exam.csv, parsed.exam, results, io);
  return results.some((r) => r.error !== undefined) ? 2 : 0;
}

function writeCsv(path: string, exam: Exam, results: readonly ExamResult[], io: CliIO): void {
  try {
    writeFileSync(resolve(io.cwd, path), examCsv(exam, results));
  } catch (e) {
    throw new UsageError(`cannot write ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  io.stderr(`netscn: wrote ${results.length} candidates to ${path}\n`);
}

/**
 * The reader of a candidate's folder for one exercise; undefined when there is none. A folder
 * that leads outside the candidate's (a symlink to another candidate's answers) is no folder.
 */
function exerciseFolder(candidate: string, sub: string) {
  let root: string;
  let real: string;
  try {
    root = realpathSync(candidate);
    real = realpathSync(resolve(candidate, sub));
  } catch {
    return undefined;
  }
  return isInside(root, real) && isFolder(real) ? submissionReader(real) : undefined;
}

function isFolder(path: string): boolean {
  try {
    return statSync(realpathSync(path)).isDirectory();
  } catch {
    return false;
  }
}

/** The candidate folders of a class: its sub-folders (not symlinks), hidden ones left out, in code-unit order. */
function candidateFolders(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.') && e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

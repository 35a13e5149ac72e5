/**
 * `netscn grade <exercise.netscn> [submission-folder]`: the score per task and in total, with
 * feedback that teaches; `--reporter json` for autograders, `--reporter junit` for CI (a
 * testcase per task), `--output FILE` for either. The submission is untrusted: only the files
 * the exercise names are read, each a relative path inside the folder (symlinks resolved first),
 * at most MAX_SUBMISSION_FILE bytes; a file that cannot be used is reported with the reason.
 * Without a folder the exercise's own files are graded (an author checking the reference
 * solution). A parametrised exercise is graded as the variant `--seed` or `--candidate` names
 * (src/cli/variant.ts). Exit 0 full marks, 1 not, 2 the exercise does not check.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatGrade, gradeExercise } from '../grade/grade.js';
import { formatGradeJunit } from '../grade/junit.js';
import type { SubmissionFile, SubmissionReader } from '../grade/submission.js';
import { isInside, projectReader } from '../host/project-files.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { UsageError } from './args.js';
import type { CommonOptions, VariantArgs } from './args.js';
import { variantChoice } from './variant.js';
import { readScenario, writeReport, type CliIO } from './io.js';

export const MAX_SUBMISSION_FILE = 256 * 1024;

/** A reader of the submission folder that refuses anything outside it or too large, saying why. */
export function submissionReader(folder: string): SubmissionReader {
  let root: string;
  try {
    root = realpathSync(folder);
    if (!statSync(root).isDirectory()) throw new Error('not a folder');
  } catch {
    throw new UsageError(`cannot read the submission folder ${folder}`);
  }
  return (name): SubmissionFile => {
    if (name === '' || name.includes('\0') || isAbsolute(name)) return { kind: 'outside' };
    const abs = resolve(root, name);
    if (!isInside(root, abs)) return { kind: 'outside' };
    let real: string;
    try {
      real = realpathSync(abs);
    } catch (e) {
      return errorCode(e) === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', reason: reasonOf(e) };
    }
    if (!isInside(root, real)) return { kind: 'outside' };
    try {
      // Checked before opening: opening a FIFO for reading would block.
      const st = statSync(real);
      if (!st.isFile()) return { kind: 'not-a-file' };
      if (st.size > MAX_SUBMISSION_FILE) return { kind: 'too-large', size: st.size, limit: MAX_SUBMISSION_FILE };
      return readBounded(real, name);
    } catch (e) {
      return { kind: 'unreadable', reason: reasonOf(e) };
    }
  };
}

/** Reads at most one byte over the bound, so a file that grew after stat is refused too. */
function readBounded(path: string, name: string): SubmissionFile {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(MAX_SUBMISSION_FILE + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n < buf.length; n += got) got = readSync(fd, buf, n, buf.length - n, n);
    if (n > MAX_SUBMISSION_FILE) return { kind: 'too-large', size: fstatSync(fd).size, limit: MAX_SUBMISSION_FILE };
    const decoded = decodeUtf8(buf.subarray(0, n), name);
    const bad = decoded.diagnostics[0];
    if (bad) return { kind: 'not-utf8', line: bad.span.start.line, column: bad.span.start.column };
    return { kind: 'text', text: decoded.text };
  } finally {
    closeSync(fd);
  }
}

function errorCode(e: unknown): string | undefined {
  return e && typeof e === 'object' && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

function reasonOf(e: unknown): string {
  switch (errorCode(e)) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return errorCode(e) ?? (e instanceof Error ? e.message : String(e));
  }
}

export function gradeCommand(exercise: string, submission: string | undefined, variant: VariantArgs, options: CommonOptions, io: CliIO): number {
  const file = resolve(io.cwd, exercise);
  const text = readScenario(exercise, io);
  const result = gradeExercise({
    exerciseText: text,
    exerciseFile: exercise,
    variant: variantChoice(variant, io.env),
    readFile: projectReader(file),
    ...(submission !== undefined ? { learnerFile: submissionReader(resolve(io.cwd, submission)) } : {}),
    ...(io.engine ? { engine: io.engine } : {}),
  });
  switch (options.reporter) {
    case 'json':
      writeReport(`${JSON.stringify(result, null, 2)}\n`, options, io);
      break;
    case 'junit':
      writeReport(formatGradeJunit(result), options, io);
      break;
    case 'pretty':
      writeReport(formatGrade(result), options, io);
      break;
    default: {
      const never: never = options.reporter;
      throw new Error(`unhandled reporter ${String(never)}`);
    }
  }
  if (result.error !== undefined) return 2;
  return result.score === result.maxScore ? 0 : 1;
}

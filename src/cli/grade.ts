/**
 * `netscn grade <exercise.netscn> [submission-folder]`: the score per task and in total, with
 * feedback that teaches; `--reporter json` for autograders. The submission is untrusted: only the
 * files the exercise names are read, each a relative path inside the folder (symlinks resolved
 * first), at most MAX_SUBMISSION_FILE bytes. Without a folder the exercise's own files are graded
 * (an author checking the reference solution). Exit 0 full marks, 1 not, 2 the exercise does not check.
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { formatGrade, gradeExercise } from '../grade/grade.js';
import { findProjectRoot, isInside, projectReader } from '../run/project-files.js';
import { UsageError } from './args.js';
import type { CommonOptions } from './args.js';
import { readScenario, type CliIO } from './io.js';

export const MAX_SUBMISSION_FILE = 256 * 1024;

/** A reader of the submission folder that refuses anything outside it or too large. */
export function submissionReader(folder: string): (name: string) => Uint8Array | undefined {
  let root: string;
  try {
    root = realpathSync(folder);
  } catch {
    throw new UsageError(`cannot read the submission folder ${folder}`);
  }
  return (name) => {
    if (name === '' || name.includes('\0') || isAbsolute(name)) return undefined;
    const abs = resolve(root, name);
    if (!isInside(root, abs) || !existsSync(abs)) return undefined;
    let real: string;
    try {
      real = realpathSync(abs);
    } catch {
      return undefined;
    }
    if (!isInside(root, real)) return undefined;
    const st = statSync(real);
    if (!st.isFile() || st.size > MAX_SUBMISSION_FILE) return undefined;
    try {
      return readFileSync(real);
    } catch {
      return undefined;
    }
  };
}

export function gradeCommand(exercise: string, submission: string | undefined, options: CommonOptions, io: CliIO): number {
  const file = resolve(io.cwd, exercise);
  const text = readScenario(exercise, io);
  const projectRoot = findProjectRoot(file);
  const result = gradeExercise({
    exerciseText: text,
    exerciseFile: exercise,
    readFile: projectReader(file, projectRoot),
    ...(submission !== undefined ? { learnerFile: submissionReader(resolve(io.cwd, submission)) } : {}),
    ...(io.engine ? { engine: io.engine } : {}),
  });
  if (options.reporter === 'json') io.stdout(`${JSON.stringify(result, null, 2)}\n`);
  else io.stdout(formatGrade(result));
  if (result.error !== undefined) return 2;
  return result.score === result.maxScore ? 0 : 1;
}

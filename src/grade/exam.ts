/**
 * Grading an exam: each exercise of the exam file (exam-file.ts) graded as `netscn grade` grades
 * it (grade.ts), on the candidate's own variant of it, against the files in the candidate's
 * folder for it; the exercise's score scaled to the points the exam gives it; the total, the
 * percent and the pass mark; and the digests that make the result reproducible
 * (exam-integrity.ts).
 *
 * - Variants: the seed of every exercise is the candidate's (check/params/variant.ts
 *   `candidateSeed`, as `netscn variant --candidate` derives it); grading binds the exercise's
 *   parameters and the author's files to it (grade.ts). An exercise without parameters is its own
 *   only variant.
 * - Scaling: an exercise scoring s of its m task points earns points × s / m in the exam,
 *   rounded to hundredths; the total is the sum of the rounded scores, so the JSON adds up.
 * - Hidden checks: the exercise's GradeResult already reports them as counts only; nothing here
 *   adds their text. A report holds this candidate's seed and variants only.
 * - Untrusted input: the submission is read only through the caller's confined, bounded readers,
 *   the exercise files only through the caller's reader confined to the exam's project.
 */
import type { FileRead, ReadFile } from '../check/file-read.js';
import { sha256Hex } from '../check/params/sha256.js';
import { candidateSeed } from '../check/params/variant.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import type { Engine } from '../run/engine.js';
import type { Exam } from './exam-file.js';
import { combinedDigest, DigestLog, type FileDigest } from './exam-integrity.js';
import { gradeExercise, type GradeResult } from './grade.js';
import type { SubmissionReader } from './submission.js';

export interface ExamInput {
  readonly exam: Exam;
  /** The exam file's bytes (digested). */
  readonly examBytes: Uint8Array;
  /** Reads a path relative to the exam file, confined to its project. */
  readonly readFromExam: ReadFile;
  /** A reader for the files an exercise loads, relative to that exercise (confined likewise). */
  readonly exerciseFiles: (exercise: string) => ReadFile;
  /** The candidate's reader for one exercise's folder; undefined when the candidate has no such folder. */
  readonly submission: (folder: string) => SubmissionReader | undefined;
  readonly candidate: string;
  readonly salt: string;
  readonly engine?: Engine;
}

export interface ExamExerciseResult {
  readonly exercise: string;
  readonly folder: string;
  /** The exam's points for it, and the candidate's share of them. */
  readonly points: number;
  readonly score: number;
  readonly grade: GradeResult;
}

export interface ExamResult {
  readonly exam: { readonly title: string; readonly file: string; readonly timeLimitMinutes?: number; readonly passMark?: number };
  readonly candidate: string;
  readonly score: number;
  readonly maxScore: number;
  /** score / maxScore in percent, to hundredths. */
  readonly percent: number;
  /** Against the pass mark; absent when the exam has none. */
  readonly passed?: boolean;
  readonly exercises: readonly ExamExerciseResult[];
  /** Set when an exercise itself cannot be graded (the author's mistake): the result is then not a grade. */
  readonly error?: string;
  readonly integrity: {
    readonly seed: string;
    readonly exam: string;
    readonly exercises: readonly { readonly exercise: string; readonly files: readonly FileDigest[] }[];
    readonly submission: readonly { readonly folder: string; readonly files: readonly FileDigest[] }[];
    /** One digest over all of the above and the candidate's id. */
    readonly digest: string;
  };
}

const hundredths = (x: number): number => Math.round(x * 100) / 100;

export function gradeCandidate(input: ExamInput): ExamResult {
  const { exam } = input;
  const seed = candidateSeed(input.salt, input.candidate);
  const exerciseDigests: { exercise: string; files: readonly FileDigest[] }[] = [];
  const submissionDigests: { folder: string; files: readonly FileDigest[] }[] = [];
  const results: ExamExerciseResult[] = [];
  const errors: string[] = [];
  for (const entry of exam.exercises) {
    const authored = new DigestLog();
    const read = input.readFromExam(entry.exercise);
    const failed = (error: string): void => {
      errors.push(`${entry.exercise}: ${error}`);
      results.push({ exercise: entry.exercise, folder: entry.folder, points: entry.points, score: 0, grade: { exercise: entry.exercise, title: entry.exercise, score: 0, maxScore: 0, tasks: [], problems: [], error } });
      exerciseDigests.push({ exercise: entry.exercise, files: authored.files });
    };
    if (read.kind !== 'file') {
      failed(`the exam's exercise cannot be read: ${readProblem(read)}`);
      continue;
    }
    const decoded = decodeUtf8(read.bytes, entry.exercise);
    if (decoded.diagnostics.length > 0) {
      failed('the exercise is not UTF-8 text');
      continue;
    }
    authored.record(entry.exercise, decoded.text);
    const loads = input.exerciseFiles(entry.exercise);
    const readFile: ReadFile = (path) => {
      const r = loads(path);
      if (r.kind === 'file') authored.record(`${entry.exercise} → ${path}`, decodeUtf8(r.bytes, path).text);
      return r;
    };
    const handedIn = new DigestLog();
    const folder = input.submission(entry.folder);
    const learnerFile: SubmissionReader = (name) => {
      if (folder === undefined) return { kind: 'missing' };
      const f = folder(name);
      if (f.kind === 'text') handedIn.record(`${entry.folder}/${name}`, f.text);
      return f;
    };
    const grade = gradeExercise({ exerciseText: decoded.text, exerciseFile: entry.exercise, readFile, learnerFile, variant: { seed }, ...(input.engine ? { engine: input.engine } : {}) });
    if (grade.error !== undefined) errors.push(`${entry.exercise}: ${grade.error}`);
    const score = grade.maxScore > 0 ? hundredths((entry.points * grade.score) / grade.maxScore) : 0;
    results.push({ exercise: entry.exercise, folder: entry.folder, points: entry.points, score, grade });
    exerciseDigests.push({ exercise: entry.exercise, files: authored.files });
    submissionDigests.push({ folder: entry.folder, files: handedIn.files });
  }
  const maxScore = exam.exercises.reduce((s, e) => s + e.points, 0);
  const score = hundredths(results.reduce((s, r) => s + r.score, 0));
  const percent = maxScore > 0 ? hundredths((100 * score) / maxScore) : 0;
  const examDigest = sha256Hex(decodeUtf8(input.examBytes, exam.file).text);
  const digest = combinedDigest([
    ['exam', examDigest],
    ['candidate', input.candidate],
    ['seed', seed],
    ...exerciseDigests.flatMap((e) => e.files.map((f) => [`exercise ${f.file}`, f.sha256] as const)),
    ...submissionDigests.flatMap((s) => s.files.map((f) => [`submitted ${f.file}`, f.sha256] as const)),
    ...results.map((r) => [`score ${r.exercise}`, String(r.score)] as const),
  ]);
  return {
    exam: { title: exam.title, file: exam.file, ...(exam.timeLimitMinutes !== undefined ? { timeLimitMinutes: exam.timeLimitMinutes } : {}), ...(exam.passMark !== undefined ? { passMark: exam.passMark } : {}) },
    candidate: input.candidate,
    score,
    maxScore,
    percent,
    ...(exam.passMark !== undefined && errors.length === 0 ? { passed: percent >= exam.passMark } : {}),
    exercises: results,
    ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
    integrity: { seed, exam: examDigest, exercises: exerciseDigests, submission: submissionDigests, digest },
  };
}

function readProblem(r: Exclude<FileRead, { kind: 'file' }>): string {
  switch (r.kind) {
    case 'missing':
      return 'no such file';
    case 'folder':
      return 'it is a folder';
    case 'outside':
      return 'it lies outside the exam\'s project';
    case 'special':
      return `it is ${r.what}`;
    case 'unreadable':
      return r.reason;
  }
}

/** The candidate's report: per exercise its points and, indented, the exercise's own feedback. */
export function formatExam(r: ExamResult, formatExercise: (g: GradeResult) => string): string {
  const lines: string[] = [`${r.exam.title} — ${r.candidate}: ${r.score}/${r.maxScore} (${r.percent}%)${r.passed === undefined ? '' : r.passed ? ', passed' : `, not passed (pass mark ${r.exam.passMark}%)`}`];
  if (r.error !== undefined) lines.push(`  cannot grade: ${r.error}`);
  for (const e of r.exercises) {
    lines.push('', `${e.folder}: ${e.score}/${e.points}`);
    for (const l of formatExercise(e.grade).trimEnd().split('\n')) lines.push(`  ${l}`);
  }
  lines.push('', `digest ${r.integrity.digest} (seed ${r.integrity.seed})`);
  return `${lines.join('\n')}\n`;
}

/**
 * A class's results as CSV for a course platform: a row per candidate, a column per exercise
 * (its folder), then total, max, percent, passed and digest. Cells are quoted where needed, and
 * a cell that a spreadsheet would read as a formula (=, +, -, @) is prefixed with `'`.
 */
export function examCsv(exam: Exam, results: readonly ExamResult[]): string {
  const header = ['candidate', ...exam.exercises.map((e) => e.folder), 'total', 'max', 'percent', 'passed', 'digest'];
  const rows = results.map((r) => [r.candidate, ...r.exercises.map((e) => String(e.score)), String(r.score), String(r.maxScore), String(r.percent), r.passed === undefined ? '' : String(r.passed), r.integrity.digest]);
  return `${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n')}\n`;
}

function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

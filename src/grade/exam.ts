/**
 * An exam: several exercises, each with the points it is worth, graded for one candidate against
 * the candidate's own variant of each (seed from the candidate's id and the exam's secret salt,
 * check/params/variant.ts). An exercise's score is its share of the exercise's maximum times its
 * points (two decimals). For integrity the result carries SHA-256 digests of the exam file, each
 * exercise file and each submitted file, and the variant seeds, so a regrade of the same exam and
 * submission is verifiably the same. The exam file is JSON:
 *
 *   { "title": "…", "timeLimit": "90 min", "passMark": 20,
 *     "exercises": [{ "path": "lab1/exercise.netscn", "points": 10, "folder": "lab1" }] }
 *
 * `path` is relative to the exam file; `folder` (default: the exercise file's folder name) is
 * where the candidate's files for it lie in their submission.
 */
import { candidateSeed } from '../check/params/variant.js';
import { sha256Hex } from '../check/params/sha256.js';
import type { ReadFile } from '../check/file-read.js';
import * as posix from '../paths/posix.js';
import { gradeExercise, type GradeResult } from './grade.js';
import type { SubmissionReader } from './submission.js';

export interface ExamExercise {
  readonly path: string;
  readonly points: number;
  readonly folder: string;
}

export interface Exam {
  readonly title: string;
  readonly timeLimit?: string;
  readonly passMark?: number;
  readonly exercises: readonly ExamExercise[];
}

/** The exam file read, or why it cannot be. */
export function parseExam(text: string): Exam | { readonly error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { error: `the exam file is not JSON: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { error: 'the exam file holds a JSON object' };
  const o = raw as Record<string, unknown>;
  if (typeof o['title'] !== 'string') return { error: 'the exam needs a "title" (a string)' };
  if (o['timeLimit'] !== undefined && typeof o['timeLimit'] !== 'string') return { error: '"timeLimit" is a string, e.g. "90 min"' };
  if (o['passMark'] !== undefined && (typeof o['passMark'] !== 'number' || !(o['passMark'] >= 0))) return { error: '"passMark" is a number of points, at least 0' };
  if (!Array.isArray(o['exercises']) || o['exercises'].length === 0) return { error: 'the exam needs "exercises": a list of { "path", "points" }' };
  const exercises: ExamExercise[] = [];
  for (const [i, x] of (o['exercises'] as unknown[]).entries()) {
    const e = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const path = e['path'];
    const points = e['points'];
    if (typeof path !== 'string' || path === '' || posix.isAbsolute(path)) return { error: `exercise ${i + 1} needs a "path" relative to the exam file` };
    if (typeof points !== 'number' || !(points > 0)) return { error: `exercise ${i + 1} needs "points" above 0` };
    const folder = e['folder'] ?? posix.basename(posix.dirname(path));
    if (typeof folder !== 'string' || folder === '' || folder.includes('..') || posix.isAbsolute(folder)) return { error: `exercise ${i + 1}: "folder" is a folder name inside the submission` };
    if (exercises.some((p) => p.folder === folder)) return { error: `exercise ${i + 1}: two exercises take their files from the folder ${folder}` };
    exercises.push({ path, points, folder });
  }
  const total = exercises.reduce((s, e) => s + e.points, 0);
  if (typeof o['passMark'] === 'number' && o['passMark'] > total) return { error: `"passMark" ${o['passMark']} is above the exam's ${total} points` };
  return {
    title: o['title'],
    ...(typeof o['timeLimit'] === 'string' ? { timeLimit: o['timeLimit'] } : {}),
    ...(typeof o['passMark'] === 'number' ? { passMark: o['passMark'] } : {}),
    exercises,
  };
}

export interface ExamInput {
  readonly exam: Exam;
  /** The exam file's text (its digest is reported). */
  readonly examText: string;
  readonly candidate: string;
  readonly salt: string;
  /** An exercise's text by its path in the exam; undefined when it cannot be read. */
  readonly exerciseText: (path: string) => string | undefined;
  /** The author's files an exercise loads, confined to its project. */
  readonly exerciseReader: (path: string) => ReadFile;
  /** The candidate's files for the exercise of a folder. */
  readonly submission: (folder: string) => SubmissionReader;
}

export interface ExamExerciseResult {
  readonly exercise: string;
  readonly points: number;
  readonly score: number;
  readonly grade: GradeResult;
}

export interface ExamResult {
  readonly title: string;
  readonly candidate: string;
  readonly score: number;
  readonly maxScore: number;
  readonly passMark?: number;
  readonly passed?: boolean;
  readonly exercises: readonly ExamExerciseResult[];
  /** SHA-256 of the exam file, of each exercise file and submitted file (by path), and each exercise's seed. */
  readonly integrity: {
    readonly exam: string;
    readonly exercises: Readonly<Record<string, string>>;
    readonly seeds: Readonly<Record<string, string>>;
    readonly files: Readonly<Record<string, string>>;
  };
}

const round2 = (n: number): number => Math.round(n * 100) / 100;

export function gradeExam(input: ExamInput): ExamResult {
  const seed = candidateSeed(input.salt, input.candidate);
  const exercises: ExamExerciseResult[] = [];
  const exerciseDigests: Record<string, string> = {};
  const seeds: Record<string, string> = {};
  const files: Record<string, string> = {};
  for (const x of input.exam.exercises) {
    const text = input.exerciseText(x.path);
    seeds[x.path] = seed;
    if (text === undefined) {
      const grade: GradeResult = { exercise: x.path, title: x.path, score: 0, maxScore: 0, tasks: [], problems: [], error: `cannot read the exercise ${x.path}` };
      exercises.push({ exercise: x.path, points: x.points, score: 0, grade });
      continue;
    }
    exerciseDigests[x.path] = sha256Hex(text);
    const reader = input.submission(x.folder);
    const recorded: SubmissionReader = (name) => {
      const f = reader(name);
      if (f.kind === 'text') files[posix.join(x.folder, name)] = sha256Hex(f.text);
      return f;
    };
    const grade = gradeExercise({ exerciseText: text, exerciseFile: x.path, readFile: input.exerciseReader(x.path), learnerFile: recorded, variant: { seed } });
    const score = grade.maxScore > 0 ? round2((grade.score / grade.maxScore) * x.points) : 0;
    exercises.push({ exercise: x.path, points: x.points, score, grade });
  }
  const score = round2(exercises.reduce((s, e) => s + e.score, 0));
  const maxScore = input.exam.exercises.reduce((s, e) => s + e.points, 0);
  const pass = input.exam.passMark;
  return {
    title: input.exam.title,
    candidate: input.candidate,
    score,
    maxScore,
    ...(pass !== undefined ? { passMark: pass, passed: score >= pass } : {}),
    exercises,
    integrity: { exam: sha256Hex(input.examText), exercises: exerciseDigests, seeds, files },
  };
}

/** The class's results as CSV: a row per candidate, a column per exercise, the total and pass. */
export function examCsv(exam: Exam, results: readonly ExamResult[]): string {
  const quote = (s: string): string => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const header = ['candidate', ...exam.exercises.map((e) => e.folder), 'total', 'max', 'passed'];
  const rows = results.map((r) => [r.candidate, ...r.exercises.map((e) => String(e.score)), String(r.score), String(r.maxScore), r.passed === undefined ? '' : String(r.passed)]);
  return `${[header, ...rows].map((row) => row.map(quote).join(',')).join('\n')}\n`;
}

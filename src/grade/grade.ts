/**
 * Grading an exercise: a scenario with `task` blocks, whose `load … learner "name"` files come
 * from the learner's submission. A task scores its points when every one of its checks passes,
 * nothing otherwise (deterministic: the same submission always gets the same score). Feedback
 * explains each failed visible check with its trace in words; a failed hidden check is counted,
 * never shown. A submission is untrusted: only the files the exercise names are read, through
 * the caller's bounded, confined reader, and the maximum score is the exercise's whatever the
 * submission holds.
 */
import { DIAG } from '../diag/catalogue.js';
import type { ReadFile } from '../check/file-read.js';
import type { Scenario } from '../check/scenario.js';
import type { VariantChoice } from '../check/params/template.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { Flow } from '../net/types.js';
import type { Engine } from '../run/engine.js';
import { defaultEngine } from '../run/engine-default.js';
import type { CheckResult } from '../run/results.js';
import { runScenario } from '../run/run-scenario.js';
import { submissionProblem, type SubmissionReader } from './submission.js';

export interface CheckGrade {
  readonly visible: boolean;
  readonly passed: boolean;
  /** Visible checks only: the assertion as written, what happened, and the path in words. */
  readonly text?: string;
  readonly message?: string;
  readonly explanation?: readonly string[];
}

export interface TaskGrade {
  readonly title: string;
  readonly description?: string;
  readonly points: number;
  readonly score: number;
  readonly passed: boolean;
  readonly checks: readonly CheckGrade[];
  /** Set when the task was not run: why (a file of the submission cannot be used); checks is then empty. */
  readonly reason?: string;
}

/** A problem of the submission: at file:line:col, or (a file that cannot be read) at the file's name only. */
export interface GradeProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly severity: string;
  readonly message: string;
}

export interface GradeResult {
  readonly exercise: string;
  readonly title: string;
  readonly score: number;
  /** The exercise's points, whatever the submission; 0 only when the exercise itself cannot be graded (error). */
  readonly maxScore: number;
  readonly tasks: readonly TaskGrade[];
  /** Problems in the learner's files (file:line:col and message). */
  readonly problems: readonly GradeProblem[];
  /** Set when the exercise itself cannot be graded (an author's mistake, not the learner's). */
  readonly error?: string;
  /** A parametrised exercise: the variant graded against (its seed and values). */
  readonly variant?: Scenario['variant'];
}

export interface GradeInput {
  /** The exercise's text, or its file's bytes (UTF-8, decoded strictly). */
  readonly exerciseText: string | Uint8Array;
  readonly exerciseFile: string;
  /**
   * The learner's file of a name the exercise hands in (bounded and confined by the caller),
   * asked once per name. Absent: the author's files are graded (the reference solution).
   */
  readonly learnerFile?: SubmissionReader;
  /** The author's files the exercise loads (confined to the project by the caller). */
  readonly readFile?: ReadFile;
  readonly engine?: Engine;
  /** A parametrised exercise: the variant to grade against (the default seed when absent). */
  readonly variant?: VariantChoice;
}

/** Hops as sentences a learner can read. */
export function explainFlow(flow: Flow): string[] {
  return flow.hops.map((h) => `${h.at ? `[${h.at}] ` : ''}${h.text}`);
}

function gradeCheck(r: CheckResult, hidden: boolean): CheckGrade {
  if (hidden) return { visible: false, passed: r.passed };
  if (r.passed) return { visible: true, passed: true, text: r.check.text };
  const flow = r.counterexample ?? r.flows[0];
  return { visible: true, passed: false, text: r.check.text, message: r.message, ...(flow ? { explanation: explainFlow(flow) } : {}) };
}

/**
 * The exercise is first checked with the author's files: that decides whether it can be graded
 * at all (an error there is the author's, exit 2) and gives the tasks and their points, so the
 * maximum never depends on the submission. Then every file the exercise hands in is read once;
 * a file that cannot be used, or a submission that does not check, fails every task (each task
 * checks the declared cluster, which the learner's files are part of) with the reason.
 */
export function gradeExercise(input: GradeInput): GradeResult {
  const engine = input.engine ?? defaultEngine;
  const access = { ...(input.readFile ? { readFile: input.readFile } : {}), ...input.variant };
  const decoded = typeof input.exerciseText === 'string' ? { text: input.exerciseText, diagnostics: [] } : decodeUtf8(input.exerciseText, input.exerciseFile);
  const notText = decoded.diagnostics[0];
  if (notText) return { exercise: input.exerciseFile, title: input.exerciseFile, score: 0, maxScore: 0, tasks: [], problems: [], error: `the exercise does not check: ${where(notText)}: ${notText.message} (expected UTF-8)` };
  const exerciseText = decoded.text;
  const authored = engine.parseAndCheck(exerciseText, input.exerciseFile, access);
  const exercise: Scenario | undefined = authored.scenario;
  const head = { exercise: input.exerciseFile, title: exercise?.title ?? input.exerciseFile, ...(exercise?.variant ? { variant: exercise.variant } : {}) };
  const authorError = authored.diagnostics.find((d) => d.severity === 'error');
  if (!exercise || authorError) {
    const error = authorError ? `the exercise does not check: ${where(authorError)}: ${authorError.message}` : 'the exercise does not check';
    return { ...head, score: 0, maxScore: 0, tasks: [], problems: [], error };
  }
  const infos = exercise.tasks ?? [];
  if (infos.length === 0) return { ...head, score: 0, maxScore: 0, tasks: [], problems: [], error: 'the exercise has no task' };
  const maxScore = infos.reduce((s, t) => s + t.points, 0);
  const unrun = (problems: readonly GradeProblem[], reason: string): GradeResult => {
    const tasks = infos.map((t) => ({ title: t.title, ...(t.description ? { description: t.description } : {}), points: t.points, score: 0, passed: false, checks: [], reason }));
    return { ...head, score: 0, maxScore, tasks, problems };
  };
  const scored = (scenario: Scenario, problems: readonly GradeProblem[]): GradeResult => {
    const result = runScenario(scenario, engine);
    const tasks: TaskGrade[] = infos.map((t) => {
      const checks = (result.steps[t.step]?.checks ?? []).map((r, i) => gradeCheck(r, t.hidden[i] ?? false));
      const passed = checks.length > 0 && checks.every((c) => c.passed);
      return { title: t.title, ...(t.description ? { description: t.description } : {}), points: t.points, score: passed ? t.points : 0, passed, checks };
    });
    return { ...head, score: tasks.reduce((s, t) => s + t.score, 0), maxScore, tasks, problems };
  };
  const reader = input.learnerFile;
  if (!reader) return scored(exercise, []);

  const texts = new Map<string, string>();
  const unusable: GradeProblem[] = [];
  for (const name of exercise.learnerFiles ?? []) {
    const file = reader(name);
    if (file.kind === 'text') texts.set(name, file.text);
    else unusable.push({ file: name, ...(file.kind === 'not-utf8' ? { line: file.line, column: file.column } : {}), severity: 'error', message: submissionProblem(name, file) ?? name });
  }
  if (unusable.length > 0) return unrun(unusable, `not graded: ${unusable.map((p) => p.message).join('; ')}`);

  const learned = engine.parseAndCheck(exerciseText, input.exerciseFile, { ...access, learnerFile: (name: string) => texts.get(name) });
  // The exercise checks with the author's files, so every error now is the submission's doing.
  const problems = learned.diagnostics.filter((d) => d.severity === 'error' || texts.has(d.span.file)).map((d) => gradeProblem(d, input.exerciseFile, texts));
  const errors = problems.filter((p) => p.severity === 'error').length;
  if (!learned.scenario || errors > 0) return unrun(problems, `not graded: the submission does not check (${errors} ${errors === 1 ? 'error' : 'errors'} above)`);
  return scored(learned.scenario, problems);
}

function where(d: Diagnostic): string {
  return `${d.span.file}:${d.span.start.line}:${d.span.start.column}`;
}

/** The note check puts on a duplicate (`first declared at FILE:LINE:COL`, src/check/index.ts). */
const FIRST_DECLARED = /^first declared at (.+):(\d+):(\d+)$/;

/**
 * A diagnostic of the learner's check as a problem. An object declared both by the exercise and
 * in a learner's file is reported at the learner's declaration as a redefinition, whichever the
 * checker met first.
 */
function gradeProblem(d: Diagnostic, exerciseFile: string, learner: ReadonlyMap<string, string>): GradeProblem {
  const at = { file: d.span.file, line: d.span.start.line, column: d.span.start.column };
  const plain = { ...at, severity: d.severity, message: d.message };
  if (d.code !== DIAG.duplicate.code) return plain;
  const first = (d.notes ?? []).map((n) => FIRST_DECLARED.exec(n)).find((m) => m !== null);
  if (!first) return plain;
  const earlier = { file: first[1]!, line: Number(first[2]), column: Number(first[3]) };
  const pair = learner.has(at.file) && earlier.file === exerciseFile ? { mine: at, theirs: earlier } : learner.has(earlier.file) && at.file === exerciseFile ? { mine: earlier, theirs: at } : undefined;
  if (!pair) return plain;
  const object = d.message.replace(/ is declared twice$/, '');
  const message = `${pair.mine.file} redefines ${object}, which the exercise declares (${pair.theirs.file}:${pair.theirs.line}:${pair.theirs.column}); hand in only the objects the task asks for`;
  return { ...pair.mine, severity: d.severity, message };
}

/** A report a learner reads: score per task, and for each failed visible check what happened and why. */
export function formatGrade(g: GradeResult): string {
  const lines: string[] = [`${g.title}: ${g.score}/${g.maxScore}${g.variant ? ` (variant ${g.variant.seed})` : ''}`];
  if (g.error) lines.push(`  cannot grade: ${g.error}`);
  for (const p of g.problems) lines.push(`  ${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.severity}: ${p.message}`);
  for (const t of g.tasks) {
    lines.push(`${t.passed ? '✓' : '✗'} ${t.title} (${t.score}/${t.points})`);
    if (t.reason) lines.push(`    ${t.reason}`);
    const hiddenFailed = t.checks.filter((c) => !c.visible && !c.passed).length;
    for (const c of t.checks) {
      if (!c.visible || c.passed) continue;
      lines.push(`    ✗ ${c.text}`, `      ${c.message}`);
      for (const e of c.explanation ?? []) lines.push(`        ${e}`);
    }
    if (hiddenFailed > 0) lines.push(`    ✗ ${hiddenFailed} hidden check${hiddenFailed === 1 ? '' : 's'} failed`);
  }
  return `${lines.join('\n')}\n`;
}

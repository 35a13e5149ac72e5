/**
 * Grading an exercise: a scenario with `task` blocks, whose `load … learner "name"` files come
 * from the learner's submission. A task scores its points when every one of its checks passes,
 * nothing otherwise (deterministic: the same submission always gets the same score). Feedback
 * explains each failed visible check with its trace in words; a failed hidden check is counted,
 * never shown. A submission is untrusted: only the files the exercise names are read, through
 * the caller's bounded, confined reader.
 */
import { Code } from '../check/codes.js';
import type { ReadFile } from '../check/file-read.js';
import type { Scenario } from '../check/scenario.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { hasErrors } from '../diag/diagnostic.js';
import type { Flow } from '../net/types.js';
import type { Engine } from '../run/engine.js';
import { defaultEngine } from '../run/engine-default.js';
import type { CheckResult } from '../run/results.js';
import { runScenario } from '../run/run-scenario.js';

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
}

export interface GradeResult {
  readonly exercise: string;
  readonly title: string;
  readonly score: number;
  readonly maxScore: number;
  readonly tasks: readonly TaskGrade[];
  /** Problems in the learner's files (file:line:col and message). */
  readonly problems: readonly { readonly file: string; readonly line: number; readonly column: number; readonly severity: string; readonly message: string }[];
  /** Set when the exercise itself cannot be graded (an author's mistake, not the learner's). */
  readonly error?: string;
}

export interface GradeInput {
  /** The exercise's text, or its file's bytes (UTF-8, decoded strictly). */
  readonly exerciseText: string | Uint8Array;
  readonly exerciseFile: string;
  /**
   * The learner's file of this name, or undefined when the submission has none (bounded and
   * confined by the caller). Absent: the author's files are graded (the reference solution).
   */
  readonly learnerFile?: (name: string) => string | Uint8Array | undefined;
  /** The author's files the exercise loads (confined to the project by the caller). */
  readonly readFile?: ReadFile;
  readonly engine?: Engine;
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

export function gradeExercise(input: GradeInput): GradeResult {
  const engine = input.engine ?? defaultEngine;
  const asked = new Set<string>();
  const learnerFile = input.learnerFile;
  const decoded = typeof input.exerciseText === 'string' ? undefined : decodeUtf8(input.exerciseText, input.exerciseFile, Code.encoding);
  const notText = decoded?.diagnostics[0];
  if (notText) {
    const at = `${notText.span.file}:${notText.span.start.line}:${notText.span.start.column}`;
    return { exercise: input.exerciseFile, title: input.exerciseFile, score: 0, maxScore: 0, tasks: [], problems: [], error: `the exercise does not check: ${at}: ${notText.message} (expected UTF-8)` };
  }
  const checked = engine.parseAndCheck(decoded?.text ?? (input.exerciseText as string), input.exerciseFile, {
    ...(input.readFile ? { readFile: input.readFile } : {}),
    ...(learnerFile
      ? {
          learnerFile: (name: string) => {
            asked.add(name);
            return learnerFile(name);
          },
        }
      : {}),
  });
  const scenario: Scenario | undefined = checked.scenario;
  const learnerNames = asked;
  const fromLearner = (d: Diagnostic): boolean => learnerNames.has(d.span.file) || d.message.startsWith('the submission has no file');
  const problems = checked.diagnostics.filter(fromLearner).map((d) => ({ file: d.span.file, line: d.span.start.line, column: d.span.start.column, severity: d.severity, message: d.message }));
  const title = scenario?.title ?? input.exerciseFile;
  const authorErrors = checked.diagnostics.filter((d) => d.severity === 'error' && !fromLearner(d));
  if (authorErrors.length > 0) {
    return { exercise: input.exerciseFile, title, score: 0, maxScore: 0, tasks: [], problems, error: `the exercise does not check: ${authorErrors[0]!.message}` };
  }
  const tasksInfo = scenario?.tasks ?? [];
  const maxScore = tasksInfo.reduce((s, t) => s + t.points, 0);
  if (!scenario || hasErrors(checked.diagnostics)) {
    // The learner's files do not check: every task scores nothing, and the problems say why.
    const tasks = tasksInfo.map((t) => ({ title: t.title, ...(t.description ? { description: t.description } : {}), points: t.points, score: 0, passed: false, checks: [] }));
    return { exercise: input.exerciseFile, title, score: 0, maxScore, tasks, problems };
  }
  if (tasksInfo.length === 0) return { exercise: input.exerciseFile, title, score: 0, maxScore: 0, tasks: [], problems, error: 'the exercise has no task' };
  const result = runScenario(scenario, engine);
  const tasks: TaskGrade[] = tasksInfo.map((t) => {
    const step = result.steps[t.step];
    const checks = (step?.checks ?? []).map((r, i) => gradeCheck(r, t.hidden[i] ?? false));
    const passed = checks.length > 0 && checks.every((c) => c.passed);
    return { title: t.title, ...(t.description ? { description: t.description } : {}), points: t.points, score: passed ? t.points : 0, passed, checks };
  });
  return { exercise: input.exerciseFile, title, score: tasks.reduce((s, t) => s + t.score, 0), maxScore, tasks, problems };
}

/** A report a learner reads: score per task, and for each failed visible check what happened and why. */
export function formatGrade(g: GradeResult): string {
  const lines: string[] = [`${g.title}: ${g.score}/${g.maxScore}`];
  if (g.error) lines.push(`  cannot grade: ${g.error}`);
  for (const p of g.problems) lines.push(`  ${p.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
  for (const t of g.tasks) {
    lines.push(`${t.passed ? '✓' : '✗'} ${t.title} (${t.score}/${t.points})`);
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

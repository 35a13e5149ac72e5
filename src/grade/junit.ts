/**
 * A grade as JUnit XML, for CI classroom tools: one testsuite (the exercise), one testcase per
 * task, a <failure> for a task that scores nothing with what a learner may see: the reason it did
 * not run, the failed visible checks with what happened and the path in words, and how many
 * hidden checks failed (never which). The score is a property of the suite; problems of the submission go to <system-out>; an exercise
 * that cannot be graded is one testcase with an <error>.
 */
import { xmlEscape } from '../report/junit.js';
import type { GradeResult, TaskGrade } from './grade.js';

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

/** What the learner reads about a failed task (the pretty report's lines for it). */
function failureText(t: TaskGrade): string {
  const lines: string[] = [];
  if (t.reason) lines.push(t.reason);
  for (const c of t.checks) {
    if (!c.visible || c.passed) continue;
    lines.push(`✗ ${c.text}`, `  ${c.message}`, ...(c.explanation ?? []).map((e) => `    ${e}`));
  }
  const hidden = t.checks.filter((c) => !c.visible && !c.passed).length;
  if (hidden > 0) lines.push(`✗ ${hidden} hidden check${hidden === 1 ? '' : 's'} failed`);
  return lines.join('\n');
}

function taskCase(g: GradeResult, t: TaskGrade): string {
  const a = attrs({ name: `${t.title} (${t.score}/${t.points})`, classname: g.exercise, time: '0.000' });
  if (t.passed) return `    <testcase${a}/>`;
  const message = t.reason ?? `${t.checks.filter((c) => !c.passed).length} of ${t.checks.length} checks failed`;
  return `    <testcase${a}>\n      <failure${attrs({ message, type: 'TaskFailed' })}>${xmlEscape(failureText(t))}</failure>\n    </testcase>`;
}

export function formatGradeJunit(g: GradeResult): string {
  const cases = g.error !== undefined
    ? [`    <testcase${attrs({ name: 'exercise', classname: g.exercise, time: '0.000' })}>\n      <error${attrs({ message: g.error, type: 'ExerciseError' })}>${xmlEscape(g.error)}</error>\n    </testcase>`]
    : g.tasks.map((t) => taskCase(g, t));
  const failures = g.tasks.filter((t) => !t.passed).length;
  const errors = g.error !== undefined ? 1 : 0;
  const problems = g.problems.map((p) => `${p.file}${p.line !== undefined ? `:${p.line}:${p.column ?? 1}` : ''}: ${p.severity}: ${p.message}`);
  const out = problems.length > 0 ? `    <system-out>${xmlEscape(problems.join('\n'))}</system-out>\n` : '';
  const props = `    <properties>\n      <property${attrs({ name: 'score', value: g.score })}/>\n      <property${attrs({ name: 'maxScore', value: g.maxScore })}/>\n    </properties>\n`;
  const suite = `  <testsuite${attrs({ name: g.title, tests: cases.length, failures, errors, skipped: 0, time: '0.000' })}>\n${props}${cases.join('\n')}\n${out}  </testsuite>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attrs({ name: 'netscn grade', tests: cases.length, failures, errors })}>\n${suite}\n</testsuites>\n`;
}

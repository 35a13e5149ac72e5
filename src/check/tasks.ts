/**
 * The checks of the declared cluster, before any step: top-level assertions (a warning when one
 * follows a step, since it still checks the declared cluster) and graded tasks, each task a step
 * without changes right after the top level.
 */
import type { File } from '../syntax/ast.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, warn, where, type Ctx } from './context.js';
import { convertAssertion } from './assertions.js';
import type { View } from './resolve.js';
import type { Check, Step, TaskInfo } from './scenario.js';

/** The top-level assertions' checks, in file order. */
export function topLevelChecks(ctx: Ctx, view: View, ast: File): Check[] {
  const checks: Check[] = [];
  let firstStep: Extract<File['items'][number], { kind: 'Step' }> | undefined;
  for (const item of ast.items) {
    if (item.kind === 'Step') firstStep ??= item;
    else if (item.kind !== 'Cluster' && item.kind !== 'Task' && item.kind !== 'Param') {
      // A change assertion is reported as misplaced wherever it stands at the top level.
      if (firstStep && item.kind !== 'Change') {
        warn(ctx, DIAG.assertionBeforeStep, item.span, message(DIAG.assertionBeforeStep, {}), {
          label: 'top-level assertion after a step',
          notes: [`top-level assertions check the declared cluster; step '${firstStep.title.value}' starts at ${where(firstStep.span)}`],
          help: 'move it into the step whose state it should check',
        });
      }
      const c = convertAssertion(ctx, view, item);
      if (c) checks.push(c);
    }
  }
  return checks;
}

/** Each task as a step appended to `steps` (which it names by index), and the tasks' descriptions. */
export function taskSteps(ctx: Ctx, view: View, ast: File, steps: Step[]): TaskInfo[] {
  const tasks: TaskInfo[] = [];
  for (const item of ast.items) {
    if (item.kind !== 'Task') continue;
    const checks: Check[] = [];
    const hidden: boolean[] = [];
    let description: string | undefined;
    for (const t of item.body) {
      if (t.kind === 'TaskText') description = description === undefined ? t.text.value : `${description}\n${t.text.value}`;
      else {
        const c = convertAssertion(ctx, view, t.assertion);
        if (c) {
          checks.push(c);
          hidden.push(t.hidden);
        }
      }
    }
    if (checks.length === 0) error(ctx, DIAG.missingClause, item.span, `task '${item.title.value}' checks nothing`, { label: 'no assertion', help: 'add assertions (prefix `hidden` to keep one from the learner)' });
    if (item.points.value <= 0 || item.points.value > 1000) error(ctx, DIAG.taskPoints, item.points.span, message(DIAG.taskPoints, { points: item.points.value }));
    tasks.push({ title: item.title.value, points: item.points.value, ...(description !== undefined ? { description } : {}), step: steps.length, hidden, span: item.span });
    steps.push({ title: `task: ${item.title.value}`, span: item.span, changes: [], checks });
  }
  return tasks;
}

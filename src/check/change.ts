/**
 * Change assertions (`expect no new connections [from END] [to END]`) → ChangeChecks. A change
 * assertion compares the cluster a step starts from with the cluster the step leaves, so it is
 * valid in a step only (elsewhere it is reported, with where it belongs), and in a step that
 * changes nothing it proves nothing (a warning). An end names a namespace or a pod that exists
 * on either side of the step — one the step adds or removes is in scope too — or `internet`; an
 * unknown one is reported with the names near it.
 */
import { DIAG, message } from '../diag/catalogue.js';
import { assertNever } from '../spec/never.js';
import type { ChangeAssertion, ChangeEnd } from '../syntax/ast.js';
import { changePhrase } from '../syntax/keywords.js';
import { error, warn, type Ctx } from './context.js';
import { exists, requireObject, type View } from './resolve.js';
import type { ChangeCheck, ChangeScopeEnd } from './scenario.js';

/**
 * The check of a change assertion in a step: `before` is the cluster the step starts from,
 * `after` the one it leaves; `step` the step's title and whether it changes anything (a step
 * that does not makes the assertion vacuous: a warning).
 */
export function convertChange(ctx: Ctx, before: View, after: View, step: { readonly title: string; readonly changes: number }, a: ChangeAssertion): ChangeCheck | undefined {
  if (step.changes === 0) {
    warn(ctx, DIAG.changeWithoutChange, a.span, message(DIAG.changeWithoutChange, { step: step.title, expectation: changePhrase(a.expect.value) }), {
      label: 'compares the cluster with itself',
      help: 'move it into the step whose changes it should check, after them',
    });
  }
  const from = a.from ? scopeEnd(ctx, before, after, a.from) : undefined;
  const to = a.to ? scopeEnd(ctx, before, after, a.to) : undefined;
  if ((a.from && !from) || (a.to && !to)) return undefined;
  if (a.from?.kind === 'InternetRef' && a.to?.kind === 'InternetRef') {
    error(ctx, DIAG.clauseForTarget, a.to.span, 'no connection runs from the internet to the internet', {
      label: 'both ends outside the cluster',
      help: 'name a namespace or a pod on one side',
    });
    return undefined;
  }
  return { kind: 'change', text: a.text, span: a.span, expect: a.expect.value, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

function scopeEnd(ctx: Ctx, before: View, after: View, end: ChangeEnd): ChangeScopeEnd | undefined {
  switch (end.kind) {
    case 'NamespaceRef': {
      const name = end.name.value;
      const known = exists(before.spec, 'namespace', undefined, name) || requireObject(ctx, after, 'namespace', undefined, name, end.name.span);
      return known ? { kind: 'namespace', name } : undefined;
    }
    case 'PodRef': {
      const namespace = end.name.namespace ?? 'default';
      const name = end.name.name;
      const known = exists(before.spec, 'pod', namespace, name) || requireObject(ctx, after, 'pod', namespace, name, end.name.span);
      return known ? { kind: 'pod', namespace, name } : undefined;
    }
    case 'InternetRef':
      return { kind: 'internet' };
    default:
      return assertNever(end);
  }
}

/** A change assertion outside a step (top level, a task): reported; it has no change to compare. */
export function changeOutsideStep(ctx: Ctx, a: ChangeAssertion): undefined {
  error(ctx, DIAG.misplaced, a.span, `\`expect ${changePhrase(a.expect.value)}\` checks what a step changes and is only valid inside a \`step\``, {
    label: 'not in a step',
    help: 'move it into the `step "..." { }` block whose changes it should check (it compares that step\'s cluster with the one before it)',
  });
  return undefined;
}

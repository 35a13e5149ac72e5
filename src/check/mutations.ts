/**
 * A step's mutations (`remove`, `label`, `recreate`, `restart`, `ready`, `not-ready`,
 * `terminate`) → changes, each naming an object that exists in the cluster as the step finds it.
 */
import type { Change, ObjectKind } from '../spec/objects.js';
import type { Span } from '../spec/types.js';
import type { Mutation } from '../syntax/ast.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import { checkLabels } from './declarations/labels.js';
import { qualify } from './declarations/names.js';
import { requireObject, type View } from './resolve.js';
import { isNamespaced } from '../spec/kinds.js';
import { labelKeyProblem } from './values.js';
import { assertNever } from '../spec/never.js';

export function mutationChange(ctx: Ctx, view: View, m: Mutation): Change | undefined {
  switch (m.kind) {
    case 'Remove': {
      const kind: ObjectKind = m.objectKind;
      const target = nameOf(ctx, kind, m.name);
      if (!target || !requireObject(ctx, view, kind, target.namespace, target.name, m.name.span)) return undefined;
      return { kind: 'remove', objectKind: kind, ...(target.namespace !== undefined ? { namespace: target.namespace } : {}), name: target.name, span: m.span };
    }
    case 'Relabel':
      return relabel(ctx, view, m);
    case 'PodLifecycle': {
      const target = nameOf(ctx, 'pod', m.name);
      if (!target || !requireObject(ctx, view, 'pod', target.namespace, target.name, m.name.span)) return undefined;
      return { kind: 'pod-lifecycle', action: m.action, namespace: target.namespace ?? 'default', name: target.name, span: m.span };
    }
    default:
      return assertNever(m);
  }
}

/** `label KIND NAME k=v … unset k …`: valid labels and keys, at least one change. */
function relabel(ctx: Ctx, view: View, m: Extract<Mutation, { kind: 'Relabel' }>): Change | undefined {
  const target = nameOf(ctx, m.objectKind, m.name);
  const set = checkLabels(ctx, m.set);
  let ok = true;
  for (const u of m.unset) {
    const problem = labelKeyProblem(u.value);
    if (problem) {
      error(ctx, DIAG.invalidLabel, u.span, message(DIAG.invalidLabel, { key: u.value }), { label: problem });
      ok = false;
    }
  }
  if (m.set.length === 0 && m.unset.length === 0) {
    error(ctx, DIAG.missingClause, m.span, '`label` changes nothing', { label: 'no labels given', help: `write e.g. \`label ${m.objectKind} ${m.name.name} app=web unset tier\`` });
    ok = false;
  }
  if (!target || !requireObject(ctx, view, m.objectKind, target.namespace, target.name, m.name.span) || !ok) return undefined;
  return { kind: 'relabel', objectKind: m.objectKind, ...(target.namespace !== undefined ? { namespace: target.namespace } : {}), name: target.name, set, unset: m.unset.map((u) => u.value), span: m.span };
}

/** The namespace (namespaced kinds only; default `default`) and name a mutation names. */
function nameOf(ctx: Ctx, kind: ObjectKind, q: { namespace?: string; name: string; span: Span }): { namespace?: string; name: string } | undefined {
  if (isNamespaced(kind)) return qualify(ctx, { kind: 'QName', ...q }, undefined, kind);
  if (q.namespace !== undefined) {
    error(ctx, DIAG.conflictingNamespace, q.span, `a ${kind} has no namespace`, { label: `\`${q.namespace}/\` is not valid here`, help: `write \`${q.name}\`` });
    return undefined;
  }
  return { name: q.name };
}

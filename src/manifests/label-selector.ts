/**
 * metav1.LabelSelector reading (matchLabels + matchExpressions) with the API's validation:
 * In/NotIn need at least one value, Exists/DoesNotExist take none.
 */
import type { LabelSelector, LabelSelectorRequirement } from '../spec/types.js';
import { DIAG } from '../diag/catalogue.js';
import { asEnum, asMap, asSeq, asString, asStringList, asStringMap, child, field, report } from './read.js';
import type { Reader } from './read.js';
import type { LNode } from './yaml-tree.js';

const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

/** undefined when `n` is absent (callers decide what absence means) or not a mapping. */
export function readLabelSelector(r: Reader, n: LNode | undefined, path: string): LabelSelector | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const matchLabels = asStringMap(r, field(m, 'matchLabels'), child(path, 'matchLabels'));
  const matchExpressions: LabelSelectorRequirement[] = [];
  const ep = child(path, 'matchExpressions');
  asSeq(r, field(m, 'matchExpressions'), ep).forEach((e, i) => {
    const p = child(ep, i);
    const em = asMap(r, e, p);
    if (!em) return;
    const key = asString(r, field(em, 'key'), child(p, 'key'));
    const opNode = field(em, 'operator');
    const operator = asEnum(r, opNode, child(p, 'operator'), OPERATORS);
    const values = asStringList(r, field(em, 'values'), child(p, 'values'));
    if (key === undefined) {
      if (field(em, 'key') === undefined) report(r, DIAG.missingField, 'error', `${child(p, 'key')}: required field is missing (expected a label key)`, em.span);
      return;
    }
    if (operator === undefined) {
      if (opNode === undefined) report(r, DIAG.missingField, 'error', `${child(p, 'operator')}: required field is missing (expected one of ${OPERATORS.join(', ')})`, em.span);
      return;
    }
    const needsValues = operator === 'In' || operator === 'NotIn';
    if (needsValues && values.length === 0) {
      report(r, DIAG.conflict, 'error', `${child(p, 'values')}: operator ${operator} needs at least one value`, em.span);
      return;
    }
    if (!needsValues && values.length > 0) {
      report(r, DIAG.conflict, 'error', `${child(p, 'values')}: operator ${operator} takes no values`, field(em, 'values')!.span);
      return;
    }
    matchExpressions.push({ key, operator, values });
  });
  return { matchLabels, matchExpressions };
}

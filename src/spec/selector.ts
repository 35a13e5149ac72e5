/** Kubernetes label-selector semantics (apimachinery labels.Selector). */
import type { LabelSelector, Labels } from './types.js';

export const EVERYTHING: LabelSelector = { matchLabels: {}, matchExpressions: [] };

/** True iff `labels` satisfy every matchLabels pair and every matchExpressions requirement. */
export function matchesSelector(sel: LabelSelector, labels: Labels): boolean {
  for (const [k, v] of Object.entries(sel.matchLabels)) if (labels[k] !== v) return false;
  for (const req of sel.matchExpressions) {
    const has = Object.prototype.hasOwnProperty.call(labels, req.key);
    const value = labels[req.key];
    switch (req.operator) {
      case 'In':
        if (!has || !req.values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (has && req.values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** A selector from a plain map (Service selectors). */
export function selectorFromLabels(labels: Labels): LabelSelector {
  return { matchLabels: labels, matchExpressions: [] };
}

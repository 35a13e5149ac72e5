/**
 * Calico selector semantics: whether a selector matches a set of labels
 * (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#selectors).
 * - `k != 'v'` and `k not in {…}` match when k is absent; `==`, `in`, `contains`, `starts with`
 *   and `ends with` need k present;
 * - `global()` matches only non-namespaced resources: `scope` says which the labels belong to;
 * - a rule's `namespaceSelector` takes in a non-namespaced resource only through `global()`:
 *   Calico rewrites its `all()` to `has(projectcalico.org/namespace)`, every namespace and no
 *   non-namespaced resource (libcalico-go, updateprocessors/rules.go: "We treat all() as select
 *   all namespaces"; `namespaceSelectorTakesGlobal`);
 * - Calico adds to a pod's labels `projectcalico.org/namespace: <its namespace>` and
 *   `projectcalico.org/orchestrator: k8s`, and to a namespace's labels `projectcalico.org/name:
 *   <name>` (calicoPodLabels, calicoNamespaceLabels).
 */
import type { CalicoSelector } from './calico.js';
import type { Labels } from './types.js';
import { assertNever } from './never.js';

/** What labels belong to: a namespaced resource (a pod, a namespace) or a non-namespaced one. */
export type SelectorScope = 'namespaced' | 'global';

export function matchesCalicoSelector(sel: CalicoSelector, labels: Labels, scope: SelectorScope = 'namespaced'): boolean {
  const value = (key: string): string | undefined => (Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined);
  switch (sel.kind) {
    case 'all':
      return true;
    case 'global':
      return scope === 'global';
    case 'has':
      return value(sel.key) !== undefined;
    case 'eq':
      return value(sel.key) === sel.value;
    case 'ne':
      return value(sel.key) !== sel.value;
    case 'in': {
      const v = value(sel.key);
      return v !== undefined && sel.values.includes(v);
    }
    case 'not-in': {
      const v = value(sel.key);
      return v === undefined || !sel.values.includes(v);
    }
    case 'contains':
      return value(sel.key)?.includes(sel.value) ?? false;
    case 'starts-with':
      return value(sel.key)?.startsWith(sel.value) ?? false;
    case 'ends-with':
      return value(sel.key)?.endsWith(sel.value) ?? false;
    case 'not':
      return !matchesCalicoSelector(sel.operand, labels, scope);
    case 'and':
      return matchesCalicoSelector(sel.left, labels, scope) && matchesCalicoSelector(sel.right, labels, scope);
    case 'or':
      return matchesCalicoSelector(sel.left, labels, scope) || matchesCalicoSelector(sel.right, labels, scope);
    default:
      return assertNever(sel);
  }
}

/** Whether a rule's namespaceSelector takes in the non-namespaced resources (host endpoints, GlobalNetworkSets): see the header. */
export function namespaceSelectorTakesGlobal(sel: CalicoSelector): boolean {
  return matchesCalicoSelector(allAsNamespaced(sel), {}, 'global');
}

/** The selector with every `all()` read as `has(projectcalico.org/namespace)`. */
function allAsNamespaced(sel: CalicoSelector): CalicoSelector {
  switch (sel.kind) {
    case 'all':
      return { kind: 'has', key: 'projectcalico.org/namespace' };
    case 'not':
      return { kind: 'not', operand: allAsNamespaced(sel.operand) };
    case 'and':
    case 'or':
      return { kind: sel.kind, left: allAsNamespaced(sel.left), right: allAsNamespaced(sel.right) };
    case 'global':
    case 'has':
    case 'eq':
    case 'ne':
    case 'in':
    case 'not-in':
    case 'contains':
    case 'starts-with':
    case 'ends-with':
      return sel;
    default:
      return assertNever(sel);
  }
}

/** A pod's labels as Calico selectors see them (the workload endpoint's labels). */
export function calicoPodLabels(namespace: string, labels: Labels): Labels {
  return { ...labels, 'projectcalico.org/namespace': namespace, 'projectcalico.org/orchestrator': 'k8s' };
}

/** A namespace's labels as Calico namespaceSelectors see them (`labels` as the model gives them). */
export function calicoNamespaceLabels(namespace: string, labels: Labels): Labels {
  return { ...labels, 'projectcalico.org/name': namespace };
}

/** A selector as Calico writes it (for traces and messages). */
export function showCalicoSelector(sel: CalicoSelector): string {
  const q = (s: string): string => `'${s}'`;
  const set = (vs: readonly string[]): string => `{${vs.map(q).join(', ')}}`;
  const group = (s: CalicoSelector): string => (s.kind === 'and' || s.kind === 'or' ? `(${showCalicoSelector(s)})` : showCalicoSelector(s));
  switch (sel.kind) {
    case 'all':
      return 'all()';
    case 'global':
      return 'global()';
    case 'has':
      return `has(${sel.key})`;
    case 'eq':
      return `${sel.key} == ${q(sel.value)}`;
    case 'ne':
      return `${sel.key} != ${q(sel.value)}`;
    case 'in':
      return `${sel.key} in ${set(sel.values)}`;
    case 'not-in':
      return `${sel.key} not in ${set(sel.values)}`;
    case 'contains':
      return `${sel.key} contains ${q(sel.value)}`;
    case 'starts-with':
      return `${sel.key} starts with ${q(sel.value)}`;
    case 'ends-with':
      return `${sel.key} ends with ${q(sel.value)}`;
    case 'not':
      return `!${group(sel.operand)}`;
    case 'and':
      return `${sel.left.kind === 'or' ? group(sel.left) : showCalicoSelector(sel.left)} && ${sel.right.kind === 'or' ? group(sel.right) : showCalicoSelector(sel.right)}`;
    case 'or':
      return `${showCalicoSelector(sel.left)} || ${showCalicoSelector(sel.right)}`;
    default:
      return assertNever(sel);
  }
}

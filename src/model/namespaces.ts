/**
 * Namespaces as the API server has them: every declared one, plus default and kube-system, plus
 * any namespace an object refers to. Each carries the immutable kubernetes.io/metadata.name label.
 */
import type { ClusterSpec, NamespaceSpec } from '../spec/types.js';

export const METADATA_NAME_LABEL = 'kubernetes.io/metadata.name';

export function deriveNamespaces(spec: ClusterSpec, extra: readonly string[]): Map<string, NamespaceSpec> {
  const out = new Map<string, NamespaceSpec>();
  const add = (name: string, ns?: NamespaceSpec): void => {
    if (out.has(name)) return;
    const labels = { ...(ns?.labels ?? {}), [METADATA_NAME_LABEL]: name };
    out.set(name, ns?.span ? { name, labels, span: ns.span } : { name, labels });
  };
  for (const ns of spec.namespaces) add(ns.name, ns);
  add('default');
  add('kube-system');
  for (const p of spec.pods) add(p.namespace);
  for (const s of spec.services) add(s.namespace);
  for (const e of spec.endpointSlices) add(e.namespace);
  for (const n of spec.networkPolicies) add(n.namespace);
  for (const name of extra) add(name);
  return out;
}

/**
 * Multus network selection: the secondary networks a pod attaches to, from its
 * `k8s.v1.cni.cncf.io/networks` annotation (the Network Plumbing Working Group's
 * multi-network specification, https://github.com/k8snetworkplumbingwg/multi-net-spec): either a
 * comma-separated list of `name`, `namespace/name` or `name@interface`, or a JSON list of
 * objects with `name` and optionally `namespace` (and `interface`, `ips`, … not read here). A
 * name without a namespace is a NetworkAttachmentDefinition of the pod's own namespace. Each
 * selection comes out as `namespace/name`, in order, once.
 */
import { DIAG } from '../../diag/catalogue.js';
import { child, field, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LNode } from '../yaml-tree.js';

export const NETWORKS_ANNOTATION = 'k8s.v1.cni.cncf.io/networks';

/**
 * The selections of the annotation of `metadata` (at `path`), for a pod of `namespace`. A
 * metadata or annotation value of the wrong type is left to the metadata reader to report.
 */
export function readNetworkSelections(r: Reader, metadata: LNode | undefined, path: string, namespace: string): string[] {
  const annotations = metadata?.kind === 'map' ? field(metadata, 'annotations') : undefined;
  const node = annotations?.kind === 'map' ? field(annotations, NETWORKS_ANNOTATION) : undefined;
  const at = child(child(path, 'annotations'), NETWORKS_ANNOTATION);
  const text = node?.kind === 'scalar' && typeof node.value === 'string' ? node.value.trim() : undefined;
  if (node === undefined || text === undefined || text === '') return [];
  const out: string[] = [];
  const add = (name: string, ns: string | undefined): void => {
    const key = `${ns ?? namespace}/${name}`;
    if (!out.includes(key)) out.push(key);
  };
  if (text.startsWith('[') || text.startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      report(r, DIAG.invalidValue, 'error', `${at}: not valid JSON`, node.span, { expected: 'a JSON list of {"name": …, "namespace": …} or a comma-separated list of names' });
      return [];
    }
    const items = Array.isArray(parsed) ? parsed : [parsed];
    for (const item of items) {
      const o = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : undefined;
      if (typeof o?.['name'] !== 'string' || o['name'] === '') {
        report(r, DIAG.invalidValue, 'error', `${at}: each network selection needs a "name"`, node.span, { expected: '{"name": "<NetworkAttachmentDefinition>"}' });
        continue;
      }
      add(o['name'], typeof o['namespace'] === 'string' && o['namespace'] !== '' ? o['namespace'] : undefined);
    }
    return out;
  }
  for (const part of text.split(',')) {
    const selection = part.trim().split('@')[0]!;
    if (selection === '') continue;
    const slash = selection.indexOf('/');
    if (slash < 0) add(selection, undefined);
    else add(selection.slice(slash + 1), selection.slice(0, slash));
  }
  return out;
}

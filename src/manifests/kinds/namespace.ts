/** v1 Namespace → NamespaceSpec. */
import type { NamespaceSpec } from '../../spec/types.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import type { Reader } from '../read.js';

export function namespaceFromManifest(r: Reader, obj: RawObject): NamespaceSpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'label', namespaced: false });
  if (!meta) return undefined;
  return { name: meta.name, labels: meta.labels, span: meta.span };
}

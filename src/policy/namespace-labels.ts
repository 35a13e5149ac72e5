/** The labels a namespaceSelector sees on a namespace (reference §6.3). */
import type { Labels } from '../spec/types.js';

export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/**
 * A namespace's labels with the immutable `kubernetes.io/metadata.name=<name>` label the API
 * server sets; a label already present is kept, never duplicated or overridden.
 */
export function namespaceLabelsOf(name: string, labels: Labels | undefined): Labels {
  if (labels !== undefined && Object.prototype.hasOwnProperty.call(labels, NAMESPACE_NAME_LABEL)) return labels;
  return { ...labels, [NAMESPACE_NAME_LABEL]: name };
}

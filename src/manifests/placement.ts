/**
 * Placement of unscheduled pods (node '') for the checker: manifests rarely name a node.
 * Pure and deterministic: unplaced pods take the given nodes round-robin, in declaration order;
 * pods that already have a node keep it. With no node names, pods are returned unchanged.
 */
import type { PodSpec } from '../spec/types.js';

export function placePods(pods: readonly PodSpec[], nodeNames: readonly string[]): PodSpec[] {
  if (nodeNames.length === 0) return [...pods];
  let next = 0;
  return pods.map((p) => {
    if (p.node !== '') return p;
    const node = nodeNames[next++ % nodeNames.length] as string;
    return { ...p, node };
  });
}

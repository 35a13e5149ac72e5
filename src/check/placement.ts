/**
 * Pods loaded from manifests without spec.nodeName go to the declared nodes round-robin, in
 * declaration order (deterministic); with no node declared that is an error at each such pod.
 */
import type { NodeSpec, PodSpec } from '../spec/types.js';
import { placePods } from '../manifests/placement.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';

export function placeUnscheduled(ctx: Ctx, pods: readonly PodSpec[], nodes: readonly NodeSpec[]): PodSpec[] {
  if (nodes.length === 0) {
    for (const p of pods)
      if (p.node === '' && p.span)
        error(ctx, DIAG.noNodes, p.span, message(DIAG.noNodes, { pod: `${p.namespace}/${p.name}` }), {
          label: 'no spec.nodeName, and the cluster declares no node',
          help: 'declare at least one node in the cluster block, e.g. `node n1 ip 10.0.0.1`',
        });
    return [...pods];
  }
  return placePods(pods, nodes.map((n) => n.name));
}

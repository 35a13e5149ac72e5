/** The real pipeline behind the Engine interface. */
import { parseAndCheck } from '../check/index.js';
import { buildState, type ClusterState } from '../model/index.js';
import { probe, request, resolve } from '../net/index.js';
import { applyChange } from '../spec/apply.js';
import type { Engine } from './engine.js';
import { expectedAddresses } from './expected-addresses.js';
import { withPodConditions } from '../model/incremental.js';
import type { Change } from '../spec/objects.js';
import type { ClusterSpec } from '../spec/types.js';

/** Pod condition changes (ready, not-ready, terminate, restart) go the incremental way. */
function updateState(previous: ClusterState, spec: ClusterSpec, changes: readonly Change[]): ClusterState | undefined {
  let state: ClusterState | undefined = previous;
  for (const c of changes) {
    if (!state || c.kind !== 'pod-lifecycle' || c.action === 'recreate') return undefined;
    const pod = spec.pods.find((p) => p.namespace === c.namespace && p.name === c.name);
    if (!pod) return undefined;
    state = withPodConditions(state, spec, `${c.namespace}/${c.name}`, { ready: pod.ready, terminating: pod.terminating });
  }
  return state;
}

export const defaultEngine: Engine = {
  parseAndCheck,
  applyChange,
  buildState,
  updateState: (previous, spec, changes) => updateState(previous as ClusterState, spec, changes),
  probe,
  resolve,
  request,
  // AAAA: the addresses of the dual-stack IPv6 plane (none on a single-stack cluster).
  addressesOf: (state, target, type) => {
    const s = state as ClusterState;
    if (type !== 'AAAA') return expectedAddresses(s, target);
    const all = expectedAddresses(s, target);
    return all === undefined ? undefined : s.ipv6 ? expectedAddresses(s.ipv6, target) : [];
  },
};

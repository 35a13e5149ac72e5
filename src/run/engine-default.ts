/** The real pipeline behind the Engine interface. */
import { parseAndCheck } from '../check/index.js';
import { buildState, type ClusterState } from '../model/index.js';
import { probe, request, resolve } from '../net/index.js';
import { applyChange } from '../spec/apply.js';
import type { Engine } from './engine.js';
import { expectedAddresses } from './expected-addresses.js';

export const defaultEngine: Engine = {
  parseAndCheck,
  applyChange,
  buildState,
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

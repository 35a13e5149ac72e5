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
  addressesOf: (state, target) => expectedAddresses(state as ClusterState, target),
};

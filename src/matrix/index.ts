/** The fast reachability matrix (NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy); agrees with `evaluatePolicies` on every pod pair. */
export { applyChange, buildMatrix, cellRow, externalEgressAllowed, externalIngressCells, forEachSourceGroup, podCell, type SourceGroup } from './engine.js';
export { pairsWhere, type PairsQuery } from './pairs.js';
export type { BitMatrix, MatrixChange, MatrixInput, MatrixPod, PodPair, PortClass, PortQuery, ReachMatrix } from './types.js';

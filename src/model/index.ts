/** The cluster model: spec → derived state. */
export { buildState } from './build-state.js';
export type {
  AddressOwner,
  ClusterState,
  EndpointSliceState,
  EndpointState,
  NodeState,
  PodState,
  ServiceEndpoint,
  ServicePortState,
  ServiceState,
} from './state.js';
export { objectKey, nodePortKey, hostPortKey, ownersOf } from './state.js';
export { recordsFor, serviceFqdn, type DnsRecords, type SrvRecord } from './dns-records.js';
export { LOAD_BALANCER_POOL } from './load-balancer-ips.js';

/**
 * How a stage hands the packet on to the stages after it. The packet's path is recursive — a
 * load balancer forwards into a node, whose rules may send it to another load balancer; a
 * health check is a packet through a node's rules — so the stages that hand packets back to
 * routing (the cloud load balancer, its health checks) receive these entry points from routing
 * instead of importing it: the modules form no import cycle.
 */
import type { NodeState, ClusterState, ServiceState } from '../model/state.js';
import type { Arrival } from './kube-proxy.js';
import type { Flow } from './types.js';
import type { Walk } from './walk.js';

export interface Onward {
  /** The packet in a node's rules (kube-proxy, then hostPort DNAT), then routed on (routing.ts). */
  readonly atNode: (state: ClusterState, node: NodeState, w: Walk, arrival: Arrival) => Flow[];
  /**
   * The packet arriving at a node from outside the cluster on `nodeSidePort`: the node's security
   * groups (a load balancer's, for `viaLoadBalancerOf`), then its rules (routing.ts).
   */
  readonly enterNode: (state: ClusterState, node: NodeState, w: Walk, nodeSidePort: number, viaLoadBalancerOf?: ServiceState) => Flow[];
}

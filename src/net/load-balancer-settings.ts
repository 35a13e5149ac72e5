/**
 * How traces name a Service's cloud load balancer and the annotation (or profile default) behind
 * each of its settings.
 */
import type { LbSettings } from '../cloud/profile.js';
import type { ServiceState } from '../model/state.js';

export function productOf(svc: ServiceState): string {
  return svc.lb?.settings.product ?? 'load balancer';
}

/** What set an LB setting, for traces: the annotation, or the profile's default. */
export function decidedBy(svc: ServiceState, k: keyof LbSettings): string {
  const lb = svc.lb;
  return lb ? (lb.decidedBy[k] ?? `the ${lb.profile} default`) : 'default';
}

/**
 * Istio Sidecar (networking.istio.io/v1, v1beta1, v1alpha3) as data: the outbound half of a
 * workload's proxy configuration, as the manifest reader produces it and the mesh evaluator
 * (src/mesh/egress-scope.ts, semantics with citations) reads it. Only what changes reachability
 * is kept: which hosts the workload's proxy knows (egress listeners' `hosts`) and what it does
 * with traffic to anything else (`outboundTrafficPolicy`). Ingress listeners are not read.
 */
import type { Labels, Span } from './types.js';

/** What a proxy does with outbound traffic to a destination it does not know. */
export type OutboundTrafficPolicy =
  /** Passed through to the requested destination (PassthroughCluster). */
  | 'ALLOW_ANY'
  /** Dropped (BlackHoleCluster): only hosts of the service registry the proxy imports are reached. */
  | 'REGISTRY_ONLY';

/** One `egress` listener. */
export interface SidecarEgressListener {
  /** `port.number`; undefined: every port. */
  readonly port?: number;
  /** `namespace/dnsName` imports, as written (`./x`, `*\/x`, `~/x`, `ns/*`). */
  readonly hosts: readonly string[];
}

export interface SidecarSpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.workloadSelector.labels; undefined: namespace-wide (the mesh default in the root namespace). */
  readonly workloadSelector?: Labels;
  /** spec.egress; empty: the proxy imports every host (`*\/*`), as without a Sidecar. */
  readonly egress: readonly SidecarEgressListener[];
  /** spec.outboundTrafficPolicy.mode; undefined: inherited (namespace-wide, then mesh default Sidecar, then meshConfig). */
  readonly outboundTrafficPolicy?: OutboundTrafficPolicy;
  readonly span?: Span;
}

/**
 * Kubernetes feature gates that change the data path, as named settings (`set feature-gate NAME
 * true|false`) with the defaults of the release the model follows (1.35; sources: the KEPs named
 * below). A scenario states a gate to model an older or differently configured cluster, and the
 * trace names the gate when it decided.
 */

export const FEATURE_GATES = {
  /** KEP-4444: spec.trafficDistribution is honoured (beta 1.31, GA 1.33). */
  ServiceTrafficDistribution: { default: true, doc: 'spec.trafficDistribution is honoured (KEP-4444: GA in 1.33)' },
  /** KEP-3015: trafficDistribution PreferSameZone and PreferSameNode (alpha 1.33, beta 1.34, GA 1.35). */
  PreferSameTrafficDistribution: { default: true, doc: 'trafficDistribution PreferSameZone and PreferSameNode (KEP-3015: alpha 1.33, beta 1.34, GA 1.35)' },
  /** KEP-2433: hints from the service.kubernetes.io/topology-mode Auto annotation (beta, on by default since 1.24). */
  TopologyAwareHints: { default: true, doc: 'topology hints from the topology-mode Auto annotation (KEP-2433: on by default since 1.24)' },
} as const;

export type FeatureGate = keyof typeof FEATURE_GATES;

export const DEFAULT_FEATURE_GATES: Readonly<Record<FeatureGate, boolean>> = Object.fromEntries(
  Object.entries(FEATURE_GATES).map(([k, v]) => [k, v.default]),
) as Record<FeatureGate, boolean>;

export function isFeatureGate(name: string): name is FeatureGate {
  return Object.prototype.hasOwnProperty.call(FEATURE_GATES, name);
}

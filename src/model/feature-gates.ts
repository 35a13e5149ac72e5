/** Feature gates applied to a Service's topology settings (the gates: spec/feature-gates.ts). */
import type { ServiceSpec, Settings } from '../spec/types.js';

/**
 * What the EndpointSlice controller and kube-proxy take of a Service's topology settings under
 * the gates, and why a setting is ignored (for the trace), when one is.
 */
export function gatedTopology(s: Pick<ServiceSpec, 'trafficDistribution'>, topologyModeAuto: boolean, settings: Settings): { trafficDistribution?: string; topologyModeAuto: boolean; ignored?: string } {
  const gates = settings.featureGates;
  const td = s.trafficDistribution;
  let ignored: string | undefined;
  let kept = td;
  if (td !== undefined && !gates.ServiceTrafficDistribution) {
    kept = undefined;
    ignored = `trafficDistribution ${td} is ignored (feature gate ServiceTrafficDistribution off)`;
  } else if ((td === 'PreferSameZone' || td === 'PreferSameNode') && !gates.PreferSameTrafficDistribution) {
    kept = undefined;
    ignored = `trafficDistribution ${td} is ignored (feature gate PreferSameTrafficDistribution off)`;
  }
  const auto = topologyModeAuto && gates.TopologyAwareHints;
  if (topologyModeAuto && !auto) ignored = `${ignored ? `${ignored}; ` : ''}the topology-mode Auto annotation is ignored (feature gate TopologyAwareHints off)`;
  return { ...(kept !== undefined ? { trafficDistribution: kept } : {}), topologyModeAuto: auto, ...(ignored ? { ignored } : {}) };
}

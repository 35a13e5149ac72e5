import type { ClusterState } from '../../src/net/index.js';
import { probe } from '../../src/net/index.js';
import type { Flow, Probe, ProbeSource, ProbeTarget } from '../../src/net/types.js';

export const fromPod = (name: string, namespace = 'default'): ProbeSource => ({ kind: 'pod', namespace, name });
export const toSvc = (name: string, extra: Partial<Extract<ProbeTarget, { kind: 'service' }>> = {}, namespace = 'default'): ProbeTarget => ({
  kind: 'service',
  namespace,
  name,
  ...extra,
});

export function flows(state: ClusterState, source: ProbeSource, target: ProbeTarget, more: Partial<Probe> = {}): readonly Flow[] {
  return probe(state, { source, target, ...more }).flows;
}

export const outcomes = (fs: readonly Flow[]): string[] => fs.map((f) => (f.cause ? `${f.outcome}:${f.cause}` : f.outcome));
export const backends = (fs: readonly Flow[]): string[] => fs.map((f) => f.backend?.pod?.name ?? f.backend?.node ?? f.backend?.host ?? f.backend?.ip ?? '-').sort();

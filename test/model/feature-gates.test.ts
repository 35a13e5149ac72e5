/** Feature gates over a Service's topology settings (KEP-4444, KEP-3015, KEP-2433). */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { gatedTopology } from '../../src/model/feature-gates.js';
import { DEFAULT_SETTINGS } from '../../src/spec/types.js';

const gates = (over: Partial<typeof DEFAULT_SETTINGS.featureGates>) => ({ ...DEFAULT_SETTINGS, featureGates: { ...DEFAULT_SETTINGS.featureGates, ...over } });

describe('feature gates', () => {
  it('default to the followed release (1.35): every topology setting honoured', () => {
    expect(gatedTopology({ trafficDistribution: 'PreferSameNode' }, true, DEFAULT_SETTINGS)).toEqual({ trafficDistribution: 'PreferSameNode', topologyModeAuto: true });
  });
  it('switch off what they gate, and say so', () => {
    expect(gatedTopology({ trafficDistribution: 'PreferSameNode' }, false, gates({ PreferSameTrafficDistribution: false }))).toEqual({
      topologyModeAuto: false,
      ignored: 'trafficDistribution PreferSameNode is ignored (feature gate PreferSameTrafficDistribution off)',
    });
    // PreferClose predates KEP-3015: only ServiceTrafficDistribution gates it.
    expect(gatedTopology({ trafficDistribution: 'PreferClose' }, false, gates({ PreferSameTrafficDistribution: false }))).toEqual({ trafficDistribution: 'PreferClose', topologyModeAuto: false });
    expect(gatedTopology({ trafficDistribution: 'PreferClose' }, false, gates({ ServiceTrafficDistribution: false })).ignored).toContain('ServiceTrafficDistribution off');
    expect(gatedTopology({}, true, gates({ TopologyAwareHints: false })).topologyModeAuto).toBe(false);
  });
  it('are set one per line, and an unknown gate gets did-you-mean', () => {
    const ok = parseAndCheck('cluster c {\n  set feature-gate TopologyAwareHints false\n  set feature-gate PreferSameTrafficDistribution false\n}\n', 'f.netscn');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.scenario?.cluster.settings.featureGates).toEqual({ ServiceTrafficDistribution: true, PreferSameTrafficDistribution: false, TopologyAwareHints: false });
    const twice = parseAndCheck('cluster c {\n  set feature-gate TopologyAwareHints false\n  set feature-gate TopologyAwareHints true\n}\n', 'f.netscn');
    expect(twice.diagnostics.map((d) => d.message)).toEqual(['`set feature-gate TopologyAwareHints` is set twice']);
    const typo = parseAndCheck('cluster c {\n  set feature-gate TopologyAwareHint false\n}\n', 'f.netscn');
    expect(typo.diagnostics.map((d) => [d.message, d.help])).toEqual([['unknown feature gate `TopologyAwareHint`', 'did you mean `TopologyAwareHints`?']]);
  });
});

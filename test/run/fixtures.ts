/** Hand-built scenarios, flows and a fake engine for runner, reporter, CLI and plugin tests. */
import type { Check, ReachCheck, Scenario, Step } from '../../src/check/scenario.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import type { DnsResult, Flow, Probe, ProbeResult } from '../../src/net/types.js';
import type { Engine, EngineState } from '../../src/run/engine.js';
import type { ClusterSpec, Span } from '../../src/spec/types.js';
import { cluster } from '../helpers/spec.js';

export function span(line: number, column = 1, length = 10, file = 'demo.netscn'): Span {
  return { file, start: { offset: 0, line, column }, end: { offset: length, line, column: column + length } };
}

export const CLUSTER: ClusterSpec = cluster({ name: 'lab' });

export function allowTo(pod: string, opts: { sourceSeen?: string; branch?: string } = {}): Flow {
  const seen = opts.sourceSeen ?? '10.244.0.3';
  return {
    hops: [
      { stage: 'kube-proxy', at: 'n1', text: `DNAT to endpoint default/${pod}`, nat: [{ kind: 'DNAT', from: '10.96.0.10:80', to: '10.244.1.5:8080' }], rule: 'KUBE-SVC-ABC (iptables)', packet: { src: '10.244.0.3', dst: '10.244.1.5', dstPort: 8080, protocol: 'TCP' } },
      { stage: 'delivery', at: 'n2', text: `delivered to default/${pod}` },
    ],
    outcome: 'allow',
    cause: 'policy',
    backend: { pod: { namespace: 'default', name: pod }, node: 'n2', ip: '10.244.1.5', port: 8080 },
    sourceSeen: seen,
    sourceIp: '10.244.0.3',
    masqueraded: seen !== '10.244.0.3',
    ...(opts.branch ? { branch: opts.branch } : {}),
  };
}

export function dropped(outcome: Flow['outcome'], cause?: Flow['cause'], branch?: string): Flow {
  return {
    hops: [{ stage: 'security-group', at: 'n2', text: 'no ingress rule matches tcp/30080', rule: 'security group workers', setting: 'sg default deny' }],
    outcome,
    ...(cause ? { cause } : {}),
    sourceIp: '203.0.113.10',
    masqueraded: false,
    ...(branch ? { branch } : {}),
  };
}

export function reach(text: string, line: number, expect: Partial<ReachCheck['expect']> & Pick<ReachCheck['expect'], 'outcome'>, target = 'web'): ReachCheck {
  return {
    kind: 'reach',
    text,
    span: span(line, 1, text.length),
    probe: { source: { kind: 'pod', namespace: 'default', name: 'client' }, target: { kind: 'service', namespace: 'default', name: target } },
    expect: { outcomeSpan: span(line), ...expect },
  };
}

export function scenario(steps: readonly Step[], title = 'Demo scenario', file = 'demo.netscn'): Scenario {
  return { file, title, cluster: CLUSTER, steps };
}

export function step(checks: readonly Check[], title?: string, line = 1): Step {
  return { ...(title !== undefined ? { title, span: span(line) } : {}), changes: [], checks };
}

interface FakeState extends EngineState {
  readonly spec: ClusterSpec;
}

/** An engine answering probes from a table keyed by target name; records calls in `log`. */
export function fakeEngine(opts: {
  readonly flows?: (probe: Probe, spec: ClusterSpec) => readonly Flow[];
  readonly dns?: (name: string) => DnsResult;
  readonly problems?: (spec: ClusterSpec) => readonly Diagnostic[];
  readonly addresses?: readonly string[];
  readonly check?: Engine['parseAndCheck'];
  readonly log?: string[];
} = {}): Engine {
  return {
    parseAndCheck: opts.check ?? (() => ({ diagnostics: [] })),
    applyChange(spec, change) {
      opts.log?.push(`apply ${change.kind}`);
      return { ...spec, name: `${spec.name}+${change.kind}` };
    },
    buildState(spec): FakeState {
      opts.log?.push(`build ${spec.name}`);
      return { spec, problems: opts.problems?.(spec) ?? [] };
    },
    probe(state, probe): ProbeResult {
      return { flows: opts.flows?.(probe, (state as FakeState).spec) ?? [allowTo('web-1')] };
    },
    request(state, source, request): ProbeResult {
      return { flows: opts.flows?.({ source, target: { kind: 'dns', name: request.url } }, (state as FakeState).spec) ?? [allowTo('web-1')] };
    },
    resolve(_state, _source, name) {
      return opts.dns?.(name) ?? { rcode: 'NXDOMAIN', answers: [], hops: [] };
    },
    addressesOf() {
      return opts.addresses;
    },
  };
}

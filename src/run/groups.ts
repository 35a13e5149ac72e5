/**
 * "For all" assertions: the pods of each group as the spec of this step has them, the ports a
 * destination is tried on, and one verdict over every pair. Bounded: the connections an
 * assertion needs are counted before any is built (groupConnections), and one that would need
 * more than MAX_GROUP_PROBES fails with a message saying how to narrow it.
 */
import type { GroupCheck, PodGroup } from '../check/scenario.js';
import type { Flow, Probe, ProbeResult, ProbeSource, ProbeTarget } from '../net/types.js';
import { policyPortCuts } from '../policy/port-cuts.js';
import { matchesSelector } from '../spec/selector.js';
import type { ClusterSpec, Protocol } from '../spec/types.js';
import { evaluateReach } from './reach.js';

export const MAX_GROUP_PROBES = 100_000;

/** The one-line failure of an assertion (or truth table) that needs more than `limit` connections. */
export function tooManyConnections(limit: number, count: number, narrow: string, shape?: string): string {
  const needs = `${shape !== undefined ? `${shape}: ` : ''}${count.toLocaleString('en-US')}`;
  return `this assertion needs more than ${limit.toLocaleString('en-US')} connections (${needs}); ${narrow}`;
}

const PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

export interface GroupFailure {
  readonly probe: Probe;
  /** e.g. `pod shop/a → pod shop/b TCP 8080`. */
  readonly label: string;
  readonly message: string;
  readonly counterexample?: Flow;
}

export interface GroupVerdict {
  readonly passed: boolean;
  readonly message: string;
  /** Probes run. */
  readonly total: number;
  readonly failures: readonly GroupFailure[];
  readonly flows: readonly Flow[];
  /** Every outcome any connection had, in first-seen order. */
  readonly outcomes: readonly string[];
}

/** Declared pods of the group, in declaration order. */
export function groupMembers(spec: ClusterSpec, g: PodGroup): { readonly namespace: string; readonly name: string }[] {
  const nsLabels = new Map(spec.namespaces.map((n) => [n.name, { ...n.labels, 'kubernetes.io/metadata.name': n.name }]));
  return spec.pods
    .filter(
      (p) =>
        (g.namespace === undefined || p.namespace === g.namespace) &&
        (g.namespaces === undefined || matchesSelector(g.namespaces, nsLabels.get(p.namespace) ?? { 'kubernetes.io/metadata.name': p.namespace })) &&
        (g.pods === undefined || matchesSelector(g.pods, p.labels)),
    )
    .map((p) => ({ namespace: p.namespace, name: p.name }));
}

type Port = { readonly port: number | string; readonly protocol?: Protocol };

/** One port per class of ports the cluster's policies tell apart, per protocol. */
function classRepresentatives(spec: ClusterSpec): Port[] {
  const input = {
    policies: spec.networkPolicies,
    pods: spec.pods,
    adminNetworkPolicies: spec.adminNetworkPolicies,
    ...(spec.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: spec.baselineAdminNetworkPolicy } : {}),
  };
  return PROTOCOLS.flatMap((protocol) => policyPortCuts(input, protocol).map((port) => ({ port, protocol })));
}

/** The ports `on any port` tries a target on. */
function portsOf(spec: ClusterSpec, target: ProbeTarget, check: GroupCheck, classes: () => Port[]): Port[] {
  if (target.kind === 'pod') {
    const pod = spec.pods.find((p) => p.namespace === target.namespace && p.name === target.name);
    if (target.via === 'hostport') return (pod?.ports ?? []).flatMap((c) => (c.hostPort !== undefined ? [{ port: c.hostPort, protocol: c.protocol }] : []));
    if (pod && pod.ports.length > 0) return pod.ports.map((c) => ({ port: c.containerPort, protocol: c.protocol }));
    return classes();
  }
  if (target.kind === 'service') {
    const svc = spec.services.find((s) => s.namespace === target.namespace && s.name === target.name);
    return (svc?.ports ?? []).map((p) => ({ port: p.port, protocol: p.protocol }));
  }
  return check.protocol ? classes().filter((p) => p.protocol === check.protocol) : classes();
}

function sourcesOf(spec: ClusterSpec, s: GroupCheck['source']): ProbeSource[] {
  return s.kind === 'pod-group' ? groupMembers(spec, s).map((p) => ({ kind: 'pod', ...p })) : [s];
}

function targetsOf(spec: ClusterSpec, t: GroupCheck['target'], check: GroupCheck): ProbeTarget[] {
  if (t.kind !== 'pod-group') return [t];
  return groupMembers(spec, t).map((p) => ({ kind: 'pod', ...p, ...(check.via ? { via: check.via } : {}), ...(check.node ? { node: check.node } : {}) }));
}

function endpointLabel(x: ProbeSource | ProbeTarget): string {
  switch (x.kind) {
    case 'pod':
      return `pod ${x.namespace}/${x.name}`;
    case 'service':
      return `svc ${x.namespace}/${x.name}`;
    case 'node':
    case 'host':
      return `${x.kind} ${x.name}`;
    case 'internet':
      return 'internet';
    case 'ip':
      return `ip ${x.ip}`;
    case 'dns':
      return `dns ${x.name}`;
    default: {
      const never: never = x;
      return String(never);
    }
  }
}

function samePod(s: ProbeSource, t: ProbeTarget): boolean {
  return s.kind === 'pod' && t.kind === 'pod' && s.namespace === t.namespace && s.name === t.name;
}

function podKey(x: { readonly namespace: string; readonly name: string }): string {
  return `${x.namespace}/${x.name}`;
}

/** The connections evaluateGroup would test, counted without building them. */
export function groupConnections(check: GroupCheck, spec: ClusterSpec): number {
  const sources = sourcesOf(spec, check.source);
  const sourcePods = new Set(sources.flatMap((s) => (s.kind === 'pod' ? [podKey(s)] : [])));
  let memo: Port[] | undefined;
  const classes = (): Port[] => (memo ??= classRepresentatives(spec));
  let n = 0;
  for (const target of targetsOf(spec, check.target, check)) {
    const ports = check.anyPort ? portsOf(spec, target, check, classes).length : 1;
    const pairs = sources.length - (target.kind === 'pod' && sourcePods.has(podKey(target)) ? 1 : 0);
    n += ports * pairs;
  }
  return n;
}

/** `limit`: the most connections the assertion may need (tests pass a small one). */
export function evaluateGroup(check: GroupCheck, spec: ClusterSpec, probe: (p: Probe) => ProbeResult, limit: number = MAX_GROUP_PROBES): GroupVerdict {
  const sources = sourcesOf(spec, check.source);
  const targets = targetsOf(spec, check.target, check);
  const empty = [check.source, check.target].find((g) => g.kind === 'pod-group' && (g === check.source ? sources : targets).length === 0);
  if (empty && empty.kind === 'pod-group') {
    return { passed: false, total: 0, failures: [], flows: [], outcomes: [], message: `\`${empty.label}\` matches no pod, so this assertion would prove nothing` };
  }
  const count = groupConnections(check, spec);
  if (count > limit) {
    return { passed: false, total: 0, failures: [], flows: [], outcomes: [], message: tooManyConnections(limit, count, 'narrow a group with labels or a namespace, or name one port') };
  }
  let memo: Port[] | undefined;
  const classes = (): Port[] => (memo ??= classRepresentatives(spec));
  const fixed: Port[] = check.port !== undefined ? [{ port: check.port, ...(check.protocol ? { protocol: check.protocol } : {}) }] : [{ port: '', ...(check.protocol ? { protocol: check.protocol } : {}) }];
  const plan: { probe: Probe; label: string }[] = [];
  for (const target of targets) {
    const ports = check.anyPort ? portsOf(spec, target, check, classes) : fixed;
    for (const source of sources) {
      if (samePod(source, target)) continue;
      for (const p of ports) {
        const portPart = p.port === '' ? {} : { port: p.port };
        const label = `${endpointLabel(source)} → ${endpointLabel(target)}${p.port === '' ? '' : ` ${p.protocol ?? ''}${p.protocol ? ' ' : ''}${p.port}`}`;
        plan.push({ probe: { source, target, ...portPart, ...(p.protocol ? { protocol: p.protocol } : {}), ...(check.family ? { family: check.family } : {}) }, label });
      }
    }
  }
  if (plan.length === 0) return { passed: false, total: 0, failures: [], flows: [], outcomes: [], message: 'no connection to test: every pair is a pod and itself, or the target has no port' };
  const failures: GroupFailure[] = [];
  const flows: Flow[] = [];
  const outcomes = new Set<string>();
  for (const { probe: p, label } of plan) {
    const result = probe(p).flows;
    for (const f of result) outcomes.add(f.outcome);
    const v = evaluateReach(result, check.expect);
    if (v.passed) continue;
    // The flows of the first few failures are kept for the report; the count covers all.
    if (failures.length < 10) flows.push(...result);
    failures.push({ probe: p, label, message: v.message, ...(v.counterexample ? { counterexample: v.counterexample } : {}) });
  }
  const n = plan.length;
  const noun = n === 1 ? 'connection' : 'connections';
  if (failures.length === 0) return { passed: true, total: n, failures, flows, outcomes: [...outcomes], message: `all ${n} ${noun} as expected (${check.expect.outcome})` };
  const first = failures[0]!;
  const more = failures.slice(1, 4).map((f) => f.label);
  const rest = failures.length - 1 - more.length;
  const others = more.length > 0 ? `; also ${more.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}` : '';
  return {
    passed: false,
    total: n,
    failures,
    flows,
    outcomes: [...outcomes],
    message: `${failures.length} of ${n} ${noun} fail; first: ${first.label}: ${first.message}${others}`,
  };
}

/**
 * "For all" assertions: the pods of each group as the spec of this step has them, the ports a
 * destination is tried on, and one verdict over every pair. The pairs are answered by classes
 * (forall-classes.ts): members of a group whose for-all signatures are equal (the engine's,
 * src/net/alike.ts `forAllSignature`, in the scope `scopeOf` chooses) are interchangeable, so
 * one probe answers for every connection of a kind (source class, target class, same node or
 * not, port); the failing connections are counted per kind, and the first few are probed
 * again one by one for their own traces and messages. Without signatures (an engine that has
 * none, or an expectation that names pods or addresses) every pod is its own class.
 * Between pods at their own addresses, with an expectation of an outcome only, the assertion is
 * first factored (forall-matrix.ts): NetworkPolicy's verdict of each pair from the reachability
 * matrix, the rest from classes that leave namespace and labels out; where that does not apply
 * (or a representative disagrees with the matrix) the classes answer.
 * Bounded by the work done: an assertion whose pairs of classes × ports exceed MAX_GROUP_PROBES
 * fails, before any probe, with a message saying how to narrow it.
 */
import type { GroupCheck, PodGroup } from '../check/scenario.js';
import type { Flow, Probe, ProbeResult, ProbeSource, ProbeTarget } from '../net/types.js';
import { policyPortCuts } from '../policy/port-cuts.js';
import { TRANSPORT_PROTOCOLS } from '../spec/packet-protocol.js';
import { matchesSelector } from '../spec/selector.js';
import type { ClusterSpec, Protocol } from '../spec/types.js';
import type { ForAllScope } from '../net/index.js';
import { classesOf, firstFailures, kindsOf, type Class, type Kind, type Side } from './forall-classes.js';
import { agreesWithMatrix, factoredKinds, queryOf, type PolicyMatrix } from './forall-matrix.js';
import type { PortQuery } from '../matrix/index.js';
import { evaluateReach } from './reach.js';

/** The most pairs of classes × ports one assertion (or table) may probe. */
export const MAX_GROUP_PROBES = 100_000;

/** A pod's for-all signature (Engine.forAllSignature, bound to the step's state); undefined: none. */
export type Signature = (namespace: string, name: string, scope: ForAllScope) => string | undefined;

/** What the engine offers for-all assertions in one step's state. */
export interface ForAllEngine {
  readonly signature: Signature;
  /** The step's reachability matrix, built on first use (forall-matrix.ts); absent or undefined: none. */
  readonly policy?: () => PolicyMatrix | undefined;
}

/** Failing connections kept with their flows for the report (the count covers all). */
const KEPT_FAILURES = 10;

/** Failing representatives whose flows are kept for the report (the first failures may be among them). */
const KEPT_REPRESENTATIVES = 10_000;

/** The one-line failure of an assertion (or truth table) that needs more than `limit` probes (pairs of classes × ports). */
export function tooManyProbes(limit: number, count: number, narrow: string, shape?: string): string {
  const needs = `${shape !== undefined ? `${shape}, ` : ''}one per pair of classes of alike pods and port: ${count.toLocaleString('en-US')}`;
  return `this assertion needs more than ${limit.toLocaleString('en-US')} probes (${needs}); ${narrow}`;
}

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
  /** Connections tested. */
  readonly total: number;
  /** Connections that failed. */
  readonly failed: number;
  /**
   * How the connections were answered: `pairs` (every pod its own class), `classes` (of alike
   * pods, forall-classes.ts), `matrix` (factored, forall-matrix.ts).
   */
  readonly method: 'pairs' | 'classes' | 'matrix';
  /** The factored answer was tried and a representative disagreed with the matrix (so classes answered). */
  readonly matrixDisagreed?: true;
  /** Probes run: one per kind of connection, then one per kept failure. */
  readonly probes: number;
  /** The first failing connections in plan order (at most KEPT_FAILURES), each probed on its own. */
  readonly failures: readonly GroupFailure[];
  readonly flows: readonly Flow[];
  /** Every outcome any connection had, in first-seen order. */
  readonly outcomes: readonly string[];
  /**
   * Whether one connection (indexes into the sources and targets, and into the target's ports)
   * meets the expectation, as its kind's probe said: for sampling against probes (bench B7).
   */
  readonly passes?: (source: number, target: number, port: number) => boolean;
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
    calicoNetworkPolicies: spec.calicoNetworkPolicies,
    calicoGlobalNetworkPolicies: spec.calicoGlobalNetworkPolicies,
    ciliumNetworkPolicies: spec.ciliumNetworkPolicies,
    ciliumClusterwideNetworkPolicies: spec.ciliumClusterwideNetworkPolicies,
  };
  return TRANSPORT_PROTOCOLS.flatMap((protocol) => policyPortCuts(input, protocol).map((port) => ({ port, protocol })));
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

function podKey(x: { readonly namespace: string; readonly name: string }): string {
  return `${x.namespace}/${x.name}`;
}

/**
 * Where the engine's signatures tell alike pods (src/net/alike.ts ForAllScope), or undefined when
 * every pod must be its own class: no signatures; an expectation that names pods or an address
 * (backends, shares, a source address), which alike pods do not share; an address or DNS name
 * on either side, a named node or an IP family, whose relation to each pod the signatures do
 * not hold. `pod-ip` when every target is a pod reached at its own address (not hostNetwork)
 * from a pod or node; `any` otherwise.
 */
function scopeOf(check: GroupCheck, spec: ClusterSpec, sources: readonly ProbeSource[], targets: readonly ProbeTarget[], signature: Signature | undefined): ForAllScope | undefined {
  if (!signature) return undefined;
  const e = check.expect;
  if (e.backends !== undefined || (e.podShares !== undefined && e.podShares.length > 0) || e.sourceSeen?.mode === 'address') return undefined;
  if (check.family !== undefined || check.node !== undefined) return undefined;
  const ends = [...sources, ...targets];
  if (ends.some((x) => x.kind === 'ip' || x.kind === 'dns' || (x.kind === 'pod' && 'via' in x && x.via === 'dns'))) return undefined;
  const hostNetwork = new Set(spec.pods.filter((p) => p.hostNetwork).map(podKey));
  const podIp = targets.every((t) => t.kind === 'pod' && (t.via === undefined || t.via === 'pod-ip') && !hostNetwork.has(podKey(t)));
  return podIp && sources.every((s) => s.kind === 'pod' || s.kind === 'node') ? 'pod-ip' : 'any';
}

/** One side's keys, nodes and pods. */
function sideOf(spec: ClusterSpec, members: readonly (ProbeSource | ProbeTarget)[], scope: ForAllScope | undefined, signature: Signature | undefined): Side {
  const nodeOf = new Map(spec.pods.map((p) => [podKey(p), p.node]));
  const keys: string[] = [];
  const nodes: (string | undefined)[] = [];
  const pods: (string | undefined)[] = [];
  for (const x of members) {
    if (x.kind === 'pod') {
      const id = podKey(x);
      const sig = scope !== undefined && signature ? signature(x.namespace, x.name, scope) : undefined;
      keys.push(sig ?? `pod ${id}`);
      nodes.push(nodeOf.get(id));
      pods.push(id);
    } else {
      keys.push(endpointLabel(x));
      nodes.push(x.kind === 'node' ? x.name : undefined);
      pods.push(undefined);
    }
  }
  return { keys, nodes, pods };
}

/** The probes the classes of an assertion need (pairs of classes × ports), counted without probing. */
export function groupProbes(check: GroupCheck, spec: ClusterSpec, signature?: Signature): number {
  const ends = endsOf(check, spec, signature);
  return classPlan(check, spec, ends, ends.scope, signature).work;
}

/** The two sides of an assertion, and where the signatures may tell their pods alike. */
interface Ends {
  /** undefined: every pod its own class. */
  readonly scope: ForAllScope | undefined;
  readonly sources: readonly ProbeSource[];
  readonly targets: readonly ProbeTarget[];
}

function endsOf(check: GroupCheck, spec: ClusterSpec, signature: Signature | undefined): Ends {
  const sources = sourcesOf(spec, check.source);
  const targets = targetsOf(spec, check.target, check);
  return { scope: scopeOf(check, spec, sources, targets, signature), sources, targets };
}

/** The classes of both sides by their signatures in `scope`, and the ports of each target class. */
interface ClassPlan {
  readonly sourceSide: Side;
  readonly targetSide: Side;
  readonly sourceClasses: readonly Class[];
  readonly targetClasses: readonly Class[];
  /** The ports of each target class (those of its first member). */
  readonly ports: readonly (readonly Port[])[];
  /** Pairs of classes × ports. */
  readonly work: number;
}

function classPlan(check: GroupCheck, spec: ClusterSpec, ends: Ends, scope: ForAllScope | undefined, signature: Signature | undefined): ClassPlan {
  const { sources, targets } = ends;
  const sourceSide = sideOf(spec, sources, scope, signature);
  const targetSide = sideOf(spec, targets, scope, signature);
  const sourceClasses = classesOf(sourceSide);
  const targetClasses = classesOf(targetSide);
  let memo: Port[] | undefined;
  const classes = (): Port[] => (memo ??= classRepresentatives(spec));
  const fixed: Port[] = check.port !== undefined ? [{ port: check.port, ...(check.protocol ? { protocol: check.protocol } : {}) }] : [{ port: '', ...(check.protocol ? { protocol: check.protocol } : {}) }];
  const ports = targetClasses.map((b) => (check.anyPort ? portsOf(spec, targets[b.members[0]!]!, check, classes) : fixed));
  const work = ports.reduce((n, p) => n + p.length * sourceClasses.length, 0);
  return { sourceSide, targetSide, sourceClasses, targetClasses, ports, work };
}

function labelOf(source: ProbeSource, target: ProbeTarget, p: Port): string {
  return `${endpointLabel(source)} → ${endpointLabel(target)}${p.port === '' ? '' : ` ${p.protocol ?? ''}${p.protocol ? ' ' : ''}${p.port}`}`;
}

function probeOf(check: GroupCheck, source: ProbeSource, target: ProbeTarget, p: Port): Probe {
  const portPart = p.port === '' ? {} : { port: p.port };
  return { source, target, ...portPart, ...(p.protocol ? { protocol: p.protocol } : {}), ...(check.family ? { family: check.family } : {}) };
}

/** One kind on one port, probed. */
interface Judged {
  readonly kind: Kind;
  readonly port: number;
  readonly passed: boolean;
  readonly outcomes: readonly string[];
}

/** What probing the kinds found: counts, outcomes, and the first failing connections in plan order. */
interface Tally {
  readonly total: number;
  readonly failed: number;
  readonly probes: number;
  readonly outcomes: readonly string[];
  readonly first: readonly { readonly source: ProbeSource; readonly target: ProbeTarget; readonly port: Port }[];
  /** Flows of failing representatives by label, so they are not probed twice. */
  readonly kept: ReadonlyMap<string, readonly Flow[]>;
  /** The verdict of one connection by its kind (GroupVerdict.passes). */
  readonly passes: (source: number, target: number, port: number) => boolean;
}

/**
 * `limit`: the most pairs of classes × ports the assertion may need (tests pass a small one).
 * `forAll`: the engine's signatures and matrix; without them every pod is its own class.
 */
export function evaluateGroup(check: GroupCheck, spec: ClusterSpec, probe: (p: Probe) => ProbeResult, limit: number = MAX_GROUP_PROBES, forAll?: ForAllEngine): GroupVerdict {
  const ends = endsOf(check, spec, forAll?.signature);
  const none = { total: 0, failed: 0, probes: 0, failures: [], flows: [], outcomes: [], method: ends.scope === undefined ? ('pairs' as const) : ('classes' as const) };
  const { sources, targets } = ends;
  const empty = [check.source, check.target].find((g) => g.kind === 'pod-group' && (g === check.source ? sources : targets).length === 0);
  if (empty && empty.kind === 'pod-group') {
    return { ...none, passed: false, message: `\`${empty.label}\` matches no pod, so this assertion would prove nothing` };
  }
  const tried = forAll?.policy && ends.scope === 'pod-ip' && outcomeOnly(check) ? tallyFactored(check, spec, ends, probe, forAll.signature, forAll.policy, limit) : undefined;
  const factored = typeof tried === 'object' ? tried : undefined;
  const method = factored ? ('matrix' as const) : none.method;
  const disagreed = tried === 'disagreed' ? { matrixDisagreed: true as const } : {};
  const plan = factored ? undefined : classPlan(check, spec, ends, ends.scope, forAll?.signature);
  if (plan && plan.work > limit) {
    return { ...none, ...disagreed, passed: false, message: tooManyProbes(limit, plan.work, 'narrow a group with labels or a namespace, or name one port') };
  }
  const tally = factored ?? tallyClasses(check, ends, plan!, probe);
  if (tally.total === 0) return { ...none, ...disagreed, method, probes: tally.probes, passed: false, message: 'no connection to test: every pair is a pod and itself, or the target has no port' };
  let probes = tally.probes;
  const failures: GroupFailure[] = [];
  const flows: Flow[] = [];
  for (const f of tally.first) {
    const p = probeOf(check, f.source, f.target, f.port);
    const label = labelOf(f.source, f.target, f.port);
    const known = tally.kept.get(label);
    const result = known ?? probe(p).flows;
    if (!known) probes++;
    const v = evaluateReach(result, check.expect);
    // The kind failed, so every connection of it must: a pass here is a wrong class, never hidden.
    if (v.passed) throw new Error(`for-all classes disagree with the connection ${label}: its kind failed but it passes`);
    flows.push(...result);
    failures.push({ probe: p, label, message: v.message, ...(v.counterexample ? { counterexample: v.counterexample } : {}) });
  }
  const { total: n, failed, outcomes } = tally;
  const noun = n === 1 ? 'connection' : 'connections';
  const base = { total: n, failed, method, ...disagreed, probes, failures, flows, outcomes, passes: tally.passes };
  if (failed === 0) return { ...base, passed: true, message: `all ${n} ${noun} as expected (${check.expect.outcome})` };
  const head = failures[0]!;
  const more = failures.slice(1, 4).map((f) => f.label);
  const rest = failed - 1 - more.length;
  const others = more.length > 0 ? `; also ${more.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}` : '';
  return { ...base, passed: false, message: `${failed} of ${n} ${noun} fail; first: ${head.label}: ${head.message}${others}` };
}

/** An expectation of an outcome (and cause) only: what the factored assertion can judge (forall-matrix.ts). */
function outcomeOnly(check: GroupCheck): boolean {
  const e = check.expect;
  return (
    e.intermittent !== true &&
    (e.through === undefined || e.through.length === 0) &&
    e.masqueradeMark === undefined &&
    e.sourceSeen === undefined &&
    e.backends === undefined &&
    (e.podShares === undefined || e.podShares.length === 0)
  );
}

/** Every kind of the classes probed once (forall-classes.ts). */
function tallyClasses(check: GroupCheck, ends: Ends, plan: ClassPlan, probe: (p: Probe) => ProbeResult): Tally {
  const { sources, targets } = ends;
  const { sourceSide, targetSide, sourceClasses, targetClasses, ports } = plan;
  const judged: Judged[] = [];
  // failing[targetClass][sourceClass]: the failing ports of the same-node and other-node kinds.
  const failing = targetClasses.map(() => sourceClasses.map(() => ({ same: [] as number[], other: [] as number[] })));
  const kept = new Map<string, readonly Flow[]>();
  let total = 0;
  let failed = 0;
  let probes = 0;
  targetClasses.forEach((b, bi) => {
    const bPorts = ports[bi]!;
    if (bPorts.length === 0) return;
    sourceClasses.forEach((a, ai) => {
      for (const kind of kindsOf(sourceSide, a, ai, targetSide, b, bi)) {
        bPorts.forEach((p, pi) => {
          const source = sources[kind.first.source]!;
          const target = targets[kind.first.target]!;
          const flows = probe(probeOf(check, source, target, p)).flows;
          probes++;
          const passed = evaluateReach(flows, check.expect).passed;
          total += kind.count;
          if (!passed) {
            failed += kind.count;
            failing[bi]![ai]![kind.sameNode ? 'same' : 'other'].push(pi);
            if (kept.size < KEPT_REPRESENTATIVES) kept.set(labelOf(source, target, p), flows);
          }
          judged.push({ kind, port: pi, passed, outcomes: [...new Set(flows.map((f) => f.outcome))] });
        });
      }
    });
  });
  // Outcomes in the order probing every pair would first see them: kinds by their first connection.
  judged.sort((x, y) => x.kind.first.target - y.kind.first.target || x.kind.first.source - y.kind.first.source || x.port - y.port);
  const outcomes = [...new Set(judged.flatMap((j) => j.outcomes))];
  const classOfTarget = new Map<number, number>();
  targetClasses.forEach((c, ci) => c.members.forEach((m) => classOfTarget.set(m, ci)));
  const first = failed === 0 ? [] : firstFailures(sourceSide, sourceClasses, targetSide, targetClasses, (ai, bi, same) => failing[bi]![ai]![same ? 'same' : 'other'], KEPT_FAILURES);
  const classOfSource = new Map<number, number>();
  sourceClasses.forEach((c, ci) => c.members.forEach((m) => classOfSource.set(m, ci)));
  const passes = (s: number, t: number, p: number): boolean => {
    const same = sourceSide.nodes[s] !== undefined && sourceSide.nodes[s] === targetSide.nodes[t];
    return !failing[classOfTarget.get(t)!]![classOfSource.get(s)!]![same ? 'same' : 'other'].includes(p);
  };
  return {
    total,
    failed,
    probes,
    outcomes,
    kept,
    passes,
    first: first.map((f) => ({ source: sources[f.source]!, target: targets[f.target]!, port: ports[classOfTarget.get(f.target)!]![f.port]! })),
  };
}

/** Pairs of path classes beyond which the factored assertion is not tried (its tallies grow with them). */
const MAX_FACTORED_CLASS_PAIRS = 1_000_000;

/** Pairs visited, at most, looking for the first failures of a factored assertion in plan order. */
const SCAN_BUDGET = 20_000_000;

/**
 * The factored assertion (forall-matrix.ts): undefined when it does not apply here (a source
 * that is no pod, a port the matrix cannot be asked, more kinds than `limit`), `disagreed` when
 * a representative's flows disagree with the matrix; the caller then uses its classes.
 */
function tallyFactored(
  check: GroupCheck,
  spec: ClusterSpec,
  ends: Ends,
  probe: (p: Probe) => ProbeResult,
  signature: Signature,
  policyOf: () => PolicyMatrix | undefined,
  limit: number,
): Tally | 'disagreed' | undefined {
  const { sources, targets } = ends;
  if (!sources.every((s) => s.kind === 'pod')) return undefined;
  const policy = policyOf();
  if (!policy) return undefined;
  const { sourceSide, targetSide, sourceClasses, targetClasses, ports } = classPlan(check, spec, ends, 'pod-ip-path', signature);
  if (sourceClasses.length * targetClasses.length > MAX_FACTORED_CLASS_PAIRS) return undefined;
  const podsByKey = new Map(spec.pods.map((p) => [podKey(p), p]));
  const queries: PortQuery[][] = [];
  for (let j = 0; j < targetClasses.length; j++) {
    const t = targets[targetClasses[j]!.members[0]!]!;
    const pod = t.kind === 'pod' ? podsByKey.get(podKey(t)) : undefined;
    if (!pod) return undefined;
    const qs: PortQuery[] = [];
    for (const p of ports[j]!) {
      const q = queryOf(pod.ports, p.port, p.protocol);
      if (!q) return undefined;
      qs.push(q);
    }
    queries.push(qs);
  }
  const hostNetwork = sourceSide.pods.map((id) => (id === undefined ? false : podsByKey.get(id)?.hostNetwork === true));
  const kinds = factoredKinds(policy, sourceSide, sourceClasses, targetSide, targetClasses, queries, hostNetwork);
  if (!kinds || kinds.length > limit) return undefined;
  const kept = new Map<string, readonly Flow[]>();
  // verdict[slot]: whether the kind (i, j, same, port, allowed) fails (1) or passes (0); -1: no such connection.
  const J = targetClasses.length;
  const P = Math.max(1, ...ports.map((p) => p.length));
  const verdict = new Int8Array(sourceClasses.length * J * 2 * P * 2).fill(-1);
  const slot = (i: number, j: number, same: boolean, p: number, allowed: boolean): number => (((i * J + j) * 2 + (same ? 1 : 0)) * P + p) * 2 + (allowed ? 1 : 0);
  const outcomes = new Set<string>();
  let total = 0;
  let failed = 0;
  for (const k of kinds) {
    const source = sources[k.rep.source]!;
    const target = targets[k.rep.target]!;
    const port = ports[k.targetClass]![k.port]!;
    const flows = probe(probeOf(check, source, target, port)).flows;
    if (!agreesWithMatrix(flows, k.allowed)) return 'disagreed';
    for (const f of flows) outcomes.add(f.outcome);
    const passed = evaluateReach(flows, check.expect).passed;
    total += k.count;
    if (!passed) {
      failed += k.count;
      if (kept.size < KEPT_REPRESENTATIVES) kept.set(labelOf(source, target, port), flows);
    }
    verdict[slot(k.sourceClass, k.targetClass, k.sameNode, k.port, k.allowed)] = passed ? 0 : 1;
  }
  // Which pairs of classes (and target classes) have a failing kind at all: the scan below skips
  // the others without asking `fails` for each connection.
  const pairCanFail = new Uint8Array(sourceClasses.length * J);
  const targetCanFail = new Uint8Array(J);
  for (const k of kinds) {
    if (verdict[slot(k.sourceClass, k.targetClass, k.sameNode, k.port, k.allowed)] !== 1) continue;
    pairCanFail[k.sourceClass * J + k.targetClass] = 1;
    targetCanFail[k.targetClass] = 1;
  }
  // The first failures in plan order: targets, then sources, then ports.
  const first: { source: ProbeSource; target: ProbeTarget; port: Port }[] = [];
  const classOf = (cs: readonly Class[], n: number): Int32Array => {
    const out = new Int32Array(n);
    cs.forEach((c, ci) => c.members.forEach((m) => (out[m] = ci)));
    return out;
  };
  const sourceClass = classOf(sourceClasses, sources.length);
  const targetClass = classOf(targetClasses, targets.length);
  // The matrix index of each source and target pod, looked up once (the scan asks per connection).
  const matrixIndex = (pods: readonly (string | undefined)[]): Int32Array => Int32Array.from(pods, (id) => (id === undefined ? -1 : (policy.index.get(id) ?? -1)));
  const sourceIndex = matrixIndex(sourceSide.pods);
  const targetIndex = matrixIndex(targetSide.pods);
  // Whether connection (s, t, port p) fails, by its kind; the matrix is asked only where the two
  // verdicts of its (classes, node, port) differ.
  const fails = (s: number, t: number, p: number): boolean => {
    const i = sourceClass[s]!;
    const j = targetClass[t]!;
    const same = sourceSide.nodes[s] !== undefined && sourceSide.nodes[s] === targetSide.nodes[t];
    const ifAllowed = verdict[slot(i, j, same, p, true)]!;
    const ifDenied = verdict[slot(i, j, same, p, false)]!;
    if (ifAllowed !== 1 && ifDenied !== 1) return false;
    if (ifAllowed === ifDenied || ifAllowed === -1 || ifDenied === -1) return true;
    const q = queries[j]![p]!;
    return policy.matrix.allowed(sourceIndex[s]!, targetIndex[t]!, q.port, q.protocol) === (ifAllowed === 1);
  };
  let budget = SCAN_BUDGET;
  if (failed > 0) {
    scan: for (let t = 0; t < targets.length; t++) {
      const j = targetClass[t]!;
      if (targetCanFail[j] === 0) continue;
      for (let s = 0; s < sources.length; s++) {
        if (--budget < 0) break scan;
        if (pairCanFail[sourceClass[s]! * J + j] === 0 || sourceSide.pods[s] === targetSide.pods[t]) continue;
        for (let p = 0; p < ports[j]!.length; p++) {
          if (!fails(s, t, p)) continue;
          first.push({ source: sources[s]!, target: targets[t]!, port: ports[j]![p]! });
          if (first.length >= KEPT_FAILURES) break scan;
        }
      }
    }
    // Past the budget: the failing representatives stand in, in plan order (each a real failing connection).
    if (budget < 0) {
      first.length = 0;
      const reps = kinds.filter((k) => verdict[slot(k.sourceClass, k.targetClass, k.sameNode, k.port, k.allowed)] === 1);
      reps.sort((x, y) => x.rep.target - y.rep.target || x.rep.source - y.rep.source || x.port - y.port);
      for (const k of reps.slice(0, KEPT_FAILURES)) first.push({ source: sources[k.rep.source]!, target: targets[k.rep.target]!, port: ports[k.targetClass]![k.port]! });
    }
  }
  return { total, failed, probes: kinds.length, outcomes: [...outcomes], first, kept, passes: (s, t, p) => !fails(s, t, p) };
}

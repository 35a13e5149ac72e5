/**
 * Policy indexes restricted to one port, for every cut of one protocol, by one sweep over the
 * sorted cuts. The index for cut i keeps, of every rule (NetworkPolicy, AdminNetworkPolicy and
 * BaselineAdminNetworkPolicy, both directions), only those that may match port `cuts[i]`: a rule
 * whose port entries are all numbers of that protocol not containing it is left out. Every
 * policy keeps its place (a policy with no rule left still selects, and so isolates, its pods)
 * and its rules keep their order, so evaluatePolicies gives the same `allowed` (and the same
 * deciding tier) for a query on port `cuts[i]` as on the full index, while a call costs only the
 * rules left. Rule numbers in hop texts refer to the restricted lists, so callers read verdicts,
 * not texts.
 *
 * Cost: O(rules · log cuts) to place the rules, then per cut the rules entering or leaving it
 * plus the policies of the namespaces they touch.
 */
import { lowerBound } from '../matrix/port-classes.js';
import type { PolicyIndex } from '../policy/evaluate.js';
import type { AdminNetworkPolicySpec, AdminPolicyRule, BaselineAdminNetworkPolicySpec, NetworkPolicyRule, NetworkPolicySpec, Protocol } from '../spec/types.js';

/** The ports (of one protocol) a rule may match: every port, or inclusive ranges (none: no port). */
type Footprint = 'always' | readonly (readonly [number, number])[];

function networkPolicyFootprint(rule: NetworkPolicyRule, protocol: Protocol): Footprint {
  if (rule.ports.length === 0) return 'always';
  const ranges: [number, number][] = [];
  for (const e of rule.ports) {
    if (e.protocol !== protocol) continue;
    // A named port resolves per destination pod: kept wherever it might.
    if (typeof e.port !== 'number') return 'always';
    ranges.push([e.port, e.endPort ?? e.port]);
  }
  return ranges;
}

function adminFootprint(rule: AdminPolicyRule, protocol: Protocol): Footprint {
  if (rule.ports === undefined) return 'always';
  const ranges: [number, number][] = [];
  for (const p of rule.ports) {
    switch (p.kind) {
      case 'number':
        if (p.protocol === protocol) ranges.push([p.port, p.port]);
        break;
      case 'range':
        if (p.protocol === protocol) ranges.push([p.start, p.end]);
        break;
      case 'named':
        return 'always';
      default: {
        const never: never = p;
        throw new Error(`unexpected port ${JSON.stringify(never)}`);
      }
    }
  }
  return ranges;
}

/** One ordered rule list whose rules enter and leave as the sweep moves. */
interface RuleList<R> {
  readonly rules: readonly R[];
  readonly always: readonly number[];
  /** Rule index → how many of its ranges contain the current cut. */
  readonly active: Map<number, number>;
}

function current<R>(list: RuleList<R>): R[] {
  const ids = [...list.always, ...list.active.keys()].sort((a, b) => a - b);
  return ids.map((k) => list.rules[k] as R);
}

type Owner = { readonly kind: 'policy'; readonly spec: NetworkPolicySpec } | { readonly kind: 'admin'; readonly spec: AdminNetworkPolicySpec } | { readonly kind: 'baseline'; readonly spec: BaselineAdminNetworkPolicySpec };

/**
 * The restricted index of each cut in turn (`cuts` sorted ascending, as policyPortCuts gives
 * them). A yielded index stays valid after the sweep moves on.
 */
export function* restrictedIndexes(index: PolicyIndex, protocol: Protocol, cuts: readonly number[]): Generator<PolicyIndex> {
  const owners: Owner[] = [];
  const lists: { ingress: RuleList<unknown>; egress: RuleList<unknown> }[] = [];
  const enter: [number, 'ingress' | 'egress', number][][] = [];
  const leave: [number, 'ingress' | 'egress', number][][] = [];
  const place = <R>(owner: number, direction: 'ingress' | 'egress', rules: readonly R[], footprint: (r: R) => Footprint): RuleList<R> => {
    const always: number[] = [];
    rules.forEach((r, k) => {
      const f = footprint(r);
      if (f === 'always') {
        always.push(k);
        return;
      }
      for (const [a, b] of f) {
        const first = lowerBound(cuts, a);
        const end = lowerBound(cuts, b + 1);
        if (first >= end) continue;
        (enter[first] ??= []).push([owner, direction, k]);
        (leave[end] ??= []).push([owner, direction, k]);
      }
    });
    return { rules, always, active: new Map() };
  };
  const add = (owner: Owner): void => {
    const id = owners.length;
    owners.push(owner);
    const footprint = owner.kind === 'policy' ? (r: NetworkPolicyRule) => networkPolicyFootprint(r, protocol) : (r: AdminPolicyRule) => adminFootprint(r, protocol);
    lists.push({
      ingress: place(id, 'ingress', owner.spec.ingress as readonly (NetworkPolicyRule & AdminPolicyRule)[], footprint),
      egress: place(id, 'egress', owner.spec.egress as readonly (NetworkPolicyRule & AdminPolicyRule)[], footprint),
    });
  };
  index.policies.forEach((spec) => add({ kind: 'policy', spec }));
  index.adminPolicies.forEach((spec) => add({ kind: 'admin', spec }));
  if (index.baselinePolicy) add({ kind: 'baseline', spec: index.baselinePolicy });

  const versionOf = (id: number): NetworkPolicySpec | AdminNetworkPolicySpec | BaselineAdminNetworkPolicySpec => {
    const l = lists[id]!;
    return { ...owners[id]!.spec, ingress: current(l.ingress), egress: current(l.egress) } as NetworkPolicySpec;
  };
  const version = new Map<object, object>();
  owners.forEach((o, id) => version.set(o.spec, versionOf(id)));
  const now = <T extends object>(spec: T): T => version.get(spec) as T;
  const byNamespace = (m: PolicyIndex['ingressByNamespace'], namespaces: ReadonlySet<string> | undefined, previous?: PolicyIndex['ingressByNamespace']) =>
    new Map([...m].map(([ns, ps]) => [ns, previous !== undefined && namespaces !== undefined && !namespaces.has(ns) ? previous.get(ns)! : ps.map(now)]));
  let restricted: PolicyIndex | undefined;
  for (let i = 0; i < cuts.length; i++) {
    const touched = new Set<number>();
    for (const [id, direction, k] of enter[i] ?? []) {
      const active = lists[id]![direction].active;
      active.set(k, (active.get(k) ?? 0) + 1);
      touched.add(id);
    }
    for (const [id, direction, k] of leave[i] ?? []) {
      const active = lists[id]![direction].active;
      const n = (active.get(k) ?? 0) - 1;
      if (n > 0) active.set(k, n);
      else active.delete(k);
      touched.add(id);
    }
    if (restricted !== undefined && touched.size === 0) {
      yield restricted;
      continue;
    }
    const namespaces = new Set<string>();
    for (const id of touched) {
      const o = owners[id]!;
      version.set(o.spec, versionOf(id));
      if (o.kind === 'policy') namespaces.add(o.spec.namespace);
    }
    const previous: PolicyIndex | undefined = restricted;
    restricted = {
      ...index,
      policies: index.policies.map(now),
      ingressByNamespace: byNamespace(index.ingressByNamespace, previous && namespaces, previous?.ingressByNamespace),
      egressByNamespace: byNamespace(index.egressByNamespace, previous && namespaces, previous?.egressByNamespace),
      adminPolicies: index.adminPolicies.map(now),
      ...(index.baselinePolicy ? { baselinePolicy: now(index.baselinePolicy) } : {}),
    };
    yield restricted;
  }
}

/**
 * One step change applied to a ClusterSpec: pure, returns a new spec. `check` uses it to validate
 * each step against the cluster as the previous steps left it; `run` uses it to evolve the state.
 * A change naming an object that does not exist leaves the spec as it is (check reports it).
 */
import { removeObject, upsertObject, upsertSpec } from './kinds.js';
import type { Change } from './objects.js';
import type { ClusterSpec, Labels, PodSpec, SecurityGroupRule } from './types.js';
import { assertNever } from './never.js';

type Named = { readonly name: string; readonly namespace?: string };

function same(a: Named, namespace: string | undefined, name: string): boolean {
  return a.name === name && (a.namespace ?? undefined) === (namespace ?? undefined);
}

function relabel(labels: Labels, set: Labels, unset: readonly string[]): Labels {
  const out: Record<string, string> = { ...labels, ...set };
  for (const k of unset) delete out[k];
  return out;
}

function lifecycle(pod: PodSpec, action: Extract<Change, { kind: 'pod-lifecycle' }>['action']): PodSpec {
  switch (action) {
    case 'recreate': {
      const { ip: _pinned, ...rest } = pod;
      return { ...rest, generation: pod.generation + 1, ready: true, terminating: false };
    }
    case 'restart':
      return { ...pod, ready: true, terminating: false };
    case 'ready':
      return { ...pod, ready: true };
    case 'not-ready':
      return { ...pod, ready: false };
    case 'terminate':
      return { ...pod, terminating: true, ready: false };
    default:
      return assertNever(action);
  }
}

export function sameRule(a: SecurityGroupRule, b: SecurityGroupRule): boolean {
  return a.direction === b.direction && a.protocol === b.protocol && a.ports[0] === b.ports[0] && a.ports[1] === b.ports[1] && a.cidr === b.cidr && a.group === b.group;
}

export function applyChange(spec: ClusterSpec, change: Change): ClusterSpec {
  switch (change.kind) {
    case 'upsert':
      return upsertObject(spec, change.object);
    case 'remove':
      return removeObject(spec, change.objectKind, change.namespace, change.name);
    case 'relabel': {
      const { namespace, name, set, unset, objectKind } = change;
      switch (objectKind) {
        case 'pod':
          return { ...spec, pods: spec.pods.map((p) => (same(p, namespace, name) ? { ...p, labels: relabel(p.labels, set, unset) } : p)) };
        case 'namespace':
          return { ...spec, namespaces: spec.namespaces.map((n) => (n.name === name ? { ...n, labels: relabel(n.labels, set, unset) } : n)) };
        case 'node':
          return { ...spec, nodes: spec.nodes.map((n) => (n.name === name ? { ...n, labels: relabel(n.labels, set, unset) } : n)) };
        default:
          return assertNever(objectKind);
      }
    }
    case 'pod-lifecycle':
      return { ...spec, pods: spec.pods.map((p) => (same(p, change.namespace, change.name) ? lifecycle(p, change.action) : p)) };
    case 'sg-rule': {
      const existing = spec.securityGroups.find((g) => g.name === change.group);
      if (change.remove) {
        if (!existing) return spec;
        return { ...spec, securityGroups: spec.securityGroups.map((g) => (g === existing ? { ...g, rules: g.rules.filter((r) => !sameRule(r, change.rule)) } : g)) };
      }
      const group = existing ?? { name: change.group, pools: [], nodes: [], rules: [] };
      return upsertSpec(spec, 'security-group', { ...group, rules: [...group.rules, change.rule] });
    }
    case 'sg-attach': {
      const existing = spec.securityGroups.find((g) => g.name === change.group) ?? { name: change.group, pools: [], nodes: [], rules: [] };
      const union = (a: readonly string[], b: readonly string[]): readonly string[] => [...a, ...b.filter((x) => !a.includes(x))];
      return upsertSpec(spec, 'security-group', {
        ...existing,
        pools: union(existing.pools, change.pools),
        nodes: union(existing.nodes, change.nodes),
        ...(change.hosts && change.hosts.length > 0 ? { hosts: union(existing.hosts ?? [], change.hosts) } : {}),
      });
    }
    default:
      return assertNever(change);
  }
}


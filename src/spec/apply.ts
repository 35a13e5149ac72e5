/**
 * One step change applied to a ClusterSpec: pure, returns a new spec. `check` uses it to validate
 * each step against the cluster as the previous steps left it; `run` uses it to evolve the state.
 * A change naming an object that does not exist leaves the spec as it is (check reports it).
 */
import type { Change, SpecObject } from './objects.js';
import type { ClusterSpec, Labels, PodSpec, SecurityGroupRule } from './types.js';

type Named = { readonly name: string; readonly namespace?: string };

function same(a: Named, namespace: string | undefined, name: string): boolean {
  return a.name === name && (a.namespace ?? undefined) === (namespace ?? undefined);
}

function upsertIn<T extends Named>(list: readonly T[], item: T): readonly T[] {
  const i = list.findIndex((x) => same(x, item.namespace, item.name));
  if (i < 0) return [...list, item];
  return list.map((x, j) => (j === i ? item : x));
}

function without<T extends Named>(list: readonly T[], namespace: string | undefined, name: string): readonly T[] {
  return list.filter((x) => !same(x, namespace, name));
}

function upsert(spec: ClusterSpec, object: SpecObject): ClusterSpec {
  switch (object.kind) {
    case 'node':
      return { ...spec, nodes: upsertIn(spec.nodes, object.spec) };
    case 'namespace':
      return { ...spec, namespaces: upsertIn(spec.namespaces, object.spec) };
    case 'pod':
      return { ...spec, pods: upsertIn(spec.pods, object.spec) };
    case 'service':
      return { ...spec, services: upsertIn(spec.services, object.spec) };
    case 'endpoint-slice':
      return { ...spec, endpointSlices: upsertIn(spec.endpointSlices, object.spec) };
    case 'network-policy':
      return { ...spec, networkPolicies: upsertIn(spec.networkPolicies, object.spec) };
    case 'host':
      return { ...spec, hosts: upsertIn(spec.hosts, object.spec) };
    case 'security-group':
      return { ...spec, securityGroups: upsertIn(spec.securityGroups, object.spec) };
    case 'admin-network-policy':
      return { ...spec, adminNetworkPolicies: upsertIn(spec.adminNetworkPolicies ?? [], object.spec) };
    case 'baseline-admin-network-policy':
      return { ...spec, baselineAdminNetworkPolicy: object.spec };
    case 'ingress':
      return { ...spec, ingresses: upsertIn(spec.ingresses ?? [], object.spec) };
    case 'ingress-class':
      return { ...spec, ingressClasses: upsertIn(spec.ingressClasses ?? [], object.spec) };
    case 'ingress-controller':
      return { ...spec, ingressControllers: upsertIn(spec.ingressControllers ?? [], object.spec) };
    case 'link':
      return { ...spec, links: upsertIn(spec.links ?? [], object.spec) };
    case 'lb-acl':
      return { ...spec, lbAcls: upsertIn(spec.lbAcls ?? [], object.spec) };
    case 'gateway':
      return { ...spec, gateways: upsertIn(spec.gateways ?? [], object.spec) };
    case 'http-route':
      return { ...spec, httpRoutes: upsertIn(spec.httpRoutes ?? [], object.spec) };
    case 'route':
      return { ...spec, routes: upsertIn(spec.routes ?? [], object.spec) };
    default:
      return assertNever(object);
  }
}

/** Removing a namespace removes every namespaced object in it, as the namespace controller does. */
function remove(spec: ClusterSpec, change: Extract<Change, { kind: 'remove' }>): ClusterSpec {
  const { namespace, name } = change;
  switch (change.objectKind) {
    case 'node':
      return { ...spec, nodes: without(spec.nodes, undefined, name) };
    case 'namespace': {
      const keep = <T extends { readonly namespace: string }>(l: readonly T[]): readonly T[] => l.filter((x) => x.namespace !== name);
      return {
        ...spec,
        namespaces: without(spec.namespaces, undefined, name),
        pods: keep(spec.pods),
        services: keep(spec.services),
        endpointSlices: keep(spec.endpointSlices),
        networkPolicies: keep(spec.networkPolicies),
        ...(spec.ingresses ? { ingresses: keep(spec.ingresses) } : {}),
        ...(spec.gateways ? { gateways: keep(spec.gateways) } : {}),
        ...(spec.httpRoutes ? { httpRoutes: keep(spec.httpRoutes) } : {}),
        ...(spec.routes ? { routes: keep(spec.routes) } : {}),
      };
    }
    case 'pod':
      return { ...spec, pods: without(spec.pods, namespace, name) };
    case 'service':
      return { ...spec, services: without(spec.services, namespace, name) };
    case 'endpoint-slice':
      return { ...spec, endpointSlices: without(spec.endpointSlices, namespace, name) };
    case 'network-policy':
      return { ...spec, networkPolicies: without(spec.networkPolicies, namespace, name) };
    case 'host':
      return { ...spec, hosts: without(spec.hosts, undefined, name) };
    case 'security-group':
      return { ...spec, securityGroups: without(spec.securityGroups, undefined, name) };
    case 'admin-network-policy':
      return { ...spec, adminNetworkPolicies: without(spec.adminNetworkPolicies ?? [], undefined, name) };
    case 'baseline-admin-network-policy': {
      if (spec.baselineAdminNetworkPolicy?.name !== name) return spec;
      const { baselineAdminNetworkPolicy: _gone, ...rest } = spec;
      return rest;
    }
    case 'ingress':
      return { ...spec, ingresses: without(spec.ingresses ?? [], namespace, name) };
    case 'ingress-class':
      return { ...spec, ingressClasses: without(spec.ingressClasses ?? [], undefined, name) };
    case 'ingress-controller':
      return { ...spec, ingressControllers: without(spec.ingressControllers ?? [], undefined, name) };
    case 'link':
      return { ...spec, links: without(spec.links ?? [], undefined, name) };
    case 'lb-acl':
      return { ...spec, lbAcls: without(spec.lbAcls ?? [], undefined, name) };
    case 'gateway':
      return { ...spec, gateways: without(spec.gateways ?? [], namespace, name) };
    case 'http-route':
      return { ...spec, httpRoutes: without(spec.httpRoutes ?? [], namespace, name) };
    case 'route':
      return { ...spec, routes: without(spec.routes ?? [], namespace, name) };
    default:
      return assertNever(change.objectKind);
  }
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
      return upsert(spec, change.object);
    case 'remove':
      return remove(spec, change);
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
      return { ...spec, securityGroups: upsertIn(spec.securityGroups, { ...group, rules: [...group.rules, change.rule] }) };
    }
    case 'sg-attach': {
      const existing = spec.securityGroups.find((g) => g.name === change.group) ?? { name: change.group, pools: [], nodes: [], rules: [] };
      const union = (a: readonly string[], b: readonly string[]): readonly string[] => [...a, ...b.filter((x) => !a.includes(x))];
      return {
        ...spec,
        securityGroups: upsertIn(spec.securityGroups, {
          ...existing,
          pools: union(existing.pools, change.pools),
          nodes: union(existing.nodes, change.nodes),
          ...(change.hosts && change.hosts.length > 0 ? { hosts: union(existing.hosts ?? [], change.hosts) } : {}),
        }),
      };
    }
    default:
      return assertNever(change);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

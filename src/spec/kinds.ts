/**
 * The registry of object kinds: ONE entry per ObjectKind (the mapped type below requires an entry
 * for every kind) giving where the kind's objects live in a ClusterSpec, whether they are
 * namespaced, how they are keyed, how manifest diagnostics name them, how they are added,
 * replaced and removed, and how a second declaration is found. Steps (apply.ts), the checker's
 * name resolution and duplicate detection, the manifest reader's duplicate detection and the
 * language server read this table instead of listing the kinds themselves.
 *
 * Contract:
 * - An object's identity is its kind, its namespace when the kind is namespaced, and its name
 *   (Kubernetes: one object per kind, namespace and name). `objectKey` writes it as
 *   `kind namespace/name` or `kind name`: the words scenario diagnostics use ("pod shop/web is
 *   declared twice", "no such lb-acl"). Manifest diagnostics name the kind as Kubernetes does
 *   (`manifestName`: "Pod shop/web is declared twice").
 * - Upserting an object replaces the one with the same identity in place (keeping its position),
 *   or appends it; removing one drops it; naming one that does not exist changes nothing.
 *
 * Special cases, stated here instead of hidden in switches:
 * - baseline-admin-network-policy is a singleton: a cluster has at most one
 *   BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1 names it `default`), held in
 *   ClusterSpec.baselineAdminNetworkPolicy, not a list. Its store (`one`) reads it as a list of
 *   zero or one, and upserting one replaces whichever there was, whatever its name.
 * - Removing a namespace removes every namespaced object in it, as the namespace controller does
 *   (https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/): the
 *   namespace entry's `cascade`.
 *
 * Adding a kind: its member in SpecObject (objects.ts); its required list in ClusterSpec
 * (types.ts) and in NO_OBJECTS below; its entry in KINDS; then the code that gives the kind its
 * behaviour: the grammar and the checker's declaration (src/check), a manifest reader
 * (src/manifests/kinds) if Kubernetes YAML can declare it, and the model and engine code that
 * reads its list.
 */
import type { ObjectKind, SpecObject } from './objects.js';
import type { ClusterSpec } from './types.js';

/** The spec type of one kind's objects. */
export type SpecOf<K extends ObjectKind> = Extract<SpecObject, { kind: K }>['spec'];

/** The identity fields every kind's spec has (only namespaced kinds' specs have a namespace). */
type Named = { readonly name: string; readonly namespace?: string };

/** The ClusterSpec fields that hold a list of objects of type T. */
type ListField<T> = { [F in keyof ClusterSpec]-?: ClusterSpec[F] extends readonly T[] ? (readonly T[] extends ClusterSpec[F] ? F : never) : never }[keyof ClusterSpec];

/** Where a kind's objects live in a ClusterSpec: read as a list, written back as a list. */
export interface Store<T> {
  /** The ClusterSpec field. */
  readonly field: keyof ClusterSpec;
  list(spec: ClusterSpec): readonly T[];
  /**
   * The spec with this kind's objects replaced by `list`. (Method syntax: the generic code below
   * handles every kind as KindEntry<ObjectKind>, and only ever writes back a kind's own objects.)
   */
  withList(spec: ClusterSpec, list: readonly T[]): ClusterSpec;
  /** 'many': a list of objects; 'one': a singleton field, read as a list of zero or one. */
  readonly cardinality: 'many' | 'one';
}

export interface KindEntry<K extends ObjectKind> {
  readonly store: Store<SpecOf<K>>;
  /**
   * Namespaced kinds are identified by namespace and name; the others by name alone. The type
   * holds it to the spec: true exactly when the kind's spec has a namespace.
   */
  readonly namespaced: K extends ObjectKind ? (SpecOf<K> extends { readonly namespace: string } ? true : false) : never;
  /** The kind as manifest diagnostics name it: the Kubernetes kind, or netscn's words for its cloud objects. */
  readonly manifestName: string;
  /** What removing an object of this kind also removes (beyond the object itself). */
  readonly cascade?: (spec: ClusterSpec, name: string) => ClusterSpec;
  /**
   * Why the reachability matrix (src/matrix) cannot answer for a cluster holding an object of
   * this kind; absent: the matrix compiles it or it does not change pod-to-pod verdicts. Such a
   * cluster's for-all assertions are probed pair by pair (run/engine-default.ts).
   */
  readonly outsideMatrix?: string;
}

/** A list field of ClusterSpec (ListField makes `spec[field]` a list of T: the cast only says so). */
function many<T, F extends ListField<T>>(field: F): Store<T> & { readonly field: F; readonly cardinality: 'many' } {
  return {
    field,
    cardinality: 'many',
    list: (spec) => spec[field] as readonly T[],
    withList: (spec, list) => ({ ...spec, [field]: list }),
  };
}

/** The singleton BaselineAdminNetworkPolicy (see the header). */
const baselineStore: Store<SpecOf<'baseline-admin-network-policy'>> & { readonly field: 'baselineAdminNetworkPolicy'; readonly cardinality: 'one' } = {
  field: 'baselineAdminNetworkPolicy',
  cardinality: 'one',
  list: (spec) => (spec.baselineAdminNetworkPolicy ? [spec.baselineAdminNetworkPolicy] : []),
  withList: (spec, list) => {
    const one = list[list.length - 1];
    if (one) return { ...spec, baselineAdminNetworkPolicy: one };
    const { baselineAdminNetworkPolicy: _gone, ...rest } = spec;
    return rest;
  },
};

/** Removing a namespace removes every object of every namespaced kind in it. */
function removeNamespaceContents(spec: ClusterSpec, namespace: string): ClusterSpec {
  let out = spec;
  for (const kind of OBJECT_KINDS) {
    const entry: KindEntry<ObjectKind> = KINDS[kind];
    if (!entry.namespaced) continue;
    out = entry.store.withList(out, entry.store.list(out).filter((o: Named) => o.namespace !== namespace));
  }
  return out;
}

export const KINDS = {
  node: { store: many('nodes'), namespaced: false, manifestName: 'Node' },
  namespace: { store: many('namespaces'), namespaced: false, manifestName: 'Namespace', cascade: removeNamespaceContents },
  pod: { store: many('pods'), namespaced: true, manifestName: 'Pod' },
  service: { store: many('services'), namespaced: true, manifestName: 'Service' },
  'endpoint-slice': { store: many('endpointSlices'), namespaced: true, manifestName: 'EndpointSlice' },
  'network-policy': { store: many('networkPolicies'), namespaced: true, manifestName: 'NetworkPolicy' },
  host: { store: many('hosts'), namespaced: false, manifestName: 'host' },
  'security-group': { store: many('securityGroups'), namespaced: false, manifestName: 'security group' },
  'admin-network-policy': { store: many('adminNetworkPolicies'), namespaced: false, manifestName: 'AdminNetworkPolicy' },
  'baseline-admin-network-policy': { store: baselineStore, namespaced: false, manifestName: 'BaselineAdminNetworkPolicy' },
  ingress: { store: many('ingresses'), namespaced: true, manifestName: 'Ingress' },
  'ingress-class': { store: many('ingressClasses'), namespaced: false, manifestName: 'IngressClass' },
  'ingress-controller': { store: many('ingressControllers'), namespaced: false, manifestName: 'ingress controller' },
  link: { store: many('links'), namespaced: false, manifestName: 'link' },
  'lb-acl': { store: many('lbAcls'), namespaced: false, manifestName: 'load balancer ACL' },
  gateway: { store: many('gateways'), namespaced: true, manifestName: 'Gateway' },
  'http-route': { store: many('httpRoutes'), namespaced: true, manifestName: 'HTTPRoute' },
  route: { store: many('routes'), namespaced: true, manifestName: 'Route' },
  'user-defined-network': { store: many('userDefinedNetworks'), namespaced: true, manifestName: 'UserDefinedNetwork', outsideMatrix: 'primary-network isolation is decided outside NetworkPolicy (net/network-isolation.ts)' },
  'cluster-user-defined-network': {
    store: many('clusterUserDefinedNetworks'),
    namespaced: false,
    manifestName: 'ClusterUserDefinedNetwork',
    outsideMatrix: 'primary-network isolation is decided outside NetworkPolicy (net/network-isolation.ts)',
  },
  'network-attachment-definition': { store: many('networkAttachments'), namespaced: true, manifestName: 'NetworkAttachmentDefinition' },
  'multi-network-policy': { store: many('multiNetworkPolicies'), namespaced: true, manifestName: 'MultiNetworkPolicy' },
  'calico-network-policy': { store: many('calicoNetworkPolicies'), namespaced: true, manifestName: 'NetworkPolicy (projectcalico.org)', outsideMatrix: "the matrix does not compile Calico's tiers (policy/calico.ts)" },
  'calico-global-network-policy': { store: many('calicoGlobalNetworkPolicies'), namespaced: false, manifestName: 'GlobalNetworkPolicy', outsideMatrix: "the matrix does not compile Calico's tiers (policy/calico.ts)" },
  'calico-host-endpoint': { store: many('calicoHostEndpoints'), namespaced: false, manifestName: 'HostEndpoint', outsideMatrix: 'host endpoint policy is judged on the packet path (net/host-endpoint.ts)' },
  'calico-profile': { store: many('calicoProfiles'), namespaced: false, manifestName: 'Profile', outsideMatrix: "the matrix does not compile Calico's tiers and profiles (policy/calico.ts)" },
  'calico-tier': { store: many('calicoTierSpecs'), namespaced: false, manifestName: 'Tier' },
  'calico-network-set': { store: many('calicoNetworkSets'), namespaced: true, manifestName: 'NetworkSet' },
  'calico-global-network-set': { store: many('calicoGlobalNetworkSets'), namespaced: false, manifestName: 'GlobalNetworkSet' },
  'service-account': { store: many('serviceAccounts'), namespaced: true, manifestName: 'ServiceAccount' },
  'authorization-policy': { store: many('authorizationPolicies'), namespaced: true, manifestName: 'AuthorizationPolicy', outsideMatrix: "Istio's sidecar stage is the trace engine's (net/sidecar.ts)" },
  'cilium-network-policy': { store: many('ciliumNetworkPolicies'), namespaced: true, manifestName: 'CiliumNetworkPolicy', outsideMatrix: "the matrix does not compile Cilium's policies (policy/cilium.ts)" },
  'cilium-clusterwide-network-policy': { store: many('ciliumClusterwideNetworkPolicies'), namespaced: false, manifestName: 'CiliumClusterwideNetworkPolicy', outsideMatrix: "the matrix does not compile Cilium's policies (policy/cilium.ts)" },
  'peer-authentication': { store: many('peerAuthentications'), namespaced: true, manifestName: 'PeerAuthentication', outsideMatrix: "Istio's sidecar stage is the trace engine's (net/sidecar.ts)" },
  'istio-sidecar': { store: many('istioSidecars'), namespaced: true, manifestName: 'Sidecar', outsideMatrix: "Istio's outbound stage is the trace engine's (net/sidecar-egress.ts)" },
  'service-entry': { store: many('serviceEntries'), namespaced: true, manifestName: 'ServiceEntry' },
  'istio-gateway': { store: many('istioGateways'), namespaced: true, manifestName: 'Gateway (networking.istio.io)' },
  'virtual-service': { store: many('virtualServices'), namespaced: true, manifestName: 'VirtualService' },
} as const satisfies { readonly [K in ObjectKind]: KindEntry<K> };

/** Every kind, in the table's order (the order of SpecObject). */
export const OBJECT_KINDS = Object.keys(KINDS) as readonly ObjectKind[];

/** The kinds of the spec's objects that the reachability matrix cannot answer for (KindEntry `outsideMatrix`). */
export function kindsOutsideMatrix(spec: ClusterSpec): ObjectKind[] {
  return OBJECT_KINDS.filter((k) => {
    const entry: KindEntry<ObjectKind> = KINDS[k];
    return entry.outsideMatrix !== undefined && entry.store.list(spec).length > 0;
  });
}

/** The ClusterSpec fields that hold objects as lists (every kind's but the singleton's). */
export type ObjectListField = Extract<(typeof KINDS)[ObjectKind]['store'], { readonly cardinality: 'many' }>['field'];

/**
 * A cluster with no objects: every object list, empty. Whatever produces a ClusterSpec spreads
 * this and sets the lists it has.
 */
export const NO_OBJECTS: { readonly [F in ObjectListField]: readonly never[] } = {
  nodes: [],
  namespaces: [],
  pods: [],
  services: [],
  endpointSlices: [],
  networkPolicies: [],
  hosts: [],
  securityGroups: [],
  adminNetworkPolicies: [],
  ingresses: [],
  ingressClasses: [],
  ingressControllers: [],
  links: [],
  lbAcls: [],
  gateways: [],
  httpRoutes: [],
  routes: [],
  userDefinedNetworks: [],
  clusterUserDefinedNetworks: [],
  networkAttachments: [],
  multiNetworkPolicies: [],
  calicoNetworkPolicies: [],
  calicoGlobalNetworkPolicies: [],
  calicoHostEndpoints: [],
  calicoProfiles: [],
  calicoTierSpecs: [],
  calicoNetworkSets: [],
  calicoGlobalNetworkSets: [],
  serviceAccounts: [],
  authorizationPolicies: [],
  ciliumNetworkPolicies: [],
  ciliumClusterwideNetworkPolicies: [],
  peerAuthentications: [],
  istioSidecars: [],
  serviceEntries: [],
  istioGateways: [],
  virtualServices: [],
};

/** The table's entry for one kind, typed by its kind. */
export function kindEntry<K extends ObjectKind>(kind: K): KindEntry<K> {
  const table: { readonly [P in ObjectKind]: KindEntry<P> } = KINDS;
  return table[kind];
}

export function isNamespaced(kind: ObjectKind): boolean {
  return KINDS[kind].namespaced;
}

/** The object's name as diagnostics show it: `namespace/name` for namespaced kinds (unqualified means `default`), `name` otherwise. */
export function shownName(kind: ObjectKind, namespace: string | undefined, name: string): string {
  return isNamespaced(kind) ? `${namespace ?? 'default'}/${name}` : name;
}

/** An object's identity as one string: `kind namespace/name` or `kind name` (see the header). */
export function objectKey(kind: ObjectKind, namespace: string | undefined, name: string): string {
  return `${kind} ${shownName(kind, namespace, name)}`;
}

/** The namespace of an object whose kind is namespaced; undefined otherwise. */
export function namespaceOf(o: SpecObject): string | undefined {
  const spec: Named = o.spec;
  return isNamespaced(o.kind) ? spec.namespace : undefined;
}

export function keyOfObject(o: SpecObject): string {
  return objectKey(o.kind, namespaceOf(o), o.spec.name);
}

/** The objects of one kind in a cluster. */
export function objectsOf<K extends ObjectKind>(spec: ClusterSpec, kind: K): readonly SpecOf<K>[] {
  return kindEntry(kind).store.list(spec);
}

/** Whether `o` has this identity; a namespaced kind's object matches only its own namespace (undefined matches none). */
function sameIdentity(kind: ObjectKind, o: Named, namespace: string | undefined, name: string): boolean {
  return o.name === name && (!isNamespaced(kind) || o.namespace === namespace);
}

/** The cluster with `spec` added, or replacing the object of its kind with its identity (a singleton: replacing the one there is). */
export function upsertSpec<K extends ObjectKind>(cluster: ClusterSpec, kind: K, spec: SpecOf<K>): ClusterSpec {
  const { store } = kindEntry(kind);
  if (store.cardinality === 'one') return store.withList(cluster, [spec]);
  const list = store.list(cluster);
  const named: Named = spec;
  const i = list.findIndex((x: Named) => sameIdentity(kind, x, named.namespace, named.name));
  return store.withList(cluster, i < 0 ? [...list, spec] : list.map((x, j) => (j === i ? spec : x)));
}

export function upsertObject(cluster: ClusterSpec, o: SpecObject): ClusterSpec {
  return upsertSpec(cluster, o.kind, o.spec);
}

/** The cluster without the named object (and what its kind's cascade removes with it). */
export function removeObject(cluster: ClusterSpec, kind: ObjectKind, namespace: string | undefined, name: string): ClusterSpec {
  const entry: KindEntry<ObjectKind> = kindEntry(kind);
  const kept = entry.store.withList(
    cluster,
    entry.store.list(cluster).filter((x: Named) => !sameIdentity(kind, x, namespace, name)),
  );
  return entry.cascade ? entry.cascade(kept, name) : kept;
}

/** Objects grouped by kind, each group in the given order. */
export type ObjectsByKind = { [K in ObjectKind]: SpecOf<K>[] };

export function groupByKind(objects: readonly SpecObject[]): ObjectsByKind {
  const out = Object.fromEntries(OBJECT_KINDS.map((k) => [k, []])) as unknown as ObjectsByKind;
  for (const o of objects) (out[o.kind] as SpecObject['spec'][]).push(o.spec);
  return out;
}

/** A second declaration of an object: the item and the first declaration of the same identity. */
export interface Duplicate<T> {
  readonly item: T;
  readonly first: T;
  /** The identity they share (objectKey). */
  readonly key: string;
}

/**
 * Splits items (scenario declarations, manifest objects) into the first declaration of each
 * identity, in order, and the later ones. Scenario and manifest input find duplicates here; they
 * report them differently (the scenario's words and code NS1003, the manifests' Kubernetes kind
 * names and code NS2103), so reporting is the caller's.
 */
export function splitDuplicates<T>(items: readonly T[], objectOf: (item: T) => SpecObject): { readonly kept: T[]; readonly duplicates: Duplicate<T>[] } {
  const firsts = new Map<string, T>();
  const kept: T[] = [];
  const duplicates: Duplicate<T>[] = [];
  for (const item of items) {
    const key = keyOfObject(objectOf(item));
    const first = firsts.get(key);
    if (first === undefined) {
      firsts.set(key, item);
      kept.push(item);
    } else duplicates.push({ item, first, key });
  }
  return { kept, duplicates };
}

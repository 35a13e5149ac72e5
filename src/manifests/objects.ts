/**
 * Located YAML documents → spec objects. Each document is one Kubernetes object or a List of
 * them; `kind` is matched exactly, and apiVersion by the one rule of api-version-rule.ts (over
 * the versions each kind is served in, VERSIONS below): an unserved group is read as the kind
 * with a warning, a group defining another kind of the name is skipped, an unserved or removed
 * version of the kind's group is refused as the API server refuses it (read with a warning for
 * analyses of existing manifests: ReadOptions.lenientVersions). Objects come out in declaration order; a
 * workload (and a VirtualMachine) expands in place into its pods. Kinds not simulated are skipped
 * with a warning. Two groups define a NetworkPolicy: networking.k8s.io's and Calico's
 * (projectcalico.org), read as two kinds (`NetworkPolicy.projectcalico.org` is the Calico one's
 * key below). A document that is a sequence is read as calicoctl reads a file holding a list of
 * resources [calicoctl-loader] (and writes one for `calicoctl get` of several kinds: a JSON
 * array of Lists): each item an object or a List.
 *
 * [calicoctl-loader] projectcalico/libcalico lib/resourceloader.go: a file is "either a single
 *   resource or list of resources"; the list is a YAML or JSON sequence
 */
import type { SpecObject } from '../spec/objects.js';
import type { NodeSpec } from '../spec/types.js';
import { DIAG, message } from '../diag/catalogue.js';
import { calicoGlobalNetworkPolicyFromManifest, calicoNetworkPolicyFromManifest } from './kinds/calico-policy.js';
import {
  calicoGlobalNetworkSetFromManifest,
  calicoHostEndpointFromManifest,
  calicoNetworkSetFromManifest,
  calicoProfileFromManifest,
  calicoTierFromManifest,
  calicoWorkloadEndpointFromManifest,
  checkCalicoTiers,
} from './kinds/calico-resources.js';
import { adminNetworkPolicyFromManifest, baselineAdminNetworkPolicyFromManifest } from './kinds/admin-network-policy.js';
import { ingressClassFromManifest, ingressFromManifest } from './kinds/ingress.js';
import { gatewayFromManifest, httpRouteFromManifest } from './kinds/gateway.js';
import { routeFromManifest } from './kinds/route.js';
import { authorizationPolicyFromManifest } from './kinds/authorization-policy.js';
import { ciliumClusterwideNetworkPolicyFromManifest, ciliumNetworkPolicyFromManifest } from './kinds/cilium-policy.js';
import { serviceAccountFromManifest } from './kinds/service-account.js';
import { peerAuthenticationFromManifest } from './kinds/peer-authentication.js';
import { istioSidecarFromManifest } from './kinds/istio-sidecar.js';
import { serviceEntryFromManifest } from './kinds/service-entry.js';
import { istioGatewayFromManifest } from './kinds/istio-gateway.js';
import { virtualServiceFromManifest } from './kinds/virtual-service.js';
import { endpointSliceFromManifest } from './kinds/endpoint-slice.js';
import { slicesFromEndpoints } from './kinds/endpoints.js';
import { namespaceFromManifest } from './kinds/namespace.js';
import { networkPolicyFromManifest } from './kinds/network-policy.js';
import { nodeFromManifest } from './kinds/node.js';
import { podFromManifest } from './kinds/pod.js';
import { serviceFromManifest } from './kinds/service.js';
import { podsFromWorkload } from './kinds/workloads.js';
import { clusterUserDefinedNetworkFromManifest, userDefinedNetworkFromManifest } from './kinds/user-defined-network.js';
import { podFromVirtualMachine } from './kinds/virtual-machine.js';
import { multiNetworkPolicyFromManifest, networkAttachmentFromManifest } from './kinds/network-attachment.js';
import type { WorkloadKind } from './kinds/workloads.js';
import type { RawObject } from './object-meta.js';
import { asSeq, asString, child, field, report } from './read.js';
import type { Reader } from './read.js';
import type { LNode } from './yaml-tree.js';
import { assertNever } from '../spec/never.js';
import { groupOf, readsVersion, type KindVersions } from './api-version-rule.js';

export type SupportedKind =
  | 'Namespace' | 'Node' | 'Pod' | 'Service' | 'Endpoints' | 'EndpointSlice' | 'NetworkPolicy'
  | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy' | 'NetworkPolicy.projectcalico.org' | 'GlobalNetworkPolicy'
  | 'HostEndpoint' | 'Profile' | 'Tier' | 'NetworkSet' | 'GlobalNetworkSet' | 'WorkloadEndpoint' | 'ServiceAccount' | 'Ingress' | 'IngressClass' | 'Gateway' | 'HTTPRoute' | 'Route' | 'AuthorizationPolicy'
  | 'CiliumNetworkPolicy' | 'CiliumClusterwideNetworkPolicy' | 'PeerAuthentication' | 'Sidecar' | 'ServiceEntry' | 'Gateway.networking.istio.io' | 'VirtualService'
  | 'UserDefinedNetwork' | 'ClusterUserDefinedNetwork' | 'VirtualMachine' | 'NetworkAttachmentDefinition' | 'MultiNetworkPolicy' | WorkloadKind;

const WORKLOAD_BETAS = { 'extensions/v1beta1': '1.16', 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' };

const VERSIONS: Readonly<Record<SupportedKind, KindVersions>> = {
  Namespace: { served: ['v1'] },
  Node: { served: ['v1'] },
  Pod: { served: ['v1'] },
  Service: { served: ['v1'] },
  Endpoints: { served: ['v1'] },
  ReplicationController: { served: ['v1'] },
  EndpointSlice: { served: ['discovery.k8s.io/v1'], removed: { 'discovery.k8s.io/v1beta1': '1.25' } },
  NetworkPolicy: { served: ['networking.k8s.io/v1'], removed: { 'extensions/v1beta1': '1.16' } },
  AdminNetworkPolicy: { served: ['policy.networking.k8s.io/v1alpha1'] },
  BaselineAdminNetworkPolicy: { served: ['policy.networking.k8s.io/v1alpha1'] },
  'NetworkPolicy.projectcalico.org': { served: ['projectcalico.org/v3'] },
  GlobalNetworkPolicy: { served: ['projectcalico.org/v3'] },
  HostEndpoint: { served: ['projectcalico.org/v3'] },
  ServiceAccount: { served: ['v1'] },
  Profile: { served: ['projectcalico.org/v3'] },
  Tier: { served: ['projectcalico.org/v3'] },
  NetworkSet: { served: ['projectcalico.org/v3'] },
  GlobalNetworkSet: { served: ['projectcalico.org/v3'] },
  WorkloadEndpoint: { served: ['projectcalico.org/v3'] },
  Ingress: { served: ['networking.k8s.io/v1'], removed: { 'networking.k8s.io/v1beta1': '1.22', 'extensions/v1beta1': '1.22' } },
  IngressClass: { served: ['networking.k8s.io/v1'], removed: { 'networking.k8s.io/v1beta1': '1.22' } },
  Gateway: { served: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'] },
  HTTPRoute: { served: ['gateway.networking.k8s.io/v1', 'gateway.networking.k8s.io/v1beta1'] },
  Route: { served: ['route.openshift.io/v1'] },
  UserDefinedNetwork: { served: ['k8s.ovn.org/v1'] },
  ClusterUserDefinedNetwork: { served: ['k8s.ovn.org/v1'] },
  VirtualMachine: { served: ['kubevirt.io/v1', 'kubevirt.io/v1alpha3'] },
  NetworkAttachmentDefinition: { served: ['k8s.cni.cncf.io/v1'] },
  MultiNetworkPolicy: { served: ['k8s.cni.cncf.io/v1beta1', 'k8s.cni.cncf.io/v1beta2'] },
  AuthorizationPolicy: { served: ['security.istio.io/v1', 'security.istio.io/v1beta1'] },
  CiliumNetworkPolicy: { served: ['cilium.io/v2'] },
  CiliumClusterwideNetworkPolicy: { served: ['cilium.io/v2'] },
  PeerAuthentication: { served: ['security.istio.io/v1', 'security.istio.io/v1beta1'] },
  Sidecar: { served: ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'] },
  ServiceEntry: { served: ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'] },
  'Gateway.networking.istio.io': { served: ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'] },
  VirtualService: { served: ['networking.istio.io/v1', 'networking.istio.io/v1beta1', 'networking.istio.io/v1alpha3'] },
  Deployment: { served: ['apps/v1'], removed: WORKLOAD_BETAS },
  ReplicaSet: { served: ['apps/v1'], removed: { 'extensions/v1beta1': '1.16', 'apps/v1beta2': '1.16' } },
  DaemonSet: { served: ['apps/v1'], removed: { 'extensions/v1beta1': '1.16', 'apps/v1beta2': '1.16' } },
  StatefulSet: { served: ['apps/v1'], removed: { 'apps/v1beta1': '1.16', 'apps/v1beta2': '1.16' } },
  Job: { served: ['batch/v1'] },
  CronJob: { served: ['batch/v1'], removed: { 'batch/v1beta1': '1.25', 'batch/v2alpha1': '1.21' } },
};

export const SUPPORTED_KINDS = Object.keys(VERSIONS) as readonly SupportedKind[];

/** Kinds with planned support: skipped with a distinct warning. */
export const PLANNED_KINDS: readonly string[] = [
  'GatewayClass',
];

const MAX_LIST_DEPTH = 4;

/** Calico's API group, and the key of its NetworkPolicy among the kinds read. */
const CALICO_GROUP = 'projectcalico.org';
const CALICO_NETWORK_POLICY: SupportedKind = 'NetworkPolicy.projectcalico.org';
/** Istio's networking group, and the key of its Gateway (the Gateway API's is `Gateway`). */
const ISTIO_NETWORKING_GROUP = 'networking.istio.io';
const ISTIO_GATEWAY: SupportedKind = 'Gateway.networking.istio.io';

export function objectsFromDocuments(r: Reader, documents: readonly LNode[]): SpecObject[] {
  const raws: { raw: RawObject; kind: SupportedKind }[] = [];
  for (const doc of documents) collect(r, doc, '', 0, raws);

  // Nodes first: DaemonSets need the nodes of the whole input.
  const slots: (SpecObject[] | undefined)[] = raws.map(({ raw, kind }) => {
    if (kind !== 'Node') return undefined;
    const spec = nodeFromManifest(r, raw);
    return spec ? [{ kind: 'node', spec }] : [];
  });
  const nodes: NodeSpec[] = slots.flatMap((s) => (s ?? []).flatMap((o) => (o.kind === 'node' ? [o.spec] : [])));
  const mirrored = new Set<SpecObject>();
  const out = raws.flatMap(({ raw, kind }, i) => slots[i] ?? mapObject(r, raw, kind, nodes, mirrored));
  return checkCalicoTiers(r, dropLaunchersOfVirtualMachines(dropMirroredOfSelectorServices(r, out, mirrored)));
}

/**
 * A VirtualMachine's launcher pod (owned by its VirtualMachineInstance, of the VM's name) given
 * alongside the VM is the pod the VM already stands for (kinds/virtual-machine.ts): it is dropped.
 */
function dropLaunchersOfVirtualMachines(objects: SpecObject[]): SpecObject[] {
  const vms = new Set(objects.flatMap((o) => (o.kind === 'pod' && o.spec.owner?.kind === 'VirtualMachine' ? [`${o.spec.namespace}/${o.spec.owner.name}`] : [])));
  if (vms.size === 0) return objects;
  return objects.filter((o) => !(o.kind === 'pod' && o.spec.owner?.kind === 'VirtualMachineInstance' && vms.has(`${o.spec.namespace}/${o.spec.owner.name}`)));
}

/** `implied`: the item kind and apiVersion of a typed list (PodList items need no kind). */
function collect(
  r: Reader,
  n: LNode,
  path: string,
  depth: number,
  out: { raw: RawObject; kind: SupportedKind }[],
  implied?: { readonly kind: string; readonly apiVersion?: string },
): void {
  const where = path === '' ? 'document' : path;
  if (n.kind === 'seq' && path === '' && depth === 0) {
    // calicoctl's list of resources (see the header): its items are read as documents.
    n.items.forEach((item, i) => collect(r, item, child('', i), depth + 1, out));
    return;
  }
  if (n.kind !== 'map') {
    report(r, DIAG.notAnObject, 'error', `${where}: expected a Kubernetes object (a mapping with apiVersion and kind)`, n.span);
    return;
  }
  const kindNode = field(n, 'kind');
  const kind = kindNode === undefined ? implied?.kind : asString(r, kindNode, child(path, 'kind'));
  if (kindNode === undefined && kind === undefined) {
    report(r, DIAG.notAnObject, 'error', `${where}: not a Kubernetes object: \`kind\` is missing`, n.span, { expected: 'apiVersion and kind' });
    return;
  }
  if (kind === undefined) return;
  const kindSpan = kindNode?.span ?? n.span;
  const apiNode = field(n, 'apiVersion');
  const apiVersion = apiNode === undefined ? implied?.apiVersion : asString(r, apiNode, child(path, 'apiVersion'));
  if (kind === 'List' || (kind.endsWith('List') && field(n, 'items') !== undefined)) {
    if (depth >= MAX_LIST_DEPTH) {
      report(r, DIAG.inputTooLarge, 'error', `${where}: Lists nested deeper than ${MAX_LIST_DEPTH} levels`, kindSpan);
      return;
    }
    const itemKind = kind === 'List' ? undefined : { kind: kind.slice(0, -'List'.length), ...(apiVersion !== undefined ? { apiVersion } : {}) };
    asSeq(r, field(n, 'items'), child(path, 'items')).forEach((item, i) => collect(r, item, child(child(path, 'items'), i), depth + 1, out, itemKind));
    return;
  }
  const group = apiVersion !== undefined ? groupOf(apiVersion) : undefined;
  const key = kind === 'NetworkPolicy' && group === CALICO_GROUP ? CALICO_NETWORK_POLICY : kind === 'Gateway' && group === ISTIO_NETWORKING_GROUP ? ISTIO_GATEWAY : kind;
  const supported = (SUPPORTED_KINDS as readonly string[]).includes(key) ? (key as SupportedKind) : undefined;
  if (supported === undefined) {
    const near = SUPPORTED_KINDS.find((k) => k.toLowerCase() === kind.toLowerCase() || k.toLowerCase() + 's' === kind.toLowerCase());
    if (near) {
      report(r, DIAG.kindNearMiss, 'error', message(DIAG.kindNearMiss, { kind }), kindSpan, { help: `did you mean \`${near}\`?`, label: 'kinds are case-sensitive and singular' });
    } else if (PLANNED_KINDS.includes(kind)) {
      report(r, DIAG.kindPlanned, 'warning', message(DIAG.kindPlanned, { kind }), kindSpan, { notes: [`support for ${kind} is planned`] });
    } else {
      report(r, DIAG.kindNotSimulated, 'warning', message(DIAG.kindNotSimulated, { kind }), kindSpan);
    }
    return;
  }
  // A non-string apiVersion is reported by asString; the object is read as the kind.
  const unreadable = apiNode !== undefined && apiVersion === undefined;
  if (!unreadable && !readsVersion(r, kind, VERSIONS[supported], apiVersion, { ...(apiNode ? { apiVersion: apiNode.span } : {}), kind: kindSpan }, path)) return;
  out.push({ raw: { kind, ...(apiVersion !== undefined ? { apiVersion } : {}), map: n, path }, kind: supported });
}

function mapObject(r: Reader, raw: RawObject, kind: SupportedKind, nodes: readonly NodeSpec[], mirrored: Set<SpecObject>): SpecObject[] {
  const one = <T>(spec: T | undefined, wrap: (s: T) => SpecObject): SpecObject[] => (spec === undefined ? [] : [wrap(spec)]);
  switch (kind) {
    case 'Namespace':
      return one(namespaceFromManifest(r, raw), (spec) => ({ kind: 'namespace', spec }));
    case 'Node':
      return one(nodeFromManifest(r, raw), (spec) => ({ kind: 'node', spec }));
    case 'Pod':
      return one(podFromManifest(r, raw), (spec) => ({ kind: 'pod', spec }));
    case 'Service':
      return one(serviceFromManifest(r, raw), (spec) => ({ kind: 'service', spec }));
    case 'EndpointSlice':
      return one(endpointSliceFromManifest(r, raw), (spec) => ({ kind: 'endpoint-slice', spec }));
    case 'Endpoints':
      return slicesFromEndpoints(r, raw).map((spec) => {
        const o: SpecObject = { kind: 'endpoint-slice', spec };
        mirrored.add(o);
        return o;
      });
    case 'NetworkPolicy':
      return one(networkPolicyFromManifest(r, raw), (spec) => ({ kind: 'network-policy', spec }));
    case 'AdminNetworkPolicy':
      return one(adminNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'admin-network-policy', spec }));
    case 'Ingress':
      return one(ingressFromManifest(r, raw), (spec) => ({ kind: 'ingress', spec }));
    case 'IngressClass':
      return one(ingressClassFromManifest(r, raw), (spec) => ({ kind: 'ingress-class', spec }));
    case 'Gateway':
      return one(gatewayFromManifest(r, raw), (spec) => ({ kind: 'gateway', spec }));
    case 'HTTPRoute':
      return one(httpRouteFromManifest(r, raw), (spec) => ({ kind: 'http-route', spec }));
    case 'Route':
      return one(routeFromManifest(r, raw), (spec) => ({ kind: 'route', spec }));
    case 'AuthorizationPolicy':
      return one(authorizationPolicyFromManifest(r, raw), (spec) => ({ kind: 'authorization-policy', spec }));
    case 'CiliumNetworkPolicy':
      return one(ciliumNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'cilium-network-policy', spec }));
    case 'CiliumClusterwideNetworkPolicy':
      return one(ciliumClusterwideNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'cilium-clusterwide-network-policy', spec }));
    case 'PeerAuthentication':
      return one(peerAuthenticationFromManifest(r, raw), (spec) => ({ kind: 'peer-authentication', spec }));
    case 'Sidecar':
      return one(istioSidecarFromManifest(r, raw), (spec) => ({ kind: 'istio-sidecar', spec }));
    case 'ServiceEntry':
      return one(serviceEntryFromManifest(r, raw), (spec) => ({ kind: 'service-entry', spec }));
    case 'Gateway.networking.istio.io':
      return one(istioGatewayFromManifest(r, raw), (spec) => ({ kind: 'istio-gateway', spec }));
    case 'VirtualService':
      return one(virtualServiceFromManifest(r, raw), (spec) => ({ kind: 'virtual-service', spec }));
    case 'BaselineAdminNetworkPolicy':
      return one(baselineAdminNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'baseline-admin-network-policy', spec }));
    case 'UserDefinedNetwork':
      return one(userDefinedNetworkFromManifest(r, raw), (spec) => ({ kind: 'user-defined-network', spec }));
    case 'ClusterUserDefinedNetwork':
      return one(clusterUserDefinedNetworkFromManifest(r, raw), (spec) => ({ kind: 'cluster-user-defined-network', spec }));
    case 'VirtualMachine':
      return one(podFromVirtualMachine(r, raw), (spec) => ({ kind: 'pod', spec }));
    case 'NetworkAttachmentDefinition':
      return one(networkAttachmentFromManifest(r, raw), (spec) => ({ kind: 'network-attachment-definition', spec }));
    case 'MultiNetworkPolicy':
      return one(multiNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'multi-network-policy', spec }));
    case 'NetworkPolicy.projectcalico.org':
      return one(calicoNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'calico-network-policy', spec }));
    case 'GlobalNetworkPolicy':
      return one(calicoGlobalNetworkPolicyFromManifest(r, raw), (spec) => ({ kind: 'calico-global-network-policy', spec }));
    case 'HostEndpoint':
      return one(calicoHostEndpointFromManifest(r, raw), (spec) => ({ kind: 'calico-host-endpoint', spec }));
    case 'Profile':
      return one(calicoProfileFromManifest(r, raw), (spec) => ({ kind: 'calico-profile', spec }));
    case 'Tier':
      return one(calicoTierFromManifest(r, raw), (spec) => ({ kind: 'calico-tier', spec }));
    case 'ServiceAccount':
      return one(serviceAccountFromManifest(r, raw), (spec) => ({ kind: 'service-account', spec }));
    case 'NetworkSet':
      return one(calicoNetworkSetFromManifest(r, raw), (spec) => ({ kind: 'calico-network-set', spec }));
    case 'GlobalNetworkSet':
      return one(calicoGlobalNetworkSetFromManifest(r, raw), (spec) => ({ kind: 'calico-global-network-set', spec }));
    case 'WorkloadEndpoint':
      return one(calicoWorkloadEndpointFromManifest(r, raw), (spec) => ({ kind: 'pod', spec }));
    case 'Deployment':
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
    case 'CronJob':
    case 'ReplicationController':
      return podsFromWorkload(r, raw, kind, nodes).map((spec) => ({ kind: 'pod', spec }));
    default:
      return assertNever(kind);
  }
}

/** The mirroring controller leaves Endpoints of a Service with a selector alone. */
function dropMirroredOfSelectorServices(r: Reader, objects: SpecObject[], mirrored: ReadonlySet<SpecObject>): SpecObject[] {
  const withSelector = new Set(
    objects.flatMap((o) => (o.kind === 'service' && o.spec.selector !== null ? [`${o.spec.namespace}/${o.spec.name}`] : [])),
  );
  const reported = new Set<string>();
  return objects.filter((o) => {
    if (!mirrored.has(o) || o.kind !== 'endpoint-slice') return true;
    const key = `${o.spec.namespace}/${o.spec.service}`;
    if (!withSelector.has(key)) return true;
    if (!reported.has(key) && o.spec.span) {
      reported.add(key);
      report(r, DIAG.approximated, 'warning', `Endpoints ${key} is ignored: Service ${o.spec.service} has a selector, so its endpoints come from the pods`, o.spec.span, {
        notes: ['the EndpointSlice mirroring controller only mirrors Endpoints of selector-less Services'],
      });
    }
    return false;
  });
}

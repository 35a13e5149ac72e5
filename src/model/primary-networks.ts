/**
 * Each namespace's primary network: the cluster's pod network, or the primary user-defined network
 * (OVN-Kubernetes UserDefinedNetwork / ClusterUserDefinedNetwork) that serves it. A pod's primary
 * network is its namespace's. OVN-Kubernetes' rules
 * (https://ovn-kubernetes.io/features/user-defined-networks/user-defined-networks/, and the
 * OpenShift "About user-defined networks" documentation):
 * - only a network of role `Primary` replaces the pod network; a `Secondary` one adds an
 *   interface beside it (not modelled here);
 * - a UserDefinedNetwork serves its own namespace; a ClusterUserDefinedNetwork every namespace its
 *   namespaceSelector selects (which sees the `kubernetes.io/metadata.name` label too);
 * - a namespace takes a primary network only when it carries the label
 *   `k8s.ovn.org/primary-user-defined-network` (set at its creation); a network naming a namespace
 *   without it leaves that namespace on the pod network;
 * - `default` and `openshift-*` namespaces never take one;
 * - a namespace has at most one primary network: a second one for it is refused (ignored here).
 * A namespace not in the input has no labels to show, so it stays on the pod network.
 * Pods on different primary networks are isolated from each other: no traffic between them;
 * pods of one primary network reach each other as NetworkPolicy allows, and reach (and are
 * reached from) outside the cluster as on the pod network.
 * Ignored networks are returned with the reason, in input order, for the caller to report.
 */
import type { ClusterUserDefinedNetworkSpec, NamespaceSpec, UserDefinedNetworkSpec } from '../spec/types.js';
import { matchesSelector } from '../spec/selector.js';
import { namespaceLabelsOf } from '../policy/namespace-labels.js';
import { PRIMARY_UDN_LABEL } from '../spec/well-known-labels.js';
import { assertNever } from '../spec/never.js';

export type PrimaryNetwork =
  /** The cluster's default pod network. */
  | { readonly kind: 'pod-network' }
  /** A namespace's own UserDefinedNetwork: the network is named after the namespace (`name`, the UDN object). */
  | { readonly kind: 'udn'; readonly namespace: string; readonly name: string }
  /** A ClusterUserDefinedNetwork shared by the namespaces it selects. */
  | { readonly kind: 'cudn'; readonly name: string };

export const POD_NETWORK: PrimaryNetwork = { kind: 'pod-network' };

/** A primary network that serves no namespace, or a namespace it cannot serve, and why. */
export interface IgnoredNetwork {
  readonly network: string;
  readonly namespace?: string;
  readonly reason: string;
}

export interface PrimaryNetworks {
  /** The namespaces a primary (C)UDN serves; every other namespace is on the pod network. */
  readonly byNamespace: ReadonlyMap<string, PrimaryNetwork>;
  readonly ignored: readonly IgnoredNetwork[];
}

/** The network's identity: equal keys ⇔ the same network. */
export function networkKey(n: PrimaryNetwork): string {
  switch (n.kind) {
    case 'pod-network':
      return 'pod-network';
    case 'udn':
      return `udn ${n.namespace}`;
    case 'cudn':
      return `cudn ${n.name}`;
    default:
      return assertNever(n);
  }
}

/** How the network is named to a user: `pod network`, `UDN green`, `CUDN tenant`. */
export function networkText(n: PrimaryNetwork): string {
  switch (n.kind) {
    case 'pod-network':
      return 'pod network';
    case 'udn':
      return `UDN ${n.namespace}`;
    case 'cudn':
      return `CUDN ${n.name}`;
    default:
      return assertNever(n);
  }
}

/** Why a namespace cannot take a primary network, or undefined when it can. */
function refusal(ns: NamespaceSpec | undefined, name: string): string | undefined {
  if (name === 'default' || name.startsWith('openshift-')) return `namespace ${name} cannot take a primary user-defined network`;
  if (ns === undefined) return `namespace ${name} is not in the input`;
  if (!(PRIMARY_UDN_LABEL in ns.labels)) return `namespace ${name} lacks the label ${PRIMARY_UDN_LABEL}`;
  return undefined;
}

export function primaryNetworks(
  namespaces: readonly NamespaceSpec[],
  udns: readonly UserDefinedNetworkSpec[],
  cudns: readonly ClusterUserDefinedNetworkSpec[],
): PrimaryNetworks {
  const byNamespace = new Map<string, PrimaryNetwork>();
  const ignored: IgnoredNetwork[] = [];
  const byName = new Map(namespaces.map((n) => [n.name, n]));
  const assign = (namespace: string, network: PrimaryNetwork, shown: string): void => {
    const why = refusal(byName.get(namespace), namespace);
    const taken = byNamespace.get(namespace);
    if (why !== undefined) ignored.push({ network: shown, namespace, reason: why });
    else if (taken !== undefined) ignored.push({ network: shown, namespace, reason: `namespace ${namespace} already has the primary network ${networkText(taken)}` });
    else byNamespace.set(namespace, network);
  };
  for (const u of udns) {
    const shown = `UserDefinedNetwork ${u.namespace}/${u.name}`;
    if (u.role !== 'Primary') ignored.push({ network: shown, reason: 'a Secondary network leaves the pod network primary' });
    else assign(u.namespace, { kind: 'udn', namespace: u.namespace, name: u.name }, shown);
  }
  for (const c of cudns) {
    const shown = `ClusterUserDefinedNetwork ${c.name}`;
    if (c.role !== 'Primary') {
      ignored.push({ network: shown, reason: 'a Secondary network leaves the pod network primary' });
      continue;
    }
    const selected = namespaces.filter((n) => matchesSelector(c.namespaceSelector, namespaceLabelsOf(n.name, n.labels)));
    if (selected.length === 0) ignored.push({ network: shown, reason: 'it selects no namespace in the input' });
    for (const n of selected) assign(n.name, { kind: 'cudn', name: c.name }, shown);
  }
  return { byNamespace, ignored };
}

/** The primary network of a namespace's pods. */
export function networkOf(networks: PrimaryNetworks, namespace: string): PrimaryNetwork {
  return networks.byNamespace.get(namespace) ?? POD_NETWORK;
}

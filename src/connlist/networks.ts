/**
 * Connectivity lists per network, for clusters with user-defined networks (OVN-Kubernetes),
 * Multus secondary networks or virtual machines: netpol-analyzer's multi-network output, so its
 * corpus is an oracle here too.
 *
 * - Workloads are grouped by their primary network (src/model/primary-networks.ts: the pod
 *   network, a namespace's primary UserDefinedNetwork, or a primary ClusterUserDefinedNetwork).
 *   Networks are isolated from each other, so each group's list is the plain list (`connlist`)
 *   of its workloads alone: pairs across networks never appear, and each group exchanges traffic
 *   with outside the cluster as the pod network does.
 * - Secondary networks (the rule of model/secondary-networks.ts, which the trace engine follows
 *   too): a pod attaches to the NetworkAttachmentDefinitions its Multus annotation
 *   names (PodSpec.secondaryNetworks) that are in the input; NADs of one name are one network (as
 *   OVN-Kubernetes joins NADs whose config names the same network). On it only the
 *   MultiNetworkPolicies whose `policy-for` names it apply — NetworkPolicy, admin, Calico, Cilium
 *   and Istio policies govern the primary network only — and it carries traffic between its pods only: no external
 *   range, no ingress controller. A MultiNetworkPolicy ipBlock matches the pods whose addresses
 *   on the network (model/secondary-addresses.ts) it holds (outside its excepts): each ipBlock
 *   peer also selects, by a label only this list gives them, those pods (`withAddressPeers`).
 * - Text: the pod network's lines first; every other network that has a line follows under
 *   `Permitted connectivity analyzed in primary UDN <namespace>:` (UDNs by namespace, then
 *   `primary CUDN <name>:` by name, then `secondary NAD <name>:` by name). When some other
 *   network is listed, the pod network's lines get a header too, and an empty pod network says
 *   why it is empty. A UDN's workloads are shown as `namespace[udn]/name[Kind]`.
 * - Then `Workload-to-Networks Mapping:`: every workload, sorted, with its primary network
 *   (`pod-network`, `<namespace>[UDN]`, `<name>[CUDN]`) and its secondary ones (`<name>[NAD]`).
 */
import { networkKey, networkOf, POD_NETWORK, primaryNetworks, type PrimaryNetwork, type PrimaryNetworks } from '../model/primary-networks.js';
import { secondaryAddresses } from '../model/secondary-addresses.js';
import { addressesOnNetwork, attachmentKeys, policiesForNetwork, secondaryNetworksOf } from '../model/secondary-networks.js';
import { cidrHas, parseAnyCidr } from '../address/ip.js';
import type { NetworkPolicyPeer, NetworkPolicyRule, NetworkPolicySpec, PodSpec } from '../spec/types.js';
import { assertNever } from '../spec/never.js';
import { compareConnections, connectionText, workloadLabel, workloadsOf, type Connection, type ConnlistInput } from './connlist.js';

/** A network listed apart. */
export type ListedNetwork =
  | PrimaryNetwork
  /** A Multus secondary network: the NetworkAttachmentDefinitions of this name. */
  | { readonly kind: 'nad'; readonly name: string };

/** One network's list. */
export interface NetworkSection {
  readonly network: ListedNetwork;
  readonly lines: readonly Connection[];
  /** How many workloads the network holds. */
  readonly workloads: number;
}

/** A workload and the network it is on. */
export interface WorkloadNetwork {
  /** `namespace/name[Kind]`. */
  readonly workload: string;
  readonly network: PrimaryNetwork;
  /** The names of its secondary networks, sorted. */
  readonly secondary: readonly string[];
}

export interface NetworkConnlist {
  /** The pod network first, then UDNs by namespace, CUDNs by name, NADs by name: every network with a workload. */
  readonly sections: readonly NetworkSection[];
  /** Every workload, sorted by its text. */
  readonly mapping: readonly WorkloadNetwork[];
}

/** The rank of a network kind in the output. */
const RANK: Readonly<Record<ListedNetwork['kind'], number>> = { 'pod-network': 0, udn: 1, cudn: 2, nad: 3 };

function networkName(n: ListedNetwork): string {
  switch (n.kind) {
    case 'pod-network':
      return '';
    case 'udn':
      return n.namespace;
    case 'cudn':
    case 'nad':
      return n.name;
    default:
      return assertNever(n);
  }
}

/** The networks of the input's namespaces. */
export function inputNetworks(input: ConnlistInput): PrimaryNetworks {
  return primaryNetworks(input.namespaces, input.userDefinedNetworks ?? [], input.clusterUserDefinedNetworks ?? []);
}

/** A UDN's workloads are written `namespace[udn]/name[Kind]`; other labels (ranges, the controller) as they are. */
function relabel(lines: readonly Connection[], labels: ReadonlyMap<string, string>): Connection[] {
  return lines.map((c) => ({ ...c, src: labels.get(c.src) ?? c.src, dst: labels.get(c.dst) ?? c.dst }));
}

/** The prefix of the labels `withAddressPeers` gives pods: no Kubernetes object carries one (the key is not a valid label key). */
const ADDRESS_PEER_LABEL = 'netscn ip-block ';

const EVERY_NAMESPACE = { matchLabels: {}, matchExpressions: [] } as const;

/**
 * The pods and policies of a secondary network's list with each ipBlock peer of the policies
 * also selecting the pods whose addresses on the network (`addressesOf`) it holds, outside its
 * excepts: those pods get a label of their own for the peer, and the peer becomes two, the
 * ipBlock (for addresses outside the cluster) and a selector of that label in every namespace.
 */
function withAddressPeers(policies: readonly NetworkPolicySpec[], pods: readonly PodSpec[], addressesOf: (pod: PodSpec) => readonly string[]): { policies: NetworkPolicySpec[]; pods: PodSpec[] } {
  const added = new Map<PodSpec, Record<string, string>>();
  let peers = 0;
  const widen = (peer: NetworkPolicyPeer): NetworkPolicyPeer[] => {
    if (!peer.ipBlock) return [peer];
    const block = parseAnyCidr(peer.ipBlock.cidr);
    const except = peer.ipBlock.except.flatMap((c) => parseAnyCidr(c) ?? []);
    const key = `${ADDRESS_PEER_LABEL}${peers++}`;
    const inside = pods.filter((pod) => block !== undefined && addressesOf(pod).some((ip) => cidrHas(block, ip) && !except.some((e) => cidrHas(e, ip))));
    if (inside.length === 0) return [peer];
    for (const pod of inside) added.set(pod, { ...added.get(pod), [key]: '' });
    return [peer, { namespaceSelector: EVERY_NAMESPACE, podSelector: { matchLabels: { [key]: '' }, matchExpressions: [] } }];
  };
  const rules = (list: readonly NetworkPolicyRule[]): NetworkPolicyRule[] => list.map((rule) => ({ ...rule, peers: rule.peers.flatMap(widen) }));
  const widened = policies.map((p) => ({ ...p, ingress: rules(p.ingress), egress: rules(p.egress) }));
  return { policies: widened, pods: pods.map((pod) => (added.has(pod) ? { ...pod, labels: { ...pod.labels, ...added.get(pod) } } : pod)) };
}

const isRange = (label: string): boolean => label.endsWith('[External]');

/** `list` computes one network's plain list (the matrix engine, or the pairwise oracle). */
export function connlistByNetwork(input: ConnlistInput, list: (input: ConnlistInput) => readonly Connection[]): NetworkConnlist {
  const networks = inputNetworks(input);
  const nads = attachmentKeys(input.networkAttachments ?? []);
  const addresses = secondaryAddresses(input.networkAttachments ?? [], input.pods);
  /** A pod's addresses on the NADs of the name `network`. */
  const addressesOn = (network: string) => (pod: PodSpec): readonly string[] => addressesOnNetwork(addresses, network, pod);
  const groups = new Map<string, { network: ListedNetwork; pods: ConnlistInput['pods'][number][] }>();
  const join = (key: string, network: ListedNetwork, pod: ConnlistInput['pods'][number]): void => {
    const group = groups.get(key) ?? { network, pods: [] };
    group.pods.push(pod);
    groups.set(key, group);
  };
  groups.set(networkKey(POD_NETWORK), { network: POD_NETWORK, pods: [] });
  for (const pod of input.pods) {
    const network = networkOf(networks, pod.namespace);
    join(networkKey(network), network, pod);
    for (const name of secondaryNetworksOf(pod, nads)) join(`nad ${name}`, { kind: 'nad', name }, pod);
  }
  const ordered = [...groups.values()].sort((a, b) => RANK[a.network.kind] - RANK[b.network.kind] || (networkName(a.network) < networkName(b.network) ? -1 : networkName(a.network) > networkName(b.network) ? 1 : 0));
  const mapping: WorkloadNetwork[] = [];
  const sections = ordered.map(({ network, pods }): NetworkSection => {
    const workloads = workloadsOf(pods, input.kindlessOwners);
    if (network.kind === 'nad') {
      // Only the MultiNetworkPolicies: admin, Calico, Cilium and Istio policies govern the pod network.
      const widened = withAddressPeers(policiesForNetwork(input.multiNetworkPolicies ?? [], network.name, nads), pods, addressesOn(network.name));
      const scope = { namespaces: input.namespaces, ...(input.kindlessOwners ? { kindlessOwners: input.kindlessOwners } : {}) };
      const lines = list({ ...scope, pods: widened.pods, policies: widened.policies }).filter((c) => !isRange(c.src) && !isRange(c.dst));
      return { network, lines, workloads: workloads.length };
    }
    for (const w of workloads) mapping.push({ workload: workloadLabel(w), network, secondary: secondaryNetworksOf(w.pod, nads) });
    const lines = pods.length === 0 ? [] : list({ ...input, pods });
    if (network.kind !== 'udn') return { network, lines, workloads: workloads.length };
    const labels = new Map(workloads.map((w) => [workloadLabel(w), `${w.namespace}[udn]/${w.name}[${w.kind}]`]));
    return { network, lines: relabel(lines, labels), workloads: workloads.length };
  });
  mapping.sort((a, b) => (a.workload < b.workload ? -1 : a.workload > b.workload ? 1 : 0));
  return { sections, mapping };
}

function sectionHeader(n: ListedNetwork): string {
  switch (n.kind) {
    case 'pod-network':
      return 'Permitted connectivity analyzed in Pod network:';
    case 'udn':
      return `Permitted connectivity analyzed in primary UDN ${n.namespace}:`;
    case 'cudn':
      return `Permitted connectivity analyzed in primary CUDN ${n.name}:`;
    case 'nad':
      return `Permitted connectivity analyzed in secondary NAD ${n.name}:`;
    default:
      return assertNever(n);
  }
}

function mappingName(n: PrimaryNetwork): string {
  switch (n.kind) {
    case 'pod-network':
      return 'pod-network';
    case 'udn':
      return `${n.namespace}[UDN]`;
    case 'cudn':
      return `${n.name}[CUDN]`;
    default:
      return assertNever(n);
  }
}

function lineText(c: Connection): string {
  return `${c.src} => ${c.dst} : ${connectionText(c)}`;
}

/** The text (see the header); ends without a newline. */
export function formatNetworkConnlistText(n: NetworkConnlist): string {
  const out: string[] = [];
  const pod = n.sections.find((s) => s.network.kind === 'pod-network');
  const others = n.sections.filter((s) => s.network.kind !== 'pod-network' && s.lines.length > 0);
  if (others.length > 0) {
    out.push(sectionHeader(POD_NETWORK));
    if (!pod || pod.workloads === 0) out.push('all input workloads are configured with (C)UDN as their primary network interface');
    else if (pod.lines.length === 0) out.push('All connections are not allowed for the workloads in the pod-network');
  }
  if (pod) out.push(...[...pod.lines].sort(compareConnections).map(lineText));
  for (const s of others) out.push('', sectionHeader(s.network), ...[...s.lines].sort(compareConnections).map(lineText));
  if (n.mapping.length > 0) {
    out.push('', 'Workload-to-Networks Mapping:');
    for (const m of n.mapping) {
      out.push(`${m.workload}: `, `\tPrimary Network: ${mappingName(m.network)}`);
      if (m.secondary.length > 0) out.push(`\tSecondary Networks: ${m.secondary.map((s) => `${s}[NAD]`).join(',')}`);
    }
  }
  return out.join('\n');
}

/**
 * A probe on a Multus secondary network (`from pod a reach pod b on network ns/blue`): what
 * netscn simulates, with its sources.
 *
 * - Multus attaches further interfaces to a pod, each from the CNI configuration of a
 *   NetworkAttachmentDefinition the pod's `k8s.v1.cni.cncf.io/networks` annotation selects; the
 *   cluster's own pod network stays the pod's `eth0`, and each attachment is a network of its own
 *   (https://github.com/k8snetworkplumbingwg/multus-cni: "attaching multiple network interfaces to
 *   pods"; the multi-network specification, https://github.com/k8snetworkplumbingwg/multi-net-spec).
 *   Who is on a network, and the MultiNetworkPolicies for it, follow one rule with connlist
 *   (model/secondary-networks.ts): the NADs of one name are one network, so only pods attached
 *   to a NAD of that name reach each other on it. A pod not attached has no address there: the
 *   probe is `unreachable` (no-route). The addresses are those model/secondary-addresses.ts gives
 *   (a selection's `ips`, else the NAD's IPAM); an `ip` end must be such an address of an attached pod.
 * - The network carries pod-to-pod traffic only: kube-proxy programs Services from EndpointSlices,
 *   whose addresses are the pods' primary addresses (status.podIPs), so no ClusterIP, NodePort or
 *   DNS name leads onto a secondary network (Services there need an add-on such as
 *   https://github.com/k8snetworkplumbingwg/multus-service); the checker refuses `svc`, `dns`,
 *   `via`, `at node` and `over` with `on network`, and nodes, hosts and the internet as ends (with
 *   macvlan and ipvlan the node cannot even reach its own pods' interfaces: the parent interface
 *   does not talk to its children, https://linuxcontainers.org/incus/docs/main/reference/network_macvlan,
 *   and the Docker ipvlan/macvlan driver notes, https://gist.github.com/nerdalert/28168b016112b7c13040).
 *   Nothing is masqueraded: the destination sees the source's address on the network.
 * - Kubernetes NetworkPolicy (and admin, Calico and Cilium policies) governs the pod network only;
 *   on a secondary network only the MultiNetworkPolicies whose `k8s.v1.cni.cncf.io/policy-for`
 *   names it apply (https://github.com/k8snetworkplumbingwg/multi-networkpolicy; OpenShift's
 *   "Configuring multi-network policy": they "cannot manage the cluster's default network").
 *   MultiNetworkPolicy has NetworkPolicy's schema and semantics, so the one policy evaluator
 *   (src/policy/evaluate.ts, the reference connlist's lists are checked against) judges it, with
 *   the pods' addresses on the network as the addresses ipBlocks match, and the default
 *   settings: multi-networkpolicy's own enforcement, not the primary CNI's, decides.
 * - Delivery: a pod listens on its declared container ports on every interface (delivery.ts).
 */
import { buildPolicyIndex, evaluatePolicies, type PolicyIndex } from '../policy/evaluate.js';
import { secondaryAddresses } from '../model/secondary-addresses.js';
import { addressesOnNetwork, attachmentKeys, networkNameOf, policiesForNetwork, secondaryNetworksOf } from '../model/secondary-networks.js';
import { objectKey, type ClusterState, type PodState } from '../model/state.js';
import { DEFAULT_SETTINGS } from '../spec/types.js';
import { ipPort } from '../address/ip.js';
import { containerPort } from './container-port.js';
import { deliverToListener } from './delivery.js';
import { podEndpoint } from './policy-check.js';
import type { Flow, Hop, Probe, ProbeResult, ProbeSource, ProbeTarget } from './types.js';
import { fail, hops as appendHops, startWalk } from './walk.js';

/** The address shown for a pod whose address on the network is unknown (no IPAM netscn reads): no ipBlock matches it. */
export const UNKNOWN_ADDRESS = 'unknown-address';

/** A secondary network as probes see it. */
interface NetworkView {
  /** The network's name (its NADs' name). */
  readonly name: string;
  /** The NADs of that name, `namespace/name`. */
  readonly nads: readonly string[];
  /** Each attached pod's first address on the network (UNKNOWN_ADDRESS when it has none), by pod key. */
  readonly addressOf: ReadonlyMap<string, string>;
  /** The MultiNetworkPolicies for the network, as one policy index. */
  readonly index: PolicyIndex;
  /** How many MultiNetworkPolicies are for it. */
  readonly policies: number;
}

/** Per state, per network name: states are immutable, so the memo is invisible (a pure function's). */
const views = new WeakMap<ClusterState, Map<string, NetworkView>>();

function viewOf(state: ClusterState, name: string): NetworkView {
  let byName = views.get(state);
  if (!byName) views.set(state, (byName = new Map()));
  const known = byName.get(name);
  if (known) return known;
  const spec = state.spec;
  const keys = attachmentKeys(spec.networkAttachments);
  const addresses = secondaryAddresses(spec.networkAttachments, spec.pods);
  const addressOf = new Map<string, string>();
  for (const pod of spec.pods) {
    if (!secondaryNetworksOf(pod, keys).includes(name)) continue;
    addressOf.set(objectKey(pod.namespace, pod.name), addressesOnNetwork(addresses, name, pod)[0] ?? UNKNOWN_ADDRESS);
  }
  const policies = policiesForNetwork(spec.multiNetworkPolicies, name, keys);
  const view: NetworkView = {
    name,
    nads: [...keys].filter((k) => networkNameOf(k) === name),
    addressOf,
    index: buildPolicyIndex({ policies, namespaces: [...state.namespaces.values()], settings: DEFAULT_SETTINGS }),
    policies: policies.length,
  };
  byName.set(name, view);
  return view;
}

/** One failed flow with a single source hop. */
function failed(sourceIp: string, text: string): ProbeResult {
  return { flows: [{ hops: [{ stage: 'source', text }], outcome: 'unreachable', cause: 'no-route', sourceIp, masqueraded: false }] };
}

/** The attached pod at an end, or why there is none. */
function endOf(state: ClusterState, view: NetworkView, end: ProbeSource | ProbeTarget): PodState | string {
  switch (end.kind) {
    case 'pod': {
      const pod = state.podsByKey.get(objectKey(end.namespace, end.name));
      if (!pod || !pod.node) return `pod ${end.namespace}/${end.name} does not exist`;
      if (!view.addressOf.has(pod.key)) return `pod ${pod.key} is not attached to network ${view.name}: its k8s.v1.cni.cncf.io/networks annotation selects no NetworkAttachmentDefinition ${view.name}, so it has no interface there`;
      return pod;
    }
    case 'ip': {
      const key = [...view.addressOf].find(([, ip]) => ip === end.ip)?.[0];
      const pod = key === undefined ? undefined : state.podsByKey.get(key);
      return pod?.node ? pod : `no pod attached to network ${view.name} has the address ${end.ip}`;
    }
    case 'service':
    case 'dns':
    case 'node':
    case 'host':
    case 'internet':
      return `network ${view.name} carries traffic between its pods only: no Service, DNS name, node, host or internet is on it`;
    default: {
      const never: never = end;
      return never;
    }
  }
}

/** The policy hops of a network, worded for MultiNetworkPolicy. */
function multiPolicyHop(view: NetworkView, h: Hop): Hop {
  return {
    ...h,
    text: `network ${view.name}: ${h.text.replace(/no policy selects it/, 'no MultiNetworkPolicy for the network selects it').replace(/(^|[^\w-])NetworkPolicy /g, '$1MultiNetworkPolicy ')}`,
    ...(h.rule !== undefined ? { rule: h.rule.replace(/^NetworkPolicy /, 'MultiNetworkPolicy ') } : {}),
  };
}

/** Every flow of a probe with `network` set (see the header). */
export function probeSecondary(state: ClusterState, p: Probe & { readonly network: string }, eagerText = false): ProbeResult {
  const name = networkNameOf(p.network);
  if (!state.spec.networkAttachments.some((n) => `${n.namespace}/${n.name}` === p.network)) return failed('', `NetworkAttachmentDefinition ${p.network} does not exist`);
  const view = viewOf(state, name);
  const src = endOf(state, view, p.source);
  if (typeof src === 'string') return failed('', src);
  const srcIp = view.addressOf.get(src.key) ?? UNKNOWN_ADDRESS;
  const dst = endOf(state, view, p.target);
  if (typeof dst === 'string') return failed(srcIp, dst);
  const dstIp = view.addressOf.get(dst.key) ?? UNKNOWN_ADDRESS;
  const port = containerPort(dst, p.port, p.protocol);
  if (typeof port === 'string') return failed(srcIp, port);
  const srcNode = src.node!;
  const dstNode = dst.node!;
  const nads = view.nads.join(', ');
  const opens = port.protocol === 'ICMP' ? `sends an ICMP echo request (ping) to ${dstIp}` : `opens ${port.protocol} to ${port.port === 0 ? dstIp : ipPort(dstIp, port.port)}`;
  const before: Hop[] = [
    { stage: 'source', text: `pod ${dst.key} at ${dstIp} on network ${name} (NetworkAttachmentDefinition ${nads})` },
    {
      stage: 'source',
      at: srcNode.name,
      text: `pod ${src.key} (${srcIp} on network ${name}) on node ${srcNode.name} ${opens}`,
      packet: { src: srcIp, dst: dstIp, dstPort: port.port, protocol: port.protocol },
    },
    {
      stage: 'routing',
      at: srcNode.name,
      text: `out of pod ${src.key}'s interface on network ${name} straight to pod ${dst.key}'s${srcNode.name === dstNode.name ? '' : ` on node ${dstNode.name}`}: a secondary network has no kube-proxy, no Service and no pod-network route`,
      rule: `NetworkAttachmentDefinition ${nads}`,
    },
  ];
  let w = startWalk({ kind: 'pod', ip: srcIp, node: srcNode, pod: src }, dstIp, port.port, port.protocol, before, dst, eagerText);
  const decision = evaluatePolicies(view.index, { src: podEndpoint(src, srcIp), dst: podEndpoint(dst, dstIp), port: port.port, protocol: port.protocol });
  const note: Hop = {
    stage: 'policy',
    at: srcNode.name,
    text: `NetworkPolicy governs the pod network only; on network ${name} the ${view.policies} MultiNetworkPolic${view.policies === 1 ? 'y' : 'ies'} whose policy-for names it decide${view.policies === 1 ? 's' : ''}`,
  };
  w = appendHops(w, [note, ...decision.hops.map((h) => multiPolicyHop(view, h))]);
  const flow: Flow = decision.allowed ? deliverToListener(dst, w) : fail(w, 'timeout', 'policy');
  return { flows: [flow] };
}

/**
 * Calico host endpoint policy: what the policies of a node's HostEndpoints decide for a
 * connection arriving at the node from outside it (another node, or outside the cluster), and
 * for one leaving the node through it (ingress and egress host endpoint policy).
 * net/host-endpoint.ts calls it on the packet path; policy/calico.ts evaluates the tiers.
 *
 * Specification (Calico 3.x; citations below):
 * 1. Which host endpoints see an address [hep]: a HostEndpoint of the node (`node`) whose
 *    `interfaceName` is `*` (every interface), or names an interface, or is empty with the
 *    address among `expectedIPs`. netscn models one interface per node, the one carrying its
 *    addresses: a named interface is that one, unless its expectedIPs, when given, leave the
 *    address out. Traffic through interfaces no HostEndpoint stands for is not policed
 *    [overview: "it only polices traffic to/from interfaces that it's been explicitly told
 *    about"]. When several HostEndpoints stand for the address, the first declared decides.
 * 2. Which policies apply to a host endpoint: GlobalNetworkPolicies whose `selector` matches the
 *    endpoint's labels (its own, over its profiles' labelsToApply; `global()` matches, as the
 *    endpoint is not namespaced), with no `namespaceSelector` and no `serviceAccountSelector`
 *    (those select pods), and whose `types` name the direction (Ingress for a connection
 *    arriving, Egress for one leaving; the rules of that direction decide, `ingress` or `egress`). Namespaced and Kubernetes
 *    NetworkPolicies select pods only [selector]. Tiers, order, Pass and the end of a tier are
 *    policy/calico.ts's (1-4).
 * 3. Three kinds of policy [summary] [prednat] [forwarded] [untracked]: untracked
 *    (`doNotTrack`), pre-DNAT (`preDNAT`: ingress only, applied before kube-proxy's DNAT, so its
 *    rules see the node address and NodePort the client sent to), and normal (neither); a
 *    normal policy with `applyOnForward` applies to forwarded traffic too. A host endpoint with
 *    `interfaceName: "*"` takes no untracked policy [hep: "Host endpoints with interfaceName: *
 *    do not support untracked policy"; Felix dispatches the raw table to named interfaces only].
 * 4. Failsafe [failsafe]: whatever the policy, incoming connections to a port of Felix's
 *    FailsafeInboundHostPorts are allowed; the default list is TCP 22, UDP 68, TCP 179, 2379,
 *    2380, 5473, 6443, 6666, 6667 (spec/calico-resources.ts DEFAULT_FAILSAFE_INBOUND). netscn
 *    uses the default; the trace names the setting.
 * 5. A connection to the host itself (a node daemon, a hostNetwork pod; no DNAT to elsewhere)
 *    [summary: "For packets that arrive on a host interface and are destined for a local server
 *    process"]: untracked, pre-DNAT and normal policies all apply, in that order. An Allow of
 *    untracked policy skips pre-DNAT and normal policy; an Allow of pre-DNAT policy skips normal
 *    policy; a Deny of any drops. Untracked and pre-DNAT policy have no default drop: what they
 *    leave undecided goes on [prednat: "There is no 'default drop' semantic for pre-DNAT
 *    policy"]. Normal policy: when none applies, the connection is denied (the host endpoint's
 *    default: "deny traffic to/from that endpoint (except for traffic allowed by failsafe
 *    rules)" [hep]); when one applies, its tiers decide (end of tier: Deny); when the tiers
 *    leave it to the profiles, the host endpoint's profiles' rules decide, in order, and with
 *    none acting it is denied.
 * 6. A forwarded connection (kube-proxy DNATs a NodePort to a pod, a hostPort maps to a pod, or
 *    the packet is routed on to a pod) [summary: "arrive on a host interface and are destined
 *    for a local workload"; forwarded]: pre-DNAT policy applies (Deny drops; Allow accepts for
 *    host endpoint policy); untracked policy can only drop (its Allow "never has any net
 *    positive effect for such flows" [summary]: its replies find no connection tracking state;
 *    so an untracked Allow is held until kube-proxy's DNAT shows whether the connection stays on
 *    the node, and for a forwarded one pre-DNAT policy, judged on the packet before DNAT, and
 *    then applyOnForward policy decide as if it had not matched); normal policies apply only with applyOnForward,
 *    and when none applies the connection is allowed ("Forwarded traffic is allowed by default
 *    if no policies apply to the endpoint and direction" [forwarded]); when one applies, its
 *    tiers decide as in 5. netscn reads a pre-DNAT Allow as accepting the connection for host
 *    endpoint policy here too (as 5 says for local processes). The pod's own policy still
 *    applies after (policy/calico.ts) [forwarded: "must also pass the applicable workload
 *    endpoint policy"].
 * 7. A connection a node's own process opens (the node as source, a hostNetwork pod) that leaves
 *    the node [summary: "sent from a local server process (in the host namespace) out of a host
 *    interface"]: first the failsafe ports [failsafe]: a destination port of Felix's
 *    FailsafeOutboundHostPorts is allowed whatever the policy; the default list is UDP 53, UDP 67,
 *    TCP 179, 2379, 2380, 5473, 6443, 6666, 6667 [felix: FailsafeOutboundHostPorts]
 *    (spec/calico-resources.ts DEFAULT_FAILSAFE_OUTBOUND; netscn uses the default, and the trace
 *    names the setting). Then the egress rules of untracked policy, then those of normal policy
 *    (with or without applyOnForward); pre-DNAT policy does not apply [summary]. As for a
 *    connection arriving (5): an Allow of untracked policy skips normal policy, a Deny drops,
 *    untracked policy has no default drop; normal policy denies when none applies or, when some
 *    apply, as their tiers and the host endpoint's profiles decide ("if a host endpoint is
 *    configured and there are no policies that select the host endpoint in the traffic
 *    direction, or no rules that allow the traffic, the traffic is denied" [forwarded]).
 * 8. A forwarded connection leaving the node (from a pod of the node, or arrived from elsewhere
 *    and routed on, e.g. a NodePort DNATed to a pod of another node) [summary: "sent from a local
 *    workload out of a host interface"; "forwarded out of the same or another host interface"]:
 *    no untracked or pre-DNAT egress policy applies; the egress rules of normal policies with
 *    applyOnForward do, allowing when none applies and deciding as in 7 otherwise [forwarded].
 *    The failsafe ports are not checked (Felix's failsafe chains guard the host's own input and
 *    output). Filtering sees the packet after kube-proxy's DNAT and before its masquerade.
 *    The pod's own egress policy applied before, at the pod (policy/calico.ts).
 * Which connections leave through a host endpoint: netscn models one interface per node, so a
 *   connection leaves through it when it goes to another node, to a pod of another node, or out
 *   of the cluster; one to the node itself or to its own pods does not. A pod's packet between
 *   nodes (to or from a pod of another node) crosses the node's interface when the pod network is
 *   routed (underlay, vpc-native); in an overlay it crosses inside the tunnel device (tunl0,
 *   vxlan.calico, flannel.1), which a HostEndpoint naming one interface (or standing for its
 *   expectedIPs) does not stand for, while one with `interfaceName: "*"` stands for every host
 *   interface, the tunnel's too [hep: "represents all of a host's real or virtual interfaces"];
 *   the encapsulated packet itself is the node's own, and Felix allows IP-in-IP and VXLAN between
 *   Calico nodes ahead of host endpoint policy [felix: IpInIpEnabled, VXLANEnabled]
 *   (`carriesPodTraffic`). So a pod's packet arriving from another node passes the receiving
 *   node's host endpoint as a forwarded connection (6, with no failsafe ports: they guard the
 *   host's own input), and one leaving for another node the sending node's (8).
 * Named ports [hep: spec `ports`, name, protocol and port, which rules may name as a port]:
 *   a rule's destination port given by name matches the host endpoint's own `ports` entry of that
 *   name and protocol for a connection arriving at the host; the pod's container port for one
 *   forwarded to a pod; for one leaving, the destination pod's, or the named port of the host
 *   endpoint standing for the destination node's address.
 * Not modelled: connections from the node's own pods to the node (they do not cross a host
 *   interface); a HostEndpoint naming an overlay's tunnel device (any name is read as the node's
 *   interface); a HostEndpoint's named ports in the rules of pods' own policies (policy/calico.ts);
 *   FailsafeInboundHostPorts and FailsafeOutboundHostPorts other than the
 *   default, and their CIDR restrictions.
 *
 * [hep] https://docs.tigera.io/calico/latest/reference/resources/hostendpoint
 * [overview] https://docs.tigera.io/calico/latest/reference/host-endpoints/overview
 * [selector] https://docs.tigera.io/calico/latest/reference/host-endpoints/selector
 * [failsafe] https://docs.tigera.io/calico/latest/reference/host-endpoints/failsafe
 * [prednat] https://docs.tigera.io/calico/latest/reference/host-endpoints/pre-dnat
 * [forwarded] https://docs.tigera.io/calico/latest/reference/host-endpoints/forwarded
 * [summary] https://docs.tigera.io/calico/latest/reference/host-endpoints/summary
 * [untracked] https://docs.tigera.io/calico/latest/reference/host-endpoints/untracked (doNotTrack)
 * [felix] https://docs.tigera.io/calico/latest/reference/felix/configuration
 */
import type { IcmpMessage, PolicyProtocol } from '../spec/packet-protocol.js';
import type { CalicoPolicies, CalicoRule } from '../spec/calico.js';
import type { CalicoHostEndpointSpec, FailsafePort } from '../spec/calico-resources.js';
import { DEFAULT_FAILSAFE_INBOUND, DEFAULT_FAILSAFE_OUTBOUND } from '../spec/calico-resources.js';
import { matchesCalicoSelector } from '../spec/calico-selector.js';
import type { ContainerPort, Labels, NetworkMode } from '../spec/types.js';
import { assertNever } from '../spec/never.js';
import type { EndpointRole } from './endpoint-role.js';
import {
  calicoResources,
  calicoTiers,
  connectionRuleMatches,
  hostEndpointLabels,
  type CalicoConnection,
  type CalicoEntry,
  type CalicoResources,
  type CalicoTier,
} from './calico.js';

/**
 * The profile Calico defines itself and gives the host endpoints kube-controllers creates
 * (`interfaceName: *`): it allows everything [hep: auto host endpoints, projectcalico-default-allow].
 */
export const DEFAULT_ALLOW_PROFILE = 'projectcalico-default-allow';

/** Which host endpoint policies a phase of the packet's path applies. */
export type HostPolicyKind =
  /** `doNotTrack` policies. */
  | 'untracked'
  /** `preDNAT` policies. */
  | 'pre-dnat'
  /** Policies with neither flag, for a connection to the host itself. */
  | 'normal'
  /** Policies with neither flag and with `applyOnForward`, for a forwarded connection. */
  | 'forward';

/** What host endpoint policy needs of a cluster, built once per cluster state. */
export interface HostEndpointIndex {
  readonly hostEndpoints: readonly CalicoHostEndpointSpec[];
  /** GlobalNetworkPolicies only, in tiers (Kubernetes and namespaced policies select pods). */
  readonly tiers: readonly CalicoTier[];
  readonly resources: CalicoResources;
  readonly failsafeInbound: readonly FailsafePort[];
  readonly failsafeOutbound: readonly FailsafePort[];
}

export function hostEndpointIndex(calico: CalicoPolicies): HostEndpointIndex | undefined {
  const hostEndpoints = calico.calicoHostEndpoints ?? [];
  if (hostEndpoints.length === 0) return undefined;
  return {
    hostEndpoints,
    tiers: calicoTiers({ ...(calico.calicoGlobalNetworkPolicies ? { calicoGlobalNetworkPolicies: calico.calicoGlobalNetworkPolicies } : {}), ...(calico.calicoTierSpecs ? { calicoTierSpecs: calico.calicoTierSpecs } : {}) }, []),
    resources: calicoResources(calico),
    failsafeInbound: DEFAULT_FAILSAFE_INBOUND,
    failsafeOutbound: DEFAULT_FAILSAFE_OUTBOUND,
  };
}

/** The host endpoint that stands for a node's address (see the header, 1); undefined: not policed. */
export function hostEndpointFor(index: HostEndpointIndex, node: string, ip: string): CalicoHostEndpointSpec | undefined {
  return index.hostEndpoints.find(
    (h) => h.node === node && (h.interfaceName === '*' || (h.interfaceName !== undefined ? h.expectedIPs.length === 0 || h.expectedIPs.includes(ip) : h.expectedIPs.includes(ip))),
  );
}

/** Whether a pod's packet between nodes crosses the interface(s) `h` stands for, in `mode` (see the header). */
export function carriesPodTraffic(h: CalicoHostEndpointSpec, mode: NetworkMode): boolean {
  switch (mode) {
    case 'overlay':
      return h.interfaceName === '*';
    case 'underlay':
    case 'vpc-native':
      return true;
    default:
      return assertNever(mode);
  }
}

/** A connection arriving at a host endpoint (ingress) or leaving through it (egress). */
export interface HostConnection {
  readonly hostEndpoint: CalicoHostEndpointSpec;
  readonly direction: 'ingress' | 'egress';
  /**
   * The node's end: the address it arrives at (ingress) or is sent from (egress; the source as
   * filtering sees it, which for a forwarded connection need not be the node's).
   */
  readonly ip: string;
  /** Who is at `ip` as rules see it; undefined: the node (a forwarded connection: its pod, the source leaving or the destination arriving). */
  readonly local?: EndpointRole;
  /** The destination port, as the phase sees it (before DNAT for pre-DNAT). */
  readonly port: number;
  /** PacketProtocol on a packet path; 'IP' only in connlist's other-protocols dimension. */
  readonly protocol: PolicyProtocol;
  /** With ICMP: the message (absent: the echo request); with IP: the protocol number (as CalicoSide's). */
  readonly icmp?: IcmpMessage;
  readonly ipProtocol?: number;
  readonly peerIp: string;
  readonly peer: EndpointRole;
  readonly namespaceLabels: (namespace: string) => Labels;
}

/** What one phase of host endpoint policy decided. */
export type HostOutcome =
  /** A rule of a policy decided, in this tier; `passedTiers`: tiers left by Pass before it. */
  | { readonly kind: 'rule'; readonly tier: string; readonly policy: CalicoEntry; readonly ruleIndex: number; readonly action: 'Allow' | 'Deny'; readonly passedTiers: readonly string[] }
  /** A tier took part and none of its rules acted: denied (its default action Deny). */
  | { readonly kind: 'end-of-tier'; readonly tier: string; readonly policies: readonly CalicoEntry[]; readonly passedTiers: readonly string[] }
  /** A rule of one of the host endpoint's profiles decided. */
  | { readonly kind: 'profile-rule'; readonly profile: string; readonly ruleIndex: number; readonly action: 'Allow' | 'Deny'; readonly passedTiers: readonly string[] }
  /** Policies applied, the tiers left it to the profiles, and no profile rule acted: denied. */
  | { readonly kind: 'profile-end'; readonly passedTiers: readonly string[] }
  /** No policy of the phase applies to the endpoint in this direction. */
  | { readonly kind: 'none-applies' }
  /** Policies applied but left it undecided (Pass, or no rule acted), and the phase has no default (untracked, pre-DNAT): goes on. */
  | { readonly kind: 'undecided'; readonly passedTiers: readonly string[] };

function kindOf(entry: CalicoEntry): HostPolicyKind | undefined {
  if (entry.kind !== 'global') return undefined;
  const s = entry.spec;
  if (s.doNotTrack) return 'untracked';
  if (s.preDNAT) return 'pre-dnat';
  return s.applyOnForward ? 'forward' : 'normal';
}

/** Whether the policy applies to the host endpoint in a phase and direction (header, 2 and 3). */
function appliesToHost(entry: CalicoEntry, phase: HostPolicyKind, direction: 'ingress' | 'egress', labels: Labels): boolean {
  if (entry.kind !== 'global') return false;
  const kind = kindOf(entry);
  const inPhase = phase === 'normal' ? kind === 'normal' || kind === 'forward' : kind === phase;
  const s = entry.spec;
  return inPhase && s.types.includes(direction === 'ingress' ? 'Ingress' : 'Egress') && s.namespaceSelector === undefined && s.serviceAccountSelector === undefined && matchesCalicoSelector(s.selector, labels, 'global');
}

/** One phase of host endpoint policy for a connection arriving (header, 5 and 6) or leaving (7 and 8). */
export function evaluateHostPhase(index: HostEndpointIndex, phase: HostPolicyKind, c: HostConnection): HostOutcome {
  if (phase === 'untracked' && c.hostEndpoint.interfaceName === '*') return { kind: 'none-applies' };
  const labels = hostEndpointLabels(c.hostEndpoint, index.resources.profiles);
  const direction = c.direction;
  const conn: CalicoConnection = {
    direction,
    peerIp: c.peerIp,
    peer: c.peer,
    localIp: c.ip,
    local: c.local ?? { kind: 'node', node: c.hostEndpoint.node },
    port: c.port,
    protocol: c.protocol,
    ...(c.icmp ? { icmp: c.icmp } : {}),
    ...(c.ipProtocol !== undefined ? { ipProtocol: c.ipProtocol } : {}),
    destinationPorts: destinationPortsOf(index, c),
    namespaceLabels: c.namespaceLabels,
    resources: index.resources,
  };
  const passedTiers: string[] = [];
  let anyApplied = false;
  for (const tier of index.tiers) {
    const applying = tier.policies.filter((p) => appliesToHost(p, phase, direction, labels));
    if (applying.length === 0) continue;
    anyApplied = true;
    let passed = false;
    for (const policy of applying) {
      const d = firstAction(policy.kind === 'global' ? policy.spec[direction] : [], conn);
      if (d === undefined) continue;
      if (d.action === 'Pass') {
        passed = true;
        break;
      }
      return { kind: 'rule', tier: tier.name, policy, ruleIndex: d.ruleIndex, action: d.action, passedTiers };
    }
    if (!passed && tier.defaultAction === 'Deny' && (phase === 'normal' || phase === 'forward')) return { kind: 'end-of-tier', tier: tier.name, policies: applying, passedTiers };
    passedTiers.push(tier.name);
  }
  switch (phase) {
    case 'untracked':
    case 'pre-dnat':
      return anyApplied ? { kind: 'undecided', passedTiers } : { kind: 'none-applies' };
    case 'forward':
      if (!anyApplied) return { kind: 'none-applies' };
      break;
    case 'normal':
      break;
    default:
      return assertNever(phase);
  }
  for (const name of c.hostEndpoint.profiles) {
    const profile = index.resources.profiles.get(name);
    if (profile === undefined && name === DEFAULT_ALLOW_PROFILE) return { kind: 'profile-rule', profile: name, ruleIndex: 0, action: 'Allow', passedTiers };
    if (profile === undefined) continue;
    const d = firstAction(profile[direction], conn);
    if (d !== undefined && d.action !== 'Pass') return { kind: 'profile-rule', profile: name, ruleIndex: d.ruleIndex, action: d.action, passedTiers };
  }
  return anyApplied || c.hostEndpoint.profiles.length > 0 ? { kind: 'profile-end', passedTiers } : { kind: 'none-applies' };
}

/**
 * The named ports a rule's destination port may name (header, named ports): the host endpoint's
 * own for a connection arriving, or a forwarded one's pod; for one leaving, the destination pod's
 * container ports, or the named ports of the host endpoint standing for the destination node's address.
 */
function destinationPortsOf(index: HostEndpointIndex, c: HostConnection): readonly ContainerPort[] | undefined {
  const end = c.direction === 'ingress' ? c.local : c.peer;
  if (end?.kind === 'pod') return end.pod.ports;
  if (c.direction === 'ingress') return c.hostEndpoint.ports;
  return end?.kind === 'node' ? hostEndpointFor(index, end.node, c.peerIp)?.ports : undefined;
}

function firstAction(rules: readonly CalicoRule[], conn: CalicoConnection): { readonly ruleIndex: number; readonly action: 'Allow' | 'Deny' | 'Pass' } | undefined {
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i]!;
    if (!connectionRuleMatches(rule, undefined, conn)) continue;
    if (rule.action !== 'Log') return { ruleIndex: i, action: rule.action };
  }
  return undefined;
}

/** Whether an incoming connection's port is one of the failsafe ports (header, 4). */
export function isFailsafeInbound(index: HostEndpointIndex, protocol: PolicyProtocol, port: number): boolean {
  return index.failsafeInbound.some((f) => f.protocol === protocol && f.port === port);
}

/**
 * Ingress host endpoint policy for a connection to the host itself that no DNAT sends elsewhere
 * (header, 4 and 5; c.direction 'ingress'): the failsafe ports, then untracked, pre-DNAT and
 * normal policy, the first phase that decides deciding. net/host-endpoint.ts takes the same steps
 * on the packet path, split around kube-proxy's DNAT; connlist's host endpoint peers
 * (connlist/host-endpoints.ts) take them here.
 */
export function localIngressAllowed(index: HostEndpointIndex, c: HostConnection): boolean {
  if (isFailsafeInbound(index, c.protocol, c.port)) return true;
  for (const phase of ['untracked', 'pre-dnat'] as const) {
    const decided = phaseDecision(phase, evaluateHostPhase(index, phase, c));
    if (decided !== undefined) return decided;
  }
  return phaseDecision('normal', evaluateHostPhase(index, 'normal', c)) === true;
}

/** Whether the destination port of a connection the host opens is one of the outbound failsafe ports (header, 7). */
export function isFailsafeOutbound(index: HostEndpointIndex, protocol: PolicyProtocol, port: number): boolean {
  return index.failsafeOutbound.some((f) => f.protocol === protocol && f.port === port);
}

/** One phase's outcome on the way out, as `egressHostPolicy` met it. */
export interface EgressStep {
  readonly phase: HostPolicyKind;
  readonly outcome: HostOutcome;
}

/** What egress host endpoint policy decided for a connection leaving through a host endpoint (header, 7 and 8). */
export type EgressVerdict =
  /** The destination port is an outbound failsafe port (a connection of the host's own). */
  | { readonly kind: 'failsafe' }
  /** The phases met, in order, the last one deciding (`allowed`), or none deciding (allowed: no phase has a default drop). */
  | { readonly kind: 'phases'; readonly steps: readonly EgressStep[]; readonly allowed: boolean };

/** Whether a phase's outcome allows (true), denies (false) or leaves it to the next phase (undefined). */
export function phaseDecision(phase: HostPolicyKind, o: HostOutcome): boolean | undefined {
  switch (o.kind) {
    case 'rule':
    case 'profile-rule':
      return o.action === 'Allow';
    case 'end-of-tier':
    case 'profile-end':
      return false;
    case 'undecided':
      return undefined;
    case 'none-applies':
      switch (phase) {
        case 'normal':
          return false;
        case 'forward':
          return true;
        case 'untracked':
        case 'pre-dnat':
          return undefined;
        default:
          return assertNever(phase);
      }
    default:
      return assertNever(o);
  }
}

/**
 * Egress host endpoint policy for a connection leaving through `c.hostEndpoint` (c.direction
 * 'egress'): `local`, sent by the host's own process (failsafe ports, untracked then normal
 * policy); otherwise forwarded (applyOnForward policy).
 */
export function egressHostPolicy(index: HostEndpointIndex, c: HostConnection, local: boolean): EgressVerdict {
  if (local && isFailsafeOutbound(index, c.protocol, c.port)) return { kind: 'failsafe' };
  const steps: EgressStep[] = [];
  for (const phase of local ? (['untracked', 'normal'] as const) : (['forward'] as const)) {
    const outcome = evaluateHostPhase(index, phase, c);
    steps.push({ phase, outcome });
    const decided = phaseDecision(phase, outcome);
    if (decided !== undefined) return { kind: 'phases', steps, allowed: decided };
  }
  return { kind: 'phases', steps, allowed: true };
}

/**
 * Calico host endpoint policy on the packet's path (policy/calico-host.ts gives the semantics):
 * a connection arriving at a node from outside it, at an address a HostEndpoint stands for, is
 * judged in two steps by routing's atNode. Before kube-proxy (`beforeDnat`): the failsafe ports,
 * then untracked and pre-DNAT policy, on the packet as the client sent it (the NodePort as
 * destination). After kube-proxy and the hostPort mapping (`afterDnat`): normal policy for a
 * connection to the host itself (default deny), or applyOnForward policy for one forwarded to
 * a pod (default allow), unless an earlier step accepted it. An untracked Allow is held until
 * then: it accepts a connection to the host itself, and has no effect on a forwarded one, for
 * which pre-DNAT policy's decision (made before DNAT, held with it) and applyOnForward policy count. Each step adds a hop naming the
 * HostEndpoint, the policy, rule and action (or the failsafe setting, or the default), and names
 * the setting calicoPolicy (only where Calico enforces: model/build-state.ts builds no index otherwise).
 * A pod's packet arriving from another node (`intoPodFromAfar`, called by routing before
 * delivering it to the pod) passes the node's host endpoint as a forwarded connection when it
 * crosses the interface the host endpoint stands for (calico-host.ts carriesPodTraffic: not inside
 * an overlay's tunnel, unless the host endpoint stands for every interface): untracked policy
 * (only its Deny counts), pre-DNAT policy, then applyOnForward policy (default allow).
 * A connection leaving a node through its interface (`leaveNode`, called by routing's
 * routeFromNode when the packet goes to another node, a pod of another node or out of the
 * cluster; a pod's packet for a pod of another node only when it crosses that interface, as
 * above) is judged by egress host endpoint policy: for one the node's own process sent, the
 * outbound failsafe ports, then untracked and normal policy (default deny); for a forwarded one,
 * applyOnForward policy (default allow).
 */
import type { ClusterState, NodeState } from '../model/state.js';
import { describeConnection, describeEndpoint } from '../policy/describe.js';
import { endpointRole } from '../policy/endpoint-role.js';
import { describeOrder } from '../policy/calico.js';
import { carriesPodTraffic, egressHostPolicy, evaluateHostPhase, hostEndpointFor, isFailsafeInbound, type HostConnection, type HostEndpointIndex, type HostOutcome, type HostPolicyKind } from '../policy/calico-host.js';
import { namespaceLabelsOf } from '../policy/namespace-labels.js';
import type { CalicoHostEndpointSpec } from '../spec/calico-resources.js';
import { assertNever } from '../spec/never.js';
import { addressEndpoint } from './policy-check.js';
import type { Flow, Hop } from './types.js';
import { fail, hop, type Walk } from './walk.js';

/** Where a connection stands with host endpoint policy after the steps before DNAT. */
export type HostGate =
  /** No host endpoint stands for the address (or it did not come through one): nothing to judge. */
  | { readonly kind: 'unpoliced' }
  /**
   * Judged so far; `accepted`: a failsafe port or a pre-DNAT Allow let it through (normal policy
   * skipped); `untrackedAllow`: an untracked Allow matched, which counts only if the connection
   * stays on the node (policy/calico-host.ts, 5 and 6), with pre-DNAT policy's decision on the
   * packet before DNAT held for a forwarded one; `src`: the client's address, which filtering
   * sees (kube-proxy's masquerade happens after it, in POSTROUTING).
   */
  | { readonly kind: 'pending'; readonly hostEndpoint: CalicoHostEndpointSpec; readonly accepted: boolean; readonly untrackedAllow?: HeldPhase; readonly src: string };

/** A phase's decision made before DNAT and applied after it: its hop (if any) and verdict. */
interface HeldPhase {
  readonly hop?: Hop;
  readonly verdict: 'allow' | 'deny' | undefined;
}

function nameOf(h: CalicoHostEndpointSpec): string {
  return `HostEndpoint ${h.name} (node ${h.node}, ${h.interfaceName === '*' ? 'every interface' : h.interfaceName !== undefined ? `interface ${h.interfaceName}` : `address ${h.expectedIPs.join(', ')}`})`;
}

const PHASE_TEXT: Readonly<Record<HostPolicyKind, string>> = {
  untracked: 'untracked (doNotTrack) ',
  'pre-dnat': 'pre-DNAT ',
  normal: '',
  forward: 'applyOnForward ',
};

function connectionOf(state: ClusterState, h: CalicoHostEndpointSpec, w: Walk, src: string): HostConnection {
  const { dst, dstPort, protocol } = w.packet;
  // Forwarded to a pod: rules' destination is the pod (as a forwarded connection leaving has its pod as source).
  const local = endpointRole(addressEndpoint(state, dst), state.spec.settings);
  return {
    hostEndpoint: h,
    direction: 'ingress',
    ip: dst,
    ...(local.kind === 'pod' ? { local } : {}),
    port: dstPort,
    protocol,
    peerIp: src,
    peer: endpointRole(addressEndpoint(state, src), state.spec.settings),
    namespaceLabels: (ns) => state.policyIndex.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined),
  };
}

/** A phase's decision as a hop: 'allow', 'deny', or undefined (left undecided, hop says so or nothing). */
function phaseHop(h: CalicoHostEndpointSpec, phase: HostPolicyKind, o: HostOutcome, c: HostConnection, at: string): { hop?: Hop; verdict: 'allow' | 'deny' | undefined } {
  const conn =
    c.direction === 'ingress'
      ? `from ${describeEndpoint(c.peerIp, c.peer)} to ${c.local === undefined ? c.ip : describeEndpoint(c.ip, c.local)} on ${describeConnection(c.port, c.protocol)}`
      : `from ${c.local === undefined ? c.ip : describeEndpoint(c.ip, c.local)} to ${describeEndpoint(c.peerIp, c.peer)} on ${describeConnection(c.port, c.protocol)}`;
  const passed = 'passedTiers' in o ? o.passedTiers.map((t) => `tier ${t} passes it on; `).join('') : '';
  const base = `${nameOf(h)}: ${passed}`;
  switch (o.kind) {
    case 'rule':
      return {
        verdict: o.action === 'Allow' ? 'allow' : 'deny',
        hop: { stage: 'policy', at, text: `${base}${PHASE_TEXT[phase]}${o.policy.label} (tier ${o.tier}, ${describeOrder(o.policy)}) ${c.direction} rule #${o.ruleIndex + 1}: ${o.action} ${conn}`, rule: o.policy.label, setting: 'calicoPolicy' },
      };
    case 'end-of-tier':
      return {
        verdict: 'deny',
        hop: { stage: 'policy', at, text: `${base}selected for ${c.direction} in tier ${o.tier} by ${o.policies.map((p) => p.label).join(', ')}; no rule matched ${conn}: denied at the end of the tier`, rule: o.policies.map((p) => p.label).join(', '), setting: 'calicoPolicy' },
      };
    case 'profile-rule':
      return { verdict: o.action === 'Allow' ? 'allow' : 'deny', hop: { stage: 'policy', at, text: `${base}Profile ${o.profile} ${c.direction} rule #${o.ruleIndex + 1}: ${o.action} ${conn}`, rule: `Profile ${o.profile}`, setting: 'calicoPolicy' } };
    case 'profile-end':
      return { verdict: 'deny', hop: { stage: 'policy', at, text: `${base}no policy or profile rule allows ${conn}: denied`, rule: `HostEndpoint ${h.name}`, setting: 'calicoPolicy' } };
    case 'none-applies':
      switch (phase) {
        case 'normal':
          return {
            verdict: 'deny',
            hop: { stage: 'policy', at, text: `${nameOf(h)}: no host endpoint policy applies to ${c.direction} ${conn}: denied (a host endpoint denies what its policies do not allow, but the failsafe ports)`, rule: `HostEndpoint ${h.name}`, setting: 'calicoPolicy' },
          };
        case 'forward':
          return { verdict: 'allow', hop: { stage: 'policy', at, text: `${nameOf(h)}: forwarded ${conn}; no applyOnForward policy applies, so host endpoint policy allows it`, rule: `HostEndpoint ${h.name}`, setting: 'calicoPolicy' } };
        case 'untracked':
        case 'pre-dnat':
          return { verdict: undefined };
        default:
          return assertNever(phase);
      }
    case 'undecided':
      return { verdict: undefined, hop: { stage: 'policy', at, text: `${base}${PHASE_TEXT[phase]}policies decide nothing ${conn}; it goes on (no default drop)` } };
    default:
      return assertNever(o);
  }
}

/** The steps before kube-proxy's DNAT, for a packet arriving at `node` from outside it. */
export function beforeDnat(state: ClusterState, node: NodeState, w: Walk): { readonly gate: HostGate; readonly walk: Walk } | Flow {
  const index = state.hostEndpoints;
  if (index === undefined || !node.addresses.includes(w.packet.dst)) return { gate: { kind: 'unpoliced' }, walk: w };
  const h = hostEndpointFor(index, node.name, w.packet.dst);
  if (h === undefined) return { gate: { kind: 'unpoliced' }, walk: w };
  const { dstPort, protocol } = w.packet;
  if (isFailsafeInbound(index, protocol, dstPort))
    return {
      gate: { kind: 'pending', hostEndpoint: h, accepted: true, src: w.packet.src },
      walk: hop(w, { stage: 'policy', at: node.name, text: `${nameOf(h)}: ${protocol} ${dstPort} is a failsafe port, open whatever the policy (setting FailsafeInboundHostPorts, default ${index.failsafeInbound.map((f) => `${f.protocol} ${f.port}`).join(', ')})`, setting: 'FailsafeInboundHostPorts' }),
    };
  const pending = { kind: 'pending', hostEndpoint: h, src: w.packet.src } as const;
  const untracked = judge(state, index, h, 'untracked', w, node.name);
  if (untracked.verdict === 'deny') return fail(w, 'timeout', 'policy', untracked.hop);
  const walk = untracked.hop ? hop(w, untracked.hop) : w;
  // Pre-DNAT policy judges the packet before DNAT; after an untracked Allow its decision waits until
  // kube-proxy has said whether the connection stays on the node (afterDnat).
  const preDnat = judge(state, index, h, 'pre-dnat', walk, node.name);
  if (untracked.verdict === 'allow') return { gate: { ...pending, accepted: false, untrackedAllow: preDnat }, walk };
  if (preDnat.verdict === 'deny') return fail(walk, 'timeout', 'policy', preDnat.hop);
  return { gate: { ...pending, accepted: preDnat.verdict === 'allow' }, walk: preDnat.hop ? hop(walk, preDnat.hop) : walk };
}

/** One phase before DNAT, on the packet as it arrived. */
function judge(state: ClusterState, index: HostEndpointIndex, h: CalicoHostEndpointSpec, phase: 'untracked' | 'pre-dnat', w: Walk, at: string): HeldPhase {
  const c = connectionOf(state, h, w, w.packet.src);
  return phaseHop(h, phase, evaluateHostPhase(index, phase, c), c, at);
}

/**
 * The step after kube-proxy (and the hostPort mapping): normal policy when the packet stays on
 * the node (`local`), applyOnForward policy when it goes on to a pod.
 */
export function afterDnat(state: ClusterState, node: NodeState, w: Walk, gate: HostGate, local: boolean): Walk | Flow {
  if (gate.kind === 'unpoliced' || gate.accepted || state.hostEndpoints === undefined) return w;
  let walk = w;
  if (gate.untrackedAllow !== undefined) {
    // Untracked Allow: it lets a connection to the host itself through (pre-DNAT and normal policy
    // skipped); for a forwarded one it has no net effect, and pre-DNAT policy's held decision counts.
    if (local) return w;
    walk = hop(w, {
      stage: 'policy',
      at: node.name,
      text: `${nameOf(gate.hostEndpoint)}: the untracked Allow has no effect on a connection forwarded to ${describeEndpoint(w.packet.dst, endpointRole(addressEndpoint(state, w.packet.dst), state.spec.settings))} (its replies find no connection tracking state); pre-DNAT and applyOnForward policy decide`,
      setting: 'calicoPolicy',
    });
    const held = gate.untrackedAllow;
    if (held.verdict === 'deny') return fail(walk, 'timeout', 'policy', held.hop);
    if (held.hop) walk = hop(walk, held.hop);
    if (held.verdict === 'allow') return walk;
  }
  const phase: HostPolicyKind = local ? 'normal' : 'forward';
  const c = connectionOf(state, gate.hostEndpoint, walk, gate.src);
  const { hop: made, verdict } = phaseHop(gate.hostEndpoint, phase, evaluateHostPhase(state.hostEndpoints, phase, c), c, node.name);
  if (verdict === 'deny') return fail(walk, 'timeout', 'policy', made);
  return made ? hop(walk, made) : walk;
}

/**
 * A pod's packet arriving at `node` from another node (or from a host routed to pod addresses),
 * on its way to the pod: forwarded through the node's host endpoint when it crosses its interface
 * (policy/calico-host.ts, 6 and carriesPodTraffic).
 */
export function intoPodFromAfar(state: ClusterState, node: NodeState, w: Walk): Walk | Flow {
  const index = state.hostEndpoints;
  if (index === undefined) return w;
  const h = hostEndpointFor(index, node.name, node.ip);
  if (h === undefined || !carriesPodTraffic(h, state.spec.networkMode)) return w;
  const untracked = judge(state, index, h, 'untracked', w, node.name);
  if (untracked.verdict === 'deny') return fail(w, 'timeout', 'policy', untracked.hop);
  let walk = untracked.hop ? hop(w, untracked.hop) : w;
  if (untracked.verdict === 'allow')
    walk = hop(walk, { stage: 'policy', at: node.name, text: `${nameOf(h)}: the untracked Allow has no effect on a connection forwarded to a pod (its replies find no connection tracking state); pre-DNAT and applyOnForward policy decide`, setting: 'calicoPolicy' });
  const preDnat = judge(state, index, h, 'pre-dnat', walk, node.name);
  if (preDnat.verdict === 'deny') return fail(walk, 'timeout', 'policy', preDnat.hop);
  if (preDnat.hop) walk = hop(walk, preDnat.hop);
  if (preDnat.verdict === 'allow') return walk;
  return afterDnat(state, node, walk, { kind: 'pending', hostEndpoint: h, accepted: false, src: w.packet.src }, false);
}

/**
 * Egress host endpoint policy for a connection leaving `node` through its interface
 * (policy/calico-host.ts, 7 and 8): `local` when the node's own process sent it (a node daemon,
 * a hostNetwork pod), else forwarded. `src`: the source as filtering sees it (before kube-proxy's
 * masquerade, which happens after it in POSTROUTING). `toPodOfAnotherNode`: the packet goes to a
 * pod of another node, which it may reach inside an overlay's tunnel (carriesPodTraffic).
 */
export function leaveNode(state: ClusterState, node: NodeState, w: Walk, local: boolean, src: string, toPodOfAnotherNode: boolean): Walk | Flow {
  const index = state.hostEndpoints;
  if (index === undefined) return w;
  const h = hostEndpointFor(index, node.name, local && node.addresses.includes(src) ? src : node.ip);
  if (h === undefined || (toPodOfAnotherNode && !carriesPodTraffic(h, state.spec.networkMode))) return w;
  const { dst, dstPort, protocol } = w.packet;
  const failsafe = (): Walk =>
    hop(w, {
      stage: 'policy',
      at: node.name,
      text: `${nameOf(h)}: ${protocol} ${dstPort} out of the host is a failsafe port, open whatever the policy (setting FailsafeOutboundHostPorts, default ${index.failsafeOutbound.map((f) => `${f.protocol} ${f.port}`).join(', ')})`,
      setting: 'FailsafeOutboundHostPorts',
    });
  const c: HostConnection = {
    hostEndpoint: h,
    direction: 'egress',
    ip: src,
    ...(local ? {} : { local: endpointRole(addressEndpoint(state, src), state.spec.settings) }),
    port: dstPort,
    protocol,
    peerIp: dst,
    peer: endpointRole(addressEndpoint(state, dst), state.spec.settings),
    namespaceLabels: (ns) => state.policyIndex.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined),
  };
  const verdict = egressHostPolicy(index, c, local);
  if (verdict.kind === 'failsafe') return failsafe();
  let walk = w;
  for (const step of verdict.steps) {
    const { hop: made, verdict: v } = phaseHop(h, step.phase, step.outcome, c, node.name);
    if (v === 'deny') return fail(walk, 'timeout', 'policy', made);
    if (made) walk = hop(walk, made);
  }
  return walk;
}

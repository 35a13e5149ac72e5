/**
 * NetworkPolicy evaluation (networking.k8s.io/v1, reference §6), the interface the trace engine
 * calls. A connection is allowed iff the source's egress and the destination's ingress both
 * allow it; each direction is decided per pod by the policies of that pod's namespace. This is
 * the straightforward reference evaluator; faster engines must agree with it.
 */
import type { ContainerPort, Labels, NamespaceSpec, NetworkPolicySpec, Protocol, Settings } from '../spec/types.js';
import { matchesSelector } from '../spec/selector.js';
import { describeConnection, describeEndpoint, describeRule } from '../policy/describe.js';
import { endpointRole, samePod, type EndpointRole, type PolicyPod } from '../policy/endpoint-role.js';
import { namespaceLabelsOf } from '../policy/namespace-labels.js';
import { peersMatch } from '../policy/peer-match.js';
import { portsMatch } from '../policy/port-match.js';
import type { Hop } from './types.js';

/** One side of a connection as policy sees it. */
export interface PolicyEndpoint {
  readonly ip: string;
  /** The pod at this address (undefined for nodes, hosts, the internet). hostNetwork pods are given here too, flagged. */
  readonly pod?: {
    readonly namespace: string;
    readonly name: string;
    readonly labels: Labels;
    readonly node: string;
    readonly hostNetwork: boolean;
    readonly ports: readonly ContainerPort[];
  };
  /** The node this address belongs to, when it is a node address (or a hostNetwork pod's). */
  readonly node?: string;
}

export interface PolicyQuery {
  readonly src: PolicyEndpoint;
  /** Post-DNAT destination (the endpoint pod, never a Service VIP). */
  readonly dst: PolicyEndpoint;
  /** Post-DNAT destination port. */
  readonly port: number;
  readonly protocol: Protocol;
  /**
   * The source as the destination sees it, when NAT on the way rewrote it (masquerade to a node
   * IP): egress is judged with `src` (the sender), ingress with this. Defaults to `src`.
   */
  readonly ingressSrc?: PolicyEndpoint;
}

/** How one direction was decided. Policies are named `namespace/name`; rule indexes are 0-based. */
export type DirectionVerdict =
  /** The direction was not evaluated: enforcement is off for it (setting networkPolicyEnforcement). */
  | { readonly kind: 'not-enforced' }
  /** The endpoint on this side is not a selectable pod (a node, a hostNetwork pod counted as node, an outside address). */
  | { readonly kind: 'not-a-pod' }
  /** No policy of the pod's namespace selects it with this policy type. */
  | { readonly kind: 'not-isolated' }
  /** Allowed by this rule (the first matching one, in policy then rule order). */
  | { readonly kind: 'rule'; readonly policy: string; readonly ruleIndex: number }
  /** Allowed without a rule: ingress from the pod's own node, or egress to it (setting podToOwnNodeAllowed). */
  | { readonly kind: 'own-node'; readonly node: string }
  /** Isolated by these policies and no rule of theirs matched. */
  | { readonly kind: 'denied'; readonly isolatedBy: readonly string[] };

export interface PolicyDecision {
  readonly allowed: boolean;
  /** Which direction denied it, when denied. */
  readonly deniedBy?: 'egress' | 'ingress';
  /** Hops for the trace: egress at the source, then ingress at the destination. */
  readonly hops: readonly Hop[];
  /**
   * Why, when the connection is neither switched off entirely (networkPolicyEnforcement 'none')
   * nor self traffic: the source's egress verdict, and the destination's ingress verdict unless
   * egress already denied it.
   */
  readonly egress?: DirectionVerdict;
  readonly ingress?: DirectionVerdict;
  /** What short-circuited both directions, when something did. */
  readonly exempt?: 'enforcement-none' | 'self';
}

export interface PolicyIndex {
  readonly policies: readonly NetworkPolicySpec[];
  /** Per namespace, its policies with Ingress in policyTypes, in input order. */
  readonly ingressByNamespace: ReadonlyMap<string, readonly NetworkPolicySpec[]>;
  /** Per namespace, its policies with Egress in policyTypes, in input order. */
  readonly egressByNamespace: ReadonlyMap<string, readonly NetworkPolicySpec[]>;
  /** Namespace labels as namespaceSelectors see them (kubernetes.io/metadata.name included). */
  readonly namespaceLabels: ReadonlyMap<string, Labels>;
  readonly settings: Settings;
}

export function buildPolicyIndex(input: {
  readonly policies: readonly NetworkPolicySpec[];
  /** Namespace labels should already include kubernetes.io/metadata.name; it is added when missing. */
  readonly namespaces: readonly NamespaceSpec[];
  readonly settings: Settings;
}): PolicyIndex {
  return {
    policies: input.policies,
    ingressByNamespace: groupByNamespace(input.policies.filter((p) => p.policyTypes.includes('Ingress'))),
    egressByNamespace: groupByNamespace(input.policies.filter((p) => p.policyTypes.includes('Egress'))),
    namespaceLabels: new Map(input.namespaces.map((ns) => [ns.name, namespaceLabelsOf(ns.name, ns.labels)])),
    settings: input.settings,
  };
}

export function evaluatePolicies(index: PolicyIndex, q: PolicyQuery): PolicyDecision {
  const settings = index.settings;
  if (settings.networkPolicyEnforcement === 'none') {
    const hop: Hop = {
      stage: 'policy',
      text: 'NetworkPolicy is not enforced: every policy ignored (setting networkPolicyEnforcement=none)',
      setting: 'networkPolicyEnforcement',
    };
    return { allowed: true, hops: [hop], exempt: 'enforcement-none' };
  }
  const src = endpointRole(q.src, settings);
  const ingressSrc = q.ingressSrc === undefined ? src : endpointRole(q.ingressSrc, settings);
  const dst = endpointRole(q.dst, settings);
  const srcPod = src.kind === 'pod' ? src.pod : undefined;
  const dstPod = dst.kind === 'pod' ? dst.pod : undefined;

  const pod = q.src.pod;
  if (settings.selfTrafficAllowed && pod !== undefined && samePod(pod, q.dst.pod)) {
    const hop: Hop = {
      stage: 'policy',
      ...at(pod.node),
      text: `pod ${pod.namespace}/${pod.name} reaching itself is allowed (setting selfTrafficAllowed)`,
      setting: 'selfTrafficAllowed',
    };
    return { allowed: true, hops: [hop], exempt: 'self' };
  }

  const ctx: Context = { index, q, src, ingressSrc, dst };
  const egress = decideEgress(ctx, srcPod);
  if (!egress.allowed) return { allowed: false, deniedBy: 'egress', hops: [egress.hop], egress: egress.verdict };
  const ingress = decideIngress(ctx, dstPod);
  return {
    allowed: ingress.allowed,
    ...(ingress.allowed ? {} : { deniedBy: 'ingress' as const }),
    hops: [egress.hop, ingress.hop],
    egress: egress.verdict,
    ingress: ingress.verdict,
  };
}

interface Context {
  readonly index: PolicyIndex;
  readonly q: PolicyQuery;
  readonly src: EndpointRole;
  readonly ingressSrc: EndpointRole;
  readonly dst: EndpointRole;
}

interface DirectionResult {
  readonly allowed: boolean;
  readonly verdict: DirectionVerdict;
  readonly hop: Hop;
}

function decideEgress(ctx: Context, pod: PolicyPod | undefined): DirectionResult {
  const { index, q, src, dst } = ctx;
  const where = at(q.src.pod?.node ?? q.src.node);
  if (index.settings.networkPolicyEnforcement === 'ingress-only') {
    return allow({ kind: 'not-enforced' }, {
      stage: 'policy',
      ...where,
      text: 'egress NetworkPolicy is not enforced (setting networkPolicyEnforcement=ingress-only)',
      setting: 'networkPolicyEnforcement',
    });
  }
  if (pod === undefined) return notAPod('source', q.src.ip, src, 'egress', where);

  const policies = selecting(index.egressByNamespace, pod);
  if (policies.length === 0) return notIsolated(pod, 'egress', where);
  const destinationPorts = dst.kind === 'pod' ? dst.pod.ports : undefined;
  const match = firstMatch(index, policies, 'egress', q.dst.ip, dst, q, destinationPorts);
  if (match !== undefined) return match;

  const isolation = isolationText(pod, 'egress', policies, 'destination', q.dst.ip, dst, q);
  if (index.settings.podToOwnNodeAllowed && dst.kind === 'node' && dst.node === pod.node) {
    return allow({ kind: 'own-node', node: pod.node }, {
      stage: 'policy',
      ...where,
      text: `${isolation}, but egress to the pod's own node ${pod.node} is allowed (setting podToOwnNodeAllowed)`,
      rule: policyRule(policies),
      setting: 'podToOwnNodeAllowed',
    });
  }
  return deny(policies, { stage: 'policy', ...where, text: isolation, rule: policyRule(policies) });
}

function decideIngress(ctx: Context, pod: PolicyPod | undefined): DirectionResult {
  const { index, q, dst } = ctx;
  const src = ctx.ingressSrc;
  const srcIp = (q.ingressSrc ?? q.src).ip;
  const where = at(q.dst.pod?.node ?? q.dst.node);
  if (pod === undefined) return notAPod('destination', q.dst.ip, dst, 'ingress', where);

  if (src.kind === 'node' && src.node === pod.node) {
    return allow({ kind: 'own-node', node: pod.node }, {
      stage: 'policy',
      ...where,
      text: `ingress to pod ${pod.namespace}/${pod.name} from its own node: ${describeEndpoint(srcIp, src)} is always allowed`,
      ...(src.hostNetworkPod === undefined ? {} : { setting: 'hostNetworkPolicy' }),
    });
  }
  const policies = selecting(index.ingressByNamespace, pod);
  if (policies.length === 0) return notIsolated(pod, 'ingress', where);
  const match = firstMatch(index, policies, 'ingress', srcIp, src, q, pod.ports);
  if (match !== undefined) return match;
  return deny(policies, {
    stage: 'policy',
    ...where,
    text: isolationText(pod, 'ingress', policies, 'source', srcIp, src, q),
    rule: policyRule(policies),
  });
}

/** The policies of the pod's namespace (already filtered by direction) whose podSelector selects it. */
function selecting(byNamespace: PolicyIndex['ingressByNamespace'], pod: PolicyPod): readonly NetworkPolicySpec[] {
  return (byNamespace.get(pod.namespace) ?? []).filter((p) => matchesSelector(p.podSelector, pod.labels));
}

/** The first rule, in policy then rule order, whose peers match the other side and whose ports match the destination. */
function firstMatch(
  index: PolicyIndex,
  policies: readonly NetworkPolicySpec[],
  direction: 'ingress' | 'egress',
  peerIp: string,
  peer: EndpointRole,
  q: PolicyQuery,
  destinationPorts: readonly ContainerPort[] | undefined,
): DirectionResult | undefined {
  const labelsOf = (ns: string): Labels => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined);
  for (const policy of policies) {
    const rules = direction === 'ingress' ? policy.ingress : policy.egress;
    const ruleIndex = rules.findIndex(
      (r) =>
        peersMatch(r.peers, policy.namespace, peerIp, peer, labelsOf) &&
        portsMatch(r.ports, q.port, q.protocol, destinationPorts),
    );
    const rule = rules[ruleIndex];
    if (rule === undefined) continue;
    const name = `${policy.namespace}/${policy.name}`;
    return allow({ kind: 'rule', policy: name, ruleIndex }, {
      stage: 'policy',
      ...at(direction === 'ingress' ? (q.dst.pod?.node ?? q.dst.node) : (q.src.pod?.node ?? q.src.node)),
      text: `NetworkPolicy ${name} ${direction} rule #${ruleIndex + 1} (${describeRule(rule, direction)})`,
      rule: `NetworkPolicy ${name}`,
    });
  }
  return undefined;
}

function isolationText(
  pod: PolicyPod,
  direction: 'ingress' | 'egress',
  policies: readonly NetworkPolicySpec[],
  side: 'source' | 'destination',
  ip: string,
  role: EndpointRole,
  q: PolicyQuery,
): string {
  return (
    `pod ${pod.namespace}/${pod.name} isolated for ${direction} by ${policyNames(policies)}; ` +
    `no rule matched ${side} ${describeEndpoint(ip, role)} on ${describeConnection(q.port, q.protocol)}`
  );
}

function notIsolated(pod: PolicyPod, direction: 'ingress' | 'egress', where: { at?: string }): DirectionResult {
  return allow({ kind: 'not-isolated' }, {
    stage: 'policy',
    ...where,
    text: `pod ${pod.namespace}/${pod.name} not isolated for ${direction}: no policy selects it`,
  });
}

function notAPod(
  side: 'source' | 'destination',
  ip: string,
  role: EndpointRole,
  direction: 'ingress' | 'egress',
  where: { at?: string },
): DirectionResult {
  const hostNetwork = role.kind === 'node' && role.hostNetworkPod !== undefined;
  const text = hostNetwork
    ? `${side} ${describeEndpoint(ip, role)} is not subject to ${direction} policy (setting hostNetworkPolicy=node)`
    : `${side} ${describeEndpoint(ip, role)} is not a pod: no ${direction} policy applies`;
  return allow({ kind: 'not-a-pod' }, {
    stage: 'policy',
    ...where,
    text,
    ...(hostNetwork ? { setting: 'hostNetworkPolicy' } : {}),
  });
}

function allow(verdict: DirectionVerdict, hop: Hop): DirectionResult {
  return { allowed: true, verdict, hop };
}

function deny(policies: readonly NetworkPolicySpec[], hop: Hop): DirectionResult {
  return { allowed: false, verdict: { kind: 'denied', isolatedBy: policies.map((p) => `${p.namespace}/${p.name}`) }, hop };
}

function policyNames(policies: readonly NetworkPolicySpec[]): string {
  return policies.map((p) => `${p.namespace}/${p.name}`).join(', ');
}

function policyRule(policies: readonly NetworkPolicySpec[]): string {
  return `NetworkPolicy ${policyNames(policies)}`;
}

function at(node: string | undefined): { at?: string } {
  return node === undefined ? {} : { at: node };
}

function groupByNamespace(policies: readonly NetworkPolicySpec[]): ReadonlyMap<string, readonly NetworkPolicySpec[]> {
  const groups = new Map<string, NetworkPolicySpec[]>();
  for (const p of policies) {
    const group = groups.get(p.namespace);
    if (group === undefined) groups.set(p.namespace, [p]);
    else group.push(p);
  }
  return groups;
}

/**
 * Policy evaluation, the interface the trace engine calls: NetworkPolicy (networking.k8s.io/v1,
 * reference §6) with AdminNetworkPolicy and BaselineAdminNetworkPolicy around it (reference §7).
 * A connection is allowed iff the source's egress and the destination's ingress both allow it.
 * Each direction is decided per pod, by tiers: AdminNetworkPolicies in priority order (the first
 * matching rule of the first policy with one decides: Allow and Deny are final, Pass skips the
 * rest of the tier); then the NetworkPolicies of the pod's namespace if any isolates the pod in
 * that direction; then the BaselineAdminNetworkPolicy; then allow. This is the straightforward
 * reference evaluator; faster engines must agree with it.
 * In a cluster with Calico policies (projectcalico.org/v3), the Calico tiers (policy/calico.ts,
 * the Kubernetes NetworkPolicies among them at order 1000) take the NetworkPolicy tier's place:
 * a rule's Allow or Deny, or an end-of-tier deny, decides; otherwise the profile allows and the
 * BaselineAdminNetworkPolicy tier follows as for a pod no NetworkPolicy isolates.
 * Calico's objects count only where Calico enforces them (Settings.calicoPolicy 'enforced': the
 * CNI is Calico or Canal, none is named, or Calico runs in policy-only mode beside another CNI);
 * with 'off' they are left out, and a hop says so (setting calicoPolicy).
 * In a cluster with Cilium policies (cilium.io/v2), or whose CNI is Cilium, and no enforced Calico
 * ones, Cilium's evaluation (policy/cilium.ts, the Kubernetes NetworkPolicies among them, their
 * ipBlocks as Cilium matches them) takes the NetworkPolicy tier's place the same way: a deny
 * rule, an allow rule or default deny decides; a pod no policy puts
 * into default deny goes on to the BaselineAdminNetworkPolicy tier.
 */
import type { PolicyScope } from '../spec/policy-scope.js';
import type {
  AdminNetworkPolicySpec,
  AdminPolicyRule,
  BaselineAdminNetworkPolicySpec,
  ContainerPort,
  Labels,
  NetworkPolicySpec,
  Settings,
} from '../spec/types.js';
import { adminPeerMatches, adminPortsMatch, subjectSelects } from './admin-match.js';
import { hasCalicoPolicies } from '../spec/calico.js';
import { calicoResources, calicoTiers, describeOrder, evaluateCalico, type CalicoResources, type CalicoTier } from './calico.js';
import { ciliumEnforces } from '../spec/cilium.js';
import { ciliumIndex, evaluateCilium, refusedSelecting, ruleRefText, type CiliumIndex, type CiliumL7, type CiliumRuleRef } from './cilium.js';
import { matchesSelector } from '../spec/selector.js';
import { describeConnection, describeEndpoint, describeRule } from './describe.js';
import { endpointRole, samePod, type EndpointRole, type PolicyPod } from './endpoint-role.js';
import { namespaceLabelsOf } from './namespace-labels.js';
import { peersMatch } from './peer-match.js';
import { portsMatch } from './port-match.js';
import { assertNever } from '../spec/never.js';
import type { IcmpMessage, PolicyProtocol } from '../spec/packet-protocol.js';

/**
 * A hop of the policy stage, in the trace engine's shape (net/types.ts `PolicyHop`, which it is
 * assignable to): defined here so policy evaluation does not depend on the engine that calls it.
 */
export interface PolicyHop {
  readonly stage: 'policy';
  readonly at?: string;
  readonly text: string;
  readonly rule?: string;
  readonly setting?: string;
}

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
    /** spec.serviceAccountName; undefined: `default` (Calico's `serviceAccounts`, Cilium's service-account label). */
    readonly serviceAccount?: string | undefined;
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
  /** ICMP: an ICMP message (port 0), which no `ports` entry matches; IP: another IP protocol (port 0), likewise. */
  readonly protocol: PolicyProtocol;
  /** With ICMP: the message; absent, the echo request of the family (a ping). */
  readonly icmp?: IcmpMessage;
  /** With IP: the protocol's number (spec/packet-protocol.ts). */
  readonly ipProtocol?: number;
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
  | { readonly kind: 'denied'; readonly isolatedBy: readonly string[] }
  /**
   * Decided by a rule of an AdminNetworkPolicy (tier 'admin', policy = its name) or of the
   * BaselineAdminNetworkPolicy (tier 'baseline'); `rule` is the rule's name, ruleIndex 0-based.
   */
  | {
      readonly kind: 'admin';
      readonly tier: 'admin' | 'baseline';
      readonly policy: string;
      readonly rule: string;
      readonly ruleIndex: number;
      readonly action: 'Allow' | 'Deny';
    }
  /** Decided by an Allow or Deny rule of a Calico policy (or a Kubernetes NetworkPolicy among them); ruleIndex 0-based. */
  | { readonly kind: 'calico'; readonly tier: string; readonly policy: string; readonly ruleIndex: number; readonly action: 'Allow' | 'Deny' }
  /** A Calico tier took part (these policies applied) and none of its rules matched: denied at the end of the tier. */
  | { readonly kind: 'calico-end-of-tier'; readonly tier: string; readonly policies: readonly string[] }
  /**
   * Decided by a rule of a Cilium policy (or a Kubernetes NetworkPolicy among them): `rule` as the
   * trace names it; `l7`, for an allow whose requests Cilium's proxy filters, the HTTP rules.
   */
  | { readonly kind: 'cilium'; readonly rule: string; readonly action: 'Allow' | 'Deny'; readonly l7?: readonly CiliumL7[] }
  /** In Cilium's default deny for the direction (these policies put the pod there) and no allow rule matched. */
  | { readonly kind: 'cilium-default-deny'; readonly policies: readonly string[] }
  /** No Calico tier decided; the namespace's Profile object did: a rule (ruleIndex 0-based), or none (Deny after the profiles). */
  | { readonly kind: 'calico-profile'; readonly profile: string; readonly ruleIndex?: number; readonly action: 'Allow' | 'Deny' };

export interface PolicyDecision {
  readonly allowed: boolean;
  /** Which direction denied it, when denied. */
  readonly deniedBy?: 'egress' | 'ingress';
  /** Hops for the trace: egress at the source, then ingress at the destination. */
  readonly hops: readonly PolicyHop[];
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
  /** AdminNetworkPolicies in evaluation order: priority ascending, then name. */
  readonly adminPolicies: readonly AdminNetworkPolicySpec[];
  readonly baselinePolicy?: BaselineAdminNetworkPolicySpec;
  /** Node labels, for the `nodes` peers of admin egress rules. */
  readonly nodeLabels: ReadonlyMap<string, Labels>;
  /** The Calico tiers (Kubernetes NetworkPolicies included), when the cluster has a Calico policy. */
  readonly calicoTiers?: readonly CalicoTier[];
  /** The Cilium policies (Kubernetes NetworkPolicies included), when Cilium enforces the cluster's policies (spec/cilium.ts ciliumEnforces) and it has no Calico policy. */
  readonly cilium?: CiliumIndex;
  /** Calico's profiles, network sets and host endpoints, when the cluster has Calico policies. */
  readonly calicoResources?: CalicoResources;
  /** The cluster has Calico policies and Calico does not enforce them (setting calicoPolicy 'off'): the hop saying so. */
  readonly calicoIgnored?: PolicyHop;
}

export function buildPolicyIndex(input: PolicyScope & { readonly policies: readonly NetworkPolicySpec[] }): PolicyIndex {
  return {
    adminPolicies: [...(input.adminNetworkPolicies ?? [])].sort((a, b) => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    ...(input.baselineAdminNetworkPolicy === undefined ? {} : { baselinePolicy: input.baselineAdminNetworkPolicy }),
    nodeLabels: new Map((input.nodes ?? []).map((n) => [n.name, n.labels])),
    policies: input.policies,
    ingressByNamespace: groupByNamespace(input.policies.filter((p) => p.policyTypes.includes('Ingress'))),
    egressByNamespace: groupByNamespace(input.policies.filter((p) => p.policyTypes.includes('Egress'))),
    namespaceLabels: new Map(input.namespaces.map((ns) => [ns.name, namespaceLabelsOf(ns.name, ns.labels)])),
    settings: input.settings,
    ...(hasCalicoPolicies(input) && input.settings.calicoPolicy === 'off' ? { calicoIgnored: calicoIgnoredHop(input) } : {}),
    ...(hasCalicoPolicies(input) && input.settings.calicoPolicy === 'enforced'
      ? { calicoTiers: calicoTiers(input, input.policies), calicoResources: calicoResources(input) }
      : ciliumEnforces(input)
        ? { cilium: ciliumIndex(input, input.policies, input.nodes?.[0]?.name, input.ciliumDnsNames ?? [], input.settings.ciliumCidrMatchMode, input.ciliumServices ?? [], {
            labels: new Map((input.nodes ?? []).map((n) => [n.name, n.labels])),
            selectorLabels: input.settings.ciliumNodeSelectorLabels,
          }) }
        : {}),
  };
}

/** The hop saying a cluster's Calico policies play no part (setting calicoPolicy 'off'). */
function calicoIgnoredHop(input: PolicyScope): PolicyHop {
  const count = (input.calicoNetworkPolicies?.length ?? 0) + (input.calicoGlobalNetworkPolicies?.length ?? 0) + (input.calicoProfiles?.length ?? 0);
  return {
    stage: 'policy',
    text: `Calico does not enforce policy in this cluster: ${count} Calico ${count === 1 ? 'policy' : 'policies and profiles'} ignored (setting calicoPolicy=off, the default under a CNI other than Calico or Canal; \`set calico-policy enforced\` for Calico's policy-only mode)`,
    setting: 'calicoPolicy',
  };
}

export function evaluatePolicies(index: PolicyIndex, q: PolicyQuery): PolicyDecision {
  const settings = index.settings;
  if (settings.networkPolicyEnforcement === 'none') {
    const hop: PolicyHop = {
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
    const hop: PolicyHop = {
      stage: 'policy',
      ...at(pod.node),
      text: `pod ${pod.namespace}/${pod.name} reaching itself is allowed (setting selfTrafficAllowed)`,
      setting: 'selfTrafficAllowed',
    };
    return { allowed: true, hops: [hop], exempt: 'self' };
  }

  const ctx: Context = { index, q, src, ingressSrc, dst };
  const ignored = index.calicoIgnored ? [index.calicoIgnored] : [];
  const egress = decideEgress(ctx, srcPod);
  if (!egress.allowed) return { allowed: false, deniedBy: 'egress', hops: [...ignored, egress.hop], egress: egress.verdict };
  const ingress = decideIngress(ctx, dstPod);
  return {
    allowed: ingress.allowed,
    ...(ingress.allowed ? {} : { deniedBy: 'ingress' as const }),
    hops: [...ignored, egress.hop, ingress.hop],
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
  readonly hop: PolicyHop;
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

  const destinationPorts = dst.kind === 'pod' ? dst.pod.ports : undefined;
  const side: AdminSide = { pod, direction: 'egress', peerIp: q.dst.ip, peer: dst, q, destinationPorts, where };
  const admin = adminTier(index, side);
  if (admin.kind === 'decided') return admin.result;
  const passed = admin.passed;
  if (index.calicoTiers !== undefined) {
    const outcome = calicoTier(index, index.calicoTiers, side, q.src.ip, passed);
    if (outcome.kind === 'profile') return baselineTier(index, side, outcome.passed);
    const calico = outcome.result;
    if (!calico.allowed && index.settings.podToOwnNodeAllowed && dst.kind === 'node' && dst.node === pod.node) {
      return allow({ kind: 'own-node', node: pod.node }, {
        ...calico.hop,
        text: `${calico.hop.text}, but egress to the pod's own node ${pod.node} is allowed (setting podToOwnNodeAllowed)`,
        setting: 'podToOwnNodeAllowed',
      });
    }
    return calico;
  }
  if (index.cilium !== undefined) {
    const outcome = ciliumTier(index, index.cilium, side, passed);
    if (outcome.kind === 'not-selected') return baselineTier(index, side, passed);
    const cilium = outcome.result;
    if (!cilium.allowed && cilium.verdict.kind === 'cilium-default-deny' && index.settings.podToOwnNodeAllowed && dst.kind === 'node' && dst.node === pod.node) {
      return allow({ kind: 'own-node', node: pod.node }, {
        ...cilium.hop,
        text: `${cilium.hop.text}, but egress to the pod's own node ${pod.node} is allowed (setting podToOwnNodeAllowed)`,
        setting: 'podToOwnNodeAllowed',
      });
    }
    return cilium;
  }
  const policies = selecting(index.egressByNamespace, pod);
  if (policies.length === 0) return baselineTier(index, side, passed);
  const match = firstMatch(index, policies, 'egress', q.dst.ip, dst, q, destinationPorts);
  if (match !== undefined) return withPass(match, passed);

  const isolation = passed + isolationText(pod, 'egress', policies, 'destination', q.dst.ip, dst, q);
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

  const side: AdminSide = { pod, direction: 'ingress', peerIp: srcIp, peer: src, q, destinationPorts: pod.ports, where };
  const admin = adminTier(index, side);
  if (admin.kind === 'decided') return admin.result;
  const passed = admin.passed;
  if (src.kind === 'node' && src.node === pod.node) {
    return allow({ kind: 'own-node', node: pod.node }, {
      stage: 'policy',
      ...where,
      text: `${passed}ingress to pod ${pod.namespace}/${pod.name} from its own node: ${describeEndpoint(srcIp, src)} is always allowed`,
      ...(src.hostNetworkPod === undefined ? {} : { setting: 'hostNetworkPolicy' }),
    });
  }
  if (index.calicoTiers !== undefined) {
    const outcome = calicoTier(index, index.calicoTiers, side, q.dst.ip, passed);
    return outcome.kind === 'decided' ? outcome.result : baselineTier(index, side, outcome.passed);
  }
  if (index.cilium !== undefined) {
    const outcome = ciliumTier(index, index.cilium, side, passed);
    return outcome.kind === 'decided' ? outcome.result : baselineTier(index, side, passed);
  }
  const policies = selecting(index.ingressByNamespace, pod);
  if (policies.length === 0) return baselineTier(index, side, passed);
  const match = firstMatch(index, policies, 'ingress', srcIp, src, q, pod.ports);
  if (match !== undefined) return withPass(match, passed);
  return deny(policies, {
    stage: 'policy',
    ...where,
    text: passed + isolationText(pod, 'ingress', policies, 'source', srcIp, src, q),
    rule: policyRule(policies),
  });
}

/** One direction of a connection as the admin tiers see it: the selected pod and the other side. */
interface AdminSide {
  readonly pod: PolicyPod;
  readonly direction: 'ingress' | 'egress';
  readonly peerIp: string;
  readonly peer: EndpointRole;
  readonly q: PolicyQuery;
  /** The destination pod's container ports, for named admin ports. */
  readonly destinationPorts: readonly ContainerPort[] | undefined;
  readonly where: { at?: string };
}

type AdminTierResult =
  | { readonly kind: 'decided'; readonly result: DirectionResult }
  /** `passed`: '' or the text naming the Pass rule that handed the decision on, ending in '; '. */
  | { readonly kind: 'undecided'; readonly passed: string };

/**
 * The AdminNetworkPolicy tier for one direction of `pod` (the subject): policies selecting it,
 * in priority order; the first rule (in rule order) whose peers match the other side and whose
 * ports match decides. Pass ends the tier undecided.
 */
function adminTier(index: PolicyIndex, side: AdminSide): AdminTierResult {
  const { pod, direction, peerIp, peer, q, destinationPorts, where } = side;
  const nsLabels = (ns: string): Labels => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined);
  for (const policy of index.adminPolicies) {
    if (!subjectSelects(policy.subject, pod, nsLabels)) continue;
    const rules = direction === 'ingress' ? policy.ingress : policy.egress;
    const ruleIndex = firstAdminRule(index, rules, peerIp, peer, q, destinationPorts);
    const rule = rules[ruleIndex];
    if (rule === undefined) continue;
    const label = `AdminNetworkPolicy ${policy.name} (priority ${policy.priority}) ${direction} rule #${ruleIndex + 1}${rule.name === '' ? '' : ` "${rule.name}"`}`;
    if (rule.action === 'Pass') {
      return { kind: 'undecided', passed: `${label} passes ${describeConnection(q.port, q.protocol, q)} on to NetworkPolicy; ` };
    }
    const verdict: DirectionVerdict = { kind: 'admin', tier: 'admin', policy: policy.name, rule: rule.name, ruleIndex, action: rule.action };
    const hop: PolicyHop = {
      stage: 'policy',
      ...where,
      text: `${label}: ${rule.action} ${direction === 'ingress' ? 'from' : 'to'} ${describeEndpoint(peerIp, peer)} on ${describeConnection(q.port, q.protocol, q)}`,
      rule: `AdminNetworkPolicy ${policy.name}`,
    };
    return { kind: 'decided', result: { allowed: rule.action === 'Allow', verdict, hop } };
  }
  return { kind: 'undecided', passed: '' };
}

/** The BaselineAdminNetworkPolicy tier, for a pod no NetworkPolicy isolates in this direction; allow when it does not decide. */
function baselineTier(index: PolicyIndex, side: AdminSide, passed: string): DirectionResult {
  const { pod, direction, peerIp, peer, q, destinationPorts, where } = side;
  const banp = index.baselinePolicy;
  const nsLabels = (ns: string): Labels => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined);
  if (banp !== undefined && subjectSelects(banp.subject, pod, nsLabels)) {
    const rules = direction === 'ingress' ? banp.ingress : banp.egress;
    const ruleIndex = firstAdminRule(index, rules, peerIp, peer, q, destinationPorts);
    const rule = rules[ruleIndex];
    if (rule !== undefined && rule.action !== 'Pass') {
      const verdict: DirectionVerdict = { kind: 'admin', tier: 'baseline', policy: banp.name, rule: rule.name, ruleIndex, action: rule.action };
      const label = `BaselineAdminNetworkPolicy ${banp.name} ${direction} rule #${ruleIndex + 1}${rule.name === '' ? '' : ` "${rule.name}"`}`;
      const hop: PolicyHop = {
        stage: 'policy',
        ...where,
        text:
          `${passed}pod ${pod.namespace}/${pod.name} not isolated for ${direction} by NetworkPolicy; ` +
          `${label}: ${rule.action} ${direction === 'ingress' ? 'from' : 'to'} ${describeEndpoint(peerIp, peer)} on ${describeConnection(q.port, q.protocol, q)}`,
        rule: `BaselineAdminNetworkPolicy ${banp.name}`,
      };
      return { allowed: rule.action === 'Allow', verdict, hop };
    }
  }
  const result = notIsolated(pod, direction, where);
  return passed === '' ? result : withPass(result, passed);
}

/**
 * The Calico tiers for one direction (policy/calico.ts): the result when a rule or an end of tier
 * decided; when the profile is reached, the text saying so (ending in '; '), and the caller goes on
 * to the baseline tier.
 */
function calicoTier(
  index: PolicyIndex,
  tiers: readonly CalicoTier[],
  side: AdminSide,
  podIp: string,
  passed: string,
): { readonly kind: 'decided'; readonly result: DirectionResult } | { readonly kind: 'profile'; readonly passed: string } {
  const { pod, direction, peerIp, peer, q, destinationPorts, where } = side;
  const outcome = evaluateCalico(tiers, {
    pod,
    direction,
    peerIp,
    peer,
    podIp,
    port: q.port,
    protocol: q.protocol,
    ...(q.icmp ? { icmp: q.icmp } : {}),
    ...(q.ipProtocol !== undefined ? { ipProtocol: q.ipProtocol } : {}),
    destinationPorts,
    namespaceLabels: (ns) => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined),
    ...(index.calicoResources ? { resources: index.calicoResources } : {}),
  });
  const passedText = passed + outcome.passedTiers.map((t) => `Calico tier ${t} passes ${describeConnection(q.port, q.protocol, q)} on; `).join('');
  const peerText = `${direction === 'ingress' ? 'from' : 'to'} ${describeEndpoint(peerIp, peer)} on ${describeConnection(q.port, q.protocol, q)}`;
  switch (outcome.kind) {
    case 'profile':
      return {
        kind: 'profile',
        passed: outcome.passedTiers.length === 0 ? passed : `${passedText}no Calico tier decided: the namespace profile kns.${pod.namespace} allows; `,
      };
    case 'rule': {
      const { policy, ruleIndex, action, tier } = outcome;
      const name = policy.kind === 'global' ? policy.spec.name : `${policy.spec.namespace}/${policy.spec.name}`;
      const hop: PolicyHop = {
        stage: 'policy',
        ...where,
        text: `${passedText}${policy.label} (tier ${tier}, ${describeOrder(policy)}) ${direction} rule #${ruleIndex + 1}: ${action} ${peerText}`,
        rule: policy.label,
        setting: 'calicoPolicy',
      };
      return { kind: 'decided', result: { allowed: action === 'Allow', verdict: { kind: 'calico', tier, policy: name, ruleIndex, action }, hop } };
    }
    case 'end-of-tier': {
      const labels = outcome.policies.map((p) => p.label);
      const hop: PolicyHop = {
        stage: 'policy',
        ...where,
        text: `${passedText}pod ${pod.namespace}/${pod.name} is selected for ${direction} in Calico tier ${outcome.tier} by ${labels.join(', ')}; no rule matched ${peerText}: denied at the end of the tier`,
        rule: labels.join(', '),
        setting: 'calicoPolicy',
      };
      const policies = outcome.policies.map((p) => (p.kind === 'global' ? p.spec.name : `${p.spec.namespace}/${p.spec.name}`));
      return { kind: 'decided', result: { allowed: false, verdict: { kind: 'calico-end-of-tier', tier: outcome.tier, policies }, hop } };
    }
    case 'profile-rule': {
      const { profile, ruleIndex, action } = outcome;
      const hop: PolicyHop = {
        stage: 'policy',
        ...where,
        text: `${passedText}no Calico tier decided; Profile ${profile} ${direction} rule #${ruleIndex + 1}: ${action} ${peerText}`,
        rule: `Profile ${profile}`,
        setting: 'calicoPolicy',
      };
      return { kind: 'decided', result: { allowed: action === 'Allow', verdict: { kind: 'calico-profile', profile, ruleIndex, action }, hop } };
    }
    case 'profile-end': {
      const hop: PolicyHop = {
        stage: 'policy',
        ...where,
        text: `${passedText}no Calico tier decided and no ${direction} rule of Profile ${outcome.profile} matched ${peerText}: denied after the profiles`,
        rule: `Profile ${outcome.profile}`,
        setting: 'calicoPolicy',
      };
      return { kind: 'decided', result: { allowed: false, verdict: { kind: 'calico-profile', profile: outcome.profile, action: 'Deny' }, hop } };
    }
    default:
      return assertNever(outcome);
  }
}

/**
 * Cilium's evaluation for one direction (policy/cilium.ts): the result when a deny rule, an allow
 * rule or default deny decided; 'not-selected' when no policy puts the pod into default deny and
 * no rule matched (the caller goes on to the baseline tier).
 */
function ciliumTier(
  index: PolicyIndex,
  cilium: CiliumIndex,
  side: AdminSide,
  passed: string,
): { readonly kind: 'decided'; readonly result: DirectionResult } | { readonly kind: 'not-selected' } {
  const { pod, direction, peerIp, peer, q, destinationPorts, where } = side;
  const outcome = evaluateCilium(cilium, {
    pod,
    direction,
    peerIp,
    peer,
    port: q.port,
    protocol: q.protocol,
    ...(q.icmp ? { icmp: q.icmp } : {}),
    destinationPorts,
    namespaceLabels: (ns) => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined),
  });
  const peerText = `${direction === 'ingress' ? 'from' : 'to'} ${describeEndpoint(peerIp, peer)} on ${describeConnection(q.port, q.protocol, q)}`;
  const refused = refusedSelecting(cilium, { pod, namespaceLabels: (ns) => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined) }).map((e) => e.label);
  // A policy Cilium refused (fromNodes / toNodes without enable-node-selector-labels) that would select the pod (policy/cilium.ts, 7b).
  const refusedText =
    refused.length === 0
      ? ''
      : ` (${refused.join(', ')} ${refused.length === 1 ? 'is' : 'are'} not enforced: Cilium refuses a policy with fromNodes / toNodes unless enable-node-selector-labels is on; setting ciliumNodeSelectorLabels)`;
  const refusedSetting = refused.length === 0 ? {} : { setting: 'ciliumNodeSelectorLabels' as const };
  switch (outcome.kind) {
    case 'not-selected':
      return { kind: 'not-selected' };
    case 'denied-by-rule': {
      const rule = ruleRefText(outcome.by);
      const hop: PolicyHop = { stage: 'policy', ...where, text: `${passed}${rule}: deny ${peerText} (a Cilium deny rule wins over every allow)${refusedText}`, rule: outcome.by.entry.label, ...refusedSetting };
      return { kind: 'decided', result: { allowed: false, verdict: { kind: 'cilium', rule, action: 'Deny' }, hop } };
    }
    case 'allowed': {
      const rule = ruleRefText(outcome.by);
      const l7 = outcome.l7 === undefined ? '' : `; its requests go through Cilium's proxy, which applies the HTTP rules of ${outcome.l7.map((x) => ruleRefText(x.by)).join(', ')}`;
      const hop: PolicyHop = { stage: 'policy', ...where, text: `${passed}${rule}: allow ${peerText}${l7}${refusedText}`, rule: outcome.by.entry.label, ...refusedSetting };
      return { kind: 'decided', result: { allowed: true, verdict: { kind: 'cilium', rule, action: 'Allow', ...(outcome.l7 === undefined ? {} : { l7: outcome.l7 }) }, hop } };
    }
    case 'default-deny': {
      const labels = outcome.selectedBy.map((e) => e.label);
      const hop: PolicyHop = {
        stage: 'policy',
        ...where,
        text:
          `${passed}pod ${pod.namespace}/${pod.name} is in Cilium's default deny for ${direction} (selected by ${labels.join(', ')}); no allow rule matched ${peerText}: dropped` +
          (outcome.unseenName === undefined
            ? ''
            : ` (${outcome.unseenName} resolves to it and a toFQDNs rule matches the name, but no egress rule sends the pod's DNS through Cilium's DNS proxy with rules.dns, so Cilium never learnt the address)`) +
          (outcome.outOfCidrReach === undefined ? '' : outOfReachText(outcome.outOfCidrReach, peerIp, peer)) +
          refusedText,
        rule: labels.join(', '),
        ...(outcome.outOfCidrReach === undefined ? refusedSetting : { setting: 'ciliumCidrMatchMode' }),
      };
      return { kind: 'decided', result: { allowed: false, verdict: { kind: 'cilium-default-deny', policies: labels }, hop } };
    }
    default:
      return assertNever(outcome);
  }
}

/** Why a CIDR selector that covers an in-cluster peer's address did not match it (policy/cilium.ts, 8). */
function outOfReachText(reach: { readonly by: CiliumRuleRef; readonly cidr: string }, peerIp: string, peer: EndpointRole): string {
  const selector = reach.by.entry.kind === 'kubernetes' ? 'ipBlock' : 'CIDR';
  const what = peer.kind === 'pod' ? 'a pod, which Cilium matches by its labels (a podSelector, or fromEndpoints / toEndpoints)' : 'a node, which Cilium matches by the host and remote-node entities';
  return ` (${ruleRefText(reach.by)} would allow it by ${selector} ${reach.cidr}, which covers ${peerIp}, but Cilium matches CIDR selectors only to addresses outside the cluster, and ${peerIp} is ${what}; setting ciliumCidrMatchMode)`;
}

/** Index of the first rule whose peers match the other side and whose ports match; -1 when none. */
function firstAdminRule(
  index: PolicyIndex,
  rules: readonly AdminPolicyRule[],
  peerIp: string,
  peer: EndpointRole,
  q: PolicyQuery,
  destinationPorts: readonly ContainerPort[] | undefined,
): number {
  const nsLabels = (ns: string): Labels => index.namespaceLabels.get(ns) ?? namespaceLabelsOf(ns, undefined);
  const nodeLabels = (node: string): Labels | undefined => index.nodeLabels.get(node);
  return rules.findIndex(
    (r) =>
      // Ports first: the cheap test rules out most rules of a policy with many port rules.
      adminPortsMatch(r.ports, q.port, q.protocol, destinationPorts) &&
      r.peers.some((p) => adminPeerMatches(p, peerIp, peer, nsLabels, nodeLabels)),
  );
}

function withPass(result: DirectionResult, passed: string): DirectionResult {
  return passed === '' ? result : { ...result, hop: { ...result.hop, text: passed + result.hop.text } };
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
        // Ports first: the cheap test rules out most rules of a policy with many port rules.
        portsMatch(r.ports, q.port, q.protocol, destinationPorts) &&
        peersMatch(r.peers, policy.namespace, peerIp, peer, labelsOf),
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
    `no rule matched ${side} ${describeEndpoint(ip, role)} on ${describeConnection(q.port, q.protocol, q)}`
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

function allow(verdict: DirectionVerdict, hop: PolicyHop): DirectionResult {
  return { allowed: true, verdict, hop };
}

function deny(policies: readonly NetworkPolicySpec[], hop: PolicyHop): DirectionResult {
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

/**
 * AdminNetworkPolicy and BaselineAdminNetworkPolicy for the matrix (reference §7), decided the
 * way the evaluator decides them: admin policies by priority (then name), the first rule of a
 * policy whose peers match the other side and whose ports match decides (Pass hands the
 * connection to NetworkPolicy); the baseline only for pods NetworkPolicy does not isolate in that
 * direction. A decision depends on the two pods' cells, the port, and — only when some rule has
 * `networks` or `nodes` peers — the peer's address or node, so it is memoised on that key.
 */
import { adminPeerMatches, adminPortsMatch, subjectSelects, type NamespaceLabelsOf, type NodeLabelsOf } from '../policy/admin-match.js';
import type { EndpointRole, PolicyPod } from '../policy/endpoint-role.js';
import { namespaceLabelsOf } from '../policy/namespace-labels.js';
import type {
  AdminNetworkPolicySpec,
  AdminPolicyRule,
  BaselineAdminNetworkPolicySpec,
  Labels,
  NamespaceSpec,
  NetworkPolicyPort,
} from '../spec/types.js';
import type { MatrixPod } from './types.js';
import { TRANSPORT_PROTOCOLS, type PacketProtocol } from '../spec/packet-protocol.js';

export interface AdminLayer {
  /** In evaluation order: priority ascending, then name. */
  readonly anps: readonly AdminNetworkPolicySpec[];
  readonly banp?: BaselineAdminNetworkPolicySpec;
  readonly nsLabels: NamespaceLabelsOf;
  readonly nodeLabels: NodeLabelsOf;
  /** Some rule has a `networks` peer (decisions then depend on the peer's address). */
  readonly byAddress: boolean;
  /** Some rule has a `nodes` peer (decisions then depend on the peer's node). */
  readonly byNode: boolean;
}

export interface AdminInput {
  readonly namespaces: readonly NamespaceSpec[];
  readonly adminNetworkPolicies?: readonly AdminNetworkPolicySpec[];
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
  readonly nodes?: readonly { readonly name: string; readonly labels: Labels }[];
}

const byPriority = (a: AdminNetworkPolicySpec, b: AdminNetworkPolicySpec): number => a.priority - b.priority || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** undefined when there is no admin policy at all (the matrix then skips the tiers entirely). */
export function makeAdminLayer(input: AdminInput): AdminLayer | undefined {
  const anps = [...(input.adminNetworkPolicies ?? [])].sort(byPriority);
  const banp = input.baselineAdminNetworkPolicy;
  if (anps.length === 0 && banp === undefined) return undefined;
  const ns = new Map(input.namespaces.map((n) => [n.name, namespaceLabelsOf(n.name, n.labels)]));
  const nodes = new Map((input.nodes ?? []).map((n) => [n.name, n.labels]));
  const rules = [...anps.flatMap((p) => [...p.ingress, ...p.egress]), ...(banp ? [...banp.ingress, ...banp.egress] : [])];
  const peers = rules.flatMap((r) => r.peers);
  return {
    anps,
    ...(banp !== undefined ? { banp } : {}),
    nsLabels: (name) => ns.get(name) ?? namespaceLabelsOf(name, undefined),
    nodeLabels: (name) => nodes.get(name),
    byAddress: peers.some((p) => p.kind === 'networks'),
    byNode: peers.some((p) => p.kind === 'nodes'),
  };
}

export function policyPod(p: MatrixPod): PolicyPod {
  return { namespace: p.namespace, name: p.name, labels: p.labels, node: p.node, hostNetwork: p.hostNetwork, ports: p.ports };
}

/** The pod as policy sees it: a pod, or (hostNetwork under `hostNetworkPolicy: node`) its node. */
export function roleOf(p: MatrixPod, policyPodFlag: boolean): EndpointRole {
  return policyPodFlag ? { kind: 'pod', pod: policyPod(p) } : { kind: 'node', node: p.node, hostNetworkPod: policyPod(p) };
}

/** One direction of a pod pair as the admin tiers see it: the selected pod, the other side and its role. */
export interface AdminQuery {
  readonly direction: 'ingress' | 'egress';
  readonly subject: MatrixPod;
  readonly peer: MatrixPod;
  readonly peerRole: EndpointRole;
  readonly port: number;
  readonly protocol: PacketProtocol;
}

/** The first rule of `policy` in the query's direction that matches, when the policy selects the subject. */
function firstRule(layer: AdminLayer, policy: AdminNetworkPolicySpec | BaselineAdminNetworkPolicySpec, q: AdminQuery): AdminPolicyRule | undefined {
  if (!subjectSelects(policy.subject, policyPod(q.subject), layer.nsLabels)) return undefined;
  const destinationPorts = q.direction === 'ingress' ? q.subject.ports : q.peerRole.kind === 'pod' ? q.peer.ports : undefined;
  const rules = q.direction === 'ingress' ? policy.ingress : policy.egress;
  return rules.find((r) => r.peers.some((p) => adminPeerMatches(p, q.peer.ip, q.peerRole, layer.nsLabels, layer.nodeLabels)) && adminPortsMatch(r.ports, q.port, q.protocol, destinationPorts));
}

/**
 * The admin tier for the query's subject (a selectable pod) against its peer: the deciding
 * action, 'Pass', or undefined when no admin rule matches.
 */
export function adminAction(layer: AdminLayer, q: AdminQuery): 'Allow' | 'Deny' | 'Pass' | undefined {
  for (const p of layer.anps) {
    const rule = firstRule(layer, p, q);
    if (rule !== undefined) return rule.action;
  }
  return undefined;
}

/** The baseline tier (for a subject NetworkPolicy does not isolate): Allow, Deny, or undefined (allowed). */
export function baselineAction(layer: AdminLayer, q: AdminQuery): 'Allow' | 'Deny' | undefined {
  const rule = layer.banp === undefined ? undefined : firstRule(layer, layer.banp, q);
  return rule === undefined || rule.action === 'Pass' ? undefined : rule.action;
}

/**
 * The admin rules' ports as NetworkPolicy port entries, so port classes split where they do. A
 * named admin port carries no protocol: it is entered for each.
 */
export function adminPortEntries(layer: AdminLayer): NetworkPolicyPort[] {
  const rules = [...layer.anps.flatMap((p) => [...p.ingress, ...p.egress]), ...(layer.banp ? [...layer.banp.ingress, ...layer.banp.egress] : [])];
  return rules.flatMap((r) =>
    (r.ports ?? []).flatMap((p): NetworkPolicyPort[] => {
      switch (p.kind) {
        case 'number':
          return [{ protocol: p.protocol, port: p.port }];
        case 'range':
          return [{ protocol: p.protocol, port: p.start, endPort: p.end }];
        case 'named':
          return TRANSPORT_PROTOCOLS.map((protocol) => ({ protocol, port: p.name }));
        default: {
          const never: never = p;
          return never;
        }
      }
    }),
  );
}

/** The layer after an admin change. */
export function withAdminChange(
  layer: AdminLayer | undefined,
  input: Omit<AdminInput, 'adminNetworkPolicies' | 'baselineAdminNetworkPolicy'>,
  change:
    | { readonly kind: 'add-admin-policy'; readonly policy: AdminNetworkPolicySpec }
    | { readonly kind: 'remove-admin-policy'; readonly name: string }
    | { readonly kind: 'set-baseline'; readonly policy?: BaselineAdminNetworkPolicySpec },
): AdminLayer | undefined {
  const anps = layer?.anps ?? [];
  const banp = layer?.banp;
  switch (change.kind) {
    case 'add-admin-policy':
      return makeAdminLayer({ ...input, adminNetworkPolicies: [...anps.filter((p) => p.name !== change.policy.name), change.policy], ...(banp ? { baselineAdminNetworkPolicy: banp } : {}) });
    case 'remove-admin-policy':
      return makeAdminLayer({ ...input, adminNetworkPolicies: anps.filter((p) => p.name !== change.name), ...(banp ? { baselineAdminNetworkPolicy: banp } : {}) });
    case 'set-baseline':
      return makeAdminLayer({ ...input, adminNetworkPolicies: anps, ...(change.policy ? { baselineAdminNetworkPolicy: change.policy } : {}) });
    default: {
      const never: never = change;
      return never;
    }
  }
}

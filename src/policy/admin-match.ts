/**
 * Matching of AdminNetworkPolicy and BaselineAdminNetworkPolicy subjects, peers and ports
 * (reference §7; policy.networking.k8s.io/v1alpha1 field semantics).
 */
import type { PolicyProtocol } from '../spec/packet-protocol.js';
import type { AdminPolicyPeer, AdminPolicyPort, AdminPolicySubject, ContainerPort, Labels } from '../spec/types.js';
import { matchesSelector } from '../spec/selector.js';
import type { EndpointRole, PolicyPod } from './endpoint-role.js';
import { cidrContains } from './ip-block.js';
import { assertNever } from '../spec/never.js';

/** Namespace labels (kubernetes.io/metadata.name included) by namespace name. */
export type NamespaceLabelsOf = (namespace: string) => Labels;
/** Node labels by node name; undefined for a node the cluster does not know. */
export type NodeLabelsOf = (node: string) => Labels | undefined;

/** Whether the subject selects this pod. Only selectable pods are subjects (hostNetwork pods counted as nodes are not). */
export function subjectSelects(subject: AdminPolicySubject, pod: PolicyPod, namespaceLabels: NamespaceLabelsOf): boolean {
  if (!matchesSelector(subject.namespaces, namespaceLabels(pod.namespace))) return false;
  return subject.kind === 'namespaces' || matchesSelector(subject.pods, pod.labels);
}

/**
 * One peer against the other side of a connection: `namespaces` and `pods` match selectable pods
 * by their namespace's labels (and their own), `nodes` matches node addresses of nodes whose
 * labels match, `networks` matches by address, whatever owns it.
 */
export function adminPeerMatches(
  peer: AdminPolicyPeer,
  ip: string,
  role: EndpointRole,
  namespaceLabels: NamespaceLabelsOf,
  nodeLabels: NodeLabelsOf,
): boolean {
  switch (peer.kind) {
    case 'namespaces':
      return role.kind === 'pod' && matchesSelector(peer.namespaces, namespaceLabels(role.pod.namespace));
    case 'pods':
      return (
        role.kind === 'pod' &&
        matchesSelector(peer.namespaces, namespaceLabels(role.pod.namespace)) &&
        matchesSelector(peer.pods, role.pod.labels)
      );
    case 'nodes': {
      if (role.kind !== 'node') return false;
      const labels = nodeLabels(role.node);
      return labels !== undefined && matchesSelector(peer.nodes, labels);
    }
    case 'networks':
      return peer.cidrs.some((c) => cidrContains(c, ip));
    default:
      return assertNever(peer);
  }
}

/**
 * A rule's ports against the post-DNAT destination port: undefined matches everything; a
 * number or range needs the same protocol; a named port needs a container port of the
 * destination pod with that name whose number and protocol are the connection's.
 */
export function adminPortsMatch(
  ports: readonly AdminPolicyPort[] | undefined,
  port: number,
  protocol: PolicyProtocol,
  destinationPorts: readonly ContainerPort[] | undefined,
): boolean {
  if (ports === undefined) return true;
  return ports.some((p) => {
    switch (p.kind) {
      case 'number':
        return p.protocol === protocol && p.port === port;
      case 'range':
        return p.protocol === protocol && p.start <= port && port <= p.end;
      case 'named':
        return (destinationPorts ?? []).some((cp) => cp.name === p.name && cp.protocol === protocol && cp.containerPort === port);
      default:
        return assertNever(p);
    }
  });
}


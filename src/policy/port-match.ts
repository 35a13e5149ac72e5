/** Whether a rule's port list matches the connection's destination port (reference §6.3). */
import type { PolicyProtocol } from '../spec/packet-protocol.js';
import type { ContainerPort, NetworkPolicyPort } from '../spec/types.js';

/**
 * One port entry against the post-DNAT destination `port`/`protocol`. The protocol must be
 * equal; no port = every port of that protocol; a number with endPort = the inclusive range; a
 * name = a containerPort of the destination pod with that name and protocol whose number is
 * `port`. `destinationPorts` is undefined when the destination is not a selectable pod, and then
 * no named port matches.
 */
export function portEntryMatches(
  entry: NetworkPolicyPort,
  port: number,
  protocol: PolicyProtocol,
  destinationPorts: readonly ContainerPort[] | undefined,
): boolean {
  if (entry.protocol !== protocol) return false;
  if (entry.port === undefined) return true;
  if (typeof entry.port === 'number') {
    return entry.endPort === undefined ? port === entry.port : entry.port <= port && port <= entry.endPort;
  }
  const name = entry.port;
  return (destinationPorts ?? []).some((cp) => cp.name === name && cp.protocol === protocol && cp.containerPort === port);
}

/** A rule's port list: empty matches every port and protocol; otherwise any entry. */
export function portsMatch(
  entries: readonly NetworkPolicyPort[],
  port: number,
  protocol: PolicyProtocol,
  destinationPorts: readonly ContainerPort[] | undefined,
): boolean {
  return entries.length === 0 || entries.some((e) => portEntryMatches(e, port, protocol, destinationPorts));
}

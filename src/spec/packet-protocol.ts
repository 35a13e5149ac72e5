/**
 * The protocol of a packet the trace engine walks: a transport protocol a Service, a container
 * port or a NetworkPolicy port can name (TCP, UDP, SCTP), or ICMP echo — `ping`. ICMP has no
 * ports: a packet of it carries port 0, and nothing that matches on ports (Service ports,
 * NodePorts, container ports, NetworkPolicy `ports`) ever matches it. Which ICMP: the echo
 * request of the packet's family, ICMP type 8 over IPv4 (RFC 792), ICMPv6 type 128 over IPv6
 * (RFC 4443), code 0; its answer is the echo reply (type 0 / 129). The semantics of ICMP in
 * the model, stage by stage, are src/net/icmp.ts's.
 */
import type { Protocol } from './types.js';

/**
 * The transport protocols with ports, in the order the API lists them (NetworkPolicyPort,
 * ContainerPort, ServicePort: TCP, UDP or SCTP): the one list every reader and evaluator walks.
 */
export const TRANSPORT_PROTOCOLS: readonly Protocol[] = ['TCP', 'UDP', 'SCTP'];

/** A packet's protocol. */
export type PacketProtocol =
  /** TCP, UDP or SCTP: a connection to a port. */
  | Protocol
  /** An ICMP (IPv4) or ICMPv6 (IPv6) echo request, by the packet's family: no port. */
  | 'ICMP';

/** ICMP echo request types per family: RFC 792 (IPv4), RFC 4443 §4.1 (IPv6). */
export const ICMP_ECHO_REQUEST = { 4: 8, 6: 128 } as const;

/** IANA protocol numbers of ICMP and ICMPv6 (Calico's `protocol: 1` / `58`). */
export const ICMP_PROTOCOL_NUMBER = { 4: 1, 6: 58 } as const;

/** Whether the protocol is a transport protocol with ports (a Service, a policy port can name it). */
export function hasPorts(p: PacketProtocol): p is Protocol {
  return p !== 'ICMP';
}

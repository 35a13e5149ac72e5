/**
 * The protocol of a packet the trace engine walks: a transport protocol a Service, a container
 * port or a NetworkPolicy port can name (TCP, UDP, SCTP), or ICMP echo — `ping`. ICMP has no
 * ports: a packet of it carries port 0, and nothing that matches on ports (Service ports,
 * NodePorts, container ports, NetworkPolicy `ports`) ever matches it. Which ICMP: the echo
 * request of the packet's family, ICMP type 8 over IPv4 (RFC 792), ICMPv6 type 128 over IPv6
 * (RFC 4443), code 0; its answer is the echo reply (type 0 / 129). The semantics of ICMP in
 * the model, stage by stage, are src/net/icmp.ts's.
 */
import { assertNever } from './never.js';
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
export function hasPorts(p: PolicyProtocol): p is Protocol {
  return p !== 'ICMP' && p !== 'IP';
}

/**
 * What a policy is asked about: a packet's protocol, or `IP`, another IP protocol than TCP,
 * UDP, SCTP and ICMP (its number in the query's `ipProtocol`), which connectivity lists ask
 * about (connlist/protocol-space.ts). No packet the trace engine walks is `IP`.
 */
export type PolicyProtocol = PacketProtocol | 'IP';

/** The dimensions of a connectivity list's connection set: the transport protocols' ports, ICMP messages, other IP protocols (connlist/protocol-space.ts). */
export type ListedProtocol = Protocol | 'ICMP' | 'IP';

/** The protocol numbers with a dimension of their own: ICMP 1, TCP 6, UDP 17, ICMPv6 58, SCTP 132 (IANA); every other number is `IP`'s. */
export const NAMED_PROTOCOL_NUMBERS: readonly number[] = [1, 6, 17, 58, 132];

/**
 * The values of a dimension as sorted inclusive ranges: ports 1-65535 of TCP, UDP and SCTP;
 * ICMP messages as `type × 256 + code`, 0-65535; the other IP protocols' numbers (0-255 but
 * NAMED_PROTOCOL_NUMBERS).
 */
export function listedUniverse(p: ListedProtocol): readonly (readonly [number, number])[] {
  switch (p) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      return PORT_UNIVERSE;
    case 'ICMP':
      return ICMP_UNIVERSE;
    case 'IP':
      return IP_UNIVERSE;
    default:
      return assertNever(p);
  }
}

const PORT_UNIVERSE: readonly (readonly [number, number])[] = [[1, 65535]];
const ICMP_UNIVERSE: readonly (readonly [number, number])[] = [[0, 65535]];
const IP_UNIVERSE: readonly (readonly [number, number])[] = [0, ...NAMED_PROTOCOL_NUMBERS.map((n) => n + 1)].flatMap((from, i): [number, number][] => {
  const to = (NAMED_PROTOCOL_NUMBERS[i] ?? 256) - 1;
  return from <= to ? [[from, to]] : [];
});

/** An ICMP message: its type and code (RFC 792, RFC 4443: one octet each). */
export interface IcmpMessage {
  readonly type: number;
  readonly code: number;
}

/** The ICMP message a query stands for: its own, or the echo request of the family (the trace engine's ping). */
export function icmpMessage(icmp: IcmpMessage | undefined, family: 4 | 6): IcmpMessage {
  return icmp ?? { type: ICMP_ECHO_REQUEST[family], code: 0 };
}

/** IANA's number of a protocol Calico names beside TCP, UDP, SCTP and ICMP: `UDPLite` (136) or a number as written; undefined for another name. */
export function ipProtocolNumber(name: string): number | undefined {
  if (name === 'UDPLite') return 136;
  return /^\d+$/.test(name) ? Number(name) : undefined;
}

/**
 * The protocol space of a connectivity list: every IP connection a policy can tell apart, as
 * one set of integer ranges per dimension (connlist.ts `Connections`). Specification:
 *
 * 1. TCP, UDP, SCTP: destination ports 1-65535 each (a Kubernetes NetworkPolicy port entry names
 *    one of the three [netpol-api]; Calico `ports` need protocol TCP, UDP or SCTP [calico-rule];
 *    Cilium toPorts carry TCP, UDP, SCTP or ANY, ANY being those three [cilium-l4]).
 * 2. ICMP: every ICMP message, as `type × 256 + code` (type and code 0-255, RFC 792's header
 *    fields [rfc792]), so 0-65535. On an IPv6 line (an IPv6 range's) it is ICMPv6 [rfc4443]; pods
 *    in a list have no address and count as IPv4 ends (connlist.ts). Narrowed by Calico's
 *    `protocol: ICMP`/`ICMPv6` (1 / 58) with `icmp: {type, code}` / `notICMP` [calico-rule]
 *    [calico-icmp] and by Cilium's `icmps` fields (a type of a family, every code) [cilium-icmp].
 * 3. IP: every other IP protocol, by its IANA number [iana-proto]: 0-255 but 1 (ICMP), 6 (TCP),
 *    17 (UDP), 58 (ICMPv6) and 132 (SCTP) (spec/packet-protocol.ts `listedUniverse`). Only Calico names them (`protocol`/`notProtocol`: a
 *    number or UDPLite, 136 [calico-rule]).
 *
 * Which rules admit the dimensions beyond the ports (the evaluators', policy/*.ts):
 * - Kubernetes NetworkPolicy: a rule without `ports` admits every protocol (ICMP and IP
 *   included, as Calico [calico-k8s] and Cilium [cilium-l3] carry it); a rule with `ports` only
 *   the ports it lists; upstream leaves other protocols to the implementation [npapi-72].
 *   AdminNetworkPolicy likewise (its ports are TCP, UDP or SCTP).
 * - Calico: a rule without `protocol` admits every protocol; `notProtocol` removes one; `icmp`
 *   and `notICMP` narrow ICMP by type and code.
 * - Cilium: a rule with neither toPorts nor icmps is L3 and admits every protocol; toPorts (ANY
 *   included) never admit ICMP or IP; `icmps` admit the ICMP types they name, every code.
 *
 * A line allows `All Connections` when it allows every dimension whole; otherwise its text lists
 * the dimensions it allows (connlist.ts). Each dimension is cut where some policy's verdict may
 * change (`dimensionCuts`), and one value per interval decides it, as ports always were.
 *
 * [rfc792] https://www.rfc-editor.org/rfc/rfc792 (type and code: one octet each)
 * [rfc4443] https://www.rfc-editor.org/rfc/rfc4443#section-2.1
 * [iana-proto] https://www.iana.org/assignments/protocol-numbers/protocol-numbers.xhtml
 * [netpol-api] https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/ (NetworkPolicyPort.protocol: TCP, UDP, or SCTP; "If this field is empty or missing, this rule matches all ports")
 * [npapi-72] https://github.com/kubernetes-sigs/network-policy-api/issues/72
 * [calico-k8s] https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-policy/kubernetes-network-policy
 * [calico-rule] https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule (protocol, notProtocol, icmp, notICMP; ICMP type 0-254, code 0-255)
 * [calico-icmp] https://docs.tigera.io/calico/latest/network-policy/policy-rules/icmp-ping
 * [cilium-l3] https://docs.cilium.io/en/stable/security/policy/language/#layer-3-examples
 * [cilium-l4] https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples
 * [cilium-icmp] https://docs.cilium.io/en/stable/security/policy/language/#icmp-icmpv6
 */
import { policyPortCuts } from '../policy/port-cuts.js';
import type { CalicoProtocol } from '../spec/calico.js';
import { assertNever } from '../spec/never.js';
import { hasPorts, ipProtocolNumber, listedUniverse, NAMED_PROTOCOL_NUMBERS, TRANSPORT_PROTOCOLS, type IcmpMessage, type ListedProtocol, type PolicyProtocol } from '../spec/packet-protocol.js';
import type { PortCutInput } from '../policy/port-cuts.js';

/** The dimensions in the order a line's text lists them: the transport protocols by name (netpol-analyzer's order), then ICMP, then the other IP protocols. */
export const LISTED_PROTOCOLS: readonly ListedProtocol[] = [...[...TRANSPORT_PROTOCOLS].sort(), 'ICMP', 'IP'];

/** An ICMP message as a value of the ICMP dimension. */
export function icmpValue(m: IcmpMessage): number {
  return m.type * 256 + m.code;
}

/** The intervals of a dimension that every policy decides alike, as [from, to] within the universe. */
export function dimensionIntervals(input: PortCutInput, p: ListedProtocol): [number, number][] {
  const cuts = new Set<number>();
  switch (p) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      for (const c of policyPortCuts(input, p)) cuts.add(c);
      break;
    case 'ICMP':
      for (const rule of calicoRules(input)) {
        for (const m of [rule.icmp, rule.notICMP]) {
          if (m === undefined) continue;
          const from = icmpValue({ type: m.type, code: m.code ?? 0 });
          cuts.add(from).add(m.code === undefined ? from + 256 : from + 1);
        }
      }
      for (const f of ciliumIcmpFields(input)) cuts.add(f.type * 256).add(f.type * 256 + 256);
      break;
    case 'IP':
      for (const rule of calicoRules(input)) {
        for (const proto of [rule.protocol, rule.notProtocol]) {
          const n = proto === undefined ? undefined : otherNumber(proto);
          if (n !== undefined) cuts.add(n).add(n + 1);
        }
      }
      break;
    default:
      return assertNever(p);
  }
  const out: [number, number][] = [];
  for (const [from, to] of listedUniverse(p)) {
    const inside = [...cuts].filter((c) => c > from && c <= to).sort((a, b) => a - b);
    let start = from;
    for (const c of inside) {
      out.push([start, c - 1]);
      start = c;
    }
    out.push([start, to]);
  }
  return out;
}

/** The protocol number of a Calico protocol of the `IP` dimension, or undefined (TCP, UDP, SCTP, ICMP, a name the model has no number for). */
function otherNumber(p: CalicoProtocol): number | undefined {
  if (p.kind !== 'other') return undefined;
  const n = ipProtocolNumber(p.name);
  return n !== undefined && !NAMED_PROTOCOL_NUMBERS.includes(n) ? n : undefined;
}

function calicoRules(input: PortCutInput) {
  return [...(input.calicoNetworkPolicies ?? []), ...(input.calicoGlobalNetworkPolicies ?? []), ...(input.calicoProfiles ?? [])].flatMap((p) => [...p.ingress, ...p.egress]);
}

function ciliumIcmpFields(input: PortCutInput) {
  return [...(input.ciliumNetworkPolicies ?? []), ...(input.ciliumClusterwideNetworkPolicies ?? [])].flatMap((p) =>
    p.rules.flatMap((spec) => [...(spec.ingress ?? []), ...(spec.ingressDeny ?? []), ...(spec.egress ?? []), ...(spec.egressDeny ?? [])].flatMap((r) => r.icmps ?? [])),
  );
}

/** What the evaluator is asked for one value of a dimension: a port, an ICMP message, an IP protocol number. */
export function queryOf(p: ListedProtocol, value: number): { readonly port: number; readonly protocol: PolicyProtocol; readonly icmp?: IcmpMessage; readonly ipProtocol?: number } {
  switch (p) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      return { port: value, protocol: p };
    case 'ICMP':
      return { port: 0, protocol: 'ICMP', icmp: { type: value >> 8, code: value & 255 } };
    case 'IP':
      return { port: 0, protocol: 'IP', ipProtocol: value };
    default:
      return assertNever(p);
  }
}

/** Whether ranges are the dimension's whole universe. */
export function isWhole(p: ListedProtocol, ranges: readonly (readonly [number, number])[] | undefined): boolean {
  const u = listedUniverse(p);
  return ranges !== undefined && ranges.length === u.length && ranges.every((r, i) => r[0] === u[i]![0] && r[1] === u[i]![1]);
}

/**
 * A dimension's allowed ranges as text: `TCP 80,443-444`; `ICMP` (every message), or its
 * types and codes: `ICMP type 8`, `ICMP type 3 code 0-4`; `other protocols` (every other IP
 * protocol) or `other protocols 47,136` (their numbers).
 */
export function rangesText(p: ListedProtocol, ranges: readonly (readonly [number, number])[]): string {
  const span = ([a, b]: readonly [number, number]): string => (a === b ? `${a}` : `${a}-${b}`);
  switch (p) {
    case 'TCP':
    case 'UDP':
    case 'SCTP':
      return `${p} ${ranges.map(span).join(',')}`;
    case 'ICMP':
      return isWhole(p, ranges) ? 'ICMP' : `ICMP ${ranges.flatMap(icmpPieces).join(',')}`;
    case 'IP':
      return isWhole(p, ranges) ? 'other protocols' : `other protocols ${ranges.map(span).join(',')}`;
    default:
      return assertNever(p);
  }
}

/** An ICMP range as whole types and partial ones: `type 0-7`, `type 8 code 0`. */
function icmpPieces([a, b]: readonly [number, number]): string[] {
  const out: string[] = [];
  let at = a;
  while (at <= b) {
    const type = at >> 8;
    const typeEnd = type * 256 + 255;
    if (at % 256 === 0 && b >= typeEnd) {
      const lastType = b % 256 === 255 ? b >> 8 : (b >> 8) - 1;
      out.push(`type ${type === lastType ? type : `${type}-${lastType}`}`);
      at = lastType * 256 + 256;
    } else {
      const end = Math.min(b, typeEnd);
      out.push(`type ${type} code ${at % 256 === end % 256 ? at % 256 : `${at % 256}-${end % 256}`}`);
      at = end + 1;
    }
  }
  return out;
}

/** Every connection: each dimension whole (what a line of `All Connections` allows). */
export const ALL_CONNECTIONS: ReadonlyMap<ListedProtocol, readonly (readonly [number, number])[]> = new Map(LISTED_PROTOCOLS.map((p) => [p, listedUniverse(p)]));

/**
 * A connection set as netpol-analyzer states it: its sets hold TCP, UDP and SCTP ports only,
 * and `All Connections` is all three whole (netpol-analyzer's connlist docs: "All
 * Connections" or the ports per protocol). So the ICMP and other-protocol dimensions are left
 * out, and a set with every port of the three reads as everything. Used to compare with its
 * corpus (conformance/netpol-analyzer.ts); connlist's own text keeps every dimension.
 */
export function netpolAnalyzerView(conns: ReadonlyMap<ListedProtocol, readonly (readonly [number, number])[]>): ReadonlyMap<ListedProtocol, readonly (readonly [number, number])[]> {
  if (TRANSPORT_PROTOCOLS.every((p) => isWhole(p, conns.get(p)))) return ALL_CONNECTIONS;
  return new Map([...conns].filter(([p]) => hasPorts(p)));
}

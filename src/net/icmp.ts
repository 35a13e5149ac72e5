/**
 * ICMP echo (`ping`) in the model: what each stage of a packet's path does with an echo request
 * (ICMP type 8 over IPv4, ICMPv6 type 128 over IPv6 [rfc792] [rfc4443]). A probe with protocol
 * ICMP is one echo request; `allow` means its echo reply came back.
 *
 * 1. Who answers. An echo request delivered to an address is answered by the kernel that owns
 *    it, whatever listens on ports: a pod's network namespace, a node (a hostNetwork pod's
 *    address is its node's), a host outside the cluster, the internet server. So delivery never
 *    ends in `no-listener` for ICMP; the trace names who answered.
 * 2. Kubernetes NetworkPolicy [netpol-api]: a port entry's protocol is TCP, UDP or SCTP (the API
 *    rejects any other), so a rule with `ports` never matches ICMP; a rule without `ports`
 *    matches "all ports", and Calico [calico-k8s] and Cilium [cilium-l3] both carry it as a rule
 *    with no protocol, which admits every IP protocol, ICMP included; a pod a policy isolates
 *    drops ICMP like anything no rule allows. Upstream defines NetworkPolicy only for TCP, UDP
 *    and SCTP and leaves other protocols to the implementation [npapi-72]; the model follows
 *    Calico and Cilium, the implementations it models (stated in policy traces as "ICMP echo
 *    (ping)" on the connection, matched only by rules without ports).
 *    AdminNetworkPolicy ports (portNumber, portRange, namedPort) are TCP/UDP/SCTP likewise.
 * 3. Calico rules [calico-rule]: `protocol: ICMP` (or 1) matches IPv4 echo, `ICMPv6` (or 58)
 *    IPv6 echo; `icmp: {type, code}` narrows to a type (and code), `notICMP` excludes one;
 *    `notProtocol` excludes a protocol. Policy src/policy/calico.ts.
 * 4. Cilium rules [cilium-icmp]: `icmps: [{fields: [{type, family}]}]` allows ICMP of that type
 *    (a number, or a name such as EchoRequest) and family (IPv4 unless given); a rule with
 *    `toPorts` only (no `icmps`) never matches ICMP; a rule with neither is L3 and admits it.
 *    Policy src/policy/cilium.ts.
 * 5. kube-proxy and a ClusterIP: kube-proxy programs rules for a Service's protocol and port
 *    only, so an echo request to a ClusterIP matches no Service rule. iptables [kp-iptables]:
 *    nothing else matches either; the ClusterIP is no address of any machine, the packet
 *    follows the default route and no one answers (timeout). nftables [kp-nftables]: the
 *    `cluster-ips-check` chain rejects new traffic to an active ClusterIP that no service port
 *    took ("Reject traffic to invalid ports of ClusterIPs"): the sender gets an ICMP
 *    destination-unreachable error (unreachable). IPVS [kp-ipvs]: the VIP is bound on the dummy
 *    device kube-ipvs0, so the node's kernel would answer, but the KUBE-IPVS-FILTER chain
 *    (INPUT) rejects new traffic to a service address that matches no `ip,port` entry of its
 *    ipsets (kubernetes#72236): unreachable as well. Who answered (or that no one did) is the
 *    trace's kube-proxy hop.
 * 6. A NodePort is a port: an echo request to a node's address is the node's own, answered by
 *    the node. A load balancer's address forwards its listeners' ports and protocols only: the
 *    model's load balancers answer no echo (timeout, the load-balancer stage says so).
 * 7. Security groups filter ICMP like any protocol: a rule for ICMP (every type) or for all
 *    protocols admits it; the model's provider default groups list their documented ICMP rules
 *    (src/cloud/profiles.ts).
 *
 * [rfc792] https://www.rfc-editor.org/rfc/rfc792 (echo type 8, reply 0)
 * [rfc4443] https://www.rfc-editor.org/rfc/rfc4443#section-4.1 (echo request 128, reply 129)
 * [netpol-api] https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/ (NetworkPolicyPort.protocol: TCP, UDP, or SCTP)
 * [npapi-72] https://github.com/kubernetes-sigs/network-policy-api/issues/72 (other protocols are not defined)
 * [calico-k8s] https://docs.tigera.io/calico/latest/network-policy/get-started/kubernetes-policy/kubernetes-network-policy
 * [calico-rule] https://docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule and .../beginners/policy-rules/icmp-ping
 * [cilium-l3] https://docs.cilium.io/en/stable/security/policy/language/ (layer 3: "all traffic")
 * [cilium-icmp] https://docs.cilium.io/en/stable/security/policy/language/#icmp-icmpv6
 * [kp-iptables] kubernetes pkg/proxy/iptables/proxier.go (KUBE-SERVICES: protocol and port matches)
 * [kp-nftables] kubernetes pkg/proxy/nftables/proxier.go (cluster-ips-check: reject, then drop unallocated)
 * [kp-ipvs] kubernetes pkg/proxy/ipvs/proxier.go (kube-ipvs0; KUBE-IPVS-FILTER, kubernetes/kubernetes#72236)
 */
import type { ProxyMode } from '../spec/types.js';
import type { Cause, Hop, Outcome } from './types.js';

/** What kube-proxy's rules do with an echo request to a ClusterIP, per mode (point 5). */
export interface ClusterIpEcho {
  readonly outcome: Exclude<Outcome, 'allow'>;
  readonly cause: Cause;
  readonly text: string;
  readonly rule: string;
}

export function clusterIpEcho(mode: ProxyMode, what: string): ClusterIpEcho {
  switch (mode) {
    case 'iptables':
      return {
        outcome: 'timeout',
        cause: 'no-service-port',
        text: `${what}: kube-proxy (iptables) has rules for the Service's ports only, and the ClusterIP is no machine's address: the echo request follows the default route and no one answers`,
        rule: 'KUBE-SERVICES (iptables): no match',
      };
    case 'nftables':
      return {
        outcome: 'unreachable',
        cause: 'no-service-port',
        text: `${what}: kube-proxy (nftables) rejects new traffic to a ClusterIP that no service port took: the node answers with ICMP destination unreachable`,
        rule: 'nft: reject traffic to invalid ports of ClusterIPs (nftables)',
      };
    case 'ipvs':
      return {
        outcome: 'unreachable',
        cause: 'no-service-port',
        text: `${what}: the VIP is bound on the node's kube-ipvs0, but KUBE-IPVS-FILTER rejects new traffic to it that matches no service ip,port: the node answers with ICMP destination unreachable`,
        rule: 'KUBE-IPVS-FILTER (ipvs)',
      };
    default: {
      const never: never = mode;
      return never;
    }
  }
}

/** The delivery hop of an echo request answered by `who` (point 1). */
export function echoAnswered(who: string, at: string | undefined): Hop {
  return { stage: 'delivery', ...(at !== undefined ? { at } : {}), text: `${who} answers the ICMP echo request with an echo reply (the kernel answers ping; no listener needed)` };
}

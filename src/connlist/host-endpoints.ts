/**
 * Calico HostEndpoints as endpoints of connlist (`name[HostEndpoint]`), in and out, beside the
 * workloads and the external ranges; policy/calico-host.ts gives the semantics, from Calico's
 * documentation (its header, cited there), and is the one evaluator the trace engine uses too.
 *
 * - A HostEndpoint is a peer of its node (`node`) at its first `expectedIPs` address, or, with
 *   none, at no address (as connlist's workloads: no nets or ipBlock contains it); pods' policies
 *   match it through its labels (and its profiles' labelsToApply) as policy/calico.ts (8) says:
 *   a `selector` of a GlobalNetworkPolicy's rule, a namespaced policy's only through
 *   `namespaceSelector: global()`.
 * - A connection to it is one arriving at the host itself from another node or outside the
 *   cluster (calico-host.ts, 4 and 5: the failsafe inbound ports, then untracked, pre-DNAT and
 *   normal policy; `localIngressAllowed`); a connection from it is one the host's own process
 *   opens and sends out through it (7: the failsafe outbound ports, then untracked and normal
 *   policy; `egressHostPolicy`). connlist's workloads run on nodes of their own, so a pod's end
 *   is always on another node, whose host endpoints (none stand for it) play no part.
 * - The pod's own policy still decides its end (policy/evaluate.ts, with the host endpoint as a
 *   node peer), and both must allow.
 * - The failsafe ports are Calico's defaults unless the input empties them (`failsafePorts`).
 * - Ports: the failsafe ports, the host endpoints' named ports and the ports of the Profiles'
 *   rules cut the port space too (`hostEndpointPortCuts`), beside the policies' cuts.
 */
import type { CalicoPolicies } from '../spec/calico.js';
import type { CalicoHostEndpointSpec } from '../spec/calico-resources.js';
import type { IcmpMessage, PolicyProtocol } from '../spec/packet-protocol.js';

/** One value of a connlist dimension, as protocol-space.ts queryOf asks it. */
export interface HostQuery {
  readonly port: number;
  readonly protocol: PolicyProtocol;
  readonly icmp?: IcmpMessage;
  readonly ipProtocol?: number;
}
import type { Labels, Protocol } from '../spec/types.js';
import { egressHostPolicy, hostEndpointIndex, localIngressAllowed, type HostConnection, type HostEndpointIndex } from '../policy/calico-host.js';
import { endpointRole } from '../policy/endpoint-role.js';
import type { PolicyEndpoint } from '../policy/evaluate.js';

const SUFFIX = '[HostEndpoint]';

/** The endpoint label of a HostEndpoint: `name[HostEndpoint]`. */
export function hostEndpointLabel(h: CalicoHostEndpointSpec): string {
  return `${h.name}${SUFFIX}`;
}

/** The HostEndpoint name of a label, or undefined for any other endpoint (workload labels hold a `/`). */
export function parseHostEndpointLabel(label: string): string | undefined {
  return label.endsWith(SUFFIX) && !label.includes('/') ? label.slice(0, -SUFFIX.length) : undefined;
}

/** One HostEndpoint as an end of the list. */
export interface HostPeer {
  readonly label: string;
  readonly spec: CalicoHostEndpointSpec;
  /** As policy sees it: the node's, at its first expected address or at none. */
  readonly endpoint: PolicyEndpoint;
}

/** The input's host endpoints as ends of the list, and what host endpoint policy needs; undefined when there are none. */
export interface HostPeers {
  readonly peers: readonly HostPeer[];
  readonly index: HostEndpointIndex;
}

export function hostPeers(input: CalicoPolicies & { readonly failsafePorts?: 'none' }): HostPeers | undefined {
  const found = hostEndpointIndex(input);
  if (found === undefined) return undefined;
  const index = input.failsafePorts === 'none' ? { ...found, failsafeInbound: [], failsafeOutbound: [] } : found;
  return {
    index,
    peers: index.hostEndpoints.map((spec) => ({ label: hostEndpointLabel(spec), spec, endpoint: { ip: spec.expectedIPs[0] ?? `hostendpoint/${spec.name}`, node: spec.node } })),
  };
}

/** One end of a line as host endpoint policy needs it: its policy endpoint, and its HostEndpoint if it is one. */
export interface LineEnd {
  readonly endpoint: PolicyEndpoint;
  readonly host?: CalicoHostEndpointSpec;
}

/**
 * Whether host endpoint policy lets `src` open a connection to `dst` on the port (see the
 * header): the source's egress when it is a host endpoint, the destination's ingress when it is
 * one; true when neither is.
 */
export function hostPolicyAllows(index: HostEndpointIndex, namespaceLabels: (ns: string) => Labels, src: LineEnd, dst: LineEnd, asked: HostQuery): boolean {
  const { port, protocol } = asked;
  const dimension = { ...(asked.icmp ? { icmp: asked.icmp } : {}), ...(asked.ipProtocol !== undefined ? { ipProtocol: asked.ipProtocol } : {}) };
  const role = (e: PolicyEndpoint) => endpointRole(e, { hostNetworkPolicy: 'pod' });
  if (src.host !== undefined) {
    const c: HostConnection = { hostEndpoint: src.host, direction: 'egress', ip: src.endpoint.ip, port, protocol, ...dimension, peerIp: dst.endpoint.ip, peer: role(dst.endpoint), namespaceLabels };
    const verdict = egressHostPolicy(index, c, true);
    if (verdict.kind === 'phases' && !verdict.allowed) return false;
  }
  if (dst.host !== undefined) {
    const c: HostConnection = { hostEndpoint: dst.host, direction: 'ingress', ip: dst.endpoint.ip, port, protocol, ...dimension, peerIp: src.endpoint.ip, peer: role(src.endpoint), namespaceLabels };
    if (!localIngressAllowed(index, c)) return false;
  }
  return true;
}

/** Port cuts host endpoint policy adds for one protocol: the failsafe ports, the host endpoints' named ports, the Profiles' rules' ports. */
export function hostEndpointPortCuts(input: CalicoPolicies, index: HostEndpointIndex, protocol: Protocol): number[] {
  const cuts: number[] = [];
  const add = (from: number, to: number): void => {
    cuts.push(from);
    if (to + 1 <= 65535) cuts.push(to + 1);
  };
  for (const f of [...index.failsafeInbound, ...index.failsafeOutbound]) if (f.protocol === protocol) add(f.port, f.port);
  for (const h of index.hostEndpoints) for (const p of h.ports ?? []) if (p.protocol === protocol) add(p.containerPort, p.containerPort);
  for (const profile of input.calicoProfiles ?? [])
    for (const rule of [...profile.ingress, ...profile.egress]) for (const p of [...rule.destination.ports, ...rule.destination.notPorts]) if (p.kind === 'range') add(p.start, p.end);
  return cuts;
}

/**
 * The probe API: what the trace engine is asked and what it answers. `run` builds probes from
 * assertions; `net` answers them against a cluster state built by `model`.
 */
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type { MeshRequest } from '../mesh/authorization.js';

/** The fixed set of outcomes. `deny` is never produced by the engine: it is an assertion's name for "not allow". */
export type Outcome = 'allow' | 'refused' | 'timeout' | 'unreachable' | 'nxdomain';

/** What decided a non-allow outcome (or, for allow, the last deciding stage). */
export type Cause =
  | 'policy' // NetworkPolicy (or AdminNetworkPolicy, Calico's or Cilium's policies) dropped it (timeout), or the destination's Istio sidecar refused it (AuthorizationPolicy: a reset, or 403 for a request), or Cilium's L7 proxy refused a request (403)
  | 'security-group'
  | 'no-endpoints' // kube-proxy REJECT: the Service has no usable endpoint
  | 'no-local-endpoints' // kube-proxy DROP under a Local traffic policy
  | 'source-ranges' // loadBalancerSourceRanges
  | 'acl' // a cloud load balancer's access control list (white or black list)
  | 'no-route' // nothing routes the packet (pod IP from outside an overlay, ClusterIP from outside)
  | 'no-listener' // delivered to an address where nothing listens on that port
  | 'hairpin' // a load balancer sent a node's own packet back to it, keeping the source: dropped
  | 'health-check' // every backend of a cloud load balancer failed its health check (setting lbAllUnhealthy drop)
  | 'http-status' // an HTTP proxy answered the request itself (404 no route, 503 no endpoints, 308 redirect)
  | 'no-service-port' // a Service address on a port or protocol the Service does not define
  | 'dns' // name did not resolve
  | 'not-a-proxy-target'; // e.g. an ExternalName Service reached by address

export type Via =
  | 'pod-ip'
  | 'clusterip'
  | 'nodeport'
  | 'loadbalancer'
  | 'externalip'
  | 'hostport'
  | 'hostnetwork'
  | 'dns';

export type ProbeSource =
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  | { readonly kind: 'node'; readonly name: string }
  /** A named host (HostSpec). */
  | { readonly kind: 'host'; readonly name: string }
  /** An anonymous client on the internet, at the `internet-client` setting's address (default 198.19.0.10). */
  | { readonly kind: 'internet' }
  /** Any address; the model classifies it (pod CIDR, a node's own address, VPC, outside). */
  | { readonly kind: 'ip'; readonly ip: string };

export type ProbeTarget =
  /** A Service. `via` picks the address; default: clusterip for in-cluster sources, else the first external path the Service has. */
  | {
      readonly kind: 'service';
      readonly namespace: string;
      readonly name: string;
      readonly via?: Via;
      /** For nodeport: the node whose address is used; undefined = every node (one flow each). */
      readonly node?: string;
    }
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string; readonly via?: Via; readonly node?: string }
  | { readonly kind: 'node'; readonly name: string }
  | { readonly kind: 'host'; readonly name: string }
  | { readonly kind: 'internet' }
  | { readonly kind: 'ip'; readonly ip: string }
  /** A DNS name, resolved from the source (search path, ndots:5) then connected to. */
  | { readonly kind: 'dns'; readonly name: string };

export interface Probe {
  readonly source: ProbeSource;
  readonly target: ProbeTarget;
  /** Destination port: a number, or a Service/container port name. undefined = the only/first port. */
  readonly port?: number | string;
  /** TCP, UDP, SCTP, or ICMP: an echo request (`ping`, no port). undefined: the port's protocol, else TCP. */
  readonly protocol?: PacketProtocol;
  /** The IP family to connect over (dual-stack clusters); undefined: from the addresses named, else the primary. */
  readonly family?: 4 | 6;
  /** The HTTP request the connection carries (a proxy's leg to a backend), for the destination's sidecar to judge. */
  readonly request?: MeshRequest;
  /**
   * `namespace/name` of a NetworkAttachmentDefinition: the connection travels on that Multus
   * secondary network instead of the pod network (net/secondary-network.ts).
   */
  readonly network?: string;
}

/** How a probe is answered. */
export interface ProbeOptions {
  /**
   * Render every hop's text when the hop is made (src/net/deferred-hop.ts) instead of when it is
   * first read: the same walk, the same flows; tests compare the two. Default false.
   */
  readonly eagerText?: boolean;
}

export interface Packet {
  readonly src: string;
  readonly dst: string;
  /** 0 for ICMP (no port). */
  readonly dstPort: number;
  readonly protocol: PacketProtocol;
}

/** The stages of a packet's path, in the order a trace meets them (one list: traces, `through STAGE`). */
export const STAGES = ['dns', 'source', 'kube-proxy', 'routing', 'security-group', 'load-balancer', 'policy', 'http', 'delivery'] as const;
export type Stage = (typeof STAGES)[number];

export interface Hop {
  readonly stage: Stage;
  /** The node (or host) where the hop happens. */
  readonly at?: string;
  /** One line a learner can read: what happened here. */
  readonly text: string;
  /** The packet as it leaves this hop, when the hop rewrote or forwarded it. */
  readonly packet?: Packet;
  /** The rule/object that decided, e.g. "NetworkPolicy shop/deny-all", "KUBE-SVC-… (iptables)". */
  readonly rule?: string;
  /** The named setting that decided, when behaviour is implementation-defined. */
  readonly setting?: string;
  /** Address rewrites performed here. */
  readonly nat?: readonly { readonly kind: 'DNAT' | 'SNAT' | 'masquerade' | 'encap' | 'decap'; readonly from: string; readonly to: string }[];
}

export interface Backend {
  /** The pod that received the connection, when it is a pod. */
  readonly pod?: { readonly namespace: string; readonly name: string };
  readonly node?: string;
  readonly host?: string;
  readonly ip: string;
  readonly port: number;
}

/** One possible path of the connection (one per candidate endpoint, or per node for `via nodeport`). */
export interface Flow {
  readonly hops: readonly Hop[];
  readonly outcome: Outcome;
  readonly cause?: Cause;
  /** Where the connection landed (allow only). */
  readonly backend?: Backend;
  /** The source address the backend sees (allow only). */
  readonly sourceSeen?: string;
  /** The original source address. */
  readonly sourceIp: string;
  /** Whether the source address was rewritten on the way (masquerade/SNAT). */
  readonly masqueraded: boolean;
  /** A one-line label of the branch, e.g. "via node n2" or "endpoint shop/web-1". */
  readonly branch?: string;
  /**
   * The fraction of such connections that take this path (absent: 1): the product of the
   * choices made on the way (kube-proxy's uniform pick among endpoints, a load balancer's
   * backend weights, a client's pick among DNS addresses or among the nodes it may use).
   */
  readonly share?: number;
  /** Requests only: what the HTTP proxy did. */
  readonly http?: HttpInfo;
  /** Refused by Cilium's L7 proxy (net/cilium-proxy.ts): which proxy answered 403, and its body. */
  readonly l7Denial?: { readonly proxy: string; readonly body: string };
  /**
   * When the engine summarised paths that differ only in equivalent nodes or endpoints
   * (src/net/alike.ts): what this path stands for. `share` is then the whole class's.
   */
  readonly alike?: Alike;
}

/** The class of paths one summarised flow stands for. */
export interface Alike {
  /** How many paths (this one included). */
  readonly paths: number;
  /** The nodes the class went through, this path's first (absent: this path's only). */
  readonly nodes?: readonly string[];
  /** Allow only: every backend of the class, with its share of all connections. */
  readonly backends?: readonly AlikeBackend[];
  /** Allow only: every source address the backends see. */
  readonly sourcesSeen?: readonly string[];
}

export interface AlikeBackend {
  readonly backend: Backend;
  readonly share: number;
}

/** An HTTP request, as a `request` assertion sends it. */
export interface HttpRequestSpec {
  readonly url: string;
  /** Upper case; GET unless given. */
  readonly method: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly cookies: Readonly<Record<string, string>>;
}

/** What the HTTP layer did with a request on one path. */
export interface HttpInfo {
  /** The status the client gets: the backend's (200 when delivered) or the proxy's own. */
  readonly status: number;
  /** The Service the proxy chose for the request. */
  readonly backendService?: { readonly namespace: string; readonly name: string };
  /** The fraction of requests like this one that take this route (canary weights); 1 otherwise. */
  readonly share: number;
  /** Where TLS ended, for https. defaultCertificate: no TLS entry covers the host. */
  readonly tls?: { readonly terminatedAt: 'controller' | 'load-balancer'; readonly secret?: string; readonly defaultCertificate: boolean };
  /** The X-Forwarded-For header the backend receives. */
  readonly xForwardedFor?: string;
  /** Where the request was routed: `Ingress shop/site rule 0 path /api (Prefix)`. */
  readonly route?: string;
  /** For a redirect: the Location. */
  readonly location?: string;
}

export interface ProbeResult {
  /** Every path the connection may take; the engine enumerates random choices. Never empty. */
  readonly flows: readonly Flow[];
}

export type RecordType = 'A' | 'AAAA' | 'SRV' | 'CNAME' | 'PTR';

export interface DnsAnswer {
  readonly name: string;
  readonly type: RecordType;
  /** Address, target name, or "priority weight port target" for SRV. */
  readonly value: string;
}

export interface DnsResult {
  readonly rcode: 'NOERROR' | 'NXDOMAIN';
  /** The fully qualified name that answered (after search-path expansion), when any did. */
  readonly fqdn?: string;
  readonly answers: readonly DnsAnswer[];
  readonly hops: readonly Hop[];
}

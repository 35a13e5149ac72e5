/**
 * Istio ServiceEntry (networking.istio.io/v1, v1beta1, v1alpha3) as data: hosts added to the
 * mesh's service registry, so a proxy that imports them (src/mesh/egress-scope.ts) knows them
 * even under REGISTRY_ONLY. The trace engine matches a connection to an entry by its `addresses`;
 * connlist lists an external entry's hosts as DNS-name destinations on its `ports`
 * (src/connlist/dns-destinations.ts). Endpoints, exportTo and subjectAltNames are not kept.
 */
import type { Span } from './types.js';

export interface ServiceEntrySpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.hosts (DNS names, `*.` wildcards allowed). */
  readonly hosts: readonly string[];
  /** spec.addresses: IPs or CIDRs connections to which are this entry's. */
  readonly addresses: readonly string[];
  /** spec.location: MESH_EXTERNAL (default) or MESH_INTERNAL. */
  readonly location: 'MESH_EXTERNAL' | 'MESH_INTERNAL';
  /** spec.ports: the ports the proxy knows the hosts on (all carried over TCP). */
  readonly ports: readonly ServiceEntryPort[];
  /** spec.resolution: how the proxy finds the hosts' addresses (default NONE). */
  readonly resolution: ServiceEntryResolution;
  readonly span?: Span;
}

/** One of spec.ports. */
export interface ServiceEntryPort {
  readonly number: number;
  /** HTTP, HTTPS, GRPC, HTTP2, MONGO, TCP, TLS, … as written (upper case). */
  readonly protocol?: string;
  readonly name?: string;
}

/** spec.resolution (https://istio.io/latest/docs/reference/config/networking/service-entry/#ServiceEntry-Resolution). */
export type ServiceEntryResolution =
  /** The proxy forwards to the address the application asked for. */
  | 'NONE'
  /** To the entry's endpoints' static addresses. */
  | 'STATIC'
  /** To the addresses DNS gives for the host (or its endpoints), all of them in turn. */
  | 'DNS'
  /** To the first address DNS gives, as long as it answers. */
  | 'DNS_ROUND_ROBIN';

export const SERVICE_ENTRY_RESOLUTIONS: readonly ServiceEntryResolution[] = ['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN'];

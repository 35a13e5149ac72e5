/**
 * Istio ServiceEntry (networking.istio.io/v1, v1beta1, v1alpha3) as data: hosts added to the
 * mesh's service registry, so a proxy that imports them (src/mesh/egress-scope.ts) knows them
 * even under REGISTRY_ONLY. Ports, resolution and endpoints are not kept: the model matches a
 * connection to an entry by its `addresses` alone.
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
  readonly span?: Span;
}

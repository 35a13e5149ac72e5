/**
 * Istio Sidecar at the client's proxy: which hosts of the service registry a workload's sidecar
 * knows, and what it does with a connection to anything else.
 *
 * Specification (Istio documentation; the citations are its pages):
 * - Which Sidecar applies (https://istio.io/latest/docs/reference/config/networking/sidecar/):
 *   one with a `workloadSelector` applies to the matching workloads of its namespace; one
 *   without applies to the other workloads of its namespace; the one without a selector in the
 *   root namespace (istio-system) is the default of every namespace that has none. Istio calls
 *   several matches at one level undefined behaviour: the model takes the first document.
 * - Egress hosts `namespace/dnsName` (same page, `IstioEgressListener.hosts`): the namespace is
 *   a name, `.` (the workload's own namespace: the Sidecar's, or for the root namespace's
 *   default Sidecar the namespace it is applied to), `*` (any) or `~` (none: the listener imports
 *   nothing); the dnsName is an FQDN (a final dot ignored), `*` (every host of that namespace)
 *   or `*.suffix`. A
 *   Kubernetes Service's host is `name.namespace.svc.cluster.local`, a ServiceEntry's are its
 *   `hosts`, in the entry's namespace. A listener with a `port` imports its hosts on that port
 *   only. A Sidecar without egress listeners imports every host, as no Sidecar does.
 * - `outboundTrafficPolicy` (same page, and MeshConfig
 *   https://istio.io/latest/docs/reference/config/istio.mesh.v1alpha1/#MeshConfig-OutboundTrafficPolicy):
 *   ALLOW_ANY passes traffic to a destination the proxy does not know through to the address
 *   asked for; REGISTRY_ONLY drops it. Unset, a workload's Sidecar inherits it from the
 *   namespace-wide Sidecar, then from the root namespace's, then from meshConfig, whose default
 *   is ALLOW_ANY (the mesh's named setting `set mesh-outbound-traffic-policy`, Settings
 *   meshOutboundTrafficPolicy, passed in as `mesh`). Under a mesh-wide REGISTRY_ONLY every
 *   sidecar's proxy drops what it does not know, with or without Sidecar resources; with none,
 *   the proxy imports every host of the registry (Services and ServiceEntries), so only
 *   destinations outside it are dropped.
 * - So a host the proxy does not import is still reached under ALLOW_ANY (passthrough: the
 *   PassthroughCluster forwards the connection as the application sent it, without the mutual
 *   TLS of a known destination's cluster: the destination's sidecar sees plain text, which a
 *   STRICT PeerAuthentication refuses); only REGISTRY_ONLY makes it
 *   unreachable (https://istio.io/latest/docs/tasks/traffic-management/egress/egress-control/):
 *   an HTTP request gets 502 from the BlackHoleCluster, a TCP (or TLS) connection is closed
 *   (the client sees a reset).
 * - Only TCP is intercepted by the sidecar (as for authorization.ts); a pod without a sidecar
 *   (sidecar.ts) meets none of this.
 * Approximation: the model matches a connection to a host by its address: a Service's
 * ClusterIP, or an address of a pod that is an endpoint of the Service (Istio matches a pod
 * address of a Service the same way for its HTTP ports, through the Host header), or an address
 * in a ServiceEntry's `addresses`.
 */
import type { OutboundTrafficPolicy, SidecarSpec } from '../spec/istio-sidecar.js';
import type { Labels } from '../spec/types.js';
import { ROOT_NAMESPACE } from './sidecar.js';

/** A host of the registry: a Service's (`name.ns.svc.cluster.local`) or a ServiceEntry's, with the namespace that holds it. */
export interface RegistryHost {
  readonly namespace: string;
  readonly host: string;
  /** What declares it, for traces: `Service ns/name`, `ServiceEntry ns/name`. */
  readonly from: string;
}

/** The Sidecars that configure a workload's proxy, most specific first. */
export interface ApplyingSidecars {
  readonly workload?: SidecarSpec;
  readonly namespace?: SidecarSpec;
  readonly mesh?: SidecarSpec;
}

export function applyingSidecars(sidecars: readonly SidecarSpec[], namespace: string, labels: Labels): ApplyingSidecars {
  const workload = sidecars.find((s) => s.namespace === namespace && s.workloadSelector !== undefined && Object.entries(s.workloadSelector).every(([k, v]) => labels[k] === v));
  const ns = sidecars.find((s) => s.namespace === namespace && s.workloadSelector === undefined);
  const mesh = sidecars.find((s) => s.namespace === ROOT_NAMESPACE && s.workloadSelector === undefined);
  return { ...(workload ? { workload } : {}), ...(ns ? { namespace: ns } : {}), ...(mesh ? { mesh } : {}) };
}

/** The Sidecar whose egress listeners configure the proxy: the most specific one. */
export function effectiveSidecar(a: ApplyingSidecars): SidecarSpec | undefined {
  return a.workload ?? a.namespace ?? a.mesh;
}

/** The outbound traffic policy and who sets it (undefined `by`: meshConfig, `mesh`). */
export function outboundPolicy(a: ApplyingSidecars, mesh: OutboundTrafficPolicy): { readonly policy: OutboundTrafficPolicy; readonly by?: SidecarSpec } {
  for (const s of [a.workload, a.namespace, a.mesh]) if (s?.outboundTrafficPolicy) return { policy: s.outboundTrafficPolicy, by: s };
  return { policy: mesh };
}

/** Whether the egress host pattern `ns/dnsName` of a proxy in namespace `own` imports `h`. */
export function importsHost(pattern: string, own: string, h: RegistryHost): boolean {
  const slash = pattern.indexOf('/');
  const ns = pattern.slice(0, slash);
  const name = pattern.slice(slash + 1).toLowerCase().replace(/\.$/, '');
  if (ns === '~') return false;
  if (ns !== '*' && (ns === '.' ? own : ns) !== h.namespace) return false;
  const host = h.host.toLowerCase();
  if (name === '*') return true;
  if (name.startsWith('*.')) return host.endsWith(name.slice(1)) || (host.startsWith('*.') && host.endsWith(name.slice(1)));
  return name === host;
}

/** The egress host of `sidecar`, configuring a proxy in `own`, importing `h` on `port`; `*\/*` when there is no Sidecar or it has no egress listener; undefined: not imported. */
export function importedBy(sidecar: SidecarSpec | undefined, own: string, h: RegistryHost, port: number): string | undefined {
  if (!sidecar || sidecar.egress.length === 0) return '*/*';
  for (const l of sidecar.egress) {
    if (l.port !== undefined && l.port !== port) continue;
    const hit = l.hosts.find((p) => importsHost(p, own, h));
    if (hit) return hit;
  }
  return undefined;
}

/** What a client's proxy does with a TCP connection to a destination with these registry hosts. */
export type EgressVerdict =
  /** The proxy knows the destination: `host` is imported by `pattern`. */
  | { readonly kind: 'known'; readonly host: RegistryHost; readonly pattern: string }
  /** Unknown, passed through (ALLOW_ANY; `by` undefined: meshConfig's setting). */
  | { readonly kind: 'passthrough'; readonly by?: SidecarSpec }
  /** Unknown, dropped (REGISTRY_ONLY): BlackHoleCluster (`by` undefined: meshConfig's setting). */
  | { readonly kind: 'blackhole'; readonly by?: SidecarSpec };

/** `mesh`: meshConfig.outboundTrafficPolicy.mode (Settings meshOutboundTrafficPolicy), which a Sidecar's own mode overrides. */
export function egressVerdict(sidecars: readonly SidecarSpec[], client: { readonly namespace: string; readonly labels: Labels }, hosts: readonly RegistryHost[], port: number, mesh: OutboundTrafficPolicy): EgressVerdict {
  const a = applyingSidecars(sidecars, client.namespace, client.labels);
  const sidecar = effectiveSidecar(a);
  for (const h of hosts) {
    const pattern = importedBy(sidecar, client.namespace, h, port);
    if (pattern !== undefined) return { kind: 'known', host: h, pattern };
  }
  const { policy, by } = outboundPolicy(a, mesh);
  const withBy = by ? { by } : {};
  return policy === 'REGISTRY_ONLY' ? { kind: 'blackhole', ...withBy } : { kind: 'passthrough', ...withBy };
}

/** A Service's registry host. */
export function serviceHost(namespace: string, name: string): RegistryHost {
  return { namespace, host: `${name}.${namespace}.svc.cluster.local`, from: `Service ${namespace}/${name}` };
}

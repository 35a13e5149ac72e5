/**
 * Istio PeerAuthentication at the destination's sidecar: which mutual TLS mode a workload's
 * port has, and what that does to a connection.
 *
 * Specification (Istio documentation; the citations are its pages):
 * - Scope and precedence (https://istio.io/latest/docs/concepts/security/#peer-authentication
 *   and https://istio.io/latest/docs/reference/config/security/peer_authentication/): a policy
 *   in the root namespace (istio-system) without a selector is mesh-wide; one in another
 *   namespace without a selector is namespace-wide; one with `selector.matchLabels` applies to
 *   the matching workloads of its namespace. The most specific wins: workload over namespace
 *   over mesh. A policy with a selector in the root namespace is ignored (API reference: "PeerAuthentication
 *   policies with workload selectors are ignored when deployed in the root namespace").
 * - One policy per scope: of several mesh-wide policies, or namespace-wide ones of a
 *   namespace, Istio keeps the oldest and ignores the newer; of several workload policies
 *   matching a workload it picks the oldest (concepts page). Manifests carry no creation time:
 *   the order of the documents stands for it, the first being the oldest (the reader warns,
 *   NS2140).
 * - Modes (reference page, `MutualTLS.Mode`): STRICT accepts mutual TLS only; PERMISSIVE
 *   accepts mutual TLS and plain text; DISABLE turns mutual TLS off; UNSET inherits the mode of
 *   the parent scope (workload → namespace → mesh). With no policy at all the mode is
 *   PERMISSIVE (https://istio.io/latest/docs/tasks/security/authentication/mtls-migration/).
 * - `portLevelMtls` (reference page): on a workload policy only, keyed by the workload's
 *   (container) port, not the Service's port; a port's mode overrides the policy's own mode, and
 *   UNSET there inherits it.
 * - What the client sends (https://istio.io/latest/docs/concepts/security/#auto-mutual-tls):
 *   with auto mutual TLS (the default) a client sidecar sends mutual TLS to a destination with a
 *   sidecar and plain text to one without. When the destination's mode is DISABLE the client's
 *   sidecar sends plain text as well (istio/istio, pilot/pkg/networking/core: the cluster's TLS
 *   settings are left empty for a destination whose mode is DISABLE). A client without a sidecar
 *   (a pod outside the mesh, a node, an outside address) always talks plain text.
 * - The effect (https://istio.io/latest/docs/tasks/security/authentication/authn-policy/ and
 *   mtls-migration/): a STRICT sidecar refuses plain text: the client's connection is reset
 *   (curl: "Recv failure: Connection reset by peer", exit code 56, no HTTP status), for TCP and
 *   HTTP alike. Over plain text the destination learns no peer identity, so an
 *   AuthorizationPolicy's `principals` / `namespaces` (and `source.principal`,
 *   `source.namespace`) do not match it (authorization.ts).
 * - Only a workload with a sidecar enforces PeerAuthentication (sidecar.ts): a pod without one
 *   accepts plain text whatever the policies say.
 */
import { ignoredInRoot, type MtlsMode, type PeerAuthenticationSpec } from '../spec/peer-authentication.js';
import type { Labels } from '../spec/types.js';
import { assertNever } from '../spec/never.js';
import { ROOT_NAMESPACE } from './sidecar.js';

/** Where a workload's port gets its mode from. */
export type MtlsSource =
  /** No policy sets a mode: Istio's default PERMISSIVE. */
  | { readonly scope: 'default' }
  /** The mesh-wide, namespace-wide or workload policy `policy` (ns/name) sets it. */
  | { readonly scope: 'mesh' | 'namespace' | 'workload'; readonly policy: string }
  /** The workload policy `policy`'s `portLevelMtls` entry for `port` sets it. */
  | { readonly scope: 'port'; readonly policy: string; readonly port: number };

/** A workload port's effective mode (never UNSET) and where it comes from. */
export interface MtlsDecision {
  readonly mode: Exclude<MtlsMode, 'UNSET'>;
  readonly source: MtlsSource;
}

/** The policy Istio uses at each scope for a workload (undefined: none). */
export interface ApplyingPeerAuthentications {
  readonly mesh?: PeerAuthenticationSpec;
  readonly namespace?: PeerAuthenticationSpec;
  readonly workload?: PeerAuthenticationSpec;
}

/** Whether a policy's selector matches the labels. */
function selects(p: PeerAuthenticationSpec, labels: Labels): boolean {
  return p.selector !== undefined && Object.entries(p.selector).every(([k, v]) => labels[k] === v);
}

/** The oldest (first) policy of each scope that applies to a workload in `namespace` with `labels`. */
export function applyingPeerAuthentications(policies: readonly PeerAuthenticationSpec[], namespace: string, labels: Labels): ApplyingPeerAuthentications {
  const mesh = policies.find((p) => p.namespace === ROOT_NAMESPACE && p.selector === undefined);
  const ns = namespace === ROOT_NAMESPACE ? undefined : policies.find((p) => p.namespace === namespace && p.selector === undefined);
  const workload = policies.find((p) => p.namespace === namespace && !ignoredInRoot(p) && selects(p, labels));
  return { ...(mesh ? { mesh } : {}), ...(ns ? { namespace: ns } : {}), ...(workload ? { workload } : {}) };
}

const key = (p: PeerAuthenticationSpec): string => `${p.namespace}/${p.name}`;

/** The effective mode of a workload's `port`. */
export function mtlsMode(policies: readonly PeerAuthenticationSpec[], namespace: string, labels: Labels, port: number): MtlsDecision {
  const { mesh, namespace: ns, workload } = applyingPeerAuthentications(policies, namespace, labels);
  let decision: MtlsDecision = { mode: 'PERMISSIVE', source: { scope: 'default' } };
  const apply = (mode: MtlsMode | undefined, source: MtlsSource): void => {
    if (mode !== undefined && mode !== 'UNSET') decision = { mode, source };
  };
  if (mesh) apply(mesh.mode, { scope: 'mesh', policy: key(mesh) });
  if (ns) apply(ns.mode, { scope: 'namespace', policy: key(ns) });
  if (workload) {
    apply(workload.mode, { scope: 'workload', policy: key(workload) });
    apply(workload.portLevelMtls.find((e) => e.port === port)?.mode, { scope: 'port', policy: key(workload), port });
  }
  return decision;
}

/** What happens to a connection at a sidecar with `mode`, from a client with or without a sidecar. */
export type MtlsOutcome =
  /** Mutual TLS: the destination learns the client's identity. */
  | 'mutual-tls'
  /** Plain text, accepted: no identity. */
  | 'plain-text'
  /** Plain text at a STRICT sidecar: the connection is reset. */
  | 'refused';

export function mtlsOutcome(mode: MtlsDecision['mode'], clientHasSidecar: boolean): MtlsOutcome {
  switch (mode) {
    case 'STRICT':
      return clientHasSidecar ? 'mutual-tls' : 'refused';
    case 'PERMISSIVE':
      return clientHasSidecar ? 'mutual-tls' : 'plain-text';
    case 'DISABLE':
      return 'plain-text';
    default:
      return assertNever(mode);
  }
}

/** The policy as a trace names it: `PeerAuthentication ns/name (STRICT)`, or the default's words. */
export function mtlsSourceText(d: MtlsDecision): string {
  const s = d.source;
  switch (s.scope) {
    case 'default':
      return `no PeerAuthentication applies (Istio's default ${d.mode})`;
    case 'mesh':
    case 'namespace':
    case 'workload':
      return `PeerAuthentication ${s.policy} (${s.scope === 'mesh' ? 'mesh-wide' : s.scope === 'namespace' ? 'namespace-wide' : 'workload'}, ${d.mode})`;
    case 'port':
      return `PeerAuthentication ${s.policy} (portLevelMtls ${s.port}, ${d.mode})`;
    default:
      return assertNever(s);
  }
}

/** The rule a trace names for a decision (undefined for the default). */
export function mtlsRule(d: MtlsDecision): string | undefined {
  return d.source.scope === 'default' ? undefined : `PeerAuthentication ${d.source.policy} (${d.mode})`;
}

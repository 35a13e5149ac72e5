/**
 * Istio PeerAuthentication (security.istio.io/v1 and v1beta1) as data: what the manifest reader
 * produces and the mesh evaluator (src/mesh/peer-authentication.ts, semantics with citations)
 * reads. Values are validated: ports are 1-65535 and port-level modes only appear with a
 * workload selector (Istio's validation refuses them on a mesh- or namespace-wide policy).
 */
import type { Labels, Span } from './types.js';
import { ROOT_NAMESPACE } from './istio-root-namespace.js';

/** A mutual TLS mode, as `mtls.mode` spells it. */
export type MtlsMode =
  /** Inherit the mode of the parent scope (workload → namespace → mesh → PERMISSIVE). */
  | 'UNSET'
  /** Plain text is refused: only mutual TLS connections are accepted. */
  | 'STRICT'
  /** Both mutual TLS and plain text are accepted. */
  | 'PERMISSIVE'
  /** Mutual TLS is off: connections are plain text (client sidecars send plain text too). */
  | 'DISABLE';

/** One `portLevelMtls` entry. */
export interface PortMtls {
  /** The workload's (container) port. */
  readonly port: number;
  readonly mode: MtlsMode;
}

export interface PeerAuthenticationSpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.selector.matchLabels; undefined: namespace-wide (mesh-wide in the root namespace). */
  readonly selector?: Labels;
  /** spec.mtls.mode; UNSET when absent. */
  readonly mode: MtlsMode;
  /** spec.portLevelMtls: workload ports with their own mode (a workload policy only), one entry per port. */
  readonly portLevelMtls: readonly PortMtls[];
  readonly span?: Span;
}

/** Whether Istio ignores the policy wherever it is: a selector in the root namespace. */
export function ignoredInRoot(p: PeerAuthenticationSpec): boolean {
  return p.namespace === ROOT_NAMESPACE && p.selector !== undefined;
}

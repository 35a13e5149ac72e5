/**
 * The naive reference of Istio PeerAuthentication, written from the documentation's words (the
 * specification and citations are in peer-authentication.ts' header) and sharing no code with
 * the evaluator, so the property test (test/mesh/peer-authentication.property.test.ts) can catch
 * a bug in either: "workload-specific policy takes precedence over a namespace-wide one, which
 * takes precedence over the mesh-wide one"; UNSET inherits from the parent; a port's mode
 * overrides its policy's; with no mode set anywhere the workload is PERMISSIVE; Istio uses the
 * oldest policy (here: the first) of a scope and ignores selectors in the root namespace.
 */
import type { MtlsMode, PeerAuthenticationSpec } from '../spec/peer-authentication.js';
import type { Labels } from '../spec/types.js';

/** The effective mode of a workload's port. */
export function referenceMtlsMode(policies: readonly PeerAuthenticationSpec[], namespace: string, labels: Labels, port: number): Exclude<MtlsMode, 'UNSET'> {
  const root = 'istio-system';
  const oldest = (keep: (p: PeerAuthenticationSpec) => boolean): PeerAuthenticationSpec | undefined => policies.filter(keep)[0];
  const workload =
    namespace === root ? undefined : oldest((p) => p.namespace === namespace && p.selector !== undefined && Object.keys(p.selector).every((k) => labels[k] === p.selector![k]));
  const namespaceWide = namespace === root ? undefined : oldest((p) => p.namespace === namespace && p.selector === undefined);
  const meshWide = oldest((p) => p.namespace === root && p.selector === undefined);
  const fromMostSpecific = [workload?.portLevelMtls.filter((e) => e.port === port)[0]?.mode, workload?.mode, namespaceWide?.mode, meshWide?.mode];
  for (const m of fromMostSpecific) if (m === 'STRICT' || m === 'PERMISSIVE' || m === 'DISABLE') return m;
  return 'PERMISSIVE';
}

/** Whether the connection is accepted and whether it carries the client's identity (mutual TLS). */
export function referenceMtlsConnection(mode: Exclude<MtlsMode, 'UNSET'>, clientHasSidecar: boolean): { readonly accepted: boolean; readonly identity: boolean } {
  const clientSendsMtls = clientHasSidecar && mode !== 'DISABLE';
  const accepted = clientSendsMtls || mode !== 'STRICT';
  return { accepted, identity: accepted && clientSendsMtls };
}

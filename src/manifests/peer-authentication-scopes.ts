/**
 * What Istio ignores among the PeerAuthentications of one input, reported as warnings (the
 * evaluator, src/mesh/peer-authentication.ts, ignores the same ones):
 * - a second mesh-wide policy, or a second namespace-wide one of a namespace: Istio keeps the
 *   oldest, here the first document (NS2140);
 * - a policy with a selector in the root namespace (NS2141).
 */
import type { SpecObject } from '../spec/objects.js';
import { ignoredInRoot, type PeerAuthenticationSpec } from '../spec/peer-authentication.js';
import { DIAG, message } from '../diag/catalogue.js';
import { ROOT_NAMESPACE } from '../spec/istio-root-namespace.js';
import { report } from './read.js';
import type { Reader } from './read.js';

export function warnIgnoredPeerAuthentications(r: Reader, objects: readonly SpecObject[]): void {
  const firstOfScope = new Map<string, PeerAuthenticationSpec>();
  for (const o of objects) {
    if (o.kind !== 'peer-authentication' || !o.spec.span) continue;
    const p = o.spec;
    const name = `${p.namespace}/${p.name}`;
    if (ignoredInRoot(p)) {
      report(r, DIAG.peerAuthenticationRootSelector, 'warning', message(DIAG.peerAuthenticationRootSelector, { name, root: ROOT_NAMESPACE }), p.span!);
      continue;
    }
    if (p.selector !== undefined) continue;
    const older = firstOfScope.get(p.namespace);
    if (!older) {
      firstOfScope.set(p.namespace, p);
      continue;
    }
    const scope = p.namespace === ROOT_NAMESPACE ? 'mesh-wide' : `namespace-wide (${p.namespace})`;
    report(r, DIAG.peerAuthenticationShadowed, 'warning', message(DIAG.peerAuthenticationShadowed, { name, older: `${older.namespace}/${older.name}`, scope }), p.span!);
  }
}

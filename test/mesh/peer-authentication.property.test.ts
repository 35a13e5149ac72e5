/**
 * Property: on random PeerAuthentications, workloads and ports, the evaluator
 * (src/mesh/peer-authentication.ts) and the naive reference (src/mesh/peer-authentication-reference.ts)
 * give the same mode, and the same acceptance and identity for clients with and without a sidecar.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mtlsMode, mtlsOutcome } from '../../src/mesh/peer-authentication.js';
import { referenceMtlsConnection, referenceMtlsMode } from '../../src/mesh/peer-authentication-reference.js';
import type { MtlsMode, PeerAuthenticationSpec } from '../../src/spec/peer-authentication.js';

const MODES: MtlsMode[] = ['UNSET', 'STRICT', 'PERMISSIVE', 'DISABLE'];
const PORTS = [80, 8080, 9090];

const policy: fc.Arbitrary<PeerAuthenticationSpec> = fc
  .record({
    name: fc.constantFrom('p', 'q', 'r'),
    namespace: fc.constantFrom('a', 'b', 'istio-system'),
    mode: fc.constantFrom(...MODES),
    selector: fc.option(fc.constantFrom<Record<string, string>>({ app: 'web' }, { app: 'db' }, { app: 'web', tier: 'x' }), { nil: undefined }),
    ports: fc.uniqueArray(fc.record({ port: fc.constantFrom(...PORTS), mode: fc.constantFrom(...MODES) }), { maxLength: 2, selector: (e) => e.port }),
  })
  .map(({ name, namespace, mode, selector, ports }) => ({ name, namespace, mode, portLevelMtls: selector ? ports : [], ...(selector ? { selector } : {}) }));

const workload = fc.record({
  namespace: fc.constantFrom('a', 'b', 'istio-system'),
  labels: fc.constantFrom<Record<string, string>>({ app: 'web' }, { app: 'db' }, { app: 'web', tier: 'x' }, {}),
  port: fc.constantFrom(...PORTS, 443),
  clientSidecar: fc.boolean(),
});

describe('Istio PeerAuthentication: evaluator and reference', () => {
  it('agree on random policies, workloads and clients', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 5 }), fc.array(workload, { minLength: 1, maxLength: 6 }), (policies, ws) => {
        for (const w of ws) {
          const mode = mtlsMode(policies, w.namespace, w.labels, w.port).mode;
          expect(mode).toBe(referenceMtlsMode(policies, w.namespace, w.labels, w.port));
          const outcome = mtlsOutcome(mode, w.clientSidecar);
          expect({ accepted: outcome !== 'refused', identity: outcome === 'mutual-tls' }).toEqual(referenceMtlsConnection(mode, w.clientSidecar));
        }
      }),
      { numRuns: 500, seed: 2140 },
    );
  });
});

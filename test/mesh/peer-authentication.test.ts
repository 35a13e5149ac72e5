/** PeerAuthentication semantics (src/mesh/peer-authentication.ts), from the examples of Istio's reference page. */
import { describe, expect, it } from 'vitest';
import { mtlsMode, mtlsOutcome } from '../../src/mesh/peer-authentication.js';
import type { MtlsMode, PeerAuthenticationSpec, PortMtls } from '../../src/spec/peer-authentication.js';

const pa = (namespace: string, name: string, mode: MtlsMode, selector?: Record<string, string>, ports: PortMtls[] = []): PeerAuthenticationSpec => ({
  name,
  namespace,
  mode,
  portLevelMtls: ports,
  ...(selector ? { selector } : {}),
});

describe('PeerAuthentication modes', () => {
  it('default to PERMISSIVE with no policy', () => {
    expect(mtlsMode([], 'foo', {}, 80)).toEqual({ mode: 'PERMISSIVE', source: { scope: 'default' } });
  });

  it('take the most specific scope: workload over namespace over mesh', () => {
    const policies = [pa('istio-system', 'default', 'STRICT'), pa('foo', 'default', 'PERMISSIVE'), pa('foo', 'finance', 'STRICT', { app: 'finance' })];
    expect(mtlsMode(policies, 'bar', { app: 'finance' }, 80)).toMatchObject({ mode: 'STRICT', source: { scope: 'mesh', policy: 'istio-system/default' } });
    expect(mtlsMode(policies, 'foo', { app: 'web' }, 80)).toMatchObject({ mode: 'PERMISSIVE', source: { scope: 'namespace', policy: 'foo/default' } });
    expect(mtlsMode(policies, 'foo', { app: 'finance' }, 80)).toMatchObject({ mode: 'STRICT', source: { scope: 'workload', policy: 'foo/finance' } });
  });

  it('inherit through UNSET, and let a port override its policy (UNSET ports inherit the policy)', () => {
    const policies = [pa('foo', 'default', 'STRICT'), pa('foo', 'finance', 'UNSET', { app: 'finance' }, [{ port: 8080, mode: 'DISABLE' }, { port: 9090, mode: 'UNSET' }])];
    expect(mtlsMode(policies, 'foo', { app: 'finance' }, 80)).toMatchObject({ mode: 'STRICT', source: { scope: 'namespace' } });
    expect(mtlsMode(policies, 'foo', { app: 'finance' }, 8080)).toMatchObject({ mode: 'DISABLE', source: { scope: 'port', port: 8080 } });
    expect(mtlsMode(policies, 'foo', { app: 'finance' }, 9090)).toMatchObject({ mode: 'STRICT', source: { scope: 'namespace' } });
  });

  it('use the oldest (first) policy of a scope and ignore selectors in the root namespace', () => {
    const policies = [pa('foo', 'old', 'DISABLE'), pa('foo', 'new', 'STRICT'), pa('istio-system', 'rooted', 'STRICT', { app: 'web' })];
    expect(mtlsMode(policies, 'foo', { app: 'web' }, 80)).toMatchObject({ mode: 'DISABLE', source: { policy: 'foo/old' } });
    expect(mtlsMode(policies, 'istio-system', { app: 'web' }, 80).source).toEqual({ scope: 'default' });
  });
});

describe('what a mode does to a connection', () => {
  it('STRICT refuses plain text; a client with a sidecar uses mutual TLS unless the mode is DISABLE', () => {
    expect(mtlsOutcome('STRICT', false)).toBe('refused');
    expect(mtlsOutcome('STRICT', true)).toBe('mutual-tls');
    expect(mtlsOutcome('PERMISSIVE', false)).toBe('plain-text');
    expect(mtlsOutcome('PERMISSIVE', true)).toBe('mutual-tls');
    expect(mtlsOutcome('DISABLE', true)).toBe('plain-text');
    expect(mtlsOutcome('DISABLE', false)).toBe('plain-text');
  });
});

/** Istio PeerAuthentication manifests (security.istio.io/v1, v1beta1): reading, validation and what Istio ignores. */
import { describe, expect, it } from 'vitest';
import { DIAG } from '../../src/diag/catalogue.js';
import { one, read, specs, theError } from './helpers.js';

const pa = (spec: string, ns = 'foo', name = 'p', api = 'security.istio.io/v1') => `apiVersion: ${api}\nkind: PeerAuthentication\nmetadata: {name: ${name}, namespace: ${ns}}\n${spec}`;

describe('PeerAuthentication manifests', () => {
  it('read selector, mode and port-level modes', () => {
    const p = one(pa('spec:\n  selector: {matchLabels: {app: finance}}\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080: {mode: DISABLE}\n    "9090": {}'), 'peer-authentication');
    expect(p).toMatchObject({ name: 'p', namespace: 'foo', selector: { app: 'finance' }, mode: 'STRICT' });
    expect(p.portLevelMtls).toEqual([
      { port: 8080, mode: 'DISABLE' },
      { port: 9090, mode: 'UNSET' },
    ]);
  });

  it('read an absent mtls as UNSET, an empty matchLabels as no selector, and v1beta1', () => {
    const p = one(pa('spec:\n  selector: {matchLabels: {}}', 'foo', 'p', 'security.istio.io/v1beta1'), 'peer-authentication');
    expect(p.mode).toBe('UNSET');
    expect(p.selector).toBeUndefined();
    expect(one(pa(''), 'peer-authentication').mode).toBe('UNSET');
  });

  it('refuse an unknown mode with did-you-mean, an unknown field, a bad port', () => {
    const mode = theError(pa('spec:\n  mtls: {mode: strict}'));
    expect(mode.message).toContain('spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT');
    expect(mode.help).toContain('STRICT');
    const field = theError(pa('spec:\n  mtl: {mode: STRICT}'));
    expect(field.message).toContain('unknown field "mtl"');
    expect(field.help).toContain('mtls');
    expect(theError(pa('spec:\n  selector: {matchLabels: {app: a}}\n  portLevelMtls:\n    0: {mode: STRICT}')).message).toContain('expected a port number 1-65535, found "0"');
  });

  it('refuse port-level modes on a namespace-wide policy, as Istio validation does', () => {
    const e = theError(pa('spec:\n  mtls: {mode: STRICT}\n  portLevelMtls:\n    8080: {mode: DISABLE}'));
    expect(e.code).toBe(DIAG.conflict.code);
    expect(e.message).toContain('cannot have port level mTLS');
  });

  it('warn about a second namespace-wide policy and a selector in the root namespace, keeping the first', () => {
    const res = read(`${pa('spec:\n  mtls: {mode: STRICT}', 'foo', 'first')}\n---\n${pa('spec:\n  mtls: {mode: DISABLE}', 'foo', 'second')}\n---\n${pa('spec:\n  selector: {matchLabels: {app: a}}\n  mtls: {mode: STRICT}', 'istio-system', 'rooted')}`);
    const warnings = res.diagnostics.filter((d) => d.severity === 'warning');
    expect(warnings.map((d) => d.code)).toEqual([DIAG.peerAuthenticationShadowed.code, DIAG.peerAuthenticationRootSelector.code]);
    expect(warnings[0]!.message).toBe('PeerAuthentication foo/second is ignored: foo/first is the older namespace-wide (foo) policy');
    expect(specs(res, 'peer-authentication')).toHaveLength(3);
  });
});

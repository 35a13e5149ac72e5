/**
 * Istio authorization, from the examples of Istio's documentation: the authorization concept
 * page, the tasks "HTTP Traffic", "TCP Traffic", "Explicit Deny" and "Sidecar injection".
 */
import { describe, expect, it } from 'vitest';
import { authorize, isAllowed, stringMatch, type MeshConnection, type MeshRequest } from '../../src/mesh/authorization.js';
import { principalOf, sidecarOf } from '../../src/mesh/sidecar.js';
import type { AuthorizationPolicySpec, AuthorizationRule } from '../../src/spec/authorization-policy.js';

const rule = (r: Partial<AuthorizationRule>): AuthorizationRule => ({ from: [], to: [], when: [], ...r });
const vals = (...values: string[]) => ({ values, notValues: [] });
const nots = (...notValues: string[]) => ({ values: [], notValues });
const policy = (name: string, action: AuthorizationPolicySpec['action'], rules: AuthorizationRule[], extra: Partial<AuthorizationPolicySpec> = {}): AuthorizationPolicySpec => ({
  name,
  namespace: 'foo',
  action,
  rules,
  ...extra,
});

const sleep = { ip: '10.0.0.5', identity: { namespace: 'foo', principal: principalOf('foo', 'sleep'), serviceAccount: 'sleep' } };
const plain = { ip: '10.0.9.9' };
const conn = (port: number, request?: Partial<MeshRequest>, client: MeshConnection['client'] = sleep): MeshConnection => ({
  client,
  destination: { namespace: 'foo', labels: { app: 'httpbin' }, ip: '10.0.1.1' },
  port,
  ...(request ? { request: { method: 'GET', path: '/', host: 'httpbin.foo', headers: {}, ...request } } : {}),
});
const allowed = (ps: AuthorizationPolicySpec[], c: MeshConnection) => isAllowed(authorize(ps, c));

describe('Istio authorization (the evaluator)', () => {
  it('allows everything when no policy applies, and nothing under an ALLOW policy without rules (allow-nothing)', () => {
    expect(authorize([], conn(8000, {}))).toEqual({ kind: 'no-policy' });
    const nothing = policy('allow-nothing', 'ALLOW', []);
    expect(authorize([nothing], conn(8000, {}))).toEqual({ kind: 'not-allowed', allowPolicies: ['foo/allow-nothing'] });
    expect(allowed([policy('allow-all', 'ALLOW', [rule({})])], conn(8000, {}))).toBe(true);
    expect(allowed([policy('deny-nothing', 'DENY', [])], conn(8000, {}))).toBe(true);
  });

  it('DENY beats ALLOW (Explicit Deny: deny-method-get beside an allow-all)', () => {
    const ps = [policy('allow-all', 'ALLOW', [rule({})]), policy('deny-method-get', 'DENY', [rule({ to: [{ methods: vals('GET') }] })], { selector: { app: 'httpbin' } })];
    expect(authorize(ps, conn(8000, { method: 'GET' }))).toEqual({ kind: 'denied', by: { policy: 'foo/deny-method-get', action: 'DENY', rule: 0 } });
    expect(authorize(ps, conn(8000, { method: 'POST' }))).toEqual({ kind: 'allowed', by: { policy: 'foo/allow-all', action: 'ALLOW', rule: 0 } });
  });

  it('matches headers in requests (deny unless x-token: admin)', () => {
    const ps = [policy('deny-no-admin', 'DENY', [rule({ when: [{ key: 'request.headers[x-token]', match: nots('admin') }] })])];
    expect(allowed(ps, conn(8000, { headers: { 'x-token': 'admin' } }))).toBe(true);
    expect(allowed(ps, conn(8000, { headers: { 'x-token': 'guest' } }))).toBe(false);
    expect(allowed(ps, conn(8000, {}))).toBe(false);
  });

  it('TCP: ports are matched; an ALLOW rule with HTTP-only fields matches no TCP connection; a DENY rule ignores them', () => {
    const ports = [policy('tcp-policy', 'ALLOW', [rule({ to: [{ ports: vals('9000', '9001') }] })])];
    expect(allowed(ports, conn(9000))).toBe(true);
    expect(allowed(ports, conn(9002))).toBe(false);
    const allowGet = [policy('tcp-policy', 'ALLOW', [rule({ to: [{ methods: vals('GET'), ports: vals('9000') }] })])];
    expect(allowed(allowGet, conn(9000))).toBe(false);
    expect(allowed(allowGet, conn(9000, { method: 'GET' }))).toBe(true);
    const denyGet = [policy('tcp-policy', 'DENY', [rule({ to: [{ methods: vals('GET'), ports: vals('9000') }] })])];
    expect(allowed(denyGet, conn(9000))).toBe(false);
    expect(allowed(denyGet, conn(9001))).toBe(true);
    expect(allowed(denyGet, conn(9000, { method: 'POST' }))).toBe(true);
  });

  it('principals and namespaces come from mTLS: a client without a sidecar has neither', () => {
    const ps = [policy('p', 'ALLOW', [rule({ from: [{ principals: vals('cluster.local/ns/foo/sa/sleep') }] })])];
    expect(allowed(ps, conn(80))).toBe(true);
    expect(allowed(ps, conn(80, undefined, plain))).toBe(false);
    const notNs = [policy('p', 'DENY', [rule({ from: [{ namespaces: nots('foo') }] })])];
    expect(allowed(notNs, conn(80))).toBe(true);
    expect(allowed(notNs, conn(80, undefined, plain))).toBe(false);
    const ips = [policy('p', 'ALLOW', [rule({ from: [{ ipBlocks: vals('10.0.9.0/24') }] })])];
    expect(allowed(ips, conn(80, undefined, plain))).toBe(true);
    expect(allowed(ips, conn(80))).toBe(false);
  });

  it('applies root-namespace policies mesh-wide and namespace policies to their own namespace only', () => {
    const root = policy('deny-all', 'DENY', [rule({})], { namespace: 'istio-system' });
    expect(allowed([root], conn(80))).toBe(false);
    expect(allowed([policy('elsewhere', 'DENY', [rule({})], { namespace: 'bar' })], conn(80))).toBe(true);
    expect(allowed([policy('other-app', 'DENY', [rule({})], { selector: { app: 'productpage' } })], conn(80))).toBe(true);
  });

  it('AUDIT never changes the verdict', () => {
    const audit = policy('audit', 'AUDIT', [rule({})]);
    expect(authorize([audit], conn(80))).toEqual({ kind: 'allowed', audit: { policy: 'foo/audit', action: 'AUDIT', rule: 0 } });
    expect(isAllowed(authorize([audit, policy('n', 'ALLOW', [])], conn(80)))).toBe(false);
  });

  it('matches strings exactly, by prefix, suffix or presence', () => {
    expect(stringMatch('/admin*', '/admin/x')).toBe(true);
    expect(stringMatch('*.example.com', 'a.example.com')).toBe(true);
    expect(stringMatch('*', '')).toBe(false);
    expect(stringMatch('*', 'x')).toBe(true);
    expect(stringMatch('GET', 'get')).toBe(false);
  });
});

describe('sidecar injection (Controlling the injection policy)', () => {
  const facts = (ns: Record<string, string>, pod: Record<string, string>, podAnnotation?: string) => sidecarOf({ namespace: 'foo', namespaceLabels: ns, podLabels: pod, podAnnotation, hostNetwork: false }).injected;
  it('follows the documented table', () => {
    expect(facts({ 'istio-injection': 'enabled' }, {})).toBe(true);
    expect(facts({ 'istio-injection': 'enabled' }, { 'sidecar.istio.io/inject': 'false' })).toBe(false);
    expect(facts({ 'istio-injection': 'enabled' }, {}, 'false')).toBe(false);
    expect(facts({ 'istio-injection': 'disabled' }, { 'sidecar.istio.io/inject': 'true' })).toBe(false);
    expect(facts({}, { 'sidecar.istio.io/inject': 'true' })).toBe(true);
    expect(facts({}, {}, 'true')).toBe(false);
    expect(facts({}, {})).toBe(false);
    expect(facts({ 'istio.io/rev': 'canary' }, {})).toBe(true);
    expect(sidecarOf({ namespace: 'foo', namespaceLabels: { 'istio-injection': 'enabled' }, podLabels: {}, hostNetwork: true }).injected).toBe(false);
  });
});

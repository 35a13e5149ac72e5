/**
 * The requests a sidecar admits on a port refused as plain TCP, and their text
 * (src/connlist/request-space.ts), on the examples of Istio's AuthorizationPolicy reference
 * (https://istio.io/latest/docs/reference/config/security/authorization-policy/) and on the
 * pattern forms (exact, prefix, suffix, presence; hosts ignoring case).
 */
import { describe, expect, it } from 'vitest';
import { applicablePolicies, authorize, isAllowed, type MeshConnection, type MeshRequest } from '../../src/mesh/authorization.js';
import { hasRequest, isEveryRequest, requestSetOf, requestSetText, type RequestSet } from '../../src/connlist/request-space.js';
import type { AttributeMatch, AuthorizationPolicySpec, AuthorizationRule } from '../../src/spec/authorization-policy.js';

const m = (values: string[], notValues: string[] = []): AttributeMatch => ({ values, notValues });
const policy = (action: AuthorizationPolicySpec['action'], rules: AuthorizationRule[]): AuthorizationPolicySpec => ({ name: 'p', namespace: 'foo', action, rules });
const conn = (clientNamespace: string): MeshConnection => ({
  client: { ip: '10.0.0.1', identity: { namespace: clientNamespace, serviceAccount: 'sleep', principal: `cluster.local/ns/${clientNamespace}/sa/sleep` } },
  destination: { namespace: 'foo', labels: { app: 'httpbin' }, ip: '10.0.0.2' },
  port: 8000,
});
const req = (method: string, path: string, host = 'httpbin.foo'): MeshRequest => ({ method, path, host, headers: {} });

function admitted(policies: AuthorizationPolicySpec[], c: MeshConnection): RequestSet {
  return requestSetOf(applicablePolicies(policies, 'foo', { app: 'httpbin' }), (request) => isAllowed(authorize(policies, { ...c, request })));
}

describe('request sets of Istio\'s examples', () => {
  it('ALLOW GET at paths with prefix /info and POST at /data: two rectangles, nothing as plain TCP', () => {
    const policies = [
      policy('ALLOW', [{ from: [{ namespaces: m(['test']) }], to: [{ methods: m(['GET']), paths: m(['/info*']) }, { methods: m(['POST']), paths: m(['/data']) }], when: [] }]),
    ];
    expect(isAllowed(authorize(policies, conn('test')))).toBe(false);
    const set = admitted(policies, conn('test'));
    expect(requestSetText(set)).toBe('HTTP: [methods GET; paths /info*] or [methods POST; paths /data]');
    expect(hasRequest(set, req('GET', '/info/x'))).toBe(true);
    expect(hasRequest(set, req('GET', '/data'))).toBe(false);
    expect(hasRequest(set, req('POST', '/data'))).toBe(true);
    expect(hasRequest(set, req('POST', '/data/x'))).toBe(false);
    expect(requestSetText(admitted(policies, conn('other')))).toBe('HTTP: none');
  });

  it('DENY POST from the dev namespace: every method but POST for dev, all of TCP for others', () => {
    const policies = [policy('DENY', [{ from: [{ namespaces: m(['dev']) }], to: [{ methods: m(['POST']) }], when: [] }])];
    // On plain TCP a DENY rule ignores its HTTP fields, so dev's TCP is denied (Istio's TCP rule).
    expect(isAllowed(authorize(policies, conn('dev')))).toBe(false);
    expect(isAllowed(authorize(policies, conn('prod')))).toBe(true);
    const set = admitted(policies, conn('dev'));
    expect(requestSetText(set)).toBe('HTTP: methods all but POST');
    expect(hasRequest(set, req('DELETE', '/'))).toBe(true);
    expect(hasRequest(set, req('POST', '/'))).toBe(false);
  });
});

describe('request sets: pattern forms', () => {
  it('hosts ignore case', () => {
    const set = admitted([policy('ALLOW', [{ from: [], to: [{ hosts: m(['Example.COM']) }], when: [] }])], conn('x'));
    expect(requestSetText(set)).toBe('HTTP: hosts example.com');
    expect(hasRequest(set, req('GET', '/', 'EXAMPLE.com'))).toBe(true);
    expect(hasRequest(set, req('GET', '/', 'example.org'))).toBe(false);
  });

  it('presence: methods ["*"] admits every request but no plain TCP', () => {
    const policies = [policy('ALLOW', [{ from: [], to: [{ methods: m(['*']) }], when: [] }])];
    expect(isAllowed(authorize(policies, conn('x')))).toBe(false);
    const set = admitted(policies, conn('x'));
    expect(isEveryRequest(set)).toBe(true);
    expect(requestSetText(set)).toBe('HTTP');
  });

  it('a prefix minus a suffix: the values with both are the exception', () => {
    const set = admitted([policy('ALLOW', [{ from: [], to: [{ paths: m(['/a*'], ['*.html']) }], when: [] }])], conn('x'));
    expect(requestSetText(set)).toBe('HTTP: paths /a* except (/a*&*.html)');
    expect(hasRequest(set, req('GET', '/a/b.css'))).toBe(true);
    expect(hasRequest(set, req('GET', '/a/b.html'))).toBe(false);
    expect(hasRequest(set, req('GET', '/b.css'))).toBe(false);
  });

  it('nested exceptions: a prefix, minus a longer prefix, plus an exact value inside it', () => {
    const set = admitted([policy('ALLOW', [{ from: [], to: [{ paths: m(['/api/*'], ['/api/admin/*']) }, { paths: m(['/api/admin/health']) }], when: [] }])], conn('x'));
    expect(requestSetText(set)).toBe('HTTP: paths /api/* except (/api/admin/* except (/api/admin/health))');
    expect(hasRequest(set, req('GET', '/api/admin/health'))).toBe(true);
    expect(hasRequest(set, req('GET', '/api/admin/users'))).toBe(false);
  });

  it('request headers are no dimension: a rule that needs one admits none of the listed requests', () => {
    const set = admitted([policy('ALLOW', [{ from: [], to: [], when: [{ key: 'request.headers[x-token]', match: m(['*']) }] }])], conn('x'));
    expect(set.cells.size).toBe(0);
  });
});

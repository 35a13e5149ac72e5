/**
 * Property: on random AuthorizationPolicies and connections (TCP and HTTP, clients with and
 * without a sidecar), the evaluator (src/mesh/authorization.ts) and the naive reference
 * (src/mesh/reference.ts) give the same verdict.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, isAllowed, type MeshConnection } from '../../src/mesh/authorization.js';
import { referenceAuthorized } from '../../src/mesh/reference.js';
import type { AttributeMatch, AuthorizationCondition, AuthorizationPolicySpec, AuthorizationRule } from '../../src/spec/authorization-policy.js';

const NAMESPACES = ['a', 'b', 'istio-system'];
const PRINCIPALS = ['cluster.local/ns/a/sa/default', 'cluster.local/ns/b/sa/web', 'cluster.local/ns/a/*', '*', '*/sa/web'];
const IPS = ['10.1.2.3', '10.9.9.9', '192.168.1.1', '172.16.0.1'];
const BLOCKS = ['10.0.0.0/8', '10.1.2.3', '192.168.0.0/16', '172.16.0.0/30'];
const PORTS = ['80', '443', '8080'];
const METHODS = ['GET', 'POST', '*'];
const PATHS = ['/a', '/admin*', '*/x', '/b/x'];
const HOSTS = ['web.a', '*.a', 'WEB.A'];

const matchOf = (values: readonly string[]): fc.Arbitrary<AttributeMatch> =>
  fc.record({ values: fc.subarray([...values], { maxLength: Math.min(2, values.length) }), notValues: fc.subarray([...values], { maxLength: 1 }) }).filter((m) => m.values.length + m.notValues.length > 0);

const source = fc.record(
  { principals: matchOf(PRINCIPALS), namespaces: matchOf(['a', 'b', 'a*']), ipBlocks: matchOf(BLOCKS), remoteIpBlocks: matchOf(BLOCKS), requestPrincipals: matchOf(['iss/sub']) },
  { requiredKeys: [] },
);
const operation = fc.record({ ports: matchOf(PORTS), methods: matchOf(METHODS), paths: matchOf(PATHS), hosts: matchOf(HOSTS) }, { requiredKeys: [] });
const KEYS: Record<string, readonly string[]> = {
  'source.namespace': ['a', 'b'],
  'source.principal': PRINCIPALS,
  'source.ip': BLOCKS,
  'destination.port': PORTS,
  'request.headers[x-a]': ['1', '2', '*'],
  'request.auth.principal': ['x'],
};
const condition: fc.Arbitrary<AuthorizationCondition> = fc.constantFrom(...Object.keys(KEYS)).chain((key) => matchOf(KEYS[key]!).map((match) => ({ key, match })));
const rule: fc.Arbitrary<AuthorizationRule> = fc.record({
  from: fc.array(source, { maxLength: 2 }),
  to: fc.array(operation, { maxLength: 2 }),
  when: fc.array(condition, { maxLength: 2 }),
});
const policy: fc.Arbitrary<AuthorizationPolicySpec> = fc.record({
  name: fc.constantFrom('p', 'q', 'r'),
  namespace: fc.constantFrom(...NAMESPACES),
  action: fc.constantFrom('ALLOW', 'DENY', 'AUDIT'),
  rules: fc.array(rule, { maxLength: 3 }),
  selector: fc.option(fc.constantFrom({}, { app: 'web' }, { app: 'db' }), { nil: undefined }),
}).map((p) => (p.selector === undefined ? { name: p.name, namespace: p.namespace, action: p.action, rules: p.rules } : p) as AuthorizationPolicySpec);

const connection: fc.Arbitrary<MeshConnection> = fc.record({
  ip: fc.constantFrom(...IPS),
  identity: fc.option(fc.constantFrom(['a', 'default'], ['b', 'web'], ['a', 'web']), { nil: undefined }),
  dstNs: fc.constantFrom('a', 'b'),
  app: fc.constantFrom('web', 'db'),
  port: fc.constantFrom(80, 443, 8080, 9090),
  request: fc.option(
    fc.record({ method: fc.constantFrom('GET', 'POST', 'PUT'), path: fc.constantFrom('/a', '/admin/x', '/b/x', '/'), host: fc.constantFrom('web.a', 'Web.A', 'db.b'), headers: fc.constantFrom<Record<string, string>>({}, { 'x-a': '1' }, { 'x-a': '3' }) }),
    { nil: undefined },
  ),
}).map(({ ip, identity, dstNs, app, port, request }) => ({
  client: { ip, ...(identity ? { identity: { namespace: identity[0]!, serviceAccount: identity[1]!, principal: `cluster.local/ns/${identity[0]}/sa/${identity[1]}` } } : {}) },
  destination: { namespace: dstNs, labels: { app }, ip: '10.244.0.5' },
  port,
  ...(request ? { request } : {}),
}));

describe('Istio authorization: evaluator and reference', () => {
  it('agree on random policies and connections', () => {
    fc.assert(
      fc.property(fc.array(policy, { maxLength: 4 }), fc.array(connection, { minLength: 1, maxLength: 8 }), (policies, conns) => {
        for (const c of conns) expect(isAllowed(authorize(policies, c))).toBe(referenceAuthorized(policies, c));
      }),
      { numRuns: 400, seed: 19 },
    );
  });
});

/**
 * Property: connlist's request-level lines agree with the naive reference evaluator
 * (src/mesh/reference.ts, which shares no code with the trace engine's evaluator): on random
 * request-level AuthorizationPolicies at a meshed destination, a request on a port is admitted by
 * the reference exactly when connlist lists it — the port among the line's TCP ports (every
 * request), or among its request-level ports with the request inside their set.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { hasRequest } from '../../src/connlist/request-space.js';
import { referenceAuthorized } from '../../src/mesh/reference.js';
import type { MeshRequest } from '../../src/mesh/authorization.js';
import type { Connection } from '../../src/connlist/connlist.js';
import type { AttributeMatch, AuthorizationPolicySpec, AuthorizationRule } from '../../src/spec/authorization-policy.js';

const METHODS = ['GET', 'POST', 'PUT', 'G*', '*T', '*'];
const PATHS = ['/a', '/a/*', '/a/b/*', '*.html', '/a/b/c.html', '*', '/x*'];
const HOSTS = ['web.foo', '*.foo', 'WEB.FOO', 'db.*', '*'];
const PORTS = ['80', '8080'];

const matchOf = (values: readonly string[]): fc.Arbitrary<AttributeMatch> =>
  fc.record({ values: fc.subarray([...values], { maxLength: 2 }), notValues: fc.subarray([...values], { maxLength: 2 }) }).filter((m) => m.values.length + m.notValues.length > 0);
const operation = fc.record({ ports: matchOf(PORTS), methods: matchOf(METHODS), paths: matchOf(PATHS), hosts: matchOf(HOSTS) }, { requiredKeys: [] }).filter((o) => Object.keys(o).length > 0);
const rule: fc.Arbitrary<AuthorizationRule> = fc.record({
  from: fc.constantFrom([], [{ namespaces: { values: ['foo'], notValues: [] } }], [{ namespaces: { values: ['bar'], notValues: [] } }]),
  to: fc.array(operation, { maxLength: 2 }),
  when: fc.constant([]),
});
const policy: fc.Arbitrary<AuthorizationPolicySpec> = fc.record({
  name: fc.constantFrom('p', 'q', 'r'),
  namespace: fc.constant('foo'),
  action: fc.constantFrom('ALLOW', 'DENY', 'AUDIT'),
  rules: fc.array(rule, { minLength: 1, maxLength: 3 }),
});

/** Request values: the patterns' own strings, values around them, and random ones. */
const value = (pool: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(fc.constantFrom(...pool.map((p) => p.replace(/\*/g, ''))).filter((s) => s !== ''), fc.constantFrom(...pool).map((p) => p.replace(/\*/g, 'zz')), fc.string({ minLength: 1, maxLength: 4 }));
const request: fc.Arbitrary<MeshRequest> = fc.record({ method: value(METHODS), path: value(PATHS), host: value(HOSTS), headers: fc.constant({}) });

function manifests(policies: readonly AuthorizationPolicySpec[]): string {
  const field = (name: string, m: AttributeMatch | undefined): Record<string, string[]> => {
    if (!m) return {};
    const not = `not${name[0]!.toUpperCase()}${name.slice(1)}`;
    return { ...(m.values.length > 0 ? { [name]: [...m.values] } : {}), ...(m.notValues.length > 0 ? { [not]: [...m.notValues] } : {}) };
  };
  const objects = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'foo' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'client', namespace: 'foo', labels: { app: 'client' } }, spec: { containers: [{ name: 'c' }] } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'foo', labels: { app: 'web' } }, spec: { containers: [{ name: 'c' }] } },
    ...policies.map((p, i) => ({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: `${p.name}${i}`, namespace: p.namespace },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        action: p.action,
        rules: p.rules.map((r) => ({
          ...(r.from.length > 0 ? { from: r.from.map((s) => ({ source: field('namespaces', s.namespaces) })) } : {}),
          ...(r.to.length > 0 ? { to: r.to.map((o) => ({ operation: { ...field('ports', o.ports), ...field('methods', o.methods), ...field('paths', o.paths), ...field('hosts', o.hosts) } })) } : {}),
        })),
      },
    })),
  ];
  return objects.map((o) => JSON.stringify(o)).join('\n---\n');
}

/** Whether the line lists the request on the port. */
function listed(line: Connection | undefined, port: number, r: MeshRequest): boolean {
  if (!line) return false;
  if ((line.conns.get('TCP') ?? []).some(([a, b]) => a <= port && port <= b)) return true;
  return (line.requests ?? []).some((g) => g.ports.some(([a, b]) => a <= port && port <= b) && hasRequest(g.requests, r));
}

describe('connlist request sets and the reference evaluator', () => {
  it('agree on random request-level policies and requests', () => {
    fc.assert(
      fc.property(fc.array(policy, { minLength: 1, maxLength: 3 }), fc.array(fc.tuple(request, fc.constantFrom(80, 8080, 9090)), { minLength: 1, maxLength: 12 }), (policies, probes) => {
        const loaded = objectsFromYaml(manifests(policies), 'p.yaml');
        expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        const lines = connlist({ ...connlistInputFromManifests(loaded).input, sidecars: 'every-pod' });
        const line = lines.find((l) => l.src === 'foo/client[Pod]' && l.dst === 'foo/web[Pod]');
        for (const [r, port] of probes) {
          const reference = referenceAuthorized(policies.map((p, i) => ({ ...p, name: `${p.name}${i}`, selector: { app: 'web' } })), {
            client: { ip: 'foo/client', identity: { namespace: 'foo', serviceAccount: 'default', principal: 'cluster.local/ns/foo/sa/default' } },
            destination: { namespace: 'foo', labels: { app: 'web' }, ip: 'foo/web' },
            port,
            request: r,
          });
          expect(listed(line, port, r), `${r.method} ${r.path} ${r.host} :${port}`).toBe(reference);
        }
      }),
      { numRuns: 150, seed: 19 },
    );
  });
});

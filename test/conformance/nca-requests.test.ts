/** NCA's methods, paths and hosts as tests on requests, and the settlement of two answers on common samples (src/conformance/nca-requests.ts). */
import { describe, expect, it } from 'vitest';
import { parseConnections, connSetText, type ConnSet } from '../../src/conformance/nca-connections.js';
import { fromConnlist } from '../../src/conformance/nca-connections.js';
import { settleRequests } from '../../src/conformance/nca-requests.js';
import { requestSetOf } from '../../src/connlist/request-space.js';
import { applicablePolicies, authorize, isAllowed } from '../../src/mesh/authorization.js';
import type { AuthorizationPolicySpec } from '../../src/spec/authorization-policy.js';
import type { PairLine } from '../../src/conformance/nca-endpoints.js';

const req = (method: string, path: string, host = 'h'): { method: string; path: string; host: string; headers: Record<string, string> } => ({ method, path, host, headers: {} });
const admits = (set: ConnSet, r: ReturnType<typeof req>): boolean => (set.requests ?? []).some((c) => c.admits(r));

describe('NCA request dimensions', () => {
  it('paths: exact lists, Ingress prefixes /p(/*)?, Istio prefixes, differences and unions', () => {
    const set = parseConnections('{dst_ports:80,paths:/a, /p(/*)?, /info*}', 'tcp');
    expect(admits(set, req('GET', '/a'))).toBe(true);
    expect(admits(set, req('GET', '/a/b'))).toBe(false);
    expect(admits(set, req('GET', '/p'))).toBe(true);
    expect(admits(set, req('GET', '/p/q'))).toBe(true);
    expect(admits(set, req('GET', '/pq'))).toBe(false);
    expect(admits(set, req('GET', '/information'))).toBe(true);
    const diff = parseConnections('{paths:(/abc(/*)?)-(/abc/def(/*)?)}', 'tcp');
    expect(admits(diff, req('GET', '/abc/x'))).toBe(true);
    expect(admits(diff, req('GET', '/abc/def/x'))).toBe(false);
    const either = parseConnections('{paths:(/status(/*)?)|(/delay(/*)?)}', 'tcp');
    expect(admits(either, req('GET', '/delay/1'))).toBe(true);
    expect(admits(either, req('GET', '/other'))).toBe(false);
  });

  it('methods: all but is within the nine HTTP methods; hosts ignore case', () => {
    const set = parseConnections('{methods:all but GET, PUT,hosts:allowed-host.com}', 'tcp');
    expect(admits(set, req('POST', '/', 'Allowed-Host.com'))).toBe(true);
    expect(admits(set, req('GET', '/', 'allowed-host.com'))).toBe(false);
    expect(admits(set, req('POST', '/', 'other.com'))).toBe(false);
    expect(admits(set, req('BREW', '/', 'allowed-host.com'))).toBe(false);
  });
});

describe('settling two answers', () => {
  const policy = (methods: string[]): AuthorizationPolicySpec => ({ name: 'p', namespace: 'a', action: 'ALLOW', selector: { app: 'web' }, rules: [{ from: [], to: [{ ports: { values: ['80'], notValues: [] }, methods: { values: methods, notValues: [] } }], when: [] }] });
  const netscn = (methods: string[]): ConnSet => {
    const policies = [policy(methods)];
    const conn = { client: { ip: 'x' }, destination: { namespace: 'a', labels: { app: 'web' }, ip: 'y' }, port: 80 };
    const requests = requestSetOf(applicablePolicies(policies, 'a', { app: 'web' }), (request) => isAllowed(authorize(policies, { ...conn, request })));
    return fromConnlist(new Map(), 'tcp', [{ ports: [[80, 80]], requests }]);
  };
  const line = (conns: ConnSet): PairLine => ({ section: 'tcp', src: { kind: 'name', text: 'a/x[Pod]' }, dst: { kind: 'name', text: 'a/web[Pod]' }, conns });
  const settledTexts = (expected: ConnSet, actual: ConnSet): [string, string] => {
    const [e, a] = settleRequests([[line(expected)], [line(actual)]]).map((lines) => connSetText(lines[0]!.conns));
    return [e!, a!];
  };

  it('equal request sets settle to equal texts, whatever the cubes', () => {
    const [e, a] = settledTexts(parseConnections('{dst_ports:80,methods:GET},{dst_ports:80,methods:POST}', 'tcp'), netscn(['GET', 'POST']));
    expect(e).toBe(a);
    // Two of the nine methods, on every sampled path and host.
    expect(e).toMatch(/^others none; TCP 80 HTTP 8\/36 sampled/);
  });

  it('different methods settle to different texts', () => {
    const [e, a] = settledTexts(parseConnections('{dst_ports:80,methods:GET}', 'tcp'), netscn(['GET', 'PUT']));
    expect(e).not.toBe(a);
  });

  it('every request on a port is the plain TCP port, as NCA states it', () => {
    const [e, a] = settledTexts(parseConnections('{dst_ports:80}', 'tcp'), netscn(['*']));
    expect(e).toBe('TCP 80; others none');
    expect(a).toBe(e);
  });
});

/** The service handlers with logic of their own, and the cross-clause checks, one at a time. */
import { describe, expect, it } from 'vitest';
import { clusterIpClause, emptyService, ipFamiliesClause, sessionAffinityClause } from '../../../src/check/declarations/service-clauses.js';
import { SERVICE_CHECKS, checkFamilies, servicePort } from '../../../src/check/declarations/service-checks.js';
import { convertService } from '../../../src/check/declarations/service.js';
import type { ServiceClause } from '../../../src/syntax/ast.js';
import { decl, env, messages } from './fixtures.js';

const DUAL = 'pod-cidr 10.244.0.0/16 fd00:10:244::/56';

function clause<K extends ServiceClause['kind']>(kind: K, line: string): Extract<ServiceClause, { kind: K }> {
  const c = decl('Service', line).clauses.find((x): x is Extract<ServiceClause, { kind: K }> => x.kind === kind);
  if (!c) throw new Error(`no ${kind}`);
  return c;
}

describe('cluster-ip', () => {
  it('pins one address per family, each inside its service CIDR', () => {
    const { ctx, env: e } = env(DUAL);
    const s = emptyService();
    clusterIpClause(ctx, clause('ClusterIp', 'service s port 80 cluster-ip 10.96.0.10, fd00:10:96::10'), s, e);
    expect(messages(ctx)).toEqual([]);
    expect([s.clusterIP, s.secondaryClusterIP]).toEqual(['10.96.0.10', 'fd00:10:96::10']);
  });
  it('refuses a second address of the same family and an IPv6 address on an IPv4 cluster', () => {
    const dual = env(DUAL);
    const s = emptyService();
    clusterIpClause(dual.ctx, clause('ClusterIp', 'service s port 80 cluster-ip 10.96.0.10, 10.96.0.11'), s, dual.env);
    expect(messages(dual.ctx)).toEqual(['two IPv4 cluster IPs']);
    expect([s.clusterIP, s.secondaryClusterIP]).toEqual(['10.96.0.10', undefined]);
    const single = env();
    clusterIpClause(single.ctx, clause('ClusterIp', 'service s port 80 cluster-ip fd00:10:96::10'), emptyService(), single.env);
    expect(messages(single.ctx)).toEqual(['cluster IP fd00:10:96::10 is IPv6, but the cluster is single-stack IPv4']);
  });
  it('`None` makes the Service headless; another word is an error', () => {
    const { ctx, env: e } = env();
    const s = emptyService();
    clusterIpClause(ctx, clause('ClusterIp', 'service s port 80 cluster-ip None'), s, e);
    expect(s.headless).toBe(true);
    clusterIpClause(ctx, clause('ClusterIp', 'service s port 80 cluster-ip nothing'), emptyService(), e);
    expect(ctx.diagnostics).toHaveLength(1);
  });
});

describe('ip-families and session-affinity', () => {
  it('keeps the families only when every word is one, each once', () => {
    const { ctx } = env();
    const s = emptyService();
    ipFamiliesClause(ctx, clause('IpFamilies', 'service s port 80 ip-families ipv6, ipv4'), s);
    expect(s.ipFamilies).toEqual(['IPv6', 'IPv4']);
    const twice = emptyService();
    ipFamiliesClause(ctx, clause('IpFamilies', 'service s port 80 ip-families ipv4, ipv4'), twice);
    expect(twice.ipFamilies).toBeUndefined();
    expect(messages(ctx)).toEqual(['IPv4 is listed twice']);
  });
  it('takes a timeout from 1 to 86400 seconds', () => {
    const { ctx } = env();
    const s = emptyService();
    sessionAffinityClause(ctx, clause('SessionAffinity', 'service s port 80 session-affinity clientip timeout 600'), s);
    expect([s.sessionAffinity, s.sessionAffinityTimeout]).toEqual(['ClientIP', 600]);
    sessionAffinityClause(ctx, clause('SessionAffinity', 'service s port 80 session-affinity clientip timeout 90000'), s);
    expect(s.sessionAffinityTimeout).toBe(600);
    expect(messages(ctx)).toEqual(['session affinity timeout 90000 is out of range']);
  });
});

describe('service ports', () => {
  it('gives a node port only to NodePort and LoadBalancer Services, inside the range', () => {
    const { ctx } = env();
    const p = clause('Port', 'service s port 80 -> 8080 node-port 30080');
    expect(servicePort(ctx, p, 'NodePort', [30000, 32767], [])).toMatchObject({ port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' });
    expect(servicePort(ctx, p, 'ClusterIP', [30000, 32767], [])).not.toHaveProperty('nodePort');
    expect(servicePort(ctx, p, 'NodePort', [31000, 32767], [])).not.toHaveProperty('nodePort');
    expect(messages(ctx)).toEqual(['a ClusterIP Service has no node ports', 'node port 30080 is outside the node port range 31000-32767']);
  });
  it('refuses a port given twice', () => {
    const { ctx } = env();
    const first = servicePort(ctx, clause('Port', 'service s port 80'), 'ClusterIP', [30000, 32767], []);
    expect(servicePort(ctx, clause('Port', 'service s port 80'), 'ClusterIP', [30000, 32767], [first!])).toBeUndefined();
    expect(messages(ctx)).toEqual(['port 80/TCP is defined twice in this Service']);
  });
});

describe('dual-stack rules', () => {
  const span = decl('Service', 'service s port 80').span;
  it('refuses RequireDualStack on a single-stack cluster and two cluster IPs on a SingleStack Service', () => {
    const single = env();
    checkFamilies(single.ctx, single.env, { type: 'ClusterIP', headless: false, ipFamilyPolicy: 'RequireDualStack', span });
    expect(messages(single.ctx)).toEqual(['RequireDualStack on a single-stack cluster']);
    const dual = env(DUAL);
    checkFamilies(dual.ctx, dual.env, { type: 'ClusterIP', headless: false, clusterIP: '10.96.0.1', secondaryClusterIP: 'fd00:10:96::1', span });
    expect(messages(dual.ctx)).toEqual(['two cluster IPs on a SingleStack Service']);
  });
  it('lets two families without a policy default to RequireDualStack', () => {
    const dual = env(DUAL);
    checkFamilies(dual.ctx, dual.env, { type: 'ClusterIP', headless: false, clusterIP: 'fd00:10:96::1', secondaryClusterIP: '10.96.0.1', ipFamilies: ['IPv6', 'IPv4'], span });
    expect(messages(dual.ctx)).toEqual([]);
  });
});

describe('the service driver', () => {
  it('runs the cross-clause checks in their order after the clauses', () => {
    expect(SERVICE_CHECKS.map((c) => c.name)).toEqual(['selectorOrNone', 'ports', 'namedWhenMany', 'clausesOfOtherTypes', 'typeNeeds', 'headlessHasNoClusterIp', 'somePort', 'families']);
    const { ctx, env: e } = env();
    const c = convertService(ctx, e, decl('Service', 'service web in shop lb-ip 1.2.3.4 port 80 port 81'));
    expect(messages(ctx)).toEqual(['port 80 of a multi-port Service has no name', 'port 81 of a multi-port Service has no name', '`lb-ip` has no effect on a ClusterIP Service']);
    expect(c.object).toMatchObject({ kind: 'service', spec: { namespace: 'shop', name: 'web', type: 'ClusterIP', loadBalancerIPs: ['1.2.3.4'] } });
  });
  it('reports a clause given twice once, and applies the first', () => {
    const { ctx, env: e } = env();
    const c = convertService(ctx, e, decl('Service', 'service s type nodeport port 80 type loadbalancer'));
    expect(messages(ctx)).toEqual(['`type` is given twice for this service']);
    expect(c.object).toMatchObject({ spec: { type: 'NodePort' } });
  });
});

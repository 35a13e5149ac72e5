/**
 * The provider's L7 load balancer and the client address (clouds.md T+08, [elb-sg-shared]):
 * TKE's CLB keeps the client's address by default (so a pod landing on its own node is dropped:
 * the loopback), CCE's shared ELB connects from 100.125.0.0/16; `cloud-l7-snat` overrides.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';
import { request } from '../../src/net/request.js';
import type { ProbeSource } from '../../src/net/types.js';

function lab(provider: string, extra = ''): ReturnType<typeof buildState> {
  const text = `cluster c {
  provider ${provider}
  ${extra}
  node n1 ip 10.0.1.11
  node n2 ip 10.0.1.12
  pod web-1 on n2 labels app=web ports 8080
  pod client on n1
  host office ip 10.0.9.20 in vpc
  service web type nodeport selector app=web port 80 -> 8080
  ingress site${provider === 'cce' ? ' class cce' : ''} {
    ${provider === 'cce' ? '' : 'annotations kubernetes.io/ingress.subnetId=subnet-1'}
    rule host site.example -> svc web:80
  }
}
`;
  const r = parseAndCheck(text, 'test.netscn');
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  return buildState(r.scenario.cluster);
}

const get = (state: ReturnType<typeof buildState>, source: ProbeSource) =>
  request(state, source, { url: 'http://site.example/', method: 'GET', headers: {}, cookies: {} }).flows;
const pod = (name: string): ProbeSource => ({ kind: 'pod', namespace: 'default', name });

describe('cloud L7 load balancers and the client address', () => {
  it("TKE keeps the client's address: backends and node groups see it; a pod's own node drops it", () => {
    const office = get(lab('tke'), { kind: 'host', name: 'office' });
    expect(office.map((f) => f.outcome)).toEqual(['allow', 'allow']);
    expect(office.map((f) => f.http?.xForwardedFor)).toEqual(['10.0.9.20', '10.0.9.20']);
    const fromPod = get(lab('tke'), pod('client'));
    expect(fromPod.map((f) => `${f.branch?.split(',')[0]} ${f.outcome}${f.cause ? `:${f.cause}` : ''}`)).toEqual(['via node n1 timeout:hairpin', 'via node n2 allow']);
    expect(fromPod[0]?.http?.status).toBe(504);
  });
  it('with L7 SNAT the CLB connects from 100.127.0.0/16 and no node sees its own address', () => {
    const fs = get(lab('tke', 'set cloud-l7-snat on'), pod('client'));
    expect(fs.every((f) => f.outcome === 'allow')).toBe(true);
    expect(fs.flatMap((f) => f.hops.map((h) => h.text)).some((t) => t.includes('from its own address 100.127.'))).toBe(true);
  });
  it("CCE's shared ELB connects from its own range by default; `cloud-l7-snat off` keeps the client", () => {
    const fs = get(lab('cce'), { kind: 'host', name: 'office' });
    expect(fs.flatMap((f) => f.hops.map((h) => h.text)).some((t) => t.includes('from its own address 100.125.'))).toBe(true);
    const kept = get(lab('cce', 'set cloud-l7-snat off'), { kind: 'host', name: 'office' });
    expect(kept.flatMap((f) => f.hops.map((h) => h.text)).some((t) => t.includes("keeping the client's address 10.0.9.20"))).toBe(true);
  });
});

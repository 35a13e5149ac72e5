/**
 * Dual-stack (IPv4 primary, IPv6 secondary): one address per family for pods, per-family
 * ClusterIPs by ipFamilyPolicy/ipFamilies, EndpointSlices per address family, AAAA records, and
 * IPv6 connections walked in the IPv6 plane (a packet never changes family).
 */
import { describe, expect, it } from 'vitest';
import { buildState } from '../../src/net/index.js';
import { resolve } from '../../src/net/dns.js';
import { cluster, endpointSlice, host, node, pod, ports, service, svcPort } from '../helpers/spec.js';
import { backends, flows, fromPod, outcomes, toSvc } from './probe-helpers.js';

const dual = (over: Parameters<typeof cluster>[0] = {}) =>
  buildState(
    cluster({
      networkMode: 'underlay',
      podCidrs: ['10.244.0.0/16', 'fd00:10:244::/56'],
      serviceCidr: '10.96.0.0/12',
      secondaryServiceCidr: 'fd00:10:96::/112',
      nodes: [
        node('n1', '192.168.0.11', { addresses: [{ ip: '192.168.0.11', primary: true }, { ip: 'fd00:192:168::11', primary: true }] }),
        node('n2', '192.168.0.12', { addresses: [{ ip: '192.168.0.12', primary: true }, { ip: 'fd00:192:168::12', primary: true }] }),
      ],
      pods: [pod('web-1', 'n1', { labels: { app: 'web' }, ports: ports('8080') }), pod('web-2', 'n2', { labels: { app: 'web' }, ports: ports('8080') }), pod('client', 'n2')],
      services: [
        service('single', { selector: { app: 'web' }, ports: [svcPort(80, 8080)] }),
        service('both', { selector: { app: 'web' }, ipFamilyPolicy: 'PreferDualStack', ports: [svcPort(80, 8080)] }),
        service('v6only', { selector: { app: 'web' }, ipFamilies: ['IPv6'], ports: [svcPort(80, 8080)] }),
        service('v6first', { selector: { app: 'web' }, ipFamilyPolicy: 'RequireDualStack', ipFamilies: ['IPv6', 'IPv4'], ports: [svcPort(80, 8080)] }),
        service('headless6', { selector: { app: 'web' }, headless: true, ipFamilies: ['IPv6'], ports: [svcPort(80, 8080)] }),
      ],
      hosts: [host('v6peer', 'fd00:192:168::99', 'vpc'), host('v4peer', '192.168.9.9', 'vpc')],
      ...over,
    }),
  );

describe('dual-stack addressing', () => {
  it('gives every pod an IPv6 address at the same offset in its node’s /64 as its IPv4 address', () => {
    const s = dual();
    const v6 = s.ipv6;
    expect(v6?.family).toBe(6);
    const web1 = s.podsByKey.get('default/web-1');
    const web1v6 = v6?.podsByKey.get('default/web-1');
    expect(web1?.ip).toBe('10.244.0.2');
    expect(v6?.nodesByName.get('n1')?.podCidr).toBe('fd00:10:244::/64');
    expect(v6?.nodesByName.get('n2')?.podCidr).toBe('fd00:10:244:1::/64');
    expect(web1v6?.ip).toBe('fd00:10:244::2');
    expect(v6?.nodesByName.get('n1')?.ip).toBe('fd00:192:168::11');
  });

  it('allocates ClusterIPs per family: SingleStack gets the primary only, PreferDualStack both, ipFamilies decide the order', () => {
    const s = dual();
    const v6 = s.ipv6;
    const ip = (state: typeof s | undefined, name: string) => state?.servicesByKey.get(`default/${name}`)?.clusterIP;
    expect(ip(s, 'single')).toMatch(/^10\.9[6-9]\./);
    expect(ip(v6, 'single')).toBeUndefined();
    expect(ip(s, 'both')).toBeDefined();
    expect(ip(v6, 'both')).toMatch(/^fd00:10:96::/);
    expect(ip(s, 'v6only')).toBeUndefined();
    expect(ip(v6, 'v6only')).toMatch(/^fd00:10:96::/);
    expect(s.servicesByKey.get('default/v6first')?.families).toEqual([6, 4]);
    // No two Services share an IPv6 ClusterIP.
    const all = ['both', 'v6only', 'v6first'].map((n) => ip(v6, n));
    expect(new Set(all).size).toBe(3);
  });

  it('writes EndpointSlices per address family, only for the Service’s families', () => {
    const s = dual();
    expect(s.ipv6?.servicesByKey.get('default/both')?.endpoints.map((e) => e.address).sort()).toEqual(['fd00:10:244:1::2', 'fd00:10:244::2']);
    expect(s.ipv6?.servicesByKey.get('default/single')?.endpoints).toEqual([]);
    expect(s.servicesByKey.get('default/v6only')?.endpoints).toEqual([]);
    // A hand-written IPv6 slice feeds the IPv6 plane only.
    const withSlice = dual({
      services: [service('ext', { selector: null, ipFamilyPolicy: 'PreferDualStack', ports: [svcPort(80, 80)] })],
      endpointSlices: [{ ...endpointSlice('ext-v6', 'ext', [{ addresses: ['fd00:192:168::99'] }]), addressType: 'IPv6' }],
    });
    expect(withSlice.ipv6?.servicesByKey.get('default/ext')?.endpoints.map((e) => e.address)).toEqual(['fd00:192:168::99']);
    expect(withSlice.servicesByKey.get('default/ext')?.endpoints).toEqual([]);
  });

  it('answers AAAA for Services with an IPv6 ClusterIP and headless Services with IPv6 endpoints', () => {
    const s = dual();
    const q = (name: string, type: 'A' | 'AAAA') => resolve(s, { kind: 'pod', namespace: 'default', name: 'client' }, name, type);
    const both6 = s.ipv6?.servicesByKey.get('default/both')?.clusterIP;
    expect(q('both', 'AAAA').answers.map((a) => a.value)).toEqual([both6]);
    expect(q('both', 'A').answers.map((a) => a.value)).toEqual([s.servicesByKey.get('default/both')?.clusterIP]);
    expect(q('single', 'AAAA')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    expect(q('v6only', 'A')).toMatchObject({ rcode: 'NOERROR', answers: [] });
    // Headless with only IPv6 endpoints: the name exists (AAAA), no A record, not NXDOMAIN.
    expect(q('headless6', 'A').rcode).toBe('NOERROR');
    expect(q('headless6', 'AAAA').answers.map((a) => a.value).sort()).toEqual(['fd00:10:244:1::2', 'fd00:10:244::2']);
  });
});

describe('IPv6 connections', () => {
  it('a pod reaches a dual-stack Service over IPv6: its IPv6 source, the IPv6 ClusterIP, IPv6 endpoints', () => {
    const s = dual();
    const fs = flows(s, fromPod('client'), toSvc('both'), { family: 6 });
    expect(outcomes(fs)).toEqual(['allow', 'allow']);
    expect(backends(fs)).toEqual(['web-1', 'web-2']);
    expect(fs[0]?.sourceIp).toBe(s.ipv6?.podsByKey.get('default/client')?.ip);
    expect(fs.every((f) => f.backend?.ip?.includes(':'))).toBe(true);
  });

  it('an IPv6-only Service is reached over IPv6 without asking; a single-stack one has no IPv6 address', () => {
    const s = dual();
    expect(outcomes(flows(s, fromPod('client'), toSvc('v6only')))).toEqual(['allow', 'allow']);
    const none = flows(s, fromPod('client'), toSvc('single'), { family: 6 });
    expect(none.every((f) => f.outcome !== 'allow')).toBe(true);
  });

  it('connects by name over IPv6 through AAAA records', () => {
    const s = dual();
    const fs = flows(s, fromPod('client'), { kind: 'dns', name: 'both' }, { family: 6, port: 80 });
    expect(outcomes(fs)).toEqual(['allow', 'allow']);
    expect(fs[0]?.hops.some((h) => h.text.startsWith('AAAA both.default.svc.cluster.local'))).toBe(true);
  });

  it('an IPv6 address target or source picks the IPv6 plane; a VPC host reaches IPv6 pod addresses in underlay', () => {
    const s = dual();
    const web1 = s.ipv6?.podsByKey.get('default/web-1')?.ip ?? '';
    expect(outcomes(flows(s, { kind: 'host', name: 'v6peer' }, { kind: 'ip', ip: web1 }, { port: 8080 }))).toEqual(['allow']);
    // Family mismatch is named, not silently walked.
    const mismatch = flows(s, { kind: 'host', name: 'v4peer' }, { kind: 'ip', ip: web1 }, { port: 8080 });
    expect(outcomes(mismatch)).toEqual(['unreachable']);
    expect(mismatch[0]?.hops.at(-1)?.text).toContain('no IPv6 address');
  });

  it('NetworkPolicy ipBlocks match per family', () => {
    const s = dual({
      networkPolicies: [
        {
          name: 'v6-peer-only',
          namespace: 'default',
          podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] },
          policyTypes: ['Ingress'],
          ingress: [{ peers: [{ ipBlock: { cidr: 'fd00:192:168::/64', except: [] } }], ports: [] }],
          egress: [],
        },
      ],
    });
    const web1v6 = s.ipv6?.podsByKey.get('default/web-1')?.ip ?? '';
    const web1v4 = s.podsByKey.get('default/web-1')?.ip ?? '';
    expect(outcomes(flows(s, { kind: 'host', name: 'v6peer' }, { kind: 'ip', ip: web1v6 }, { port: 8080 }))).toEqual(['allow']);
    expect(outcomes(flows(s, { kind: 'host', name: 'v4peer' }, { kind: 'ip', ip: web1v4 }, { port: 8080 }))).toEqual(['timeout:policy']);
  });

  it('a single-stack cluster answers an IPv6 probe with a clear reason', () => {
    const s = buildState(cluster({ nodes: [node('n1', '192.168.0.11')], pods: [pod('a', 'n1')] }));
    const fs = flows(s, fromPod('a'), { kind: 'ip', ip: 'fd00::1' }, { port: 80 });
    expect(outcomes(fs)).toEqual(['unreachable:no-route']);
    expect(fs[0]?.hops.at(-1)?.text).toContain('single-stack IPv4');
  });
});

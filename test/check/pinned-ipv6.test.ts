/** `ip IPV4 IPV6` on a pod: both pinned on a dual-stack cluster, refused elsewhere. */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { buildState } from '../../src/net/index.js';

const file = (cidrs: string, ip: string) => `cluster c {\n  pod-cidr ${cidrs}\n  node n1 ip 192.168.0.11 ip fd00:192:168::11\n  pod db on n1 ip ${ip}\n}\n`;
const DUAL = '10.244.0.0/16 fd00:10:244::/56';

describe('pinned IPv6 pod addresses', () => {
  it('pins both addresses on a dual-stack cluster', () => {
    const r = parseAndCheck(file(DUAL, '10.244.0.20 fd00:10:244::20'), 'p.netscn');
    expect(r.diagnostics).toEqual([]);
    const st = buildState(r.scenario!.cluster);
    expect(st.ipv6?.podsByKey.get('default/db')?.ip).toBe('fd00:10:244::20');
    expect(st.podsByKey.get('default/db')?.ip).toBe('10.244.0.20');
  });
  it('refuses the wrong order, a single-stack cluster and an address outside the IPv6 pod CIDR', () => {
    const messages = (cidrs: string, ip: string) => parseAndCheck(file(cidrs, ip), 'p.netscn').diagnostics.map((d) => d.message);
    expect(messages(DUAL, 'fd00:10:244::20 10.244.0.20')).toContain('a pod pins its IPv4 address, then its IPv6 one');
    expect(messages('10.244.0.0/16', '10.244.0.20 fd00:10:244::20')).toContain('an IPv6 pod address on a single-stack IPv4 cluster');
    expect(messages(DUAL, '10.244.0.20 fd00:99::20')).toContain('fd00:99::20 is outside the IPv6 pod CIDR fd00:10:244::/56');
  });
});

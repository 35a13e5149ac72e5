/** ipBlock matching, reference §6.3: by address, cidr minus excepts, one IP family at a time. */
import { describe, expect, it } from 'vitest';
import { cidrContains, ipBlockContains } from '../../src/policy/ip-block.js';
import { namespaceLabelsOf } from '../../src/policy/namespace-labels.js';

describe('ipBlockContains', () => {
  const block = { cidr: '10.0.0.0/16', except: ['10.0.2.0/24', '10.0.3.7/32'] };
  it.each([
    ['10.0.0.1', true],
    ['10.0.255.255', true],
    ['10.0.2.20', false],
    ['10.0.3.7', false],
    ['10.0.3.8', true],
    ['10.1.0.1', false],
  ])('%s in 10.0.0.0/16 except 10.0.2.0/24, 10.0.3.7/32: %s', (ip, expected) => {
    expect(ipBlockContains(block, ip)).toBe(expected);
  });

  it('IPv6 blocks and excepts', () => {
    const v6 = { cidr: '2001:db8::/32', except: ['2001:db8:1::/48'] };
    expect(ipBlockContains(v6, '2001:db8::10')).toBe(true);
    expect(ipBlockContains(v6, '2001:db8:1::10')).toBe(false);
    expect(ipBlockContains(v6, '2001:db9::1')).toBe(false);
  });

  it('an IPv4 address never matches an IPv6 block, nor the reverse', () => {
    expect(cidrContains('::/0', '10.0.0.1')).toBe(false);
    expect(cidrContains('::ffff:0:0/96', '10.0.0.1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '2001:db8::1')).toBe(false);
    expect(cidrContains('0.0.0.0/0', '10.0.0.1')).toBe(true);
  });

  it('host bits in the cidr do not matter', () => {
    expect(cidrContains('10.0.1.10/24', '10.0.1.99')).toBe(true);
  });

  it('unparsable input matches nothing', () => {
    expect(cidrContains('10.0.0.0/16', 'not-an-ip')).toBe(false);
    expect(cidrContains('10.0.0.0', '10.0.0.0')).toBe(false);
  });
});

describe('namespaceLabelsOf', () => {
  it('adds kubernetes.io/metadata.name when missing', () => {
    expect(namespaceLabelsOf('shop', { team: 'a' })).toEqual({ team: 'a', 'kubernetes.io/metadata.name': 'shop' });
    expect(namespaceLabelsOf('shop', undefined)).toEqual({ 'kubernetes.io/metadata.name': 'shop' });
  });
  it('keeps labels that already carry it', () => {
    const labels = { 'kubernetes.io/metadata.name': 'shop', team: 'a' };
    expect(namespaceLabelsOf('shop', labels)).toEqual(labels);
  });
});

describe('cidrContains on IPv4 boundaries', () => {
  it.each([
    ['10.0.0.0/8', '9.255.255.255', false],
    ['10.0.0.0/8', '10.0.0.0', true],
    ['10.0.0.0/8', '10.255.255.255', true],
    ['10.0.0.0/8', '11.0.0.0', false],
    ['255.255.255.255/32', '255.255.255.255', true],
    ['128.0.0.0/1', '127.255.255.255', false],
    ['128.0.0.0/1', '200.1.2.3', true],
    ['10.0.0.0/33', '10.0.0.1', false],
    ['10.0.0.300/24', '10.0.0.1', false],
  ])('%s contains %s: %s', (cidr, ip, expected) => {
    expect(cidrContains(cidr, ip)).toBe(expected);
  });
});

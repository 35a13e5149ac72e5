/**
 * Pods' addresses on Multus secondary networks (src/model/secondary-addresses.ts): the addresses
 * an attachment asks for, else the NetworkAttachmentDefinition's IPAM (static: its addresses on
 * every attachment; host-local and whereabouts: the lowest free address of each range set, pods
 * in order, asked-for addresses and excluded blocks skipped), else none.
 */
import { describe, expect, it } from 'vitest';
import { secondaryAddresses } from '../../src/model/secondary-addresses.js';
import type { NetworkAttachmentDefinitionSpec, PodSpec, SecondaryIpam } from '../../src/spec/types.js';

const pod = (name: string, ...attachments: [string, string[]][]): PodSpec => ({
  name,
  namespace: 'lab',
  node: 'n1',
  labels: {},
  ports: [],
  hostNetwork: false,
  ready: true,
  terminating: false,
  dnsPolicy: 'ClusterFirst',
  generation: 0,
  secondaryNetworks: attachments.map(([network, ips]) => ({ network, ips })),
});
const nad = (name: string, ipam?: SecondaryIpam): NetworkAttachmentDefinitionSpec => ({ name, namespace: 'lab', ...(ipam ? { ipam } : {}) });
const pool = (start: string, end: string, exclude: string[] = []): SecondaryIpam => ({
  kind: 'pool',
  plugin: 'whereabouts',
  rangeSets: [[{ cidr: '10.1.0.0/24', start, end }]],
  exclude,
});

/** Each pod's addresses on `network`, by pod name. */
function on(nads: NetworkAttachmentDefinitionSpec[], pods: PodSpec[], network: string): Record<string, readonly string[]> {
  const of = secondaryAddresses(nads, pods).get(network);
  return Object.fromEntries(pods.flatMap((p) => (of?.has(p) ? [[p.name, of.get(p)!]] : [])));
}

describe('secondary addresses', () => {
  it('an attachment that asks for addresses has them, whatever the IPAM', () => {
    const pods = [pod('a', ['lab/flat', ['2.2.5.11']])];
    expect(on([nad('flat', { kind: 'static', addresses: ['9.9.9.9'] })], pods, 'lab/flat')).toEqual({ a: ['2.2.5.11'] });
  });

  it('static IPAM gives its addresses to every attachment', () => {
    const pods = [pod('a', ['lab/flat', []]), pod('b', ['lab/flat', []])];
    expect(on([nad('flat', { kind: 'static', addresses: ['192.168.200.10'] })], pods, 'lab/flat')).toEqual({ a: ['192.168.200.10'], b: ['192.168.200.10'] });
  });

  it('a pool hands out the lowest free addresses in pod order, skipping addresses asked for and excluded blocks', () => {
    const pods = [pod('a', ['lab/flat', []]), pod('b', ['lab/flat', ['10.1.0.5']]), pod('c', ['lab/flat', []]), pod('d', ['lab/flat', []])];
    expect(on([nad('flat', pool('10.1.0.4', '10.1.0.20', ['10.1.0.6/31']))], pods, 'lab/flat')).toEqual({
      a: ['10.1.0.4'],
      b: ['10.1.0.5'],
      c: ['10.1.0.8'],
      d: ['10.1.0.9'],
    });
  });

  it('a pool that runs out gives no address; one address per range set', () => {
    const pods = [pod('a', ['lab/flat', []]), pod('b', ['lab/flat', []])];
    expect(on([nad('flat', pool('10.1.0.4', '10.1.0.4'))], pods, 'lab/flat')).toEqual({ a: ['10.1.0.4'], b: [] });
    const twoSets: SecondaryIpam = { kind: 'pool', plugin: 'host-local', rangeSets: [[{ cidr: '10.1.0.0/24', start: '10.1.0.2', end: '10.1.0.254' }], [{ cidr: '10.2.0.0/24', start: '10.2.0.2', end: '10.2.0.254' }]], exclude: [] };
    expect(on([nad('flat', twoSets)], pods, 'lab/flat')).toEqual({ a: ['10.1.0.2', '10.2.0.2'], b: ['10.1.0.3', '10.2.0.3'] });
  });

  it('no IPAM netscn reads, or a NAD not in the input: no address', () => {
    const pods = [pod('a', ['lab/flat', []], ['lab/absent', []])];
    expect(on([nad('flat')], pods, 'lab/flat')).toEqual({ a: [] });
    expect(on([nad('flat')], pods, 'lab/absent')).toEqual({ a: [] });
  });
});

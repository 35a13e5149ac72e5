/** NCA endpoints: address ranges and their splitting at the union of boundaries, endpoint names, subsets; line comparison. */
import { describe, expect, it } from 'vitest';
import { parseConnections } from '../../src/conformance/nca-connections.js';
import { endpointText, inSubset, ownerOf, parseEndpoint, podEndpointName, splitAtBoundaries, type PairLine } from '../../src/conformance/nca-endpoints.js';
import { compareAnswers, parsePairLines } from '../../src/conformance/nca-lines.js';
import type { PodSpec } from '../../src/spec/types.js';

describe('address ranges', () => {
  it('reads NCA ranges, single addresses, CIDRs and netscn labels alike; names stay names', () => {
    expect(parseEndpoint('10.0.0.0-10.255.255.255')).toEqual({ kind: 'range', family: 'ipv4', from: 0x0a000000n, to: 0x0affffffn });
    expect(parseEndpoint('10.0.0.0-10.255.255.255[External]')).toEqual(parseEndpoint('10.0.0.0/8'));
    expect(endpointText(parseEndpoint('1.2.3.4'))).toBe('1.2.3.4');
    expect(endpointText(parseEndpoint('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'))).toBe('::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff');
    expect(parseEndpoint('default/web-5d4f[ReplicaSet]')).toEqual({ kind: 'name', text: 'default/web-5d4f[ReplicaSet]' });
    expect(parseEndpoint('www.googleapis.com')).toEqual({ kind: 'name', text: 'www.googleapis.com' });
  });

  it('splits every answer at the union of all boundaries', () => {
    const all = parseConnections('All connections', 'all');
    const line = (src: string, dst: string): PairLine => ({ section: 'all', src: parseEndpoint(src), dst: parseEndpoint(dst), conns: all });
    const [a, b] = splitAtBoundaries([[line('0.0.0.0-255.255.255.255', 'ns/x[Pod]')], [line('0.0.0.0-9.255.255.255', 'ns/x[Pod]'), line('10.0.0.0-255.255.255.255', 'ns/x[Pod]'), line('ns/x[Pod]', '10.0.0.1')]]);
    expect(a!.map((l) => endpointText(l.src))).toEqual(['0.0.0.0-9.255.255.255', '10.0.0.0', '10.0.0.1', '10.0.0.2-255.255.255.255']);
    expect(b!.map((l) => `${endpointText(l.src)} ${endpointText(l.dst)}`)).toEqual([
      '0.0.0.0-9.255.255.255 ns/x[Pod]',
      '10.0.0.0 ns/x[Pod]',
      '10.0.0.1 ns/x[Pod]',
      '10.0.0.2-255.255.255.255 ns/x[Pod]',
      'ns/x[Pod] 10.0.0.1',
    ]);
  });
});

function pod(p: Partial<PodSpec> & { name: string; namespace: string }): PodSpec {
  return { node: 'n', labels: {}, ports: [], hostNetwork: false, ready: true, terminating: false, dnsPolicy: 'ClusterFirst', generation: 0, ...p };
}

describe('endpoint names and subsets', () => {
  const rsPod = pod({ name: 'web-5d4f-abcde', namespace: 'shop', labels: { app: 'web' }, owner: { kind: 'ReplicaSet', name: 'web-5d4f' } });
  const bare = pod({ name: 'debug', namespace: 'shop' });
  const staticPod = pod({ name: 'etcd-minikube', namespace: 'kube-system', owner: { kind: 'Node', name: 'minikube' } });

  it('names a pod by its owner (deployments) or by itself (pods)', () => {
    expect(podEndpointName(rsPod, 'deployments')).toBe('shop/web-5d4f[ReplicaSet]');
    expect(podEndpointName(bare, 'deployments')).toBe('shop/debug[Pod]');
    expect(podEndpointName(staticPod, 'deployments')).toBe('kube-system/minikube[Node]');
    expect(podEndpointName(rsPod, 'pods')).toBe('shop/web-5d4f-abcde');
    expect(podEndpointName(bare, 'deployments', new Map([['shop/debug', 'runner']]))).toBe('shop/runner[Pod]');
  });

  it('subset by namespace, by owner name (contained, ns/name entries against ns/owner) and by labels', () => {
    const owner = ownerOf(rsPod).name;
    expect(inSubset(rsPod, owner, { namespace_subset: 'a,shop' })).toBe(true);
    expect(inSubset(rsPod, owner, { deployment_subset: 'web' })).toBe(true);
    expect(inSubset(rsPod, owner, { deployment_subset: 'shop/web-5d4f' })).toBe(true);
    expect(inSubset(rsPod, owner, { deployment_subset: 'other/web' })).toBe(false);
    expect(inSubset(rsPod, owner, { label_subset: [{ app: 'db' }, { app: 'web' }] })).toBe(true);
    expect(inSubset(rsPod, owner, { label_subset: [{ app: 'web', tier: 'x' }] })).toBe(false);
  });
});

describe('comparing answers', () => {
  it('reads sections, and compares pieces after cutting ranges', () => {
    const expected = parsePairLines(
      ['TCP Connections:', '0.0.0.0-255.255.255.255 => a/x[Pod] : All connections', '', 'non-TCP Connections:', 'a/x[Pod] => b/y[Pod] : {protocols:UDP,dst_ports:53}'].join('\n'),
      true,
    );
    const actual = parsePairLines(
      [
        'TCP Connections:',
        '0.0.0.0-9.255.255.255 => a/x[Pod] : All connections',
        '10.0.0.0-255.255.255.255 => a/x[Pod] : {dst_ports:1-65535}',
        'non-TCP Connections:',
        'a/x[Pod] => b/y[Pod] : {protocols:UDP,dst_ports:53}',
      ].join('\n'),
      true,
    );
    expect(compareAnswers(expected, actual)).toEqual({ missing: [], extra: [] });
    expect(() => parsePairLines('a/x[Pod] => b/y[Pod] : All connections', true)).toThrow(/section/);
  });

  it('a difference in the other protocols only shows when they are compared', () => {
    const expected = parsePairLines('a/x[Pod] => b/y[Pod] : {protocols:TCP, UDP, SCTP}', false);
    const actual = parsePairLines('a/x[Pod] => b/y[Pod] : All connections', false);
    expect(compareAnswers(expected, actual)).toEqual({ missing: ['a/x[Pod] => b/y[Pod] : TCP,UDP,SCTP 1-65535'], extra: ['a/x[Pod] => b/y[Pod] : All connections'] });
    expect(compareAnswers(expected, actual, true)).toEqual({ missing: [], extra: [] });
  });
});

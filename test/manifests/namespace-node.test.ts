import { describe, expect, it } from 'vitest';
import { one, read, errors } from './helpers.js';

describe('Namespace', () => {
  it('keeps the name and labels', () => {
    const ns = one('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: shop\n  labels:\n    team: web\n', 'namespace');
    expect(ns).toMatchObject({ name: 'shop', labels: { team: 'web' } });
  });

  it('rejects a name that is not a DNS label', () => {
    const res = read('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: Shop_1\n');
    expect(errors(res)[0]?.message).toBe('metadata.name: expected a DNS label (lowercase a-z, 0-9 and -, at most 63 characters), found "Shop_1"');
  });

  it('rejects a non-string label value, as the API does', () => {
    const res = read('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels:\n    version: 1.5\n');
    expect(errors(res)[0]?.message).toBe('metadata.labels.version: expected a string, found 1.5');
    expect(errors(res)[0]?.help).toBe('quote it: "1.5"');
  });
});

describe('Node', () => {
  const node = (status: string, extra = '') =>
    one(`apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\n${extra}status:\n${status}`, 'node');

  it('takes InternalIP addresses (the first is primary); an ExternalIP beside them is the elastic IP', () => {
    const n = node(
      '  addresses:\n  - {type: Hostname, address: n1}\n  - {type: ExternalIP, address: 203.0.113.1}\n' +
        '  - {type: InternalIP, address: 10.0.0.1}\n  - {type: InternalIP, address: 10.0.0.2}\n',
    );
    expect(n.addresses).toEqual([
      { ip: '10.0.0.1', primary: true },
      { ip: '10.0.0.2', primary: false },
    ]);
    expect(n.eip).toBe('203.0.113.1');
    // Without an InternalIP (bare metal), the ExternalIP is the node's own address.
    const bare = node('  addresses:\n  - {type: ExternalIP, address: 203.0.113.1}\n');
    expect(bare.addresses).toEqual([{ ip: '203.0.113.1', primary: true }]);
    expect(bare.eip).toBeUndefined();
  });

  it('has one primary address per IP family', () => {
    const n = node('  addresses:\n  - {type: InternalIP, address: "fd00::1"}\n  - {type: InternalIP, address: 10.0.0.1}\n');
    expect(n.addresses).toEqual([
      { ip: 'fd00::1', primary: true },
      { ip: '10.0.0.1', primary: true },
    ]);
  });

  it('reads podCIDR, labels and the zone label', () => {
    const n = node('  addresses: []\n', '  labels:\n    topology.kubernetes.io/zone: eu-1a\nspec:\n  podCIDR: 10.244.3.0/24\n');
    expect(n).toMatchObject({ podCidr: '10.244.3.0/24', zone: 'eu-1a', labels: { 'topology.kubernetes.io/zone': 'eu-1a' } });
  });

  it('is ready unless its Ready condition says otherwise', () => {
    expect(node('  addresses: []\n').ready).toBe(true);
    expect(node('  conditions:\n  - {type: Ready, status: "False"}\n').ready).toBe(false);
    expect(node('  conditions:\n  - {type: Ready, status: "True"}\n').ready).toBe(true);
  });

  it('rejects an address that is not an IP', () => {
    const res = read('apiVersion: v1\nkind: Node\nmetadata:\n  name: n1\nstatus:\n  addresses:\n  - {type: InternalIP, address: 10.0.0.300}\n');
    expect(errors(res).map((e) => e.message)).toEqual(['status.addresses[0].address: expected an IP address, found "10.0.0.300"']);
  });
});

/** connlist's IPv6 external ranges: listed when NetworkPolicy ipBlocks name IPv6 blocks, after the IPv4 ones. */
import { describe, expect, it } from 'vitest';
import { formatConnlistText } from '../../src/connlist/connlist.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { formatConnlist } from '../../src/connlist/formats.js';
import { objectsFromYaml } from '../../src/manifests/index.js';

/** The connections of one in-memory manifest file, as loadManifestFiles would return it. */
function connections(yaml: string) {
  const loaded = { ...objectsFromYaml(yaml, 'm.yaml'), files: ['m.yaml'], texts: [yaml], skipped: [] };
  expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return connlist(connlistInputFromManifests(loaded).input);
}

const lines = (yaml: string): string[] => formatConnlistText(connections(yaml)).split('\n').filter(Boolean);

const pods = `
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 80}]}]}
`;

const v6Ingress = `${pods}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress]
  ingress:
  - from: [{ipBlock: {cidr: "2001:db8::/32", except: ["2001:db8:1::/48"]}}]
    ports: [{port: 80}]
`;

describe('connlist: IPv6 external ranges', () => {
  it('an IPv6 ipBlock with an except splits the IPv6 space at its edges, each piece decided on its own', () => {
    expect(lines(v6Ingress)).toEqual([
      '0.0.0.0-255.255.255.255[External] => shop/client[Pod] : All Connections',
      'shop/client[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/client[Pod] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
      'shop/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/web[Pod] => shop/client[Pod] : All Connections',
      'shop/web[Pod] => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
      '::-2001:db7:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
      '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
      '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External] => shop/web[Pod] : TCP 80',
      '2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
      '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
      '2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/web[Pod] : TCP 80',
      '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
    ]);
  });

  it('mixed IPv4 and IPv6 blocks: each family split by its own blocks, IPv4 ranges first', () => {
    const out = lines(`${pods}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  policyTypes: [Ingress, Egress]
  ingress:
  - from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: "fd00::/8"}}]
  egress:
  - to: [{ipBlock: {cidr: "::/0", except: ["fc00::/7"]}}, {ipBlock: {cidr: 0.0.0.0/0}}]
`);
    const web = out.filter((l) => l.includes('shop/web'));
    expect(web).toEqual([
      '10.0.0.0-10.0.255.255[External] => shop/web[Pod] : All Connections',
      '10.2.0.0-10.255.255.255[External] => shop/web[Pod] : All Connections',
      'shop/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections',
      'shop/web[Pod] => ::-fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
      'shop/web[Pod] => fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
      'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/web[Pod] : All Connections',
    ]);
    // The unisolated client's inbound IPv6 space is cut at fd00::/8 (the ingress blocks' edges only).
    expect(out.filter((l) => l.endsWith('=> shop/client[Pod] : All Connections') && l.includes('::'))).toEqual([
      '::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
      'fd00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
      'fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] => shop/client[Pod] : All Connections',
    ]);
  });

  it('without IPv6 blocks in NetworkPolicies no IPv6 range is listed, even when admin networks name IPv6 (netpol-analyzer ignores those)', () => {
    const out = lines(`${pods}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: out}
spec:
  priority: 10
  subject: {namespaces: {}}
  egress:
  - name: v6
    action: Deny
    to: [{networks: ["fd00::/8", 192.0.2.0/24]}]
`);
    expect(out.filter((l) => /[0-9a-f]*:[0-9a-f:]*-/.test(l))).toEqual([]);
    expect(out).toContain('shop/web[Pod] => 192.0.3.0-255.255.255.255[External] : All Connections');
  });

  it('once IPv6 is listed, admin IPv6 networks cut it too', () => {
    const out = lines(`${v6Ingress}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: out}
spec:
  priority: 10
  subject: {namespaces: {}}
  egress:
  - name: v6
    action: Deny
    to: [{networks: ["fd00::/8"]}]
`);
    expect(out.filter((l) => l.startsWith('shop/web[Pod] =>') && l.includes(':-'))).toEqual([
      'shop/web[Pod] => ::-fcff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
      'shop/web[Pod] => fe00::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External] : All Connections',
    ]);
  });

  it('every format orders IPv6 ranges after IPv4 ones', () => {
    const conns = connections(v6Ingress);
    const order = (text: string, a: string, b: string): boolean => text.indexOf(a) >= 0 && text.indexOf(a) < text.indexOf(b);
    const v4 = '0.0.0.0-255.255.255.255[External]';
    const v6 = '2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff[External]';
    for (const format of ['txt', 'json', 'csv', 'md', 'dot', 'mermaid'] as const) {
      const text = formatConnlist(conns, format);
      expect(order(text, v4, v6), format).toBe(true);
      expect(text, format).toContain('2001:db8:2::-2001:db8:ffff:ffff:ffff:ffff:ffff:ffff[External]');
    }
    expect(JSON.parse(formatConnlist(conns, 'json')).at(-1)).toEqual({
      src: '2001:db9::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff[External]',
      dst: 'shop/client[Pod]',
      conn: 'All Connections',
    });
  });
});

/** Reading cilium.io/v2 CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy (manifests/kinds/cilium-policy.ts). */
import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

const cnp = (spec: string) => `apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
const ccnp = (body: string) => `apiVersion: cilium.io/v2\nkind: CiliumClusterwideNetworkPolicy\nmetadata:\n  name: g\n${body}`;

describe('CiliumNetworkPolicy and CiliumClusterwideNetworkPolicy', () => {
  it('reads both kinds; an empty section is no section; defaults: default deny on, ports ANY', () => {
    const res = read(`${cnp('  endpointSelector: {matchLabels: {app: db}}\n  ingress:\n  - fromEndpoints: [{matchLabels: {app: web}}]\n    toPorts: [{ports: [{port: "5432"}]}]\n  egress: []\n')}\n---\n${ccnp('spec:\n  endpointSelector: {}\n  ingressDeny: [{fromEntities: [world]}]\n')}`);
    expect(errors(res)).toEqual([]);
    const [p] = specs(res, 'cilium-network-policy');
    expect(p).toMatchObject({ name: 'p', namespace: 'shop', listed: false });
    expect(p!.rules).toHaveLength(1);
    const rule = p!.rules[0]!;
    expect(rule.endpointSelector).toEqual({ matchLabels: { app: 'db' }, matchExpressions: [] });
    expect(rule.egress).toBeUndefined();
    expect(rule.defaultDeny).toEqual({ ingress: true, egress: true });
    expect(rule.ingress).toMatchObject([{ peers: [{ kind: 'endpoints', selector: { matchLabels: { app: 'web' } } }], toPorts: [{ ports: [{ port: 5432, protocol: 'ANY' }] }], matchesNothing: false }]);
    expect(specs(res, 'cilium-clusterwide-network-policy')[0]!.rules[0]!.ingressDeny).toMatchObject([{ peers: [{ kind: 'entity', entity: 'world' }] }]);
  });

  it('`spec` and `specs` give the rules in that order; k8s: prefixes are dropped; enableDefaultDeny is read', () => {
    const p = one(
      ccnp('spec:\n  endpointSelector: {matchLabels: {k8s:app: a}}\nspecs:\n- endpointSelector: {matchExpressions: [{key: k8s:io.kubernetes.pod.namespace, operator: In, values: [x]}]}\n  enableDefaultDeny: {ingress: false}\n  ingress: [{fromEntities: [all]}]\n'),
      'cilium-clusterwide-network-policy',
    );
    expect(p.listed).toBe(true);
    expect(p.rules.map((r) => r.endpointSelector)).toEqual([
      { matchLabels: { app: 'a' }, matchExpressions: [] },
      { matchLabels: {}, matchExpressions: [{ key: 'io.kubernetes.pod.namespace', operator: 'In', values: ['x'] }] },
    ]);
    expect(p.rules[1]!.defaultDeny).toEqual({ ingress: false, egress: true });
  });

  it('reads CIDR sets with except, FQDNs, named ports with ranges, HTTP and DNS rules', () => {
    const p = one(
      cnp(
        '  endpointSelector: {}\n  egress:\n  - toCIDR: [10.0.0.0/8]\n    toCIDRSet: [{cidr: 0.0.0.0/0, except: [10.0.0.0/8]}]\n  - toFQDNs: [{matchName: API.Example.com.}, {matchPattern: "*.example.com"}]\n  - toEndpoints: [{matchLabels: {k8s-app: kube-dns}}]\n    toPorts:\n    - ports: [{port: "53", protocol: ANY}]\n      rules: {dns: [{matchPattern: "*"}]}\n  ingress:\n  - toPorts:\n    - ports: [{port: http, protocol: TCP}, {port: 8000, endPort: 8080, protocol: TCP}]\n      rules:\n        http:\n        - {method: GET, path: "/api/.*", headers: ["X-Team: blue", X-Debug]}\n        - {method: POST, headerMatches: [{name: X-Token, value: s3cret}]}\n',
      ),
      'cilium-network-policy',
    );
    const rule = p.rules[0]!;
    expect(rule.egress![0]!.peers).toEqual([
      { kind: 'cidr', cidr: '10.0.0.0/8', except: [] },
      { kind: 'cidr', cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] },
    ]);
    expect(rule.egress![1]!.peers).toEqual([
      { kind: 'fqdn', fqdn: { kind: 'name', name: 'api.example.com' } },
      { kind: 'fqdn', fqdn: { kind: 'pattern', pattern: '*.example.com' } },
    ]);
    expect(rule.egress![2]!.toPorts[0]!.dns).toEqual([{ kind: 'pattern', pattern: '*' }]);
    const pr = rule.ingress![0]!.toPorts[0]!;
    expect(pr.ports).toEqual([{ port: 'http', protocol: 'TCP' }, { port: 8000, endPort: 8080, protocol: 'TCP' }]);
    expect(pr.http).toMatchObject([
      { method: 'GET', path: '/api/.*', headers: [{ name: 'x-team', value: 'blue' }, { name: 'x-debug' }] },
      { method: 'POST', headers: [{ name: 'x-token', value: 's3cret' }] },
    ]);
  });

  it('an unknown rule field is an error with the field meant (NS2120)', () => {
    const e = theError(cnp('  endpointSelector: {}\n  ingress:\n  - fromEndpoint: [{}]\n'));
    expect(e).toMatchObject({ code: 'NS2120', message: 'spec.ingress[0]: unknown field `fromEndpoint`', help: 'did you mean `fromEndpoints`?' });
    expect(e.span.start).toMatchObject({ line: 9, column: 5 });
  });

  it('a field of the other direction is unknown there (toFQDNs in ingress, in a deny rule)', () => {
    expect(theError(cnp('  endpointSelector: {}\n  ingress: [{toFQDNs: [{matchName: a.b}]}]\n')).code).toBe('NS2120');
    expect(theError(cnp('  endpointSelector: {}\n  egressDeny: [{toFQDNs: [{matchName: a.b}]}]\n')).code).toBe('NS2120');
  });

  it('an unknown entity is an error with the entity meant (NS2121)', () => {
    const e = theError(cnp('  endpointSelector: {}\n  ingress: [{fromEntities: [remote-nodes]}]\n'));
    expect(e).toMatchObject({ code: 'NS2121', help: 'did you mean `remote-node`?' });
    expect(e.message).toContain('spec.ingress[0].fromEntities[0]: unknown entity "remote-nodes"');
  });

  it('an HTTP path that is not a regular expression (NS2122)', () => {
    const e = theError(cnp('  endpointSelector: {}\n  ingress:\n  - toPorts: [{ports: [{port: "80"}], rules: {http: [{path: "/a/(b"}]}}]\n'));
    expect(e.code).toBe('NS2122');
    expect(e.message).toMatch(/^spec\.ingress\[0\]\.toPorts\[0\]\.rules\.http\[0\]\.path: not a regular expression: /);
  });

  it('toFQDNs without a DNS rule in the policy is a warning (NS2124)', () => {
    const res = read(cnp('  endpointSelector: {}\n  egress: [{toFQDNs: [{matchName: api.example.com}]}]\n'));
    expect(errors(res)).toEqual([]);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['NS2124']);
  });

  it.each([
    ['no endpointSelector', '  ingress: [{}]\n', 'NS2102'],
    ['L7 rules in a deny rule', '  endpointSelector: {}\n  ingressDeny: [{toPorts: [{ports: [{port: "80"}], rules: {http: [{}]}}]}]\n', 'NS2104'],
    ['an except outside its cidr', '  endpointSelector: {}\n  egress: [{toCIDRSet: [{cidr: 10.0.0.0/16, except: [10.1.0.0/24]}]}]\n', 'NS2104'],
    ['endPort below port', '  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "90", endPort: 80}]}]}]\n', 'NS2104'],
    ['a bad protocol', '  endpointSelector: {}\n  ingress: [{toPorts: [{ports: [{port: "80", protocol: tcp}]}]}]\n', 'NS2101'],
    ['a bad CIDR', '  endpointSelector: {}\n  egress: [{toCIDR: [10.0.0.0/33]}]\n', 'NS2101'],
  ])('%s is an error', (_, spec, code) => {
    expect(theError(cnp(spec)).code).toBe(code);
  });

  it('reads icmps fields: a type by number or name, the family IPv4 unless given', () => {
    const p = one(cnp('  endpointSelector: {}\n  ingress:\n  - icmps:\n    - fields: [{type: 8}, {type: EchoRequest, family: IPv6}]\n    - fields: [{type: EchoReply, family: IPv4}]\n'), 'cilium-network-policy');
    expect(p.rules[0]!.ingress).toMatchObject([{ peers: [], toPorts: [], icmps: [{ family: 4, type: 8 }, { family: 6, type: 128 }, { family: 4, type: 0 }], matchesNothing: false }]);
  });

  it('a misspelt ICMP type name is an error with a did-you-mean; a bad family too', () => {
    const e = theError(cnp('  endpointSelector: {}\n  ingress: [{icmps: [{fields: [{type: EchoRequset}]}]}]\n'));
    expect(e).toMatchObject({ code: 'NS2101', help: 'did you mean `EchoRequest`?' });
    expect(theError(cnp('  endpointSelector: {}\n  ingress: [{icmps: [{fields: [{type: 8, family: IPv5}]}]}]\n')).message).toContain('expected IPv4 or IPv6');
  });

  it('a policy with neither spec nor specs is an error', () => {
    expect(theError(ccnp('')).code).toBe('NS2102');
  });

  it('host policies (nodeSelector) and unmodelled peers are left out with a warning', () => {
    const res = read(ccnp('specs:\n- nodeSelector: {}\n  ingress: [{fromEntities: [world]}]\n- endpointSelector: {}\n  egress: [{toGroups: [{aws: {securityGroupsIds: [sg-1]}}]}]\n'));
    expect(errors(res)).toEqual([]);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['NS9103', 'NS9103']);
    const p = specs(res, 'cilium-clusterwide-network-policy')[0]!;
    expect(p.rules).toHaveLength(1);
    // The toGroups rule has no modelled peer: it matches nothing rather than every peer.
    expect(p.rules[0]!.egress![0]).toMatchObject({ peers: [], matchesNothing: true });
  });

  it('reads fromNodes and toNodes as node selectors (k8s: dropped)', () => {
    const res = read(ccnp("spec:\n  endpointSelector: {}\n  ingress: [{fromNodes: [{matchLabels: {'k8s:role': cp}}]}]\n  egress: [{toNodes: [{}]}]\n"));
    expect(res.diagnostics).toEqual([]);
    const rule = specs(res, 'cilium-clusterwide-network-policy')[0]!.rules[0]!;
    expect(rule.ingress![0]).toMatchObject({ peers: [{ kind: 'nodes', selector: { matchLabels: { role: 'cp' }, matchExpressions: [] } }], matchesNothing: false });
    expect(rule.egress![0]).toMatchObject({ peers: [{ kind: 'nodes', selector: { matchLabels: {}, matchExpressions: [] } }] });
  });

  it('reads toServices k8sService entries and k8sServiceSelector entries (namespace optional, selector keys without k8s:)', () => {
    const res = read(
      ccnp(
        'spec:\n  endpointSelector: {}\n  egress:\n  - toServices: [{k8sService: {serviceName: a, namespace: b}}, {k8sService: {serviceName: c}}]\n' +
          "  - toServices: [{k8sServiceSelector: {selector: {}}}, {k8sServiceSelector: {selector: {matchLabels: {'k8s:tier': db}}, namespace: d}}]\n",
      ),
    );
    expect(res.diagnostics).toEqual([]);
    const egress = specs(res, 'cilium-clusterwide-network-policy')[0]!.rules[0]!.egress!;
    expect(egress[0]).toMatchObject({ peers: [{ kind: 'service', name: 'a', namespace: 'b' }, { kind: 'service', name: 'c' }], matchesNothing: false });
    expect(egress[1]).toMatchObject({
      peers: [
        { kind: 'service-selector', selector: { matchLabels: {}, matchExpressions: [] } },
        { kind: 'service-selector', selector: { matchLabels: { tier: 'db' }, matchExpressions: [] }, namespace: 'd' },
      ],
      matchesNothing: false,
    });
  });

  it('reads a toServices entry naming no Service as a peer that matches nothing, with a warning', () => {
    const res = read(ccnp('spec:\n  endpointSelector: {}\n  egress:\n  - toServices: [{}]\n  - toServices: [{}, {k8sService: {serviceName: a}}]\n'));
    expect(res.diagnostics.map((d) => d.message)).toEqual([
      'spec.egress[0].toServices[0]: names no Service (k8sService or k8sServiceSelector): it selects nothing',
      'spec.egress[1].toServices[0]: names no Service (k8sService or k8sServiceSelector): it selects nothing',
    ]);
    const egress = specs(res, 'cilium-clusterwide-network-policy')[0]!.rules[0]!.egress!;
    // Alone it matches nothing, not every peer as a rule without peer fields would.
    expect(egress[0]).toMatchObject({ peers: [], matchesNothing: true });
    expect(egress[1]).toMatchObject({ peers: [{ kind: 'service', name: 'a' }], matchesNothing: false });
  });
});

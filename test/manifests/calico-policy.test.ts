import { describe, expect, it } from 'vitest';
import { errors, one, read, specs, theError } from './helpers.js';

const cnp = (spec: string) => `apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n  name: p\n  namespace: shop\nspec:\n${spec}`;
const gnp = (spec: string) => `apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: g\nspec:\n${spec}`;

describe('Calico NetworkPolicy and GlobalNetworkPolicy', () => {
  it('a projectcalico.org NetworkPolicy is the Calico kind, a networking.k8s.io one the Kubernetes kind', () => {
    const res = read(`${cnp("  selector: app == 'db'\n")}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: k, namespace: shop}\nspec: {podSelector: {}}\n`);
    expect(errors(res)).toEqual([]);
    expect(specs(res, 'calico-network-policy').map((p) => p.name)).toEqual(['p']);
    expect(specs(res, 'network-policy').map((p) => p.name)).toEqual(['k']);
  });

  it('defaults: tier default, no order, selector all(), types Ingress', () => {
    const p = one(cnp('  ingress: []\n'), 'calico-network-policy');
    expect(p).toMatchObject({ namespace: 'shop', tier: 'default', selector: { kind: 'all' }, types: ['Ingress'], ingress: [], egress: [] });
    expect(p.order).toBeUndefined();
  });

  it.each([
    ['egress rules only: Egress', '  egress: [{action: Allow}]\n', ['Egress']],
    ['both: Ingress and Egress', '  ingress: [{action: Allow}]\n  egress: [{action: Allow}]\n', ['Ingress', 'Egress']],
    ['given types win', '  types: [Egress]\n  ingress: [{action: Allow}]\n', ['Egress']],
  ])('types defaulting, %s', (_, spec, types) => {
    expect(one(cnp(spec), 'calico-network-policy').types).toEqual(types);
  });

  it('reads order (fractions too), rules, entities and ports', () => {
    const p = one(
      gnp(
        "  order: 10.5\n  namespaceSelector: has(team)\n  ingress:\n  - action: Deny\n    protocol: TCP\n    source:\n      nets: [10.0.0.0/8]\n      notNets: [10.1.0.0/16]\n      selector: app == 'x'\n      namespaceSelector: team == 'a'\n    destination:\n      ports: [80, '1000:2000', http]\n      notPorts: [1500]\n  - action: Log\n  - action: Pass\n    protocol: ICMP\n    icmp: {type: 8}\n",
      ),
      'calico-global-network-policy',
    );
    expect(p.order).toBe(10.5);
    expect(p.namespaceSelector).toEqual({ kind: 'has', key: 'team' });
    expect(p.ingress.map((r) => r.action)).toEqual(['Deny', 'Log', 'Pass']);
    expect(p.ingress[0]).toMatchObject({
      protocol: { kind: 'modelled', protocol: 'TCP' },
      source: { nets: ['10.0.0.0/8'], notNets: ['10.1.0.0/16'], selector: { kind: 'eq', key: 'app', value: 'x' }, namespaceSelector: { kind: 'eq', key: 'team', value: 'a' } },
      destination: { ports: [{ kind: 'range', start: 80, end: 80 }, { kind: 'range', start: 1000, end: 2000 }, { kind: 'named', name: 'http' }], notPorts: [{ kind: 'range', start: 1500, end: 1500 }] },
    });
    expect(p.ingress[2]).toMatchObject({ protocol: { kind: 'icmp', family: 4, name: 'ICMP' }, icmp: { type: 8 } });
  });

  it('reads ICMP by name or number per family, and icmp / notICMP type and code', () => {
    const p = one(cnp('  ingress:\n  - action: Allow\n    protocol: 58\n    notICMP: {type: 128, code: 0}\n  - action: Allow\n    protocol: ICMPv6\n  - action: Allow\n    notProtocol: 1\n'), 'calico-network-policy');
    expect(p.ingress.map((r) => [r.protocol, r.notProtocol, r.notICMP])).toEqual([
      [{ kind: 'icmp', family: 6, name: '58' }, undefined, { type: 128, code: 0 }],
      [{ kind: 'icmp', family: 6, name: 'ICMPv6' }, undefined, undefined],
      [undefined, { kind: 'icmp', family: 4, name: '1' }, undefined],
    ]);
  });

  it.each([
    ['icmp without an ICMP protocol', '    protocol: TCP\n    icmp: {type: 8}\n', "ICMP matches need the rule's protocol to be ICMP or ICMPv6"],
    ['a code without a type', '    protocol: ICMP\n    icmp: {code: 0}\n', 'a code needs a type'],
    ['a type out of range', '    protocol: ICMP\n    icmp: {type: 300}\n', 'spec.ingress[0].icmp.type'],
  ])('%s is an error', (_, rule, text) => {
    expect(theError(cnp(`  ingress:\n  - action: Allow\n${rule}`)).message).toContain(text);
  });

  it('a bad selector is reported at its column with the expected token and a hint', () => {
    const e = theError(cnp("  selector: app = 'web'\n"));
    expect(e).toMatchObject({ code: 'NS2114', help: 'did you mean `==`?' });
    expect(e.message).toBe("spec.selector: bad Calico selector: expected `==`, `!=`, `in`, `not in`, `contains`, `starts with` or `ends with`, found `=`");
    expect({ line: e.span.start.line, column: e.span.start.column }).toEqual({ line: 7, column: 17 });
  });

  it('a quoted selector is located inside its quotes', () => {
    const e = theError(cnp('  selector: "app == web"\n'));
    expect({ line: e.span.start.line, column: e.span.start.column }).toEqual({ line: 7, column: 21 });
  });

  it('ports need protocol TCP, UDP or SCTP', () => {
    expect(theError(cnp('  ingress:\n  - action: Allow\n    destination: {ports: [80]}\n')).message).toContain('ports and notPorts need the rule\'s protocol to be TCP, UDP or SCTP');
  });

  it('an unknown action, protocol or port is refused with what was expected', () => {
    expect(theError(cnp('  ingress:\n  - action: allow\n')).message).toContain('expected one of Allow, Deny, Log, Pass');
    expect(theError(cnp('  ingress:\n  - action: Allow\n    protocol: tcp\n')).help).toBe('did you mean `TCP`?');
    expect(theError(cnp("  ingress:\n  - action: Allow\n    protocol: TCP\n    destination: {ports: ['90:80']}\n")).message).toContain("end must be at least its start");
  });

  it('a namespaced NetworkPolicy has no namespaceSelector', () => {
    expect(theError(cnp("  namespaceSelector: all()\n")).message).toContain('use a GlobalNetworkPolicy');
  });

  it('source ports and services leave the rule out, with a warning', () => {
    const res = read(cnp('  ingress:\n  - action: Deny\n    protocol: TCP\n    source: {ports: [1234]}\n  - action: Allow\n'));
    expect(errors(res)).toEqual([]);
    expect(res.diagnostics.map((d) => d.code)).toEqual(['NS9103']);
    expect(specs(res, 'calico-network-policy')[0]!.ingress.map((r) => r.action)).toEqual(['Allow']);
  });
});

/**
 * connlist's ICMP and other IP protocols (src/connlist/protocol-space.ts), from manifests: what
 * Calico's `protocol`, `notProtocol`, `icmp`, `notICMP` [calico-rule], Cilium's `icmps`
 * [cilium-icmp] and Kubernetes NetworkPolicy rules with and without ports [netpol-api] admit,
 * in the text of every format and in `netscn diff`. Each expectation is read off the
 * documentation cited in protocol-space.ts' header.
 */
import { describe, expect, it } from 'vitest';
import { formatConnlistText } from '../../src/connlist/connlist.js';
import { diffConnlists } from '../../src/connlist/diff.js';
import { formatConnlist } from '../../src/connlist/formats.js';
import { connlistInputFromManifests } from '../../src/connlist/input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistPairwise } from '../../src/connlist/pairwise.js';
import { objectsFromYaml } from '../../src/manifests/index.js';
import { connlistLines as lines } from '../helpers/connlist-lines.js';

const workloads = `
apiVersion: v1
kind: Namespace
metadata: {name: front}
---
apiVersion: v1
kind: Namespace
metadata: {name: back}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: front, labels: {app: web}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: back, labels: {app: db}}
spec: {containers: [{name: c}]}
`;

/** A GlobalNetworkPolicy on db's ingress with these rules (YAML list items). */
function calicoIngress(rules: string): string {
  return `${workloads}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: guard-db}
spec:
  selector: app == 'db'
  types: [Ingress]
  ingress:
${rules}`;
}

const toDb = (l: string[]): string[] => l.filter((x) => x.includes('=> back/db'));

describe('connlist: ICMP and other IP protocols', () => {
  it('a Calico rule for ICMP type 8 only: the lines to db list that type alone', () => {
    const out = lines(calicoIngress(`  - action: Allow
    protocol: ICMP
    icmp: {type: 8}
`));
    expect(toDb(out)).toEqual(['0.0.0.0-255.255.255.255[External] => back/db[Pod] : ICMP type 8', 'front/web[Pod] => back/db[Pod] : ICMP type 8']);
  });

  it('a Calico rule for one type and code, and notICMP, cut ICMP by type and code', () => {
    expect(toDb(lines(calicoIngress(`  - action: Allow
    protocol: ICMP
    icmp: {type: 3, code: 4}
`)))).toContain('front/web[Pod] => back/db[Pod] : ICMP type 3 code 4');
    expect(toDb(lines(calicoIngress(`  - action: Allow
    protocol: ICMP
    notICMP: {type: 8, code: 0}
`)))).toContain('front/web[Pod] => back/db[Pod] : ICMP type 0-7,type 8 code 1-255,type 9-255');
  });

  it('a Calico Deny of some TCP ports before an Allow of everything leaves ICMP and the other protocols', () => {
    const out = lines(calicoIngress(`  - action: Deny
    protocol: TCP
    destination: {ports: [22]}
  - action: Allow
`));
    expect(toDb(out)).toContain('front/web[Pod] => back/db[Pod] : SCTP 1-65535,TCP 1-21,23-65535,UDP 1-65535,ICMP,other protocols');
  });

  it('Calico protocol numbers and notProtocol: the other protocols by number', () => {
    expect(toDb(lines(calicoIngress(`  - action: Allow
    protocol: 47
`)))).toContain('front/web[Pod] => back/db[Pod] : other protocols 47');
    expect(toDb(lines(calicoIngress(`  - action: Allow
    notProtocol: UDPLite
`)))).toContain('front/web[Pod] => back/db[Pod] : SCTP 1-65535,TCP 1-65535,UDP 1-65535,ICMP,other protocols 0,2-5,7-16,18-57,59-131,133-135,137-255');
    // A Deny of ICMP, then Allow: everything but ICMP.
    expect(toDb(lines(calicoIngress(`  - action: Deny
    protocol: ICMP
  - action: Allow
`)))).toContain('front/web[Pod] => back/db[Pod] : SCTP 1-65535,TCP 1-65535,UDP 1-65535,other protocols');
  });

  it('a Cilium rule with icmps allows that type only; an L3-only rule allows everything', () => {
    const cilium = (rule: string): string => `${workloads}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: db, namespace: back}
spec:
  endpointSelector: {matchLabels: {app: db}}
  ingress:
${rule}`;
    expect(toDb(lines(cilium(`  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
    icmps:
    - fields:
      - {type: 8, family: IPv4}
`)))).toEqual(['front/web[Pod] => back/db[Pod] : ICMP type 8']);
    expect(toDb(lines(cilium(`  - fromEndpoints: [{matchLabels: {k8s:io.kubernetes.pod.namespace: front}}]
`)))).toEqual(['front/web[Pod] => back/db[Pod] : All Connections']);
  });

  it('NetworkPolicy: a rule without ports admits every protocol; ports of all three protocols admit no ICMP (matrix and pairwise alike)', () => {
    const np = (rule: string): string => `${workloads}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: back}
spec:
  podSelector: {}
  ingress:
${rule}`;
    const all = np('  - {}\n');
    const ports = np('  - ports: [{protocol: TCP}, {protocol: UDP}, {protocol: SCTP}]\n');
    expect(toDb(lines(all))).toContain('front/web[Pod] => back/db[Pod] : All Connections');
    expect(toDb(lines(ports))).toContain('front/web[Pod] => back/db[Pod] : SCTP 1-65535,TCP 1-65535,UDP 1-65535');
    for (const yaml of [all, ports]) {
      const input = inputOf(yaml);
      expect(formatConnlistText(connlist(input))).toBe(formatConnlistText(connlistPairwise(input)));
    }
  });

  it('every format shows ICMP, and `diff` reports an ICMP-only change', () => {
    const before = calicoIngress('  - action: Allow\n');
    const after = calicoIngress(`  - action: Deny
    protocol: ICMP
    icmp: {type: 8}
  - action: Allow
`);
    const afterLines = connlist(inputOf(after));
    for (const format of ['json', 'csv', 'md', 'mermaid', 'dot'] as const) expect(formatConnlist(afterLines, format)).toContain('ICMP type 0-7,type 9-255');
    const side = (yaml: string) => ({ workloads: ['back/db[Pod]', 'front/web[Pod]'], connections: connlist(inputOf(yaml)) });
    const changes = diffConnlists(side(before), side(after)).connections;
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) {
      expect(c.kind).toBe('changed');
      expect(c.dst).toBe('back/db[Pod]');
      expect(c.gained.size).toBe(0);
      expect([...c.lost]).toEqual([['ICMP', [[8 * 256, 8 * 256 + 255]]]]);
    }
  });
});

function inputOf(yaml: string) {
  const loaded = { ...objectsFromYaml(yaml, 'm.yaml'), files: ['m.yaml'], texts: [yaml], skipped: [] };
  return connlistInputFromManifests(loaded).input;
}

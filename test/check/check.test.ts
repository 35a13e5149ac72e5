import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import type { FileRead } from '../../src/check/file-read.js';
import type { Scenario } from '../../src/check/scenario.js';
import { DEFAULT_SETTINGS } from '../../src/spec/types.js';

const nodes = '  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12\n';
const file = (body: string, after = ''): string => `cluster lab {\n${nodes}${body}}\n${after}`;

function ok(text: string): Scenario {
  const r = parseAndCheck(text, 'test.netscn');
  expect(r.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  if (!r.scenario) throw new Error('no scenario');
  return r.scenario;
}

function codes(text: string, opts = {}): string[] {
  return parseAndCheck(text, 'dir/test.netscn', opts).diagnostics.map((d) => d.code);
}

describe('settings', () => {
  it('applies the documented defaults', () => {
    const c = ok(file('')).cluster;
    expect(c).toMatchObject({
      provider: 'vanilla',
      networkMode: 'overlay',
      proxyMode: 'iptables',
      podCidrs: ['10.244.0.0/16'],
      serviceCidr: '10.96.0.0/12',
      nodePortRange: [30000, 32767],
      clusterDomain: 'cluster.local',
      nodeCidrMaskSize: 24,
      dnsService: { namespace: 'kube-system', name: 'kube-dns' },
    });
    expect(c.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('reads every setting and every `set` field', () => {
    const c = ok(
      file(
        [
          'provider ack-edge', 'network underlay', 'kube-proxy nftables', 'pod-cidr 10.0.0.0/16 fd00::/48',
          'service-cidr 10.100.0.0/16', 'node-port-range 20000-22000', 'cluster-domain corp.local', 'node-cidr-mask 26',
          'dns-service kube-system/coredns', 'set localhost-nodeports false', 'set nodeport-addresses 192.168.0.0/24',
          'set masquerade-all true', 'set detect-local-by-pod-cidr false', 'set hostnetwork-policy pod',
          'set self-traffic-allowed false', 'set pod-to-own-node-allowed false', 'set network-policy-enforcement none',
          'set calico-policy off',
          'set egress-masquerade false',
          'set lb-bypass-security-groups true',
          'set nat-gateway 198.18.0.10',
          'set lb-all-unhealthy drop',
          'set lb-health-check-source vip',
          'set cilium-policy-cidr-match-mode pods nodes',
          'set cilium-node-selector-labels true',
          'set vpc-cidr 192.168.0.0/16',
          'set internet-exit direct',
          'set cloud-l7-snat on',
          'set feature-gate TopologyAwareHints false',
          'set feature-gate ServiceTrafficDistribution false',
          'set internet-client 2001:db8:1::7 198.51.100.7',
          'set summarise-above 250',
          'set mesh-outbound-traffic-policy registry-only',
        ].map((l) => `  ${l}\n`).join(''),
      ),
    ).cluster;
    expect(c).toMatchObject({
      provider: 'ack-edge', networkMode: 'underlay', proxyMode: 'nftables', podCidrs: ['10.0.0.0/16', 'fd00::/48'],
      serviceCidr: '10.100.0.0/16', nodePortRange: [20000, 22000], clusterDomain: 'corp.local', nodeCidrMaskSize: 26,
      dnsService: { namespace: 'kube-system', name: 'coredns' },
    });
    expect(c.settings).toEqual({
      localhostNodePorts: false, nodePortAddresses: ['192.168.0.0/24'], masqueradeAll: true, detectLocalByPodCidr: false,
      hostNetworkPolicy: 'pod', selfTrafficAllowed: false, podToOwnNodeAllowed: false, networkPolicyEnforcement: 'none',
      calicoPolicy: 'off',
      egressMasquerade: false,
      lbBypassSecurityGroups: true,
      natGateway: '198.18.0.10',
      lbAllUnhealthy: 'drop',
      lbHealthCheckSource: 'vip',
      ciliumCidrMatchMode: ['pods', 'nodes'],
      ciliumNodeSelectorLabels: true,
      vpcCidr: '192.168.0.0/16',
      internetExit: 'direct',
      cloudL7Snat: 'on',
      featureGates: { ServiceTrafficDistribution: false, PreferSameTrafficDistribution: true, TopologyAwareHints: false },
      internetClient: '198.51.100.7',
      summariseAbove: 250,
      meshOutboundTrafficPolicy: 'REGISTRY_ONLY',
      internetClient6: '2001:db8:1::7',
    });
  });

  it('rejects a setting given twice and a setting inside a step', () => {
    expect(codes(file('  provider cce\n  provider ack\n'))).toEqual(['NS1003']);
    expect(codes(file('', 'step "s" {\n  provider cce\n}\n'))).toEqual(['NS1010']);
  });
});

describe('objects', () => {
  it('qualifies names: `x in ns`, `ns/x` and `default`', () => {
    const c = ok(file('  pod a in shop on n1\n  pod shop/b on n1\n  pod c on n2\n')).cluster;
    expect(c.pods.map((p) => `${p.namespace}/${p.name}@${p.node}`)).toEqual(['shop/a@n1', 'shop/b@n1', 'default/c@n2']);
    expect(c.namespaces.map((n) => n.name)).toEqual(['shop', 'default']);
  });

  it('converts a Service with its type, flags and ports', () => {
    const s = ok(file('  service web type LoadBalancer selector app=web port http:80/TCP -> http node-port 30080 port dns:53/udp no-node-ports publish-not-ready\n')).cluster.services[0];
    expect(s).toMatchObject({
      type: 'LoadBalancer', selector: { app: 'web' }, allocateLoadBalancerNodePorts: false, publishNotReadyAddresses: true,
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080 }, { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }],
    });
  });

  it('sets a pod hostPort on the matching container port', () => {
    const p = ok(file('  pod proxy on n1 ports http:8080 host-port 80 -> http\n')).cluster.pods[0];
    expect(p?.ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP', hostPort: 80 }]);
  });

  it('rejects ports outside 1-65535, node ports outside the range, and a node port on a ClusterIP Service', () => {
    expect(codes(file('  pod a on n1 ports 0\n'))).toEqual(['NS2004']);
    expect(codes(file('  service a type nodeport selector x=y port 80 node-port 32768\n'))).toEqual(['NS2005']);
    expect(codes(file('  service a selector x=y port 80 node-port 30001\n'))).toEqual(['NS2011']);
  });

  it('applies the provider Service limit per namespace (CCE: 6000)', () => {
    const services = Array.from({ length: 6001 }, (_, i) => `  service s${i} selector app=x port 80\n`).join('');
    const d = parseAndCheck(file(`  provider cce\n${services}`), 'f').diagnostics;
    expect(d.map((x) => x.code)).toEqual(['NS2010']);
    expect(d[0]?.span.start.line).toBe(4 + 6001);
    expect(codes(file(services.split('\n').slice(0, 10).join('\n') + '\n'))).toEqual([]);
  });

  it('warns about a namespace that is a near miss of a declared one, and accepts new ones silently', () => {
    expect(parseAndCheck(file('  namespace shop\n  pod a in shpo on n1\n'), 'f').diagnostics.map((d) => [d.code, d.severity])).toEqual([['NS1006', 'warning']]);
    expect(codes(file('  namespace shop\n  pod a in billing on n1\n'))).toEqual([]);
  });
});

describe('network policies', () => {
  const policy = (body: string) => ok(file(`  network-policy p in shop {\n${body}  }\n`)).cluster.networkPolicies[0];

  it('defaults policyTypes to the directions its statements name (the compact form says what it means)', () => {
    expect(policy('    select all\n    allow ingress\n')?.policyTypes).toEqual(['Ingress']);
    expect(policy('    select all\n    allow egress to anywhere\n')?.policyTypes).toEqual(['Egress']);
    expect(policy('    select all\n    deny ingress\n    allow egress ports 53/udp\n')?.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(policy('    select all\n')?.policyTypes).toEqual(['Ingress']);
  });

  it('`deny egress` isolates egress with no rule, and never ingress', () => {
    const p = policy('    select app=web\n    deny egress\n');
    expect(p).toMatchObject({ policyTypes: ['Egress'], ingress: [], egress: [] });
  });

  it('keeps an explicit policy-types list', () => {
    expect(policy('    select all\n    policy-types egress\n')?.policyTypes).toEqual(['Egress']);
  });

  it('converts peers and ports', () => {
    const p = policy('    select app=web\n    allow ingress from pods app=client in namespaces team=a or namespaces team=b and pods tier or cidr 10.0.0.0/8 except 10.1.0.0/16 ports 8080, http/udp, 8000-9000\n');
    expect(p?.podSelector).toEqual({ matchLabels: { app: 'web' }, matchExpressions: [] });
    expect(p?.ingress[0]?.peers).toEqual([
      { podSelector: { matchLabels: { app: 'client' }, matchExpressions: [] }, namespaceSelector: { matchLabels: { team: 'a' }, matchExpressions: [] } },
      { podSelector: { matchLabels: {}, matchExpressions: [{ key: 'tier', operator: 'Exists', values: [] }] }, namespaceSelector: { matchLabels: { team: 'b' }, matchExpressions: [] } },
      { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } },
    ]);
    expect(p?.ingress[0]?.ports).toEqual([
      { protocol: 'TCP', port: 8080 },
      { protocol: 'UDP', port: 'http' },
      { protocol: 'TCP', port: 8000, endPort: 9000 },
    ]);
  });

  it('`from anywhere` is a rule with no peers (every source)', () => {
    expect(policy('    select all\n    allow ingress from anywhere ports 80\n')?.ingress[0]?.peers).toEqual([]);
  });

  it('maps selector operators to matchExpressions', () => {
    const p = policy('    select a in (x,y), b notin (z), c != d, !e\n');
    expect(p?.podSelector.matchExpressions).toEqual([
      { key: 'a', operator: 'In', values: ['x', 'y'] },
      { key: 'b', operator: 'NotIn', values: ['z'] },
      { key: 'c', operator: 'NotIn', values: ['d'] },
      { key: 'e', operator: 'DoesNotExist', values: [] },
    ]);
  });
});

describe('assertions', () => {
  it('qualifies probe sources and targets and carries via, node and port', () => {
    const s = ok(file('  pod web in shop on n1 labels app=web ports 8080\n  service web in shop type nodeport selector app=web port 80 -> 8080\n', 'from internet reach svc shop/web via nodeport at node n2 port 80/tcp expect allow, source node n1\n'));
    expect(s.steps[0]?.checks[0]).toMatchObject({
      kind: 'reach',
      probe: { source: { kind: 'internet' }, target: { kind: 'service', namespace: 'shop', name: 'web', via: 'nodeport', node: 'n2' }, port: 80, protocol: 'TCP' },
      expect: { outcome: 'allow', sourceSeen: { mode: 'address', ip: '192.168.0.11' } },
    });
  });

  it('rejects a cause on `expect allow` and a port range in an assertion', () => {
    expect(codes(file('  pod a on n1\n', 'from pod a reach pod a port 80 expect allow by policy\n'))).toEqual(['NS2019']);
    expect(codes(file('  pod a on n1\n', 'from pod a reach pod a port 80-90 expect allow\n'))).toEqual(['NS2004']);
  });
});

describe('steps', () => {
  it('turns mutations into changes and checks names against the evolved cluster', () => {
    const s = ok(
      file('  pod a on n1 labels app=a\n  security-group sg allow tcp 22 from 10.0.0.0/8\n  security-group sg allow tcp 22 from 172.16.0.0/12\n') +
        'step "one" {\n  label pod a app=b unset x\n  remove pod a\n  pod c on n2\n  security-group sg remove allow tcp 22\n  from pod c reach node n1 expect allow\n}\n',
    );
    const changes = s.steps[1]?.changes ?? [];
    expect(changes.map((c) => c.kind)).toEqual(['relabel', 'remove', 'upsert', 'sg-rule', 'sg-rule']);
    // `remove allow` without a CIDR removes the rule for every CIDR it was added with.
    expect(changes.filter((c) => c.kind === 'sg-rule').map((c) => (c.kind === 'sg-rule' ? c.rule.cidr : ''))).toEqual(['10.0.0.0/8', '172.16.0.0/12']);
  });

  it('reports a name removed by an earlier step, naming the step', () => {
    const d = parseAndCheck(file('  pod a on n1\n') + 'step "gone" {\n  remove pod a\n}\nstep "later" {\n  recreate pod a\n}\n', 'f').diagnostics;
    expect(d.map((x) => x.message)).toEqual(["pod default/a was removed in step 'gone'"]);
  });

  it('warns when a top-level assertion follows a step', () => {
    const d = parseAndCheck(file('  pod a on n1\n') + 'step "s" {\n  not-ready pod a\n}\nfrom pod a reach node n1 expect allow\n', 'f').diagnostics;
    expect(d.map((x) => [x.code, x.severity])).toEqual([['NS1012', 'warning']]);
  });
});

describe('load', () => {
  const bytes = (text: string): FileRead => ({ kind: 'file', bytes: new TextEncoder().encode(text) });
  const namespace = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;

  it('asks readFile for the path as written, relative to the scenario file', () => {
    const asked: string[] = [];
    const d = parseAndCheck(file('  load "k8s/app.yaml"\n'), '/proj/scn/test.netscn', { readFile: (p) => (asked.push(p), { kind: 'missing' }) }).diagnostics;
    expect(asked).toEqual(['k8s/app.yaml']);
    expect(d.map((x) => [x.message, x.label])).toEqual([['cannot read `k8s/app.yaml`', 'no such file or folder']]);
  });

  it('rejects absolute paths without reading', () => {
    const asked: string[] = [];
    const readFile = (p: string): FileRead => (asked.push(p), bytes('kind: Namespace'));
    expect(codes(file('  load "/etc/passwd"\n'), { readFile })).toEqual(['NS2016']);
    expect(codes(file('  load "~/x.yaml"\n'), { readFile })).toEqual(['NS2016']);
    expect(asked).toEqual([]);
  });

  it('says where the project root is when the reader refuses a path outside it', () => {
    const d = parseAndCheck(file('  load "../../x.yaml"\n'), 'scn/t.netscn', { readFile: () => ({ kind: 'outside', root: '..', marked: true }) }).diagnostics;
    expect(d.map((x) => [x.code, x.message, x.notes?.[0]])).toEqual([
      ['NS2016', '`../../x.yaml` is outside the project root', 'the project root is `..` (relative to this file): the nearest folder above it with a package.json or .git'],
    ]);
  });

  it('names a FIFO or device instead of reading it', () => {
    const d = parseAndCheck(file('  load "k8s/x.yaml"\n'), 't.netscn', { readFile: () => ({ kind: 'special', what: 'a FIFO (named pipe)' }) }).diagnostics;
    expect(d.map((x) => x.message)).toEqual(['cannot read `k8s/x.yaml`: it is a FIFO (named pipe)']);
  });

  it('loads a folder\'s manifest files in name order, not its subfolders or other files', () => {
    const asked: string[] = [];
    const files: Record<string, string> = { 'k8s/b.yaml': namespace('b'), 'k8s/a.yml': namespace('a'), 'k8s/c.json': '{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "c"}}' };
    const readFile = (p: string): FileRead => {
      asked.push(p);
      if (p === 'k8s/') {
        const entries = ['b.yaml', 'notes.md', 'a.yml', 'sub', '.hidden.yaml', 'c.json'].sort().map((name) => ({ name, folder: name === 'sub' }));
        return { kind: 'folder', entries };
      }
      const text = files[p];
      return text === undefined ? { kind: 'missing' } : bytes(text);
    };
    const r = parseAndCheck(file('  load "k8s/"\n'), 'scn/t.netscn', { readFile });
    expect(r.diagnostics).toEqual([]);
    expect(asked).toEqual(['k8s/', 'k8s/a.yml', 'k8s/b.yaml', 'k8s/c.json']);
    expect(r.scenario?.cluster.namespaces.map((n) => n.name)).toEqual(expect.arrayContaining(['a', 'b', 'c']));
  });

  it('reports a folder without manifest files', () => {
    const d = parseAndCheck(file('  load "docs"\n'), 't.netscn', { readFile: () => ({ kind: 'folder', entries: [{ name: 'README.md', folder: false }] }) }).diagnostics;
    expect(d.map((x) => x.message)).toEqual(['`docs` holds no manifest files']);
  });

  it('refuses a manifest that is not UTF-8, at its first bad byte', () => {
    const latin1 = Uint8Array.from([...new TextEncoder().encode('apiVersion: v1\nkind: Namespace\nmetadata: {name: caf'), 0xe9, 0x7d, 0x0a]);
    const d = parseAndCheck(file('  load "ns.yaml"\n'), 'scn/t.netscn', { readFile: () => ({ kind: 'file', bytes: latin1 }) }).diagnostics;
    expect(d.map((x) => [x.code, x.message, x.span.file, x.span.start.line, x.span.start.column, x.expected])).toEqual([
      ['NS0105', 'the file is not UTF-8 text', 'scn/ns.yaml', 3, 21, 'UTF-8'],
    ]);
  });
});

describe('pods from manifests', () => {
  const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c}]}
`;

  it('places pods without spec.nodeName on the declared nodes, round-robin in order', () => {
    const r = parseAndCheck(file('  load "app.yaml"\n'), '/proj/t.netscn', { readFile: () => ({ kind: 'file', bytes: new TextEncoder().encode(deployment) }) });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.scenario?.cluster.pods.map((p) => `${p.name}@${p.node}`)).toEqual(['web-0@n1', 'web-1@n2', 'web-2@n1']);
  });

  it('places a pod added by a step too', () => {
    const pod = 'yaml """\napiVersion: v1\nkind: Pod\nmetadata: {name: late}\nspec: {containers: [{name: c}]}\n"""\n';
    const s = ok(file('', `step "add" {\n  ${pod}  from pod late reach pod late port 80 expect allow\n}\n`));
    const nodesOfUpserts = (s.steps[1]?.changes ?? []).flatMap((c) => (c.kind === 'upsert' && c.object.kind === 'pod' ? [c.object.spec.node] : []));
    expect(nodesOfUpserts).toEqual(['n1']);
  });

  it('says so when there is no node to place them on', () => {
    const r = parseAndCheck('cluster lab {\n  load "app.yaml"\n}\n', '/proj/t.netscn', { readFile: () => ({ kind: 'file', bytes: new TextEncoder().encode(deployment) }) });
    expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toContain('pod default/web-0 has no node to run on');
  });
});

describe('embedded yaml blocks', () => {
  const block = (body: string): string => `cluster lab {\n  node n1 ip 192.168.0.1\n  yaml """\n${body}  """\n}\n`;

  it('read indented YAML as written, `---` separators included', () => {
    const body = [
      '    apiVersion: v1',
      '    kind: Namespace',
      '    metadata: {name: a}',
      '',
      '    ---',
      '    apiVersion: v1',
      '    kind: Namespace',
      '    metadata: {name: b}',
      '',
    ].join('\n');
    const r = parseAndCheck(block(body), 't.netscn');
    expect(r.diagnostics).toEqual([]);
    expect(r.scenario?.cluster.namespaces.map((n) => n.name)).toEqual(['a', 'b']);
  });

  it('point errors at the line and column of the file, indentation included', () => {
    const body = ['    apiVersion: v1', '    kind: Pod', '    metadata: {name: p, namespace: Bad_NS}', '    spec: {containers: [{name: c}]}', ''].join('\n');
    const r = parseAndCheck(block(body), 't.netscn');
    const d = r.diagnostics.find((x) => x.severity === 'error');
    // `namespace: Bad_NS` is on file line 6; its value starts at column 38.
    expect(d?.span.start.line).toBe(6);
    expect(d?.span.start.column).toBe('    metadata: {name: p, namespace: '.length + 1);
  });

  it('can declare admin policies, which reach the cluster spec', () => {
    const body = [
      '    apiVersion: policy.networking.k8s.io/v1alpha1',
      '    kind: AdminNetworkPolicy',
      '    metadata: {name: a}',
      '    spec: {priority: 5, subject: {namespaces: {}}, ingress: [{action: Deny, from: [{namespaces: {}}]}]}',
      '    ---',
      '    apiVersion: policy.networking.k8s.io/v1alpha1',
      '    kind: BaselineAdminNetworkPolicy',
      '    metadata: {name: default}',
      '    spec: {subject: {namespaces: {}}, egress: [{action: Allow, to: [{namespaces: {}}]}]}',
      '',
    ].join('\n');
    const r = parseAndCheck(block(body), 't.netscn');
    expect(r.diagnostics).toEqual([]);
    expect(r.scenario?.cluster.adminNetworkPolicies.map((a) => `${a.name}@${a.priority}`)).toEqual(['a@5']);
    expect(r.scenario?.cluster.baselineAdminNetworkPolicy?.name).toBe('default');
  });
});

describe('never throws', () => {
  it('reports only diagnostics for nonsense', () => {
    expect(() => parseAndCheck('\u0000{{{', 'f')).not.toThrow();
    expect(parseAndCheck('\u0000{{{', 'f').diagnostics.length).toBeGreaterThan(0);
  });
});

/**
 * The trace engine on a secondary network (`on network`, src/net/secondary-network.ts) and
 * connlist's list of that network (src/connlist/networks.ts) agree: over seeded random clusters
 * — pods in two namespaces attached to NADs (two of one name, which are one network),
 * NetworkPolicies and MultiNetworkPolicies with pod, namespace and ipBlock peers, ports or none —
 * every ordered pair of pods on a network is delivered on a port exactly when connlist lists
 * that port for the pair, and a pod not on the network is never reached on it.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { connlistInputFromCluster } from '../../src/connlist/cluster-input.js';
import { connlist } from '../../src/connlist/matrix-list.js';
import { connlistByNetwork } from '../../src/connlist/networks.js';
import { buildState, probe } from '../../src/net/index.js';

/** A small seeded generator (LCG), so every run sees the same clusters. */
function rng(seed: number): { int: (n: number) => number; pick: <T>(xs: readonly T[]) => T; chance: (p: number) => boolean } {
  let x = seed >>> 0;
  const next = (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    return x / 2 ** 32;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { int, pick: (xs) => xs[int(xs.length)]!, chance: (p) => next() < p };
}

const NAMESPACES = ['lab', 'ops'] as const;
const APPS = ['a', 'b', 'c'] as const;
const PORTS = [80, 443, 8080] as const;

const nad = (namespace: string, name: string, range: string): string =>
  `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {config: '{"type": "macvlan", "ipam": {"type": "whereabouts", "range": "${range}"}}'}`;

interface Generated {
  readonly text: string;
  /** `namespace/name` of each pod, with the networks (names) it is on. */
  readonly pods: readonly { key: string; networks: readonly string[] }[];
}

function cluster(seed: number): Generated {
  const r = rng(seed);
  const docs = [nad('lab', 'blue', '10.10.0.0/27'), nad('ops', 'blue', '10.10.0.32/27'), nad('lab', 'green', '10.30.0.0/27')];
  const pods: { key: string; networks: string[] }[] = [];
  for (let i = 0; i < 7; i++) {
    const ns = r.pick(NAMESPACES);
    const selections = [...(r.chance(0.7) ? ['blue'] : []), ...(r.chance(0.5) ? ['lab/green'] : [])];
    const networks = selections.map((s) => s.slice(s.indexOf('/') + 1)).filter((n) => n === 'blue' || ns === 'lab' || n === 'green');
    pods.push({ key: `${ns}/p${i}`, networks });
    const annotations = selections.length > 0 ? `, annotations: {k8s.v1.cni.cncf.io/networks: '${selections.join(',')}'}` : '';
    docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: p${i}, namespace: ${ns}, labels: {app: ${r.pick(APPS)}}${annotations}}\nspec: {nodeName: n${1 + r.int(2)}, containers: [{name: c, image: i}]}`);
  }
  const peer = (): string => {
    switch (r.int(3)) {
      case 0:
        return `{podSelector: {matchLabels: {app: ${r.pick(APPS)}}}}`;
      case 1:
        return `{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${r.pick(NAMESPACES)}}}}`;
      default:
        return `{ipBlock: {cidr: ${r.pick(['10.10.0.0/29', '10.10.0.32/28', '10.30.0.0/30', '10.10.0.0/16'])}}}`;
    }
  };
  const rule = (dir: 'from' | 'to'): string => `{${dir}: [${peer()}]${r.chance(0.5) ? `, ports: [{port: ${r.pick(PORTS)}}]` : ''}}`;
  for (let i = 0; i < 3; i++) {
    const egress = r.chance(0.4);
    const kind = r.chance(0.8) ? 'MultiNetworkPolicy' : 'NetworkPolicy';
    const head =
      kind === 'MultiNetworkPolicy'
        ? `apiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata: {name: m${i}, namespace: ${r.pick(NAMESPACES)}, annotations: {k8s.v1.cni.cncf.io/policy-for: ${r.pick(['blue', 'green', 'lab/blue'])}}}`
        : `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n${i}, namespace: ${r.pick(NAMESPACES)}}`;
    const rules = r.chance(0.2) ? '[]' : `[${rule(egress ? 'to' : 'from')}]`;
    docs.push(`${head}\nspec: {podSelector: {matchLabels: {app: ${r.pick(APPS)}}}, policyTypes: [${egress ? 'Egress' : 'Ingress'}], ${egress ? 'egress' : 'ingress'}: ${rules}}`);
  }
  const yaml = docs.join('\n---\n').replace(/^/gm, '    ');
  return { text: `cluster c {\n  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12\n  namespace lab\n  namespace ops\n  yaml """\n${yaml}\n  """\n}\n`, pods };
}

const label = (key: string): string => `${key}[Pod]`;

describe('the trace on a secondary network agrees with connlist', () => {
  /** How many probes were delivered and how many not, over every seed: the clusters must test both. */
  const seen = { delivered: 0, not: 0 };

  it.each(Array.from({ length: 12 }, (_, i) => 101 + i))('seed %i', (seed) => {
    const g = cluster(seed);
    const checked = parseAndCheck(g.text, 'gen.netscn');
    expect(checked.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
    const spec = checked.scenario!.cluster;
    const state = buildState(spec);
    const sections = connlistByNetwork(connlistInputFromCluster(spec), connlist).sections;
    let compared = 0;
    for (const network of ['blue', 'green']) {
      const lines = sections.find((s) => s.network.kind === 'nad' && s.network.name === network)?.lines ?? [];
      const listed = (src: string, dst: string, port: number): boolean =>
        lines.some((c) => c.src === label(src) && c.dst === label(dst) && (c.conns.get('TCP') ?? []).some(([lo, hi]) => lo <= port && port <= hi));
      for (const src of g.pods.filter((p) => p.networks.includes(network))) {
        const [ns, name] = src.key.split('/') as [string, string];
        // A network named from the source's namespace: `blue` is ops/blue for an ops pod; green lives in lab only.
        const nadKey = network === 'green' ? 'lab/green' : `${ns}/blue`;
        for (const dst of g.pods) {
          if (dst.key === src.key) continue;
          const [dns, dname] = dst.key.split('/') as [string, string];
          for (const port of PORTS) {
            const flows = probe(state, { source: { kind: 'pod', namespace: ns, name }, target: { kind: 'pod', namespace: dns, name: dname }, port, network: nadKey }).flows;
            const delivered = flows.every((f) => f.outcome === 'allow');
            const expected = dst.networks.includes(network) && listed(src.key, dst.key, port);
            expect({ src: src.key, dst: dst.key, network, port, delivered }).toEqual({ src: src.key, dst: dst.key, network, port, delivered: expected });
            compared++;
            seen[delivered ? 'delivered' : 'not']++;
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('the seeds give both outcomes', () => {
    expect(seen.delivered).toBeGreaterThan(50);
    expect(seen.not).toBeGreaterThan(50);
  });
});

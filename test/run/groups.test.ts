/** "For all" assertions and pod-group tables, through the real pipeline. */
import { noFiles } from '../../src/check/file-read.js';
import { describe, expect, it } from 'vitest';
import type { GroupCheck, TableCheck } from '../../src/check/scenario.js';
import { parseAndCheck } from '../../src/check/index.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import { MAX_GROUP_PROBES, evaluateGroup, groupMembers } from '../../src/run/groups.js';
import { runSourceWith } from '../../src/run/source.js';
import { runCheck } from '../../src/run/run-scenario.js';
import { evaluateTable, tableProbes, tableMessage } from '../../src/run/table.js';
import type { ClusterSpec } from '../../src/spec/types.js';

const CLUSTER = `cluster lab {
  node n1 ip 192.168.0.11
  node n2 ip 192.168.0.12
  namespace team-a labels team=a
  namespace team-b labels team=b
  pod a1 in team-a on n1 labels app=web ports 8080
  pod a2 in team-a on n2 labels app=api ports 9090, 53/udp
  pod b1 in team-b on n1 labels app=web
  pod b2 in team-b on n2 labels app=db ports 5432
  network-policy isolate in team-b {
    select all
    allow ingress from pods all ports 5432
  }
}
`;

function run(assertions: string) {
  const r = runSourceWith(defaultEngine, CLUSTER + assertions, '/virtual/t.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.result!.steps.flatMap((s) => s.checks);
}

function diagnostics(assertions: string): string[] {
  return parseAndCheck(CLUSTER + assertions, 't.netscn')
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => d.message);
}

function spec(): ClusterSpec {
  const r = parseAndCheck(CLUSTER, 't.netscn');
  return r.scenario!.cluster;
}

describe('pod groups', () => {
  it('select declared pods by namespace name, namespace labels and pod labels', () => {
    const names = (g: Omit<Parameters<typeof groupMembers>[1], 'kind' | 'label'>) => groupMembers(spec(), { kind: 'pod-group', label: '', ...g }).map((p) => `${p.namespace}/${p.name}`);
    expect(names({})).toEqual(['team-a/a1', 'team-a/a2', 'team-b/b1', 'team-b/b2']);
    expect(names({ namespace: 'team-b' })).toEqual(['team-b/b1', 'team-b/b2']);
    expect(names({ namespaces: { matchLabels: { team: 'a' }, matchExpressions: [] } })).toEqual(['team-a/a1', 'team-a/a2']);
    // kubernetes.io/metadata.name is set on every namespace, as upstream does.
    expect(names({ namespaces: { matchLabels: { 'kubernetes.io/metadata.name': 'team-b' }, matchExpressions: [] } })).toEqual(['team-b/b1', 'team-b/b2']);
    expect(names({ pods: { matchLabels: { app: 'web' }, matchExpressions: [] } })).toEqual(['team-a/a1', 'team-b/b1']);
  });
});

describe('for-all assertions', () => {
  it('hold when every pair meets the expectation, and never pair a pod with itself', () => {
    const [c] = run('from pods in namespace team-a reach pods in namespace team-b on any port expect deny\n');
    expect(c?.passed).toBe(true);
    // a1, a2 × b1 (no declared ports: one port per policy class: TCP 1, 5432, 5433; UDP 1; SCTP 1) and b2 (5432).
    expect(c?.message).toBe('all 12 connections as expected (deny)');
  });

  it('count every failing connection and show the first one with its trace', () => {
    const [c] = run('from all pods reach pods in namespace team-b on any port expect deny\n');
    expect(c?.passed).toBe(false);
    expect(c?.message).toMatch(/^2 of 18 connections fail; first: pod team-b\/b2 → pod team-b\/b1 TCP 5432: expected deny, got allow → team-b\/b1; also pod team-b\/b1 → pod team-b\/b2 TCP 5432$/);
    expect(c?.counterexample?.outcome).toBe('allow');
    expect(c?.counterexample?.hops.some((h) => h.rule === 'NetworkPolicy team-b/isolate')).toBe(true);
  });

  it('try a pod on each port it declares, per protocol', () => {
    const [c] = run('from pod team-b/b2 reach pod team-a/a2 on any port expect allow\n');
    expect(c?.passed).toBe(true);
    expect(c?.message).toBe('all 2 connections as expected (allow)');
  });

  it('fail rather than pass vacuously when a group matches no pod', () => {
    const [c] = run('from pods app=web reach pods app=wbe expect allow\n');
    expect(c?.passed).toBe(false);
    expect(c?.message).toBe('`pods app=wbe` matches no pod, so this assertion would prove nothing');
  });

  it('take a single source or target on the other side, and a named port', () => {
    const [c] = run('from pods in namespaces team=b reach pod team-b/b2 port 5432 expect allow\n');
    expect(c?.passed).toBe(true);
    expect(c?.message).toBe('all 1 connection as expected (allow)');
  });

  it('choose the groups again in each step', () => {
    const assertion = 'from pods app=web in namespace team-a reach pod team-b/b2 port 5432 expect timeout';
    const checks = run(`${assertion}\nstep "relabel" {\n  label pod team-a/a2 app=web\n  ${assertion}\n}\n`);
    expect(checks.map((c) => c.message)).toEqual(['all 1 connection as expected (timeout)', 'all 2 connections as expected (timeout)']);
  });

  it('are bounded: too many connections is a failure that says how to narrow them', () => {
    const base = spec();
    const pods = Array.from({ length: 320 }, (_, i) => ({ ...base.pods[0]!, name: `p${i}` }));
    const check: GroupCheck = {
      kind: 'group',
      text: '',
      span: base.span!,
      source: { kind: 'pod-group', label: 'all pods' },
      target: { kind: 'pod-group', label: 'all pods' },
      anyPort: false,
      expect: { outcome: 'allow', outcomeSpan: base.span! },
    };
    let probes = 0;
    const v = evaluateGroup(check, { ...base, pods }, () => {
      probes++;
      return { flows: [] };
    });
    expect(320 * 319).toBeGreaterThan(MAX_GROUP_PROBES);
    expect(v.passed).toBe(false);
    expect(probes).toBe(0);
    // Without the engine's signatures every pod is its own class: 320 × 320 pairs of classes.
    expect(v.message).toBe('this assertion needs more than 100,000 probes (one per pair of classes of alike pods and port: 102,400); narrow a group with labels or a namespace, or name one port');
  });
});

describe('pod-group tables', () => {
  it('judge each cell over every pair and print the actual outcomes', () => {
    const [c] = run(`table port 5432 {
                           | pods in namespace team-b | pod team-a/a1
  pods in namespace team-a | deny                     | *
  pods in namespace team-b | allow                    | allow
}
`);
    expect(c?.passed).toBe(false);
    expect(c?.message).toBe('1 of 4 cells differ; first: pods in namespace team-b → pod team-a/a1 expected allow, got refused');
    const cells = c?.table?.cells.map((x) => `${x.row},${x.column}:${x.actual}${x.passed ? '' : '✗'}`);
    expect(cells).toEqual(['0,0:timeout', '0,1:refused', '1,0:allow', '1,1:refused✗']);
  });
});

describe('bounded tables', () => {
  const table = `table ports 5432, 8080, 9090 {
                 | all pods
  all pods       | *
  pod team-a/a1  | *
}
`;
  const tableCheck = (): TableCheck => {
    const r = parseAndCheck(CLUSTER + table, '/virtual/t.netscn', { readFile: noFiles });
    const c = r.scenario?.steps[0]?.checks.find((i) => i.kind === 'table');
    if (c?.kind !== 'table') throw new Error('no table');
    return c;
  };

  it('count every cell on every port before testing any', () => {
    // Without signatures each pod is its own class: (4 × 4 pairs of classes + 1 × 4) × 3 ports.
    expect(tableProbes(tableCheck(), spec())).toBe(60);
  });

  it('refuse the whole table, with one message, when it needs more than the limit', () => {
    let probes = 0;
    const t = evaluateTable(tableCheck(), spec(), () => {
      probes++;
      return { flows: [] };
    }, 59);
    expect(probes).toBe(0);
    expect(t.cells).toEqual([]);
    expect(t.refused).toBe('this assertion needs more than 59 probes (2 × 1 cells × 3 ports, one per pair of classes of alike pods and port: 60); narrow a group with labels or a namespace, or test fewer ports');
    expect(tableMessage(t)).toBe(t.refused);
  });

  it('evaluate a table at the limit', () => {
    let probes = 0;
    const t = evaluateTable(tableCheck(), spec(), () => {
      probes++;
      return { flows: [] };
    }, 60);
    expect(t.refused).toBeUndefined();
    // (4 × 3 pairs + 3 pairs, a1 never paired with itself) × 3 ports.
    expect(probes).toBe(45);
  });

  it('fail the assertion in a run', () => {
    const base = spec();
    // Pods told apart by their labels: each is a class of its own, so classes do not help.
    const pods = Array.from({ length: 60 }, (_, i) => ({ ...base.pods[0]!, name: `p${i}`, labels: { app: `p${i}` } }));
    const check = { ...tableCheck(), ports: Array.from({ length: 30 }, (_, i) => ({ port: 1000 + i })) };
    const c = runCheck(check, defaultEngine.buildState({ ...base, pods }), defaultEngine, { ...base, pods });
    expect(c.passed).toBe(false);
    // (60 × 60 + 1 × 60) × 30.
    expect(c.message).toMatch(/^this assertion needs more than 100,000 probes \(2 × 1 cells × 30 ports, one per pair of classes of alike pods and port: 109,800\)/);
  });
});

describe('tables over several ports', () => {
  it('hold a cell only if it holds on every port, and show per-port outcomes where they differ', () => {
    const [c] = run(`table ports 5432, 8080 {
                           | pod team-b/b2
  pod team-b/b1             | allow
}
`);
    expect(c?.passed).toBe(false);
    const cell = c?.table?.cells[0];
    expect(cell?.actual).toBe('5432:allow 8080:timeout');
    expect(cell?.message).toMatch(/^port 8080: expected allow, got timeout \(policy\)/);
  });
});

describe('checking', () => {
  it('rejects contradictions and misuse with a clear message', () => {
    expect(diagnostics('from all pods reach pods in namespace team-b port 80 on any port expect deny\n')).toEqual(['`on any port` and `port` contradict each other']);
    expect(diagnostics('from all pods reach pods in namespace team-b via clusterip expect deny\n')).toEqual([
      '`via clusterip` reaches a Service, but the target is a group of pods',
    ]);
    expect(diagnostics('from all pods reach pods app=web expect allow, backends team-a/a1\n')).toEqual(['`backends` needs a Service target, not a group of pods']);
    expect(diagnostics('from pods in namespace team-c reach pod team-a/a1 expect allow\n')).toEqual(['unknown namespace `team-c`']);
    expect(diagnostics('from pods tier=a+b reach pod team-a/a1 expect allow\n').length).toBeGreaterThan(0);
    expect(diagnostics('table port 80 ports 80, 443 {\n  | pod team-a/a1\n  pod team-a/a2 | allow\n}\n')).toEqual(['`port` and `ports` contradict each other']);
  });
});

import { describe, expect, it } from 'vitest';
import type { ResolveCheck, TableCheck } from '../../src/check/scenario.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { renderTableDiff } from '../../src/run/table.js';
import { runSourceWith } from '../../src/run/source.js';
import { textFilter } from '../../src/run/filter.js';
import { allowTo, dropped, fakeEngine, reach, scenario, span, step } from './fixtures.js';

describe('runScenario', () => {
  it('applies each step’s changes on top of the previous step and builds the state once per step', () => {
    const log: string[] = [];
    const s = scenario([
      step([reach('a', 1, { outcome: 'allow' })]),
      { title: 'two', changes: [{ kind: 'remove', objectKind: 'pod', namespace: 'default', name: 'x', span: span(3) }], checks: [reach('b', 4, { outcome: 'allow' }), reach('c', 5, { outcome: 'allow' })] },
      { title: 'three', changes: [{ kind: 'pod-lifecycle', action: 'ready', namespace: 'default', name: 'x', span: span(6) }], checks: [] },
    ]);
    runScenario(s, fakeEngine({ log }));
    expect(log).toEqual(['build lab', 'apply remove', 'build lab+remove', 'apply pod-lifecycle', 'build lab+remove+pod-lifecycle']);
  });

  it('counts passes and failures and keeps flows of passing checks', () => {
    const engine = fakeEngine({ flows: (p) => (p.target.kind === 'service' && p.target.name === 'db' ? [dropped('timeout', 'policy')] : [allowTo('web-1')]) });
    const r = runScenario(scenario([step([reach('to web', 1, { outcome: 'allow' }), reach('to db', 2, { outcome: 'allow' }, 'db')])]), engine);
    expect([r.passed, r.failed]).toEqual([1, 1]);
    expect(r.steps[0]!.checks[0]!.flows).toHaveLength(1);
    expect(r.steps[0]!.checks[1]!.counterexample?.outcome).toBe('timeout');
  });

  it('fails every check of a step whose state has errors, with those diagnostics, and only that step', () => {
    const problem: Diagnostic = { code: 'NS3001', severity: 'error', message: 'two pods share 10.244.1.5', span: span(2) };
    const warning: Diagnostic = { code: 'NS3002', severity: 'warning', message: 'just a warning', span: span(2) };
    const engine = fakeEngine({ problems: (spec) => (spec.name.includes('upsert') ? [problem, warning] : [warning]) });
    const s = scenario([
      step([reach('a', 1, { outcome: 'allow' })]),
      { title: 'break', changes: [{ kind: 'upsert', object: { kind: 'namespace', spec: { name: 'x', labels: {} } }, span: span(3) }], checks: [reach('b', 4, { outcome: 'allow' })] },
    ]);
    const r = runScenario(s, engine);
    expect(r.steps[0]!.checks[0]!.passed).toBe(true);
    const blocked = r.steps[1]!.checks[0]!;
    expect(blocked.passed).toBe(false);
    expect(blocked.problems).toEqual([problem]);
    expect(blocked.message).toContain('two pods share 10.244.1.5');
  });

  it('is deterministic', () => {
    const s = scenario([step([reach('a', 1, { outcome: 'deny' })])]);
    const engine = fakeEngine({ flows: () => [allowTo('web-1'), dropped('timeout')] });
    expect(JSON.stringify(runScenario(s, engine))).toBe(JSON.stringify(runScenario(s, engine)));
  });
});

describe('resolve checks', () => {
  const resolveCheck = (e: ResolveCheck['expect']): ResolveCheck => ({ kind: 'resolve', text: 'resolve', span: span(1), source: { kind: 'pod', namespace: 'default', name: 'client' }, name: 'web', recordType: 'A', expect: e, expectSpan: span(1) });
  const answer = (...ips: string[]) => () => ({ rcode: 'NOERROR' as const, fqdn: 'web.default.svc.cluster.local', answers: ips.map((value) => ({ name: 'web.default.svc.cluster.local', type: 'A' as const, value })), hops: [] });
  const run = (e: ResolveCheck['expect'], engine: ReturnType<typeof fakeEngine>) => runScenario(scenario([step([resolveCheck(e)])]), engine).steps[0]!.checks[0]!;

  it('address in CIDR: every answer must lie inside', () => {
    expect(run({ kind: 'address-in', cidr: '10.96.0.0/12' }, fakeEngine({ dns: answer('10.96.0.10') })).passed).toBe(true);
    const r = run({ kind: 'address-in', cidr: '10.96.0.0/12' }, fakeEngine({ dns: answer('10.96.0.10', '10.244.1.5') }));
    expect(r.passed).toBe(false);
    expect(r.message).toContain('10.244.1.5');
  });
  it('address in CIDR fails on NXDOMAIN', () => {
    expect(run({ kind: 'address-in', cidr: '10.96.0.0/12' }, fakeEngine()).passed).toBe(false);
  });
  it('addresses compare as a set', () => {
    expect(run({ kind: 'addresses', ips: ['10.244.1.6', '10.244.1.5'] }, fakeEngine({ dns: answer('10.244.1.5', '10.244.1.6') })).passed).toBe(true);
    expect(run({ kind: 'addresses', ips: ['10.244.1.5'] }, fakeEngine({ dns: answer('10.244.1.5', '10.244.1.6') })).passed).toBe(false);
  });
  it('address of a headless Service: exactly its ready endpoints', () => {
    const target = { kind: 'service' as const, namespace: 'default', name: 'db' };
    expect(run({ kind: 'address-of', target }, fakeEngine({ dns: answer('10.244.1.5', '10.244.2.5'), addresses: ['10.244.2.5', '10.244.1.5'] })).passed).toBe(true);
    expect(run({ kind: 'address-of', target }, fakeEngine({ dns: answer('10.244.1.5'), addresses: ['10.244.2.5', '10.244.1.5'] })).passed).toBe(false);
    expect(run({ kind: 'address-of', target }, fakeEngine({ dns: answer('10.244.1.5') })).message).toContain('does not exist');
  });
  it('nxdomain, cname and srv', () => {
    expect(run({ kind: 'nxdomain' }, fakeEngine()).passed).toBe(true);
    expect(run({ kind: 'nxdomain' }, fakeEngine({ dns: answer('10.96.0.10') })).passed).toBe(false);
    const cname = () => ({ rcode: 'NOERROR' as const, answers: [{ name: 'ext.default.svc.cluster.local', type: 'CNAME' as const, value: 'db.example.com.' }], hops: [] });
    expect(run({ kind: 'cname', name: 'db.example.com' }, fakeEngine({ dns: cname })).passed).toBe(true);
    expect(run({ kind: 'cname', name: 'other.example.com' }, fakeEngine({ dns: cname })).passed).toBe(false);
    const srv = () => ({ rcode: 'NOERROR' as const, answers: [{ name: '_http._tcp.web.default.svc.cluster.local', type: 'SRV' as const, value: '0 100 80 web.default.svc.cluster.local.' }], hops: [] });
    expect(run({ kind: 'srv', port: 80 }, fakeEngine({ dns: srv })).passed).toBe(true);
    expect(run({ kind: 'srv', port: 8080 }, fakeEngine({ dns: srv })).passed).toBe(false);
  });
});

describe('table checks', () => {
  const table: TableCheck = {
    kind: 'table',
    text: 'table',
    span: span(1),
    via: 'clusterip',
    columns: [
      { target: { kind: 'service', namespace: 'default', name: 'web' }, label: 'web', span: span(1) },
      { target: { kind: 'service', namespace: 'default', name: 'db' }, label: 'db', span: span(1) },
    ],
    rows: [
      { source: { kind: 'pod', namespace: 'default', name: 'client' }, label: 'client', span: span(2), cells: [{ expect: 'allow', span: span(2) }, { expect: 'deny', span: span(2) }] },
      { source: { kind: 'pod', namespace: 'default', name: 'admin' }, label: 'admin', span: span(3), cells: [{ expect: '*', span: span(3) }, { expect: 'allow', span: span(3) }] },
    ],
  };
  const engine = fakeEngine({ flows: (p) => (p.target.kind === 'service' && p.target.name === 'db' ? [dropped('timeout', 'policy')] : [allowTo('web-1')]) });

  it('probes every cell with the table’s via and reports the differing cells', () => {
    const seen: string[] = [];
    const r = runScenario(scenario([step([table])]), fakeEngine({ flows: (p) => { seen.push(`${p.source.kind === 'pod' ? p.source.name : ''}→${p.target.kind === 'service' ? `${p.target.name}/${p.target.via}` : ''}`); return engine.probe({ problems: [] }, p).flows; } })).steps[0]!.checks[0]!;
    expect(seen).toEqual(['client→web/clusterip', 'client→db/clusterip', 'admin→web/clusterip', 'admin→db/clusterip']);
    expect(r.passed).toBe(false);
    const failing = r.table!.cells.filter((c) => !c.passed).map((c) => [c.row, c.column, c.expect, c.actual]);
    expect(failing).toEqual([[1, 1, 'allow', 'timeout']]);
    expect(r.message).toContain('admin → db expected allow, got timeout');
    const diff = renderTableDiff(r.table!);
    expect(diff).toContain('✗ allow→timeout');
    expect(diff.split('\n')).toHaveLength(3);
  });
  it('a Service path in `via` leaves pod columns reached directly; a pod path applies to them', () => {
    const mixed: TableCheck = { ...table, columns: [table.columns[0]!, { target: { kind: 'pod', namespace: 'default', name: 'db' }, label: 'db', span: span(1) }] };
    const vias: (string | undefined)[] = [];
    const record = fakeEngine({ flows: (p) => { vias.push('via' in p.target ? p.target.via : 'none'); return [allowTo('web-1')]; } });
    runScenario(scenario([step([mixed])]), record);
    expect(vias.slice(0, 2)).toEqual(['clusterip', 'none']);
    vias.length = 0;
    runScenario(scenario([step([{ ...mixed, via: 'hostport' }])]), record);
    expect(vias.slice(0, 2)).toEqual(['hostport', 'hostport']);
  });
  it('a * cell accepts any outcome', () => {
    const r = runScenario(scenario([step([table])]), fakeEngine({ flows: () => [dropped('refused')] })).steps[0]!.checks[0]!;
    expect(r.table!.cells.find((c) => c.row === 1 && c.column === 0)!.passed).toBe(true);
  });
});

describe('runSource', () => {
  it('never runs a scenario that has errors', () => {
    const err: Diagnostic = { code: 'NS0001', severity: 'error', message: 'syntax error', span: span(1) };
    const s = scenario([step([reach('a', 1, { outcome: 'allow' })])]);
    const r = runSourceWith(fakeEngine({ check: () => ({ scenario: s, diagnostics: [err] }) }), 'x', 'demo.netscn');
    expect(r.result).toBeUndefined();
    expect(r.diagnostics).toEqual([err]);
  });
  it('filters checks by text or step title but still applies every change', () => {
    const log: string[] = [];
    const s = scenario([
      step([reach('from pod a reach svc web expect allow', 1, { outcome: 'allow' }), reach('from pod b reach svc db expect allow', 2, { outcome: 'allow' })]),
      { title: 'close ports', changes: [{ kind: 'remove', objectKind: 'pod', namespace: 'default', name: 'x', span: span(3) }], checks: [reach('from pod c reach svc web expect allow', 4, { outcome: 'allow' })] },
    ]);
    const engine = fakeEngine({ log, check: () => ({ scenario: s, diagnostics: [] }) });
    const r = runSourceWith(engine, 'x', 'demo.netscn', { filter: textFilter('svc db') })!.result!;
    expect(r.steps.map((st) => st.checks.map((c) => c.check.text))).toEqual([['from pod b reach svc db expect allow'], []]);
    expect(log).toContain('apply remove');
    const byTitle = runSourceWith(engine, 'x', 'demo.netscn', { filter: textFilter('/^close/') }).result!;
    expect(byTitle.steps.map((st) => st.checks.length)).toEqual([0, 1]);
  });
});

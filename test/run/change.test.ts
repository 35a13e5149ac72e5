/**
 * Change checks run (src/run/change.ts): a step's connections against the cluster it started
 * from, scoped by either end, failing with the forbidden changes as `netscn diff` lines in review
 * order; the same changes `netscn diff FILE --from-step N-1 --to-step N` lists.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { noFiles } from '../../src/check/file-read.js';
import { changeLine } from '../../src/connlist/diff-formats.js';
import { runSource } from '../../src/host/run-source.js';
import { formatEvidence, SHOWN_CHANGES } from '../../src/report/explain.js';
import { formatJson } from '../../src/report/json.js';
import { formatJunit } from '../../src/report/junit.js';
import type { RunReport } from '../../src/report/summary.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import type { CheckResult } from '../../src/run/results.js';
import { runCheck } from '../../src/run/run-scenario.js';
import { assertionError } from '../../src/vitest/runtime.js';

const CLUSTER = `cluster lab {
  node n1 ip 192.168.0.11
  namespace shop
  namespace monitoring
  pod web in shop on n1 labels app=web ports http:8080, metrics:9090
  pod client in shop on n1 labels app=client
  pod prometheus in monitoring on n1 labels app=prometheus
  network-policy web in shop {
    select app=web
    allow ingress from pods app=client ports 8080, 9090
  }
}
`;

/** A policy step that adds Prometheus (from monitoring) and an address range to the web pod. */
const OPEN = `  network-policy web in shop {
    select app=web
    allow ingress from pods app=client ports 8080, 9090
    allow ingress from namespaces kubernetes.io/metadata.name=monitoring ports 9090
    allow ingress from cidr 203.0.113.0/24 ports 8080
  }
`;

/** A policy step that takes the metrics port from the client. */
const TIGHTEN = `  network-policy web in shop {
    select app=web
    allow ingress from pods app=client ports 8080
  }
`;

/** Every check of the file's steps after the top level, by assertion text; the file must check. */
function run(text: string): Map<string, CheckResult> {
  const r = runSource(text, '/virtual/change.netscn', { readFile: noFiles });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const out = new Map<string, CheckResult>();
  for (const step of r.result!.steps) for (const c of step.checks) out.set(`${step.title ?? ''}: ${c.check.text}`, c);
  return out;
}

function lines(r: CheckResult | undefined): string[] {
  return (r?.changes ?? []).map(changeLine);
}

describe('change checks', () => {
  it('fail `expect no new connections` on a change that adds connections, with the diff lines most exposed first', () => {
    const checks = run(`${CLUSTER}step "open" {\n${OPEN}  expect no new connections\n}\n`);
    const r = checks.get('open: expect no new connections')!;
    expect(r.passed).toBe(false);
    expect(lines(r)).toEqual(['+ 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080', '+ monitoring/prometheus[Pod] => shop/web[Pod] : TCP 9090']);
    expect(r.message).toBe('expected no new connections, but the step opens 2 connections: + 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080 (and 1 more)');
    expect(formatEvidence(r, { color: false }).split('\n')).toEqual([
      'the changes in scope, as `netscn diff` lists them (+ added, - removed, ~ changed):',
      '+ 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080',
      '+ monitoring/prometheus[Pod] => shop/web[Pod] : TCP 9090',
    ]);
  });

  it('ignore changes outside their scope, and fail on the ones inside it', () => {
    const asserted = [
      'expect no new connections from namespace shop',
      'expect no new connections to namespace monitoring',
      'expect no new connections from pod shop/client to pod shop/web',
      'expect no new connections from internet',
      'expect no new connections from namespace monitoring',
      'expect no new connections to pod shop/web',
    ];
    const checks = run(`${CLUSTER}step "open" {\n${OPEN}${asserted.map((a) => `  ${a}\n`).join('')}}\n`);
    const verdict = asserted.map((a) => [a, checks.get(`open: ${a}`)!.passed, lines(checks.get(`open: ${a}`))]);
    expect(verdict).toEqual([
      [asserted[0], true, []],
      [asserted[1], true, []],
      [asserted[2], true, []],
      [asserted[3], false, ['+ 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080']],
      [asserted[4], false, ['+ monitoring/prometheus[Pod] => shop/web[Pod] : TCP 9090']],
      [asserted[5], false, ['+ 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080', '+ monitoring/prometheus[Pod] => shop/web[Pod] : TCP 9090']],
    ]);
    expect(checks.get(`open: ${asserted[0]}`)!.message).toBe('the step changes 2 connections, 0 of them in scope, and opens none');
  });

  it('pass `no new` and fail `no lost` and `unchanged` on a tightening', () => {
    const checks = run(`${CLUSTER}step "tighten" {\n${TIGHTEN}  expect no new connections\n  expect no lost connections\n  expect connections unchanged\n  expect no lost connections from namespace monitoring\n}\n`);
    const changed = ['~ shop/client[Pod] => shop/web[Pod] : TCP 8080,9090 -> TCP 8080 (lost TCP 9090)'];
    expect(checks.get('tighten: expect no new connections')!.passed).toBe(true);
    expect(checks.get('tighten: expect no new connections')!.message).toBe('the step changes 1 connection, 1 of them in scope, and opens none');
    expect([checks.get('tighten: expect no lost connections')!.passed, lines(checks.get('tighten: expect no lost connections'))]).toEqual([false, changed]);
    expect(checks.get('tighten: expect no lost connections')!.message).toMatch(/^expected no lost connections, but the step closes 1 connection: ~ shop\/client/);
    expect([checks.get('tighten: expect connections unchanged')!.passed, lines(checks.get('tighten: expect connections unchanged'))]).toEqual([false, changed]);
    expect(checks.get('tighten: expect no lost connections from namespace monitoring')!.passed).toBe(true);
  });

  it('compare each step with the one before it (the first with the declared cluster), not with the declared cluster', () => {
    const checks = run(`${CLUSTER}step "open" {\n${OPEN}  expect connections unchanged\n}\nstep "relabel" {\n  label pod shop/client tier=front\n  expect connections unchanged\n}\n`);
    expect(checks.get('open: expect connections unchanged')!.passed).toBe(false);
    expect(checks.get('relabel: expect connections unchanged')!.passed).toBe(true);
    expect(checks.get('relabel: expect connections unchanged')!.message).toBe('the step changes no connection');
  });

  it('count a pod removed by the step, and scope a pod by its workload', () => {
    const owned = CLUSTER.replace('pod client in shop on n1 labels app=client', 'pod client-1 in shop on n1 labels app=client owner Deployment/client');
    const checks = run(`${owned}step "remove" {\n  remove pod shop/client-1\n  expect no lost connections from pod shop/client-1\n  expect no lost connections from pod monitoring/prometheus to pod shop/web\n  expect no lost connections from pod monitoring/prometheus\n}\n`);
    const r = checks.get('remove: expect no lost connections from pod shop/client-1')!;
    expect([r.passed, lines(r)]).toEqual([
      false,
      [
        '- shop/client[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections',
        '- shop/client[Deployment] => monitoring/prometheus[Pod] : All Connections',
        '- shop/client[Deployment] => shop/web[Pod] : TCP 8080,9090',
      ],
    ]);
    expect(checks.get('remove: expect no lost connections from pod monitoring/prometheus to pod shop/web')!.passed).toBe(true);
    expect(lines(checks.get('remove: expect no lost connections from pod monitoring/prometheus'))).toEqual(['- monitoring/prometheus[Pod] => shop/client[Deployment] : All Connections']);
  });

  it('count what an Ingress exposes to the ingress controller as from the internet', () => {
    const open = CLUSTER.replace(
      '  network-policy web in shop {\n    select app=web\n    allow ingress from pods app=client ports 8080, 9090\n  }\n',
      '  service web in shop selector app=web port 80 -> 8080\n',
    );
    const checks = run(`${open}step "publish" {\n  ingress site in shop {\n    rule host shop.example.com -> svc web:80\n  }\n  expect no new connections from internet\n  expect no new connections to internet\n}\n`);
    const r = checks.get('publish: expect no new connections from internet')!;
    expect([r.passed, lines(r)]).toEqual([false, ['+ {ingress-controller} => shop/web[Pod] : TCP 8080']]);
    expect(checks.get('publish: expect no new connections to internet')!.passed).toBe(true);
  });

  it('lists the changes `netscn diff FILE --from-step N-1 --to-step N` lists (the lesson policy-change)', async () => {
    const lesson = join('scenarios', 'policy', 'policy-change');
    const dir = mkdtempSync(join(tmpdir(), 'netscn-change-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    for (const side of ['before', 'after']) {
      mkdirSync(join(dir, side));
      for (const f of ['app.yaml', 'policy.yaml']) writeFileSync(join(dir, side, f), readFileSync(join(lesson, side, f), 'utf8'));
    }
    const text = readFileSync(join(lesson, 'policy-change.netscn'), 'utf8').replace('step "apply the change" {\n', 'step "apply the change" {\n  expect connections unchanged\n');
    writeFileSync(join(dir, 'change.netscn'), text);
    let stdout = '';
    const io: CliIO = { stdout: (s) => void (stdout += s), stderr: () => undefined, cwd: dir, env: {}, isTTY: false, now: () => 0 };
    await main(['diff', 'change.netscn', '--from-step', '0', '--to-step', '1'], io);
    const diffLines = stdout.trimEnd().split('\n').filter((l) => !/^[+-] workload /.test(l));
    const r = runSource(text, join(dir, 'change.netscn')).result!.steps[1]!.checks[0]!;
    expect(r.passed).toBe(false);
    expect(diffLines.length).toBeGreaterThan(1);
    expect(lines(r)).toEqual(diffLines);
  });
});

describe('change checks in the reports', () => {
  const text = `${CLUSTER}step "open" {\n${OPEN}  expect no new connections from internet\n}\n`;
  const run = runSource(text, 'change.netscn', { readFile: noFiles });
  const report: RunReport = { files: [{ ...run, durationMs: 0 }], durationMs: 0 };

  it('JSON: the forbidden changes as `netscn diff --format json` rows, null for other checks', () => {
    const json = JSON.parse(formatJson(report));
    expect(json.files[0].steps[1].assertions[0]).toMatchObject({
      kind: 'change',
      status: 'failed',
      changes: [{ change: 'added', scope: 'from-external', src: '203.0.113.0-203.0.113.255[External]', dst: 'shop/web[Pod]', before: null, after: 'TCP 8080', gained: { TCP: [[8080, 8080]] }, lost: {} }],
    });
  });

  it('JUnit: the diff lines in the failure', () => {
    expect(formatJunit(report)).toContain('+ 203.0.113.0-203.0.113.255[External] =&gt; shop/web[Pod] : TCP 8080');
  });

  it('vitest: the diff lines in the assertion error', () => {
    const e = assertionError(run.result!.steps[1]!.checks[0]!, run.source);
    expect(e.message.split('\n')).toEqual([
      'expected no new connections, but the step opens 1 connection: + 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080',
      '',
      'the changes in scope, as `netscn diff` lists them (+ added, - removed, ~ changed):',
      '+ 203.0.113.0-203.0.113.255[External] => shop/web[Pod] : TCP 8080',
    ]);
  });

  it('bounds the evidence at SHOWN_CHANGES lines and counts the rest; explain prints every one', () => {
    const pods = Array.from({ length: 12 }, (_, i) => `  pod p${i} in shop on n1 labels app=p\n`).join('');
    const r = runSource(`${CLUSTER}step "more pods" {\n${pods}  expect connections unchanged\n}\n`, 'many.netscn', { readFile: noFiles }).result!.steps[1]!.checks[0]!;
    expect(r.changes!.length).toBeGreaterThan(SHOWN_CHANGES);
    const shown = formatEvidence(r, { color: false }).split('\n');
    expect(shown).toHaveLength(SHOWN_CHANGES + 2);
    expect(shown[shown.length - 1]).toBe(`… ${r.changes!.length - SHOWN_CHANGES} more not shown (\`netscn explain FILE:LINE\` prints every one)`);
    expect(formatEvidence(r, { color: false, all: true }).split('\n')).toHaveLength(r.changes!.length + 1);
  });
});

describe('runCheck of a change check on its own', () => {
  it('fails, saying so, without the cluster its step started from', () => {
    const r = runSource(`${CLUSTER}step "open" {\n${OPEN}  expect connections unchanged\n}\n`, 'alone.netscn', { readFile: noFiles });
    const check = r.result!.steps[1]!.checks[0]!.check;
    const spec = r.result!.scenario.cluster;
    const result = runCheck(check, defaultEngine.buildState(spec), defaultEngine, spec);
    expect([result.passed, result.message]).toEqual([false, 'a change check needs the cluster its step started from']);
  });
});

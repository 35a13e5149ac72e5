/**
 * The verdict path and the trace path are one walk (src/net/deferred-hop.ts): hops on the hot
 * path defer their text until it is read. For every scenario of the repository (the lessons in
 * scenarios/ and the good corpus), this runs every assertion twice — as the runner does, texts
 * deferred, and with `eagerText`, every hop's text rendered the moment the hop is made, as the
 * engine did before — and checks that
 * - judging the assertions rendered no deferred text (the verdict path builds no hop text),
 * - both runs give the same verdicts: outcome, cause, backends with their shares, source seen,
 *   stages passed, the pass/fail and its message,
 * - the traces rendered afterwards are byte-identical to the eager ones (and, for the lessons,
 *   to the golden traces in test/corpus/traces/).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isDeferred, textRendered } from '../../src/net/deferred-hop.js';
import { probe } from '../../src/net/probe.js';
import type { Flow } from '../../src/net/types.js';
import { formatDns, formatFlows } from '../../src/report/trace.js';
import { projectReader } from '../../src/host/project-files.js';
import { runFile } from '../../src/host/run-source.js';
import type { FileRun } from '../../src/run/source.js';
import { defaultEngine } from '../../src/run/engine-default.js';
import type { Engine } from '../../src/run/engine.js';
import type { ClusterState } from '../../src/model/state.js';
import { backendsOf, backendLabel } from '../../src/run/reach.js';
import type { CheckResult } from '../../src/run/results.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const lessons = join(root, 'scenarios');
const goodCorpus = join(root, 'test', 'corpus', 'good');
const goldens = join(root, 'test', 'corpus', 'traces');

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? scenarioFiles(p) : n.endsWith('.netscn') ? [p] : [];
    });
}

/** The engine with every hop's text rendered when the hop is made. */
const eagerEngine: Engine = { ...defaultEngine, probe: (state, p) => probe(state as ClusterState, p, { eagerText: true }) };

/** What an assertion's verdict compares, of one flow: no hop text. */
function flowVerdict(f: Flow) {
  return {
    outcome: f.outcome,
    cause: f.cause,
    backends: backendsOf(f).map((b) => `${backendLabel(b.backend)} ${b.backend.ip}:${b.backend.port} ${b.share}`),
    sourceSeen: f.sourceSeen,
    sourcesSeen: f.alike?.sourcesSeen,
    sourceIp: f.sourceIp,
    masqueraded: f.masqueraded,
    share: f.share,
    paths: f.alike?.paths,
    branch: f.branch,
    stages: f.hops.map((h) => h.stage).join(' '),
    nat: f.hops.flatMap((h) => (h.nat ?? []).map((n) => `${n.kind} ${n.from} ${n.to}`)).join(', '),
    http: f.http?.status,
  };
}

function checksOf(run: FileRun): CheckResult[] {
  return (run.result?.steps ?? []).flatMap((s) => s.checks);
}

function verdicts(run: FileRun) {
  return checksOf(run).map((c) => ({
    text: c.check.text,
    passed: c.passed,
    message: c.message,
    flows: c.flows.map(flowVerdict),
    counterexample: c.counterexample ? flowVerdict(c.counterexample) : undefined,
    cells: c.table?.cells.map((cell) => ({ actual: cell.actual, passed: cell.passed, message: cell.message, flows: cell.flows.map(flowVerdict) })),
  }));
}

/** Every hop of every flow the run kept (checks, their counterexamples, table cells). */
function allHops(run: FileRun) {
  return checksOf(run).flatMap((c) => [...c.flows, ...(c.counterexample ? [c.counterexample] : []), ...(c.table?.cells.flatMap((cell) => cell.flows) ?? [])].flatMap((f) => f.hops));
}

/** The traces of a run, as the golden traces print them. */
function traces(run: FileRun): string {
  if (!run.result) return `does not check:\n${run.diagnostics.map((d) => d.message).join('\n')}\n`;
  const out: string[] = [];
  for (const step of run.result.steps) {
    for (const c of step.checks) {
      out.push(`### ${step.title ?? '(cluster)'} :: ${c.check.text}`);
      out.push(`${c.passed ? 'passed' : 'FAILED'}: ${c.message}`);
      if (c.dns) out.push(formatDns(c.dns, { color: false }));
      else if (c.flows.length > 0) out.push(formatFlows(c.flows, { color: false }));
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

let deferredSeen = 0;

describe('verdicts without traces: the same walk, text deferred or rendered at once', () => {
  const files = [...scenarioFiles(lessons).map((p) => ({ p, golden: true })), ...scenarioFiles(goodCorpus).map((p) => ({ p, golden: false }))];
  for (const { p, golden } of files) {
    it(relative(root, p), () => {
      const lazy = runFile(p, { readFile: projectReader(p) });
      const eager = runFile(p, { readFile: projectReader(p), engine: eagerEngine });
      const hops = allHops(lazy);
      const deferred = hops.filter(isDeferred);
      deferredSeen += deferred.length;
      // Judging every assertion read no deferred text.
      expect(deferred.filter(textRendered)).toHaveLength(0);
      expect(verdicts(lazy)).toEqual(verdicts(eager));
      // Rendered now, long after the walk: the very text of the eager run.
      const text = traces(lazy);
      expect(text).toBe(traces(eager));
      // The JSON reporter's view of a deferred hop: the same text, as plain data.
      for (const h of deferred) expect(JSON.parse(JSON.stringify(h)).text).toBe(h.text);
      if (golden) {
        const file = join(goldens, relative(lessons, p).replace(/\.netscn$/, '.trace'));
        expect(existsSync(file)).toBe(true);
        expect(text).toBe(readFileSync(file, 'utf8'));
      }
    });
  }
  it('met deferred hops (the comparison above is not vacuous)', () => {
    expect(deferredSeen).toBeGreaterThan(1000);
  });
});

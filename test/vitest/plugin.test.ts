import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Engine } from '../../src/run/engine.js';
import { defaultRuntime, netscn } from '../../src/vitest/plugin.js';
import { NetworkAssertionError, scenarioModule, ScenarioDiagnosticError } from '../../src/vitest/runtime.js';
import { allowTo, dropped, fakeEngine, reach, scenario, span, step } from '../run/fixtures.js';

function countingEngine(counter: { checks: number }): Engine {
  return fakeEngine({
    check: (text, file) => {
      counter.checks++;
      if (text.includes('BAD')) return { diagnostics: [{ code: 'NS0001', severity: 'error', message: 'unexpected BAD', span: span(2, 5, 3, file) }] };
      return {
        scenario: scenario([step([{ ...reach('from pod a reach svc web expect allow', 2, { outcome: 'allow' }), span: span(2, 1, 37, file) }, { ...reach('from pod a reach svc db expect allow', 3, { outcome: 'allow' }, 'db'), span: span(3, 1, 36, file) }])], 'T', file),
        diagnostics: [],
      };
    },
    flows: (p) => (p.target.kind === 'service' && p.target.name === 'db' ? [dropped('timeout', 'policy')] : [allowTo('web-1')]),
  });
}

const SOURCE = 'scenario "T"\nfrom pod a reach svc web expect allow\nfrom pod a reach svc db expect allow\n';

describe('plugin', () => {
  it('transforms only .netscn modules (query strings ignored) and names the runtime', () => {
    const plugin = netscn({ runtime: 'netscn/runtime', engine: countingEngine({ checks: 0 }) });
    expect(plugin.transform('export {}', '/p/a.ts')).toBeNull();
    const out = plugin.transform(SOURCE, '/p/scenarios/a.netscn?v=1');
    expect(out?.code).toContain('from "netscn/runtime"');
    expect(out?.code).toContain('"/p/scenarios/a.netscn"');
    expect(plugin.enforce).toBe('pre');
  });
  it('shows paths relative to the Vite root', () => {
    const plugin = netscn({ runtime: 'r', engine: countingEngine({ checks: 0 }) });
    plugin.configResolved?.({ root: '/p' });
    expect(plugin.transform(SOURCE, '/p/scenarios/a.netscn')?.code).toContain('scenarioModule(' + JSON.stringify(SOURCE) + ', "scenarios/a.netscn"');
  });
  it('declares every file the scenario loads (and those it could not find) as watched dependencies', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netscn-watch-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    mkdirSync(join(dir, 'k8s'));
    writeFileSync(join(dir, 'k8s', 'app.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    const scenarioFile = join(dir, 'a.netscn');
    const text = 'cluster c {\n  node n1 ip 192.168.0.11\n  load "k8s/app.yaml"\n  load "k8s/later.yaml"\n}\n';
    const watched: string[] = [];
    const out = netscn({ runtime: 'r' }).transform.call({ addWatchFile: (id: string) => void watched.push(id) }, text, scenarioFile);
    expect(out?.code).toContain('describe(');
    expect(watched.sort()).toEqual([join(dir, 'k8s', 'app.yaml'), join(dir, 'k8s', 'later.yaml')]);
  });
  it('inside this repository the runtime is the TypeScript source file', () => {
    const runtime = defaultRuntime();
    expect(runtime).toMatch(/src\/vitest\/runtime\.ts$/);
    expect(existsSync(runtime)).toBe(true);
  });
});

describe('runtime', () => {
  it('checks the file once per module, not once per assertion', async () => {
    const counter = { checks: 0 };
    const m = scenarioModule(SOURCE, 'a.netscn', '/p/a.netscn', countingEngine(counter));
    await m.check(0, 0);
    await m.check(0, 0);
    expect(counter.checks).toBe(1);
    scenarioModule(SOURCE, 'a.netscn', '/p/a.netscn', countingEngine(counter));
    expect(counter.checks).toBe(1);
  });
  it('a failure throws the reason and trace, with the assertion’s code frame, and annotates the explain command', async () => {
    const m = scenarioModule(SOURCE, 'a.netscn', '/p/a.netscn', countingEngine({ checks: 0 }));
    const notes: string[] = [];
    const err = await m.check(0, 1, { annotate: async (msg) => void notes.push(msg) }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkAssertionError);
    const e = err as NetworkAssertionError;
    expect(e.message.split('\n')[0]).toBe('expected allow, got timeout (policy)');
    expect(e.message).toContain('[security-group @ n2]');
    expect(e.frame).toContain('a.netscn:3:1');
    expect(e.frame).toContain('from pod a reach svc db expect allow');
    // The trace is printed once, in the error: the annotation only names the command for every path.
    expect(e.message.split('⇒ timeout')).toHaveLength(2);
    expect(notes).toEqual(['every path: netscn explain a.netscn:3']);
  });
  it('a file with errors throws each diagnostic with its rendered frame', () => {
    const m = scenarioModule('scenario "T"\nfrom BAD\n', 'a.netscn', '/p/a.netscn', countingEngine({ checks: 0 }));
    expect(() => m.diagnostic(0)).toThrow(ScenarioDiagnosticError);
    try {
      m.diagnostic(0);
    } catch (e) {
      expect((e as ScenarioDiagnosticError).frame).toContain('a.netscn:2:5');
    }
  });
});

/**
 * Steps that only change pod conditions take the incremental path (engine.updateState); every
 * scenario in the repository must give the same verdicts and messages as with full rebuilds.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEngine } from '../../src/run/engine-default.js';
import { runFile } from '../../src/host/run-source.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.netscn') ? [p] : [];
  });
}

const summary = (path: string, engine: typeof defaultEngine) =>
  runFile(path, { engine }).result?.steps.map((s) => s.checks.map((c) => `${c.passed} ${c.message}`));

describe('incremental steps', () => {
  const all = [...files('scenarios'), ...files('test/corpus/good')];
  const withConditionSteps = all.filter((f) => /^\s*(ready|not-ready|terminate|restart)\s+pod\b/m.test(readFileSync(f, 'utf8')));

  it('some scenarios exercise it', () => {
    expect(withConditionSteps.length).toBeGreaterThan(0);
  });

  let used = 0;
  it.each(withConditionSteps)('%s: same results as full rebuilds', (path) => {
    const rebuild = { ...defaultEngine, updateState: undefined };
    const counting = { ...defaultEngine, updateState: (...a: Parameters<NonNullable<typeof defaultEngine.updateState>>) => {
      const s = defaultEngine.updateState?.(...a);
      if (s) used++;
      return s;
    } };
    expect(summary(path, counting)).toEqual(summary(path, rebuild));
  });

  it('the incremental path was taken (not a comparison of two rebuilds)', () => {
    expect(used).toBeGreaterThan(2);
  });
});

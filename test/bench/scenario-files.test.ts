/** The benchmark's generated scenarios must stay valid and pass, or B6 measures failures. */
import { noFiles } from '../../src/check/file-read.js';
import { describe, expect, it } from 'vitest';
import { largeScenario, smallScenario } from '../../src/bench/scenario-files.js';
import { runSource } from '../../src/host/run-source.js';
import { parseFile } from '../../src/syntax/parse.js';

describe('bench scenario generators', () => {
  it.each([1, 2, 3, 17])('small scenario %i checks and every assertion passes', (seed) => {
    const r = runSource(smallScenario(seed), `/virtual/s${seed}.netscn`, { projectRoot: '/virtual', readFile: noFiles });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const failed = r.result?.steps.flatMap((s) => s.checks).filter((c) => !c.passed).map((c) => `${c.check.text}: ${c.message}`);
    expect(failed).toEqual([]);
  });
  it('the large scenario parses', () => {
    expect(parseFile(largeScenario(2000, 6), 'large.netscn').diagnostics).toEqual([]);
  });
});

/**
 * A small seeded budget of the fuzzer (src/fuzz): mutated scenarios and manifests through
 * everything the CLI does with them, with no exception escaping and no internal error. The long
 * run is `npm run fuzz`; a failure here names the input, which `fuzzInput(corpus, SEED, i)`
 * regenerates.
 */
import { describe, expect, it } from 'vitest';
import { fuzzCorpus, fuzzInput } from '../../src/fuzz/inputs.js';
import { loadSeeds } from '../../src/fuzz/seeds.js';
import { runTarget } from '../../src/fuzz/targets.js';

const SEED = 20261205;
const INPUTS = 200;

describe('fuzzing', () => {
  const corpus = fuzzCorpus(loadSeeds(process.cwd()));

  it('starts from every scenario and manifest seed', () => {
    expect(corpus.scenario.seeds.length).toBeGreaterThan(50);
    expect(corpus.manifest.seeds.length).toBeGreaterThan(10);
  });

  it('gives the same input for the same seed and number', () => {
    expect(fuzzInput(corpus, SEED, 7)).toEqual(fuzzInput(corpus, SEED, 7));
    expect(fuzzInput(corpus, SEED, 7)).not.toEqual(fuzzInput(corpus, SEED, 8));
  });

  it(`${INPUTS} mutated inputs: no crash, no internal error`, () => {
    const failures: string[] = [];
    let scenarios = 0;
    for (let i = 0; i < INPUTS; i++) {
      const input = fuzzInput(corpus, SEED, i);
      if (input.kind === 'scenario') scenarios++;
      try {
        for (const e of runTarget(input, process.cwd()).internalErrors) failures.push(`#${i} (${input.file}): ${e}`);
      } catch (e) {
        failures.push(`#${i} (${input.file}): crash: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    expect(failures).toEqual([]);
    expect(scenarios).toBeGreaterThan(INPUTS / 2);
  }, 120_000);
});

/**
 * Fuzz input number `i` of a run with seed `seed`: a pure function of (corpus, seed, i), so a
 * failing input is regenerated from its number alone. Three inputs in four are scenarios.
 */
import { seededRandom } from '../bench/random.js';
import { mutate } from './mutate.js';
import type { Seed, Seeds } from './seeds.js';

export interface FuzzInput {
  readonly kind: 'scenario' | 'manifest';
  /** The seed's path: the mutant is read as if it were that file. */
  readonly file: string;
  readonly text: string;
}

interface Pool {
  readonly seeds: readonly Seed[];
  readonly words: readonly string[];
  readonly lines: readonly string[];
}

function pool(seeds: readonly Seed[]): Pool {
  const words = new Set<string>();
  const lines = new Set<string>();
  for (const s of seeds) {
    for (const line of s.text.split('\n')) {
      lines.add(line);
      for (const w of line.match(/[A-Za-z0-9_./:\-]+/g) ?? []) words.add(w);
    }
  }
  return { seeds, words: [...words].sort(), lines: [...lines].sort() };
}

/** The seeds with the words and lines mutations splice in, per kind. */
export interface FuzzCorpus {
  readonly scenario: Pool;
  readonly manifest: Pool;
}

export function fuzzCorpus(seeds: Seeds): FuzzCorpus {
  return { scenario: pool(seeds.scenarios), manifest: pool(seeds.manifests) };
}

export function fuzzInput(corpus: FuzzCorpus, seed: number, i: number): FuzzInput {
  const random = seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0);
  const kind = random.int(4) === 0 || corpus.scenario.seeds.length === 0 ? 'manifest' : 'scenario';
  const p = corpus[kind];
  const original = random.pick(p.seeds);
  return { kind, file: original.file, text: mutate(original.text, { random, words: p.words, lines: p.lines }) };
}

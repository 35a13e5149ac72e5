/**
 * Every exercise of the course, over a bounded sample of seeds: every variant checks, its
 * reference solution scores full marks (the author's files and, bound to the variant, handed in
 * as a candidate would), and the start files bound to the variant do not. An exercise without
 * parameters has one variant. At least three labs are parametrised, and their variants differ.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';
import { gradeExercise } from '../../src/grade/grade.js';
import { projectReader } from '../../src/host/project-files.js';
import { boundFolder } from '../helpers/course-variant.js';

const COURSE = fileURLToPath(new URL('../../scenarios/course/', import.meta.url));
const LABS = readdirSync(COURSE).filter((d) => statSync(join(COURSE, d)).isDirectory()).sort();
const SEEDS = ['0', '1', '2', '3', '4', '5'];

function isParametrised(lab: string): boolean {
  return /^param /m.test(readFileSync(join(COURSE, lab, 'exercise.netscn'), 'utf8'));
}

describe('every variant of every course exercise', () => {
  it('covers the whole course, with at least three parametrised labs', () => {
    expect(LABS.length).toBeGreaterThanOrEqual(7);
    expect(LABS.filter(isParametrised).length).toBeGreaterThanOrEqual(3);
  });

  it.each(LABS)('%s: checks, the reference scores full marks and the start files do not', (lab) => {
    const file = join(COURSE, lab, 'exercise.netscn');
    const text = readFileSync(file, 'utf8');
    const readFile = projectReader(file);
    const variants = new Set<string>();
    for (const seed of isParametrised(lab) ? SEEDS : ['0']) {
      const checked = parseAndCheck(text, file, { seed, readFile });
      expect(checked.diagnostics.filter((d) => d.severity !== 'note')).toEqual([]);
      const bindings = checked.scenario?.variant?.bindings ?? [];
      variants.add(JSON.stringify(bindings));
      const input = { exerciseText: text, exerciseFile: file, readFile, variant: { seed } };
      for (const g of [gradeExercise(input), gradeExercise({ ...input, learnerFile: boundFolder(join(COURSE, lab, 'solution'), bindings) })]) {
        expect(g.error).toBeUndefined();
        expect(g.problems).toEqual([]);
        expect(g.maxScore).toBeGreaterThan(0);
        expect(g.score).toBe(g.maxScore);
        expect(g.variant?.seed).toBe(isParametrised(lab) ? seed : undefined);
      }
      const start = gradeExercise({ ...input, learnerFile: boundFolder(join(COURSE, lab, 'start'), bindings) });
      expect(start.error).toBeUndefined();
      expect(start.score).toBeLessThan(start.maxScore);
    }
    if (isParametrised(lab)) expect(variants.size).toBeGreaterThan(1);
  });
});

/**
 * A course lab's folder (start/ or solution/) as a candidate of one variant would hand it in:
 * each file with that variant's values in place (what `netscn variant --bind` prints).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAndCheck } from '../../src/check/index.js';
import { bindText } from '../../src/check/params/template.js';
import type { Binding } from '../../src/check/params/variant.js';
import type { SubmissionReader } from '../../src/grade/submission.js';
import { projectReader } from '../../src/host/project-files.js';

/** The variant's values of an exercise file under `seed` (none for an exercise without parameters). */
export function variantBindings(exercise: string, seed: string): readonly Binding[] {
  const checked = parseAndCheck(readFileSync(exercise, 'utf8'), exercise, { seed, readFile: projectReader(exercise) });
  return checked.scenario?.variant?.bindings ?? [];
}

/** A reader of `folder` whose files come with the values bound; a name it lacks is missing. */
export function boundFolder(folder: string, bindings: readonly Binding[]): SubmissionReader {
  return (name) => {
    let text: string;
    try {
      text = readFileSync(join(folder, name), 'utf8');
    } catch {
      return { kind: 'missing' };
    }
    const bound = bindText(text, bindings);
    if (bound.unknown.length > 0) throw new Error(`${name} uses undeclared parameters ${bound.unknown.join(', ')}`);
    return { kind: 'text', text: bound.text };
  };
}

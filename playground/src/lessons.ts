/**
 * Every lesson bundled into the page: each scenario of scenarios/ and each course lab, with every
 * file they may load, as one in-memory folder keyed by the path from the repository root (as the
 * CLI names files when run from there).
 */
import type { MemoryFolder } from '../../src/browser.js';

const raw = import.meta.glob('../../scenarios/**/*.{netscn,yaml,yml,json}', { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

/** The bundled files, keyed `scenarios/…`. */
export const FOLDER: MemoryFolder = new Map(Object.entries(raw).map(([k, v]) => [k.replace(/^(\.\.\/)+/, ''), v]));

export interface Lesson {
  /** `scenarios/…/x.netscn`. */
  readonly path: string;
  /** The group in the picker (the folder under scenarios/). */
  readonly group: string;
  readonly label: string;
  /** A course lab: graded, with start/ files for the learner. */
  readonly lab: boolean;
}

/** The lessons in the picker's order: by group, then by path. */
export const LESSONS: readonly Lesson[] = [...FOLDER.keys()]
  .filter((p) => p.endsWith('.netscn'))
  .sort()
  .map((path) => {
    const parts = path.split('/');
    const lab = parts[1] === 'course' && parts[parts.length - 1] === 'exercise.netscn';
    const group = lab ? 'course labs' : parts.slice(1, -1).join('/');
    const label = lab ? parts[2]! : parts[parts.length - 1]!.replace(/\.netscn$/, '');
    return { path, group, label, lab };
  });

/** The text of a bundled file. */
export function fileText(path: string): string | undefined {
  const v = FOLDER.get(path);
  return typeof v === 'string' ? v : undefined;
}

/** A lab's starting file for a learner file name: `start/NAME` beside the exercise. */
export function startFile(exercise: string, name: string): string {
  const dir = exercise.slice(0, exercise.lastIndexOf('/'));
  return fileText(`${dir}/start/${name}`) ?? '';
}

import { expect } from 'vitest';
import type { SpecObject } from '../../src/spec/objects.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { objectsFromYaml } from '../../src/manifests/index.js';
import type { ManifestResult } from '../../src/manifests/index.js';

export function read(text: string, file = 'test.yaml'): ManifestResult {
  return objectsFromYaml(text, file);
}

export function errors(res: ManifestResult): Diagnostic[] {
  return res.diagnostics.filter((d) => d.severity === 'error');
}

type SpecOf<K extends SpecObject['kind']> = Extract<SpecObject, { kind: K }>['spec'];

/** The specs of one kind of object, in order. */
export function specs<K extends SpecObject['kind']>(res: ManifestResult, kind: K): SpecOf<K>[] {
  return res.objects.flatMap((o) => (o.kind === kind ? [o.spec as unknown as SpecOf<K>] : []));
}

/** Reads text that must be clean and hold exactly one object of `kind`. */
export function one<K extends SpecObject['kind']>(text: string, kind: K): SpecOf<K> {
  const res = read(text);
  expect(errors(res)).toEqual([]);
  const all = specs(res, kind);
  expect(all).toHaveLength(1);
  return all[0]!;
}

/** The single error of `text`; fails if there is not exactly one. */
export function theError(text: string): Diagnostic {
  const errs = errors(read(text));
  expect(errs.map((e) => e.message)).toHaveLength(1);
  return errs[0]!;
}

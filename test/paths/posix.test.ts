import { posix } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { basename, dirname, extname, isAbsolute, join, normalize } from '../../src/paths/posix.js';

/** Paths built from the characters that matter to path operations. */
const path = fc.array(fc.constantFrom('/', '.', 'a', 'b', '\\', '..', '.c'), { maxLength: 10 }).map((parts) => parts.join(''));

describe('posix paths agree with node:path.posix', () => {
  it('on every operation', () => {
    fc.assert(
      fc.property(path, path, (p, q) => {
        expect(isAbsolute(p)).toBe(posix.isAbsolute(p));
        expect(normalize(p)).toBe(posix.normalize(p));
        expect(join(p, q)).toBe(posix.join(p, q));
        expect(dirname(p)).toBe(posix.dirname(p));
        expect(basename(p)).toBe(posix.basename(p));
        expect(basename(p, extname(p))).toBe(posix.basename(p, posix.extname(p)));
        expect(extname(p)).toBe(posix.extname(p));
      }),
      { numRuns: 20_000 },
    );
  });
  it('on the paths scenarios use', () => {
    expect(join('k8s', 'app.yaml')).toBe('k8s/app.yaml');
    expect(dirname('scenarios/course/lab1.netscn')).toBe('scenarios/course');
    expect(basename('scenarios/lab1.netscn', extname('scenarios/lab1.netscn'))).toBe('lab1');
  });
});

/**
 * The seed corpus of the fuzzer: every scenario in scenarios/ and test/corpus/good, and every
 * manifest in test/fixtures/manifests and scenarios/ (dot-folders skipped), read from the
 * repository at `root`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export interface Seed {
  /** Path relative to the repository root, so `load` statements resolve as in the original. */
  readonly file: string;
  readonly text: string;
}

export interface Seeds {
  readonly scenarios: readonly Seed[];
  readonly manifests: readonly Seed[];
}

function walk(dir: string, out: string[]): void {
  for (const name of readdirSync(dir).sort()) {
    if (name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
}

export function loadSeeds(root: string): Seeds {
  const files: string[] = [];
  for (const dir of ['scenarios', join('test', 'corpus', 'good'), join('test', 'fixtures', 'manifests')]) walk(join(root, dir), files);
  const seed = (path: string): Seed => ({ file: relative(root, path), text: readFileSync(path, 'utf8') });
  return {
    scenarios: files.filter((f) => f.endsWith('.netscn')).map(seed),
    manifests: files.filter((f) => /\.(ya?ml|json)$/.test(f)).map(seed),
  };
}

/** Every scenario file of the project and the good corpus: what `netscn fmt` must keep canonical. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return walk(p);
    return e.isFile() && e.name.endsWith('.netscn') ? [p] : [];
  });
}

export const SCENARIO_FILES: readonly { readonly path: string; readonly text: string }[] = [...walk('scenarios'), ...walk(join('test', 'corpus', 'good'))]
  .sort()
  .map((path) => ({ path, text: readFileSync(path, 'utf8') }));

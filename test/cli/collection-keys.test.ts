/** A manifest with a collection as a key: connlist reads it without Node warnings on stderr. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('collection keys in a manifest', () => {
  it('raise no Node warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netscn-keys-'));
    const file = join(dir, 'pod.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: Pod\nmetadata: {name: x}\nspec: {containers: [{name: c}]}\n? [a, b]\n: c\n');
    const r = spawnSync(process.execPath, ['dist/cli/main.js', 'connlist', file], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).not.toContain('Warning');
    expect(r.stdout).toContain('default/x[Pod]');
  });
});

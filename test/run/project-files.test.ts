import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProjectRoot, projectReader } from '../../src/run/project-files.js';

describe('scenario file reads stay inside the project root', () => {
  const base = mkdtempSync(join(tmpdir(), 'netscn-root-'));
  const root = join(base, 'project');
  mkdirSync(join(root, 'scenarios/k8s'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'scenarios/k8s/app.yaml'), 'kind: Service');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(root, 'scenarios/link.yaml'));
  const file = join(root, 'scenarios/demo.netscn');
  const read = projectReader(file, root);

  it('reads paths relative to the scenario file', () => {
    expect(read('k8s/app.yaml')).toBe('kind: Service');
    expect(read(join(root, 'scenarios/k8s/app.yaml'))).toBe('kind: Service');
  });
  it('refuses paths outside the root, absolute or through symlinks', () => {
    expect(read('../../secret.txt')).toBeUndefined();
    expect(read(join(base, 'secret.txt'))).toBeUndefined();
    expect(read('link.yaml')).toBeUndefined();
  });
  it('reads missing files and folders as missing', () => {
    expect(read('nope.yaml')).toBeUndefined();
    expect(read('k8s')).toBeUndefined();
  });
  it('finds the nearest folder with a package.json', () => {
    expect(findProjectRoot(file)).toBe(root);
  });
});

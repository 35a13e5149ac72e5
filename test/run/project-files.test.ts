import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FileRead } from '../../src/check/file-read.js';
import { findProjectRoot, projectReader } from '../../src/host/project-files.js';
import { runSource } from '../../src/host/run-source.js';

const text = (r: FileRead): string | FileRead => (r.kind === 'file' ? new TextDecoder().decode(r.bytes) : r);

describe('scenario file reads stay inside the project root', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'netscn-root-')));
  const root = join(base, 'project');
  mkdirSync(join(root, 'scenarios/k8s/sub'), { recursive: true });
  writeFileSync(join(root, 'package.json'), '{}');
  writeFileSync(join(root, 'scenarios/k8s/app.yaml'), 'kind: Service');
  writeFileSync(join(root, 'scenarios/k8s/b.yml'), 'kind: Service');
  writeFileSync(join(base, 'secret.txt'), 'secret');
  symlinkSync(join(base, 'secret.txt'), join(root, 'scenarios/link.yaml'));
  symlinkSync(root, join(base, 'alias'));
  execFileSync('mkfifo', [join(root, 'scenarios/k8s/fifo.yaml')]);
  const file = join(root, 'scenarios/demo.netscn');
  const read = projectReader(file, root);

  it('reads paths relative to the scenario file', () => {
    expect(text(read('k8s/app.yaml'))).toBe('kind: Service');
    expect(text(read('../scenarios/k8s/app.yaml'))).toBe('kind: Service');
  });
  it('refuses paths outside the root, relative, absolute or through symlinks, naming the root only', () => {
    const outside = { kind: 'outside', root: '..', marked: true };
    expect(read('../../secret.txt')).toEqual(outside);
    expect(read('link.yaml')).toEqual(outside);
    expect(read(join(base, 'secret.txt'))).toEqual({ kind: 'missing' });
  });
  it('lists a folder, sorted, telling subfolders apart', () => {
    expect(read('k8s')).toEqual({
      kind: 'folder',
      entries: [
        { name: 'app.yaml', folder: false },
        { name: 'b.yml', folder: false },
        { name: 'fifo.yaml', folder: false },
        { name: 'sub', folder: true },
      ],
    });
  });
  it('names a FIFO instead of opening it, and a missing file as missing', () => {
    expect(read('k8s/fifo.yaml')).toEqual({ kind: 'special', what: 'a FIFO (named pipe)' });
    expect(read('nope.yaml')).toEqual({ kind: 'missing' });
  });
  it('finds the nearest folder with a package.json, by real path', () => {
    expect(findProjectRoot(file)).toBe(root);
    expect(findProjectRoot(join(base, 'alias/scenarios/demo.netscn'))).toBe(root);
  });
  it('reads a project reached through a symlink', () => {
    const viaLink = projectReader(join(base, 'alias/scenarios/demo.netscn'));
    expect(text(viaLink('k8s/app.yaml'))).toBe('kind: Service');
  });
});

describe('the project root comes from the scenario, never from the current directory', () => {
  const base = realpathSync(mkdtempSync(join(tmpdir(), 'netscn-cwd-')));
  writeFileSync(join(base, 'hostname'), 'secret-host-name\n');
  const dir = join(base, 'a/b');
  mkdirSync(dir, { recursive: true });
  const scenario = 'cluster c {\n  node n1 ip 192.168.0.11\n  load "../../hostname"\n}\n';

  it('refuses a path above a scenario without a marked project, and never shows the file', () => {
    const run = runSource(scenario, join(dir, 's.netscn'));
    expect(run.diagnostics.map((d) => [d.code, d.message])).toEqual([['NS2016', '`../../hostname` is outside the project root']]);
    expect(JSON.stringify(run.diagnostics)).not.toContain('secret-host-name');
  });
  it('reads it once a package.json above makes it part of the project', () => {
    writeFileSync(join(base, 'package.json'), '{}');
    const run = runSource(scenario, join(dir, 's.netscn'));
    expect(run.diagnostics.map((d) => d.code)).toEqual(['NS2105']);
  });
});

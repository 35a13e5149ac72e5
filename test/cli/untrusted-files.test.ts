/**
 * The CLI over the real pipeline, with files a scenario or a manifest folder could name: the
 * project root comes from the scenario's location, symlinked projects work, folders load, only
 * regular files are read, and text must be UTF-8.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';

async function cli(argv: string[], cwd: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: {}, isTTY: false, now: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function folder(files: Record<string, string | Uint8Array>): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'netscn-untrusted-')));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const CLUSTER = (body: string): string => `cluster c {\n  node n1 ip 192.168.0.11\n${body}}\n`;
const NAMESPACE = (name: string): string => `apiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}}\n`;
const POD = (name: string, ns: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nspec: {nodeName: n1, containers: [{name: c}]}\n`;

describe('a scenario reads only inside its own project', () => {
  it('takes the root from the scenario, not the current directory, and never shows the file', async () => {
    const dir = folder({ 'secret.txt': 'top-secret-content\n' });
    const file = join(dir, 'a/b/s.netscn');
    mkdirSync(join(dir, 'a/b'), { recursive: true });
    // As many `..` as reach `/`, then down to the secret: the path resolves from the scenario.
    writeFileSync(file, CLUSTER(`  load "${'../'.repeat(file.split('/').length - 2)}${dir.slice(1)}/secret.txt"\n`));
    for (const cwd of ['/', dir, join(dir, 'a')]) {
      const r = await cli(['check', file], cwd);
      expect(r.code).toBe(2);
      expect(r.stdout).toContain('error[NS2016]: ');
      expect(r.stdout).toContain('is outside the project root');
      expect(r.stdout).toContain('the project root is the folder of this file');
      expect(r.stdout + r.stderr).not.toContain('top-secret-content');
    }
  });

  it('works through a symlink to the project, from any directory', async () => {
    const dir = folder({
      'real/package.json': '{}',
      'real/k8s/a.yaml': NAMESPACE('shop') + '---\n' + POD('a', 'shop'),
      'real/k8s/b.yml': POD('b', 'shop'),
      'real/k8s/sub/ignored.yaml': 'not: [valid',
      'real/scenarios/s.netscn': CLUSTER('  load "../k8s/"\n') + 'from pod shop/a reach pod shop/b expect allow\n',
    });
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    for (const [cwd, path] of [
      [dir, 'link/scenarios/s.netscn'],
      [join(dir, 'link'), 'scenarios/s.netscn'],
      ['/', join(dir, 'link/scenarios/s.netscn')],
    ] as const) {
      const r = await cli(['test', path], cwd);
      expect(r.stdout).toMatch(/^Assertions: 1 passed, 0 failed$/m);
      expect(r.code).toBe(0);
    }
  });

  it('refuses a FIFO named by `load` without blocking', async () => {
    const dir = folder({ 'package.json': '{}', 's.netscn': CLUSTER('  load "k8s/x.yaml"\n') });
    mkdirSync(join(dir, 'k8s'));
    execFileSync('mkfifo', [join(dir, 'k8s/x.yaml')]);
    const r = await cli(['check', 's.netscn'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error[NS2016]: cannot read `k8s/x.yaml`: it is a FIFO (named pipe)');
  });
});

describe('scenario files must be UTF-8', () => {
  const utf8 = new TextEncoder().encode(CLUSTER('  namespace caf\u00e9\n'));
  const latin1 = Uint8Array.from(Buffer.from(CLUSTER('  namespace caf\u00e9\n'), 'latin1'));
  const cases: [string, Uint8Array, string][] = [
    ['invalid UTF-8 (Latin-1)', latin1, 's.netscn:3:16'],
    ['UTF-16 with a byte-order mark', Uint8Array.from([0xff, 0xfe, ...Buffer.from(CLUSTER(''), 'utf16le')]), 's.netscn:1:1'],
    ['UTF-16 without a byte-order mark', Uint8Array.from(Buffer.from(CLUSTER(''), 'utf16le')), 's.netscn:1:2'],
  ];
  it.each(cases)('%s: a located error saying UTF-8 was expected', async (_name, bytes, at) => {
    const dir = folder({ 's.netscn': bytes });
    const r = await cli(['check', 's.netscn'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error[NS0105]: the file is not UTF-8 text');
    expect(r.stdout).toContain(` --> ${at}\n`);
    expect(r.stdout).toContain('= expected: UTF-8');
  });
  it('reads valid UTF-8 as before', async () => {
    const dir = folder({ 's.netscn': utf8 });
    expect((await cli(['check', 's.netscn'], dir)).stdout).not.toContain('NS0105');
  });
});

describe('netscn connlist reads what the user names', () => {
  it('reads a folder outside the current directory and an absolute path', async () => {
    const dir = folder({ 'other/k8s/a.yaml': NAMESPACE('shop') + '---\n' + POD('a', 'shop') + '---\n' + POD('b', 'shop'), 'here/x.txt': '' });
    const rel = await cli(['connlist', '../other/k8s'], join(dir, 'here'));
    const abs = await cli(['connlist', join(dir, 'other/k8s/a.yaml')], '/');
    expect(rel.code).toBe(0);
    expect(rel.stdout).toContain('shop/a[Pod] => shop/b[Pod] : All Connections');
    expect(abs).toEqual(rel);
  });

  it('refuses a FIFO in a folder without blocking, and lists the rest', async () => {
    const dir = folder({ 'k8s/a.yaml': NAMESPACE('shop') + '---\n' + POD('a', 'shop') + '---\n' + POD('b', 'shop') });
    execFileSync('mkfifo', [join(dir, 'k8s/x.yaml')]);
    const r = await cli(['connlist', 'k8s'], dir);
    expect(r.stderr).toContain('k8s/x.yaml:1:1: error[NS2111]: cannot read k8s/x.yaml: it is a FIFO (named pipe)');
    expect(r.stdout).toContain('shop/a[Pod] => shop/b[Pod] : All Connections');
  });
});

describe('a learner file that is not UTF-8', () => {
  it('is a located problem of the submission', async () => {
    const dir = folder({ 'pod.yaml': Uint8Array.from(Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: caf\u00e9}\n', 'latin1')) });
    const exercise = fileURLToPath(new URL('../../scenarios/course/01-pod-network/exercise.netscn', import.meta.url));
    const r = await cli(['grade', exercise, dir], '/');
    expect(r.stdout).toContain('pod.yaml:3:21: error: the file is not UTF-8 text');
  });
});

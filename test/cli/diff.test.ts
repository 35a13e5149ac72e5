/**
 * `netscn diff`: the lesson's policy change (scenarios/policy/policy-change) in every format
 * against golden files in test/corpus/diff/ (a missing file fails under CI=true; locally it is
 * written — review it before committing; UPDATE_GOLDEN=1 rewrites them all), the scenario's
 * steps against the same manifests, `--exit-code`, and input and usage errors.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import { DIFF_FORMATS } from '../../src/connlist/diff-formats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const goldens = join(root, 'test', 'corpus', 'diff');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';
const LESSON = 'scenarios/policy/policy-change';

async function cli(argv: string[], cwd = root) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: {}, isTTY: false, now: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function golden(name: string, text: string): void {
  const path = join(goldens, name);
  if (!existsSync(path) && ci) expect.fail(`${path} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
  if (update || !existsSync(path)) {
    mkdirSync(goldens, { recursive: true });
    writeFileSync(path, text);
  }
  expect(text).toBe(readFileSync(path, 'utf8'));
}

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netscn-diff-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('netscn diff: golden files of the lesson', () => {
  for (const format of DIFF_FORMATS) {
    it(`before/ after/ as ${format}`, async () => {
      const r = await cli(['diff', `${LESSON}/before`, `${LESSON}/after`, '--format', format]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      golden(`policy-change.${format}`, r.stdout);
    });
  }

  it('after/ before/: the same changes reversed (removed connections, a removed workload)', async () => {
    const r = await cli(['diff', `${LESSON}/after`, `${LESSON}/before`]);
    expect(r.code).toBe(0);
    golden('policy-change-reverted.txt', r.stdout);
  });

  it("the scenario's steps give the manifests' diff: from the declared cluster to the last step by default, by number or title", async () => {
    const manifests = (await cli(['diff', `${LESSON}/before`, `${LESSON}/after`])).stdout;
    const file = `${LESSON}/policy-change.netscn`;
    const steps = await cli(['diff', file]);
    expect(steps.stderr).toBe('');
    expect(steps.stdout).toBe(manifests);
    expect((await cli(['diff', file, '--from-step', '0', '--to-step', 'apply the change'])).stdout).toBe(manifests);
    expect((await cli(['diff', file, '--from-step', '1', '--to-step', '0'])).stdout).toBe((await cli(['diff', `${LESSON}/after`, `${LESSON}/before`])).stdout);
    expect((await cli(['diff', file, '--to-step', '0'])).stdout).toBe('no difference\n');
  });
});

describe('netscn diff --exit-code', () => {
  it('exits 1 when the inputs differ, 0 when they do not; without the flag, 0 either way', async () => {
    expect((await cli(['diff', `${LESSON}/before`, `${LESSON}/after`, '--exit-code'])).code).toBe(1);
    const same = await cli(['diff', `${LESSON}/before`, `${LESSON}/before`, '--exit-code', '-f', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toEqual({ workloads: { added: [], removed: [] }, connections: [] });
    expect((await cli(['diff', `${LESSON}/policy-change.netscn`, '--exit-code'])).code).toBe(1);
    expect((await cli(['diff', `${LESSON}/policy-change.netscn`, '--to-step', '0', '--exit-code'])).code).toBe(0);
  });

  it('writes the diff to --output and still exits 1 on a difference', async () => {
    const dir = project({});
    const r = await cli(['diff', join(root, LESSON, 'before'), join(root, LESSON, 'after'), '-o', 'out/diff.md', '-f', 'md', '--exit-code'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out/diff.md'), 'utf8')).toBe(readFileSync(join(goldens, 'policy-change.md'), 'utf8'));
  });
});

describe('netscn diff: bad input', () => {
  it('a missing side is a located diagnostic (exit 2), not a stack trace', async () => {
    const r = await cli(['diff', `${LESSON}/before`, `${LESSON}/aftr`, '--exit-code']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${LESSON}/aftr:1:1: error[NS2111]: cannot read ${LESSON}/aftr`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('a manifest with errors beside good objects: the diff is written, and the exit is 2', async () => {
    const pod = (name: string): string => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: shop}\nspec: {containers: [{name: c}]}\n`;
    const dir = project({ 'a/app.yaml': pod('web'), 'b/app.yaml': `${pod('web')}---\n${pod('api')}---\napiVersion: v1\nkind: Pod\nmetadata: {name: broken, namespace: shop}\n` });
    const r = await cli(['diff', 'a', 'b'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('b/app.yaml:11:1: error[NS2102]: spec: required field is missing');
    expect(r.stdout).toContain('+ workload shop/api[Pod]\n');
  });

  it('a scenario with errors: its diagnostics with code frames (exit 2), no diff', async () => {
    const dir = project({ 's.netscn': 'scenario "s"\n\ncluster c {\n  nodee n1 ip 192.168.0.1\n}\n' });
    const r = await cli(['diff', 's.netscn'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/s\.netscn:4:\d+/);
    expect(r.stderr).toContain('nodee');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an unknown step is a usage error naming the steps, with a suggestion', async () => {
    const r = await cli(['diff', `${LESSON}/policy-change.netscn`, '--to-step', 'apply the chnge']);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('no step `apply the chnge`');
    expect(r.stderr).toContain('1 "apply the change"');
    expect(r.stderr).toContain('did you mean `apply the change`?');
    expect((await cli(['diff', `${LESSON}/policy-change.netscn`, '--from-step', '2'])).code).toBe(64);
  });

  it('refuses wrong arguments with usage errors (exit 64)', async () => {
    const cases: [string[], string][] = [
      [['diff', `${LESSON}/before`], 'diff takes two manifest files or folders'],
      [['diff', 'a', 'b', 'c'], 'diff takes two manifest files or folders'],
      [['diff', 'a.netscn', 'b'], 'diff takes two manifest files or folders'],
      [['diff', 'a', 'b', '--from-step', '1'], '--from-step and --to-step go with a scenario file'],
      [['diff', `${LESSON}/before`, `${LESSON}/after`, '-f', 'dot'], 'unknown format `dot`: expected txt, json, csv, md, mermaid'],
      [['diff', `${LESSON}/before`, `${LESSON}/after`, '-f', 'jsn'], 'did you mean `json`?'],
      [['connlist', 'k8s', '--exit-code'], '--exit-code goes with diff'],
      [['test', '--to-step', '1'], '--to-step goes with diff'],
    ];
    for (const [argv, message] of cases) {
      const r = await cli(argv);
      expect(r.code, argv.join(' ')).toBe(64);
      expect(r.stderr).toContain(message);
    }
  });

  it('documents itself: diff --help names the formats, --exit-code, the steps and the exit codes', async () => {
    const r = await cli(['diff', '--help']);
    expect(r.code).toBe(0);
    for (const s of ['netscn diff <before> <after>', '--exit-code', '--from-step', '--to-step', 'txt (default), json, csv, md, mermaid', 'Exit codes: 0', 'Examples:']) expect(r.stdout).toContain(s);
    expect((await cli(['--help'])).stdout).toContain('netscn diff <before> <after>');
    // The scenario example runs as written (its step title is the lesson's).
    const example = /^ {2}netscn (diff \S+\.netscn .*)$/m.exec(r.stdout)![1]!;
    const argv = [...example.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]!);
    const ran = await cli(argv);
    expect(ran.stderr).toBe('');
    expect(ran.stdout).toBe(readFileSync(join(goldens, 'policy-change.txt'), 'utf8'));
  });
});

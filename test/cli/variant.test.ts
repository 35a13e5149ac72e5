/** `netscn variant` and `netscn grade --seed/--candidate`: the command line of parametrised exercises. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { candidateSeed } from '../../src/check/params/variant.js';
import { main, type CliIO } from '../../src/cli/main.js';

const LAB = fileURLToPath(new URL('../../scenarios/course/02-clusterip-and-dns/', import.meta.url));
const EXERCISE = join(LAB, 'exercise.netscn');

async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: '/', env, isTTY: false, now: () => 0 };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe('netscn variant', () => {
  it('prints the bound scenario: no `{{`, each param line a comment with its value, the same for the same seed', async () => {
    const a = await cli(['variant', EXERCISE, '--seed', '11']);
    expect(a.code).toBe(0);
    expect(a.stdout).not.toContain('{{');
    expect(a.stdout).toMatch(/^# param svc = (web|storefront|catalog)$/m);
    expect(a.stdout.split('\n').length).toBe(readFileSync(EXERCISE, 'utf8').split('\n').length);
    expect((await cli(['variant', EXERCISE, '--seed', '11'])).stdout).toBe(a.stdout);
  });

  it('prints a candidate’s task sheet from the salt, without any check', async () => {
    const r = await cli(['variant', EXERCISE, '--candidate', 'alice', '--tasks'], { NETSCN_EXAM_SALT: 's3cret' });
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(0, 4)).toEqual(["Lab 2: a Service for the shop's web pods", `variant ${candidateSeed('s3cret', 'alice')}`, '', 'Task 1: Reach the web pods through a Service named catalog (10 points)']);
    expect(r.stdout).not.toMatch(/from pod|hidden|expect/);
    expect((await cli(['variant', EXERCISE, '--candidate', 'alice', '--salt', 's3cret', '--tasks'])).stdout).toBe(r.stdout);
    expect((await cli(['variant', EXERCISE, '--candidate', 'alice', '--salt', 'other', '--tasks'])).stdout).not.toBe(r.stdout);
  });

  it('binds an author’s file, and grades a candidate against their own variant', async () => {
    const env = { NETSCN_EXAM_SALT: 's3cret' };
    const bound = await cli(['variant', EXERCISE, '--candidate', 'alice', '--bind', join(LAB, 'solution', 'service.yaml')], env);
    expect(bound.code).toBe(0);
    expect(bound.stdout).toContain('name: catalog');
    const dir = mkdtempSync(join(tmpdir(), 'netscn-variant-'));
    writeFileSync(join(dir, 'service.yaml'), bound.stdout);
    const alice = await cli(['grade', EXERCISE, dir, '--candidate', 'alice', '--reporter', 'json'], env);
    expect(alice.code).toBe(0);
    const json = JSON.parse(alice.stdout) as { score: number; maxScore: number; variant: { seed: string } };
    expect([json.score, json.maxScore, json.variant.seed]).toEqual([20, 20, candidateSeed('s3cret', 'alice')]);
    // Alice's answer does not answer another candidate's variant.
    const bob = await cli(['grade', EXERCISE, dir, '--candidate', 'bob', '--reporter', 'json'], env);
    expect(bob.code).toBe(1);
  });

  it('refuses a candidate without a salt, a seed with a candidate, and a bad --set', async () => {
    expect((await cli(['variant', EXERCISE, '--candidate', 'alice'])).stderr).toContain('--candidate needs the exam\'s secret salt');
    expect((await cli(['variant', EXERCISE, '--candidate', 'alice', '--seed', '1'])).code).toBe(64);
    expect((await cli(['variant', EXERCISE, '--set', 'svc'])).stderr).toContain('--set takes NAME=VALUE');
    expect((await cli(['test', EXERCISE, '--seed', '1'])).code).toBe(64);
    const outside = await cli(['variant', EXERCISE, '--set', 'svc-port=81']);
    expect(outside.code).toBe(2);
    expect(outside.stderr).toContain('error[NS2035]: value `81` is outside the domain of parameter `svc-port`');
  });
});

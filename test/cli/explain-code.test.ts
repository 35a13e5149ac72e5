/**
 * `netscn explain-code`: one code's text is golden (test/cli/explain-code/NS1002.txt; rewrite
 * with UPDATE_GOLDEN=1 and read it; a missing file fails under CI=true), the list names every
 * code, an unknown code fails with a did-you-mean and exit 2.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMAND_HELP, HELP } from '../../src/cli/help.js';
import { main, type CliIO } from '../../src/cli/main.js';
import { CATALOGUE } from '../../src/diag/catalogue.js';

async function cli(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: process.cwd(), env: {}, isTTY: false, now: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const golden = join('test', 'cli', 'explain-code', 'NS1002.txt');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

describe('netscn explain-code', () => {
  it('prints a code\'s title, explanation, message and example (golden)', async () => {
    const r = await cli(['explain-code', 'NS1002']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    if (!existsSync(golden) && ci) expect.fail(`${golden} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
    if (update || !existsSync(golden)) writeFileSync(golden, r.stdout);
    expect(r.stdout).toBe(readFileSync(golden, 'utf8'));
  });

  it('takes the code in any case', async () => {
    expect((await cli(['explain-code', 'ns1002'])).stdout).toBe((await cli(['explain-code', 'NS1002'])).stdout);
  });

  it('refuses an unknown code with a did-you-mean and exit 2', async () => {
    const r = await cli(['explain-code', 'NS1O02']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe('netscn: unknown diagnostic code `NS1O02`; did you mean `NS1002`?\nRun `netscn explain-code` for the list.\n');
    const far = await cli(['explain-code', 'hello']);
    expect(far.code).toBe(2);
    expect(far.stderr).toBe('netscn: unknown diagnostic code `hello`\nRun `netscn explain-code` for the list.\n');
  });

  it('lists every code with its title when given none', async () => {
    const r = await cli(['explain-code']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => /^NS\d{4}  /.test(l));
    expect(lines).toEqual(CATALOGUE.map((e) => `${e.code}  ${e.title}`));
  });

  it('takes at most one code (usage error) and has its own help', async () => {
    expect((await cli(['explain-code', 'NS1002', 'NS1003'])).code).toBe(64);
    const help = await cli(['explain-code', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe(COMMAND_HELP['explain-code']);
    expect(HELP).toContain('netscn explain-code [code]');
  });
});

/** `netscn fmt`: rewrites files, `--check` lists them, `-` is a filter, bad files are refused. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';

const MESSY = 'cluster c {\nnode n1   ip 10.0.0.1\n}\nfrom node n1 reach node n1   expect allow\n';
const CLEAN = 'cluster c {\n  node n1 ip 10.0.0.1\n}\nfrom node n1 reach node n1 expect allow\n';
const BAD = 'cluster c {\n  node n1 ip\n}\n';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netscn-fmt-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function cli(argv: string[], cwd: string, stdin?: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env: {}, isTTY: false, ...(stdin !== undefined ? { stdin: () => stdin } : {}) };
  return { code: await main(argv, io), stdout, stderr };
}

describe('netscn fmt', () => {
  it('rewrites every .netscn below a folder, names what it changed, and leaves formatted files alone', async () => {
    const dir = project({ 's/a.netscn': MESSY, 's/sub/b.netscn': CLEAN, 's/notes.txt': MESSY });
    const r = await cli(['fmt', 's'], dir);
    expect(r).toMatchObject({ code: 0, stdout: 's/a.netscn\n', stderr: '' });
    expect(readFileSync(join(dir, 's/a.netscn'), 'utf8')).toBe(CLEAN);
    expect(readFileSync(join(dir, 's/notes.txt'), 'utf8')).toBe(MESSY);
    expect(await cli(['fmt', 's'], dir)).toMatchObject({ code: 0, stdout: '' });
  });

  it('--check lists the files that would change, changes nothing and exits 1', async () => {
    const dir = project({ 'a.netscn': MESSY, 'b.netscn': CLEAN });
    expect(await cli(['fmt', '--check', 'a.netscn', 'b.netscn'], dir)).toMatchObject({ code: 1, stdout: 'a.netscn\n' });
    expect(readFileSync(join(dir, 'a.netscn'), 'utf8')).toBe(MESSY);
    expect(await cli(['fmt', '--check', 'b.netscn'], dir)).toMatchObject({ code: 0, stdout: '' });
  });

  it('`-` formats standard input to standard output', async () => {
    const dir = project({});
    expect(await cli(['fmt', '-'], dir, MESSY)).toMatchObject({ code: 0, stdout: CLEAN });
    expect(await cli(['fmt', '--check', '-'], dir, MESSY)).toMatchObject({ code: 1, stdout: '<stdin>\n' });
    expect((await cli(['fmt', '-', 'a.netscn'], dir, MESSY)).code).toBe(64);
  });

  it('refuses a file with syntax errors with the diagnostics of `netscn check`, and formats the others', async () => {
    const dir = project({ 'a.netscn': MESSY, 'bad.netscn': BAD });
    const r = await cli(['fmt', '.'], dir);
    expect(r.code).toBe(2);
    expect(readFileSync(join(dir, 'bad.netscn'), 'utf8')).toBe(BAD);
    expect(readFileSync(join(dir, 'a.netscn'), 'utf8')).toBe(CLEAN);
    const check = await cli(['check', 'bad.netscn', '--no-color'], dir);
    expect(r.stderr).toContain('error[NS0001]');
    expect(check.stdout.startsWith(r.stderr.trimEnd())).toBe(true);
    expect(await cli(['fmt', '-'], dir, BAD)).toMatchObject({ code: 2, stdout: '' });
  });

  it('takes --check only with fmt', async () => {
    expect((await cli(['test', '--check'], project({}))).code).toBe(64);
  });
});

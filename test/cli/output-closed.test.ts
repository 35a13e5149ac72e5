/** `netscn … | head`: the real entry point, in a child process whose stdout is closed early. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function runClosingStdout(argv: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...argv], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    // The reading end goes away before the child has written anything, as `head` does after its lines.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString('utf8')));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stderr }));
  });
}

describe('stdout closed by its reader', () => {
  it('stops quietly: no EPIPE stack trace, the SIGPIPE exit status', async () => {
    const r = await runClosingStdout(['test', 'scenarios/services', '--reporter', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(141);
  });
});

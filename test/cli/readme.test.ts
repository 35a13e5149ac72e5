/**
 * The README's example output is real: each block marked `<!-- readme-test: input PATH -->` is
 * written to PATH in a fresh folder, and each block marked `<!-- readme-test: output netscn
 * ARGS -->` must be exactly what `netscn ARGS` prints there (stdout, no colour).
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';

const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');

/** A marked block: what the marker says and the fenced text after it. */
interface Marked {
  readonly kind: 'input' | 'output';
  readonly arg: string;
  readonly text: string;
}

function markedBlocks(markdown: string): Marked[] {
  const out: Marked[] = [];
  const re = /<!-- readme-test: (input|output) (.+?) -->\n+```[a-z]*\n([\s\S]*?)```\n/g;
  for (let m = re.exec(markdown); m !== null; m = re.exec(markdown)) out.push({ kind: m[1] as Marked['kind'], arg: m[2]!, text: m[3]! });
  return out;
}

describe('README examples', () => {
  const blocks = markedBlocks(README);
  it('has marked examples, each marker followed by its block', async () => {
    expect(blocks.filter((b) => b.kind === 'output').length).toBeGreaterThan(0);
    expect(blocks.length).toBe((README.match(/<!-- readme-test: /g) ?? []).length);
  });
  const dir = mkdtempSync(join(tmpdir(), 'netscn-readme-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const b of blocks) {
    if (b.kind === 'input') {
      mkdirSync(dirname(join(dir, b.arg)), { recursive: true });
      writeFileSync(join(dir, b.arg), b.text);
      continue;
    }
    it(`\`${b.arg}\` prints what the README shows`, async () => {
      const [command, ...args] = b.arg.split(' ');
      expect(command).toBe('netscn');
      let stdout = '';
      const io: CliIO = { stdout: (s) => void (stdout += s), stderr: () => undefined, cwd: dir, env: {}, isTTY: false, now: () => 0 };
      await main(args, io);
      expect(stdout.trimEnd()).toBe(b.text.trimEnd());
    });
  }
});

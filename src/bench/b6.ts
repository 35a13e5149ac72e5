/**
 * B6: the harness. Three figures, each against a baseline measured in the same run:
 * - parse: lines/s of `parseFile` (and of `parseAndCheck`) on a 10,000-line file, median of warm
 *   runs, against the copy floor (splitting the text into lines plus one pass over its characters);
 * - CLI: 1,000 small passing scenarios through `main(['test', dir])` in-process, against the time
 *   to merely read the 1,000 files; plus one `node dist/cli/main.js test dir` subprocess (wall,
 *   Node start-up included);
 * - vitest: wall time of `vitest run` over 200 generated files with the plugin, threads and
 *   isolate:false, against the same run over a single file (vitest's fixed start-up cost); the
 *   per-file cost is their difference / 199. (isolate:true was tried: ~55 s for 200 files, 13×,
 *   too slow to run in the bench.)
 * Inputs are seeded and written to a temporary directory that is removed afterwards.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAndCheck } from '../check/index.js';
import { main as cliMain, type CliIO } from '../cli/main.js';
import { parseFile } from '../syntax/parse.js';
import type { BenchContext, BenchEntry, Workload } from './registry.js';
import { largeScenario, smallScenario } from './scenario-files.js';
import { gc, median, now, round, timeRuns } from './timing.js';

const PARSE_LINES = 10_000;
const CLI_FILES = 1_000;
const VITEST_FILES = 200;

const repo = fileURLToPath(new URL('../../', import.meta.url));

function writeScenarios(dir: string, count: number, seedBase: number): void {
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(dir, `s${String(i).padStart(4, '0')}.netscn`), smallScenario(seedBase + i));
}

function copyFloor(text: string): number {
  const lines = text.split('\n');
  let h = lines.length;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}

function quietIO(cwd: string): { io: CliIO; out: string[] } {
  const out: string[] = [];
  return { io: { stdout: (t) => out.push(t), stderr: (t) => out.push(t), cwd, env: {}, isTTY: false }, out };
}

interface ParseFigures {
  readonly parseMs: number;
  readonly checkMs: number;
  readonly floorMs: number;
  readonly lines: number;
}

function measureParse(ctx: BenchContext, dir: string): ParseFigures {
  const text = largeScenario(PARSE_LINES, 6);
  writeFileSync(join(dir, 'large.netscn'), text);
  const lines = text.split('\n').length - 1;
  ctx.log(`B6: parse ${lines} lines`);
  const parse = timeRuns(7, () => parseFile(text, 'large.netscn'));
  if (parse.last.diagnostics.length > 0) throw new Error('B6: the large file does not parse');
  const check = timeRuns(3, () => parseAndCheck(text, 'large.netscn'));
  if (check.last.diagnostics.some((d) => d.severity === 'error')) throw new Error('B6: the large file does not check');
  const floor = timeRuns(21, () => copyFloor(text));
  return { parseMs: median(parse.times), checkMs: median(check.times), floorMs: median(floor.times), lines };
}

interface CliFigures {
  readonly inProcessMs: number;
  readonly readMs: number;
  readonly subprocessMs: number;
}

async function measureCli(ctx: BenchContext, dir: string): Promise<CliFigures> {
  const files = join(dir, 'cli');
  writeScenarios(files, CLI_FILES, 1000);
  ctx.log(`B6: CLI over ${CLI_FILES} files`);
  const runOnce = async (d: string): Promise<number> => {
    const { io, out } = quietIO(dir);
    const code = await cliMain(['test', d], io);
    if (code !== 0) throw new Error(`B6: netscn test ${d} exited ${code}: ${out.join('').slice(-2000)}`);
    return code;
  };
  await runOnce(files); // warm-up: JIT and file system cache
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    gc();
    const t0 = now();
    await runOnce(files);
    times.push(now() - t0);
  }
  const read = timeRuns(5, () => readdirSync(files).reduce((n, f) => n + readFileSync(join(files, f), 'utf8').length, 0));
  ctx.log('B6: CLI subprocess');
  const t0 = now();
  const child = spawnSync(process.execPath, [join(repo, 'dist/cli/main.js'), 'test', files], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const subprocessMs = now() - t0;
  if (child.status !== 0) throw new Error(`B6: CLI subprocess exited ${child.status}: ${child.stderr.slice(-2000)}`);
  return { inProcessMs: median(times), readMs: median(read.times), subprocessMs };
}

function vitestProject(dir: string, name: string, files: number): string {
  const project = join(dir, name);
  writeScenarios(join(project, 'scenarios'), files, 5000);
  const plugin = new URL('dist/vitest/plugin.js', `file://${repo}`).href;
  const runtime = join(repo, 'dist/vitest/runtime.js');
  writeFileSync(
    join(project, 'vitest.config.mjs'),
    [
      `import { netscn } from ${JSON.stringify(plugin)};`,
      'export default {',
      `  plugins: [netscn({ runtime: ${JSON.stringify(runtime)} })],`,
      `  test: { name: 'scenarios', include: ['scenarios/**/*.netscn'], pool: 'threads', isolate: false },`,
      '};',
      '',
    ].join('\n'),
  );
  return project;
}

function runVitest(project: string, files: number): number {
  const t0 = now();
  const child = spawnSync(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', '--root', project, '--config', join(project, 'vitest.config.mjs')], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    maxBuffer: 1 << 28,
  });
  const ms = now() - t0;
  const out = `${child.stdout}\n${child.stderr}`;
  if (child.status !== 0 || !new RegExp(`Test Files\\s+${files} passed`).test(out)) {
    throw new Error(`B6: vitest run in ${project} failed (${child.status}): ${out.slice(-3000)}`);
  }
  return ms;
}

function measureVitest(ctx: BenchContext, dir: string): { manyMs: number; oneMs: number } {
  ctx.log(`B6: vitest over ${VITEST_FILES} files, then over 1 file (start-up)`);
  const many = vitestProject(dir, 'vitest-many', VITEST_FILES);
  const one = vitestProject(dir, 'vitest-one', 1);
  runVitest(one, 1); // warms the file system cache and vite's dependency resolution
  const manyMs = runVitest(many, VITEST_FILES);
  const oneMs = runVitest(one, 1);
  return { manyMs, oneMs };
}

export const b6: Workload = {
  id: 'B6',
  title: 'the harness: parse a 10,000-line file; 1,000 scenarios through the CLI; 200 under vitest',
  async run(ctx): Promise<BenchEntry> {
    const dir = mkdtempSync(join(tmpdir(), 'netscn-b6-'));
    try {
      const p = measureParse(ctx, dir);
      const c = await measureCli(ctx, dir);
      const v = measureVitest(ctx, dir);
      const parsePerS = (p.lines * 1000) / p.parseMs;
      return {
        median_ms: round(p.parseMs),
        baseline: 'copy floor: split the text into lines + one pass over its characters',
        ratio: round(p.floorMs / p.parseMs, 4),
        ratio_note: 'copy floor time / parseFile time (1 would be parsing at the speed of reading)',
        sizes: { parse_lines: p.lines, cli_files: CLI_FILES, vitest_files: VITEST_FILES },
        per_s: Math.round(parsePerS),
        extra: {
          parse_ms: round(p.parseMs),
          parse_lines_per_s: Math.round(parsePerS),
          parse_check_ms: round(p.checkMs),
          parse_check_lines_per_s: Math.round((p.lines * 1000) / p.checkMs),
          copy_floor_ms: round(p.floorMs, 4),
          cli_in_process_ms: round(c.inProcessMs, 1),
          cli_read_files_ms: round(c.readMs, 1),
          cli_ratio_vs_read: round(c.inProcessMs / c.readMs, 1),
          cli_subprocess_wall_ms: round(c.subprocessMs, 1),
          vitest_wall_ms: round(v.manyMs, 1),
          vitest_one_file_wall_ms: round(v.oneMs, 1),
          vitest_per_file_ms: round((v.manyMs - v.oneMs) / (VITEST_FILES - 1), 2),
          vitest_ratio_vs_one_file: round(v.manyMs / v.oneMs, 2),
          targets: 'parse >= 200000 lines/s; CLI <= 1000 ms; vitest <= 3000 ms wall',
        },
        notes:
          'median_ms/per_s/ratio are parseFile on the 10,000-line file (warm, median of 7). CLI figures: median of 3 in-process runs after one warm-up run, ratio = CLI time / time to read the files; subprocess is one run incl. Node start-up. vitest: one wall-clock run each (subprocess, Node start-up included); ratio baseline = the same config over 1 file; per-file = (200-file − 1-file) / 199.',
      };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

/**
 * P1: `netscn connlist` on generated manifests (connlist-manifests.ts) at 1,000 pods / 400
 * policies and 2,000 / 800, against the pairwise oracle in the same run:
 * - end to end: the real CLI as a child process (`node dist/cli/main.js connlist <dir>`, txt to
 *   a pipe), median of RUNS runs, and its peak resident memory (peak-rss.ts);
 * - analysis alone: in this process, the lines of `connlistRows` drained from manifests already
 *   read, median of RUNS warm runs;
 * - the baseline: connlist-pairwise-process.ts (same reading and output, lines from the pairwise
 *   oracle), one run per size — it takes tens of seconds to minutes. Its output must equal the
 *   CLI's byte for byte, or the benchmark fails. NETSCN_BENCH_NO_BASELINE=1 skips it (then
 *   the ratio is 0).
 * Pairs: the lines listed (workload pairs with some allowed connection), and the ordered
 * workload pairs considered.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { workloadsOf, type ConnlistInput } from '../connlist/connlist.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import { connlistRows } from '../connlist/matrix-list.js';
import { loadManifestFiles } from '../host/load-files.js';
import { writeConnlistManifests, type ConnlistBenchSize } from './connlist-manifests.js';
import type { BenchContext, BenchEntry, Workload } from './registry.js';
import { median, now, round, timeRuns } from './timing.js';

const RUNS = 5;
const CLI = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const PEAK = fileURLToPath(new URL('./peak-rss.js', import.meta.url));
const PAIRWISE = fileURLToPath(new URL('./connlist-pairwise-process.js', import.meta.url));

/** One measured child process: wall ms, peak RSS in MiB, its stdout and stderr. */
interface ChildRun {
  readonly ms: number;
  readonly peakMiB: number;
  readonly stdout: string;
  readonly stderr: string;
}

function child(args: readonly string[]): ChildRun {
  const t0 = now();
  const r = spawnSync(process.execPath, ['--import', PEAK, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const ms = now() - t0;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  const peak = /netscn-bench peak_rss_kib=(\d+)/.exec(r.stderr);
  if (!peak) throw new Error(`${args.join(' ')}: no peak memory reported`);
  return { ms, peakMiB: Number(peak[1]) / 1024, stdout: r.stdout, stderr: r.stderr };
}

/** The measurements of one size. */
export interface ConnlistSizeResult {
  readonly pods: number;
  readonly policies: number;
  readonly workloads: number;
  readonly lines: number;
  readonly e2eMs: number;
  readonly peakMiB: number;
  readonly analysisMs: number;
  readonly baseline?: { readonly e2eMs: number; readonly analysisMs: number; readonly peakMiB: number };
}

/** `onInput`: called with the manifests' connlist input, once read (P2's baseline estimate). */
export function measureConnlist(ctx: BenchContext, size: ConnlistBenchSize, runs: number, withBaseline: boolean, onInput?: (input: ConnlistInput) => void): ConnlistSizeResult {
  const dir = mkdtempSync(join(tmpdir(), `netscn-connlist-${size.pods}-`));
  try {
    writeConnlistManifests(dir, size);
    const loaded = loadManifestFiles([dir], process.cwd(), { lenientNames: true, lenientVersions: true, keepFinishedPods: true }, { skipNonManifests: true });
    const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(`generated manifests have errors: ${errors[0]!.message}`);
    const { input } = connlistInputFromManifests(loaded);
    const workloads = workloadsOf(input.pods, input.kindlessOwners).length;
    ctx.log(`  ${input.pods.length} pods, ${input.policies.length} policies, ${workloads} workloads`);
    onInput?.(input);
    const analysis = timeRuns(runs, () => {
      let n = 0;
      for (const _ of connlistRows(input)) n++;
      return n;
    });
    const e2e: ChildRun[] = [];
    for (let i = 0; i < runs; i++) e2e.push(child([CLI, 'connlist', dir]));
    const out = e2e[0]!.stdout;
    const lines = out.split('\n').filter(Boolean).length;
    if (lines !== analysis.last) throw new Error(`the CLI listed ${lines} lines, the analysis ${analysis.last}`);
    let baseline: ConnlistSizeResult['baseline'];
    if (withBaseline) {
      ctx.log(`  baseline (pairwise oracle) at ${size.pods} pods: this takes a while`);
      const b = child([PAIRWISE, dir]);
      if (b.stdout !== out) throw new Error(`the pairwise oracle's list differs from the CLI's at ${size.pods} pods`);
      const ms = /netscn-bench analysis_ms=([\d.]+)/.exec(b.stderr);
      baseline = { e2eMs: b.ms, analysisMs: Number(ms?.[1] ?? NaN), peakMiB: b.peakMiB };
    }
    return {
      pods: input.pods.length,
      policies: input.policies.length,
      workloads,
      lines,
      e2eMs: median(e2e.map((r) => r.ms)),
      peakMiB: Math.max(...e2e.map((r) => r.peakMiB)),
      analysisMs: median(analysis.times),
      ...(baseline ? { baseline } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const p1: Workload = {
  id: 'P1',
  title: 'netscn connlist end to end on generated manifests, 1,000 pods / 400 policies and 2,000 / 800',
  run(ctx): BenchEntry {
    const withBaseline = process.env.NETSCN_BENCH_NO_BASELINE !== '1';
    const small = measureConnlist(ctx, { pods: 1_000, policies: 400, seed: 1 }, RUNS, withBaseline);
    const large = measureConnlist(ctx, { pods: 2_000, policies: 800, seed: 2 }, RUNS, withBaseline);
    const r = (x: number | undefined): number | string => (x === undefined ? 'skipped' : round(x, 1));
    return {
      median_ms: round(small.e2eMs, 1),
      baseline: 'the pairwise oracle as a whole process (same reading and output), same manifests, same run',
      ratio: small.baseline ? round(small.baseline.e2eMs / small.e2eMs, 1) : 0,
      ratio_note: 'baseline end-to-end time / connlist end-to-end time, at 1,000 pods / 400 policies',
      sizes: { pods: small.pods, policies: small.policies, workloads: small.workloads, pairs: small.lines },
      peak_mib: round(small.peakMiB, 1),
      extra: {
        e2e_1000_ms: r(small.e2eMs),
        analysis_1000_ms: r(small.analysisMs),
        peak_1000_mib: r(small.peakMiB),
        pairs_1000: small.lines,
        ordered_workload_pairs_1000: small.workloads * (small.workloads - 1),
        e2e_2000_ms: r(large.e2eMs),
        analysis_2000_ms: r(large.analysisMs),
        peak_2000_mib: r(large.peakMiB),
        pairs_2000: large.lines,
        ordered_workload_pairs_2000: large.workloads * (large.workloads - 1),
        baseline_e2e_1000_ms: r(small.baseline?.e2eMs),
        baseline_analysis_1000_ms: r(small.baseline?.analysisMs),
        baseline_peak_1000_mib: r(small.baseline?.peakMiB),
        baseline_e2e_2000_ms: r(large.baseline?.e2eMs),
        baseline_analysis_2000_ms: r(large.baseline?.analysisMs),
        baseline_peak_2000_mib: r(large.baseline?.peakMiB),
        targets: 'e2e <= 1000 ms at 1,000/400 and <= 2000 ms at 2,000/800; analysis <= 50 ms at 1,000/400; peak <= 100 MiB at 1,000/400',
      },
      notes: `connlist: medians of ${RUNS} runs (CLI processes; analysis warm, in process); baseline: one run per size. The baseline's list equals the CLI's byte for byte (checked).`,
    };
  },
};

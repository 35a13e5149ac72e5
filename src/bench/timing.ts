/** Timing helpers for the benchmark harness. */
import { performance } from 'node:perf_hooks';

export function now(): number {
  return performance.now();
}

export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Milliseconds `f` takes, one run each, `runs` times (after one warm-up run). */
export function timeRuns<T>(runs: number, f: () => T): { times: number[]; last: T } {
  let last = f();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    const t0 = now();
    last = f();
    times.push(now() - t0);
  }
  return { times, last };
}

export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >>> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Resident set size in MiB. */
export function rssMiB(): number {
  return process.memoryUsage().rss / 1048576;
}

/**
 * The benchmark registry's types. A workload is a module exporting one `Workload`; `main.ts`
 * lists them in its `workloads` array, runs them in order and writes bench-results.json.
 */

/** One line of bench-results.json (see the benchmarks guide). */
export interface BenchEntry {
  readonly median_ms: number;
  /** The baseline measured in the same run the ratio is against. */
  readonly baseline: string;
  /** baseline time / median_ms for "× faster" ratios; what it means is in `ratio_note` when not obvious. */
  readonly ratio: number;
  readonly ratio_note?: string;
  readonly sizes: Readonly<Record<string, number>>;
  readonly per_s?: number;
  readonly peak_mib?: number;
  readonly p99_ms?: number;
  /** Other figures of the workload (named, in milliseconds unless the name says otherwise). */
  readonly extra?: Readonly<Record<string, number | string>>;
  readonly notes?: string;
}

/** Shared between workloads of one run: expensive inputs built once. */
export interface BenchContext {
  /** The value of `make()`, computed at most once per run for `key`. */
  cached<T>(key: string, make: () => T): T;
  /** Progress text, printed to stderr. */
  log(text: string): void;
}

export interface Workload {
  readonly id: string;
  readonly title: string;
  run(ctx: BenchContext): BenchEntry | Promise<BenchEntry>;
}

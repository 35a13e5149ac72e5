/**
 * `npm run bench`: runs every registered workload, prints a table and writes bench-results.json
 * at the repository root. To add a workload, write it in its own file (e.g. b4.ts exporting a
 * `Workload`) and add it to `workloads` below.
 */
import { writeFileSync } from 'node:fs';
import { b1 } from './b1.js';
import { b2 } from './b2.js';
import { b3 } from './b3.js';
import { b4 } from './b4.js';
import { b5 } from './b5.js';
import { b6 } from './b6.js';
import { b7 } from './b7.js';
import { b8 } from './b8.js';
import { p1 } from './p1.js';
import { p2 } from './p2.js';
import type { BenchContext, BenchEntry, Workload } from './registry.js';

const workloads: readonly Workload[] = [b1, b2, b3, b4, b5, b6, b7, b8, p1, p2];

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const cache = new Map<string, unknown>();
  const ctx: BenchContext = {
    cached<T>(key: string, make: () => T): T {
      if (!cache.has(key)) cache.set(key, make());
      return cache.get(key) as T;
    },
    log: (text) => process.stderr.write(`${text}\n`),
  };
  const results: Record<string, BenchEntry> = {};
  for (const w of workloads) {
    if (only.length > 0 && !only.includes(w.id)) continue;
    ctx.log(`running ${w.id}: ${w.title}`);
    results[w.id] = await w.run(ctx);
  }
  const rows = Object.entries(results).map(([id, e]) => ({
    id,
    median_ms: e.median_ms,
    p99_ms: e.p99_ms ?? '',
    peak_mib: e.peak_mib ?? '',
    per_s: e.per_s ?? '',
    ratio: e.ratio,
    baseline: e.baseline,
  }));
  console.table(rows);
  for (const [id, e] of Object.entries(results)) {
    if (e.extra !== undefined) console.log(`${id}: ${Object.entries(e.extra).map(([k, v]) => `${k}=${v}`).join('  ')}`);
  }
  const file = new URL('../../bench-results.json', import.meta.url);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`wrote ${file.pathname}`);
}

await main();

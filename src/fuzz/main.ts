/**
 * `npm run fuzz [-- --inputs N] [--seed S] [--out DIR] [--hang-ms MS]`: mutated scenarios and
 * manifests (src/fuzz/inputs.ts) through everything the CLI does with them (targets.ts), in a
 * worker thread. Reports crashes (exceptions escaping), internal errors, inputs slower than
 * 2 s, hangs (an input still running after --hang-ms, default 60 s: the worker is stopped and a
 * new one goes on with the next input), the slowest input and the peak memory (RSS) of the
 * process. Every failing input is written to the out folder (default fuzz-failures/) as the
 * file it was mutated from, with a .txt saying what happened; `netscn test|check|connlist` on it
 * reproduces it. Exit 1 when anything failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { fuzzCorpus, fuzzInput } from './inputs.js';
import { loadSeeds } from './seeds.js';
import type { WorkerJob, WorkerMessage } from './worker.js';

const SLOW_MS = 2000;

interface Options {
  readonly inputs: number;
  readonly seed: number;
  readonly out: string;
  readonly hangMs: number;
}

function options(argv: readonly string[]): Options {
  const value = (name: string, fallback: number): number => {
    const i = argv.indexOf(name);
    if (i < 0) return fallback;
    const v = Number(argv[i + 1]);
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} needs a whole number, got ${argv[i + 1] ?? 'nothing'}`);
    return v;
  };
  const outAt = argv.indexOf('--out');
  return { inputs: value('--inputs', 100_000), seed: value('--seed', 1), hangMs: value('--hang-ms', 60_000), out: outAt >= 0 ? (argv[outAt + 1] ?? 'fuzz-failures') : 'fuzz-failures' };
}

interface Failure {
  readonly i: number;
  readonly what: 'crash' | 'internal error' | 'slow' | 'hang';
  readonly detail: string;
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function runAll(opts: Options): Promise<{ failures: Failure[]; slowest: { i: number; ms: number }; peakRss: number; done: number; maxOutput: { i: number; chars: number } }> {
  const failures: Failure[] = [];
  let slowest = { i: -1, ms: 0 };
  let maxOutput = { i: -1, chars: 0 };
  let peakRss = process.memoryUsage.rss();
  let done = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  return new Promise((finish) => {
    const spawn = (from: number): void => {
      if (from >= opts.inputs) {
        clearInterval(sampler);
        finish({ failures, slowest, peakRss, done, maxOutput });
        return;
      }
      const job: WorkerJob = { root, seed: opts.seed, from, to: opts.inputs };
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job });
      let current = from;
      let startedAt = Date.now();
      let stopped = false;
      const watchdog = setInterval(() => {
        if (Date.now() - startedAt <= opts.hangMs || stopped) return;
        stopped = true;
        failures.push({ i: current, what: 'hang', detail: `still running after ${opts.hangMs} ms; stopped` });
        clearInterval(watchdog);
        void worker.terminate().then(() => spawn(current + 1));
      }, 200);
      worker.on('message', (m: WorkerMessage) => {
        peakRss = Math.max(peakRss, process.memoryUsage.rss());
        if (m.type === 'start') {
          current = m.i;
          startedAt = Date.now();
          return;
        }
        done++;
        if (m.ms > slowest.ms) slowest = { i: m.i, ms: m.ms };
        if (m.outputChars > maxOutput.chars) maxOutput = { i: m.i, chars: m.outputChars };
        if (m.crash !== undefined) failures.push({ i: m.i, what: 'crash', detail: m.crash });
        for (const e of m.internalErrors) failures.push({ i: m.i, what: 'internal error', detail: e });
        if (m.ms > SLOW_MS) failures.push({ i: m.i, what: 'slow', detail: `${Math.round(m.ms)} ms` });
        if (done % 1000 === 0) process.stderr.write(`fuzz: ${done} inputs, ${failures.length} failures\n`);
      });
      worker.on('error', (e) => {
        if (stopped) return;
        stopped = true;
        clearInterval(watchdog);
        // The worker died (e.g. out of memory) on the input it had started.
        failures.push({ i: current, what: 'crash', detail: `worker died: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}` });
        spawn(current + 1);
      });
      worker.on('exit', () => {
        clearInterval(watchdog);
        if (stopped) return;
        stopped = true;
        spawn(opts.inputs);
      });
    };
    spawn(0);
  });
}

async function main(): Promise<number> {
  const opts = options(process.argv.slice(2));
  process.stderr.write(`fuzz: ${opts.inputs} inputs, seed ${opts.seed}\n`);
  const t0 = Date.now();
  const { failures, slowest, peakRss, done, maxOutput } = await runAll(opts);
  const corpus = fuzzCorpus(loadSeeds(root));
  const saved = new Set<number>();
  for (const f of failures) {
    const input = fuzzInput(corpus, opts.seed, f.i);
    const dir = join(opts.out, `seed-${opts.seed}-input-${f.i}`);
    mkdirSync(dir, { recursive: true });
    if (!saved.has(f.i)) writeFileSync(join(dir, basename(input.file)), input.text);
    saved.add(f.i);
    writeFileSync(join(dir, 'failure.txt'), `${f.what} on ${input.kind} mutated from ${input.file}\n${f.detail}\n`, { flag: 'a' });
  }
  const count = (what: Failure['what']): number => failures.filter((f) => f.what === what).length;
  const lines = [
    `inputs: ${done} in ${Math.round((Date.now() - t0) / 1000)} s (seed ${opts.seed})`,
    `crashes: ${count('crash')}`,
    `internal errors: ${count('internal error')}`,
    `slower than ${SLOW_MS} ms: ${count('slow')}`,
    `hangs: ${count('hang')}`,
    `slowest input: #${slowest.i}, ${Math.round(slowest.ms)} ms`,
    `largest output: #${maxOutput.i}, ${maxOutput.chars} characters`,
    `peak memory (RSS): ${Math.round(peakRss / 1024 / 1024)} MiB`,
  ];
  if (failures.length > 0) lines.push(`failing inputs written to ${opts.out}/`);
  process.stdout.write(lines.join('\n') + '\n');
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    process.stderr.write(`fuzz: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 64;
  },
);

/**
 * The fuzz worker: runs inputs `from`..`to` - 1 of a seeded run in order and posts, for each,
 * a `start` message before and a `done` message after (with its time, output size, crash and
 * internal errors). The main thread watches the gap between them (src/fuzz/main.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { fuzzCorpus, fuzzInput } from './inputs.js';
import { loadSeeds } from './seeds.js';
import { runTarget } from './targets.js';

export interface WorkerJob {
  readonly root: string;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
}

export type WorkerMessage =
  /** Input `i` is about to run. */
  | { readonly type: 'start'; readonly i: number }
  /** Input `i` ran: `crash` is the escaped exception's stack, if one escaped. */
  | { readonly type: 'done'; readonly i: number; readonly ms: number; readonly outputChars: number; readonly internalErrors: readonly string[]; readonly crash?: string };

const job = workerData as WorkerJob;
const corpus = fuzzCorpus(loadSeeds(job.root));
for (let i = job.from; i < job.to; i++) {
  const input = fuzzInput(corpus, job.seed, i);
  parentPort?.postMessage({ type: 'start', i } satisfies WorkerMessage);
  const t0 = performance.now();
  let message: WorkerMessage;
  try {
    const outcome = runTarget(input, job.root);
    message = { type: 'done', i, ms: performance.now() - t0, outputChars: outcome.outputChars, internalErrors: outcome.internalErrors };
  } catch (e) {
    const crash = e instanceof Error ? (e.stack ?? e.message) : String(e);
    message = { type: 'done', i, ms: performance.now() - t0, outputChars: 0, internalErrors: [], crash };
  }
  parentPort?.postMessage(message);
}

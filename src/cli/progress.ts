/**
 * A progress line on stderr for long runs, only when stderr is a terminal (never in a log or a
 * pipe). It appears once a run has taken `after` ms, is redrawn at most every `every` ms, and is
 * erased before anything else is printed and at the end, so no trace of it stays on screen.
 */
import type { CliIO } from './io.js';

export interface Progress {
  /** The current state, e.g. `[12/300] scenarios/x.netscn` (shown when due). */
  update(text: string): void;
  /** Erases the line (before other output, and when done). */
  clear(): void;
}

export interface ProgressTiming {
  readonly after: number;
  readonly every: number;
}

export const RUN_PROGRESS: ProgressTiming = { after: 300, every: 100 };
/** Stages of one long computation: each is shown as it starts. */
export const STAGE_PROGRESS: ProgressTiming = { after: 0, every: 0 };
/** One computation that is usually quick: shown only once it has run a second. */
export const SLOW_PROGRESS: ProgressTiming = { after: 1000, every: 100 };

const ERASE = '\r\u001b[K';

export function progressLine(io: CliIO, timing: ProgressTiming): Progress {
  if (io.stderrIsTTY !== true) return { update: () => undefined, clear: () => undefined };
  const now = io.now ?? (() => performance.now());
  const start = now();
  let last = -Infinity;
  let shown = false;
  return {
    update(text) {
      const t = now();
      if (t - start < timing.after || t - last < timing.every) return;
      last = t;
      shown = true;
      io.stderr(`${ERASE}${text}`);
    },
    clear() {
      if (!shown) return;
      shown = false;
      io.stderr(ERASE);
    },
  };
}

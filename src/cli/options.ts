/**
 * What the command line's common options mean for a run: colour (--no-color, NO_COLOR,
 * FORCE_COLOR, a terminal) and the run options (the engine a test injects, --filter).
 */
import { textFilter } from '../run/filter.js';
import type { RunOptions } from '../host/run-source.js';
import { UsageError, type CommonOptions } from './args.js';
import type { CliIO } from './io.js';

export function useColor(options: CommonOptions, io: CliIO): boolean {
  if (options.noColor) return false;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return io.isTTY;
}

export function runOptions(io: CliIO, options: CommonOptions): RunOptions {
  let filter;
  if (options.filter !== undefined) {
    try {
      filter = textFilter(options.filter);
    } catch (e) {
      throw new UsageError(`--filter: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return {
    ...(io.engine ? { engine: io.engine } : {}),
    ...(filter ? { filter } : {}),
  };
}

/**
 * `netscn diff BEFORE AFTER` (two manifest files or folders) and `netscn diff FILE.netscn
 * [--from-step A] [--to-step B]` (one scenario's cluster at two steps): the workload connections
 * added, removed and changed between the two, in review order (src/connlist/diff.ts), as txt,
 * json, csv, md or mermaid (src/connlist/diff-formats.ts), to stdout or `--output FILE`. Each
 * side is listed as `netscn connlist` lists it (with `--cluster-workloads`, the cluster's DNS and
 * ingress controller added to both).
 *
 * Exit codes: 0 listed (with `--exit-code`: and no difference), 1 with `--exit-code`, a
 * difference, 2 an input has errors (a side that cannot be read lists nothing), 64 usage error.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { withClusterWorkloads } from '../connlist/cluster-workloads.js';
import { workloadLabel, workloadsOf, type ConnlistInput } from '../connlist/connlist.js';
import { diffConnlists, isEmptyDiff, type ConnlistSide } from '../connlist/diff.js';
import { DIFF_FORMATS, formatDiff, type DiffFormat } from '../connlist/diff-formats.js';
import { connlist } from '../connlist/matrix-list.js';
import { didYouMean } from '../diag/suggest.js';
import { UsageError, type DiffSides } from './args.js';
import { readDiffInputs } from './diff-inputs.js';
import { EXIT } from './exit.js';
import type { CliIO } from './io.js';

export interface DiffOptions {
  readonly format: string;
  readonly output?: string;
  readonly clusterWorkloads: boolean;
  readonly exitCode: boolean;
}

export function diffCommand(sides: DiffSides, options: DiffOptions, io: CliIO): number {
  if (!(DIFF_FORMATS as readonly string[]).includes(options.format)) {
    const hint = didYouMean(options.format, DIFF_FORMATS);
    throw new UsageError(`unknown format \`${options.format}\`: expected ${DIFF_FORMATS.join(', ')}${hint ? `; ${hint}` : ''}`);
  }
  const inputs = readDiffInputs(sides, io);
  if (!inputs) return EXIT.diagnostics;
  const side = (input: ConnlistInput): ConnlistSide => {
    const full = options.clusterWorkloads ? withClusterWorkloads(input) : input;
    return { workloads: workloadsOf(full.pods, full.kindlessOwners).map(workloadLabel), connections: connlist(full) };
  };
  const diff = diffConnlists(side(inputs.before), side(inputs.after));
  const text = formatDiff(diff, options.format as DiffFormat);
  if (options.output === undefined) io.stdout(text);
  else {
    try {
      const target = resolve(io.cwd, options.output);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
    } catch (e) {
      throw new UsageError(`cannot write ${options.output}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (inputs.errors) return EXIT.diagnostics;
  return options.exitCode && !isEmptyDiff(diff) ? EXIT.failed : EXIT.ok;
}

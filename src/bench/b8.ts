/**
 * B8: the language server's per-keystroke work on a 1,000-line scenario, against a full
 * parse + check of the same file measured in the same run:
 * - diagnostics after a one-line edit: what the server does on a change (analyze = parse +
 *   check, the name index, the diagnostics grouped per file), each run on a file with one line
 *   changed (a pod's label), target <= 50 ms;
 * - completion: the names after `from pod ` on a new last line (the grammar's expected set from
 *   the text before the cursor, then the name table), target <= 20 ms.
 * The server re-analyses the whole document on every change (no incremental parse), so the
 * diagnostics ratio is near 1 by design: it says what the editor adds on top of `netscn check`.
 */
import { parseAndCheck } from '../check/index.js';
import { analyze } from '../lsp/analysis.js';
import { completion } from '../lsp/completion.js';
import { diagnosticsByFile } from '../lsp/diagnostics.js';
import { collectNames } from '../lsp/names.js';
import type { BenchEntry, Workload } from './registry.js';
import { largeScenario } from './scenario-files.js';
import { median, round, timeRuns } from './timing.js';

const LINES = 1_000;
const RUNS = 21;
const FILE = 'lsp-bench.netscn';

/** The server's work on one change of the document. */
function onChange(text: string): number {
  const a = analyze(text, FILE);
  const names = a.ast ? collectNames(a.ast, a.scenario) : [];
  return diagnosticsByFile(FILE, a.diagnostics).size + names.length;
}

export const b8: Workload = {
  id: 'B8',
  title: 'language server: diagnostics after a one-line edit and completion, on a 1,000-line scenario',
  run(ctx): BenchEntry {
    const text = largeScenario(LINES, 7);
    const lines = text.split('\n');
    const podLine = lines.findIndex((l) => l.includes(' labels app='));
    if (podLine < 0) throw new Error('B8: no pod line to edit');
    let edit = 0;
    const edited = (): string => {
      edit++;
      const copy = [...lines];
      copy[podLine] = copy[podLine]!.replace(/tier=t\d/, `tier=e${edit}`);
      return copy.join('\n');
    };
    ctx.log(`B8: ${lines.length - 1} lines`);
    const full = timeRuns(RUNS, () => parseAndCheck(text, FILE));
    if (full.last.diagnostics.some((d) => d.severity === 'error')) throw new Error('B8: the scenario does not check');
    const diagnostics = timeRuns(RUNS, () => onChange(edited()));

    const a = analyze(text, FILE);
    const names = collectNames(a.ast!, a.scenario);
    const typed = `${text}from pod `;
    const pos = { line: lines.length - 1, character: 'from pod '.length };
    const items = completion({ text: typed, pos, names, ...(a.scenario ? { cluster: a.scenario.cluster } : {}) });
    if (items.length < 100) throw new Error(`B8: completion offered ${items.length} pods`);
    const complete = timeRuns(RUNS, () => completion({ text: typed, pos, names, ...(a.scenario ? { cluster: a.scenario.cluster } : {}) }));

    const fullMs = median(full.times);
    const diagMs = median(diagnostics.times);
    const completeMs = median(complete.times);
    return {
      median_ms: round(diagMs),
      baseline: 'parseAndCheck of the same 1,000-line file (what `netscn check` does per file)',
      ratio: round(fullMs / diagMs, 3),
      ratio_note: 'parse+check time / diagnostics-after-edit time (about 1: the server re-checks the whole file; below 1 is the editor\'s extra work)',
      sizes: { lines: lines.length - 1, completion_items: items.length },
      extra: {
        diagnostics_after_edit_ms: round(diagMs),
        completion_ms: round(completeMs),
        parse_check_ms: round(fullMs),
        diagnostics_after_edit_min_ms: round(Math.min(...diagnostics.times)),
        completion_min_ms: round(Math.min(...complete.times)),
        parse_check_min_ms: round(Math.min(...full.times)),
        completion_ratio_vs_parse_check: round(fullMs / completeMs, 2),
        targets: 'diagnostics <= 50 ms; completion <= 20 ms',
      },
      notes: `medians of ${RUNS} warm runs each (the minima are given too: on a busy machine they are closer to the cost itself); diagnostics = analyze + name index + per-file grouping on a file with one line edited; completion = the pods after \`from pod \` on a new last line.`,
    };
  },
};

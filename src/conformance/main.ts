/**
 * `npm run conformance [-- [--verbose] [--corpus=NAME] [FILTER]]`: runs netscn's workload
 * connectivity over the conformance corpora beside the project (../shared/conformance, on
 * developers' machines and CI, never on a user's) and reports, per corpus, the failing cases,
 * the pass rate per case family and one `conformance: P/N passed (corpus)` line.
 * - netpol-analyzer (netpol-analyzer.ts): each failure with up to 8 missing/unexpected lines;
 * - nca (nca-corpus.ts): each failure with its reason, the failures counted by reason; the
 *   missing/unexpected normalised lines with `--verbose` or a FILTER.
 * FILTER is a regular expression over case ids; `--corpus=` runs one corpus only; `--shared=DIR`
 * names the folder holding the corpora (default ../shared/conformance beside the project, which a
 * git worktree elsewhere does not have).
 * A report, not a gate: it exits 0 whatever the pass rate, and never edits a corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ncaCases, runNcaCase, type CaseOutcome } from './nca-corpus.js';
import { netpolAnalyzerCases, runNetpolAnalyzerCase } from './netpol-analyzer.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DEFAULT_SHARED = path.resolve(here, '../../../shared/conformance');

/** A corpus: where its cases are, how one runs, how its failures are shown. */
interface Corpus {
  readonly name: string;
  readonly dir: string;
  readonly cases: (dir: string, only?: RegExp) => string[];
  readonly run: (caseDir: string) => CaseOutcome;
  /** Lines of a failure shown; `detailed`: every missing/extra line rather than the first few. */
  readonly show: (o: CaseOutcome, detailed: boolean) => string[];
  /** Whether the failures are also counted by reason. */
  readonly reasons: boolean;
}

function lineSample(o: CaseOutcome, limit: number): string[] {
  const lines: string[] = [];
  for (const l of o.missing.slice(0, limit)) lines.push(`    - ${l}`);
  if (o.missing.length > limit) lines.push(`    - … ${o.missing.length - limit} more missing`);
  for (const l of o.extra.slice(0, limit)) lines.push(`    + ${l}`);
  if (o.extra.length > limit) lines.push(`    + … ${o.extra.length - limit} more unexpected`);
  return lines;
}

function corpora(shared: string): readonly Corpus[] {
  return [
  {
    name: 'netpol-analyzer',
    dir: path.join(shared, 'netpol-analyzer/cases'),
    cases: netpolAnalyzerCases,
    run: runNetpolAnalyzerCase,
    show: (o) => [`✗ ${o.id} (${o.family})${o.detail ? `: ${o.detail}` : ''}`, ...lineSample(o, 8)],
    reasons: false,
  },
  {
    name: 'nca',
    dir: path.join(shared, 'nca/cases'),
    cases: ncaCases,
    run: runNcaCase,
    show: (o, detailed) => [`✗ ${o.id} (${o.family}): ${o.reason}${o.detail ? ` — ${o.detail}` : ''}`, ...(detailed ? lineSample(o, Infinity) : [])],
    reasons: true,
  },
  ];
}

function report(corpus: Corpus, only: RegExp | undefined, detailed: boolean): void {
  if (!fs.existsSync(corpus.dir)) {
    console.log(`conformance: corpus ${corpus.name} not found at ${corpus.dir} (it sits beside the project only on developers' machines and CI)`);
    return;
  }
  const outcomes = corpus.cases(corpus.dir, only).map((c) => corpus.run(path.join(corpus.dir, c)));
  const families = new Map<string, { pass: number; total: number }>();
  const features = new Map<string, { pass: number; total: number }>();
  const reasons = new Map<string, number>();
  const count = (m: Map<string, { pass: number; total: number }>, key: string, ok: boolean): void => {
    const f = m.get(key) ?? { pass: 0, total: 0 };
    m.set(key, { pass: f.pass + (ok ? 1 : 0), total: f.total + 1 });
  };
  for (const o of outcomes) {
    count(families, o.family, o.ok);
    for (const feature of o.features ?? []) count(features, feature, o.ok);
    if (!o.ok && o.reason !== undefined) reasons.set(o.reason, (reasons.get(o.reason) ?? 0) + 1);
  }
  console.log(outcomes.filter((o) => !o.ok).map((o) => corpus.show(o, detailed).join('\n')).join('\n'));
  console.log('\nper family:');
  for (const [fam, f] of [...families].sort()) console.log(`  ${fam.padEnd(30)} ${f.pass}/${f.total}`);
  if (features.size > 0) {
    console.log('per feature:');
    for (const [feature, f] of [...features].sort()) console.log(`  ${feature.padEnd(34)} ${f.pass}/${f.total}`);
  }
  if (corpus.reasons && reasons.size > 0) {
    console.log('failures by reason:');
    for (const [reason, n] of [...reasons].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) console.log(`  ${String(n).padStart(4)}  ${reason}`);
  }
  const passed = outcomes.filter((o) => o.ok).length;
  // A pass whose input was partly unread agrees on what was read: counted, and said, not hidden.
  const partial = outcomes.filter((o) => o.ok && o.passedWithUnread !== undefined);
  if (partial.length > 0) {
    console.log(`passed with part of the input not read: ${partial.length} (the lines agree on what was read)`);
    if (detailed) for (const o of partial) console.log(`  ${o.id}: ${o.passedWithUnread}`);
  }
  console.log(`conformance: ${passed}/${outcomes.length} passed (${corpus.name})`);
}

function main(): void {
  const args = process.argv.slice(2);
  const detailed = args.includes('--verbose');
  const named = args.find((a) => a.startsWith('--corpus='))?.slice('--corpus='.length);
  const filter = args.find((a) => !a.startsWith('--'));
  const only = filter === undefined ? undefined : new RegExp(filter);
  const all = corpora(args.find((a) => a.startsWith('--shared='))?.slice('--shared='.length) ?? DEFAULT_SHARED);
  const chosen = all.filter((c) => named === undefined || c.name === named);
  if (chosen.length === 0) {
    console.log(`conformance: no corpus named ${named} (corpora: ${all.map((c) => c.name).join(', ')})`);
    return;
  }
  chosen.forEach((c, i) => {
    if (i > 0) console.log('');
    console.log(`== ${c.name} ==`);
    report(c, only, detailed || filter !== undefined);
  });
}

main();

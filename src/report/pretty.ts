/**
 * The terminal reporter: ✓/✗ per assertion grouped by file and step; a failure shows its
 * location, a code frame and the trace. Ends with summary lines CI tools can parse:
 *
 *     Files: 4 passed, 1 failed
 *     Assertions: 12 passed, 1 failed
 *     Time: 35ms
 */
import type { Span } from '../spec/types.js';
import type { CheckResult } from '../run/results.js';
import { locatedFrame, renderDiagnostic } from './diagnostics.js';
import { formatEvidence } from './explain.js';
import { indent, painter, type StyleOptions } from './style.js';
import { fileStatus, formatDuration, summarize, type RunReport, type Summary, type TimedRun } from './summary.js';

export function location(span: Span): string {
  return `${span.file}:${span.start.line}:${span.start.column}`;
}

export function formatFile(f: TimedRun, opts: StyleOptions): string {
  const c = painter(opts);
  const status = fileStatus(f);
  const mark = status === 'passed' ? c.green('✓') : c.red('✗');
  const title = f.result ? c.dim(` — ${f.result.title}`) : '';
  const lines = [`${mark} ${c.bold(f.file)}${title} ${c.dim(`(${formatDuration(f.durationMs)})`)}`];
  for (const d of f.diagnostics) lines.push(indent(renderDiagnostic(d, f.source, { ...opts, file: f.file }), '    '));
  if (!f.result) return lines.join('\n');
  for (const step of f.result.steps) {
    if (step.checks.length === 0) continue;
    let pad = '    ';
    if (step.title !== undefined) {
      lines.push(`  ${c.bold(`step "${step.title}"`)}`);
      pad = '      ';
    }
    for (const r of step.checks) lines.push(indent(formatCheck(r, f.source, opts), pad));
  }
  return lines.join('\n');
}

export function formatCheck(r: CheckResult, source: string, opts: StyleOptions): string {
  const c = painter(opts);
  if (r.passed) return `${c.green('✓')} ${c.dim(r.check.text)}`;
  const parts = [`${c.red('✗')} ${r.check.text}`, indent(c.red(r.message), '  '), indent(locatedFrame(source, r.check.span), '  ')];
  const evidence = formatEvidence(r, opts);
  if (evidence) parts.push(indent(evidence, '  '));
  return parts.join('\n') + '\n';
}

export function formatSummary(s: Summary, opts: StyleOptions): string {
  const c = painter(opts);
  const count = (passed: number, failed: number) => `${c.green(`${passed} passed`)}, ${failed > 0 ? c.red(`${failed} failed`) : `${failed} failed`}`;
  const lines = [
    `Files: ${count(s.files.passed, s.files.failed)}`,
    `Assertions: ${count(s.assertions.passed, s.assertions.failed)}`,
  ];
  if (s.files.errors > 0) lines.push(`Errors: ${s.files.errors} ${s.files.errors === 1 ? 'file does' : 'files do'} not check (see diagnostics above)`);
  lines.push(`Time: ${formatDuration(s.durationMs)}`);
  return lines.join('\n');
}

export function formatPretty(report: RunReport, opts: StyleOptions): string {
  const files = report.files.map((f) => formatFile(f, opts));
  return `${files.join('\n')}\n\n${formatSummary(summarize(report), opts)}\n`;
}

/**
 * The JUnit XML reporter: a testsuite per file, a testcase per assertion (classname = file and
 * step), a <failure> with the one-line message and the trace; a file that does not check gets
 * one testcase per error diagnostic with an <error>.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import { renderDiagnostic } from './diagnostics.js';
import { formatEvidence } from './explain.js';
import { summarize, type RunReport, type TimedRun } from './summary.js';

/** Escapes text for XML content and attributes; drops characters XML 1.0 cannot carry. */
export function xmlEscape(s: string): string {
  return s
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function attrs(a: Record<string, string | number>): string {
  return Object.entries(a)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
}

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function diagCase(f: TimedRun, d: Diagnostic): string {
  const name = `${d.code}: ${d.message}`;
  const body = renderDiagnostic(d, f.source, { color: false, file: f.file });
  return `    <testcase${attrs({ name, classname: f.file, file: f.file, line: d.span.start.line, time: '0.000' })}>\n      <error${attrs({ message: d.message, type: d.code })}>${xmlEscape(body)}</error>\n    </testcase>`;
}

function suite(f: TimedRun): string {
  const cases: string[] = [];
  let failures = 0;
  let errors = 0;
  if (!f.result) {
    for (const d of f.diagnostics.filter((x) => x.severity === 'error')) cases.push(diagCase(f, d));
    errors = cases.length;
  } else {
    for (const step of f.result.steps) {
      const classname = step.title !== undefined ? `${f.file} › ${step.title}` : f.file;
      for (const r of step.checks) {
        const a = attrs({ name: r.check.text, classname, file: f.file, line: r.check.span.start.line, time: '0.000' });
        if (r.passed) {
          cases.push(`    <testcase${a}/>`);
          continue;
        }
        failures++;
        const where = `${r.check.span.file}:${r.check.span.start.line}:${r.check.span.start.column}`;
        const body = `${r.message}\n  at ${where}\n\n${formatEvidence(r, { color: false })}`;
        cases.push(`    <testcase${a}>\n      <failure${attrs({ message: r.message, type: 'AssertionError' })}>${xmlEscape(body)}</failure>\n    </testcase>`);
      }
    }
  }
  const head = attrs({ name: f.file, tests: cases.length, failures, errors, skipped: 0, time: seconds(f.durationMs) });
  return `  <testsuite${head}>\n${cases.join('\n')}${cases.length > 0 ? '\n' : ''}  </testsuite>`;
}

export function formatJunit(report: RunReport): string {
  const s = summarize(report);
  const errors = report.files.reduce((n, f) => n + (f.result ? 0 : f.diagnostics.filter((d) => d.severity === 'error').length), 0);
  const head = attrs({ name: 'netscn', tests: s.assertions.total + errors, failures: s.assertions.failed, errors, time: seconds(report.durationMs) });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${report.files.map(suite).join('\n')}\n</testsuites>\n`;
}

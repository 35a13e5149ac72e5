/**
 * Code lenses over each assertion ("Run", "Explain") and the commands behind them. The lenses
 * name client commands (the editor extension shows their text in an output channel); the text
 * comes from the server commands below, which run the scenario with the engine.
 */
import type { CodeLens } from 'vscode-languageserver';
import { formatExplanation } from '../report/explain.js';
import { formatPretty } from '../report/pretty.js';
import type { CheckResult } from '../run/results.js';
import { runOf, type Analysis } from './analysis.js';
import { verdictText } from './hover.js';
import { rangeOf } from './positions.js';

/** Client commands the lenses invoke, with arguments [uri, line (1-based)]. */
export const CLIENT_COMMANDS = { run: 'netscn.runAssertion', explain: 'netscn.explainAssertion' } as const;
/** Server commands (workspace/executeCommand): run one assertion, explain it, run the whole file. */
export const SERVER_COMMANDS = { run: 'netscn.server.runAssertion', explain: 'netscn.server.explainAssertion', runFile: 'netscn.server.runFile' } as const;

/** What a server command answers. */
export interface CommandResult {
  /** Whether everything run passed; undefined when nothing ran (errors, no assertion there). */
  readonly passed?: boolean;
  /** Plain text for an output channel. */
  readonly text: string;
}

export function codeLenses(a: Analysis, uri: string): CodeLens[] {
  const out: CodeLens[] = [];
  for (const step of a.scenario?.steps ?? []) {
    for (const check of step.checks) {
      if (check.span.file !== a.file) continue;
      const range = rangeOf({ ...check.span, end: check.span.start });
      const args = [uri, check.span.start.line];
      out.push({ range, command: { title: '▶ Run', command: CLIENT_COMMANDS.run, arguments: args } });
      out.push({ range, command: { title: 'Explain', command: CLIENT_COMMANDS.explain, arguments: args } });
    }
  }
  return out;
}

function notChecked(a: Analysis): CommandResult {
  const n = a.diagnostics.filter((d) => d.severity === 'error').length;
  return { text: `${a.file} has ${n} ${n === 1 ? 'error' : 'errors'}; fix ${n === 1 ? 'it' : 'them'} to run its assertions` };
}

function find(a: Analysis, line: number): { readonly r: CheckResult; readonly step?: string } | undefined {
  for (const s of runOf(a)?.steps ?? []) {
    for (const r of s.checks) if (r.check.span.start.line <= line && line <= r.check.span.end.line) return { r, ...(s.title !== undefined ? { step: s.title } : {}) };
  }
  return undefined;
}

/** The verdict of the assertion on `line` (1-based) and the trace of its deciding path. */
export function runAssertion(a: Analysis, line: number): CommandResult {
  if (!a.scenario) return notChecked(a);
  const hit = find(a, line);
  if (!hit) return { text: `no assertion on line ${line} of ${a.file}` };
  return { passed: hit.r.passed, text: `${hit.r.check.text}\n${verdictText(hit.r)}\n` };
}

/** `netscn explain FILE:LINE`'s text for the assertion on `line`, without colour. */
export function explainAssertion(a: Analysis, line: number): CommandResult {
  if (!a.scenario) return notChecked(a);
  const hit = find(a, line);
  if (!hit) return { text: `no assertion on line ${line} of ${a.file}` };
  return { passed: hit.r.passed, text: formatExplanation(hit.r, a.text, hit.step, false) };
}

/** `netscn test FILE`'s report, without colour. */
export function runFile(a: Analysis): CommandResult {
  if (!a.scenario) return notChecked(a);
  const result = runOf(a);
  if (!result) return notChecked(a);
  return { passed: result.failed === 0, text: formatPretty({ files: [{ file: a.file, source: a.text, diagnostics: a.diagnostics, result, durationMs: 0 }], durationMs: 0 }, { color: false }) };
}

/**
 * What generated `.netscn` modules call at test time (package export `netscn/runtime`). Each
 * module gets its own ScenarioModule: the file is parsed, checked and run once, on the first
 * assertion, and cached in that object only (no module-level state: files share a worker under
 * isolate:false).
 */
import { hasErrors } from '../diag/diagnostic.js';
import { locatedFrame, renderDiagnostic } from '../report/diagnostics.js';
import { formatEvidence } from '../report/explain.js';
import type { Engine } from '../run/engine.js';
import { projectReader } from '../host/project-files.js';
import { scenarioInput } from './scenario-input.js';
import type { CheckResult } from '../run/results.js';
import { runSource, type FileRun } from '../host/run-source.js';

/** The slice of vitest's TestContext the runtime uses (vitest stays an optional peer). */
export interface TestContextLike {
  readonly annotate?: (message: string, type?: string) => Promise<unknown>;
}

export interface ScenarioModule {
  /** Passes, or throws an assertion error carrying the reason, the trace and a code frame. */
  check(step: number, index: number, context?: TestContextLike): Promise<void>;
  /** Throws the diagnostic at `index` (a file that did not check). */
  diagnostic(index: number): never;
}

/** An Error vitest prints well: message = reason + trace, `frame` = the assertion's code frame. */
export class NetworkAssertionError extends Error {
  override readonly name = 'NetworkAssertionError';
  readonly frame: string;
  readonly trace: string;
  constructor(reason: string, trace: string, frame: string) {
    super(trace ? `${reason}\n\n${trace}` : reason);
    this.frame = frame;
    this.trace = trace;
  }
}

export class ScenarioDiagnosticError extends Error {
  override readonly name = 'ScenarioDiagnosticError';
  readonly frame: string;
  constructor(message: string, frame: string) {
    super(message);
    this.frame = frame;
  }
}

export function scenarioModule(source: string, displayPath: string, path: string, engine?: Engine): ScenarioModule {
  let run: FileRun | undefined;
  const get = (): FileRun => {
    if (run === undefined) {
      run = runSource(scenarioInput(source, path), displayPath, { readFile: projectReader(path), ...(engine ? { engine } : {}) });
    }
    return run;
  };
  return {
    async check(step, index, context) {
      const r = get();
      const result = r.result?.steps[step]?.checks[index];
      if (!result) {
        if (hasErrors(r.diagnostics)) throw new Error(`${displayPath} no longer checks: ${r.diagnostics[0]?.message ?? 'unknown error'}`);
        throw new Error(`${displayPath} changed since it was transformed: no assertion ${step}.${index}; re-run the tests`);
      }
      if (result.passed) return;
      // The trace is in the error's message; the annotation points at the command that prints
      // every path, so a reporter that shows both does not print the trace twice.
      if (context?.annotate) await context.annotate(explainCommand(r.file, result), 'netscn');
      throw assertionError(result, r.source);
    },
    diagnostic(index) {
      const r = get();
      const d = r.diagnostics[index];
      if (!d) throw new Error(`${displayPath} has errors that changed since it was transformed; re-run the tests`);
      throw new ScenarioDiagnosticError(d.message, renderDiagnostic(d, r.source, { color: false, file: r.file }));
    },
  };
}

/** `netscn explain FILE:LINE`: every path of the failed assertion, hop by hop. */
export function explainCommand(file: string, result: CheckResult): string {
  return `every path: netscn explain ${file}:${result.check.span.start.line}`;
}

export function assertionError(result: CheckResult, source: string): NetworkAssertionError {
  return new NetworkAssertionError(result.message, formatEvidence(result, { color: false }), locatedFrame(source, result.check.span));
}

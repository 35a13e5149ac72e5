/**
 * The module a `.netscn` file becomes under vitest: one describe per file, one per step, one it
 * per assertion, each `it(` line mapped back to its assertion. Scenario text reaches the output
 * only as JSON string literals (scenario files are untrusted); the runtime re-derives everything
 * else from the same source.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { CheckedSource } from '../run/engine.js';
import type { Span } from '../spec/types.js';
import { lineSourceMap, type LineMapping, type SourceMapV3 } from './source-map.js';

export interface GenerateInput {
  /** The scenario text, as read from disk. */
  readonly source: string;
  /** Absolute path of the file (module id without query). */
  readonly path: string;
  /** The path shown in messages (relative to the project root). */
  readonly displayPath: string;
  /** Specifier of the runtime module, e.g. `netscn/runtime`. */
  readonly runtime: string;
  readonly checked: CheckedSource;
}

export interface GeneratedModule {
  readonly code: string;
  readonly map: SourceMapV3;
}

/** A JSON string literal, with U+2028/U+2029 escaped: engines count them as line breaks, which would shift the source map. */
const lit = (s: string): string => JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

export function diagnosticTitle(d: Diagnostic): string {
  return `${d.severity}[${d.code}]: ${d.message}`;
}

export function generateModule(input: GenerateInput): GeneratedModule {
  const lines: string[] = [];
  const mappings: LineMapping[] = [];
  const at = (span: Span | undefined, text: string) => {
    if (span) mappings.push({ generatedLine: lines.length, line: span.start.line, column: span.start.column });
    lines.push(text);
  };
  lines.push(`import { describe, it } from ${lit('vitest')};`);
  lines.push(`import { scenarioModule } from ${lit(input.runtime)};`);
  lines.push(`const netscn = scenarioModule(${lit(input.source)}, ${lit(input.displayPath)}, ${lit(input.path)});`);
  const { scenario, diagnostics } = input.checked;
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0 || scenario === undefined) {
    lines.push(`describe(${lit(input.displayPath)}, () => {`);
    errors.forEach((d) => {
      const i = diagnostics.indexOf(d);
      at(d.span, `it(${lit(diagnosticTitle(d))}, () => netscn.diagnostic(${i}));`);
    });
    if (errors.length === 0) lines.push(`it(${lit('scenario')}, () => netscn.diagnostic(-1));`);
    lines.push(`});`);
  } else {
    lines.push(`describe(${lit(scenario.title)}, () => {`);
    scenario.steps.forEach((step, s) => {
      const titled = step.title !== undefined;
      if (titled) at(step.span, `describe(${lit(step.title ?? '')}, () => {`);
      step.checks.forEach((check, c) => at(check.span, `it(${lit(check.text)}, (context) => netscn.check(${s}, ${c}, context));`));
      if (titled) lines.push(`});`);
    });
    lines.push(`});`);
  }
  const code = lines.join('\n') + '\n';
  return { code, map: lineSourceMap({ path: input.path, content: input.source }, lines.length + 1, mappings) };
}

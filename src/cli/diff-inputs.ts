/**
 * The two inputs `netscn diff` compares, read from the command line's sides (args.ts DiffSides):
 * - manifests: each file or folder read as `netscn connlist` reads it (readManifests); its
 *   diagnostics are printed one a line (`file:line:col: severity[code]: message`); a side whose
 *   manifests have errors and no object fails the command;
 * - steps: one scenario, checked as `netscn check` checks it (diagnostics with their code frames;
 *   any error fails the command), and its cluster at two steps. Step 0 is the cluster as
 *   declared (with the top-level statements), step N the state after the N-th `step` block; a
 *   step is named by its number or its exact title. Defaults: from step 0 to the last step.
 *   A step that does not exist is a usage error that lists the steps.
 * Failures are reported here, never thrown (usage errors aside).
 */
import { resolve } from 'node:path';
import type { Scenario } from '../check/scenario.js';
import { connlistInputFromCluster } from '../connlist/cluster-input.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import type { ConnlistInput } from '../connlist/connlist.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { hasErrors } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import { projectReader } from '../host/project-files.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import { defaultEngine } from '../run/engine-default.js';
import type { Engine } from '../run/engine.js';
import { assertNever } from '../spec/never.js';
import type { ClusterSpec } from '../spec/types.js';
import { UsageError, type DiffSides } from './args.js';
import { printDiagnostics, readManifests } from './connlist.js';
import type { CliIO } from './io.js';
import { readScenario } from './io.js';

export interface DiffInputs {
  readonly before: ConnlistInput;
  readonly after: ConnlistInput;
  /** Some input had errors (the command exits 2 after writing the diff). */
  readonly errors: boolean;
}

/** The two inputs, or undefined when one could not be read (its diagnostics printed). */
export function readDiffInputs(sides: DiffSides, io: CliIO): DiffInputs | undefined {
  switch (sides.kind) {
    case 'manifests':
      return manifestInputs(sides.before, sides.after, io);
    case 'steps':
      return stepInputs(sides.file, sides.from, sides.to, io);
    default:
      return assertNever(sides);
  }
}

function manifestInputs(before: string, after: string, io: CliIO): DiffInputs | undefined {
  const sides = [before, after].map((path) => readManifests([path], io));
  for (const side of sides) printDiagnostics(side.diagnostics, io);
  const failed = (s: (typeof sides)[number]): boolean => s.loaded.objects.length === 0 && s.diagnostics.some((d) => d.severity === 'error');
  if (sides.some(failed)) return undefined;
  const [was, now] = sides.map((s) => connlistInputFromManifests(s.loaded));
  for (const side of [was!, now!]) printDiagnostics(side.warnings, io);
  return {
    before: was!.input,
    after: now!.input,
    errors: sides.some((s) => s.diagnostics.some((d) => d.severity === 'error')),
  };
}

function stepInputs(file: string, from: string | undefined, to: string | undefined, io: CliIO): DiffInputs | undefined {
  const engine = io.engine ?? defaultEngine;
  const decoded = decodeUtf8(readScenario(file, io), file);
  const checked = decoded.diagnostics.length > 0 ? { diagnostics: decoded.diagnostics } : engine.parseAndCheck(decoded.text, file, { readFile: projectReader(resolve(io.cwd, file)) });
  for (const d of checked.diagnostics) io.stderr(renderDiagnostic(d, decoded.text, { color: false }) + '\n\n');
  if (hasErrors(checked.diagnostics) || !checked.scenario) return undefined;
  const scenario = checked.scenario;
  const last = scenario.steps.length - 1;
  const first = from === undefined ? 0 : stepIndex(scenario, from);
  const second = to === undefined ? last : stepIndex(scenario, to);
  return { before: connlistInputFromCluster(clusterAt(engine, scenario, first)), after: connlistInputFromCluster(clusterAt(engine, scenario, second)), errors: false };
}

/** The cluster after the changes of steps 0..index (step 0: the top-level statements). */
function clusterAt(engine: Engine, scenario: Scenario, index: number): ClusterSpec {
  let spec = scenario.cluster;
  for (const step of scenario.steps.slice(0, index + 1)) for (const change of step.changes) spec = engine.applyChange(spec, change);
  return spec;
}

/** The index of the step `name` names: a number 0..N, or a step's exact title. */
function stepIndex(scenario: Scenario, name: string): number {
  const last = scenario.steps.length - 1;
  if (/^\d+$/.test(name) && Number(name) <= last) return Number(name);
  const byTitle = scenario.steps.findIndex((s, i) => i > 0 && s.title === name);
  if (byTitle > 0) return byTitle;
  const titles = scenario.steps.flatMap((s, i) => (i > 0 && s.title !== undefined ? [s.title] : []));
  const hint = didYouMean(name, titles);
  const list = titles.map((t, i) => `${i + 1} "${t}"`).join(', ');
  throw new UsageError(
    `no step \`${name}\` in ${scenario.file}: expected 0 (the cluster as declared)${last > 0 ? `, a step's number (${last === 1 ? '1' : `1 to ${last}`}) or its title: ${list}` : '; the scenario has no steps'}${hint ? `; ${hint}` : ''}`,
  );
}

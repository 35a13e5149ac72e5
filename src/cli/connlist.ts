/**
 * `netscn connlist <manifests...>`: the allowed workload connections of real manifests, read
 * below the current directory only. A folder is a project as often as a manifest folder: files
 * met in one that are plainly not Kubernetes objects (they parse, and no document has an
 * apiVersion or kind, e.g. package.json) are skipped with one warning, and node_modules is not
 * entered. A file named on the command line is always read, and an error when it is not a
 * manifest. Exit 0, or 2 when a manifest has errors.
 */
import { readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connlist } from '../connlist/connlist.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { CONNLIST_FORMATS, formatConnlist, type ConnlistFormat } from '../connlist/formats.js';
import { didYouMean } from '../diag/suggest.js';
import { loadManifestFiles } from '../manifests/index.js';
import { parseYaml } from '../manifests/yaml-tree.js';
import { UsageError } from './args.js';
import { toDisplay } from './discover.js';
import type { CliIO } from './io.js';
import { progressLine, STAGE_PROGRESS, type Progress } from './progress.js';

/** How many skipped files the warning names before it counts the rest. */
const NAMED_SKIPS = 5;

export function connlistCommand(paths: readonly string[], format: string, output: string | undefined, io: CliIO): number {
  if (!(CONNLIST_FORMATS as readonly string[]).includes(format)) {
    const hint = didYouMean(format, CONNLIST_FORMATS);
    throw new UsageError(`unknown format \`${format}\`: expected ${CONNLIST_FORMATS.join(', ')}${hint ? `; ${hint}` : ''}`);
  }
  const progress = progressLine(io, STAGE_PROGRESS);
  try {
    return list(paths, format as ConnlistFormat, output, io, progress);
  } finally {
    progress.clear();
  }
}

function list(paths: readonly string[], format: ConnlistFormat, output: string | undefined, io: CliIO, progress: Progress): number {
  progress.update(`connlist: reading ${paths.join(', ')}`);
  const named = new Set(paths.map((p) => realOrSelf(resolve(io.cwd, p))));
  const texts = new Map<string, string>();
  const skipped: string[] = [];
  const readFile = (real: string): string => {
    const text = readFileSync(real, 'utf8');
    const keep = named.has(real) || mayBeManifest(text, real);
    if (!keep) skipped.push(toDisplay(real, io.cwd));
    texts.set(real, keep ? text : '');
    return keep ? text : '';
  };
  const listDir = (p: string): readonly string[] | undefined => (statSync(p).isDirectory() ? readdirSync(p).filter((n) => n !== 'node_modules') : undefined);
  // An analysis of existing manifests: names the API server would reject are read as written.
  const loaded = loadManifestFiles(paths, io.cwd, readFile, listDir, undefined, { lenientNames: true });
  const diagnostics = skipped.length > 0 ? [skipWarning(skipped, io.cwd), ...loaded.diagnostics] : loaded.diagnostics;
  if (loaded.diagnostics.some((d) => d.severity === 'error') && loaded.objects.length === 0) {
    progress.clear();
    printDiagnostics(diagnostics, io);
    return 2;
  }
  const source = connlistInputFromManifests(loaded, (f) => texts.get(f) ?? readFileSync(f, 'utf8'));
  progress.update(`connlist: ${loaded.objects.length} objects from ${loaded.files.length - skipped.length} files: listing connections`);
  const text = formatConnlist(connlist(source.input), format);
  progress.clear();
  printDiagnostics(diagnostics, io);
  if (output !== undefined) writeFileSync(resolve(io.cwd, output), text);
  else io.stdout(text);
  return diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}

function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

/** False only for text that parses and whose documents carry no apiVersion or kind at all. */
function mayBeManifest(text: string, file: string): boolean {
  const parsed = parseYaml(text, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error') || parsed.documents.length === 0) return true;
  return parsed.documents.some((d) => d.kind === 'map' && d.entries.some((e) => e.key === 'apiVersion' || e.key === 'kind'));
}

function skipWarning(skipped: readonly string[], cwd: string): Diagnostic {
  const first = skipped[0]!;
  const names = skipped.slice(0, NAMED_SKIPS).join(', ');
  const more = skipped.length > NAMED_SKIPS ? ` and ${skipped.length - NAMED_SKIPS} more` : '';
  const start = { offset: 0, line: 1, column: 1 };
  return {
    code: 'NS2105',
    severity: 'warning',
    message: `skipped ${skipped.length} ${skipped.length === 1 ? 'file' : 'files'} that ${skipped.length === 1 ? 'is' : 'are'} not Kubernetes objects (no apiVersion or kind): ${names}${more}`,
    span: { file: toDisplay(resolve(cwd, first), cwd), start, end: start },
    help: 'name a file on the command line to have it read as a manifest anyway',
  };
}

function printDiagnostics(ds: readonly Diagnostic[], io: CliIO): void {
  for (const d of ds) io.stderr(`${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity}[${d.code}]: ${d.message}\n`);
}

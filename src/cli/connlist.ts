/**
 * `netscn connlist <manifests...>`: the allowed workload connections of real manifests, read from
 * the files and folders given (relative to the current directory, or absolute). A folder is a
 * project as often as a manifest folder: files met in one that are plainly not Kubernetes objects
 * (they parse, and no document has an apiVersion or kind, e.g. package.json) are skipped with one
 * warning, and node_modules is not entered. A file named on the command line is always read, and
 * an error when it is not a manifest. Exit 0, or 2 when a manifest has errors.
 */
import { DIAG, message } from '../diag/catalogue.js';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connlist } from '../connlist/connlist.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { CONNLIST_FORMATS, formatConnlist, type ConnlistFormat } from '../connlist/formats.js';
import { didYouMean } from '../diag/suggest.js';
import { capDiagnosticsPerFile } from '../diag/cap.js';
import { loadManifestFiles } from '../host/load-files.js';
import { UsageError } from './args.js';
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
  // An analysis of existing manifests: names the API server would reject are read as written,
  // and removed apiVersions as the current ones (with warnings).
  const loaded = loadManifestFiles(paths, io.cwd, { lenientNames: true, lenientVersions: true }, { skipNonManifests: true });
  const capped = capDiagnosticsPerFile(loaded.diagnostics);
  const diagnostics = loaded.skipped.length > 0 ? [skipWarning(loaded.skipped), ...capped] : capped;
  if (loaded.diagnostics.some((d) => d.severity === 'error') && loaded.objects.length === 0) {
    progress.clear();
    printDiagnostics(diagnostics, io);
    return 2;
  }
  progress.update(`connlist: ${loaded.objects.length} objects from ${loaded.files.length} files: listing connections`);
  const texts = new Map(loaded.files.map((f, i) => [f, loaded.texts[i] ?? '']));
  const source = connlistInputFromManifests(loaded, (f) => texts.get(f) ?? '');
  const text = formatConnlist(connlist(source.input), format);
  progress.clear();
  printDiagnostics(diagnostics, io);
  if (output !== undefined) writeFileSync(resolve(io.cwd, output), text);
  else io.stdout(text);
  return diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}

function skipWarning(skipped: readonly string[]): Diagnostic {
  const first = skipped[0]!;
  const names = skipped.slice(0, NAMED_SKIPS).join(', ');
  const more = skipped.length > NAMED_SKIPS ? ` and ${skipped.length - NAMED_SKIPS} more` : '';
  const start = { offset: 0, line: 1, column: 1 };
  return {
    code: DIAG.skippedFiles.code,
    severity: 'warning',
    message: message(DIAG.skippedFiles, { count: skipped.length, files: skipped.length === 1 ? 'file' : 'files', are: skipped.length === 1 ? 'is' : 'are', names: `${names}${more}` }),
    span: { file: first, start, end: start },
    help: 'name a file on the command line to have it read as a manifest anyway',
  };
}

function printDiagnostics(ds: readonly Diagnostic[], io: CliIO): void {
  for (const d of ds) io.stderr(`${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity}[${d.code}]: ${d.message}\n`);
}

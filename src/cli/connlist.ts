/**
 * `netscn connlist <manifests...>`: the allowed workload connections of real manifests, read from
 * the files and folders given (relative to the current directory, or absolute). A folder is a
 * project as often as a manifest folder: files met in one that are plainly not Kubernetes objects
 * (they parse, and no document has an apiVersion or kind, e.g. package.json) are skipped with one
 * warning, and node_modules is not entered. A file named on the command line is always read, and
 * an error when it is not a manifest. Exit 0, or 2 when a manifest has errors.
 */
import { DIAG, message } from '../diag/catalogue.js';
import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { withClusterWorkloads } from '../connlist/cluster-workloads.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import { connlist, connlistRows } from '../connlist/matrix-list.js';
import { connlistByNetwork, formatNetworkConnlistText } from '../connlist/networks.js';
import { compareConnections } from '../connlist/connlist.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { CONNLIST_FORMATS, writeConnlist, type ConnlistFormat } from '../connlist/formats.js';
import { didYouMean } from '../diag/suggest.js';
import { capDiagnosticsPerFile } from '../diag/cap.js';
import { loadManifestFiles, type LoadedManifests } from '../host/load-files.js';
import { UsageError } from './args.js';
import type { CliIO } from './io.js';
import { progressLine, SLOW_PROGRESS, type Progress } from './progress.js';

/** How many skipped files the warning names before it counts the rest. */
const NAMED_SKIPS = 5;

/** `clusterWorkloads`: add cluster DNS and an ingress controller when the manifests lack them (cluster-workloads.ts). */
export function connlistCommand(paths: readonly string[], format: string, output: string | undefined, io: CliIO, clusterWorkloads = false): number {
  if (!(CONNLIST_FORMATS as readonly string[]).includes(format)) {
    const hint = didYouMean(format, CONNLIST_FORMATS);
    throw new UsageError(`unknown format \`${format}\`: expected ${CONNLIST_FORMATS.join(', ')}${hint ? `; ${hint}` : ''}`);
  }
  const progress = progressLine(io, SLOW_PROGRESS);
  try {
    return list(paths, format as ConnlistFormat, output, io, progress, clusterWorkloads);
  } finally {
    progress.clear();
  }
}

function list(paths: readonly string[], format: ConnlistFormat, output: string | undefined, io: CliIO, progress: Progress, clusterWorkloads: boolean): number {
  progress.update(`connlist: reading ${paths.join(', ')}`);
  const { loaded, diagnostics } = readManifests(paths, io);
  if (loaded.diagnostics.some((d) => d.severity === 'error') && loaded.objects.length === 0) {
    progress.clear();
    printDiagnostics(diagnostics, io);
    return 2;
  }
  const stage = `connlist: ${loaded.objects.length} objects from ${loaded.files.length} files`;
  progress.update(`${stage}: listing connections`);
  const source = connlistInputFromManifests(loaded);
  const input = clusterWorkloads ? withClusterWorkloads(source.input) : source.input;
  // With user-defined networks, each network is listed apart (networks.ts); txt has its sections.
  const networks = input.multiNetwork ? connlistByNetwork(input, connlist) : undefined;
  const rows = networks
    ? networks.sections.flatMap((s) => s.lines).sort(compareConnections)
    : connlistRows(input, (done, total) => progress.update(`${stage}: listing connections from ${done}/${total} endpoints`));
  const write = (chunk: (text: string) => void): void =>
    networks && format === 'txt' ? chunk(`${formatNetworkConnlistText(networks)}\n`) : writeConnlist(rows, format, chunk);
  progress.clear();
  printDiagnostics([...diagnostics, ...source.warnings], io);
  // The list is written as it is computed; the progress line is erased before each piece.
  if (output !== undefined) {
    const fd = openSync(resolve(io.cwd, output), 'w');
    try {
      write((chunk) => writeSync(fd, chunk));
    } finally {
      closeSync(fd);
    }
  } else {
    write((chunk) => {
      progress.clear();
      io.stdout(chunk);
    });
  }
  progress.clear();
  return diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}

/** The manifests of `paths` as connlist reads them, and the diagnostics to print (capped per file, the skip warning first). */
export function readManifests(paths: readonly string[], io: CliIO): { readonly loaded: LoadedManifests; readonly diagnostics: readonly Diagnostic[] } {
  // An analysis of existing manifests: names the API server would reject are read as written,
  // and removed apiVersions as the current ones (with warnings).
  const loaded = loadManifestFiles(paths, io.cwd, { lenientNames: true, lenientVersions: true, keepFinishedPods: true }, { skipNonManifests: true });
  const capped = capDiagnosticsPerFile(loaded.diagnostics);
  return { loaded, diagnostics: loaded.skipped.length > 0 ? [skipWarning(loaded.skipped), ...capped] : capped };
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

export function printDiagnostics(ds: readonly Diagnostic[], io: CliIO): void {
  for (const d of ds) io.stderr(`${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity}[${d.code}]: ${d.message}\n`);
}

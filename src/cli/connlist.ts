/** `netscn connlist <manifests...>`: the allowed workload connections of real manifests. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connlist } from '../connlist/connlist.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { CONNLIST_FORMATS, formatConnlist, type ConnlistFormat } from '../connlist/formats.js';
import { didYouMean } from '../diag/suggest.js';
import { loadManifestFiles } from '../manifests/index.js';
import { UsageError } from './args.js';
import type { CliIO } from './io.js';

/** Manifests are the files and folders given (relative to the current directory, or absolute). Exit 0, or 2 when a manifest has errors. */
export function connlistCommand(paths: readonly string[], format: string, output: string | undefined, io: CliIO): number {
  if (!(CONNLIST_FORMATS as readonly string[]).includes(format)) {
    const hint = didYouMean(format, CONNLIST_FORMATS);
    throw new UsageError(`unknown format \`${format}\`: expected ${CONNLIST_FORMATS.join(', ')}${hint ? `; ${hint}` : ''}`);
  }
  // An analysis of existing manifests: names the API server would reject are read as written,
  // and removed apiVersions as the current ones (with warnings).
  const loaded = loadManifestFiles(paths, io.cwd, { lenientNames: true, lenientVersions: true });
  if (loaded.diagnostics.some((d) => d.severity === 'error') && loaded.objects.length === 0) {
    printDiagnostics(loaded.diagnostics, io);
    return 2;
  }
  const texts = new Map(loaded.files.map((f, i) => [f, loaded.texts[i] ?? '']));
  const source = connlistInputFromManifests(loaded, (f) => texts.get(f) ?? '');
  const diagnostics = loaded.diagnostics;
  printDiagnostics(diagnostics, io);
  const text = formatConnlist(connlist(source.input), format as ConnlistFormat);
  if (output !== undefined) writeFileSync(resolve(io.cwd, output), text);
  else io.stdout(text);
  return diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}

function printDiagnostics(ds: readonly Diagnostic[], io: CliIO): void {
  for (const d of ds) io.stderr(`${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity}[${d.code}]: ${d.message}\n`);
}

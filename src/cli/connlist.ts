/** `netscn connlist <manifests...>`: the allowed workload connections of real manifests. */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { connlist } from '../connlist/connlist.js';
import { exposures } from '../connlist/exposure.js';
import { CONNLIST_FORMATS, formatConnlist, type ConnlistFormat } from '../connlist/formats.js';
import { didYouMean } from '../diag/suggest.js';
import { loadManifestFiles } from '../manifests/index.js';
import type { NamespaceSpec, NetworkPolicySpec, PodSpec } from '../spec/types.js';
import { UsageError } from './args.js';
import type { CliIO } from './io.js';

/** Manifests are read below the current directory only. Exit 0, or 2 when a manifest has errors. */
export function connlistCommand(paths: readonly string[], format: string, output: string | undefined, io: CliIO): number {
  if (!(CONNLIST_FORMATS as readonly string[]).includes(format)) {
    const hint = didYouMean(format, CONNLIST_FORMATS);
    throw new UsageError(`unknown format \`${format}\`: expected ${CONNLIST_FORMATS.join(', ')}${hint ? `; ${hint}` : ''}`);
  }
  const loaded = loadManifestFiles(paths, io.cwd);
  for (const d of loaded.diagnostics) {
    io.stderr(`${d.span.file}:${d.span.start.line}:${d.span.start.column}: ${d.severity}[${d.code}]: ${d.message}\n`);
  }
  if (loaded.diagnostics.some((d) => d.severity === 'error') && loaded.objects.length === 0) return 2;
  const pods: PodSpec[] = [];
  const namespaces: NamespaceSpec[] = [];
  const policies: NetworkPolicySpec[] = [];
  for (const o of loaded.objects) {
    if (o.kind === 'pod') pods.push(o.spec);
    else if (o.kind === 'namespace') namespaces.push(o.spec);
    else if (o.kind === 'network-policy') policies.push(o.spec);
  }
  const exposed = exposures(loaded.files.map((f) => readFileSync(f, 'utf8')));
  const text = formatConnlist(connlist({ pods, namespaces, policies, exposed }), format as ConnlistFormat);
  if (output !== undefined) writeFileSync(resolve(io.cwd, output), text);
  else io.stdout(text);
  return loaded.diagnostics.some((d) => d.severity === 'error') ? 2 : 0;
}

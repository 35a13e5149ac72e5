/**
 * The same object (kind, namespace, name) declared twice in one input is an error. Duplicates are
 * found as the checker finds them in a scenario (spec/kinds.ts splitDuplicates, one identity);
 * they are reported in the manifests' own terms: the Kubernetes kind (the registry's
 * manifestName), code NS2103, and only for objects that carry a span (every object read from
 * YAML does). The scenario's report (NS1003) names the kind in the scenario's words instead.
 */
import type { SpecObject } from '../spec/objects.js';
import { KINDS, namespaceOf, shownName, splitDuplicates } from '../spec/kinds.js';
import { DIAG, message } from '../diag/catalogue.js';
import { report } from './read.js';
import type { Reader } from './read.js';

export function dropDuplicates(r: Reader, objects: readonly SpecObject[]): SpecObject[] {
  const { kept, duplicates } = splitDuplicates(objects, (o) => o);
  for (const { item: o } of duplicates) {
    if (!o.spec.span) continue;
    const name = shownName(o.kind, namespaceOf(o), o.spec.name);
    report(r, DIAG.manifestDuplicate, 'error', message(DIAG.manifestDuplicate, { kind: KINDS[o.kind].manifestName, name }), o.spec.span, {
      help: 'rename one of them (a workload names its pods <name>-0, <name>-1, …)',
    });
  }
  return kept;
}

/**
 * The catalogue of diagnostic codes: every code netscn emits, once, with one meaning. Every
 * place that reports a diagnostic takes its code (and, where it has one form, its message) from
 * `DIAG`; `netscn explain-code`, docs/diagnostics.md and the LSP read `CATALOGUE`. The entries
 * live in codes/, one file per area; test/diag/catalogue.test.ts runs every entry's example.
 */
import { ALLOCATION } from './codes/allocation.js';
import { API_VERSIONS } from './codes/api-versions.js';
import { ASSERTIONS } from './codes/assertions.js';
import { CILIUM } from './codes/cilium.js';
import { CALICO_RESOURCES } from './codes/calico-resources.js';
import { CALICO_ENFORCEMENT } from './codes/calico-enforcement.js';
import type { CodeEntry } from './codes/entry.js';
import { EXAM } from './codes/exam.js';
import { INTERNAL } from './codes/internal.js';
import { MANIFESTS } from './codes/manifests.js';
import { MESH } from './codes/mesh.js';
import { ISTIO_ROUTING } from './codes/istio-routing.js';
import { NAMES } from './codes/names.js';
import { PARAMS } from './codes/params.js';
import { READING } from './codes/reading.js';
import { SECONDARY_NETWORKS } from './codes/secondary-networks.js';
import { UNSUPPORTED } from './codes/unsupported.js';
import { VALUES } from './codes/values.js';

export type { CodeEntry, Example } from './codes/entry.js';
export { message } from './codes/entry.js';

/** Every entry by its name in the code (`DIAG.unknownName`). */
export const DIAG = { ...READING, ...INTERNAL, ...NAMES, ...PARAMS, ...VALUES, ...ASSERTIONS, ...MANIFESTS, ...API_VERSIONS, ...SECONDARY_NETWORKS, ...CILIUM, ...CALICO_RESOURCES, ...CALICO_ENFORCEMENT, ...MESH, ...ISTIO_ROUTING, ...ALLOCATION, ...UNSUPPORTED, ...EXAM } as const;

/** Every entry, in code order. */
export const CATALOGUE: readonly CodeEntry[] = Object.values(DIAG as Readonly<Record<string, CodeEntry>>).sort((a, b) => a.code.localeCompare(b.code));

const BY_CODE: ReadonlyMap<string, CodeEntry> = new Map(CATALOGUE.map((e) => [e.code, e]));

/** The entry of `code` (case-insensitive: `ns1001` finds NS1001), or undefined. */
export function lookupCode(code: string): CodeEntry | undefined {
  return BY_CODE.get(code.toUpperCase());
}

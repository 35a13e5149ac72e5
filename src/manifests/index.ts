/**
 * Kubernetes YAML/JSON → spec objects (the same types the DSL produces), with diagnostics that
 * point into the YAML at file:line:col. Never throws.
 *
 * Pods from manifests usually have no spec.nodeName: they come out with node '' and the checker
 * must place them (placePods does it deterministically, round-robin in declaration order).
 */
export { dedent, objectsFromYaml, objectsFromSources } from './sources.js';
export type { ManifestResult, ManifestSource } from './sources.js';
export { placePods } from './placement.js';
export { MANIFEST_EXTENSIONS } from './extensions.js';
export { SUPPORTED_KINDS, PLANNED_KINDS } from './objects.js';
export type { SupportedKind } from './objects.js';
export { MAX_TEXT_LENGTH, MAX_DOCUMENTS, MAX_ALIAS_COUNT } from './yaml-tree.js';
export { MAX_REPLICAS } from './kinds/workloads.js';

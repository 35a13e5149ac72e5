/**
 * Kubernetes YAML/JSON → spec objects (the same types the DSL produces).
 * TEMPORARY: being written; until it lands every document is reported as unsupported.
 */
import type { Diagnostic } from '../diag/diagnostic.js';
import type { SpecObject } from '../check/scenario.js';
import type { Span } from '../spec/types.js';

export interface ManifestResult {
  readonly objects: readonly SpecObject[];
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Parse YAML text (multi-document, List kinds). `file` names the file in diagnostics; `origin`
 * is where the text starts inside that file (for YAML embedded in a .netscn file), so spans
 * point into the real file.
 */
export function objectsFromYaml(text: string, file: string, origin?: Span['start']): ManifestResult {
  const start = origin ?? { offset: 0, line: 1, column: 1 };
  return {
    objects: [],
    diagnostics: [
      {
        code: 'NS9001',
        severity: 'error',
        message: 'Kubernetes manifests are not supported yet',
        span: { file, start, end: start },
      },
    ],
  };
}

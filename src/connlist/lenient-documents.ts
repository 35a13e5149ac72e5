/**
 * The documents of YAML texts as plain values, for connlist's lenient readers (exposure.ts,
 * owners.ts), parsed once for both. Lenient: a document with errors, or one whose aliases expand
 * too far, is skipped (the strict loader has already reported it). Never throws.
 */
import { parseAllDocuments } from 'yaml';
import { yamlNestingProblem } from '../manifests/yaml-nesting.js';
import { MAX_ALIAS_COUNT, MAX_TEXT_LENGTH } from '../manifests/yaml-tree.js';

export function lenientDocuments(texts: readonly string[]): unknown[] {
  const out: unknown[] = [];
  for (const text of texts) {
    // The strict reader refuses these texts (the yaml library could abort the process on too
    // deep a nesting). Pretty errors stay off: yaml builds their context
    // with regular expressions that run out of memory on deeply nested text.
    if (text.length > MAX_TEXT_LENGTH || yamlNestingProblem(text) !== undefined) continue;
    let docs: ReturnType<typeof parseAllDocuments>;
    try {
      // logLevel error: a collection used as a key becomes a string key without a Node warning
      // on the user's terminal (the strict loader has read the document already).
      docs = parseAllDocuments(text, { prettyErrors: false, logLevel: 'error' });
    } catch {
      continue;
    }
    for (const doc of docs) {
      if (doc.errors.length > 0) continue;
      try {
        out.push(doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
      } catch {
        // An alias bomb: the strict loader reports it.
      }
    }
  }
  return out;
}

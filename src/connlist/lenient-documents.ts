/**
 * The documents of manifests as plain values, for connlist's lenient readers (exposure.ts,
 * owners.ts): the located trees the manifest reader has already parsed (yaml-tree.ts, bounded,
 * documents with errors left out), converted, so no text is parsed a second time. Maps become
 * objects with own properties only (a `__proto__` key is an ordinary key), sequences arrays,
 * scalars their values. Never throws.
 */
import { parseYaml, type LNode } from '../manifests/yaml-tree.js';

/** `kinds`: when given, only documents whose `kind` is one of them or a `…List` are converted (the others are not read). */
export function plainDocuments(documents: readonly LNode[], kinds?: ReadonlySet<string>): unknown[] {
  return (kinds === undefined ? documents : documents.filter((d) => wanted(d, kinds))).map(plainValue);
}

function wanted(d: LNode, kinds: ReadonlySet<string>): boolean {
  if (d.kind !== 'map') return false;
  const kind = d.entries.find((e) => e.key === 'kind')?.value;
  return kind?.kind === 'scalar' && typeof kind.value === 'string' && (kinds.has(kind.value) || kind.value.endsWith('List'));
}

/** The documents of texts not read by the manifest reader (parsed the same way). */
export function lenientDocuments(texts: readonly string[]): unknown[] {
  return texts.flatMap((text) => plainDocuments(parseYaml(text, '-').documents));
}

function plainValue(node: LNode): unknown {
  switch (node.kind) {
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plainValue(e.value)]));
    case 'seq':
      return node.items.map(plainValue);
    case 'scalar':
      return node.value;
    default: {
      const never: never = node;
      throw new Error(`unexpected node ${JSON.stringify(never)}`);
    }
  }
}

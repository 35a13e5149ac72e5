/**
 * Manifest texts → spec objects: the core of the manifest reader. Never throws; all problems
 * become diagnostics, sorted by file and position.
 */
import type { SpecObject } from '../spec/objects.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { AdminNetworkPolicySpec, BaselineAdminNetworkPolicySpec, Span } from '../spec/types.js';
import { DIAG } from '../diag/catalogue.js';
import { dropDuplicates } from './duplicates.js';
import { warnIgnoredPeerAuthentications } from './peer-authentication-scopes.js';
import { objectsFromDocuments } from './objects.js';
import { newReader, type ReadOptions } from './read.js';
import { parseYaml } from './yaml-tree.js';
import type { LNode, YamlDocuments } from './yaml-tree.js';

export interface ManifestResult {
  readonly objects: readonly SpecObject[];
  readonly diagnostics: readonly Diagnostic[];
  /** Every document read (those without errors), in input order: for readers of kinds not simulated (connlist's lenient readers), so no text is parsed twice. */
  readonly documents: readonly LNode[];
}

/** One text to read: its contents, the file named in diagnostics, and where it starts there. */
export interface ManifestSource {
  readonly text: string;
  readonly file: string;
  readonly origin?: Span['start'];
  /** Columns stripped from every line of the original text (see dedent). */
  readonly indent?: number;
  /** The text already parsed (`parseYaml(text, file, origin, indent)`), so it is not parsed again. */
  readonly parsed?: YamlDocuments;
}

/**
 * Parse YAML text (multi-document, List kinds, JSON). `file` names the file in diagnostics;
 * `origin` is where the text starts inside that file (for YAML embedded in a .netscn file:
 * the position of the first YAML line), so spans point into the real file.
 */
export function objectsFromYaml(text: string, file: string, origin?: Span['start'], indent?: number): ManifestResult {
  return objectsFromSources([{ text, file, ...(origin ? { origin } : {}), ...(indent ? { indent } : {}) }]);
}

/**
 * Strips the indentation every non-blank line shares (spaces only), so YAML embedded in an
 * indented block reads as written, `---` separators included.
 */
export function dedent(text: string): { readonly text: string; readonly indent: number } {
  const lines = text.split('\n');
  let indent = Infinity;
  for (const line of lines) {
    if (line.trim() === '') continue;
    const n = line.length - line.replace(/^ +/, '').length;
    if (n < indent) indent = n;
  }
  if (!Number.isFinite(indent) || indent === 0) return { text, indent: 0 };
  return { text: lines.map((l) => (l.trim() === '' ? '' : l.slice(indent))).join('\n'), indent };
}

/**
 * Several texts read as one input: DaemonSets see the Nodes of every text, and an object
 * declared twice across texts is an error.
 */
export function objectsFromSources(sources: readonly ManifestSource[], opts: ReadOptions = {}): ManifestResult {
  const r = newReader(opts);
  const documents: LNode[] = [];
  try {
    for (const s of sources) {
      const parsed = s.parsed ?? parseYaml(s.text, s.file, s.origin, s.indent);
      r.diags.push(...parsed.diagnostics);
      documents.push(...parsed.documents);
    }
    const all = dropDuplicates(r, objectsFromDocuments(r, documents));
    warnIgnoredPeerAuthentications(r, all);
    const objects = boundPods(r, all, sources[0]);
    return { objects, diagnostics: sortDiagnostics(r.diags, sources), documents };
  } catch (e) {
    const first = sources[0];
    const start = first?.origin ?? { offset: 0, line: 1, column: 1 };
    r.diags.push({
      code: DIAG.notAnObject.code,
      severity: 'error',
      message: `manifests could not be read: ${e instanceof Error ? e.message : String(e)}`,
      span: { file: first?.file ?? '', start, end: start },
    });
    return { objects: [], diagnostics: r.diags, documents };
  }
}

/** At most this many pods from one manifest input (workloads expanded), so untrusted input stays bounded in work. */
export const MAX_MANIFEST_PODS = 20_000;

function boundPods(r: ReturnType<typeof newReader>, objects: readonly SpecObject[], first: ManifestSource | undefined): SpecObject[] {
  let pods = 0;
  const kept = objects.filter((o) => o.kind !== 'pod' || ++pods <= MAX_MANIFEST_PODS);
  if (pods > MAX_MANIFEST_PODS) {
    const start = first?.origin ?? { offset: 0, line: 1, column: 1 };
    r.diags.push({
      code: DIAG.inputTooLarge.code,
      severity: 'error',
      message: `the manifests make ${pods} pods; netscn reads at most ${MAX_MANIFEST_PODS} from one input`,
      span: { file: first?.file ?? '', start, end: start },
    });
  }
  return kept;
}

function sortDiagnostics(diags: readonly Diagnostic[], sources: readonly ManifestSource[]): Diagnostic[] {
  const order = new Map<string, number>();
  sources.forEach((s, i) => {
    if (!order.has(s.file)) order.set(s.file, i);
  });
  return diags
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const fa = order.get(a.d.span.file) ?? -1;
      const fb = order.get(b.d.span.file) ?? -1;
      return fa - fb || a.d.span.start.offset - b.d.span.start.offset || a.i - b.i;
    })
    .map((x) => x.d);
}

/** The cluster-scoped admin policies of a manifest input. */
export interface AdminPolicies {
  readonly adminNetworkPolicies: readonly AdminNetworkPolicySpec[];
  readonly baselineAdminNetworkPolicy?: BaselineAdminNetworkPolicySpec;
}

/** AdminNetworkPolicies in input order, and the BaselineAdminNetworkPolicy when there is one. */
export function adminPoliciesOf(objects: readonly SpecObject[]): AdminPolicies {
  const anps: AdminNetworkPolicySpec[] = [];
  let banp: BaselineAdminNetworkPolicySpec | undefined;
  for (const o of objects) {
    if (o.kind === 'admin-network-policy') anps.push(o.spec);
    else if (o.kind === 'baseline-admin-network-policy') banp ??= o.spec;
  }
  return { adminNetworkPolicies: anps, ...(banp !== undefined ? { baselineAdminNetworkPolicy: banp } : {}) };
}

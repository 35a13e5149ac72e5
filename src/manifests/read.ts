/**
 * Typed reads of located YAML values. Each read either returns a value of the expected type or
 * records an error "path: expected X, found Y" at the offending node and returns undefined.
 * Kubernetes decoding rules: an explicit `null` is the same as an absent field.
 */
import type { CodeEntry } from '../diag/catalogue.js';
import type { Diagnostic, Severity } from '../diag/diagnostic.js';
import type { Span } from '../spec/types.js';
import { DIAG } from '../diag/catalogue.js';
import type { LMap, LNode } from './yaml-tree.js';
import { assertNever } from '../spec/never.js';

/** Collects the diagnostics of one read (a local accumulator, never shared across calls). */
export interface Reader {
  readonly diags: Diagnostic[];
  /**
   * Keep objects whose names the API server would reject (a warning instead of an error), as
   * analysis tools over existing manifests do (connlist).
   */
  readonly lenientNames?: boolean;
  /**
   * Read objects of an apiVersion Kubernetes removed as the current version, with a warning
   * (an API server refuses them: an error otherwise), as analysis tools do (connlist).
   */
  readonly lenientVersions?: boolean;
  /**
   * Keep pods whose phase is Succeeded or Failed, as workload-level analyses do (connlist, after
   * netpol-analyzer: a completed Job's pod stands for the Job's pods); the simulation leaves them
   * out, since a finished pod holds no address.
   */
  readonly keepFinishedPods?: boolean;
}

export type ReadOptions = Pick<Reader, 'lenientNames' | 'lenientVersions' | 'keepFinishedPods'>;

export function newReader(opts: ReadOptions = {}): Reader {
  return {
    diags: [],
    ...(opts.lenientNames ? { lenientNames: true } : {}),
    ...(opts.lenientVersions ? { lenientVersions: true } : {}),
    ...(opts.keepFinishedPods ? { keepFinishedPods: true } : {}),
  };
}

export function report(
  r: Reader,
  code: CodeEntry,
  severity: Severity,
  message: string,
  span: Span,
  extra: Partial<Pick<Diagnostic, 'label' | 'expected' | 'notes' | 'help'>> = {},
): void {
  r.diags.push({ code: code.code, severity, message, span, ...extra });
}

export function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path === '' ? key : `${path}.${key}`;
}

/** How a found value reads in a message: `"http"`, `80`, `true`, `null`, `a mapping`, `a list`. */
export function describe(n: LNode): string {
  switch (n.kind) {
    case 'map':
      return 'a mapping';
    case 'seq':
      return 'a list';
    case 'scalar':
      return typeof n.value === 'string' ? JSON.stringify(n.value) : String(n.value);
    default:
      return assertNever(n);
  }
}


/** The value of `key`, or undefined when absent or null. */
export function field(m: LMap | undefined, key: string): LNode | undefined {
  if (!m) return undefined;
  const e = m.entries.find((x) => x.key === key);
  if (!e) return undefined;
  if (e.value.kind === 'scalar' && e.value.value === null) return undefined;
  return e.value;
}

/** Where a field of `m` would be reported when absent: the mapping's first line. */
export function spanOfMissing(m: LMap): Span {
  const first = m.entries[0];
  return first ? first.keySpan : m.span;
}

export function invalid(r: Reader, n: LNode, path: string, expected: string, extra: Parameters<typeof report>[5] = {}): undefined {
  const found = describe(n);
  report(r, DIAG.invalidValue, 'error', `${path}: expected ${expected}, found ${found}`, n.span, {
    label: `found ${found}`,
    expected,
    ...extra,
  });
  return undefined;
}

export function missing(r: Reader, m: LMap, path: string, expected: string, help?: string): undefined {
  help ??= nearKeyHelp(m, path);
  report(r, DIAG.missingField, 'error', `${path}: required field is missing (expected ${expected})`, spanOfMissing(m), {
    expected,
    ...(help ? { help } : {}),
  });
  return undefined;
}

export function asMap(r: Reader, n: LNode | undefined, path: string): LMap | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'map') return n;
  return invalid(r, n, path, 'a mapping');
}

/** Items of a list; absent or invalid ⇒ no items. */
export function asSeq(r: Reader, n: LNode | undefined, path: string): readonly LNode[] {
  if (n === undefined) return [];
  if (n.kind === 'seq') return n.items;
  invalid(r, n, path, 'a list');
  return [];
}

export function asString(r: Reader, n: LNode | undefined, path: string, expected = 'a string'): string | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'string') return n.value;
  const help = n.kind === 'scalar' && n.value !== null ? `quote it: "${String(n.value)}"` : undefined;
  return invalid(r, n, path, expected, help ? { help } : {});
}

export function asInt(r: Reader, n: LNode | undefined, path: string, min: number, max: number): number | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= min && n.value <= max) return n.value;
  return invalid(r, n, path, `an integer ${min}-${max}`);
}

export function asBool(r: Reader, n: LNode | undefined, path: string): boolean | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'boolean') return n.value;
  return invalid(r, n, path, 'true or false');
}

export function asEnum<T extends string>(r: Reader, n: LNode | undefined, path: string, values: readonly T[]): T | undefined {
  if (n === undefined) return undefined;
  if (n.kind === 'scalar' && typeof n.value === 'string' && (values as readonly string[]).includes(n.value)) return n.value as T;
  const near = n.kind === 'scalar' && typeof n.value === 'string' ? values.find((v) => v.toLowerCase() === String(n.value).toLowerCase()) : undefined;
  return invalid(r, n, path, `one of ${values.join(', ')}`, near ? { help: `did you mean \`${near}\`?` } : {});
}

/** A string → string map (labels, annotations, selectors); non-string values are errors. */
export function asStringMap(r: Reader, n: LNode | undefined, path: string): Record<string, string> {
  const m = asMap(r, n, path);
  const out: Record<string, string> = {};
  if (!m) return out;
  for (const e of m.entries) {
    const v = e.value.kind === 'scalar' && e.value.value === null ? '' : asString(r, e.value, child(path, e.key));
    if (v !== undefined) out[e.key] = v;
  }
  return out;
}

/** A list of strings; invalid items are reported and dropped. */
export function asStringList(r: Reader, n: LNode | undefined, path: string): string[] {
  const out: string[] = [];
  asSeq(r, n, path).forEach((item, i) => {
    const s = asString(r, item, child(path, i));
    if (s !== undefined) out.push(s);
  });
  return out;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** RFC 1123 label (namespaces, Service names, hostnames): ≤63 chars of [a-z0-9-]. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}

/** RFC 1123 subdomain (most object names): ≤253 chars, dot-separated labels. */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

/** IANA service name (named ports): ≤15 chars, at least one letter, no `--`. */
export function isPortName(s: string): boolean {
  return s.length <= 15 && IANA_SVC_NAME.test(s) && !s.includes('--');
}

export function asPortName(r: Reader, n: LNode | undefined, path: string): string | undefined {
  const s = asString(r, n, path);
  if (s === undefined) return undefined;
  if (isPortName(s)) return s;
  return invalid(r, n as LNode, path, 'a port name (at most 15 characters of a-z, 0-9 and -, with a letter)');
}

/** "did you mean `containerPort`?" when `m` has the missing key with other letter case. */
export function nearKeyHelp(m: LMap, path: string): string | undefined {
  const key = path.slice(path.lastIndexOf('.') + 1);
  const near = m.entries.find((e) => e.key !== key && e.key.toLowerCase() === key.toLowerCase());
  return near ? `found \`${near.key}\`: field names are case-sensitive; did you mean \`${key}\`?` : undefined;
}

/** A required field of `m` is missing (reported at `m` itself, for list items). */
export function missingIn(r: Reader, m: LMap, path: string, expected: string): undefined {
  const help = nearKeyHelp(m, path);
  report(r, DIAG.missingField, 'error', `${path}: required field is missing (expected ${expected})`, m.span, { expected, ...(help ? { help } : {}) });
  return undefined;
}

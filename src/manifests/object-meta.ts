/** `metadata` of a Kubernetes object, and the document an object came from. */
import type { Labels, Span } from '../spec/types.js';
import { DIAG, message } from '../diag/catalogue.js';
import { asMap, asSeq, asString, asStringMap, child, field, invalid, isDnsSubdomain, isDnsLabel, missing, report, asBool } from './read.js';
import type { Reader } from './read.js';
import type { LMap } from './yaml-tree.js';

/** One Kubernetes object to map: its kind, its top-level mapping, and the path prefix of its fields in messages. */
export interface RawObject {
  readonly kind: string;
  readonly apiVersion?: string;
  readonly map: LMap;
  /** '' for a top-level document, `items[3]` for an item of a List. */
  readonly path: string;
}

export interface ObjectMeta {
  readonly name: string;
  /** Undefined when not given (callers apply "default"). */
  readonly namespace?: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  readonly terminating: boolean;
  /** The controller owner reference, when the object has one. */
  readonly controller?: { readonly kind: string; readonly name: string };
  /** Where the object is named (metadata.name), or the object itself. */
  readonly span: Span;
}

export interface MetaOptions {
  /** Namespaces and most object names are DNS subdomains; Services and Namespaces are DNS labels. */
  readonly nameRule: 'label' | 'subdomain';
  readonly namespaced: boolean;
}

/** Reads metadata; undefined (with an error) when the object has no usable name. */
export function readMeta(r: Reader, obj: RawObject, opts: MetaOptions): ObjectMeta | undefined {
  const path = child(obj.path, 'metadata');
  const metaNode = field(obj.map, 'metadata');
  const meta = asMap(r, metaNode, path);
  if (!meta) {
    if (!metaNode) missing(r, obj.map, child(path, 'name'), 'the object name');
    return undefined;
  }
  const nameNode = field(meta, 'name');
  const name = asString(r, nameNode, child(path, 'name'));
  if (nameNode === undefined) {
    const gen = field(meta, 'generateName');
    return missing(r, meta, child(path, 'name'), 'the object name', gen ? 'netscn needs fixed names: replace generateName with name' : undefined);
  }
  if (name === undefined) return undefined;
  const ok = opts.nameRule === 'label' ? isDnsLabel(name) : isDnsSubdomain(name);
  if (!ok) {
    const expected = opts.nameRule === 'label' ? 'a DNS label (lowercase a-z, 0-9 and -, at most 63 characters)' : 'a DNS subdomain name (lowercase a-z, 0-9, - and ., at most 253 characters)';
    if (!r.lenientNames) return invalid(r, nameNode, child(path, 'name'), expected);
    report(r, DIAG.invalidValue, 'warning', `${child(path, 'name')}: "${name}" is not ${expected}; the API server would reject it, read as written`, nameNode.span);
  }
  let namespace: string | undefined;
  const nsNode = field(meta, 'namespace');
  if (opts.namespaced) {
    namespace = asString(r, nsNode, child(path, 'namespace'));
    if (namespace !== undefined && !isDnsLabel(namespace)) {
      invalid(r, nsNode!, child(path, 'namespace'), 'a namespace name (a DNS label)');
      namespace = undefined;
    }
  } else if (nsNode !== undefined) {
    report(r, DIAG.namespaceIgnored, 'warning', message(DIAG.namespaceIgnored, { path: child(path, 'namespace'), kind: obj.kind }), nsNode.span);
  }
  const labels = asStringMap(r, field(meta, 'labels'), child(path, 'labels'));
  const annotations = asStringMap(r, field(meta, 'annotations'), child(path, 'annotations'));
  const terminating = field(meta, 'deletionTimestamp') !== undefined;
  let controller: ObjectMeta['controller'];
  asSeq(r, field(meta, 'ownerReferences'), child(path, 'ownerReferences')).forEach((ref, i) => {
    const p = child(child(path, 'ownerReferences'), i);
    const m = asMap(r, ref, p);
    if (!m || controller) return;
    if (asBool(r, field(m, 'controller'), child(p, 'controller')) !== true) return;
    const kind = asString(r, field(m, 'kind'), child(p, 'kind'));
    const refName = asString(r, field(m, 'name'), child(p, 'name'));
    if (kind !== undefined && refName !== undefined) controller = { kind, name: refName };
  });
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    labels,
    annotations,
    terminating,
    ...(controller ? { controller } : {}),
    span: nameNode.span,
  };
}

/** The `Ready` condition of status.conditions: true/false, or undefined when absent. */
export function readyCondition(r: Reader, status: LMap | undefined, path: string): boolean | undefined {
  let ready: boolean | undefined;
  asSeq(r, field(status, 'conditions'), child(path, 'conditions')).forEach((c, i) => {
    const p = child(child(path, 'conditions'), i);
    const m = asMap(r, c, p);
    if (!m) return;
    if (asString(r, field(m, 'type'), child(p, 'type')) !== 'Ready') return;
    const s = asString(r, field(m, 'status'), child(p, 'status'));
    if (s !== undefined) ready = s === 'True';
  });
  return ready;
}

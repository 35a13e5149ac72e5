/**
 * Every declared name of a scenario and every place that names it, from the AST: the index behind
 * go to definition, find references, rename, and the name lists of completion. Objects from
 * loaded manifests add their declarations (in the YAML file) when the scenario checks.
 *
 * A name is keyed by its kind and, for namespaced kinds, its namespace (an unqualified name means
 * `default`, or the declaration's `in NAMESPACE`), so `pod web` and `svc web` are different names.
 * Pools, namespaces and security groups need no declaration: their first mention declares them.
 */
import type { Scenario } from '../check/scenario.js';
import type { Span } from '../spec/types.js';
import { isNamespaced, objectKey } from '../spec/kinds.js';
import type {
  Assertion, ClusterStmt, DnsExpectation, ExpectExtra, File, Mutation, PodGroupRef, QName, RequestExtra, SourceRef, StepItem, TargetRef, Word,
} from '../syntax/ast.js';

/** The kinds of names the editor knows. */
export type NameKind =
  | 'node' | 'pool' | 'namespace' | 'pod' | 'service' | 'network-policy' | 'security-group' | 'host' | 'endpoint-slice' | 'ingress' | 'lb-acl';

/** Pools are not objects; every other name kind is one, namespaced as the kind registry says. */
function namespaced(kind: NameKind): boolean {
  return kind !== 'pool' && isNamespaced(kind);
}

export interface Occurrence {
  readonly kind: NameKind;
  /** `kind namespace/name` or `kind name`. */
  readonly key: string;
  readonly name: string;
  readonly namespace?: string;
  /** The name alone (for a qualified `ns/name`, only `name`). */
  readonly span: Span;
  /** A declaration (or the first mention of a name that needs none). */
  readonly decl: boolean;
}

export function nameKey(kind: NameKind, name: string, namespace?: string): string {
  return kind === 'pool' ? `${kind} ${name}` : objectKey(kind, namespace, name);
}

/** A part of a one-line span, by offset from its start and length. */
function part(span: Span, from: number, length: number): Span {
  const start = { offset: span.start.offset + from, line: span.start.line, column: span.start.column + from };
  return { file: span.file, start, end: { offset: start.offset + length, line: start.line, column: start.column + length } };
}

class Collector {
  readonly out: Occurrence[] = [];

  add(kind: NameKind, name: string, span: Span, decl: boolean, namespace?: string): void {
    const ns = namespaced(kind) ? (namespace ?? 'default') : undefined;
    this.out.push({ kind, key: nameKey(kind, name, ns), name, ...(ns !== undefined ? { namespace: ns } : {}), span, decl });
  }

  word(kind: NameKind, w: Word | undefined, decl = false): void {
    if (w) this.add(kind, w.value, w.span, decl);
  }

  /** A `ns/name` reference or declaration; `namespace` overrides (a declaration's `in NS`). */
  qname(kind: NameKind, q: QName, decl: boolean, namespace?: string): void {
    if (q.namespace !== undefined) this.add('namespace', q.namespace, part(q.span, 0, q.namespace.length), false);
    const nameSpan = part(q.span, q.span.end.offset - q.span.start.offset - q.name.length, q.name.length);
    this.add(kind, q.name, nameSpan, decl, q.namespace ?? namespace);
  }

  source(s: SourceRef | PodGroupRef): void {
    switch (s.kind) {
      case 'PodRef':
        return this.qname('pod', s.name, false);
      case 'NodeRef':
        return this.word('node', s.name);
      case 'HostRef':
        return this.word('host', s.name);
      case 'InternetRef':
      case 'IpRef':
        return;
      case 'PodGroup':
        return this.word('namespace', s.namespace);
      default: {
        const never: never = s;
        throw new Error(`unexpected source ${JSON.stringify(never)}`);
      }
    }
  }

  target(t: TargetRef | PodGroupRef): void {
    switch (t.kind) {
      case 'SvcRef':
        return this.qname('service', t.name, false);
      case 'DnsRef':
        return;
      default:
        return this.source(t);
    }
  }

  extra(e: ExpectExtra | RequestExtra): void {
    switch (e.kind) {
      case 'SourceSeen':
      case 'Xff':
        return this.word('node', e.node);
      case 'Backends':
        for (const p of e.pods) this.qname('pod', p, false);
        return;
      case 'PodShare':
        return this.qname('pod', e.name, false);
      case 'BackendSvc':
      case 'Share':
        return this.qname('service', e.name, false);
      case 'TlsAt':
      case 'Through':
      case 'MasqueradeMark':
        return;
      default: {
        const never: never = e;
        throw new Error(`unexpected extra ${JSON.stringify(never)}`);
      }
    }
  }

  dns(e: DnsExpectation): void {
    if (e.kind === 'DnsAddrOf') this.target(e.target);
  }

  assertion(a: Assertion): void {
    switch (a.kind) {
      case 'Reach':
      case 'GroupReach':
        this.source(a.source);
        this.target(a.target);
        this.word('node', a.atNode);
        for (const e of a.expect.extras) this.extra(e);
        return;
      case 'Resolve':
        this.source(a.source);
        this.dns(a.expect);
        return;
      case 'Request':
        this.source(a.source);
        for (const e of a.expect.extras) this.extra(e);
        return;
      case 'Table':
        this.word('node', a.atNode);
        for (const c of a.columns) this.target(c);
        for (const r of a.rows) this.source(r.source);
        return;
      case 'Change':
        for (const end of [a.from, a.to]) {
          if (end?.kind === 'NamespaceRef') this.word('namespace', end.name);
          else if (end?.kind === 'PodRef') this.qname('pod', end.name, false);
        }
        return;
      default: {
        const never: never = a;
        throw new Error(`unexpected assertion ${JSON.stringify(never)}`);
      }
    }
  }

  mutation(m: Mutation): void {
    switch (m.kind) {
      case 'Remove': {
        const kind = REMOVABLE[m.objectKind];
        if (kind) this.qname(kind, m.name, false);
        return;
      }
      case 'Relabel':
        return this.qname(m.objectKind, m.name, false);
      case 'PodLifecycle':
        return this.qname('pod', m.name, false);
      default: {
        const never: never = m;
        throw new Error(`unexpected mutation ${JSON.stringify(never)}`);
      }
    }
  }

  statement(s: ClusterStmt): void {
    switch (s.kind) {
      case 'Node':
      case 'Pool':
        this.word(s.kind === 'Node' ? 'node' : 'pool', s.name, true);
        for (const c of s.clauses) if (c.kind === 'Pool') this.word('pool', c.pool);
        return;
      case 'Namespace':
        return this.word('namespace', s.name, true);
      case 'Pod':
      case 'Service': {
        const kind = s.kind === 'Pod' ? 'pod' : 'service';
        const inNs = s.clauses.find((c) => c.kind === 'In');
        this.qname(kind, s.name, true, inNs?.kind === 'In' ? inNs.namespace.value : undefined);
        for (const c of s.clauses) {
          if (c.kind === 'In') this.word('namespace', c.namespace);
          else if (c.kind === 'On') this.word('node', c.node);
        }
        return;
      }
      case 'EndpointSlice': {
        const ns = s.namespace?.value ?? s.name.namespace;
        this.qname('endpoint-slice', s.name, true, ns);
        this.word('namespace', s.namespace);
        this.add('service', s.service.value, s.service.span, false, ns);
        for (const e of s.endpoints) for (const c of e.clauses) if (c.kind === 'Node') this.word('node', c.node);
        return;
      }
      case 'Policy':
        this.qname('network-policy', s.name, true, s.namespace?.value);
        this.word('namespace', s.namespace);
        return;
      case 'Host':
        return this.word('host', s.name, true);
      case 'SecurityGroup': {
        this.word('security-group', s.name, true);
        const a = s.action;
        if (a.kind === 'Attach') for (const n of a.names) this.word(a.target, n);
        else if (a.kind === 'AttachPods') this.word('namespace', a.namespace);
        else this.word('security-group', a.group);
        return;
      }
      case 'Ingress': {
        const ns = s.namespace?.value ?? s.name.namespace;
        this.qname('ingress', s.name, true, ns);
        this.word('namespace', s.namespace);
        for (const r of s.rules) if (r.kind === 'IngressRule' || r.kind === 'IngressDefault') this.add('service', r.service.value, r.service.span, false, ns);
        return;
      }
      case 'LbAcl':
        return this.word('lb-acl', s.name, true);
      case 'Setting':
      case 'Yaml':
      case 'Load':
      case 'IngressClass':
      case 'IngressController':
      case 'Link':
        return;
      default: {
        const never: never = s;
        throw new Error(`unexpected statement ${JSON.stringify(never)}`);
      }
    }
  }

  item(i: StepItem): void {
    if (i.kind === 'Remove' || i.kind === 'Relabel' || i.kind === 'PodLifecycle') this.mutation(i);
    else if (i.kind === 'Reach' || i.kind === 'GroupReach' || i.kind === 'Resolve' || i.kind === 'Request' || i.kind === 'Table' || i.kind === 'Change') this.assertion(i);
    else this.statement(i);
  }
}

/** The objects `remove` names that the editor indexes. */
const REMOVABLE: Readonly<Record<Extract<Mutation, { kind: 'Remove' }>['objectKind'], NameKind | undefined>> = {
  pod: 'pod',
  service: 'service',
  node: 'node',
  namespace: 'namespace',
  'network-policy': 'network-policy',
  'endpoint-slice': 'endpoint-slice',
  host: 'host',
  'security-group': 'security-group',
  ingress: 'ingress',
  'admin-network-policy': undefined,
  'baseline-admin-network-policy': undefined,
  link: undefined,
};

/** Every occurrence in the file, in source order; then declarations from loaded manifests. */
export function collectNames(ast: File, scenario?: Scenario): Occurrence[] {
  const c = new Collector();
  for (const item of ast.items) {
    switch (item.kind) {
      case 'Cluster':
        for (const s of item.body) c.statement(s);
        break;
      case 'Step':
        for (const s of item.body) c.item(s);
        break;
      case 'Task':
        for (const t of item.body) if (t.kind === 'TaskCheck') c.assertion(t.assertion);
        break;
      case 'Param':
        break;
      default:
        c.assertion(item);
    }
  }
  if (scenario) manifestDecls(c, scenario, ast.span.file);
  return markFirstMentions(c.out);
}

function manifestDecls(c: Collector, scenario: Scenario, file: string): void {
  const k = scenario.cluster;
  const add = (kind: NameKind, o: { readonly name: string; readonly namespace?: string; readonly span?: Span }): void => {
    if (o.span && o.span.file !== file) c.add(kind, o.name, o.span, true, o.namespace);
  };
  for (const o of k.nodes) add('node', o);
  for (const o of k.namespaces) add('namespace', o);
  for (const o of k.pods) add('pod', o);
  for (const o of k.services) add('service', o);
  for (const o of k.networkPolicies) add('network-policy', o);
  for (const o of k.endpointSlices) add('endpoint-slice', o);
  for (const o of k.ingresses) add('ingress', o);
}

/** Names without a declaration (pools, namespaces, groups named only in use): the first mention declares. */
function markFirstMentions(all: readonly Occurrence[]): Occurrence[] {
  const declared = new Set(all.filter((o) => o.decl).map((o) => o.key));
  const out: Occurrence[] = [];
  for (const o of all) {
    if (!o.decl && !declared.has(o.key)) {
      declared.add(o.key);
      out.push({ ...o, decl: true });
    } else out.push(o);
  }
  return out;
}

/** The occurrence under the cursor (0-based line and character), if any. */
export function occurrenceAt(names: readonly Occurrence[], file: string, line: number, character: number): Occurrence | undefined {
  const l = line + 1;
  const col = character + 1;
  return names.find((o) => o.span.file === file && o.span.start.line === l && o.span.start.column <= col && col <= o.span.end.column);
}

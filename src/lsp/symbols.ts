/**
 * The document outline: the scenario, its cluster with its objects, top-level assertions, steps
 * (with their changes and assertions) and tasks.
 */
import type { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import type { Assertion, ClusterStmt, File, PodClause, QName, ServiceClause, StepItem } from '../syntax/ast.js';
import { rangeOf } from './positions.js';

/** LSP SymbolKind values used here. */
const K = { File: 1, Module: 2, Namespace: 3, Package: 4, Class: 5, Interface: 11, Function: 12, Variable: 13, Constant: 14, Object: 19, Key: 20, Struct: 23, Event: 24 } as const;

/** `ns/name` as written, or qualified by the declaration's `in NAMESPACE`. */
function qn(q: QName, inNamespace?: string): string {
  const ns = q.namespace ?? inNamespace;
  return ns !== undefined ? `${ns}/${q.name}` : q.name;
}

function inNamespace(clauses: readonly (PodClause | ServiceClause)[]): string | undefined {
  for (const c of clauses) if (c.kind === 'In') return c.namespace.value;
  return undefined;
}

function symbol(name: string, detail: string, kind: SymbolKind, node: { readonly span: Parameters<typeof rangeOf>[0] }, children?: DocumentSymbol[]): DocumentSymbol {
  const range = rangeOf(node.span);
  return { name, detail, kind, range, selectionRange: range, ...(children && children.length > 0 ? { children } : {}) };
}

function statement(s: ClusterStmt): DocumentSymbol | undefined {
  switch (s.kind) {
    case 'Node':
      return symbol(s.name.value, 'node', K.Class, s);
    case 'Pool':
      return symbol(s.name.value, 'pool', K.Package, s);
    case 'Namespace':
      return symbol(s.name.value, 'namespace', K.Namespace, s);
    case 'Pod':
      return symbol(qn(s.name, inNamespace(s.clauses)), 'pod', K.Object, s);
    case 'Service':
      return symbol(qn(s.name, inNamespace(s.clauses)), 'service', K.Interface, s);
    case 'EndpointSlice':
      return symbol(qn(s.name, s.namespace?.value), 'endpoint-slice', K.Struct, s);
    case 'Policy':
      return symbol(qn(s.name, s.namespace?.value), 'network-policy', K.Struct, s);
    case 'Host':
      return symbol(s.name.value, 'host', K.Class, s);
    case 'SecurityGroup':
      return symbol(s.name.value, 'security-group', K.Key, s);
    case 'Ingress':
      return symbol(qn(s.name, s.namespace?.value), 'ingress', K.Interface, s);
    case 'IngressClass':
      return symbol(s.name.value, 'ingress-class', K.Constant, s);
    case 'IngressController':
      return symbol(s.controller.value, 'ingress-controller', K.Constant, s);
    case 'Link':
      return symbol(`${s.a.value}-${s.b.value}`, `link ${s.linkKind.value}`, K.Event, s);
    case 'LbAcl':
      return symbol(s.name.value, 'lb-acl', K.Key, s);
    case 'Load':
      return symbol(s.path.value, 'load', K.File, s);
    case 'Yaml':
      return symbol('yaml', 'embedded manifests', K.File, s);
    case 'Setting':
      return symbol(s.key.value, s.values.map((v) => ('value' in v ? String(v.value) : 'text' in v ? v.text : '')).join(' '), K.Variable, s);
    default: {
      const never: never = s;
      throw new Error(`unexpected statement ${JSON.stringify(never)}`);
    }
  }
}

function assertion(a: Assertion): DocumentSymbol {
  return symbol(a.text, a.kind === 'Table' ? 'table' : 'assertion', K.Function, a);
}

function stepItem(i: StepItem): DocumentSymbol | undefined {
  switch (i.kind) {
    case 'Remove':
      return symbol(`remove ${i.objectKind} ${qn(i.name)}`, 'change', K.Event, i);
    case 'Relabel':
      return symbol(`label ${i.objectKind} ${qn(i.name)}`, 'change', K.Event, i);
    case 'PodLifecycle':
      return symbol(`${i.action} pod ${qn(i.name)}`, 'change', K.Event, i);
    case 'Reach':
    case 'GroupReach':
    case 'Resolve':
    case 'Request':
    case 'Table':
    case 'Change':
      return assertion(i);
    default:
      return statement(i);
  }
}

const present = <T>(x: T | undefined): x is T => x !== undefined;

export function documentSymbols(ast: File): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  if (ast.header) out.push(symbol(ast.header.title.value, 'scenario', K.File, ast.header));
  for (const item of ast.items) {
    switch (item.kind) {
      case 'Cluster':
        out.push(symbol(item.name.value, 'cluster', K.Module, item, item.body.map(statement).filter(present)));
        break;
      case 'Step':
        out.push(symbol(item.title.value, 'step', K.Namespace, item, item.body.map(stepItem).filter(present)));
        break;
      case 'Task':
        out.push(symbol(item.title.value, `task, ${item.points.value} points`, K.Namespace, item, item.body.flatMap((t) => (t.kind === 'TaskCheck' ? [assertion(t.assertion)] : []))));
        break;
      case 'Param':
        out.push(symbol(item.name.value, 'parameter', K.Variable, item));
        break;
      default:
        out.push(assertion(item));
    }
  }
  return out;
}

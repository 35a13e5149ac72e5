/**
 * What the formatter needs to know from a parsed file, read off the AST: the source ranges that
 * are single tokens (kept verbatim), the commas of label lists (written tight, `app=web,tier=db`,
 * as the README does), the truth tables (their cells are aligned) and the lines that open a
 * `yaml """` block. Only offsets into the parsed text; no formatting decision is made here.
 */
import type { File, Span } from '../syntax/ast.js';

/** A half-open range of offsets into the source text. */
export interface Range {
  readonly start: number;
  readonly end: number;
}

/** A truth table's header and rows, as ranges of their cells. */
export interface TableFacts {
  /** 0-based line of the header (`| col | col`) and the range of each column. */
  readonly header: { readonly line: number; readonly columns: readonly Range[] };
  /** 0-based line of each row, its source's range and the range of each cell. */
  readonly rows: readonly { readonly line: number; readonly source: Range; readonly cells: readonly Range[] }[];
}

export interface LayoutFacts {
  /** Tokens kept exactly as written, sorted by start, none overlapping. */
  readonly atoms: readonly Range[];
  /** Gaps between two items of a label list: a comma in one is written without a space after. */
  readonly tightGaps: readonly Range[];
  readonly tables: readonly TableFacts[];
  /** 0-based lines of `yaml """`. */
  readonly yamlOpens: ReadonlySet<number>;
}

/** Single tokens: the grammar allows no space inside them, and their text is kept as written. */
const ATOMIC = new Set(['Str', 'Word', 'Num', 'Addr', 'QName', 'LabelPair', 'PortRef', 'PodPort', 'PortRange', 'Cell']);

interface AnyNode {
  readonly kind: string;
  readonly span: Span;
  readonly [field: string]: unknown;
}

function isNode(v: unknown): v is AnyNode {
  return typeof v === 'object' && v !== null && typeof (v as { kind?: unknown }).kind === 'string' && 'span' in v;
}

function range(span: Span): Range {
  return { start: span.start.offset, end: span.end.offset };
}

/** The label lists (`labels`, a Service's `selector`, a step's `label … a=b`) of a node, if any. */
function labelList(node: AnyNode): readonly AnyNode[] | undefined {
  switch (node.kind) {
    case 'Labels':
    case 'Namespace':
      return node['labels'] as AnyNode[];
    case 'Selector':
      return Array.isArray(node['labels']) ? (node['labels'] as AnyNode[]) : undefined;
    case 'Relabel':
      return node['set'] as AnyNode[];
    default:
      return undefined;
  }
}

export function layoutFacts(ast: File): LayoutFacts {
  const atoms: Range[] = [];
  const tightGaps: Range[] = [];
  const tables: TableFacts[] = [];
  const yamlOpens = new Set<number>();

  const visit = (node: AnyNode): void => {
    const emptySelector = node.kind === 'Selector' && Array.isArray(node['terms']) && (node['terms'] as unknown[]).length === 0;
    if (ATOMIC.has(node.kind) || emptySelector) {
      atoms.push(range(node.span));
      return;
    }
    if (node.kind === 'Yaml') yamlOpens.add(node.span.start.line - 1);
    if (node.kind === 'Table') {
      const columns = node['columns'] as AnyNode[];
      const rows = node['rows'] as AnyNode[];
      tables.push({
        header: { line: (columns[0]?.span.start.line ?? 1) - 1, columns: columns.map((c) => range(c.span)) },
        rows: rows.map((r) => ({
          line: r.span.start.line - 1,
          source: range((r['source'] as AnyNode).span),
          cells: (r['cells'] as AnyNode[]).map((c) => range(c.span)),
        })),
      });
    }
    const list = labelList(node);
    if (list) for (let i = 1; i < list.length; i++) tightGaps.push({ start: list[i - 1]!.span.end.offset, end: list[i]!.span.start.offset });
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) {
        for (const item of value) if (isNode(item)) visit(item);
      } else if (isNode(value)) visit(value);
    }
  };
  visit(ast as unknown as AnyNode);

  atoms.sort((a, b) => a.start - b.start || b.end - a.end);
  const distinct: Range[] = [];
  for (const a of atoms) {
    const last = distinct[distinct.length - 1];
    if (last && a.start < last.end) continue; // the same node reached twice (e.g. `port 80` as a range 80-80)
    distinct.push(a);
  }
  return { atoms: distinct, tightGaps, tables, yamlOpens };
}

/**
 * A truth table laid out in columns: each column as wide as its widest entry, `|` between
 * columns, the header's `|` above the rows' (row labels form the first column), no trailing `|`.
 * Entries are given already formatted; the result has no indentation and no trailing spaces.
 */

export interface TableText {
  readonly header: readonly string[];
  readonly rows: readonly { readonly source: string; readonly cells: readonly string[] }[];
}

export function layoutTable(t: TableText): { header: string; rows: string[] } {
  const first = Math.max(0, ...t.rows.map((r) => r.source.length));
  const count = Math.max(t.header.length, ...t.rows.map((r) => r.cells.length));
  const widths: number[] = [];
  for (let j = 0; j < count; j++) widths.push(Math.max(t.header[j]?.length ?? 0, ...t.rows.map((r) => r.cells[j]?.length ?? 0)));
  const line = (lead: string, entries: readonly string[]): string =>
    [lead.padEnd(first), ...entries.map((e, j) => e.padEnd(widths[j] ?? 0))].join(' | ').trimEnd();
  return { header: line('', t.header), rows: t.rows.map((r) => line(r.source, r.cells)) };
}

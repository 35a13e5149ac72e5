/** Connectivity lists in the formats people read or feed to other tools. */
import { compareConnections, formatConnections, formatConnlistText, type Connection } from './connlist.js';

export const CONNLIST_FORMATS = ['txt', 'json', 'csv', 'md', 'dot', 'mermaid'] as const;
export type ConnlistFormat = (typeof CONNLIST_FORMATS)[number];

function sorted(conns: readonly Connection[]): Connection[] {
  return [...conns].sort(compareConnections);
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function quoteDot(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function formatConnlist(conns: readonly Connection[], format: ConnlistFormat): string {
  const rows = sorted(conns).map((c) => ({ src: c.src, dst: c.dst, conn: formatConnections(c.conns) }));
  switch (format) {
    case 'txt':
      return formatConnlistText(conns) + '\n';
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'csv':
      return ['src,dst,conn', ...rows.map((r) => [r.src, r.dst, r.conn].map(csvCell).join(','))].join('\n') + '\n';
    case 'md':
      return ['| src | dst | conn |', '|-----|-----|------|', ...rows.map((r) => `| ${r.src} | ${r.dst} | ${r.conn} |`)].join('\n') + '\n';
    case 'dot':
      return ['digraph connlist {', ...rows.map((r) => `  ${quoteDot(r.src)} -> ${quoteDot(r.dst)} [label=${quoteDot(r.conn)}];`), '}'].join('\n') + '\n';
    case 'mermaid': {
      const ids = new Map<string, string>();
      const id = (s: string): string => {
        if (!ids.has(s)) ids.set(s, `n${ids.size}`);
        return ids.get(s)!;
      };
      const edges = rows.map((r) => `  ${id(r.src)} -->|"${r.conn.replace(/"/g, "'")}"| ${id(r.dst)}`);
      const nodes = [...ids].map(([label, n]) => `  ${n}["${label.replace(/"/g, "'")}"]`);
      return ['graph LR', ...nodes, ...edges].join('\n') + '\n';
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
}

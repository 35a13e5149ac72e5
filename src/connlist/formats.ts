/** Connectivity lists in the formats people read or feed to other tools. */
import { compareConnections, connectionText, type Connection } from './connlist.js';

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

/** The whole text of a list in one format (lines sorted here). */
export function formatConnlist(conns: readonly Connection[], format: ConnlistFormat): string {
  const parts: string[] = [];
  writeConnlist(sorted(conns), format, (chunk) => parts.push(chunk));
  return parts.join('');
}

/** Bytes gathered before each `write`, so a long list is written in few calls and never held whole. */
const CHUNK = 64 * 1024;

/**
 * Streams a list in one format: `rows` must already be in output order (`compareConnections`),
 * and the text written is exactly `formatConnlist`'s. Only mermaid, which names every node before
 * the edges, holds its lines until the end.
 */
export function writeConnlist(rows: Iterable<Connection>, format: ConnlistFormat, write: (chunk: string) => void): void {
  let buffer = '';
  const out = (s: string): void => {
    buffer += s;
    if (buffer.length >= CHUNK) {
      write(buffer);
      buffer = '';
    }
  };
  const each = (line: (src: string, dst: string, conn: string) => string): number => {
    let n = 0;
    for (const c of rows) {
      out(line(c.src, c.dst, connectionText(c)));
      n++;
    }
    return n;
  };
  switch (format) {
    case 'txt':
      if (each((src, dst, conn) => `${src} => ${dst} : ${conn}\n`) === 0) out('\n');
      break;
    case 'json': {
      let first = true;
      for (const c of rows) {
        out(`${first ? '[\n' : ',\n'}  {\n    "src": ${JSON.stringify(c.src)},\n    "dst": ${JSON.stringify(c.dst)},\n    "conn": ${JSON.stringify(connectionText(c))}\n  }`);
        first = false;
      }
      out(first ? '[]\n' : '\n]\n');
      break;
    }
    case 'csv':
      out('src,dst,conn\n');
      each((src, dst, conn) => [src, dst, conn].map(csvCell).join(',') + '\n');
      break;
    case 'md':
      out('| src | dst | conn |\n|-----|-----|------|\n');
      each((src, dst, conn) => `| ${src} | ${dst} | ${conn} |\n`);
      break;
    case 'dot':
      out('digraph connlist {\n');
      each((src, dst, conn) => `  ${quoteDot(src)} -> ${quoteDot(dst)} [label=${quoteDot(conn)}];\n`);
      out('}\n');
      break;
    case 'mermaid': {
      const ids = new Map<string, string>();
      const id = (s: string): string => {
        if (!ids.has(s)) ids.set(s, `n${ids.size}`);
        return ids.get(s)!;
      };
      const edges: string[] = [];
      for (const c of rows) {
        const conn = connectionText(c);
        edges.push(`  ${id(c.src)} -->|"${conn.replace(/"/g, "'")}"| ${id(c.dst)}\n`);
      }
      out('graph LR\n');
      for (const [label, n] of ids) out(`  ${n}["${label.replace(/"/g, "'")}"]\n`);
      for (const e of edges) out(e);
      break;
    }
    default: {
      const never: never = format;
      throw new Error(`unknown format ${String(never)}`);
    }
  }
  if (buffer.length > 0) write(buffer);
}

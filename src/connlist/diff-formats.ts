/**
 * A connectivity diff (diff.ts) in the formats people read or feed to other tools, the changes
 * in review order in every one:
 * - txt: a line per change, `+` added, `-` removed, `~` changed
 *   (`~ a => b : TCP 80 -> TCP 80,443 (gained TCP 443)`), then `+ workload …` / `- workload …`;
 *   `no difference` when there is none;
 * - json: `{workloads: {added, removed}, connections: [{change, scope, src, dst, before, after,
 *   gained, lost}]}` (a change a line), before and after as connlist's text (null when absent), gained and lost as
 *   `{PROTOCOL: [[from, to], …]}`;
 * - csv: `change,scope,src,dst,before,after,gained,lost`, workloads as `workload-added` and
 *   `workload-removed` rows naming the workload in `src`;
 * - md: a table of the changes, then the workloads added and removed;
 * - mermaid: an edge per change (added thick, removed dotted, changed plain, labelled with the
 *   ports gained and lost), workloads added or removed styled as such.
 */
import { connectionText, formatConnections, type Connections } from './connlist.js';
import { widens, type ConnectionChange, type ConnlistDiff } from './diff.js';
import { assertNever } from '../spec/never.js';

export const DIFF_FORMATS = ['txt', 'json', 'csv', 'md', 'mermaid'] as const;
export type DiffFormat = (typeof DIFF_FORMATS)[number];

/** `gained TCP 443; lost UDP 53; HTTP requests lost`: what changed, or '' when nothing did on either side. */
function portChanges(c: ConnectionChange): string {
  const parts: string[] = [];
  if (c.gained.size > 0) parts.push(`gained ${formatConnections(c.gained)}`);
  if (c.lost.size > 0) parts.push(`lost ${formatConnections(c.lost)}`);
  if (c.requests?.gained) parts.push('HTTP requests gained');
  if (c.requests?.lost) parts.push('HTTP requests lost');
  return parts.join('; ');
}

/** One side of a change as connlist prints it: its ports, then its ports for some requests only. */
function sideText(c: ConnectionChange, side: 'before' | 'after'): string {
  return connectionText({ src: c.src, dst: c.dst, conns: c[side], ...(c.requests ? { requests: c.requests[side] } : {}) });
}

/** A change as a line of the txt format: `+ a => b : TCP 80`, `- …`, `~ … (gained …; lost …)`. */
export function changeLine(c: ConnectionChange): string {
  switch (c.kind) {
    case 'added':
      return `+ ${c.src} => ${c.dst} : ${sideText(c, 'after')}`;
    case 'removed':
      return `- ${c.src} => ${c.dst} : ${sideText(c, 'before')}`;
    case 'changed':
      return `~ ${c.src} => ${c.dst} : ${sideText(c, 'before')} -> ${sideText(c, 'after')} (${portChanges(c)})`;
    default:
      return assertNever(c.kind);
  }
}

function csvCell(s: string): string {
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function portsJson(conns: Connections): Record<string, (readonly [number, number])[]> {
  return Object.fromEntries([...conns].map(([protocol, ranges]) => [protocol, ranges.map(([a, b]) => [a, b] as const)]));
}

function textOrNull(c: ConnectionChange, side: 'before' | 'after'): string | null {
  return c[side].size === 0 && (c.requests?.[side] ?? []).length === 0 ? null : sideText(c, side);
}

function mermaidText(s: string): string {
  return s.replace(/"/g, "'");
}

/** A change as a row of the json format. */
export function changeJson(c: ConnectionChange) {
  return {
    change: c.kind,
    scope: c.scope,
    src: c.src,
    dst: c.dst,
    before: textOrNull(c, 'before'),
    after: textOrNull(c, 'after'),
    gained: portsJson(c.gained),
    lost: portsJson(c.lost),
    // Only for lines with ports allowed for some HTTP requests only: whether requests were gained or lost on them.
    ...(c.requests ? { requests: { gained: c.requests.gained, lost: c.requests.lost } } : {}),
  };
}

export function formatDiff(diff: ConnlistDiff, format: DiffFormat): string {
  const { connections, workloadsAdded, workloadsRemoved } = diff;
  switch (format) {
    case 'txt': {
      const lines = [...connections.map(changeLine), ...workloadsAdded.map((w) => `+ workload ${w}`), ...workloadsRemoved.map((w) => `- workload ${w}`)];
      return lines.length === 0 ? 'no difference\n' : lines.join('\n') + '\n';
    }
    case 'json': {
      // One line per workload list and per change, so the JSON itself diffs and greps well.
      const rows = connections.map((c) => JSON.stringify(changeJson(c)));
      return [
        '{\n',
        `  "workloads": {\n    "added": ${JSON.stringify(workloadsAdded)},\n    "removed": ${JSON.stringify(workloadsRemoved)}\n  },\n`,
        rows.length === 0 ? '  "connections": []\n' : `  "connections": [\n${rows.map((r) => `    ${r}`).join(',\n')}\n  ]\n`,
        '}\n',
      ].join('');
    }
    case 'csv': {
      const rows = [
        ['change', 'scope', 'src', 'dst', 'before', 'after', 'gained', 'lost'],
        ...connections.map((c) => [c.kind, c.scope, c.src, c.dst, sideText(c, 'before'), sideText(c, 'after'), formatConnections(c.gained), formatConnections(c.lost)]),
        ...workloadsAdded.map((w) => ['workload-added', '', w, '', '', '', '', '']),
        ...workloadsRemoved.map((w) => ['workload-removed', '', w, '', '', '', '', '']),
      ];
      return rows.map((r) => r.map(csvCell).join(',') + '\n').join('');
    }
    case 'md': {
      const out: string[] = [];
      if (connections.length > 0) {
        out.push('| change | scope | src | dst | before | after | gained | lost |', '|--------|-------|-----|-----|--------|-------|--------|------|');
        for (const c of connections) out.push(`| ${c.kind} | ${c.scope} | ${c.src} | ${c.dst} | ${sideText(c, 'before')} | ${sideText(c, 'after')} | ${formatConnections(c.gained)} | ${formatConnections(c.lost)} |`);
      }
      const list = (title: string, ws: readonly string[]): void => {
        if (ws.length === 0) return;
        if (out.length > 0) out.push('');
        out.push(`${title}: ${ws.map((w) => `\`${w}\``).join(', ')}`);
      };
      list('Workloads added', workloadsAdded);
      list('Workloads removed', workloadsRemoved);
      return out.length === 0 ? 'No difference.\n' : out.join('\n') + '\n';
    }
    case 'mermaid':
      return diffMermaid(diff);
    default:
      return assertNever(format);
  }
}

/** Mermaid edge arrows by kind: thick for added, dotted for removed, plain for changed. */
const ARROW: Readonly<Record<ConnectionChange['kind'], (label: string) => string>> = {
  added: (l) => `==>|"${l}"|`,
  removed: (l) => `-.->|"${l}"|`,
  changed: (l) => `-->|"${l}"|`,
};

/** Mermaid link colours: widening red, narrowing grey. */
const WIDENS_COLOUR = '#d62728';
const NARROWS_COLOUR = '#7f7f7f';

function diffMermaid({ connections, workloadsAdded, workloadsRemoved }: ConnlistDiff): string {
  const ids = new Map<string, string>();
  const id = (s: string): string => {
    if (!ids.has(s)) ids.set(s, `n${ids.size}`);
    return ids.get(s)!;
  };
  const edges = connections.map((c) => {
    const label = c.kind === 'added' ? `+ ${sideText(c, 'after')}` : c.kind === 'removed' ? `- ${sideText(c, 'before')}` : portChanges(c);
    return `  ${id(c.src)} ${ARROW[c.kind](mermaidText(label))} ${id(c.dst)}\n`;
  });
  for (const w of [...workloadsAdded, ...workloadsRemoved]) id(w);
  const out = ['graph LR\n'];
  for (const [label, n] of ids) out.push(`  ${n}["${mermaidText(label)}"]\n`);
  out.push(...edges);
  if (workloadsAdded.length > 0) out.push('  classDef added stroke-width:3px,stroke-dasharray:0\n', `  class ${workloadsAdded.map(id).join(',')} added\n`);
  if (workloadsRemoved.length > 0) out.push('  classDef removed stroke-dasharray:5 5\n', `  class ${workloadsRemoved.map(id).join(',')} removed\n`);
  connections.forEach((c, i) => out.push(`  linkStyle ${i} stroke:${widens(c) ? WIDENS_COLOUR : NARROWS_COLOUR}\n`));
  return out.join('');
}

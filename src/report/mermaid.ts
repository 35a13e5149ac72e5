/**
 * Mermaid diagrams: a check's paths (one chain of hops per path, the deciding end coloured) and a
 * scenario's cluster (pools, nodes, pods, Services and what they select, load-balancer addresses,
 * Ingress routes, and the allowed and denied edges of its truth tables). Text only: the output
 * renders in Markdown viewers that know Mermaid.
 */
import { percentText } from '../net/share.js';
import type { ClusterState } from '../model/state.js';
import type { Flow } from '../net/types.js';
import type { ScenarioResult } from '../run/results.js';
import { matchesSelector, selectorFromLabels } from '../spec/selector.js';

const MAX_LABEL = 90;

/** A Mermaid string: quotes and angle brackets escaped, long text shortened. */
function label(text: string): string {
  const short = text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
  return short.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

function id(...parts: string[]): string {
  return parts.join('_').replace(/[^A-Za-z0-9_]/g, '_');
}

/** The paths of one check as a left-to-right flowchart. */
export function flowsMermaid(flows: readonly Flow[]): string {
  const lines = ['flowchart LR'];
  flows.forEach((f, i) => {
    const p = `p${i + 1}`;
    const share = f.share !== undefined && f.share !== 1 ? ` (${percentText(f.share)})` : '';
    lines.push(`  subgraph ${p}["path ${i + 1}${f.branch ? `: ${label(f.branch)}` : ''}${share}"]`, '    direction LR');
    const nodes = f.hops.map((h, j) => {
      const nat = (h.nat ?? []).map((n) => `${n.kind} ${n.from} → ${n.to}`).join(', ');
      const text = `${h.stage}${h.at ? ` @ ${h.at}` : ''}: ${h.text}${nat ? ` [${nat}]` : ''}`;
      return `${p}h${j}["${label(text)}"]`;
    });
    const end = `${p}end(("${f.outcome}${f.cause ? ` (${f.cause})` : ''}"))`;
    lines.push(`    ${[...nodes, end].join(' --> ')}`);
    lines.push('  end');
    lines.push(`  style ${p}end fill:${f.outcome === 'allow' ? '#c8f7c5' : '#f7c5c5'}`);
  });
  return `${lines.join('\n')}\n`;
}

/** The cluster of a built state, with the truth-table edges of a run when given. */
export function clusterMermaid(state: ClusterState, result?: ScenarioResult): string {
  const lines = ['flowchart TB'];
  const podId = (ns: string, name: string): string => id('pod', ns, name);
  const byPool = new Map<string, typeof state.nodes[number][]>();
  for (const n of state.nodes) byPool.set(n.spec.pool ?? '', [...(byPool.get(n.spec.pool ?? '') ?? []), n]);
  for (const [pool, nodes] of byPool) {
    if (pool !== '') lines.push(`  subgraph ${id('pool', pool)}["pool ${label(pool)}${nodes[0]?.spec.domain ? ` (domain ${label(nodes[0].spec.domain)})` : ''}"]`);
    for (const n of nodes) {
      lines.push(`    subgraph ${id('node', n.name)}["node ${label(n.name)} ${n.ip}"]`);
      for (const p of state.pods) {
        if (p.builtin || p.spec.node !== n.name) continue;
        lines.push(`      ${podId(p.namespace, p.name)}["pod ${label(p.key)}<br/>${p.ip ?? 'no address'}"]`);
      }
      lines.push('    end');
    }
    if (pool !== '') lines.push('  end');
  }
  for (const s of state.services) {
    if (s.builtin) continue;
    const sid = id('svc', s.namespace, s.name);
    const addr = s.clusterIP ?? (s.spec.headless ? 'headless' : s.spec.type);
    lines.push(`  ${sid}{{"svc ${label(s.key)}<br/>${s.spec.type} ${addr}"}}`);
    const selector = s.spec.selector;
    if (selector !== null) {
      const sel = selectorFromLabels(selector);
      for (const p of state.pods) if (!p.builtin && p.namespace === s.namespace && matchesSelector(sel, p.spec.labels)) lines.push(`  ${sid} -.-> ${podId(p.namespace, p.name)}`);
    }
    for (const ip of s.loadBalancerIPs) {
      const lb = id('lb', s.namespace, s.name, ip);
      lines.push(`  ${lb}(["${label(s.lb?.settings.product ?? 'load balancer')} ${ip}"]) --> ${sid}`);
    }
  }
  for (const ing of state.spec.ingresses) {
    const iid = id('ing', ing.namespace, ing.name);
    lines.push(`  ${iid}[/"Ingress ${label(`${ing.namespace}/${ing.name}`)}"/]`);
    for (const r of ing.rules) {
      for (const p of r.paths) {
        if (p.backend.kind !== 'service') continue;
        lines.push(`  ${iid} -->|"${label(`${r.host ?? '*'}${p.path ?? ''}`)}"| ${id('svc', ing.namespace, p.backend.service)}`);
      }
    }
  }
  // Truth tables of the top level: allowed edges solid, denied ones dashed.
  let edge = lines.filter((l) => l.includes('-->') || l.includes('-.->')).length;
  const denied: number[] = [];
  for (const c of result?.steps[0]?.checks ?? []) {
    if (!c.table) continue;
    for (const cell of c.table.cells) {
      const row = c.table.check.rows[cell.row]!.source;
      const col = c.table.check.columns[cell.column]!.target;
      if (row.kind !== 'pod' || (col.kind !== 'pod' && col.kind !== 'service')) continue;
      const to = col.kind === 'pod' ? podId(col.namespace, col.name) : id('svc', col.namespace, col.name);
      const ok = cell.actual === 'allow';
      lines.push(`  ${podId(row.namespace, row.name)} ${ok ? '==>' : '-.->'}|"${label(cell.actual)}"| ${to}`);
      if (!ok) denied.push(edge);
      edge++;
    }
  }
  for (const e of denied) lines.push(`  linkStyle ${e} stroke:#d33`);
  return `${lines.join('\n')}\n`;
}

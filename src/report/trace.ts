/**
 * Traces as text for people learning how a packet travels: numbered hops with where they
 * happened, the address rewrites, the packet as it leaves the hop, the rule and setting that
 * decided, and a verdict line.
 */
import { percentText } from '../net/share.js';
import { describeConnection } from '../policy/describe.js';
import type { DnsResult, Flow, Hop, Packet } from '../net/types.js';
import { painter, type StyleOptions } from './style.js';
import { backendLabel } from '../run/reach.js';

/** `10.0.0.1 → 10.0.0.2:80 TCP`; without a port (see describeConnection), `10.0.0.1 → 10.0.0.2 TCP (unspecified port)`. */
export function formatPacket(p: Packet): string {
  return p.dstPort === 0 ? `${p.src} → ${p.dst} ${describeConnection(0, p.protocol)}` : `${p.src} → ${hostPort(p.dst, p.dstPort)} ${p.protocol}`;
}

function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function samePacket(a: Packet | undefined, b: Packet | undefined): boolean {
  return a !== undefined && b !== undefined && a.src === b.src && a.dst === b.dst && a.dstPort === b.dstPort && a.protocol === b.protocol;
}

/** The hops as numbered lines; detail lines are indented under their hop. */
export function formatHops(hops: readonly Hop[], opts: StyleOptions): string[] {
  const c = painter(opts);
  const width = String(hops.length).length;
  const pad = ' '.repeat(width + 2);
  const lines: string[] = [];
  let previous: Packet | undefined;
  hops.forEach((hop, i) => {
    const where = hop.at ? `${hop.stage} @ ${hop.at}` : hop.stage;
    lines.push(`${String(i + 1).padStart(width)}. ${c.cyan(`[${where}]`)} ${hop.text}`);
    for (const n of hop.nat ?? []) lines.push(`${pad}${c.magenta(n.kind)} ${n.from} → ${n.to}`);
    if (hop.packet) {
      const text = `packet ${formatPacket(hop.packet)}`;
      lines.push(pad + (samePacket(hop.packet, previous) ? c.dim(`${text} (unchanged)`) : text));
      previous = hop.packet;
    }
    if (hop.rule) lines.push(`${pad}${c.dim('rule:')} ${hop.rule}`);
    if (hop.setting) lines.push(`${pad}${c.dim('setting:')} ${c.yellow(hop.setting)}`);
  });
  return lines;
}

/** One line: what finally happened to the flow. */
export function verdictLine(flow: Flow, opts: StyleOptions): string {
  const c = painter(opts);
  if (flow.outcome === 'allow') {
    const b = flow.backend;
    // Port 0: a connection with no port (an ICMP echo), delivered to the address itself.
    const at = b && (b.port === 0 ? b.ip : hostPort(b.ip, b.port));
    const to = b ? `${b.pod ? `pod ${b.pod.namespace}/${b.pod.name}` : b.host ? `host ${b.host}` : b.node ? `node ${b.node}` : 'the destination'} at ${at}` : 'the destination';
    const seen = flow.sourceSeen ?? flow.sourceIp;
    const src = seen === flow.sourceIp ? `source ${seen} preserved` : `source seen as ${seen} (was ${flow.sourceIp})`;
    return `${c.green('⇒ allow')}: delivered to ${to}; ${src}`;
  }
  const cause = flow.cause ? ` ${c.dim('cause:')} ${flow.cause}` : '';
  return `${c.red(`⇒ ${flow.outcome}`)}${cause}`;
}

/** `a, b, c and 7 more`. */
function someOf(items: readonly string[], shown = 3): string {
  const head = items.slice(0, shown).join(', ');
  return items.length > shown ? `${head} and ${(items.length - shown).toLocaleString('en-US')} more` : head;
}

/** For a summarised flow (src/net/alike.ts): the paths, nodes, backends and sources it stands for. */
export function alikeLine(flow: Flow, opts: StyleOptions): string | undefined {
  const a = flow.alike;
  if (!a || a.paths <= 1) return undefined;
  const c = painter(opts);
  const parts = [
    a.nodes && a.nodes.length > 1 ? `nodes ${someOf(a.nodes)}` : '',
    a.backends && a.backends.length > 1 ? `backends ${someOf(a.backends.map(({ backend }) => backendLabel(backend)))}` : '',
    a.sourcesSeen && a.sourcesSeen.length > 1 ? `sources seen ${someOf(a.sourcesSeen)}` : '',
  ].filter((p) => p !== '');
  return `${c.dim('alike:')} this path stands for ${a.paths.toLocaleString('en-US')} paths that differ only in equivalent nodes or endpoints${parts.length > 0 ? ` (${parts.join('; ')})` : ''}`;
}

/** A flow as readable multi-line text, ending with its verdict. */
export function formatFlow(flow: Flow, opts: StyleOptions): string {
  const c = painter(opts);
  const lines: string[] = [];
  if (flow.branch) lines.push(c.bold(`path: ${flow.branch}`));
  lines.push(...formatHops(flow.hops, opts));
  lines.push(verdictLine(flow, opts));
  const alike = alikeLine(flow, opts);
  if (alike) lines.push(alike);
  return lines.join('\n');
}

/**
 * Several flows, numbered "path 1 of N" when there is more than one; past `limit` paths, a line
 * saying how many more there are (a report shows a few; `netscn explain FILE:LINE` every one).
 */
export function formatFlows(flows: readonly Flow[], opts: StyleOptions, limit = Infinity): string {
  if (flows.length === 1) return formatFlow(flows[0]!, opts);
  const c = painter(opts);
  const shown = flows.slice(0, limit).map((f, i) => `${c.bold(`path ${i + 1} of ${flows.length}${f.branch ? `: ${f.branch}` : ''}`)}${f.share !== undefined && f.share !== 1 ? ` (${percentText(f.share)} of connections)` : ''}\n${formatFlow({ ...f, branch: undefined }, opts)}`);
  if (flows.length > shown.length) shown.push(c.dim(`… ${(flows.length - shown.length).toLocaleString('en-US')} more paths not shown (\`netscn explain FILE:LINE\` prints every one)`));
  return shown.join('\n\n');
}

export function formatDns(dns: DnsResult, opts: StyleOptions): string {
  const c = painter(opts);
  const lines = formatHops(dns.hops, opts);
  const answers = dns.answers.map((a) => `${a.name} ${a.type} ${a.value}`);
  const head = dns.rcode === 'NXDOMAIN' ? c.red('⇒ NXDOMAIN') : c.green(`⇒ NOERROR${dns.fqdn ? ` (${dns.fqdn})` : ''}`);
  lines.push(answers.length > 0 ? `${head}: ${answers.join(', ')}` : `${head}: no answer`);
  return lines.join('\n');
}

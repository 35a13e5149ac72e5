/**
 * Hover. On a name: what the model made of it — a pod's address(es), node, and the Services and
 * NetworkPolicies that select it; a Service's ClusterIP(s), ports with node ports, load-balancer
 * addresses and endpoints; a node's addresses, pool and pod CIDR. On a `set` setting or a
 * provider annotation: what it does and its default. On an assertion: its verdict and the trace
 * of the path that decided it (the failing one, else the first), or a failed change assertion's
 * changes. Elsewhere on a diagnostic: what its code means (the catalogue's explanation, as
 * `netscn explain-code` prints it).
 *
 * The facts come from the engine (src/model, src/run) on the declared cluster, so a hover needs a
 * file that checks; otherwise only the name's kind is shown.
 */
import type { Hover, Position } from 'vscode-languageserver';
import { SETTING_DOCS } from '../check/setting-docs.js';
import type { SetName } from '../check/settings.js';
import { SET_CHOICES } from '../check/settings.js';
import { profileById } from '../cloud/profiles.js';
import { changeLine } from '../connlist/diff-formats.js';
import { lookupCode } from '../diag/catalogue.js';
import type { ClusterState, PodState, ServiceState } from '../model/state.js';
import { formatDns, formatFlow } from '../report/trace.js';
import type { CheckResult } from '../run/results.js';
import { matchesSelector, selectorFromLabels } from '../spec/selector.js';
import { DEFAULT_SETTINGS } from '../spec/types.js';
import type { Span } from '../spec/types.js';
import { runOf, stateOf, type Analysis } from './analysis.js';
import { occurrenceAt, type Occurrence } from './names.js';
import { linePrefix, rangeOf, spanContains } from './positions.js';

/** A setting's default as written in a scenario (`true`, `all`, `none`). */
export function settingDefault(name: SetName): string {
  const v = DEFAULT_SETTINGS[SETTING_DOCS[name].field];
  if (v === null) return 'none';
  return Array.isArray(v) ? v.join(', ') : String(v);
}

export function settingHover(name: SetName): string {
  const values = SET_CHOICES[name].map((v) => `\`${v}\``).join(', ');
  return `**set ${name}**\n\n${SETTING_DOCS[name].doc}\n\nValues: ${values}. Default: \`${settingDefault(name)}\`.`;
}

function markdown(value: string, span?: Span): Hover {
  return { contents: { kind: 'markdown', value }, ...(span ? { range: rangeOf(span) } : {}) };
}

function code(text: string): string {
  return '```text\n' + text + '\n```';
}

function planes(state: ClusterState): ClusterState[] {
  return state.ipv6 ? [state, state.ipv6] : [state];
}

function podHover(state: ClusterState, o: Occurrence): string | undefined {
  const key = `${o.namespace}/${o.name}`;
  const pod: PodState | undefined = state.podsByKey.get(key);
  if (!pod) return undefined;
  const ips = planes(state).map((s) => s.podsByKey.get(key)?.ip).filter((ip): ip is string => ip !== undefined);
  const services = state.services.filter((s) => s.namespace === pod.namespace && s.spec.selector !== null && matchesSelector(selectorFromLabels(s.spec.selector), pod.spec.labels));
  const policies = state.spec.networkPolicies.filter((p) => p.namespace === pod.namespace && matchesSelector(p.podSelector, pod.spec.labels));
  const lines = [
    `**pod ${key}**${pod.spec.hostNetwork ? ' (hostNetwork)' : ''}`,
    '',
    `- address: ${ips.length > 0 ? ips.map((ip) => `\`${ip}\``).join(', ') : 'none allocated'}`,
    `- node: ${pod.node ? `\`${pod.node.name}\` (${pod.node.ip})` : 'none'}`,
    `- selected by Services: ${services.length > 0 ? services.map((s) => `\`${s.key}\``).join(', ') : 'none'}`,
    `- selected by NetworkPolicies: ${policies.length > 0 ? policies.map((p) => `\`${p.namespace}/${p.name}\``).join(', ') : 'none'}`,
  ];
  return lines.join('\n');
}

function serviceHover(state: ClusterState, o: Occurrence): string | undefined {
  const key = `${o.namespace}/${o.name}`;
  const svc: ServiceState | undefined = state.servicesByKey.get(key);
  if (!svc) return undefined;
  const ips = planes(state).map((s) => s.servicesByKey.get(key)?.clusterIP).filter((ip): ip is string => ip !== undefined);
  const ports = svc.ports.map((p) => `${p.name ? `${p.name}:` : ''}${p.port}/${p.protocol} → ${p.targetPort}${p.nodePort !== undefined ? ` (node port ${p.nodePort})` : ''}`);
  const endpoints = svc.endpoints.map((e) => `${e.address}${e.targetPod ? ` (${e.targetPod.namespace}/${e.targetPod.name})` : ''}${e.ready ? '' : ' not ready'}`);
  const lines = [
    `**service ${key}** (${svc.spec.type}${svc.spec.headless ? ', headless' : ''})`,
    '',
    `- ClusterIP: ${ips.length > 0 ? ips.map((ip) => `\`${ip}\``).join(', ') : 'none'}`,
    `- ports: ${ports.length > 0 ? ports.join('; ') : 'none'}`,
    ...(svc.loadBalancerIPs.length > 0 ? [`- load balancer: ${svc.loadBalancerIPs.join(', ')}${svc.lb ? ` (${svc.lb.settings.product})` : ''}`] : []),
    `- endpoints: ${endpoints.length > 0 ? endpoints.join(', ') : 'none'}`,
  ];
  return lines.join('\n');
}

function nodeHover(state: ClusterState, o: Occurrence): string | undefined {
  const node = state.nodesByName.get(o.name);
  if (!node) return undefined;
  return [
    `**node ${node.name}**`,
    '',
    `- addresses: ${node.addresses.join(', ')}`,
    `- pod CIDR: ${node.podCidr ?? 'none'}`,
    ...(node.pool ? [`- pool: ${node.pool}`] : []),
    ...(node.zone ? [`- zone: ${node.zone}`] : []),
  ].join('\n');
}

function nameHover(a: Analysis, o: Occurrence): string {
  const state = stateOf(a);
  const facts = !state ? undefined : o.kind === 'pod' ? podHover(state, o) : o.kind === 'service' ? serviceHover(state, o) : o.kind === 'node' ? nodeHover(state, o) : undefined;
  return facts ?? `**${o.kind} ${o.namespace !== undefined ? `${o.namespace}/` : ''}${o.name}**`;
}

/** The verdict line and the trace of the path that decided it. */
export function verdictText(r: CheckResult): string {
  const head = `${r.passed ? '✓ passed' : '✗ failed'}: ${r.message}`;
  const flow = r.counterexample ?? r.flows[0];
  const changes = r.changes && r.changes.length > 0 ? r.changes.map(changeLine).join('\n') : undefined;
  const trace = changes ?? (r.dns ? formatDns(r.dns, { color: false }) : flow ? formatFlow(flow, { color: false }) : undefined);
  return trace ? `${head}\n\n${trace}` : head;
}

/** The result of the assertion whose span contains `pos`, with its step's title. */
export function checkAt(a: Analysis, pos: Position): { readonly result: CheckResult; readonly step?: string } | undefined {
  const run = runOf(a);
  if (!run) return undefined;
  for (const s of run.steps) {
    for (const r of s.checks) {
      if (r.check.span.file === a.file && spanContains(r.check.span, pos)) return { result: r, ...(s.title !== undefined ? { step: s.title } : {}) };
    }
  }
  return undefined;
}

const SET_LINE = /^(\s*set\s+)([A-Za-z0-9-]+)/;
const ANNOTATION_TERM = /[A-Za-z0-9][A-Za-z0-9_.\-/]*$/;

function wordHover(a: Analysis, pos: Position): string | undefined {
  const before = linePrefix(a.text, pos);
  const lineStart = a.text.split('\n')[pos.line] ?? '';
  const set = SET_LINE.exec(lineStart);
  if (set && Object.prototype.hasOwnProperty.call(SET_CHOICES, set[2]!)) return settingHover(set[2] as SetName);
  const ann = /\bannotations\s/.test(before) ? (ANNOTATION_TERM.exec(before)?.[0] ?? '') + (/^[A-Za-z0-9_.\-/]*/.exec(lineStart.slice(before.length))?.[0] ?? '') : undefined;
  if (ann) {
    const provider = a.scenario?.cluster.provider ?? /^[ \t]*provider[ \t]+([A-Za-z0-9-]+)/m.exec(a.text)?.[1] ?? 'vanilla';
    const profile = profileById(provider);
    const spec = profile.annotations.find((x) => x.key === ann);
    if (spec) {
      const values = spec.values === 'free' ? 'any value' : Object.keys(spec.values).map((v) => `\`${v}\``).join(', ');
      return `**${spec.key}** (${profile.name})\n\n${spec.doc}\n\nValues: ${values}. Without it: the profile's default.${spec.immutable ? ' Fixed once the Service is created.' : ''}`;
    }
  }
  const provider = /^\s*provider\s+([A-Za-z0-9-]+)/.exec(lineStart);
  if (provider) {
    const p = profileById(provider[1]!);
    if (p.id === provider[1]) return `**provider ${p.id}**: ${p.name}\n\n- load balancer: ${p.lb.product}\n- network modes: ${p.networkModes.join(', ')} (default ${p.defaultNetworkMode})`;
  }
  return undefined;
}

export function hover(a: Analysis, names: readonly Occurrence[], pos: Position): Hover | undefined {
  const o = occurrenceAt(names, a.file, pos.line, pos.character);
  if (o) return markdown(nameHover(a, o), o.span);
  const word = wordHover(a, pos);
  if (word) return markdown(word);
  const hit = checkAt(a, pos);
  if (hit) return markdown(code(verdictText(hit.result)), hit.result.check.span);
  return diagnosticHover(a, pos);
}

/** The meaning of the code of the first diagnostic of this file under `pos`. */
function diagnosticHover(a: Analysis, pos: Position): Hover | undefined {
  const d = a.diagnostics.find((x) => x.span.file === a.file && spanContains(x.span, pos));
  const entry = d && lookupCode(d.code);
  if (!d || !entry) return undefined;
  return markdown(`**${entry.code}**: ${entry.title}\n\n${entry.explanation}\n\n\`netscn explain-code ${entry.code}\` shows an example.`, d.span);
}

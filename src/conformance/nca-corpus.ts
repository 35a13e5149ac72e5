/**
 * The NCA corpus (../shared/conformance/nca/cases, README.md there): every case run, compared
 * and, when it fails, given one reason from a fixed list so failures can be counted by cause.
 *
 * A case passes only when netscn reads every policy kind NCA built for the config and the two
 * answers are equal as sets of normalised lines (nca-lines.ts). A config with a policy kind
 * netscn does not read (a Calico kind beyond NetworkPolicy and GlobalNetworkPolicy) fails
 * whatever the lines say: an answer that ignores a policy proves nothing about it (the detail
 * says when the lines agree anyway). Istio's GatewayPolicy (a gateway pod's TCP narrowed to its
 * routes) is connlist's gateway-fold.ts. Otherwise the reason is the first that explains the
 * difference:
 * - the expected answer restricts a dimension netscn has no notion of (src_ports; methods,
 *   hosts and paths are compared, nca-requests.ts);
 * - the lines agree once the other IP protocols are left out (protocols beyond the model);
 * - netscn did not read part of the input NCA read (objects or fields with errors, Pods or
 *   workloads under an apiVersion netscn skips);
 * - the expected answer names endpoints netscn's answer does not have (pods of kinds netscn does
 *   not read), or the reverse;
 * - the HTTP requests admitted on some TCP ports differ (methods, paths, hosts);
 * - otherwise the connectivity differs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { actualLines, expectedLines, readCase, type NcaCase } from './nca-case.js';
import { endpointText, type PairLine } from './nca-endpoints.js';
import { compareAnswers } from './nca-lines.js';
import { settleRequests } from './nca-requests.js';

export interface CaseOutcome {
  readonly id: string;
  readonly family: string;
  readonly ok: boolean;
  /** Why it failed: one of a few fixed texts, for counting. */
  readonly reason?: string;
  /** Case-specific detail of the reason. */
  readonly detail?: string;
  readonly missing: readonly string[];
  readonly extra: readonly string[];
  /** What the case exercises, for pass rates per feature (NCA: policy types and options). */
  readonly features?: readonly string[];
  /** A pass whose lines agree though netscn did not read part of the input: what it did not read. */
  readonly passedWithUnread?: string;
}

/** Policy types of NCA (case.json `policy_types`) that netscn does not read, and what to say. */
const UNREAD_POLICY_TYPES: readonly { readonly test: (t: string) => boolean; readonly reason: string }[] = [
  { test: (t) => t.startsWith('Calico') && t !== 'CalicoNetworkPolicy' && t !== 'CalicoGlobalNetworkPolicy', reason: 'Calico policy kind not read' },
];

/** What of the case netscn does not read, first the reason counted. */
function unread(c: NcaCase): string[] {
  return UNREAD_POLICY_TYPES.filter((u) => c.policy_types.some(u.test)).map((u) => u.reason);
}

function names(lines: readonly PairLine[]): Set<string> {
  const out = new Set<string>();
  for (const l of lines) for (const e of [l.src, l.dst]) if (e.kind === 'name') out.add(endpointText(e));
  return out;
}

/** The features of a case: the policy types NCA built, the options and inputs that change the answer. */
function featuresOf(c: NcaCase, dir: string): string[] {
  const out = c.policy_types.length > 0 ? [...c.policy_types] : ['no policy'];
  if (Object.keys(c.options.subset).length > 0) out.push('option subset');
  if (c.options.outputEndpoints === 'pods') out.push('option outputEndpoints=pods');
  if (!c.options.excludeIPv6Range) out.push('option excludeIPv6Range=false');
  if (c.policy_filter !== null) out.push('policy_filter');
  if (!c.flat_load_ok) out.push('roles matter (flat_load_ok false)');
  if (fs.existsSync(path.join(dir, 'livesim'))) out.push('livesim pods');
  return out;
}

export function runNcaCase(dir: string): CaseOutcome {
  const c = readCase(dir);
  const features = featuresOf(c, dir);
  let expected: PairLine[];
  let actual: PairLine[];
  let notReadInput: string[];
  try {
    expected = expectedLines(dir, c);
    ({ lines: actual, notRead: notReadInput } = actualLines(dir, c));
  } catch (e) {
    return { id: c.id, family: c.family, features, ok: false, reason: 'runner error', detail: e instanceof Error ? e.message : String(e), missing: [], extra: [] };
  }
  [expected, actual] = settleRequests([expected, actual]) as [PairLine[], PairLine[]];
  const diff = compareAnswers(expected, actual);
  const same = diff.missing.length === 0 && diff.extra.length === 0;
  const base = { id: c.id, family: c.family, features, missing: diff.missing, extra: diff.extra };
  const notRead = unread(c);
  if (notRead.length > 0) return { ...base, ok: false, reason: notRead[0]!, detail: [...notRead.slice(1), ...(same ? ['lines agree anyway'] : [])].join('; ') };
  const notReadText = summarise(notReadInput);
  if (same) return { ...base, ok: true, ...(notReadInput.length > 0 ? { passedWithUnread: notReadText } : {}) };
  const inputErrors = notReadInput.length > 0 ? `; not read: ${notReadText}` : '';
  const restricted = [...new Set(expected.flatMap((l) => l.conns.beyond))].sort();
  if (restricted.length > 0) return { ...base, ok: false, reason: 'dimensions beyond the model (src_ports)', detail: `expected restricts ${restricted.join(', ')}${inputErrors}` };
  const onModel = compareAnswers(expected, actual, true);
  if (onModel.missing.length === 0 && onModel.extra.length === 0)
    return { ...base, ok: false, reason: 'protocols beyond the model (ICMP and other IP protocols)', detail: `agrees on TCP/UDP/SCTP${inputErrors}` };
  if (notReadInput.length > 0)
    return { ...base, ok: false, reason: 'input netscn does not read (NCA reads it)', detail: `${notReadText}; ${diff.missing.length} missing, ${diff.extra.length} extra` };
  const en = names(expected);
  const an = names(actual);
  const onlyExpected = [...en].filter((n) => !an.has(n));
  const onlyActual = [...an].filter((n) => !en.has(n));
  if (onlyExpected.length > 0 || onlyActual.length > 0) {
    const show = (xs: string[]): string => xs.slice(0, 3).join(', ') + (xs.length > 3 ? `, … ${xs.length - 3} more` : '');
    const detail = [onlyExpected.length > 0 ? `only expected: ${show(onlyExpected)}` : '', onlyActual.length > 0 ? `only netscn: ${show(onlyActual)}` : ''].filter(Boolean).join('; ');
    return { ...base, ok: false, reason: 'endpoints differ (not created, or named otherwise)', detail: detail + inputErrors };
  }
  if ([...diff.missing, ...diff.extra].some((t) => t.includes(' HTTP ')))
    return { ...base, ok: false, reason: 'HTTP requests differ (methods/paths/hosts)', detail: `${diff.missing.length} missing, ${diff.extra.length} extra${inputErrors}` };
  return { ...base, ok: false, reason: 'connectivity differs', detail: `${diff.missing.length} missing, ${diff.extra.length} extra${inputErrors}` };
}

/** Diagnostics, counted, and the distinct messages (list indices and lines folded) of the first few. */
function summarise(diagnostics: readonly string[]): string {
  const distinct = [...new Set(diagnostics.map((d) => d.replace(/:\d+: /, ': ').replace(/\[\d+\]/g, '[*]')))];
  return `${diagnostics.length} (${distinct.slice(0, 2).join(' | ')}${distinct.length > 2 ? ` | … ${distinct.length - 2} more kinds` : ''})`;
}

/** The case folders of the corpus, sorted, those matching `only`. */
export function ncaCases(corpus: string, only?: RegExp): string[] {
  return fs
    .readdirSync(corpus)
    .filter((c) => fs.existsSync(path.join(corpus, c, 'case.json')) && (only === undefined || only.test(c)))
    .sort();
}

/**
 * The netpol-analyzer corpus (../shared/conformance/netpol-analyzer/cases): each case's
 * manifests through connlist, compared line for line with its expected-connlist.txt (netscn's
 * connlist follows netpol-analyzer's conventions, src/connlist/connlist.ts, on its TCP, UDP and
 * SCTP ports: `netpolAnalyzerView`), families named from what the manifests use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatConnlistText, type Connection } from '../connlist/connlist.js';
import { netpolAnalyzerView } from '../connlist/protocol-space.js';
import { connlist } from '../connlist/matrix-list.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import { connlistByNetwork, formatNetworkConnlistText } from '../connlist/networks.js';
import { loadManifestFiles } from '../host/load-files.js';
import type { CaseOutcome } from './nca-corpus.js';

/** The family a case belongs to, from what its manifests use (most specific first). */
function family(name: string, text: string): string {
  if (/udn|nad|vm|virtual/i.test(name) || /UserDefinedNetwork|NetworkAttachmentDefinition|VirtualMachine/.test(text)) return 'user-defined networks';
  if (/AdminNetworkPolicy/.test(text)) return 'AdminNetworkPolicy/Baseline';
  if (/kind:\s*(Ingress|Route)\b|"kind":\s*"(Ingress|Route)"/.test(text)) return 'ingress controller';
  if (/endPort/.test(text)) return 'endPort';
  if (/ipBlock/.test(text)) return 'ipBlock';
  if (/port:\s*[a-zA-Z]|"port":\s*"[a-zA-Z]/.test(text)) return 'named ports';
  return 'plain NetworkPolicy';
}

function allText(dir: string): string {
  let out = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out += allText(p);
    else if (/\.(ya?ml|json)$/.test(entry.name)) out += fs.readFileSync(p, 'utf8');
  }
  return out;
}

/** A header of the multi-network output: `Permitted connectivity analyzed in …:` or the mapping's. */
const SECTION_HEADER = /^(Permitted connectivity analyzed in .*|Workload-to-Networks Mapping):$/;
/** A line of the mapping that belongs to the workload line above it. */
const MAPPING_DETAIL = /^(Primary Network|Secondary Networks): /;

/**
 * Lines as compared: in the multi-network output (src/connlist/networks.ts) each line is
 * prefixed with its section's header (`[header] line`), and each mapping detail with its
 * workload too, so a line only matches the same line in the same section (lines are compared
 * as sets, and sections repeat lines). Lines before any header are kept as they are.
 */
function inSections(lines: readonly string[]): string[] {
  let section = '';
  let workload = '';
  return lines.map((l) => {
    if (SECTION_HEADER.test(l)) {
      section = l;
      return l;
    }
    if (section === '') return l;
    if (MAPPING_DETAIL.test(l)) return `[${section}] ${workload} ${l}`;
    workload = l;
    return `[${section}] ${l}`;
  });
}

/** The case folders of the corpus, sorted, those matching `only`. */
export function netpolAnalyzerCases(corpus: string, only?: RegExp): string[] {
  return fs
    .readdirSync(corpus)
    .filter((c) => fs.existsSync(path.join(corpus, c, 'expected-connlist.txt')) && (only === undefined || only.test(c)))
    .sort();
}

export function runNetpolAnalyzerCase(dir: string): CaseOutcome {
  const name = path.basename(dir);
  const fam = family(name, allText(path.join(dir, 'manifests')));
  const expected = inSections(fs.readFileSync(path.join(dir, 'expected-connlist.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean));
  let actual: string[];
  try {
    const loaded = loadManifestFiles(['manifests'], dir, { lenientNames: true, lenientVersions: true, keepFinishedPods: true });
    const { input } = connlistInputFromManifests(loaded);
    // netpol-analyzer's sets are TCP, UDP and SCTP ports: connlist's ICMP and other protocols are left out (protocol-space.ts).
    const list = (i: typeof input): Connection[] => connlist(i).map((c) => ({ ...c, conns: netpolAnalyzerView(c.conns) }));
    const text = input.multiNetwork ? formatNetworkConnlistText(connlistByNetwork(input, list)) : formatConnlistText(list(input));
    actual = inSections(text.split('\n').map((l) => l.trim()).filter(Boolean));
  } catch (e) {
    return { id: name, family: fam, ok: false, detail: e instanceof Error ? e.message : String(e), missing: expected, extra: [] };
  }
  const exp = new Set(expected);
  const act = new Set(actual);
  const missing = expected.filter((l) => !act.has(l));
  const extra = actual.filter((l) => !exp.has(l));
  return { id: name, family: fam, ok: missing.length === 0 && extra.length === 0, missing, extra };
}

/**
 * `npm run conformance`: runs netscn's workload connectivity over the netpol-analyzer corpus
 * (../shared/conformance/netpol-analyzer, beside the project on developers' machines and CI, never
 * on a user's) and reports, per case family, how many cases give exactly the expected lines.
 * A report, not a gate: it exits 0 whatever the pass rate, and never edits the corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatConnlistText } from '../connlist/connlist.js';
import { connlist } from '../connlist/matrix-list.js';
import { connlistInputFromManifests } from '../connlist/input.js';
import { loadManifestFiles } from '../host/load-files.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = process.argv[2] ?? path.resolve(here, '../../../shared/conformance/netpol-analyzer/cases');

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

function runCase(dir: string): { actual: string[]; expected: string[]; error?: string } {
  const expected = fs.readFileSync(path.join(dir, 'expected-connlist.txt'), 'utf8').split('\n').map((l) => l.trim()).filter(Boolean);
  try {
    const loaded = loadManifestFiles(['manifests'], dir, { lenientNames: true, lenientVersions: true });
    const { input } = connlistInputFromManifests(loaded);
    const actual = formatConnlistText(connlist(input)).split('\n').filter(Boolean);
    return { actual, expected };
  } catch (e) {
    return { actual: [], expected, error: e instanceof Error ? e.message : String(e) };
  }
}

function main(): void {
  if (!fs.existsSync(corpus)) {
    console.log(`conformance: corpus not found at ${corpus} (it sits beside the project only on developers' machines and CI)`);
    return;
  }
  const only = process.argv[3] === undefined ? undefined : new RegExp(process.argv[3]);
  const cases = fs
    .readdirSync(corpus)
    .filter((c) => fs.existsSync(path.join(corpus, c, 'expected-connlist.txt')) && (only === undefined || only.test(c)))
    .sort();
  const families = new Map<string, { pass: number; total: number }>();
  let passed = 0;
  const failures: string[] = [];
  for (const name of cases) {
    const dir = path.join(corpus, name);
    const fam = family(name, allText(path.join(dir, 'manifests')));
    const r = runCase(dir);
    const exp = new Set(r.expected);
    const act = new Set(r.actual);
    const missing = r.expected.filter((l) => !act.has(l));
    const extra = r.actual.filter((l) => !exp.has(l));
    const ok = !r.error && missing.length === 0 && extra.length === 0;
    const f = families.get(fam) ?? { pass: 0, total: 0 };
    families.set(fam, { pass: f.pass + (ok ? 1 : 0), total: f.total + 1 });
    if (ok) passed++;
    else {
      const lines = [`✗ ${name} (${fam})${r.error ? `: ${r.error}` : ''}`];
      for (const l of missing.slice(0, 8)) lines.push(`    - ${l}`);
      if (missing.length > 8) lines.push(`    - … ${missing.length - 8} more missing`);
      for (const l of extra.slice(0, 8)) lines.push(`    + ${l}`);
      if (extra.length > 8) lines.push(`    + … ${extra.length - 8} more unexpected`);
      failures.push(lines.join('\n'));
    }
  }
  console.log(failures.join('\n'));
  console.log('\nper family:');
  for (const [fam, f] of [...families].sort()) console.log(`  ${fam.padEnd(30)} ${f.pass}/${f.total}`);
  console.log(`conformance: ${passed}/${cases.length} passed`);
}

main();

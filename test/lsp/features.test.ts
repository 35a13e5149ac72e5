/**
 * Each editor feature as a pure function: diagnostics equal to the CLI's, completion in context,
 * hover facts from the engine, definition/references/rename, the outline, "did you mean" fixes,
 * lenses and their commands, formatting edits.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectReader } from '../../src/host/project-files.js';
import type { FileRead } from '../../src/check/file-read.js';

const fileOf = (text: string): FileRead => ({ kind: 'file', bytes: new TextEncoder().encode(text) });
import { describe, expect, it } from 'vitest';
import { SETTING_DOCS } from '../../src/check/setting-docs.js';
import { SET_CHOICES, SET_NAMES } from '../../src/check/settings.js';
import { CAUSE_WORDS, VIA_WORDS } from '../../src/check/words.js';
import { profileById } from '../../src/cloud/profiles.js';
import { DIAG } from '../../src/diag/catalogue.js';
import { analyze } from '../../src/lsp/analysis.js';
import { codeActions, replacedRange } from '../../src/lsp/code-actions.js';
import { completion } from '../../src/lsp/completion.js';
import { definition, prepareRename, references, rename } from '../../src/lsp/definition.js';
import { diagnosticsByFile, toLspDiagnostic } from '../../src/lsp/diagnostics.js';
import { formattingEdits } from '../../src/lsp/formatting.js';
import { hover } from '../../src/lsp/hover.js';
import { codeLenses, explainAssertion, runAssertion, runFile } from '../../src/lsp/lenses.js';
import { collectNames } from '../../src/lsp/names.js';
import { documentSymbols } from '../../src/lsp/symbols.js';
import { checkSource } from '../../src/host/run-source.js';

const TEXT = `scenario "features"

cluster demo {
  provider cce
  node n1 ip 192.168.0.11 pool workers
  node n2 ip 192.168.0.12 pool workers
  namespace shop labels team=payments
  pod web-1 in shop on n1 labels app=web,tier=front ports http:8080
  pod web-2 in shop on n2 labels app=web ports http:8080
  pod client in shop on n2 labels app=client
  service web in shop type nodeport selector app=web port 80 -> http node-port 30080 annotations kubernetes.io/elb.class=union
  network-policy web-in in shop {
    select app=web
    allow ingress from pods app=client
  }
  set localhost-nodeports false
}

from pod shop/client reach svc shop/web expect allow
from pod shop/web-1 reach pod shop/web-2 port 8080 expect allow

step "lose a pod" {
  remove pod shop/web-2
  from pod shop/client reach svc shop/web expect allow, backends shop/web-1
}
`;
const FILE = 'features.netscn';

function at(text: string, needle: string, offset = 0): { line: number; character: number } {
  const i = text.indexOf(needle);
  if (i < 0) throw new Error(`no ${needle}`);
  const before = text.slice(0, i + offset);
  return { line: before.split('\n').length - 1, character: i + offset - (before.lastIndexOf('\n') + 1) };
}

const analysis = analyze(TEXT, FILE);
const names = collectNames(analysis.ast!, analysis.scenario);
const uriOf = (f: string): string => `file:///p/${f}`;

/** Completion labels with `line` inserted before the cluster's closing brace or at the end. */
function complete(line: string, where: 'cluster' | 'top'): string[] {
  const lines = TEXT.split('\n');
  const index = where === 'cluster' ? lines.indexOf('}') : lines.length - 1;
  lines.splice(index, 0, line);
  return completion({ text: lines.join('\n'), pos: { line: index, character: line.length }, names, cluster: analysis.scenario!.cluster }).map((i) => i.label);
}

describe('diagnostics', () => {
  it('the scenario checks', () => expect(analysis.diagnostics).toEqual([]));

  const bad = join('test', 'corpus', 'bad');
  const files = readdirSync(bad).filter((f) => f.endsWith('.netscn'));
  it('are the CLI\'s for every bad corpus file', () => {
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const path = join(bad, f);
      const text = readFileSync(path, 'utf8');
      const readFile = projectReader(path, process.cwd());
      const cli = checkSource(text, path, { readFile }).diagnostics;
      expect(analyze(text, path, { readFile }).diagnostics, f).toEqual(cli);
    }
  });

  it('carry the message, expected, notes and help, and a suggestion', () => {
    const a = analyze(TEXT.replace('on n2 labels app=client', 'on n22 labels app=client'), FILE);
    const d = toLspDiagnostic(a.diagnostics[0]!);
    expect(d).toMatchObject({ severity: 1, source: 'netscn', range: { start: at(TEXT, 'n2 labels app=client') }, data: { suggestion: 'n2' } });
    expect(String(d.message).split('\n')).toEqual(expect.arrayContaining(['help: did you mean `n2`?']));
  });

  it('are grouped by the file they belong to', () => {
    const yaml = 'manifests/app.yaml';
    const a = analyze(TEXT.replace('  set localhost-nodeports false', '  load "manifests/app.yaml"'), FILE, { readFile: () => fileOf('apiVersion: v1\nkind: Pood\nmetadata:\n  name: x\n') });
    const grouped = diagnosticsByFile(FILE, a.diagnostics);
    expect(grouped.get(FILE)).toEqual([]);
    expect(grouped.get(yaml)?.map((d) => d.message)).toEqual([expect.stringContaining('Pood')]);
  });
});

describe('completion', () => {
  it('offers the declared parameters after `{{`, and nothing else there', () => {
    const text = 'param app choose web, shop\nparam port port range 8000-8999\ncluster c {\n  pod {{a\n}\n';
    const items = completion({ text, pos: { line: 3, character: 9 }, names: [] });
    expect(items.map((i) => [i.label, i.detail])).toEqual([['app', 'parameter'], ['port', 'parameter']]);
    expect(items[0]!.textEdit).toEqual({ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 9 } }, newText: 'app' });
    expect(completion({ text: 'cluster c {\n  pod {{\n}\n', pos: { line: 1, character: 8 }, names: [] })).toEqual([]);
  });

  it('offers statements and settings where a cluster statement may start', () => {
    const items = complete('  ', 'cluster');
    expect(items).toEqual(expect.arrayContaining(['node', 'pod', 'service', 'network-policy', 'set', 'provider', 'pod-cidr']));
    expect(items).not.toContain('from');
  });
  it('offers top-level items at the top level', () => {
    expect(complete('', 'top')).toEqual(expect.arrayContaining(['step', 'from', 'table', 'task']));
    expect(complete('', 'top')).not.toContain('node');
  });
  it('offers clauses and flags after a declaration', () => {
    expect(complete('  pod x in shop ', 'cluster')).toEqual(expect.arrayContaining(['on', 'labels', 'ports', 'host-network', 'not-ready']));
    expect(complete('  service x in shop ', 'cluster')).toEqual(expect.arrayContaining(['type', 'selector', 'port', 'headless']));
  });
  it('offers the words a clause value takes, from its checker table', () => {
    expect(complete('  service x in shop session-affinity ', 'cluster')).toEqual(['none', 'clientip', 'client-ip']);
    expect(complete('  service x in shop external-traffic-policy ', 'cluster')).toEqual(['cluster', 'local']);
    expect(complete('  pod x in shop dns-policy ', 'cluster')).toEqual(['clusterfirst', 'cluster-first', 'clusterfirstwithhostnet', 'cluster-first-with-host-net', 'default', 'none']);
    expect(complete('  kube-proxy ', 'cluster')).toEqual(['iptables', 'nftables', 'ipvs']);
  });
  it('offers declared names where a name is expected', () => {
    expect(complete('  pod x in shop on ', 'cluster')).toEqual(['n1', 'n2']);
    expect(complete('  pod x in ', 'cluster')).toEqual(['shop']);
    expect(complete('from pod ', 'top')).toEqual(['shop/web-1', 'shop/web-2', 'shop/client']);
    expect(complete('from pod shop/client reach svc ', 'top')).toEqual(['shop/web']);
    expect(complete('from pod shop/client reach ', 'top')).toEqual(expect.arrayContaining(['svc', 'service', 'dns', 'pod', 'node', 'pods']));
    expect(complete('  pod x ', 'cluster')).not.toContain('shop/web-1');
  });
  it('offers label keys, then the values of a key', () => {
    expect(complete('  pod x labels ', 'cluster')).toEqual(['app', 'tier']);
    expect(complete('  pod x labels app=', 'cluster')).toEqual(['web', 'client']);
    expect(complete('from pods tier=front,ap', 'top')).toEqual(['app', 'tier']);
    expect(complete('from pods in namespaces ', 'top')).toEqual(['team']);
    expect(complete('  label pod shop/web-1 app=canary ', 'top')).toEqual(['app', 'tier']);
    expect(complete('  label namespace shop ', 'top')).toEqual(['team']);
  });
  it('offers `set` settings with their documentation and default, then their values', () => {
    const lines = TEXT.split('\n');
    const index = lines.indexOf('}');
    lines.splice(index, 0, '  set ');
    const items = completion({ text: lines.join('\n'), pos: { line: index, character: 6 }, names });
    expect(items.map((i) => i.label)).toEqual(Object.keys(SET_CHOICES));
    expect(items.find((i) => i.label === 'masquerade-all')).toMatchObject({ detail: 'set masquerade-all (default false)', documentation: { value: SETTING_DOCS['masquerade-all'].doc } });
    expect(complete('  set network-policy-enforcement ', 'cluster')).toEqual(['full', 'ingress-only', 'none']);
  });
  it('offers the provider\'s annotations with their documentation, then their values', () => {
    const lines = TEXT.split('\n');
    const index = lines.indexOf('}');
    const line = '  service x type loadbalancer annotations kubernetes.io/elb.';
    lines.splice(index, 0, line);
    const items = completion({ text: lines.join('\n'), pos: { line: index, character: line.length }, names, cluster: analysis.scenario!.cluster });
    const cce = profileById('cce');
    expect(items.map((i) => i.label)).toEqual(cce.annotations.map((a) => a.key));
    expect(items[0]!.documentation).toEqual({ kind: 'markdown', value: cce.annotations[0]!.doc });
    expect(items[0]!.textEdit).toMatchObject({ range: { start: { character: line.indexOf('kubernetes.io') } } });
    expect(complete('  service x annotations kubernetes.io/elb.class=', 'cluster')).toEqual(['union', 'performance']);
  });
  it('offers outcomes after `expect`, causes after `by`, paths after `via`', () => {
    expect(complete('from pod shop/client reach svc shop/web expect ', 'top')).toEqual(['allow', 'deny', 'refused', 'timeout', 'unreachable', 'nxdomain', 'intermittent']);
    expect(complete('from pod shop/client reach svc shop/web expect deny by ', 'top')).toEqual(Object.keys(CAUSE_WORDS));
    expect(complete('from pod shop/client reach svc shop/web via ', 'top')).toEqual(Object.keys(VIA_WORDS));
    expect(complete('from pod shop/client reach svc shop/web expect allow, ', 'top')).toEqual(['source', 'backends', 'backend', 'share', 'not', 'through', 'masquerade-mark']);
  });
  it('offers a change assertion\'s words in a step, then its ends, then names', () => {
    const inStep = (line: string): string[] => {
      const lines = TEXT.split('\n');
      const index = lines.lastIndexOf('}');
      lines.splice(index, 0, line);
      return completion({ text: lines.join('\n'), pos: { line: index, character: line.length }, names, cluster: analysis.scenario!.cluster }).map((i) => i.label);
    };
    expect(inStep('  ')).toEqual(expect.arrayContaining(['from', 'expect', 'remove', 'pod']));
    expect(inStep('  expect ').sort()).toEqual(['connections', 'no']);
    expect(inStep('  expect no ').sort()).toEqual(['lost', 'new']);
    expect(inStep('  expect connections ')).toEqual(['unchanged']);
    expect(inStep('  expect no new connections ').sort()).toEqual(['from', 'to']);
    expect(inStep('  expect no new connections from ').sort()).toEqual(['internet', 'namespace', 'pod']);
    expect(inStep('  expect no lost connections from namespace ')).toEqual(['shop']);
    expect(inStep('  expect no lost connections from internet to pod ')).toEqual(['shop/web-1', 'shop/web-2', 'shop/client']);
  });
  it('replaces the word being typed', () => {
    const items = completion({ text: 'from pod shop/cl', pos: { line: 0, character: 16 }, names });
    expect(items[0]!.textEdit).toEqual({ range: { start: { line: 0, character: 9 }, end: { line: 0, character: 16 } }, newText: 'shop/web-1' });
  });
  it('offers nothing inside a comment', () => expect(complete('# from pod ', 'top')).toEqual([]));
});

describe('hover', () => {
  const show = (needle: string, offset = 0): string => {
    const h = hover(analysis, names, at(TEXT, needle, offset));
    return h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
  };
  it('shows a pod\'s address, node, Services and policies', () => {
    const text = show('web-1 in shop');
    expect(text).toContain('**pod shop/web-1**');
    expect(text).toMatch(/address: `10\.244\.\d+\.\d+`/);
    expect(text).toContain('node: `n1` (192.168.0.11)');
    expect(text).toContain('selected by Services: `shop/web`');
    expect(text).toContain('selected by NetworkPolicies: `shop/web-in`');
    expect(show('client in shop')).toContain('selected by Services: none');
  });
  it('shows a Service\'s ClusterIP, node ports and endpoints', () => {
    const text = show('svc shop/web', 9);
    expect(text).toContain('**service shop/web** (NodePort)');
    expect(text).toMatch(/ClusterIP: `10\.\d+\.\d+\.\d+`/);
    expect(text).toContain('80/TCP → http (node port 30080)');
    expect(text).toMatch(/endpoints: 10\.244\.\d+\.\d+ \(shop\/web-1\), 10\.244\.\d+\.\d+ \(shop\/web-2\)/);
  });
  it('shows what a setting does and its default', () => {
    expect(show('localhost-nodeports')).toBe(`**set localhost-nodeports**\n\n${SETTING_DOCS['localhost-nodeports'].doc}\n\nValues: \`true\`, \`false\`. Default: \`true\`.`);
  });
  it('shows what an annotation does', () => {
    expect(show('elb.class=union', 4)).toContain(profileById('cce').annotations.find((a) => a.key === 'kubernetes.io/elb.class')!.doc);
  });
  it('shows an assertion\'s verdict and trace', () => {
    const passed = show('reach svc shop/web expect allow\n', 20);
    expect(passed).toContain('✓ passed');
    expect(passed).toContain('[kube-proxy @ n2]');
    const failed = show('port 8080 expect allow', 3);
    expect(failed).toContain('✗ failed: expected allow');
    expect(failed).toContain('⇒ timeout cause: policy');
  });
});

describe('hover on a diagnostic', () => {
  it('explains its code from the catalogue', () => {
    const text = 'cluster c {\n  network overlai\n  node n1 ip 192.168.0.11\n}\n';
    const a = analyze(text, 'x.netscn');
    expect(a.diagnostics.map((d) => d.code)).toEqual([DIAG.unknownWord.code]);
    const h = hover(a, collectNames(a.ast!, a.scenario), at(text, 'overlai', 2));
    const value = h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
    expect(value).toBe(`**NS1004**: ${DIAG.unknownWord.title}\n\n${DIAG.unknownWord.explanation}\n\n\`netscn explain-code NS1004\` shows an example.`);
    expect(hover(a, collectNames(a.ast!, a.scenario), at(text, 'node n1'))).toBeUndefined();
  });
});

describe('definition, references, rename', () => {
  it('goes from a use to the declaration', () => {
    expect(definition(names, FILE, at(TEXT, 'on n2 labels app=client', 3), uriOf)).toEqual([{ uri: uriOf(FILE), range: { start: at(TEXT, 'n2 ip'), end: at(TEXT, 'n2 ip', 2) } }]);
    expect(definition(names, FILE, at(TEXT, 'shop/web-2 port', 5), uriOf)).toEqual([{ uri: uriOf(FILE), range: { start: at(TEXT, 'web-2 in shop'), end: at(TEXT, 'web-2 in shop', 5) } }]);
  });
  it('tells a pod from a Service of the same name', () => {
    const refs = references(names, FILE, at(TEXT, 'svc shop/web', 9), true, uriOf);
    expect(refs).toHaveLength(3);
    expect(references(names, FILE, at(TEXT, 'svc shop/web', 9), false, uriOf)).toHaveLength(2);
  });
  it('goes to a declaration in a loaded manifest, and will not rename it', () => {
    const text = 'cluster demo {\n  node n1 ip 192.168.0.11\n  load "k8s/extra.yaml"\n}\nfrom pod shop/extra reach pod shop/extra expect allow\n';
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: extra\n  namespace: shop\nspec:\n  containers:\n    - name: c\n      image: x\n';
    const a = analyze(text, 'dir/x.netscn', { readFile: (p) => (p.endsWith('extra.yaml') ? fileOf(yaml) : { kind: 'missing' }) });
    expect(a.diagnostics).toEqual([]);
    const n = collectNames(a.ast!, a.scenario);
    const use = at(text, 'shop/extra reach', 5);
    expect(definition(n, 'dir/x.netscn', use, uriOf)).toEqual([{ uri: uriOf('dir/k8s/extra.yaml'), range: { start: { line: 3, character: 8 }, end: expect.anything() } }]);
    expect(references(n, 'dir/x.netscn', use, false, uriOf)).toHaveLength(2);
    expect(rename(n, 'dir/x.netscn', use, 'other', uriOf)).toEqual({ kind: 'refused', reason: 'pod extra is declared in dir/k8s/extra.yaml; rename it there' });
  });

  it('renames every occurrence, namespace qualifiers kept', () => {
    const r = rename(names, FILE, at(TEXT, 'web-2 in shop'), 'web-b', uriOf);
    expect(r?.kind).toBe('edit');
    const edits = r?.kind === 'edit' ? r.edit.changes![uriOf(FILE)]! : [];
    let text = TEXT;
    for (const e of [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character)) {
      const lines = text.split('\n');
      const l = lines[e.range.start.line]!;
      lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
      text = lines.join('\n');
    }
    expect(text).toBe(TEXT.replaceAll('web-2', 'web-b'));
    expect(analyze(text, FILE).diagnostics).toEqual([]);
    expect(rename(names, FILE, at(TEXT, 'web-2 in shop'), 'no good', uriOf)).toMatchObject({ kind: 'refused' });
    expect(prepareRename(names, FILE, at(TEXT, 'expect allow'))).toBeUndefined();
  });
});

describe('document symbols', () => {
  it('outline the scenario, cluster objects, assertions and steps', () => {
    const symbols = documentSymbols(analysis.ast!);
    expect(symbols.map((s) => [s.name, s.detail])).toEqual([
      ['features', 'scenario'],
      ['demo', 'cluster'],
      ['from pod shop/client reach svc shop/web expect allow', 'assertion'],
      ['from pod shop/web-1 reach pod shop/web-2 port 8080 expect allow', 'assertion'],
      ['lose a pod', 'step'],
    ]);
    expect(symbols[1]!.children!.map((c) => c.name)).toEqual(['provider', 'n1', 'n2', 'shop', 'shop/web-1', 'shop/web-2', 'shop/client', 'shop/web', 'shop/web-in', 'set']);
    expect(symbols[4]!.children!.map((c) => c.name)).toEqual(['remove pod shop/web-2', 'from pod shop/client reach svc shop/web expect allow, backends shop/web-1']);
  });
});

describe('code actions', () => {
  it('apply the suggestion of a name near miss', () => {
    const text = TEXT.replace('on n2 labels app=client', 'on n22 labels app=client');
    const d = toLspDiagnostic(analyze(text, FILE).diagnostics[0]!);
    const actions = codeActions(text, 'u', [d]);
    expect(actions).toEqual([expect.objectContaining({ title: 'Change to `n2`', kind: 'quickfix', edit: { changes: { u: [{ range: d.range, newText: 'n2' }] } } })]);
  });
  it('apply the suggestion of a keyword near miss', () => {
    const text = TEXT.replace('labels app=client', 'lables app=client');
    const diags = analyze(text, FILE).diagnostics;
    expect(diags[0]!.help).toBe('did you mean `labels`?');
    const actions = codeActions(text, 'u', [toLspDiagnostic(diags[0]!)]);
    expect(actions[0]!.edit!.changes!['u']).toEqual([{ range: { start: at(text, 'lables'), end: at(text, 'lables', 6) }, newText: 'labels' }]);
  });
  it('replace the word before when that is the near miss', () => {
    const text = 'node n1 pol workers\n';
    expect(replacedRange(text, { start: { line: 0, character: 12 }, end: { line: 0, character: 19 } }, 'pool')).toEqual({ start: { line: 0, character: 8 }, end: { line: 0, character: 11 } });
    expect(replacedRange(text, { start: { line: 0, character: 12 }, end: { line: 0, character: 19 } }, 'zone')).toBeUndefined();
  });
});

describe('lenses and commands', () => {
  it('put Run and Explain on each assertion, steps included', () => {
    const lenses = codeLenses(analysis, 'u');
    const lines = [at(TEXT, 'from pod shop/client reach svc').line + 1, at(TEXT, 'from pod shop/web-1').line + 1, at(TEXT, '  from pod shop/client').line + 1];
    expect(lenses.map((l) => [l.command!.title, l.command!.arguments![1]])).toEqual(lines.flatMap((n) => [['▶ Run', n], ['Explain', n]]));
  });
  it('run one assertion, explain it, run the file', () => {
    const line = at(TEXT, 'from pod shop/web-1').line + 1;
    const run = runAssertion(analysis, line);
    expect(run.passed).toBe(false);
    expect(run.text).toContain('✗ failed: expected allow');
    const explained = explainAssertion(analysis, line);
    expect(explained.text).toContain(`--> ${FILE}:${line}:1`);
    expect(runAssertion(analysis, 1)).toEqual({ text: `no assertion on line 1 of ${FILE}` });
    expect(runFile(analysis).text).toContain('Assertions: 2 passed, 1 failed');
    const broken = analyze(TEXT.replace('on n2 labels app=client', 'on n9 labels app=client'), FILE);
    expect(runFile(broken)).toEqual({ text: `${FILE} has 1 error; fix it to run its assertions` });
  });
});

describe('formatting edits', () => {
  it('replace the whole document when the formatter changes it, and nothing otherwise', () => {
    const text = 'a\nbb\n';
    expect(formattingEdits(text, FILE, (t) => t.toUpperCase())).toEqual([{ range: { start: { line: 0, character: 0 }, end: { line: 2, character: 0 } }, newText: 'A\nBB\n' }]);
    expect(formattingEdits(text, FILE, (t) => t)).toEqual([]);
    expect(formattingEdits(text, FILE, () => undefined)).toEqual([]);
    expect(formattingEdits(text, FILE, () => {
      throw new Error('cannot');
    })).toEqual([]);
  });
});

describe('setting documentation', () => {
  it('covers exactly the settings of the `set` table', () => {
    expect(Object.keys(SETTING_DOCS).sort()).toEqual(Object.keys(SET_NAMES).sort());
  });
});

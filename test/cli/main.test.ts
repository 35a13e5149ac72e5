import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, type CliIO } from '../../src/cli/main.js';
import type { Engine } from '../../src/run/engine.js';
import { allowTo, dropped, fakeEngine, reach, scenario, span, step } from '../run/fixtures.js';

/**
 * The fake front end reads each line `expect allow|deny` as one assertion; a line containing
 * BAD is a syntax error there; a line containing CRASH makes the engine throw.
 */
const engine: Engine = fakeEngine({
  check: (text, file) => {
    const lines = text.split('\n');
    const bad = lines.findIndex((l) => l.includes('BAD'));
    if (bad >= 0) return { diagnostics: [{ code: 'NS0001', severity: 'error', message: 'unexpected BAD', span: span(bad + 1, 1, 3, file) }] };
    const checks = lines.flatMap((l, i) => (l.startsWith('from') ? [{ ...reach(l, i + 1, { outcome: l.endsWith('deny') ? 'deny' : 'allow' }, l.includes('db') ? 'db' : l.includes('CRASH') ? 'crash' : 'web'), span: span(i + 1, 1, l.length, file) }] : []));
    return { scenario: scenario([step(checks)], 'T', file), diagnostics: [] };
  },
  flows: (p) => {
    if (p.target.kind === 'service' && p.target.name === 'crash') throw new Error('engine exploded');
    return p.target.kind === 'service' && p.target.name === 'db' ? [dropped('timeout', 'policy')] : [allowTo('web-1')];
  },
});

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netscn-cli-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

async function cli(argv: string[], cwd: string, env: Record<string, string> = {}, isTTY = false, extra: Partial<CliIO> = {}) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd, env, isTTY, engine, now: () => 0, ...extra };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const PASSING = 'from pod a reach svc web expect allow\nfrom pod a reach svc db expect deny\n';
const FAILING = 'from pod a reach svc db expect allow\n';

describe('netscn test', () => {
  it('runs scenarios/ by default, recursively and sorted, and exits 0 when all pass', async () => {
    const dir = project({ 'scenarios/b/two.netscn': PASSING, 'scenarios/a.netscn': PASSING, 'scenarios/notes.txt': 'BAD' });
    const r = await cli(['test'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout.indexOf('scenarios/a.netscn')).toBeLessThan(r.stdout.indexOf('scenarios/b/two.netscn'));
    expect(r.stdout).toMatch(/^Files: 2 passed, 0 failed$/m);
    expect(r.stdout).toMatch(/^Assertions: 4 passed, 0 failed$/m);
  });
  it('exits 1 when an assertion fails and shows where', async () => {
    const r = await cli(['test', 'x.netscn'], project({ 'x.netscn': FAILING }));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('x.netscn:1:1');
    expect(r.stdout).toMatch(/^Assertions: 0 passed, 1 failed$/m);
  });
  it('exits 2 when a scenario does not check, even if others fail', async () => {
    const r = await cli(['test', '.'], project({ 'a.netscn': FAILING, 'b.netscn': 'BAD\n' }));
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('error[NS0001]: unexpected BAD');
  });
  it('--filter keeps matching assertions, with /regex/ support', async () => {
    const dir = project({ 'a.netscn': PASSING + FAILING });
    expect(await cli(['test', 'a.netscn', '--filter', 'svc web'], dir)).toMatchObject({ code: 0 });
    const r = await cli(['test', 'a.netscn', '--filter', '/db expect (allow|deny)$/'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^Assertions: 1 passed, 1 failed$/m);
    expect((await cli(['test', 'a.netscn', '--filter', '/(/'], dir)).code).toBe(64);
  });
  it('--filter that matches nothing fails with a message instead of a green run', async () => {
    const dir = project({ 'a.netscn': PASSING, 'b.netscn': PASSING });
    const r = await cli(['test', '.', '--filter', 'nodeprot'], dir);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('--filter `nodeprot` matches no assertion in 2 files');
    expect((await cli(['test', '.', '--filter', 'svc db'], dir)).code).toBe(0);
    const broken = await cli(['test', '.', '--filter', 'nodeprot'], project({ 'a.netscn': PASSING, 'b.netscn': 'BAD\n' }));
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('matches no assertion in 1 file that checks');
  });
  it('prints each file\'s results as soon as the file has run', async () => {
    const dir = project({ 'a.netscn': PASSING, 'b.netscn': FAILING });
    const chunks: string[] = [];
    const io: CliIO = { stdout: (s) => void chunks.push(s), stderr: () => undefined, cwd: dir, env: {}, isTTY: false, engine, now: () => 0 };
    expect(await main(['test', '.'], io)).toBe(1);
    expect(chunks).toHaveLength(3);
    expect(chunks[0]).toMatch(/^✓ a\.netscn/);
    expect(chunks[1]).toMatch(/^✗ b\.netscn/);
    expect(chunks[2]).toMatch(/^\nFiles: 1 passed, 1 failed\n/);
    const whole = await cli(['test', '.', '--reporter', 'json'], dir);
    expect(JSON.parse(whole.stdout).files).toHaveLength(2);
  });
  it('shows a progress line on stderr only when stderr is a terminal and the run is long', async () => {
    const files = Object.fromEntries(['a', 'b', 'c', 'd'].map((n) => [`${n}.netscn`, PASSING]));
    const dir = project(files);
    let t = 0;
    const tick = () => (t += 200);
    const tty = await cli(['test', '.'], dir, {}, false, { stderrIsTTY: true, now: tick });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain('\r\u001b[K[2/4] b.netscn');
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.stdout).not.toContain('[2/4]');
    t = 0;
    expect((await cli(['test', '.'], dir, {}, false, { stderrIsTTY: false, now: tick })).stderr).toBe('');
    expect((await cli(['test', '.'], dir, {}, false, { stderrIsTTY: true })).stderr).toBe('');
  });
  it('writes json and junit reports to --output', async () => {
    const dir = project({ 'a.netscn': FAILING });
    const r = await cli(['test', 'a.netscn', '--reporter', 'junit', '--output', 'out/report.xml'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(readFileSync(join(dir, 'out/report.xml'), 'utf8')).toMatch(/^<\?xml/);
    const j = await cli(['test', 'a.netscn', '--reporter', 'json'], dir);
    expect(JSON.parse(j.stdout).summary.assertions.failed).toBe(1);
  });
  it('uses colour only on a terminal without NO_COLOR or --no-color', async () => {
    const dir = project({ 'a.netscn': PASSING });
    const esc = /\u001b\[/;
    expect((await cli(['test', 'a.netscn'], dir, {}, true)).stdout).toMatch(esc);
    expect((await cli(['test', 'a.netscn'], dir, {}, false)).stdout).not.toMatch(esc);
    expect((await cli(['test', 'a.netscn'], dir, { NO_COLOR: '1' }, true)).stdout).not.toMatch(esc);
    expect((await cli(['test', 'a.netscn', '--no-color'], dir, {}, true)).stdout).not.toMatch(esc);
  });
});

describe('netscn check and explain', () => {
  it('check reports diagnostics without running', async () => {
    const dir = project({ 'a.netscn': FAILING, 'b.netscn': 'ok\nBAD\n' });
    const r = await cli(['check', '.'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('b.netscn:2:1');
    expect(r.stdout).toContain('Checked 2 files: 1 error, 0 warnings');
    expect((await cli(['check', 'a.netscn'], dir)).code).toBe(0);
    const json = JSON.parse((await cli(['check', '.', '--reporter', 'json'], dir)).stdout);
    expect(json.files.map((f: { file: string; status: string }) => `${f.file}:${f.status}`)).toEqual(['a.netscn:passed', 'b.netscn:error']);
  });
  it('explain prints every path of the assertion on a line', async () => {
    const dir = project({ 'a.netscn': PASSING + FAILING });
    const r = await cli(['explain', 'a.netscn:3'], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✗ failed: from pod a reach svc db expect allow');
    expect(r.stdout).toContain('[security-group @ n2]');
    expect((await cli(['explain', 'a.netscn:1'], dir)).code).toBe(0);
    const none = await cli(['explain', 'a.netscn:9'], dir);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('assertions start on lines 1, 2, 3');
  });
});

describe('usage', () => {
  const dir = project({});
  it('--help documents commands, exit codes and examples', async () => {
    const r = await cli(['--help'], dir);
    expect(r.code).toBe(0);
    for (const s of ['netscn test', 'netscn check', 'netscn explain', '--reporter', '--filter', '--output', '--no-color', 'Exit codes:', '64', '70', 'Examples:']) expect(r.stdout).toContain(s);
  });
  it('COMMAND --help and help COMMAND show that command\'s usage, options and an example', async () => {
    for (const [command, option] of [['test', '--filter'], ['check', '--reporter'], ['explain', '--format'], ['diagram', 'Usage:'], ['connlist', '--format'], ['grade', '--reporter']] as const) {
      const r = await cli([command, '--help'], dir);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^netscn ${command}: `));
      expect(r.stdout).toContain(`netscn ${command} `);
      expect(r.stdout).toContain(option);
      expect(r.stdout).toMatch(/Examples?:\n {2}netscn /);
      expect(r.stdout).not.toBe((await cli(['--help'], dir)).stdout);
      expect((await cli(['help', command], dir)).stdout).toBe(r.stdout);
    }
    expect((await cli(['grade', '--help'], dir)).stdout).toContain('junit');
    const typo = await cli(['help', 'tset'], dir);
    expect(typo.code).toBe(64);
    expect(typo.stderr).toContain('did you mean `test`?');
  });
  it('--version prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(await cli(['--version'], dir)).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });
  it('an unknown command exits 64 with a suggestion', async () => {
    const r = await cli(['tset'], dir);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('unknown command `tset`; did you mean `test`?');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  it('bad options and missing paths are usage errors', async () => {
    expect((await cli(['test', '--reporter', 'xml'], dir)).code).toBe(64);
    expect((await cli(['test', '--bogus'], dir)).code).toBe(64);
    expect((await cli(['test', 'missing/'], dir)).stderr).toContain('no such file or folder: missing/');
    expect((await cli(['test'], dir)).code).toBe(64);
    expect((await cli([], dir)).code).toBe(64);
    expect((await cli(['explain', 'nofile'], dir)).code).toBe(64);
  });
  it('an internal error exits 70 with a short message and no stack', async () => {
    const r = await cli(['test', 'c.netscn'], project({ 'c.netscn': 'from pod a reach svc CRASH expect allow\n' }));
    expect(r.code).toBe(70);
    expect(r.stderr).toContain('internal error: engine exploded');
    expect(r.stderr).toContain('please report');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('netscn connlist', () => {
  const MANIFESTS = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: shop, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  podSelector: {matchLabels: {app: web}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}], ports: [{port: 8080}]}]
`;

  it('prints the allowed workload connections in netpol-analyzer text', async () => {
    const dir = project({ 'k8s/app.yaml': MANIFESTS });
    const r = await cli(['connlist', 'k8s'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/client[Pod] => shop/web[Pod] : TCP 8080\n');
    expect(r.stdout).not.toContain('shop/web[Pod] => shop/client[Pod] : TCP');
    expect(r.stdout).not.toMatch(/\[External\] => shop\/web/);
  });

  it('writes the other formats and refuses unknown ones and missing paths', async () => {
    const dir = project({ 'k8s/app.yaml': MANIFESTS });
    expect((await cli(['connlist', 'k8s', '--format', 'csv'], dir)).stdout).toMatch(/^src,dst,conn\n/);
    expect((await cli(['connlist', 'k8s', '-f', 'dot'], dir)).stdout).toContain('"shop/client[Pod]" -> "shop/web[Pod]" [label="TCP 8080"];');
    expect((await cli(['connlist', 'k8s', '-f', 'mermaid'], dir)).stdout).toMatch(/^graph LR\n/);
    const bad = await cli(['connlist', 'k8s', '-f', 'xml'], dir);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toContain('unknown format `xml`');
    const missing = await cli(['connlist', 'k8z'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('k8z:1:1: error[NS2111]: cannot read k8z: no such file or directory');
  });
});

describe('netscn connlist with a Cilium policy Cilium refuses by default', () => {
  const CNP = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: from-control-plane, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  ingress:
  - fromNodes: [{matchLabels: {node-role.kubernetes.io/control-plane: ""}}]
`;

  it('lists without it and says so at the policy (enable-node-selector-labels is off by default)', async () => {
    const dir = project({ 'k8s/app.yaml': CNP });
    const r = await cli(['connlist', 'k8s'], dir);
    expect(r.code).toBe(0);
    // Refused whole: web is not isolated, the outside reaches it.
    expect(r.stdout).toContain('0.0.0.0-255.255.255.255[External] => shop/web[Pod] : All Connections');
    expect(r.stderr.trim().split('\n')).toEqual([
      'k8s/app.yaml:8:18: warning[NS2126]: CiliumNetworkPolicy shop/from-control-plane is not enforced: it selects nodes by label (fromNodes / toNodes), which Cilium refuses unless enable-node-selector-labels is on',
    ]);
    const diff = await cli(['diff', 'k8s', 'k8s'], dir);
    expect(diff.stderr).toContain('warning[NS2126]: CiliumNetworkPolicy shop/from-control-plane is not enforced');
  });
});

describe('netscn connlist in a project folder', () => {
  const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}\n';
  const files = {
    'k8s/app.yaml': POD,
    'tsconfig.json': '{"compilerOptions": {}}',
    'node_modules/x/package.json': '{"name": "x"}',
    'node_modules/x/broken.yaml': 'kind: [\n',
  };

  it('skips files that are not Kubernetes objects with one warning, and node_modules', async () => {
    const dir = project(files);
    const r = await cli(['connlist', '.'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/web[Pod]');
    expect(r.stderr.trim().split('\n')).toEqual([
      'package.json:1:1: warning[NS2112]: skipped 2 files that are not Kubernetes objects (no apiVersion or kind): package.json, tsconfig.json',
    ]);
  });

  it('keeps the error for a file named explicitly, and for a folder file that is a broken manifest', async () => {
    const dir = project(files);
    const named = await cli(['connlist', 'package.json'], dir);
    expect(named.code).toBe(2);
    expect(named.stderr).toContain('package.json:1:1: error[NS2105]: document: not a Kubernetes object: `kind` is missing');
    writeFileSync(join(dir, 'k8s', 'bad.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: [\n');
    const broken = await cli(['connlist', 'k8s'], dir);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('k8s/bad.yaml');
  });

  it('shows its progress on stderr only when stderr is a terminal and the run takes over a second, and erases it', async () => {
    const dir = project(files);
    let t = 0;
    const tick = () => (t += 1000);
    const tty = await cli(['connlist', 'k8s'], dir, {}, false, { stderrIsTTY: true, now: tick });
    expect(tty.stderr).toContain('\r\u001b[Kconnlist: reading k8s');
    expect(tty.stderr).toMatch(/\r\u001b\[Kconnlist: \d+ objects from \d+ files: listing connections from \d+\/\d+ endpoints/);
    expect(tty.stderr.endsWith('\r\u001b[K')).toBe(true);
    expect(tty.stdout).not.toContain('listing');
    expect((await cli(['connlist', 'k8s'], dir, {}, false, { stderrIsTTY: true })).stderr).toBe('');
    expect((await cli(['connlist', 'k8s'], dir)).stderr).toBe('');
  });
});

describe('netscn connlist --cluster-workloads', () => {
  it('lists cluster DNS and an ingress controller only when asked', async () => {
    const dir = project({ 'k8s/a.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {containers: [{name: c}]}\n' });
    const plain = await cli(['connlist', 'k8s'], dir);
    expect(plain.stdout).not.toContain('coredns');
    const added = await cli(['connlist', 'k8s', '--cluster-workloads'], dir);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('shop/web[Pod] => kube-system/coredns[Deployment] : All Connections');
    expect(added.stdout).toContain('ingress-nginx/ingress-nginx-controller[Deployment] => shop/web[Pod] : All Connections');
    const misplaced = await cli(['test', '--cluster-workloads'], dir);
    expect(misplaced.code).toBe(64);
    expect(misplaced.stderr).toContain('--cluster-workloads goes with connlist');
  });
});

describe('netscn connlist with AdminNetworkPolicy', () => {
  it('applies the admin tier and does not warn that it is skipped', async () => {
    const dir = project({
      'k8s/a.yaml': `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: client, namespace: other, labels: {app: client}}
spec: {containers: [{name: c}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-other}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: shop}}}
  ingress:
  - name: deny-from-other
    action: Deny
    from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: other}}}]
`,
    });
    const r = await cli(['connlist', 'k8s'], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('shop/web[Pod] => other/client[Pod] : All Connections');
    expect(r.stdout).not.toContain('other/client[Pod] => shop/web[Pod]');
    expect(r.stderr).not.toContain('NS9102');
  });
});

describe('netscn grade', () => {
  const lab = 'scenarios/course/06-network-policy';
  const root = join(fileURLToPath(new URL('../..', import.meta.url)));
  const real = async (argv: string[]) => {
    let stdout = '';
    const io: CliIO = { stdout: (s) => void (stdout += s), stderr: () => undefined, cwd: root, env: {}, isTTY: false, now: () => 0 };
    return { code: await main(argv, io), stdout };
  };

  it('exits 0 for full marks and 1 otherwise, with a JSON report for autograders', async () => {
    expect((await real(['grade', `${lab}/exercise.netscn`, `${lab}/solution`])).code).toBe(0);
    const r = await real(['grade', `${lab}/exercise.netscn`, `${lab}/start`, '--reporter', 'json']);
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as { score: number; maxScore: number };
    expect([report.score, report.maxScore]).toEqual([10, 20]);
  });

  it('needs an exercise', async () => {
    expect((await real(['grade'])).code).toBe(64);
  });

  it('an empty or broken submission exits 1 with the exercise\'s maximum', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'netscn-empty-'));
    const r = await real(['grade', `${lab}/exercise.netscn`, empty, '--reporter', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ score: 0, maxScore: 20 });
    writeFileSync(join(empty, 'policy.yaml'), 'kind: [\n');
    const broken = await real(['grade', `${lab}/exercise.netscn`, empty]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/: 0\/20\n/);
    expect(broken.stdout).toContain('policy.yaml:2:1: error: YAML:');
  });

  it('--reporter junit gives a testcase per task, never revealing hidden checks, and -o writes it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'netscn-junit-'));
    const target = join(out, 'reports', 'grade.xml');
    const r = await real(['grade', `${lab}/exercise.netscn`, `${lab}/start`, '--reporter', 'junit', '-o', target]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const xml = readFileSync(target, 'utf8');
    expect(xml.match(/<testcase /g)).toHaveLength(2);
    expect(xml).toContain('<testcase name="The agent scrapes the metrics port (10/10)"');
    expect(xml).toMatch(/<testcase name="Nobody else gets in \(0\/10\)"[^>]*>\s*<failure /);
    expect(xml).toContain('<property name="maxScore" value="20"/>');
    expect(xml).toContain('from pod monitoring/other reach pod data/db port metrics expect deny by policy');
    expect(xml).not.toContain('sandbox');
    const json = join(out, 'grade.json');
    expect((await real(['grade', `${lab}/exercise.netscn`, `${lab}/solution`, '--reporter', 'json', '--output', json])).stdout).toBe('');
    expect(JSON.parse(readFileSync(json, 'utf8'))).toMatchObject({ score: 20, maxScore: 20 });
  });
});

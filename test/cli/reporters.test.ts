import { describe, expect, it } from 'vitest';
import { formatJson } from '../../src/report/json.js';
import { formatJunit, xmlEscape } from '../../src/report/junit.js';
import { formatPretty } from '../../src/report/pretty.js';
import { formatFlow } from '../../src/report/trace.js';
import { allowTo, dropped } from '../run/fixtures.js';
import { sampleReport } from './report-fixtures.js';

describe('pretty reporter', () => {
  const out = formatPretty(sampleReport(), { color: false });
  it('ends with summary lines in the fixed shape', () => {
    expect(out).toMatch(/^Files: 0 passed, 2 failed$/m);
    expect(out).toMatch(/^Assertions: 1 passed, 2 failed$/m);
    expect(out).toMatch(/^Time: 12ms$/m);
  });
  it('marks each assertion, groups by step, and locates failures with a code frame and trace', () => {
    expect(out).toContain('✓ from pod client reach svc web expect allow');
    expect(out).toContain('✗ from pod client reach svc db expect allow');
    expect(out).toContain('step "x"');
    expect(out).toContain('demo.netscn:3:1');
    expect(out).toMatch(/3 \| from pod client reach svc db expect allow/);
    expect(out).toContain('[security-group @ n2] no ingress rule matches tcp/30080');
  });
  it('shows the diagnostics of a file that does not check', () => {
    expect(out).toContain('error[NS1001]: unknown pod `clinet`');
    expect(out).toContain('bad.netscn:2:10');
  });
  it('has no escape codes without colour', () => {
    expect(out).not.toMatch(/\u001b\[/);
  });
});

describe('json reporter', () => {
  const json = JSON.parse(formatJson(sampleReport()));
  it('follows schema version 1', () => {
    expect(json.version).toBe(1);
    expect(json.summary.assertions).toEqual({ passed: 1, failed: 2, total: 3 });
    expect(json.summary.files).toEqual({ passed: 0, failed: 2, errors: 1, total: 2 });
    expect(json.files.map((f: { status: string }) => f.status)).toEqual(['error', 'failed']);
    const failing = json.files[1].steps[0].assertions[1];
    expect(Object.keys(failing).sort()).toEqual(['changes', 'counterexample', 'dns', 'flows', 'kind', 'location', 'message', 'problems', 'status', 'table', 'text']);
    expect(failing.location).toEqual({ file: 'demo.netscn', line: 3, column: 1, endLine: 3, endColumn: 42 });
    expect(failing.counterexample.outcome).toBe('timeout');
    expect(json.files[1].steps[1].title).toBe('x');
    expect(json.files[0].diagnostics[0].code).toBe('NS1001');
  });
});

describe('junit reporter', () => {
  const xml = formatJunit(sampleReport());
  it('is well-formed: balanced elements, escaped text, one testsuite per file', () => {
    const body = xml.replace(/^<\?xml[^>]*\?>\n/, '');
    const stack: string[] = [];
    for (const m of body.matchAll(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z]+="[^"<]*")*)\s*(\/?)>/g)) {
      if (m[4]) continue;
      if (m[1]) expect(stack.pop()).toBe(m[2]);
      else stack.push(m[2]!);
    }
    expect(stack).toEqual([]);
    const text = body.replace(/<(\/?)([a-zA-Z]+)((?:\s+[a-zA-Z]+="[^"<]*")*)\s*(\/?)>/g, '');
    expect(text).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|apos);)/);
    expect(xml.match(/<testsuite /g)).toHaveLength(2);
  });
  it('counts tests and failures, and puts message and trace in <failure>', () => {
    expect(xml).toMatch(/<testsuites name="netscn" tests="4" failures="2" errors="1"/);
    expect(xml).toContain('<failure message="expected allow, got timeout (security-group)"');
    expect(xml).toContain('[security-group @ n2]');
    expect(xml).toContain('classname="demo.netscn › x"');
    expect(xml).toMatch(/<error message="unknown pod `clinet`" type="NS1001">/);
  });
  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlEscape('a<b>&"c\'\u0001d')).toBe('a&lt;b&gt;&amp;&quot;c&apos;d');
  });
});

describe('formatFlow', () => {
  it('numbers hops with stage and node, shows rewrites, packet, rule and verdict', () => {
    const text = formatFlow(allowTo('web-1', { branch: 'endpoint default/web-1' }), { color: false });
    expect(text.split('\n')).toEqual([
      'path: endpoint default/web-1',
      '1. [kube-proxy @ n1] DNAT to endpoint default/web-1',
      '   DNAT 10.96.0.10:80 → 10.244.1.5:8080',
      '   packet 10.244.0.3 → 10.244.1.5:8080 TCP',
      '   rule: KUBE-SVC-ABC (iptables)',
      '2. [delivery @ n2] delivered to default/web-1',
      '⇒ allow: delivered to pod default/web-1 at 10.244.1.5:8080; source 10.244.0.3 preserved',
    ]);
  });
  it('names the setting and cause of a drop', () => {
    const text = formatFlow(dropped('timeout', 'security-group'), { color: false });
    expect(text).toContain('setting: sg default deny');
    expect(text.split('\n').at(-1)).toBe('⇒ timeout cause: security-group');
  });
});

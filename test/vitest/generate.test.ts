import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { generateModule } from '../../src/vitest/generate.js';
import { decodeLineMappings, vlq } from '../../src/vitest/source-map.js';
import { reach, scenario, span, step } from '../run/fixtures.js';

const SOURCE = 'scenario "demo"\n\nfrom pod a reach svc web expect allow\nstep "s" {\n    from pod a reach svc db expect deny\n}\n';

function generate(checked: Parameters<typeof generateModule>[0]['checked'], source = SOURCE) {
  return generateModule({ source, path: '/p/demo.netscn', displayPath: 'demo.netscn', runtime: 'netscn/runtime', checked });
}

/** Runs generated code with recording stand-ins for vitest and the runtime. */
function execute(code: string) {
  const calls: string[] = [];
  const body = code.replace(/^import .*$/gm, '');
  const describe = (name: string, fn: () => void) => {
    calls.push(`describe ${name}`);
    fn();
    calls.push('end');
  };
  const it = (name: string, fn: unknown) => calls.push(`it ${name} ${typeof fn}`);
  const scenarioModule = (...args: string[]) => {
    calls.push(`module ${args.length}`);
    return { check: () => undefined, diagnostic: () => undefined };
  };
  new Function('describe', 'it', 'scenarioModule', body)(describe, it, scenarioModule);
  return calls;
}

const ok = scenario([
  step([reach('from pod a reach svc web expect allow', 3, { outcome: 'allow' })]),
  step([reach('from pod a reach svc db expect deny', 5, { outcome: 'deny' })], 's', 4),
], 'demo');

describe('generated module', () => {
  it('imports vitest and the runtime, then one describe per file and step and one it per assertion', () => {
    const { code } = generate({ scenario: ok, diagnostics: [] });
    const lines = code.split('\n');
    expect(lines[0]).toBe('import { describe, it } from "vitest";');
    expect(lines[1]).toBe('import { scenarioModule } from "netscn/runtime";');
    expect(execute(code)).toEqual([
      'module 3',
      'describe demo',
      'it from pod a reach svc web expect allow function',
      'describe s',
      'it from pod a reach svc db expect deny function',
      'end',
      'end',
    ]);
  });

  it('maps each it( line to its assertion’s line and column', () => {
    const { code, map } = generate({ scenario: ok, diagnostics: [] });
    const decoded = decodeLineMappings(map.mappings);
    const lines = code.split('\n');
    const itLines = lines.flatMap((l, i) => (l.startsWith('it(') ? [i] : []));
    expect(itLines.map((i) => decoded.get(i))).toEqual([[3, 1], [5, 1]]);
    expect(map.sources).toEqual(['/p/demo.netscn']);
    expect(map.sourcesContent).toEqual([SOURCE]);
  });

  it('turns a file with errors into one failing test per error, at the error’s line', () => {
    const d: Diagnostic = { code: 'NS0001', severity: 'error', message: 'expected `expect`', span: span(5, 27) };
    const w: Diagnostic = { code: 'NS5000', severity: 'warning', message: 'unused pod', span: span(2) };
    const { code, map } = generate({ diagnostics: [w, d] });
    expect(execute(code)).toEqual(['module 3', 'describe demo.netscn', 'it error[NS0001]: expected `expect` function', 'end']);
    expect(code).toContain('netscn.diagnostic(1)');
    const line = code.split('\n').findIndex((l) => l.startsWith('it('));
    expect(decodeLineMappings(map.mappings).get(line)).toEqual([5, 27]);
  });

  it('keeps hostile scenario text inert: it only appears as string data', () => {
    const evil = '"); globalThis.__pwned = 1; ("\u2028`${globalThis.__pwned = 2}`</script>\\';
    const hostile = scenario([step([reach(evil, 3, { outcome: 'allow' })], `*/ ${evil}`, 2)], evil);
    const source = `scenario "${evil}"\n${evil}\n`;
    const { code } = generate({ scenario: hostile, diagnostics: [] }, source);
    const calls = execute(code);
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
    expect(calls).toContain(`describe ${evil}`);
    expect(calls).toContain(`describe */ ${evil}`);
    expect(calls).toContain(`it ${evil} function`);
    expect(code.split('\n')).toHaveLength(9);
    expect(code).not.toMatch(/[\u2028\u2029]/);
  });
});

describe('vlq', () => {
  it('encodes the source map base64 VLQ', () => {
    expect([0, 1, -1, 15, 16, -16, 1000].map(vlq)).toEqual(['A', 'C', 'D', 'e', 'gB', 'hB', 'w+B']);
  });
});

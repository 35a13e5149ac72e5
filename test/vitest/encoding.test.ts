/** A `.netscn` file that is not UTF-8 fails under vitest with the located encoding error, plugin and runtime alike. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { netscn } from '../../src/vitest/plugin.js';
import { scenarioModule, ScenarioDiagnosticError } from '../../src/vitest/runtime.js';

describe('a scenario file that is not UTF-8', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netscn-enc-'));
  const path = join(dir, 'latin1.netscn');
  writeFileSync(path, Buffer.from('cluster c {\n  node n1 ip 192.168.0.11\n  namespace caf\u00e9\n}\n', 'latin1'));
  const plugin = netscn({ runtime: 'r' });
  plugin.configResolved?.({ root: dir });
  const loaded = plugin.load(path) ?? '';

  it('becomes one failing test named by the error', () => {
    expect(loaded).toContain('caf\uFFFD');
    const code = plugin.transform(loaded, path)?.code ?? '';
    expect(code).toContain('it("error[NS0105]: the file is not UTF-8 text", () => netscn.diagnostic(0));');
  });
  it('whose runtime throws the error at its byte', () => {
    const m = scenarioModule(loaded, 'latin1.netscn', path);
    let thrown: unknown;
    try {
      m.diagnostic(0);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ScenarioDiagnosticError);
    expect((thrown as ScenarioDiagnosticError).frame).toContain('--> latin1.netscn:3:16');
    expect((thrown as ScenarioDiagnosticError).frame).toContain('= expected: UTF-8');
  });
  it('while a UTF-8 file with a replacement character in it checks as written', () => {
    const ok = join(dir, 'ok.netscn');
    writeFileSync(ok, 'cluster c {\n  node n1 ip 192.168.0.11\n}\n# \uFFFD\n');
    expect(plugin.transform(readFileSync(ok, 'utf8'), ok)?.code).not.toContain('NS0105');
  });
});

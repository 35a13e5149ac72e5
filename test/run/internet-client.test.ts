/** `internet` connects from an address no example block covers, and `set internet-client` moves it. */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { runSource } from '../../src/host/run-source.js';

const scenario = (setting: string): string => `cluster c {
  node n1 ip 192.168.0.11 eip 198.18.0.11
${setting}  pod web-1 on n1 labels app=web ports http:8080
  service office type loadbalancer selector app=web port 80 -> http lb-ip 198.51.100.10 source-ranges 203.0.113.0/24
}
from internet reach svc office expect timeout by source-ranges
from internet reach ip 198.18.0.11 port 22 expect allow, source 198.19.0.10
`;

describe('the internet client', () => {
  it('is outside the office range of the README by default', () => {
    const run = runSource(scenario(''), '/virtual/i.netscn', { readFile: noFiles });
    expect(run.diagnostics).toEqual([]);
    expect(run.result?.steps[0]?.checks.map((c) => [c.check.text, c.passed, c.message])).toEqual([
      ['from internet reach svc office expect timeout by source-ranges', true, expect.any(String)],
      ['from internet reach ip 198.18.0.11 port 22 expect allow, source 198.19.0.10', true, expect.any(String)],
    ]);
  });
  it('moves with `set internet-client`', () => {
    const run = runSource(scenario('  set internet-client 203.0.113.9\n'), '/virtual/i.netscn', { readFile: noFiles });
    expect(run.result?.steps[0]?.checks.map((c) => c.passed)).toEqual([false, false]);
    expect(run.result?.steps[0]?.checks[0]?.message).toContain('got allow');
  });
  it('must be a public address', () => {
    const run = runSource(scenario('  set internet-client 10.1.2.3\n'), '/virtual/i.netscn', { readFile: noFiles });
    expect(run.diagnostics.map((d) => [d.code, d.expected])).toEqual([['NS2015', 'a public address: the internet has no route from private ones']]);
  });
});

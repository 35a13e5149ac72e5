/**
 * An assertion without `port` to a destination that declares none connects on the unspecified
 * port (0 inside the engine): every reporter says so in words, never `TCP 0` or `:0`.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { formatJunit } from '../../src/report/junit.js';
import { flowsMermaid } from '../../src/report/mermaid.js';
import { formatPretty } from '../../src/report/pretty.js';
import { formatEvidence } from '../../src/report/explain.js';
import { runSource } from '../../src/host/run-source.js';

const SCENARIO = `cluster c {
  node n1 ip 192.168.0.11
  pod a on n1
  pod b on n1
  network-policy no-egress in default {
    select all
    deny egress
  }
}
from pod a reach pod b expect allow
`;

describe('the unspecified port', () => {
  const run = runSource(SCENARIO, '/virtual/p.netscn', { readFile: noFiles });
  const check = run.result?.steps[0]?.checks[0];
  const texts = {
    pretty: formatPretty({ files: [{ ...run, durationMs: 0 }], durationMs: 0 }, { color: false }),
    explain: check ? formatEvidence(check, { color: false, all: true }) : '',
    junit: formatJunit({ files: [{ ...run, durationMs: 0 }], durationMs: 0 }),
    mermaid: check ? flowsMermaid(check.flows) : '',
  };
  it.each(Object.keys(texts) as (keyof typeof texts)[])('%s says `unspecified port`, never port 0', (name) => {
    expect(check?.passed).toBe(false);
    const text = texts[name];
    expect(text).not.toMatch(/TCP 0\b|:0\b/);
    if (name !== 'mermaid') expect(text).toContain('TCP (unspecified port)');
  });
  it('the policy hop names it', () => {
    expect(check?.flows[0]?.hops.map((h) => h.text)).toContainEqual(
      'pod default/a isolated for egress by default/no-egress; no rule matched destination 10.244.0.7 (pod default/b) on TCP (unspecified port)',
    );
  });
});

/**
 * A report's evidence is bounded: a failure without one counterexample (every path succeeds
 * where some should fail) shows the first SHOWN_PATHS paths and counts the rest; `netscn
 * explain` (all) prints every one. A summarised path says what it stands for.
 */
import { describe, expect, it } from 'vitest';
import { noFiles } from '../../src/check/file-read.js';
import { formatEvidence, SHOWN_PATHS } from '../../src/report/explain.js';
import { runSource } from '../../src/host/run-source.js';

function cluster(pods: number, extra = ''): string {
  let s = 'cluster c {\n  node n1 ip 192.168.0.11\n  node n2 ip 192.168.0.12\n  node n3 ip 192.168.0.13\n' + extra;
  for (let i = 0; i < pods; i++) s += `  pod web-${i} on n${(i % 3) + 1} labels app=web ports 8080\n`;
  return s + '  service web type nodeport selector app=web port 80 -> 8080\n}\n';
}

describe('evidence in reports', () => {
  it('shows the first paths of a failure without a counterexample and counts the rest', () => {
    const run = runSource(cluster(12) + 'from node n1 reach svc web via nodeport expect intermittent\n', '/virtual/e.netscn', { readFile: noFiles });
    const r = run.result?.steps[0]?.checks[0];
    expect(r?.passed).toBe(false);
    expect(r?.flows.length).toBe(36);
    const shown = formatEvidence(r!, { color: false });
    expect(shown.match(/^path \d+ of 36/gm)?.length).toBe(SHOWN_PATHS);
    expect(shown).toContain(`… ${36 - SHOWN_PATHS} more paths not shown (\`netscn explain FILE:LINE\` prints every one)`);
    const all = formatEvidence(r!, { color: false, all: true });
    expect(all.match(/^path \d+ of 36/gm)?.length).toBe(36);
    expect(all).not.toContain('more paths not shown');
  });
  it('says what a summarised path stands for', () => {
    const run = runSource(cluster(12, '  set summarise-above 0\n') + 'from node n1 reach svc web via nodeport expect allow\n', '/virtual/e.netscn', { readFile: noFiles });
    const r = run.result?.steps[0]?.checks[0];
    expect(r?.passed).toBe(true);
    expect(r?.message).toContain('all 36 paths');
    const all = formatEvidence(r!, { color: false, all: true });
    expect(all).toMatch(/alike: this path stands for \d+ paths that differ only in equivalent nodes or endpoints \(/);
  });
});

/**
 * Golden traces (issue 17, step 1): the trace of every assertion of every lesson in scenarios/,
 * as `netscn explain` prints it, kept in test/corpus/traces/<lesson>.trace. A change to any
 * packet-path stage shows here as a diff. A missing file fails under CI=true; locally it is
 * written (review it before committing); UPDATE_GOLDEN=1 rewrites them all.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatDns, formatFlows } from '../../src/report/trace.js';
import { projectReader } from '../../src/host/project-files.js';
import { runFile } from '../../src/host/run-source.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const lessons = join(root, 'scenarios');
const goldens = join(root, 'test', 'corpus', 'traces');
const update = process.env['UPDATE_GOLDEN'] === '1';
const ci = process.env['CI'] === 'true';

function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? scenarioFiles(p) : n.endsWith('.netscn') ? [p] : [];
    });
}

function traces(path: string): string {
  const run = runFile(path, { readFile: projectReader(path) });
  if (!run.result) return `does not check:\n${run.diagnostics.map((d) => d.message).join('\n')}\n`;
  const out: string[] = [];
  for (const step of run.result.steps) {
    for (const c of step.checks) {
      out.push(`### ${step.title ?? '(cluster)'} :: ${c.check.text}`);
      out.push(`${c.passed ? 'passed' : 'FAILED'}: ${c.message}`);
      if (c.dns) out.push(formatDns(c.dns, { color: false }));
      else if (c.flows.length > 0) out.push(formatFlows(c.flows, { color: false }));
      out.push('');
    }
  }
  return `${out.join('\n')}\n`;
}

describe('golden traces of the lessons', () => {
  for (const path of scenarioFiles(lessons)) {
    const rel = relative(lessons, path);
    it(rel, () => {
      const text = traces(path);
      const golden = join(goldens, rel.replace(/\.netscn$/, '.trace'));
      if (!existsSync(golden) && ci) expect.fail(`${golden} is missing: write it with UPDATE_GOLDEN=1, read it and commit it`);
      if (update || !existsSync(golden)) {
        mkdirSync(dirname(golden), { recursive: true });
        writeFileSync(golden, text);
      }
      expect(text).toBe(readFileSync(golden, 'utf8'));
    });
  }
});

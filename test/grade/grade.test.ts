/** Grading exercises: the starter course's reference solutions, feedback, hidden checks, untrusted submissions. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_SUBMISSION_FILE, submissionReader } from '../../src/cli/grade.js';
import { gradeExercise } from '../../src/grade/grade.js';
import { findProjectRoot, projectReader } from '../../src/run/project-files.js';

const COURSE = fileURLToPath(new URL('../../scenarios/course/', import.meta.url));
const LABS = [
  '01-pod-network',
  '02-clusterip-and-dns',
  '03-nodeport-and-security-groups',
  '04-loadbalancer-and-source-address',
  '05-ingress',
  '06-network-policy',
  '07-edge-node-pools',
];

function grade(lab: string, folder?: 'start' | 'solution' | string) {
  const file = join(COURSE, lab, 'exercise.netscn');
  const root = findProjectRoot(file);
  return gradeExercise({
    exerciseText: readFileSync(file, 'utf8'),
    exerciseFile: file,
    readFile: projectReader(file, root),
    ...(folder !== undefined ? { learnerFile: submissionReader(folder.includes('/') ? folder : join(COURSE, lab, folder)) } : {}),
  });
}

describe('the starter course', () => {
  it.each(LABS)('%s: the reference solution scores full marks, handed in or not', (lab) => {
    for (const g of [grade(lab), grade(lab, 'solution')]) {
      expect(g.error).toBeUndefined();
      expect(g.problems).toEqual([]);
      expect(g.maxScore).toBeGreaterThan(0);
      expect(g.score).toBe(g.maxScore);
    }
  });

  it.each(LABS)('%s: the broken starting point does not', (lab) => {
    const g = grade(lab, 'start');
    expect(g.score).toBeLessThan(g.maxScore);
    expect(g.tasks.some((t) => !t.passed)).toBe(true);
  });
});

describe('feedback', () => {
  it('explains failed visible checks with the trace, and only counts failed hidden ones', () => {
    const g = grade('06-network-policy', 'start');
    const task = g.tasks.find((t) => t.title === 'Nobody else gets in')!;
    expect(task.score).toBe(0);
    const visible = task.checks.find((c) => c.visible && !c.passed)!;
    expect(visible.text).toBe('from pod monitoring/other reach pod data/db port metrics expect deny by policy');
    expect(visible.message).toBe('expected deny by policy, got allow → data/db');
    expect(visible.explanation?.some((e) => e.includes('NetworkPolicy data/db-ingress ingress rule #2'))).toBe(true);
    // Hidden checks carry no text, message or trace, anywhere in the JSON.
    for (const c of task.checks.filter((x) => !x.visible)) expect(Object.keys(c).sort()).toEqual(['passed', 'visible']);
    expect(JSON.stringify(g)).not.toContain('sandbox/guest');
  });

  it('is deterministic', () => {
    expect(JSON.stringify(grade('02-clusterip-and-dns', 'start'))).toBe(JSON.stringify(grade('02-clusterip-and-dns', 'start')));
  });

  it('scores nothing, and says why, when the submission lacks a file or does not check', () => {
    const empty = mkdtempSync(join(tmpdir(), 'netscn-grade-'));
    const g = grade('02-clusterip-and-dns', empty);
    expect(g.score).toBe(0);
    expect(g.problems.map((p) => p.message)).toEqual(['the submission has no file `service.yaml`']);
    writeFileSync(join(empty, 'service.yaml'), 'apiVersion: v1\nkind: Service\nmetadata: {name: Web_1}\n');
    const bad = grade('02-clusterip-and-dns', empty);
    expect(bad.score).toBe(0);
    expect(bad.problems[0]).toMatchObject({ file: 'service.yaml', severity: 'error' });
  });
});

describe('untrusted submissions', () => {
  it('read only regular files inside the folder, up to the size bound', () => {
    const base = mkdtempSync(join(tmpdir(), 'netscn-sub-'));
    const folder = join(base, 'answer');
    mkdirSync(folder);
    writeFileSync(join(base, 'secret.yaml'), 'secret');
    writeFileSync(join(folder, 'ok.yaml'), 'fine');
    writeFileSync(join(folder, 'big.yaml'), 'x'.repeat(MAX_SUBMISSION_FILE + 1));
    symlinkSync(join(base, 'secret.yaml'), join(folder, 'link.yaml'));
    const read = submissionReader(folder);
    expect(new TextDecoder().decode(read('ok.yaml'))).toBe('fine');
    expect(read('../secret.yaml')).toBeUndefined();
    expect(read(join(base, 'secret.yaml'))).toBeUndefined();
    expect(read('link.yaml')).toBeUndefined();
    expect(read('big.yaml')).toBeUndefined();
    expect(read('.')).toBeUndefined();
  });
});

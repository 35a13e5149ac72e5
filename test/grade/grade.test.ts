/** Grading exercises: the starter course's reference solutions, feedback, hidden checks, untrusted submissions. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MAX_SUBMISSION_FILE, submissionReader } from '../../src/cli/grade.js';
import { gradeExercise } from '../../src/grade/grade.js';
import { findProjectRoot, projectReader } from '../../src/host/project-files.js';
import { boundFolder, variantBindings } from '../helpers/course-variant.js';

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

/** The lab graded as its default variant; `start` and `solution` handed in with that variant's values (the lab's own files may use its parameters). */
function grade(lab: string, folder?: 'start' | 'solution' | string) {
  const file = join(COURSE, lab, 'exercise.netscn');
  const root = findProjectRoot(file);
  const own = folder !== undefined && !folder.includes('/');
  return gradeExercise({
    exerciseText: readFileSync(file, 'utf8'),
    exerciseFile: file,
    readFile: projectReader(file, root),
    ...(folder !== undefined ? { learnerFile: own ? boundFolder(join(COURSE, lab, folder), variantBindings(file, '0')) : submissionReader(folder) } : {}),
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
  it('read only regular files inside the folder, up to the size bound, and say why not', () => {
    const base = mkdtempSync(join(tmpdir(), 'netscn-sub-'));
    const folder = join(base, 'answer');
    mkdirSync(folder);
    writeFileSync(join(base, 'secret.yaml'), 'secret');
    writeFileSync(join(folder, 'ok.yaml'), 'fine');
    writeFileSync(join(folder, 'big.yaml'), 'x'.repeat(MAX_SUBMISSION_FILE + 1));
    writeFileSync(join(folder, 'edge.yaml'), 'x'.repeat(MAX_SUBMISSION_FILE));
    symlinkSync(join(base, 'secret.yaml'), join(folder, 'link.yaml'));
    const read = submissionReader(folder);
    expect(read('ok.yaml')).toEqual({ kind: 'text', text: 'fine' });
    expect(read('edge.yaml')).toMatchObject({ kind: 'text' });
    expect(read('../secret.yaml')).toEqual({ kind: 'outside' });
    expect(read(join(base, 'secret.yaml'))).toEqual({ kind: 'outside' });
    expect(read('link.yaml')).toEqual({ kind: 'outside' });
    expect(read('big.yaml')).toEqual({ kind: 'too-large', size: MAX_SUBMISSION_FILE + 1, limit: MAX_SUBMISSION_FILE });
    expect(read('.')).toEqual({ kind: 'not-a-file' });
    expect(read('none.yaml')).toEqual({ kind: 'missing' });
  });
});

describe('a submission that cannot be graded', () => {
  const lab = '06-network-policy';
  const folder = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), 'netscn-bad-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const reasons = (g: ReturnType<typeof grade>) => g.tasks.map((t) => t.reason);

  it('keeps the exercise\'s maximum and fails every task with the reason when the file is missing', () => {
    const g = grade(lab, folder({}));
    expect(g.error).toBeUndefined();
    expect([g.score, g.maxScore]).toEqual([0, 20]);
    expect(g.tasks.map((t) => [t.title, t.points, t.score, t.passed])).toEqual([
      ['The agent scrapes the metrics port', 10, 0, false],
      ['Nobody else gets in', 10, 0, false],
    ]);
    expect(reasons(g)).toEqual(Array(2).fill('not graded: the submission has no file `policy.yaml`'));
    expect(g.problems).toEqual([{ file: 'policy.yaml', severity: 'error', message: 'the submission has no file `policy.yaml`' }]);
  });

  it('names the size limit for an oversized file', () => {
    const g = grade(lab, folder({ 'policy.yaml': `# ${'x'.repeat(300 * 1024)}\n` }));
    expect([g.score, g.maxScore]).toEqual([0, 20]);
    expect(g.problems[0]?.message).toBe('`policy.yaml` is 300 KiB, over the size limit of 256 KiB per file; it is not read');
    expect(reasons(g)[0]).toContain('over the size limit of 256 KiB');
  });

  it('shows the YAML error of an invalid file and scores out of the full maximum', () => {
    const g = grade(lab, folder({ 'policy.yaml': 'kind: [\n' }));
    expect([g.score, g.maxScore]).toEqual([0, 20]);
    expect(g.problems[0]).toMatchObject({ file: 'policy.yaml', line: 2, severity: 'error' });
    expect(reasons(g)).toEqual(Array(2).fill('not graded: the submission does not check (1 error above)'));
  });

  it('reports an object the exercise declares, redefined by the learner, at the learner\'s line', () => {
    const solution = readFileSync(join(COURSE, lab, 'solution', 'policy.yaml'), 'utf8');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: db, namespace: data, labels: {app: db}}\nspec: {containers: [{name: c}]}\n';
    const line = solution.split('\n').length + 3; // the metadata line: after the solution, `---`, apiVersion and kind
    const g = grade(lab, folder({ 'policy.yaml': `${solution}---\n${pod}` }));
    expect([g.score, g.maxScore]).toEqual([0, 20]);
    const exercise = join(COURSE, lab, 'exercise.netscn');
    expect(g.problems).toEqual([
      { file: 'policy.yaml', line, column: 18, severity: 'error', message: `policy.yaml redefines pod data/db, which the exercise declares (${exercise}:11:3); hand in only the objects the task asks for` },
    ]);
    expect(g.tasks.every((t) => !t.passed && t.reason !== undefined)).toBe(true);
  });

  it('reports the redefinition at the learner\'s line also when the exercise declares the object after the load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netscn-order-'));
    writeFileSync(join(dir, 'package.json'), '{}');
    mkdirSync(join(dir, 'solution'));
    writeFileSync(join(dir, 'solution', 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n');
    const exercise = join(dir, 'exercise.netscn');
    const text = [
      'cluster lab {',
      '  node n1 ip 192.168.0.11',
      '  load "solution/ns.yaml" learner "ns.yaml"',
      '  pod web in shop on n1 labels app=web ports 80',
      '}',
      'task "web answers" points 5 {',
      '  from pod shop/web reach pod shop/web port 80 expect allow',
      '}',
      '',
    ].join('\n');
    writeFileSync(exercise, text);
    const answer = join(dir, 'answer');
    mkdirSync(answer);
    writeFileSync(join(answer, 'ns.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop}\nspec: {nodeName: n1, containers: [{name: c}]}\n');
    const input = { exerciseText: text, exerciseFile: exercise, readFile: projectReader(exercise, dir) };
    expect(gradeExercise(input)).toMatchObject({ score: 5, maxScore: 5 });
    const g = gradeExercise({ ...input, learnerFile: submissionReader(answer) });
    expect([g.score, g.maxScore]).toEqual([0, 5]);
    expect(g.problems).toEqual([
      { file: 'ns.yaml', line: 7, column: 18, severity: 'error', message: `ns.yaml redefines pod shop/web, which the exercise declares (${exercise}:4:3); hand in only the objects the task asks for` },
    ]);
  });

  it('still blames the exercise, not the learner, when the exercise itself does not check', () => {
    const text = readFileSync(join(COURSE, lab, 'exercise.netscn'), 'utf8').replace('on n1 labels app=db', 'on n9 labels app=db');
    const file = join(COURSE, lab, 'exercise.netscn');
    const g = gradeExercise({ exerciseText: text, exerciseFile: file, readFile: projectReader(file), learnerFile: submissionReader(join(COURSE, lab, 'solution')) });
    expect(g.error).toMatch(/^the exercise does not check: .*exercise\.netscn:11:\d+: unknown node `n9`/);
  });
});

/**
 * Exams (src/grade/exam-file.ts, exam.ts, src/cli/grade-exam.ts): the course's exam graded for a
 * candidate and for a class through the command line, reproducibly, with the candidate's own
 * seed; exam files read strictly; submissions confined to the candidate's folder.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CliIO } from '../../src/cli/io.js';
import { parseExam } from '../../src/grade/exam-file.js';
import { bindText } from '../../src/check/params/template.js';
import { candidateSeed } from '../../src/check/params/variant.js';
import { variantBindings } from '../helpers/course-variant.js';
import type { ExamResult } from '../../src/grade/exam.js';

const COURSE = fileURLToPath(new URL('../../scenarios/course/', import.meta.url));
const EXAM = join(COURSE, 'exam.yaml');
const LABS = { 'pod-network': '01-pod-network', 'clusterip-and-dns': '02-clusterip-and-dns', nodeport: '03-nodeport-and-security-groups' } as const;
const SALT = 'course-salt';

const work = mkdtempSync(join(tmpdir(), 'netscn-exam-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * A candidate folder: per exercise folder, the lab's `solution` or `start` files as candidate
 * `id` hands them in — bound to id's own variant (what `netscn variant --candidate id --bind`
 * prints), unless `variantOf` names another candidate whose answers are copied.
 */
function candidate(dir: string, id: string, pick: Partial<Record<keyof typeof LABS, 'solution' | 'start'>>, variantOf = id): string {
  mkdirSync(dir, { recursive: true });
  for (const [folder, from] of Object.entries(pick)) {
    const lab = join(COURSE, LABS[folder as keyof typeof LABS]);
    const bindings = variantBindings(join(lab, 'exercise.netscn'), candidateSeed(SALT, variantOf));
    mkdirSync(join(dir, folder), { recursive: true });
    for (const name of readdirSync(join(lab, from))) writeFileSync(join(dir, folder, name), bindText(readFileSync(join(lab, from, name), 'utf8'), bindings).text);
  }
  return dir;
}

async function cli(argv: string[], env: Record<string, string> = { NETSCN_EXAM_SALT: SALT }) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), cwd: work, env, isTTY: false, now: () => 0 };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

describe('grading an exam', () => {
  const alice = candidate(join(work, 'class', 'alice'), 'alice', { 'pod-network': 'solution', 'clusterip-and-dns': 'solution', nodeport: 'solution' });
  const bob = candidate(join(work, 'class', 'bob'), 'bob', { 'pod-network': 'solution', 'clusterip-and-dns': 'start', nodeport: 'start' });
  candidate(join(work, 'class', 'carol'), 'carol', { 'pod-network': 'solution', 'clusterip-and-dns': 'solution' });

  it('scores a candidate per exercise, scaled to the exam\'s points, against the pass mark', async () => {
    const r = await cli(['grade', EXAM, alice, '--candidate', 'alice', '-r', 'json']);
    expect(r.stderr).toBe('');
    const result = JSON.parse(r.stdout) as ExamResult;
    expect(result.exercises.map((e) => [e.folder, e.score, e.points])).toEqual([
      ['pod-network', 30, 30],
      ['clusterip-and-dns', 30, 30],
      ['nodeport', 40, 40],
    ]);
    expect(result).toMatchObject({ score: 100, maxScore: 100, percent: 100, passed: true, candidate: 'alice' });
    expect(result.exam).toEqual({ title: 'Kubernetes networking, practical', file: EXAM, timeLimitMinutes: 90, passMark: 60 });
    expect(result.integrity.seed).toBe(candidateSeed(SALT, 'alice'));
    // Graded against her own variant, as `netscn variant --candidate alice` prints it.
    expect(result.exercises.map((e) => e.grade.variant?.seed)).toEqual([result.integrity.seed, result.integrity.seed, result.integrity.seed]);
    expect(r.code).toBe(0);

    const b = await cli(['grade', EXAM, bob, '--candidate', 'bob', '-r', 'json']);
    const bobs = JSON.parse(b.stdout) as ExamResult;
    expect(bobs.exercises[0]!.score).toBe(30);
    expect(bobs.exercises[1]!.score).toBeLessThan(30);
    expect(bobs.passed).toBe(false);
    expect(b.code).toBe(1);
  });

  it('is reproducible: the same files and salt give the same digest; a changed answer or salt does not', async () => {
    const once = JSON.parse((await cli(['grade', EXAM, alice, '--candidate', 'alice', '-r', 'json'])).stdout) as ExamResult;
    const again = JSON.parse((await cli(['grade', EXAM, alice, '--candidate', 'alice', '-r', 'json'])).stdout) as ExamResult;
    expect(again.integrity).toEqual(once.integrity);
    expect(once.integrity.submission.map((s) => s.files.map((f) => f.file))).toEqual([['pod-network/pod.yaml'], ['clusterip-and-dns/service.yaml'], ['nodeport/service.yaml']]);
    const salted = JSON.parse((await cli(['grade', EXAM, alice, '--candidate', 'alice', '-r', 'json'], { NETSCN_EXAM_SALT: 'other' })).stdout) as ExamResult;
    expect(salted.integrity.seed).not.toBe(once.integrity.seed);
    expect(salted.integrity.digest).not.toBe(once.integrity.digest);
    const edited = candidate(join(work, 'alice-edited'), 'alice', { 'pod-network': 'solution', 'clusterip-and-dns': 'solution', nodeport: 'solution' });
    writeFileSync(join(edited, 'nodeport', 'service.yaml'), `${readFileSync(join(edited, 'nodeport', 'service.yaml'), 'utf8')}\n# edited\n`);
    const changed = JSON.parse((await cli(['grade', EXAM, edited, '--candidate', 'alice', '-r', 'json'])).stdout) as ExamResult;
    expect(changed.score).toBe(100);
    expect(changed.integrity.digest).not.toBe(once.integrity.digest);
    // The salt is the author's secret: no report holds it.
    expect(JSON.stringify(once)).not.toContain(SALT);
  });

  it('grades each candidate against their own variant: answers copied from another candidate do not score', async () => {
    const mallory = candidate(join(work, 'mallory'), 'mallory', { 'pod-network': 'solution', 'clusterip-and-dns': 'solution', nodeport: 'solution' }, 'alice');
    const json = JSON.parse((await cli(['grade', EXAM, mallory, '--candidate', 'mallory', '-r', 'json'])).stdout) as ExamResult;
    const differs = Object.entries(LABS).map(([, lab]) => {
      const file = join(COURSE, lab, 'exercise.netscn');
      return JSON.stringify(variantBindings(file, candidateSeed(SALT, 'alice'))) !== JSON.stringify(variantBindings(file, candidateSeed(SALT, 'mallory')));
    });
    expect(differs.some((d) => d)).toBe(true);
    json.exercises.forEach((e, i) => {
      if (differs[i]) expect(e.score).toBeLessThan(e.points);
    });
  });

  it('grades a class: a JSON line per candidate in folder order, and a CSV', async () => {
    const r = await cli(['grade', EXAM, join(work, 'class'), '--class', '-r', 'json', '-o', 'results.jsonl', '--csv', 'results.csv']);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(work, 'results.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as ExamResult);
    expect(lines.map((l) => [l.candidate, l.score, l.passed])).toEqual([
      ['alice', 100, true],
      ['bob', lines[1]!.score, false],
      ['carol', 60, true],
    ]);
    // Carol handed in nothing for the third exercise: it is graded, with the reason.
    expect(lines[2]!.exercises[2]!.grade.tasks.every((t) => t.reason?.includes('the submission has no file `service.yaml`'))).toBe(true);
    const csv = readFileSync(join(work, 'results.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0]).toBe('candidate,pod-network,clusterip-and-dns,nodeport,total,max,percent,passed,digest');
    expect(csv[1]).toBe(`alice,30,30,40,100,100,100,true,${lines[0]!.integrity.digest}`);
    expect(csv).toHaveLength(4);
  });

  it('keeps hidden checks hidden and shows no other candidate\'s variant', async () => {
    const r = await cli(['grade', EXAM, bob, '--candidate', 'bob']);
    expect(r.stdout).toMatch(/^Kubernetes networking, practical — bob: [\d.]+\/100 \([\d.]+%\), not passed \(pass mark 60%\)/);
    expect(r.stdout).toMatch(/hidden checks? failed/);
    const json = JSON.parse((await cli(['grade', EXAM, bob, '--candidate', 'bob', '-r', 'json'])).stdout) as ExamResult;
    for (const e of json.exercises) for (const t of e.grade.tasks) for (const c of t.checks) if (!c.visible) expect(Object.keys(c).sort()).toEqual(['passed', 'visible']);
    expect(JSON.stringify(json)).not.toContain(candidateSeed(SALT, 'alice'));
  });

  it('reads only the candidate\'s own folder: a symlink to another candidate\'s answers is no folder', async () => {
    const eve = join(work, 'eve');
    mkdirSync(eve, { recursive: true });
    symlinkSync(join(alice, 'nodeport'), join(eve, 'nodeport'));
    const json = JSON.parse((await cli(['grade', EXAM, eve, '--candidate', 'eve', '-r', 'json'])).stdout) as ExamResult;
    expect(json.exercises[2]!.score).toBe(0);
    expect(json.integrity.submission[2]!.files).toEqual([]);
  });

  it('refuses a missing salt, a mix of modes and exam flags on an exercise, as usage errors', async () => {
    expect((await cli(['grade', EXAM, alice, '--candidate', 'alice'], {})).stderr).toContain('needs its secret salt');
    expect((await cli(['grade', EXAM, alice, '--candidate', 'alice', '--class'])).code).toBe(64);
    expect((await cli(['grade', join(COURSE, '01-pod-network', 'exercise.netscn'), alice, '--class'])).stderr).toContain('give an exam file');
    expect((await cli(['grade', EXAM, alice, '--seed', '7'])).stderr).toContain('--seed and --set grade one exercise');
    expect((await cli(['grade', EXAM, alice, '--candidate', 'alice', '--csv', 'x.csv'])).stderr).toContain('goes with --class');
  });
});

describe('exam files', () => {
  const parse = (text: string) => parseExam(text, 'exam.yaml');

  it('reads the course exam', () => {
    const { exam, diagnostics } = parse(readFileSync(EXAM, 'utf8'));
    expect(diagnostics).toEqual([]);
    expect(exam?.exercises.map((e) => [e.exercise, e.points, e.folder])).toEqual([
      ['01-pod-network/exercise.netscn', 30, 'pod-network'],
      ['02-clusterip-and-dns/exercise.netscn', 30, 'clusterip-and-dns'],
      ['03-nodeport-and-security-groups/exercise.netscn', 40, 'nodeport'],
    ]);
  });

  it.each([
    ['an unknown field, with did-you-mean', 'title: T\nexercises:\n  - exercise: a/x.netscn\n    pionts: 3\n', 'unknown field `pionts`', 4, 5, 'did you mean `points`?'],
    ['points that are not a positive integer', 'title: T\nexercises:\n  - exercise: a/x.netscn\n    points: 2.5\n', '`points` is a positive integer', 4, 13, undefined],
    ['a pass mark over 100', 'title: T\npass-mark: 120%\nexercises:\n  - exercise: a/x.netscn\n    points: 3\n', '`pass-mark` is a percent', 2, 12, undefined],
    ['a bad time limit', 'title: T\ntime-limit: soon\nexercises:\n  - exercise: a/x.netscn\n    points: 3\n', '`time-limit` is minutes', 2, 13, undefined],
    ['no title', 'exercises:\n  - exercise: a/x.netscn\n    points: 3\n', 'the exam has no `title`', 1, 1, undefined],
    ['two exercises handing in from one folder', 'title: T\nexercises:\n  - exercise: a/x.netscn\n    points: 3\n  - exercise: a/y.netscn\n    points: 3\n', 'two exercises hand in from the folder `a`', 5, 15, 'give each entry its own `folder`'],
    ['an absolute exercise path', 'title: T\nexercises:\n  - exercise: /etc/x.netscn\n    points: 3\n', '`exercise` is the path of a .netscn file', 3, 15, undefined],
  ])('reports %s at its place', (_what, text, msg, line, column, help) => {
    const { exam, diagnostics } = parse(text);
    expect(exam).toBeUndefined();
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ code: 'NS0201', severity: 'error', span: { start: { line, column } } });
    expect(diagnostics[0]!.message).toContain(msg);
    if (help !== undefined) expect(diagnostics[0]!.help).toBe(help);
  });

  it('reports YAML syntax errors as such', () => {
    const { diagnostics } = parse('title: [\n');
    expect(diagnostics[0]?.code).toBe('NS0101');
  });

  it('prints the errors with a code frame and exits 2', async () => {
    writeFileSync(join(work, 'bad.yaml'), 'title: T\nexercises:\n  - exercise: a/x.netscn\n    pionts: 3\n');
    const r = await cli(['grade', 'bad.yaml', work, '--candidate', 'x']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml:4:5');
    expect(r.stderr).toContain('pionts: 3');
  });
});

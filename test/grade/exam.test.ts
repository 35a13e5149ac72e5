/**
 * Exams: the course's exam of the three parametrised labs, graded for a class of candidates in
 * one run (JSON lines and CSV), reproducibly, with digests of what was graded and nothing of the
 * hidden checks; the exam file's mistakes are said in words.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bindText } from '../../src/check/params/template.js';
import { candidateSeed } from '../../src/check/params/variant.js';
import { main, type CliIO } from '../../src/cli/main.js';
import { parseExam } from '../../src/grade/exam.js';
import { variantBindings } from '../helpers/course-variant.js';

const COURSE = fileURLToPath(new URL('../../scenarios/course/', import.meta.url));
const EXAM = join(COURSE, 'exam.json');
const SALT = 's3cret';
const LABS = ['01-pod-network', '02-clusterip-and-dns', '03-nodeport-and-security-groups'];

async function cli(args: readonly string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  const io: CliIO = { stdout: (s) => void (stdout += s), stderr: () => undefined, cwd: '/', env: { NETSCN_EXAM_SALT: SALT }, isTTY: false, now: () => 0 };
  return { code: await main(args, io), stdout };
}

/** A class: alice hands in every reference solution, bob the start files (lab 1's solution aside), each bound to their own variants. */
function classFolder(): string {
  const root = mkdtempSync(join(tmpdir(), 'netscn-class-'));
  for (const who of ['alice', 'bob']) {
    for (const lab of LABS) {
      const from = who === 'alice' || lab === '01-pod-network' ? 'solution' : 'start';
      const bindings = variantBindings(join(COURSE, lab, 'exercise.netscn'), candidateSeed(SALT, who));
      mkdirSync(join(root, who, lab), { recursive: true });
      for (const f of readdirSync(join(COURSE, lab, from))) writeFileSync(join(root, who, lab, f), bindText(readFileSync(join(COURSE, lab, from, f), 'utf8'), bindings).text);
    }
  }
  return root;
}

const sha = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

describe('an exam', () => {
  it('grades a class in one run: JSON lines, a CSV, pass or fail against the mark', async () => {
    const root = classFolder();
    const csv = join(root, 'results.csv');
    const r = await cli(['grade', EXAM, root, '--reporter', 'json', '--csv', csv]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as { candidate: string; score: number; maxScore: number; passed: boolean; exercises: { score: number }[] });
    expect(lines.map((l) => [l.candidate, l.score, l.maxScore, l.passed])).toEqual([['alice', 40, 40, true], ['bob', 15, 40, false]]);
    expect(readFileSync(csv, 'utf8')).toBe(
      'candidate,01-pod-network,02-clusterip-and-dns,03-nodeport-and-security-groups,total,max,passed\nalice,10,15,15,40,40,true\nbob,10,0,5,15,40,false\n',
    );
  });

  it('grades one candidate against their own variants, reproducibly, with digests of the exam, the exercises and the files', async () => {
    const root = classFolder();
    const once = await cli(['grade', EXAM, join(root, 'alice'), '--candidate', 'alice', '--reporter', 'json']);
    expect(once.code).toBe(0);
    expect((await cli(['grade', EXAM, join(root, 'alice'), '--candidate', 'alice', '--reporter', 'json'])).stdout).toBe(once.stdout);
    const result = JSON.parse(once.stdout) as { integrity: { exam: string; exercises: Record<string, string>; seeds: Record<string, string>; files: Record<string, string> } };
    expect(result.integrity.exam).toBe(sha(readFileSync(EXAM, 'utf8')));
    expect(result.integrity.exercises['02-clusterip-and-dns/exercise.netscn']).toBe(sha(readFileSync(join(COURSE, '02-clusterip-and-dns', 'exercise.netscn'), 'utf8')));
    expect(Object.values(result.integrity.seeds)).toEqual(Array(3).fill(candidateSeed(SALT, 'alice')));
    expect(result.integrity.files['02-clusterip-and-dns/service.yaml']).toBe(sha(readFileSync(join(root, 'alice', '02-clusterip-and-dns', 'service.yaml'), 'utf8')));
    // Hidden checks stay hidden: the hidden DNS check of lab 2 appears nowhere.
    expect(once.stdout).not.toContain('svc.cluster.local');
    // Alice's answers are no answers to bob's variants.
    const asBob = JSON.parse((await cli(['grade', EXAM, join(root, 'alice'), '--candidate', 'bob', '--reporter', 'json'])).stdout) as { score: number };
    expect(asBob.score).toBeLessThan(40);
  });

  it('says what is wrong with an exam file', () => {
    expect(parseExam('{')).toMatchObject({ error: expect.stringContaining('not JSON') });
    expect(parseExam('{"title": "t", "exercises": []}')).toEqual({ error: 'the exam needs "exercises": a list of { "path", "points" }' });
    expect(parseExam('{"title": "t", "exercises": [{"path": "a/e.netscn", "points": 0}]}')).toEqual({ error: 'exercise 1 needs "points" above 0' });
    expect(parseExam('{"title": "t", "passMark": 9, "exercises": [{"path": "a/e.netscn", "points": 5}]}')).toEqual({ error: '"passMark" 9 is above the exam\'s 5 points' });
    expect(parseExam('{"title": "t", "exercises": [{"path": "a/e.netscn", "points": 5}, {"path": "a/f.netscn", "points": 5}]}')).toEqual({ error: 'exercise 2: two exercises take their files from the folder a' });
    expect(parseExam(readFileSync(EXAM, 'utf8'))).toMatchObject({ title: 'Kubernetes networking: practical exam', passMark: 24, exercises: [{ folder: '01-pod-network', points: 10 }, { folder: '02-clusterip-and-dns' }, { folder: '03-nodeport-and-security-groups' }] });
  });
});

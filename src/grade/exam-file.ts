/**
 * An exam file: several exercises with their points, and optional metadata, in YAML — the one
 * format exam authors already write for manifests. Read strictly: every field is known, typed
 * and placed (file:line:col with a did-you-mean), because a typo in a pass mark or in points
 * would silently change every candidate's result.
 *
 * ```yaml
 * title: Kubernetes networking, practical      # required
 * time-limit: 90m                               # optional: minutes (90), or 90m, 2h, 1h30m
 * pass-mark: 70%                                # optional: percent of the total points
 * exercises:                                    # required, at least one
 *   - exercise: 01-pod-network/exercise.netscn  # relative to this file, inside its folder
 *     points: 20                                # required, a positive integer
 *     folder: pod-network                       # optional: the candidate's sub-folder for it
 * ```
 *
 * `folder` defaults to the name of the exercise file's folder; two exercises may not share one
 * (a candidate's answers to one would be graded against the other). The exercise paths are not
 * read here: exam.ts reads them through the caller's confined reader.
 */
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from 'yaml';
import { DIAG, message } from '../diag/catalogue.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import { didYouMean } from '../diag/suggest.js';
import type { Span } from '../spec/types.js';

export interface ExamExercise {
  /** The exercise file as the exam names it, relative to the exam file. */
  readonly exercise: string;
  /** Points this exercise is worth in the exam (its own score is scaled to them). */
  readonly points: number;
  /** The candidate's sub-folder holding the files this exercise hands in. */
  readonly folder: string;
  /** Where the entry is written, for messages about it. */
  readonly span: Span;
}

export interface Exam {
  readonly file: string;
  readonly title: string;
  /** Minutes; metadata reported with the result, not enforced by the grader. */
  readonly timeLimitMinutes?: number;
  /** Percent of the total points needed to pass (0–100). */
  readonly passMark?: number;
  readonly exercises: readonly ExamExercise[];
}

/** The fields of the exam and of one exercise entry: one list each, read by the checks and the did-you-mean. */
export const EXAM_FIELDS = ['title', 'time-limit', 'pass-mark', 'exercises'] as const;
export const EXERCISE_FIELDS = ['exercise', 'points', 'folder'] as const;

/** An exam file of more bytes than this is refused unread (an exam names a few dozen exercises). */
export const MAX_EXAM_BYTES = 256 * 1024;

/** A folder name a candidate can create on any system: no separators, not `.` or `..`. */
const FOLDER_NAME = /^(?!\.{1,2}$)[A-Za-z0-9._-]+$/;

export function parseExam(text: string, file: string): { readonly exam?: Exam; readonly diagnostics: readonly Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const lines = new LineCounter();
  const spanOf = (node: YamlNode | null | undefined): Span => {
    const [start, end] = node?.range ?? [0, 0];
    const at = (offset: number): Span['start'] => {
      const p = lines.linePos(offset);
      return { line: p.line, column: p.col, offset };
    };
    return { file, start: at(start), end: at(Math.max(start, end)) };
  };
  if (text.length > MAX_EXAM_BYTES) {
    diagnostics.push({ code: DIAG.examInvalid.code, severity: 'error', message: message(DIAG.examInvalid, { detail: `the exam file is over ${MAX_EXAM_BYTES / 1024} KiB` }), span: spanOf(undefined) });
    return { diagnostics };
  }
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  for (const e of doc.errors) {
    const offset = e.pos[0];
    const p = lines.linePos(offset);
    diagnostics.push({ code: DIAG.yamlSyntax.code, severity: 'error', message: message(DIAG.yamlSyntax, { detail: e.message.split('\n')[0] ?? e.message }), span: { file, start: { line: p.line, column: p.col, offset }, end: { line: p.line, column: p.col, offset } } });
  }
  if (diagnostics.length > 0) return { diagnostics };
  const invalid = (node: YamlNode | null | undefined, detail: string, extra: Partial<Diagnostic> = {}): void => {
    diagnostics.push({ code: DIAG.examInvalid.code, severity: 'error', message: message(DIAG.examInvalid, { detail }), span: spanOf(node), ...extra });
  };
  const root = doc.contents;
  if (!isMap(root)) {
    invalid(root, 'an exam is a mapping with `title` and `exercises`', { expected: 'title: …, exercises: [ … ]' });
    return { diagnostics };
  }
  /**
   * The fields of a mapping by name, each unknown one reported with a did-you-mean; `suggested`:
   * the fields unknown ones were taken for (`pionts` → points), not reported missing as well.
   */
  const fieldsOf = (map: YAMLMap<unknown, unknown>, known: readonly string[], what: string, suggested: Set<string>): Map<string, { key: YamlNode; value: YamlNode | null }> => {
    const out = new Map<string, { key: YamlNode; value: YamlNode | null }>();
    for (const pair of map.items) {
      const key = pair.key as YamlNode;
      const name = isScalar(key) ? String(key.value) : '';
      if (!known.includes(name)) {
        const hint = didYouMean(name, known);
        const meant = known.find((k) => hint?.includes(`\`${k}\``));
        if (meant !== undefined) suggested.add(meant);
        invalid(key, `unknown field \`${name}\` in ${what}`, { expected: known.map((k) => `\`${k}\``).join(', '), ...(hint ? { help: hint } : {}) });
        continue;
      }
      out.set(name, { key, value: pair.value as YamlNode | null });
    }
    return out;
  };
  const suggested = new Set<string>();
  const fields = fieldsOf(root, EXAM_FIELDS, 'the exam', suggested);
  const title = fields.get('title');
  if (!title) {
    if (!suggested.has('title')) invalid(root, 'the exam has no `title`', { expected: 'title: "…"' });
  }
  else if (!isScalar(title.value) || typeof title.value.value !== 'string' || title.value.value.trim() === '') invalid(title.value ?? title.key, '`title` is a non-empty text');
  const timeLimit = fields.get('time-limit');
  const timeLimitMinutes = timeLimit === undefined ? undefined : minutesOf(timeLimit.value);
  if (timeLimit !== undefined && timeLimitMinutes === undefined) invalid(timeLimit.value ?? timeLimit.key, '`time-limit` is minutes (90) or a duration such as 90m, 2h or 1h30m', { expected: 'a positive duration' });
  const passMarkField = fields.get('pass-mark');
  const passMark = passMarkField === undefined ? undefined : percentOf(passMarkField.value);
  if (passMarkField !== undefined && passMark === undefined) invalid(passMarkField.value ?? passMarkField.key, '`pass-mark` is a percent of the total points, from 0 to 100 (70 or 70%)', { expected: 'a percent from 0 to 100' });
  const list = fields.get('exercises');
  const exercises: ExamExercise[] = [];
  if (!list) {
    if (!suggested.has('exercises')) invalid(root, 'the exam has no `exercises`', { expected: 'exercises: [ { exercise: …, points: … } ]' });
  }
  else if (!isSeq(list.value) || list.value.items.length === 0) invalid(list.value ?? list.key, '`exercises` is a non-empty list of `{ exercise, points }` entries');
  else {
    const folders = new Map<string, Span>();
    for (const item of list.value.items as YamlNode[]) {
      if (!isMap(item)) {
        invalid(item, 'an exercise entry is a mapping with `exercise` and `points`', { expected: '- exercise: lab/exercise.netscn\n  points: 10' });
        continue;
      }
      const meant = new Set<string>();
      const f = fieldsOf(item, EXERCISE_FIELDS, 'an exercise entry', meant);
      const path = f.get('exercise');
      const pathValue = path && isScalar(path.value) && typeof path.value.value === 'string' ? path.value.value : undefined;
      if (!path) {
        if (!meant.has('exercise')) invalid(item, 'the entry has no `exercise` (the exercise file, relative to the exam)');
      }
      else if (pathValue === undefined || !pathValue.endsWith('.netscn') || pathValue.startsWith('/') || pathValue.includes('\\')) invalid(path.value ?? path.key, '`exercise` is the path of a .netscn file, relative to the exam file, with `/` separators');
      const pts = f.get('points');
      const points = pts && isScalar(pts.value) && typeof pts.value.value === 'number' && Number.isInteger(pts.value.value) && pts.value.value > 0 ? pts.value.value : undefined;
      if (!pts) {
        if (!meant.has('points')) invalid(item, 'the entry has no `points`');
      }
      else if (points === undefined) invalid(pts.value ?? pts.key, '`points` is a positive integer', { expected: 'a positive integer' });
      const folderField = f.get('folder');
      const folderValue = folderField ? (isScalar(folderField.value) && typeof folderField.value.value === 'string' ? folderField.value.value : '') : pathValue !== undefined ? defaultFolder(pathValue) : undefined;
      if (folderValue !== undefined && !FOLDER_NAME.test(folderValue)) invalid(folderField?.value ?? path?.value ?? item, `\`${folderValue}\` cannot be a candidate's folder name: use letters, digits, \`.\`, \`_\` and \`-\``, folderField ? {} : { help: 'give the entry a `folder`' });
      else if (folderValue !== undefined) {
        const first = folders.get(folderValue);
        if (first) invalid(folderField?.value ?? path?.value ?? item, `two exercises hand in from the folder \`${folderValue}\``, { notes: [`first used at ${file}:${first.start.line}:${first.start.column}`], help: 'give each entry its own `folder`' });
        else folders.set(folderValue, spanOf(item));
      }
      if (pathValue !== undefined && points !== undefined && folderValue !== undefined && diagnostics.length === 0) exercises.push({ exercise: pathValue, points, folder: folderValue, span: spanOf(item) });
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  const titleText = (title!.value as { value: string }).value.trim();
  return {
    exam: { file, title: titleText, ...(timeLimitMinutes !== undefined ? { timeLimitMinutes } : {}), ...(passMark !== undefined ? { passMark } : {}), exercises },
    diagnostics,
  };
}

/** The folder an exercise's answers come from by default: the name of the exercise file's folder. */
function defaultFolder(path: string): string {
  const parts = path.split('/');
  return parts.length >= 2 ? parts[parts.length - 2]! : parts[0]!.replace(/\.netscn$/, '');
}

function minutesOf(node: YamlNode | null): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const m = /^(?:(\d+)h)?(?:(\d+)m)?$/.exec(v.trim());
  if (!m || (m[1] === undefined && m[2] === undefined)) return undefined;
  const minutes = Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return minutes > 0 ? minutes : undefined;
}

function percentOf(node: YamlNode | null): number | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?%$/.test(v.trim()) ? Number(v.trim().slice(0, -1)) : undefined;
  return n !== undefined && n >= 0 && n <= 100 ? n : undefined;
}

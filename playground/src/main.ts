/**
 * The playground page: pick a lesson, edit it, see the checker's diagnostics as you type and
 * every assertion's verdict with its trace; course labs add the task texts, an editor tab per
 * file the learner hands in, and a Grade button. Everything runs here, in the browser, through
 * the same library code as the CLI (src/browser.ts); nothing is sent anywhere.
 */
import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { defaultHighlightStyle, StreamLanguage, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/legacy-modes/mode/yaml';
import { setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import {
  analyze,
  bindText,
  DEFAULT_SEED,
  buildState,
  clusterMermaid,
  collectNames,
  completion,
  defaultEngine,
  flowsMermaid,
  formatEvidence,
  formatGrade,
  gradeExercise,
  memoryReader,
  renderDiagnostic,
  runScenario,
  runSourceWith,
  type CheckResult,
  type Diagnostic,
  type FileRun,
  type GradeResult,
  type ScenarioResult,
  type SubmissionFile,
} from '../../src/browser.js';
import { utf8Length } from '../../src/diag/utf8-length.js';
import { drawMermaid } from './diagram.js';
import { FOLDER, LESSONS, fileText, startFile, type Lesson } from './lessons.js';
import { netscnLanguage } from './netscn-language.js';
import { decodeState, encodeState } from './share.js';
import './style.css';
import { keepForOffline } from './offline.js';

/** The bound `netscn grade` puts on each file of a submission (src/cli/grade.ts). */
const MAX_SUBMISSION_FILE = 256 * 1024;
const DEFAULT_LESSON = 'scenarios/services/clusterip.netscn';
const RUN_DELAY_MS = 250;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;

/** One editor tab: the scenario, or a file the learner hands in (exercise mode). */
interface Tab {
  readonly name: string;
  readonly learner: boolean;
  state: EditorState;
}

let lesson: Lesson;
let tabs: Tab[] = [];
let active = 0;
let lastRun: FileRun | undefined;
let lastDiagnostics: readonly Diagnostic[] = [];
let runTimer: ReturnType<typeof setTimeout> | undefined;
let firstResultsAt: number | undefined;

const view = new EditorView({ parent: $('editor') });
const yamlLanguage = StreamLanguage.define(yaml);

function extensions(tab: { learner: boolean; readOnly?: boolean }): Extension[] {
  return [
    ...(tab.readOnly ? [EditorState.readOnly.of(true)] : []),
    lineNumbers(),
    highlightActiveLine(),
    history(),
    keymap.of([{ key: 'Mod-Enter', run: () => (runNow(), true) }, ...completionKeymap, ...defaultKeymap, ...historyKeymap]),
    syntaxHighlighting(defaultHighlightStyle),
    EditorView.lineWrapping,
    ...(tab.learner ? [yamlLanguage] : [netscnLanguage, autocompletion({ override: [complete] })]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) scheduleRun();
    }),
  ];
}

function scenarioText(): string {
  return (tabs.find((t) => !t.learner) ?? tabs[0]!).state.doc.toString();
}

function learnerTexts(): Record<string, string> {
  return Object.fromEntries(tabs.filter((t) => t.learner).map((t) => [t.name, t.state.doc.toString()]));
}

/** The names and cluster of the scenario's last version that parsed (a line being typed seldom does), as the language server keeps them. */
let known: { names: ReturnType<typeof collectNames>; cluster?: NonNullable<ReturnType<typeof analyze>['scenario']>['cluster'] } = { names: [] };

/** Keeps the names of `text` for completion when it parses (after the results are on screen). */
function rememberNames(text: string): void {
  const a = analyze(text, lesson.path, { readFile: memoryReader(FOLDER, lesson.path), seed });
  if (a.ast) known = { names: collectNames(a.ast, a.scenario), ...(a.scenario ? { cluster: a.scenario.cluster } : {}) };
}

/** Completion from the language server's tables (src/lsp/completion.ts). */
function complete(ctx: CompletionContext): CompletionResult | null {
  const text = ctx.state.doc.toString();
  const line = ctx.state.doc.lineAt(ctx.pos);
  const a = analyze(text, lesson.path, { readFile: memoryReader(FOLDER, lesson.path), seed });
  if (a.ast) known = { names: collectNames(a.ast, a.scenario), ...(a.scenario ? { cluster: a.scenario.cluster } : known.cluster ? { cluster: known.cluster } : {}) };
  const items = completion({
    text,
    pos: { line: line.number - 1, character: ctx.pos - line.from },
    names: known.names,
    ...(known.cluster ? { cluster: known.cluster } : {}),
  });
  if (items.length === 0) return null;
  const word = ctx.matchBefore(/[A-Za-z0-9_.\-/=!]*/);
  return {
    from: word ? word.from : ctx.pos,
    options: items.map((i) => ({
      label: i.label,
      ...(i.detail !== undefined ? { detail: i.detail } : {}),
      ...(i.documentation ? { info: typeof i.documentation === 'string' ? i.documentation : i.documentation.value } : {}),
      type: i.kind === 14 ? 'keyword' : 'variable',
    })),
    validFor: /^[A-Za-z0-9_.\-/]*$/,
  };
}

// ---- lessons ---------------------------------------------------------------------------------

function fillPicker(): void {
  const select = $<HTMLSelectElement>('lesson');
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const l of LESSONS) {
    let g = groups.get(l.group);
    if (!g) {
      g = document.createElement('optgroup');
      g.label = l.group;
      groups.set(l.group, g);
      select.append(g);
    }
    const o = document.createElement('option');
    o.value = l.path;
    o.textContent = l.label;
    g.append(o);
  }
  select.addEventListener('change', () => openLesson(select.value));
}

/** Opens `path` with its own text (or `text`), learner tabs filled from start/ (or `files`). */
/**
 * The variant of a parametrised lab on screen (src/check/params/variant.ts): seed `0` as
 * `netscn check` uses, a new one from "New variant" (a learner practising sees a new instance
 * each time), or the one a shared link carries. Every check, run and grade uses it.
 */
let seed = DEFAULT_SEED;

function openLesson(path: string, text?: string, files?: Readonly<Record<string, string>>, variantSeed: string = DEFAULT_SEED): void {
  seed = variantSeed;
  lesson = LESSONS.find((l) => l.path === path) ?? LESSONS.find((l) => l.path === DEFAULT_LESSON) ?? LESSONS[0]!;
  $<HTMLSelectElement>('lesson').value = lesson.path;
  const source = (lesson.lab ? undefined : text) ?? fileText(lesson.path) ?? '';
  // A lab's exercise is what grading uses, so the learner reads it but edits only their files.
  tabs = [{ name: lesson.path.split('/').pop()!, learner: false, state: EditorState.create({ doc: source, extensions: extensions({ learner: false, readOnly: lesson.lab }) }) }];
  if (lesson.lab) {
    const exercise = defaultEngine.parseAndCheck(fileText(lesson.path) ?? '', lesson.path, { readFile: memoryReader(FOLDER, lesson.path), seed }).scenario;
    for (const name of exercise?.learnerFiles ?? []) {
      // A parametrised lab's start files carry `{{name}}`s: the learner gets them with the values of the variant shown.
      const doc = files?.[name] ?? bindText(startFile(lesson.path, name), exercise?.variant?.bindings ?? []).text;
      tabs.push({ name, learner: true, state: EditorState.create({ doc, extensions: extensions({ learner: true }) }) });
    }
    showTasks(exercise?.tasks ?? []);
    const parametrised = (exercise?.variant?.bindings.length ?? 0) > 0;
    $('new-variant').hidden = !parametrised;
    $('variant').textContent = parametrised ? `variant ${seed}` : '';
  } else {
    showTasks([]);
    $('new-variant').hidden = true;
    $('variant').textContent = '';
  }
  (document.querySelector('[data-view="grade"]') as HTMLElement).hidden = !lesson.lab;
  $('grade-result').textContent = '';
  active = lesson.lab && tabs.length > 1 ? 1 : 0;
  renderTabs();
  view.setState(tabs[active]!.state);
  showView('results');
  runNow();
}

function showTasks(tasks: readonly { readonly title: string; readonly points: number; readonly description?: string }[]): void {
  const box = $('task');
  box.hidden = tasks.length === 0;
  box.replaceChildren();
  if (tasks.length === 0) return;
  const h = document.createElement('h2');
  h.textContent = 'Tasks';
  box.append(h);
  for (const t of tasks) {
    const div = document.createElement('div');
    div.className = 'task-item';
    const title = document.createElement('strong');
    title.textContent = `${t.title} (${t.points} points)`;
    const p = document.createElement('p');
    p.textContent = t.description ?? '';
    div.append(title, p);
    box.append(div);
  }
}

function renderTabs(): void {
  const bar = $('tabs');
  bar.replaceChildren(
    ...tabs.map((t, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.setAttribute('role', 'tab');
      b.setAttribute('aria-selected', String(i === active));
      b.dataset.file = t.name;
      b.textContent = t.learner ? `${t.name} (yours)` : t.name;
      b.addEventListener('click', () => switchTab(i));
      return b;
    }),
  );
}

function switchTab(i: number): void {
  tabs[active]!.state = view.state;
  active = i;
  view.setState(tabs[i]!.state);
  renderTabs();
  applyLint();
}

// ---- running ---------------------------------------------------------------------------------

function scheduleRun(): void {
  tabs[active]!.state = view.state;
  if (runTimer !== undefined) clearTimeout(runTimer);
  runTimer = setTimeout(runNow, RUN_DELAY_MS);
}

/** Checks and runs the scenario (with the learner's files in exercise mode) and shows it all. */
function runNow(): void {
  if (runTimer !== undefined) clearTimeout(runTimer);
  runTimer = undefined;
  tabs[active]!.state = view.state;
  const text = scenarioText();
  const readFile = memoryReader(FOLDER, lesson.path);
  setStatus('running…');
  if (lesson.lab) {
    const texts = learnerTexts();
    const checked = defaultEngine.parseAndCheck(text, lesson.path, { readFile, seed, learnerFile: (name: string) => texts[name] });
    lastDiagnostics = checked.diagnostics;
    // A grade is of the files as they were: it goes when they change.
    $('grade-result').replaceChildren();
    const failed = checked.diagnostics.some((d) => d.severity === 'error');
    const result = checked.scenario && !failed ? visibleOnly(runScenario(checked.scenario, defaultEngine)) : undefined;
    lastRun = { file: lesson.path, source: text, diagnostics: checked.diagnostics, ...(result ? { result } : {}) };
    showResults(lastRun);
    $('results').prepend(note(failed ? 'Fix the errors below, then grade.' : 'Your files against the visible checks; hidden checks are not shown here. Grade scores every check.'));
  } else {
    lastRun = runSourceWith(defaultEngine, text, lesson.path, { readFile });
    setTimeout(() => rememberNames(text), 0);
    lastDiagnostics = lastRun.diagnostics;
    showResults(lastRun);
  }
  applyLint();
  showDiagnostics();
  if ((document.querySelector('[data-view="diagram"]') as HTMLElement).getAttribute('aria-selected') === 'true') void showCluster();
  const r = lastRun.result;
  setStatus(r ? `${r.passed} passed, ${r.failed} failed` : lastDiagnostics.some((d) => d.severity === 'error') ? 'does not check' : 'checked');
  if (firstResultsAt === undefined) {
    firstResultsAt = performance.now();
    document.body.dataset.firstResultsMs = String(Math.round(firstResultsAt));
  }
  document.body.dataset.runs = String(Number(document.body.dataset.runs ?? '0') + 1);
}

/** A run of an exercise without its hidden checks (the learner sees them only counted, when graded). */
function visibleOnly(result: ScenarioResult): ScenarioResult {
  const tasks = result.scenario.tasks ?? [];
  const steps = result.steps.map((step) => {
    const task = tasks.find((t) => t.step === step.index);
    const checks = task ? step.checks.filter((_c, i) => !task.hidden[i]) : step.checks;
    return { ...step, ...(task ? { title: task.title } : {}), checks };
  });
  const all = steps.flatMap((s) => s.checks);
  return { ...result, steps, passed: all.filter((c) => c.passed).length, failed: all.filter((c) => !c.passed).length };
}

function setStatus(s: string): void {
  $('status').textContent = s;
}

function note(text: string): HTMLElement {
  const p = document.createElement('p');
  p.className = 'note';
  p.textContent = text;
  return p;
}

/** Diagnostics of the file shown in the active tab, as editor marks. */
function applyLint(): void {
  const tab = tabs[active]!;
  const doc = view.state.doc;
  const mine = lastDiagnostics.filter((d) => (tab.learner ? d.span.file === tab.name : d.span.file === lesson.path));
  const marks: CmDiagnostic[] = mine.map((d) => {
    const pos = (line: number, col: number): number => {
      const l = doc.line(Math.min(Math.max(line, 1), doc.lines));
      return Math.min(l.from + Math.max(col - 1, 0), l.to);
    };
    const from = pos(d.span.start.line, d.span.start.column);
    const to = Math.max(from, pos(d.span.end.line, d.span.end.column));
    return { from, to, severity: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info', message: `${d.code}: ${d.message}`, source: d.code };
  });
  view.dispatch(setDiagnostics(view.state, marks));
}

/** Every diagnostic, rendered as the CLI renders it (file:line:col, code frame, help). */
function showDiagnostics(): void {
  const box = $('diagnostics');
  box.replaceChildren();
  const texts: Record<string, string> = { [lesson.path]: scenarioText(), ...learnerTexts() };
  for (const d of lastDiagnostics) {
    const pre = document.createElement('pre');
    pre.className = `diagnostic ${d.severity}`;
    pre.textContent = renderDiagnostic(d, texts[d.span.file] ?? '', { color: false });
    box.append(pre);
  }
}

function showResults(run: FileRun): void {
  const box = $('results');
  box.replaceChildren();
  $('trace-box').hidden = true;
  const result = run.result;
  if (!result) {
    box.append(note('The scenario does not check: see the diagnostics under the editor.'));
    return;
  }
  for (const step of result.steps) {
    if (step.checks.length === 0) continue;
    const section = document.createElement('section');
    section.className = 'step';
    const h = document.createElement('h3');
    const task = lesson.lab && (lastRun?.result?.scenario.tasks ?? []).some((t) => t.step === step.index);
    h.textContent = task ? `task "${step.title}"` : step.title ? `step "${step.title}"` : 'assertions';
    section.append(h);
    const list = document.createElement('ul');
    for (const r of step.checks) {
      const li = document.createElement('li');
      const b = document.createElement('button');
      b.type = 'button';
      b.className = `check ${r.passed ? 'pass' : 'fail'}`;
      b.textContent = `${r.passed ? '✓' : '✗'} ${r.check.text}`;
      b.addEventListener('click', () => {
        box.querySelectorAll('.check.selected').forEach((e) => e.classList.remove('selected'));
        b.classList.add('selected');
        showTrace(r);
      });
      li.append(b);
      if (r.table) li.append(truthTable(r));
      list.append(li);
    }
    section.append(list);
    box.append(section);
  }
  const firstFailed = box.querySelector<HTMLButtonElement>('.check.fail');
  firstFailed?.click();
}

/** A truth table as a grid: each cell coloured by pass/fail, showing expected and actual. */
function truthTable(r: CheckResult): HTMLElement {
  const t = r.table!;
  const table = document.createElement('table');
  table.className = 'truth';
  const head = table.createTHead().insertRow();
  head.insertCell().textContent = '';
  for (const c of t.check.columns) head.insertCell().textContent = c.label;
  const body = table.createTBody();
  t.check.rows.forEach((row, ri) => {
    const tr = body.insertRow();
    tr.insertCell().textContent = row.label;
    t.check.columns.forEach((_c, ci) => {
      const cell = t.cells.find((x) => x.row === ri && x.column === ci);
      const td = tr.insertCell();
      td.className = cell ? (cell.passed ? 'pass' : 'fail') : '';
      td.textContent = cell ? (cell.passed ? cell.actual : `${cell.actual} ≠ ${cell.expect}`) : '';
    });
  });
  return table;
}

/** The selected assertion: its message and trace hop by hop (the CLI's `explain` text), and its paths drawn. */
function showTrace(r: CheckResult): void {
  $('trace-box').hidden = false;
  const evidence = formatEvidence(r, { color: false, all: true });
  $('trace').textContent = `${r.passed ? '✓ passed' : '✗ failed'}: ${r.check.text}\n${r.message}\n\n${evidence}`;
  const flows = r.table ? r.table.cells.flatMap((c) => c.flows) : r.flows;
  const paths = $('paths');
  if (flows.length === 0 || flows.length > 40) {
    paths.replaceChildren();
    return;
  }
  void drawMermaid(paths, flowsMermaid(flows));
}

async function showCluster(): Promise<void> {
  const box = $('cluster');
  const result = lastRun?.result;
  if (lesson.lab) {
    const checked = defaultEngine.parseAndCheck(scenarioText(), lesson.path, { readFile: memoryReader(FOLDER, lesson.path), seed, learnerFile: (n: string) => learnerTexts()[n] });
    if (!checked.scenario) {
      box.textContent = 'The scenario does not check, so there is no cluster to draw.';
      return;
    }
    await drawMermaid(box, clusterMermaid(buildState(checked.scenario.cluster)));
    return;
  }
  if (!result) {
    box.textContent = 'The scenario does not check, so there is no cluster to draw.';
    return;
  }
  await drawMermaid(box, clusterMermaid(buildState(result.scenario.cluster), result));
}

// ---- views -----------------------------------------------------------------------------------

function showView(name: string): void {
  for (const b of document.querySelectorAll<HTMLElement>('#views [role="tab"]')) b.setAttribute('aria-selected', String(b.dataset.view === name));
  for (const v of document.querySelectorAll<HTMLElement>('.view')) v.hidden = v.id !== `view-${name}`;
  if (name === 'diagram') void showCluster();
}

for (const b of document.querySelectorAll<HTMLElement>('#views [role="tab"]')) b.addEventListener('click', () => showView(b.dataset.view!));

// ---- grading ---------------------------------------------------------------------------------

function grade(): GradeResult {
  tabs[active]!.state = view.state;
  const texts = learnerTexts();
  const learnerFile = (name: string): SubmissionFile => {
    const text = texts[name];
    if (text === undefined) return { kind: 'missing' };
    const size = utf8Length(text);
    if (size > MAX_SUBMISSION_FILE) return { kind: 'too-large', size, limit: MAX_SUBMISSION_FILE };
    return { kind: 'text', text };
  };
  return gradeExercise({ exerciseText: fileText(lesson.path) ?? '', exerciseFile: lesson.path, learnerFile, readFile: memoryReader(FOLDER, lesson.path), variant: { seed } });
}

$('grade').addEventListener('click', () => {
  if (runTimer !== undefined) runNow();
  const g = grade();
  const box = $('grade-result');
  box.replaceChildren();
  const score = document.createElement('p');
  score.className = `score ${g.score === g.maxScore && g.maxScore > 0 ? 'pass' : 'fail'}`;
  score.textContent = `Score: ${g.score} / ${g.maxScore}`;
  const pre = document.createElement('pre');
  pre.className = 'grade-report';
  pre.textContent = formatGrade(g);
  box.append(score, pre);
});

// ---- sharing ---------------------------------------------------------------------------------

$('share').addEventListener('click', async () => {
  tabs[active]!.state = view.state;
  const hash = await encodeState({ lesson: lesson.path, text: scenarioText(), files: learnerTexts(), ...(seed !== DEFAULT_SEED ? { seed } : {}) });
  window.history.replaceState(null, '', `#${hash}`);
  const url = location.href;
  try {
    await navigator.clipboard.writeText(url);
    setStatus('link copied');
  } catch {
    setStatus('link in the address bar');
  }
});

$('run').addEventListener('click', runNow);

// A new instance of a parametrised lab: a fresh seed (any text is a seed; the variant it gives is
// the same on every machine), the start files bound to it.
$('new-variant').addEventListener('click', () => {
  const fresh = String(1 + Math.floor(Math.random() * 999_999));
  openLesson(lesson.path, undefined, undefined, fresh === seed ? String(Number(fresh) + 1) : fresh);
});

async function start(): Promise<void> {
  fillPicker();
  const shared = location.hash ? await decodeState(location.hash) : undefined;
  if (shared) openLesson(shared.lesson, shared.text, shared.files, shared.seed);
  else openLesson(DEFAULT_LESSON);
  document.body.dataset.ready = 'true';
  document.body.dataset.offline = String(await keepForOffline());
}

void start();

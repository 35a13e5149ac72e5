/**
 * Runs a catalogue entry's example through the real pipeline and returns the codes it emitted,
 * in order: a scenario is written to a temporary project and run (check, then
 * the model and engine: step problems count too); bytes are run as a scenario file's bytes;
 * a connlist example runs `netscn connlist` in a temporary folder and reads the codes from its
 * stderr.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { connlistCommand } from '../../src/cli/connlist.js';
import type { CliIO } from '../../src/cli/io.js';
import type { Example } from '../../src/diag/catalogue.js';
import type { Diagnostic } from '../../src/diag/diagnostic.js';
import { parseExam } from '../../src/grade/exam-file.js';
import { runFile, runSource } from '../../src/host/run-source.js';

export interface Emitted {
  readonly code: string;
  readonly severity: string;
  readonly message: string;
}

/** Every diagnostic a file run reports: check's, then each step's problems. */
function fromRun(run: ReturnType<typeof runFile>): Emitted[] {
  const ds: Diagnostic[] = [...run.diagnostics, ...(run.result?.steps.flatMap((s) => s.problems) ?? [])];
  return ds.map((d) => ({ code: d.code, severity: d.severity, message: d.message }));
}

function inTempDir<T>(files: Readonly<Record<string, string>>, symlinks: Readonly<Record<string, string>>, body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'netscn-example-'));
  try {
    writeFileSync(join(dir, 'package.json'), '{}\n');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    for (const [path, target] of Object.entries(symlinks)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      symlinkSync(target, join(dir, path));
    }
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const DIAGNOSTIC_LINE = /^\S+: (error|warning|note)\[(NS\d{4})\]: (.*)$/;

export function runExample(ex: Example): Emitted[] {
  switch (ex.kind) {
    case 'scenario':
      return inTempDir({ 'example.netscn': ex.scenario }, {}, (dir) => fromRun(runFile(join(dir, 'example.netscn'))));
    case 'scenario-bytes':
      return fromRun(runSource(Uint8Array.from(ex.bytes), 'example.netscn'));
    case 'connlist':
      return inTempDir(ex.files, ex.symlinks ?? {}, (dir) => {
        let stderr = '';
        const io: CliIO = { stdout: () => undefined, stderr: (s) => void (stderr += s), cwd: dir, env: {}, isTTY: false, now: () => 0 };
        connlistCommand(ex.args ?? ['k8s'], 'txt', undefined, io);
        return stderr
          .split('\n')
          .map((l) => DIAGNOSTIC_LINE.exec(l))
          .filter((m) => m !== null)
          .map((m) => ({ code: m[2]!, severity: m[1]!, message: m[3]! }));
      });
    case 'exam':
      return parseExam(ex.exam, 'exam.yaml').diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message }));
    case 'internal':
      return [];
    default:
      return assertNever(ex);
  }
}

function assertNever(x: never): never {
  throw new Error(`unexpected example ${JSON.stringify(x)}`);
}

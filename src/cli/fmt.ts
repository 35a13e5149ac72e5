/**
 * `netscn fmt [paths…] [--check]`: rewrites .netscn files in the canonical layout (src/fmt);
 * `--check` only lists the files that would change; `-` formats standard input to standard
 * output. A file that does not parse is left alone and its diagnostics are printed (on stderr,
 * rendered as `netscn check` renders them). Exit: 0 done (or nothing to change), 1 `--check`
 * found files to change, 2 a file has syntax errors.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatSource } from '../fmt/format.js';
import { decodeUtf8 } from '../diag/decode-utf8.js';
import { renderDiagnostic } from '../report/diagnostics.js';
import { UsageError } from './args.js';
import { discover } from './discover.js';
import { readScenario, type CliIO } from './io.js';

export function fmtCommand(paths: readonly string[], check: boolean, color: boolean, io: CliIO): number {
  if (paths.includes('-')) {
    if (paths.length > 1) throw new UsageError('fmt reads standard input (`-`) alone, not with other paths');
    if (!io.stdin) throw new UsageError('standard input is not available');
    const text = io.stdin();
    const r = formatSource(text, '<stdin>');
    if (!r.ok) return refuse(r.diagnostics, text, color, io);
    if (check) {
      if (r.text === text) return 0;
      io.stdout('<stdin>\n');
      return 1;
    }
    io.stdout(r.text);
    return 0;
  }
  let changed = false;
  let errors = false;
  for (const file of discover(paths, io.cwd)) {
    const decoded = decodeUtf8(readScenario(file, io), file);
    const text = decoded.text;
    const r = decoded.diagnostics.length > 0 ? ({ ok: false, diagnostics: decoded.diagnostics } as const) : formatSource(text, file);
    if (!r.ok) {
      refuse(r.diagnostics, text, color, io);
      errors = true;
      continue;
    }
    if (r.text === text) continue;
    changed = true;
    if (!check) {
      try {
        writeFileSync(resolve(io.cwd, file), r.text);
      } catch (e) {
        throw new UsageError(`cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    io.stdout(`${file}\n`);
  }
  if (errors) return 2;
  return check && changed ? 1 : 0;
}

function refuse(diagnostics: readonly Parameters<typeof renderDiagnostic>[0][], text: string, color: boolean, io: CliIO): number {
  for (const d of diagnostics) io.stderr(renderDiagnostic(d, text, { color }) + '\n\n');
  return 2;
}

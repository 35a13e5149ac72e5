/**
 * `netscn explain-code [CODE]`: a diagnostic code's title, explanation and example, like
 * `rustc --explain`; without a code, the list of every code. An unknown code is an error with
 * a did-you-mean (exit 2).
 */
import { CATALOGUE, lookupCode } from '../diag/catalogue.js';
import { explainCode, listCodes } from '../diag/explain-code.js';
import { didYouMean } from '../diag/suggest.js';
import type { CliIO } from './io.js';

export function explainCodeCommand(code: string | undefined, io: CliIO): number {
  if (code === undefined) {
    io.stdout(listCodes());
    return 0;
  }
  const entry = lookupCode(code);
  if (entry === undefined) {
    const hint = didYouMean(code.toUpperCase(), CATALOGUE.map((e) => e.code));
    io.stderr(`netscn: unknown diagnostic code \`${code}\`${hint ? `; ${hint}` : ''}\nRun \`netscn explain-code\` for the list.\n`);
    return 2;
  }
  io.stdout(explainCode(entry));
  return 0;
}

/**
 * What the plugin and the runtime hand the pipeline for a `.netscn` module. Vite gives the text
 * decoded leniently, which hides an encoding error (invalid bytes become U+FFFD, UTF-16 shows as
 * NULs); when the text carries either, the file's bytes are read again and decoded strictly, so
 * the error is reported at its byte. Both sides apply the same rule, so they see the same input.
 */
import { readFileSync } from 'node:fs';
import type { ScenarioInput } from '../run/source.js';

export function scenarioInput(code: string, path: string): ScenarioInput {
  if (!/[\uFFFD\u0000]/.test(code)) return code;
  try {
    return readFileSync(path);
  } catch {
    return code;
  }
}

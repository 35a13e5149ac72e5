/**
 * Selecting assertions: a filter keeps the checks whose text (or whose step's title) matches.
 * Every step's changes still apply, so later steps see the same cluster as in a full run.
 */
import type { Check, Scenario, Step } from '../check/scenario.js';

export type CheckFilter = (check: Check, step: Step) => boolean;

/** `/re/flags` is a regular expression; anything else a case-sensitive substring. Throws SyntaxError on a bad regex. */
export function textFilter(pattern: string): CheckFilter {
  const m = /^\/(.*)\/([a-z]*)$/s.exec(pattern);
  const test = m ? regexTest(new RegExp(m[1]!, m[2]!.replace(/[gy]/g, ''))) : (s: string) => s.includes(pattern);
  return (check, step) => test(check.text) || (step.title !== undefined && test(step.title));
}

function regexTest(re: RegExp): (s: string) => boolean {
  return (s) => re.test(s);
}

export function filterScenario(scenario: Scenario, keep: CheckFilter): Scenario {
  return { ...scenario, steps: scenario.steps.map((step) => ({ ...step, checks: step.checks.filter((c) => keep(c, step)) })) };
}

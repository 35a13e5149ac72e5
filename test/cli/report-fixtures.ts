import type { Diagnostic } from '../../src/diag/diagnostic.js';
import type { RunReport, TimedRun } from '../../src/report/summary.js';
import { runScenario } from '../../src/run/run-scenario.js';
import { allowTo, dropped, fakeEngine, reach, scenario, span, step } from '../run/fixtures.js';

export const SOURCE = ['scenario "Demo"', 'from pod client reach svc web expect allow', 'from pod client reach svc db expect allow', 'step "x" {', '  from pod client reach svc web expect deny', '}'].join('\n');

/** One file with a pass and two failures (one in a step), one file that does not check. */
export function sampleReport(): RunReport {
  const engine = fakeEngine({ flows: (p) => (p.target.kind === 'service' && p.target.name === 'db' ? [dropped('timeout', 'security-group', 'via node n2')] : [allowTo('web-1')]) });
  const s = scenario([
    step([reach('from pod client reach svc web expect allow', 2, { outcome: 'allow' }), reach('from pod client reach svc db expect allow', 3, { outcome: 'allow' }, 'db')]),
    step([reach('from pod client reach svc web expect deny', 5, { outcome: 'deny' })], 'x', 4),
  ], 'Demo <&> "quoted"');
  const ran: TimedRun = { file: 'demo.netscn', source: SOURCE, diagnostics: [], result: runScenario(s, engine), durationMs: 3 };
  const diag: Diagnostic = { code: 'NS1001', severity: 'error', message: 'unknown pod `clinet`', span: span(2, 10, 6, 'bad.netscn'), help: 'did you mean `client`?' };
  const bad: TimedRun = { file: 'bad.netscn', source: 'scenario "Bad"\nfrom pod clinet reach svc web expect allow\n', diagnostics: [diag], durationMs: 1 };
  return { files: [bad, ran], durationMs: 12 };
}

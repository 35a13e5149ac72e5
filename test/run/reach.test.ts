import { describe, expect, it } from 'vitest';
import { evaluateReach, outcomeMatches } from '../../src/run/reach.js';
import { allowTo, dropped, span } from './fixtures.js';

const exp = (e: object) => ({ outcome: 'allow' as const, outcomeSpan: span(1), ...e });

describe('outcome matching', () => {
  it('deny accepts every non-allow outcome and nothing else', () => {
    for (const o of ['refused', 'timeout', 'unreachable', 'nxdomain'] as const) expect(outcomeMatches(dropped(o), 'deny')).toBe(true);
    expect(outcomeMatches(allowTo('web-1'), 'deny')).toBe(false);
  });
  it('concrete outcomes match exactly', () => {
    expect(outcomeMatches(dropped('timeout'), 'refused')).toBe(false);
    expect(outcomeMatches(dropped('refused'), 'refused')).toBe(true);
  });
  it('`deny by cause` needs that cause', () => {
    expect(outcomeMatches(dropped('timeout', 'policy'), 'deny', 'policy')).toBe(true);
    expect(outcomeMatches(dropped('timeout', 'security-group'), 'deny', 'policy')).toBe(false);
  });
});

describe('an expectation holds for every flow', () => {
  it('allow fails when one of several paths is dropped, naming that path', () => {
    const flows = [allowTo('web-1', { branch: 'via node n1' }), dropped('timeout', 'security-group', 'via node n2')];
    const v = evaluateReach(flows, exp({}));
    expect(v.passed).toBe(false);
    expect(v.counterexample).toBe(flows[1]);
    expect(v.message).toContain('expected allow, got timeout (security-group)');
    expect(v.message).toContain('via node n2');
  });
  it('deny fails when any path is delivered', () => {
    const flows = [dropped('timeout', 'policy'), allowTo('web-2')];
    const v = evaluateReach(flows, exp({ outcome: 'deny', cause: 'policy' }));
    expect(v.passed).toBe(false);
    expect(v.counterexample).toBe(flows[1]);
    expect(v.message).toMatch(/^expected deny by policy, got allow → default\/web-2/);
  });
  it('deny by cause fails on a path denied for another reason', () => {
    const v = evaluateReach([dropped('timeout', 'policy'), dropped('timeout', 'security-group')], exp({ outcome: 'deny', cause: 'policy' }));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('security-group');
  });
  it('passes when every path agrees', () => {
    expect(evaluateReach([allowTo('web-1'), allowTo('web-2')], exp({})).passed).toBe(true);
  });
  it('an empty flow list never passes', () => {
    expect(evaluateReach([], exp({ outcome: 'deny' })).passed).toBe(false);
  });
});

describe('source address seen by the backend', () => {
  it('preserved fails when any allowed path was masqueraded', () => {
    const v = evaluateReach([allowTo('web-1'), allowTo('web-2', { sourceSeen: '192.168.0.12' })], exp({ sourceSeen: { mode: 'preserved', span: span(1) } }));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('192.168.0.12');
  });
  it('masqueraded fails when a path kept the original address', () => {
    const v = evaluateReach([allowTo('web-1', { sourceSeen: '192.168.0.11' }), allowTo('web-2')], exp({ sourceSeen: { mode: 'masqueraded', span: span(1) } }));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('10.244.0.3');
  });
  it('masqueraded passes when every path is rewritten', () => {
    expect(evaluateReach([allowTo('web-1', { sourceSeen: '192.168.0.11' })], exp({ sourceSeen: { mode: 'masqueraded', span: span(1) } })).passed).toBe(true);
  });
  it('an explicit source address must match exactly', () => {
    const s = (ip: string) => exp({ sourceSeen: { mode: 'address', ip, span: span(1) } });
    const flows = [allowTo('web-1', { sourceSeen: '192.168.0.11' })];
    expect(evaluateReach(flows, s('192.168.0.11')).passed).toBe(true);
    expect(evaluateReach(flows, s('192.168.0.12')).passed).toBe(false);
  });
});

describe('backends are compared as a set', () => {
  const backends = (...names: string[]) => exp({ backends: { pods: names.map((name) => ({ namespace: 'default', name })), span: span(1) } });
  it('passes on exactly the named pods, in any order', () => {
    expect(evaluateReach([allowTo('web-2'), allowTo('web-1'), allowTo('web-2')], backends('web-1', 'web-2')).passed).toBe(true);
  });
  it('fails and names a missing backend', () => {
    const v = evaluateReach([allowTo('web-1')], backends('web-1', 'web-2'));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('never reaches default/web-2');
  });
  it('fails and names an extra backend, with it as the counterexample', () => {
    const flows = [allowTo('web-1'), allowTo('web-3')];
    const v = evaluateReach(flows, backends('web-1'));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('also reaches default/web-3');
    expect(v.counterexample).toBe(flows[1]);
  });
});

describe('intermittent and shares', () => {
  const mixed = () => [
    { ...allowTo('web-1', { branch: 'endpoint a' }), share: 0.25 },
    { ...allowTo('web-2', { branch: 'endpoint b' }), share: 0.5 },
    { ...dropped('refused', 'no-listener', 'endpoint c'), share: 0.25 },
  ];
  it('intermittent holds when some paths succeed and some fail, and reports the success rate', () => {
    const v = evaluateReach(mixed(), exp({ intermittent: true }));
    expect(v.passed).toBe(true);
    expect(v.message).toContain('75% of connections succeed');
  });
  it('intermittent fails when every path succeeds, when every path fails, or when a failure has another cause', () => {
    expect(evaluateReach([allowTo('web-1')], exp({ intermittent: true })).passed).toBe(false);
    expect(evaluateReach([dropped('timeout', 'policy')], exp({ intermittent: true })).passed).toBe(false);
    const v = evaluateReach(mixed(), exp({ intermittent: true, cause: 'policy' }));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('fail by policy');
  });
  it('share sums the fractions of the paths landing on a pod, to two decimals', () => {
    const share = (name: string, percent: number) => ({ namespace: 'default', name, percent, span: span(1) });
    expect(evaluateReach(mixed(), exp({ intermittent: true, podShares: [share('web-2', 50)] })).passed).toBe(true);
    const v = evaluateReach(mixed(), exp({ intermittent: true, podShares: [share('web-1', 50)] }));
    expect(v.passed).toBe(false);
    expect(v.message).toContain('it gets 25%');
  });
});

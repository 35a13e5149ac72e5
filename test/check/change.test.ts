/**
 * Change assertions checked (src/check/change.ts): valid in a step only, their ends resolved
 * against the cluster on either side of the step.
 */
import { describe, expect, it } from 'vitest';
import { parseAndCheck } from '../../src/check/index.js';

const CLUSTER = `cluster lab {
  node n1 ip 192.168.0.11
  namespace shop
  pod web in shop on n1 labels app=web ports 8080
  pod client in shop on n1
}
`;

function checked(text: string) {
  return parseAndCheck(text, 'change.netscn');
}

describe('change assertions', () => {
  it('become change checks of their step, ends resolved (an unqualified pod in `default`)', () => {
    const r = checked(`${CLUSTER}step "s" {\n  pod solo on n1\n  expect no new connections\n  expect no lost connections from namespace shop to pod solo\n  expect connections unchanged from internet to pod shop/web\n}\n`);
    expect(r.diagnostics).toEqual([]);
    const checks = r.scenario!.steps[1]!.checks;
    expect(checks.map((c) => (c.kind === 'change' ? [c.expect, c.from, c.to] : c.kind))).toEqual([
      ['no-new', undefined, undefined],
      ['no-lost', { kind: 'namespace', name: 'shop' }, { kind: 'pod', namespace: 'default', name: 'solo' }],
      ['unchanged', { kind: 'internet' }, { kind: 'pod', namespace: 'shop', name: 'web' }],
    ]);
    expect(checks[1]).toMatchObject({ text: 'expect no lost connections from namespace shop to pod solo', span: { start: { line: 10, column: 3 } } });
  });

  it('name a pod or namespace the step removes or adds', () => {
    const r = checked(`${CLUSTER}step "s" {\n  remove namespace shop\n  namespace staging\n  expect no lost connections from pod shop/client to namespace staging\n}\n`);
    expect(r.diagnostics).toEqual([]);
  });

  it('are refused outside a step, at the top level and in a task, with where they belong', () => {
    const r = checked(`${CLUSTER}expect no new connections\ntask "t" points 1 {\n  from pod shop/client reach pod shop/web expect allow\n  expect connections unchanged\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.span.start.line, d.message, d.help])).toEqual([
      ['NS1010', 7, '`expect no new connections` checks what a step changes and is only valid inside a `step`', expect.stringContaining('move it into the `step')],
      ['NS1010', 10, '`expect connections unchanged` checks what a step changes and is only valid inside a `step`', expect.stringContaining('move it into the `step')],
    ]);
  });

  it('warn in a step that changes nothing', () => {
    const r = checked(`${CLUSTER}step "look" {\n  from pod shop/client reach pod shop/web port 8080 expect allow\n  expect no lost connections\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      ['NS1020', 'warning', "step 'look' changes nothing, so `expect no lost connections` holds whatever the cluster allows"],
    ]);
    expect(r.scenario?.steps[1]?.checks.map((c) => c.kind)).toEqual(['reach', 'change']);
  });

  it('report an unknown end with the names near it, and a name an earlier step removed', () => {
    const r = checked(`${CLUSTER}step "a" {\n  remove pod shop/client\n  expect no new connections from namespace shp to pod shop/wbe\n}\nstep "b" {\n  label pod shop/web tier=front\n  expect no new connections to pod shop/client\n}\n`);
    expect(r.diagnostics.map((d) => [d.code, d.message, d.help])).toEqual([
      ['NS1002', 'unknown namespace `shp`', 'did you mean `shop`?'],
      ['NS1002', 'unknown pod `shop/wbe`', 'did you mean `web`?'],
      ['NS1007', "pod shop/client was removed in step 'a'", expect.stringContaining('declare it again')],
    ]);
  });
});

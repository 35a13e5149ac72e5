/** The network-policy statements and the checks between them. */
import { describe, expect, it } from 'vitest';
import { convertPolicy } from '../../../src/check/declarations/network-policy.js';
import { parseFile } from '../../../src/syntax/parse.js';
import { newCtx } from '../../../src/check/context.js';
import type { PolicyDecl } from '../../../src/syntax/ast.js';

function policy(...body: string[]): PolicyDecl {
  const parsed = parseFile(`cluster c {\n  network-policy p in shop {\n${body.map((l) => `    ${l}\n`).join('')}  }\n}\n`, 't.netscn');
  const c = parsed.ast?.items[0];
  const d = c?.kind === 'Cluster' ? c.body[0] : undefined;
  if (d?.kind !== 'Policy') throw new Error(parsed.diagnostics.map((x) => x.message).join('; '));
  return d;
}

function convert(...body: string[]) {
  const ctx = newCtx('t.netscn');
  const c = convertPolicy(ctx, policy(...body));
  return { spec: c?.object.kind === 'network-policy' ? c.object.spec : undefined, messages: ctx.diagnostics.map((d) => d.message) };
}

describe('network-policy', () => {
  it('takes its types from the directions its statements name: `deny egress` alone isolates egress only', () => {
    expect(convert('select app=web', 'deny egress').spec?.policyTypes).toEqual(['Egress']);
    expect(convert('select app=web').spec?.policyTypes).toEqual(['Ingress']);
    expect(convert('select app=web', 'allow ingress', 'allow egress').spec?.policyTypes).toEqual(['Ingress', 'Egress']);
  });
  it('warns on a deny beside an allow of the same direction, and on an allow that policy-types leave out', () => {
    expect(convert('select app=web', 'allow ingress', 'deny ingress').messages).toEqual(['`deny ingress` adds nothing next to `allow ingress`']);
    const r = convert('select app=web', 'policy-types ingress', 'allow egress');
    expect(r.messages).toEqual(['`allow egress` has no effect: `policy-types` leaves out Egress']);
    expect(r.spec?.policyTypes).toEqual(['Ingress']);
  });
  it('needs one `select`', () => {
    expect(convert('allow ingress')).toEqual({ spec: undefined, messages: ['network-policy shop/p has no `select`'] });
    expect(convert('select app=web', 'select app=db').messages).toEqual(['`select` is given twice in this policy']);
  });
});

/** `link A B KIND` → a LinkSpec named `A-B`. */
import type { LinkSpec } from '../spec/types.js';
import type { LinkDecl } from '../syntax/ast.js';
import { Code } from './codes.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './objects.js';
import { lookup } from './words.js';

const LINK_KINDS: Readonly<Record<string, LinkSpec['kind']>> = {
  'leased-line': 'leased-line',
  vpn: 'vpn',
  internet: 'internet',
  raven: 'raven',
};

export function convertLink(ctx: Ctx, d: LinkDecl): Converted | undefined {
  const kind = lookup(ctx, d.linkKind, LINK_KINDS, 'link kind');
  if (d.a.value === d.b.value) {
    error(ctx, Code.settingValue, d.b.span, 'a link joins two different network domains', { label: `\`${d.a.value}\` twice` });
    return undefined;
  }
  if (!kind) return undefined;
  const spec: LinkSpec = { name: `${d.a.value}-${d.b.value}`, a: d.a.value, b: d.b.value, kind, span: d.span };
  return { object: { kind: 'link', spec }, refs: [], span: d.span };
}

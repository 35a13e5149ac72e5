/**
 * `link A B KIND` → a LinkSpec named `A-B`, or `A-B-internet` for the public internet, so that a
 * pair of domains can have internet access and a private link (Raven, a leased line) at once.
 */
import type { LbAclSpec, LinkSpec } from '../spec/types.js';
import type { LbAclDecl, LinkDecl } from '../syntax/ast.js';
import { checkCidr } from './values.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import type { Converted } from './declarations/converted.js';
import { lookup } from './words.js';

const LINK_KINDS: Readonly<Record<string, LinkSpec['kind']>> = {
  'leased-line': 'leased-line',
  vpn: 'vpn',
  internet: 'internet',
  raven: 'raven',
  'raven-proxy': 'raven-proxy',
};

export function convertLink(ctx: Ctx, d: LinkDecl): Converted | undefined {
  const kind = lookup(ctx, d.linkKind, LINK_KINDS, 'link kind');
  if (d.a.value === d.b.value) {
    error(ctx, DIAG.linkToItself, d.b.span, message(DIAG.linkToItself, {}), { label: `\`${d.a.value}\` twice` });
    return undefined;
  }
  if (!kind) return undefined;
  const spec: LinkSpec = { name: `${d.a.value}-${d.b.value}${kind === 'internet' ? '-internet' : ''}`, a: d.a.value, b: d.b.value, kind, span: d.span };
  return { object: { kind: 'link', spec }, refs: [], span: d.span };
}

/** `lb-acl NAME CIDR, CIDR`: the entries of a cloud load balancer ACL. */
export function convertLbAcl(ctx: Ctx, d: LbAclDecl): Converted | undefined {
  const cidrs = d.addrs.map((a) => checkCidr(ctx, a, 'ACL entry'));
  if (cidrs.some((c) => c === undefined)) return undefined;
  const spec: LbAclSpec = { name: d.name.value, cidrs: cidrs.map((c) => (c as { text: string }).text), span: d.span };
  return { object: { kind: 'lb-acl', spec }, refs: [], span: d.span };
}

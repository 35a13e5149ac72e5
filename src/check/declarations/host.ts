/**
 * `host NAME ip ADDR [in vpc|internet | domain D] [route CIDR via node N]…` → a HostSpec. A host
 * in a network domain is a private machine of that site (so not on the internet); only private
 * hosts route to nodes.
 */
import type { HostSpec } from '../../spec/types.js';
import type { HostDecl } from '../../syntax/ast.js';
import { DIAG } from '../../diag/catalogue.js';
import { error, type Ctx } from '../context.js';
import type { Ref } from '../refs.js';
import { checkCidr, checkIp } from '../values.js';
import { HOST_LOCATIONS, oneOf } from '../words.js';
import type { Converted } from './converted.js';
import { checkName } from './names.js';

export function convertHost(ctx: Ctx, d: HostDecl): Converted | undefined {
  checkName(ctx, d.name.value, d.name.span, 'host', 'subdomain');
  const ip = checkIp(ctx, d.ip, 'host address');
  const kind = d.where ? oneOf(ctx, d.where, HOST_LOCATIONS, 'host location') : d.domain ? 'vpc' : 'internet';
  if (!ip || !kind) return undefined;
  if (d.domain && kind === 'internet') {
    error(ctx, DIAG.misplaced, d.domain.span, 'a host on the internet is in no network domain', { label: 'not with `in internet`', help: 'a host in a domain is a private machine of that site: drop `in internet`' });
    return undefined;
  }
  const routes: { cidr: string; node: string }[] = [];
  for (const r of d.routes) {
    const cidr = checkCidr(ctx, r.cidr, 'route destination');
    if (!cidr) return undefined;
    if (kind === 'internet') {
      error(ctx, DIAG.misplaced, r.span, 'a host on the internet cannot route to a node', { label: 'not with an internet host', help: 'routes to nodes are for private machines: `in vpc` or `domain NAME`' });
      return undefined;
    }
    routes.push({ cidr: cidr.text, node: r.node.value });
  }
  const spec: HostSpec = { name: d.name.value, kind, ip: ip.text, ...(d.domain ? { domain: d.domain.value } : {}), ...(routes.length > 0 ? { routes } : {}), span: d.span };
  const refs: Ref[] = [...(d.domain ? [{ kind: 'domain' as const, name: d.domain.value, span: d.domain.span }] : []), ...d.routes.map((r) => ({ kind: 'node' as const, name: r.node.value, span: r.node.span }))];
  return { object: { kind: 'host', spec }, refs, span: d.span };
}

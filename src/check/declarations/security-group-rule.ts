/**
 * `allow PROTO [PORTS] from|to CIDR|group NAME` → a SecurityGroupRule. A rule for every protocol
 * (`all`), for ICMP (every type) or for IP-in-IP has no ports; a rule without a CIDR or group covers every address of the
 * family (0.0.0.0/0).
 */
import type { SecurityGroupRule } from '../../spec/types.js';
import type { SgRuleAst } from '../../syntax/ast.js';
import { DIAG } from '../../diag/catalogue.js';
import { warn, type Ctx } from '../context.js';
import { checkRange } from '../settings.js';
import { checkCidr } from '../values.js';
import { SG_PROTOCOLS, lookup } from '../words.js';
import { familyOf } from './families.js';

export function convertSgRule(ctx: Ctx, r: SgRuleAst): SecurityGroupRule | undefined {
  const protocol = lookup(ctx, r.protocol, SG_PROTOCOLS, 'security-group protocol');
  const ports = r.ports ? checkRange(ctx, r.ports) : ([1, 65535] as const);
  const cidr = r.cidr ? checkCidr(ctx, r.cidr, 'security-group CIDR') : undefined;
  if (!protocol || !ports || (r.cidr && !cidr)) return undefined;
  const portless = protocol === 'all' || protocol === 'IPIP' || protocol === 'ICMP';
  if (r.group) return { direction: r.direction, protocol, ports: portless ? [1, 65535] : ports, cidr: '', group: r.group.value, span: r.span };
  if (portless && r.ports) {
    warn(ctx, DIAG.clauseIgnored, r.ports.span, protocol === 'all' ? 'a rule for every protocol covers every port' : protocol === 'ICMP' ? 'ICMP has no ports (the rule admits every ICMP type)' : 'IP-in-IP has no ports', { label: 'ignored' });
  }
  return { direction: r.direction, protocol, ports: portless ? [1, 65535] : ports, cidr: cidr?.text ?? (familyOf(r.cidr?.text ?? '') === 'IPv6' ? '::/0' : '0.0.0.0/0'), span: r.span };
}

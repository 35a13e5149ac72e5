/**
 * Selectors, peers and ports as NetworkPolicy has them (networking.k8s.io/v1 semantics):
 * kubectl-style selectors as LabelSelectors (also for pod groups and security groups bound to
 * pods), peers (pods, namespaces, ipBlocks with `except`) and ports. The `network-policy`
 * declaration itself is declarations/network-policy.ts.
 */
import type { LabelSelector, LabelSelectorRequirement, NetworkPolicyPeer, NetworkPolicyPort } from '../spec/types.js';
import type { PolicyPeer, PortRef, Selector } from '../syntax/ast.js';
import { DIAG } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import { protocolOf } from './declarations/ports.js';
import { checkCidr, checkPort, labelKeyProblem, labelValueProblem } from './values.js';
import { cidrInCidr } from '../address/validate.js';

/** A kubectl-style selector as a LabelSelector; undefined after reporting an invalid key or value. */
export function convertSelector(ctx: Ctx, s: Selector): LabelSelector | undefined {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  let ok = true;
  for (const t of s.terms) {
    const kp = labelKeyProblem(t.key);
    if (kp) {
      error(ctx, DIAG.invalidLabel, t.span, `invalid label key \`${t.key}\` in selector`, { label: kp });
      ok = false;
      continue;
    }
    const bad = t.values.find((v) => labelValueProblem(v) !== undefined);
    if (bad !== undefined) {
      error(ctx, DIAG.invalidLabel, t.span, `invalid label value \`${bad}\` in selector`, { label: labelValueProblem(bad) ?? '' });
      ok = false;
      continue;
    }
    switch (t.op) {
      case '=': {
        const v = t.values[0] ?? '';
        if (t.key in matchLabels && matchLabels[t.key] !== v) matchExpressions.push({ key: t.key, operator: 'In', values: [v] });
        else matchLabels[t.key] = v;
        break;
      }
      case '!=':
        matchExpressions.push({ key: t.key, operator: 'NotIn', values: [...t.values] });
        break;
      case 'in':
        matchExpressions.push({ key: t.key, operator: 'In', values: [...t.values] });
        break;
      case 'notin':
        matchExpressions.push({ key: t.key, operator: 'NotIn', values: [...t.values] });
        break;
      case 'exists':
        matchExpressions.push({ key: t.key, operator: 'Exists', values: [] });
        break;
      case '!exists':
        matchExpressions.push({ key: t.key, operator: 'DoesNotExist', values: [] });
        break;
      default: {
        const never: never = t.op;
        throw new Error(`unexpected selector operator ${String(never)}`);
      }
    }
  }
  return ok ? { matchLabels, matchExpressions } : undefined;
}

export function convertPeer(ctx: Ctx, p: PolicyPeer): NetworkPolicyPeer | undefined {
  if (p.cidr) {
    const cidr = checkCidr(ctx, p.cidr, 'ipBlock CIDR');
    if (!cidr) return undefined;
    const except: string[] = [];
    for (const e of p.except) {
      const c = checkCidr(ctx, e, 'except CIDR');
      if (!c) return undefined;
      if (!cidrInCidr(c, cidr) || c.prefix <= cidr.prefix) {
        error(ctx, DIAG.policy, e.span, `except ${c.text} is not a strict subrange of ${cidr.text}`, {
          label: `not inside ${cidr.text}`,
          notes: ['an ipBlock `except` must lie strictly inside its `cidr`'],
        });
        return undefined;
      }
      except.push(c.text);
    }
    return { ipBlock: { cidr: cidr.text, except } };
  }
  const pods = p.pods ? convertSelector(ctx, p.pods) : undefined;
  const namespaces = p.namespaces ? convertSelector(ctx, p.namespaces) : undefined;
  if ((p.pods && !pods) || (p.namespaces && !namespaces)) return undefined;
  return { ...(pods ? { podSelector: pods } : {}), ...(namespaces ? { namespaceSelector: namespaces } : {}) };
}

export function convertPolicyPort(ctx: Ctx, r: PortRef): NetworkPolicyPort | undefined {
  const protocol = protocolOf(ctx, r.protocol);
  if (!protocol) return undefined;
  if (r.port.kind === 'Word') {
    if (r.endPort) {
      error(ctx, DIAG.portRange, r.span, 'a port range needs numbers', { label: 'named port with an end port' });
      return undefined;
    }
    return { protocol, port: r.port.value };
  }
  if (!checkPort(ctx, r.port)) return undefined;
  if (r.endPort) {
    if (!checkPort(ctx, r.endPort)) return undefined;
    if (r.endPort.value < r.port.value) {
      error(ctx, DIAG.portRange, r.span, `empty port range ${r.port.text}-${r.endPort.text}`, { label: 'the first port is above the last', help: `write \`${r.endPort.text}-${r.port.text}\`` });
      return undefined;
    }
    return { protocol, port: r.port.value, endPort: r.endPort.value };
  }
  return { protocol, port: r.port.value };
}

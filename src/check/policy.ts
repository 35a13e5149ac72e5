/**
 * The compact NetworkPolicy form → NetworkPolicySpec (networking.k8s.io/v1 semantics).
 * policyTypes: the explicit list when given; otherwise the directions the policy's statements
 * name (`allow`/`deny ingress|egress`), and Ingress alone for a policy with no statement. The
 * compact form says what it means: `deny egress` never isolates ingress. (YAML keeps upstream
 * defaulting — Ingress always, Egress iff egress rules — and its traps.)
 */
import type { LabelSelector, LabelSelectorRequirement, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicyRule, NetworkPolicySpec, Span } from '../spec/types.js';
import type { PolicyDecl, PolicyPeer, PortRef, Selector } from '../syntax/ast.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, warn, where, type Ctx } from './context.js';
import type { Converted } from './declarations/converted.js';
import { checkName, qualify } from './declarations/names.js';
import { protocolOf } from './declarations/ports.js';
import type { Ref } from './refs.js';
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

function convertPeer(ctx: Ctx, p: PolicyPeer): NetworkPolicyPeer | undefined {
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

export function convertPolicy(ctx: Ctx, d: PolicyDecl): Converted | undefined {
  const { namespace, name, nsSpan } = qualify(ctx, d.name, d.namespace, 'network-policy');
  checkName(ctx, name, d.name.span, 'network-policy', 'subdomain');
  const refs: Ref[] = [{ kind: 'namespace', name: namespace, span: nsSpan }];
  let podSelector: LabelSelector | undefined;
  let selectSpan: Span | undefined;
  let explicitTypes: ('Ingress' | 'Egress')[] | undefined;
  const ingress: NetworkPolicyRule[] = [];
  const egress: NetworkPolicyRule[] = [];
  const denied = new Map<'ingress' | 'egress', Span>();
  const allowed = new Map<'ingress' | 'egress', Span>();
  let ok = true;

  for (const s of d.body) {
    switch (s.kind) {
      case 'Select':
        if (selectSpan) {
          error(ctx, DIAG.duplicate, s.span, '`select` is given twice in this policy', { label: 'second time', notes: [`first given at ${where(selectSpan)}`] });
          break;
        }
        selectSpan = s.span;
        podSelector = convertSelector(ctx, s.selector);
        if (!podSelector) ok = false;
        break;
      case 'PolicyTypes': {
        const types: ('Ingress' | 'Egress')[] = [];
        for (const w of s.types) {
          const v = w.value.toLowerCase();
          if (v === 'ingress' || v === 'egress') {
            const t = v === 'ingress' ? 'Ingress' : 'Egress';
            if (!types.includes(t)) types.push(t);
          } else {
            error(ctx, DIAG.unknownWord, w.span, message(DIAG.unknownWord, { what: 'policy type', word: w.value }), { expected: '`ingress` or `egress`' });
            ok = false;
          }
        }
        explicitTypes = types;
        break;
      }
      case 'Rule': {
        if (s.deny) {
          denied.set(s.direction, s.span);
          break;
        }
        allowed.set(s.direction, allowed.get(s.direction) ?? s.span);
        const peers: NetworkPolicyPeer[] = [];
        for (const p of s.peers) {
          const peer = convertPeer(ctx, p);
          if (peer) peers.push(peer);
          else ok = false;
        }
        const ports: NetworkPolicyPort[] = [];
        for (const r of s.ports) {
          const port = convertPolicyPort(ctx, r);
          if (port) ports.push(port);
          else ok = false;
        }
        (s.direction === 'ingress' ? ingress : egress).push({ peers, ports, span: s.span });
        break;
      }
      default: {
        const never: never = s;
        throw new Error(`unexpected policy statement ${JSON.stringify(never)}`);
      }
    }
  }
  for (const [dir, span] of denied) {
    const allow = allowed.get(dir);
    if (allow) {
      warn(ctx, DIAG.policyRuleVoid, span, `\`deny ${dir}\` adds nothing next to \`allow ${dir}\``, {
        label: 'redundant',
        notes: [`a policy only allows: once it selects a pod for ${dir}, everything its rules do not allow is denied`, `the allow rule is at ${where(allow)}`],
      });
    }
  }
  if (!selectSpan) {
    error(ctx, DIAG.missingClause, d.name.span, `network-policy ${namespace}/${name} has no \`select\``, {
      label: 'which pods does it apply to?',
      help: 'add `select app=web`, or `select all` for every pod in the namespace',
    });
    return undefined;
  }
  const hasEgress = egress.length > 0 || denied.has('egress');
  const hasIngress = ingress.length > 0 || denied.has('ingress');
  const named: ('Ingress' | 'Egress')[] = [...(hasIngress || !hasEgress ? ['Ingress' as const] : []), ...(hasEgress ? ['Egress' as const] : [])];
  const policyTypes = explicitTypes ?? named;
  if (explicitTypes) {
    for (const [dir, list] of [['ingress', ingress], ['egress', egress]] as const) {
      const t = dir === 'ingress' ? 'Ingress' : 'Egress';
      const first = list[0];
      if (first?.span && !policyTypes.includes(t)) {
        warn(ctx, DIAG.policyRuleVoid, first.span, `\`allow ${dir}\` has no effect: \`policy-types\` leaves out ${t}`, { label: 'ignored', help: `add \`${dir}\` to \`policy-types\`` });
      }
    }
  }
  if (!ok || !podSelector) return undefined;
  const spec: NetworkPolicySpec = { name, namespace, podSelector, policyTypes, ingress, egress, span: d.span };
  return { object: { kind: 'network-policy', spec }, refs, span: d.span };
}

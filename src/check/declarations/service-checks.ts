/**
 * The checks of a `service` declaration that need more than one clause, run in order once every
 * clause is in the draft (service-clauses.ts): the ports against the type and the node-port
 * range, the clauses that only some types take, the type's own needs, headless Services and the
 * API server's dual-stack rules. `ports` is the one check that adds to the Service: its valid
 * ports.
 */
import type { ServicePortSpec, ServiceSpec, ServiceType, Span } from '../../spec/types.js';
import type { ServiceDecl, ServicePortClause } from '../../syntax/ast.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, warn, where, type Ctx } from '../context.js';
import { checkPort } from '../values.js';
import type { Env } from './converted.js';
import { familyOf } from './families.js';
import { checkPortName } from './names.js';
import { protocolOf } from './ports.js';
import type { ServiceDraft } from './service-clauses.js';

/** A Service being checked: its declaration, its draft, its namespaced name and where it is. */
export interface ServiceAt {
  readonly d: ServiceDecl;
  readonly s: ServiceDraft;
  readonly namespace: string;
  readonly name: string;
  readonly env: Env;
  /** Filled by the `ports` check. */
  readonly ports: ServicePortSpec[];
}

/** `no-selector` and a `selector` clause cannot both be given. */
function selectorOrNone(ctx: Ctx, { s }: ServiceAt): void {
  if (s.noSelector && s.selectorSpan) {
    error(ctx, DIAG.misplaced, s.noSelector, '`no-selector` contradicts the `selector` clause', { label: 'here', notes: [`selector given at ${where(s.selectorSpan)}`] });
  }
}

/** The Service port of one `port` clause, or undefined after an error. */
export function servicePort(ctx: Ctx, p: ServicePortClause, type: ServiceType, nodePortRange: readonly [number, number], ports: readonly ServicePortSpec[]): ServicePortSpec | undefined {
  if (!checkPort(ctx, p.port)) return undefined;
  const protocol = protocolOf(ctx, p.protocol);
  if (!protocol) return undefined;
  if (p.name && !checkPortName(ctx, p.name)) return undefined;
  let targetPort: number | string = p.port.value;
  if (p.target) {
    if (p.target.kind === 'Num' ? !checkPort(ctx, p.target, 'target port') : !checkPortName(ctx, p.target)) return undefined;
    targetPort = p.target.value;
  }
  const nodePort = p.nodePort ? checkNodePort(ctx, p.nodePort, type, nodePortRange) : undefined;
  const clash = ports.find((o) => (o.port === p.port.value && o.protocol === protocol) || (p.name !== undefined && o.name === p.name.value));
  if (clash) {
    const byName = p.name !== undefined && clash.name === p.name.value;
    error(ctx, DIAG.servicePorts, p.span, byName ? `port name \`${p.name?.value}\` is used twice in this Service` : `port ${p.port.value}/${protocol} is defined twice in this Service`, { label: 'second time' });
    return undefined;
  }
  return { ...(p.name ? { name: p.name.value } : {}), port: p.port.value, protocol, targetPort, ...(nodePort !== undefined ? { nodePort } : {}), span: p.span };
}

/** A `node-port` value: only on NodePort and LoadBalancer Services, inside the cluster's range. */
function checkNodePort(ctx: Ctx, n: NonNullable<ServicePortClause['nodePort']>, type: ServiceType, [lo, hi]: readonly [number, number]): number | undefined {
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    error(ctx, DIAG.serviceType, n.span, `a ${type} Service has no node ports`, {
      label: 'node-port needs type nodeport or loadbalancer',
      help: 'add `type nodeport`',
    });
    return undefined;
  }
  if (n.value < lo || n.value > hi) {
    error(ctx, DIAG.nodePort, n.span, message(DIAG.nodePort, { port: n.text, range: `${lo}-${hi}` }), {
      label: 'out of range',
      expected: `a port from ${lo} to ${hi}`,
      notes: ['the range is the API server flag --service-node-port-range (`node-port-range` here)'],
    });
    return undefined;
  }
  return n.value;
}

/** Every `port` clause, checked now that the type is known. */
function ports(ctx: Ctx, at: ServiceAt): void {
  for (const p of at.s.portClauses) {
    const port = servicePort(ctx, p, at.s.type, at.env.base.nodePortRange, at.ports);
    if (port) at.ports.push(port);
  }
}

/** A Service with more than one port names every port. */
function namedWhenMany(ctx: Ctx, at: ServiceAt): void {
  if (at.ports.length <= 1) return;
  for (const p of at.ports) {
    if (p.name === undefined && p.span) {
      error(ctx, DIAG.servicePorts, p.span, message(DIAG.servicePorts, { port: p.port }), {
        label: 'unnamed port',
        notes: ['when a Service has more than one port, every port must be named'],
        help: `name it, e.g. \`port p${p.port}:${p.port}\``,
      });
    }
  }
}

/** A clause of another type's Service is ignored, with a warning. */
function clausesOfOtherTypes(ctx: Ctx, { s }: ServiceAt): void {
  for (const t of s.typed) {
    if (t.types.includes(s.type)) continue;
    warn(ctx, DIAG.clauseIgnored, t.span, message(DIAG.clauseIgnored, { clause: t.clause, what: `${s.type} Service` }), {
      label: 'ignored',
      notes: [`it applies to type ${t.types.join(' or ')}`],
      ...(s.typeSpan ? {} : { help: `add \`type ${t.types[0]?.toLowerCase()}\`` }),
    });
  }
}

/** An ExternalName Service names its DNS name; a headless one is of type ClusterIP. */
function typeNeeds(ctx: Ctx, { d, s }: ServiceAt): void {
  if (s.type === 'ExternalName') {
    if (s.externalName === undefined) {
      error(ctx, DIAG.serviceType, s.typeSpan ?? d.name.span, message(DIAG.serviceType, {}), {
        label: 'no external name',
        help: 'add `external-name db.example.com` (the DNS name the Service aliases)',
      });
    }
  } else if (s.headless && (s.type === 'NodePort' || s.type === 'LoadBalancer')) {
    error(ctx, DIAG.serviceType, s.typeSpan ?? d.name.span, `a headless Service cannot be of type ${s.type}`, {
      label: 'clusterIP None needs type ClusterIP',
    });
  }
}

/** `headless` and a pinned cluster IP contradict each other. */
function headlessHasNoClusterIp(ctx: Ctx, { d, s }: ServiceAt): void {
  if (s.headless && s.clusterIP !== undefined) {
    error(ctx, DIAG.serviceType, d.name.span, 'a headless Service has no cluster IP', { label: 'both `headless` and a `cluster-ip` address' });
  }
}

/** A Service other than ExternalName or headless has a port. */
function somePort(ctx: Ctx, at: ServiceAt): void {
  if (at.s.type !== 'ExternalName' && at.ports.length === 0 && !at.s.headless) {
    error(ctx, DIAG.servicePorts, at.d.name.span, `service ${at.namespace}/${at.name} has no port`, {
      label: 'no `port` clause',
      help: 'add one, e.g. `port 80 -> 8080`',
    });
  }
}

/**
 * The API server's dual-stack rules for one Service: families must exist in the cluster,
 * SingleStack takes one family, RequireDualStack needs a dual-stack cluster, two families
 * without a policy default to RequireDualStack, pinned cluster IPs follow ipFamilies' order.
 */
export function checkFamilies(
  ctx: Ctx,
  env: Env,
  f: { type: ServiceType; headless: boolean; clusterIP?: string; secondaryClusterIP?: string; ipFamilyPolicy?: ServiceSpec['ipFamilyPolicy']; ipFamilies?: readonly ('IPv4' | 'IPv6')[]; span: Span },
): void {
  const dual = env.base.secondaryServiceCidr !== undefined;
  const fail = (message: string, label: string, help?: string): void => void error(ctx, DIAG.settingValue, f.span, message, { label, ...(help ? { help } : {}) });
  if (f.type === 'ExternalName') {
    if (f.ipFamilies || f.ipFamilyPolicy) fail('an ExternalName Service has no IP families', 'ExternalName is a DNS alias');
    return;
  }
  if (f.ipFamilies?.includes('IPv6') && !dual) return fail('IPv6 on a single-stack IPv4 cluster', 'the cluster has no IPv6 addresses', 'give `pod-cidr` an IPv6 block too for a dual-stack cluster');
  if (f.ipFamilyPolicy === 'RequireDualStack' && !dual) return fail('RequireDualStack on a single-stack cluster', 'the API server rejects it', 'use `prefer-dual-stack`, which falls back to one family');
  if ((f.ipFamilies?.length ?? 0) > 1 && f.ipFamilyPolicy === 'SingleStack') return fail('SingleStack with two IP families', 'one family only', 'drop a family or use `require-dual-stack`');
  if (f.secondaryClusterIP !== undefined && (f.ipFamilyPolicy ?? ((f.ipFamilies?.length ?? 0) > 1 ? 'RequireDualStack' : 'SingleStack')) === 'SingleStack')
    return fail('two cluster IPs on a SingleStack Service', 'one address per family the Service has', 'add `ip-family-policy require-dual-stack`');
  const first = f.ipFamilies?.[0];
  if (first && f.clusterIP !== undefined && familyOf(f.clusterIP) !== first) fail(`cluster IP ${f.clusterIP} is not ${first}, the Service's first family`, 'clusterIPs follow ipFamilies in order');
}

/** The dual-stack rules, reported at the family clauses (else the cluster IP, else the declaration). */
function families(ctx: Ctx, { d, s, env }: ServiceAt): void {
  const { type, headless, clusterIP, secondaryClusterIP, ipFamilyPolicy, ipFamilies } = s;
  checkFamilies(ctx, env, { type, headless, clusterIP, secondaryClusterIP, ipFamilyPolicy, ipFamilies, span: s.familySpan ?? s.clusterIpSpan ?? d.span });
}

/** The cross-clause checks, in the order they report. */
export const SERVICE_CHECKS: readonly ((ctx: Ctx, at: ServiceAt) => void)[] = [
  selectorOrNone,
  ports,
  namedWhenMany,
  clausesOfOtherTypes,
  typeNeeds,
  headlessHasNoClusterIp,
  somePort,
  families,
];

/**
 * A `service` declaration's clauses: one handler per clause word of CLAUSE_WORDS_OF.service and
 * one per flag of SERVICE_FLAGS, each validating its own values and filling the ServiceDraft.
 * What needs more than one clause (ports against the type, headless against a cluster IP, the
 * dual-stack rules) is checked afterwards, in service-checks.ts.
 */
import type { Labels, ServiceSpec, ServiceType, Span, TrafficPolicy } from '../../spec/types.js';
import { SERVICE_DEFAULTS } from '../../spec/types.js';
import type { ServiceClause, ServicePortClause } from '../../syntax/ast.js';
import { ipInCidr } from '../../address/validate.js';
import { DIAG, message } from '../../diag/catalogue.js';
import { error, type Ctx } from '../context.js';
import { checkCidr, checkIp, dns1123SubdomainProblem } from '../values.js';
import { AFFINITIES, DISTRIBUTIONS, FAMILIES, FAMILY_POLICIES, IP_MODES, SERVICE_FLAGS, SERVICE_TYPES, TRAFFIC_POLICIES, lookup } from '../words.js';
import { oneWordClause, wordOfKinds, type ClauseByWord, type ClauseKinds, type ClauseTable, type Declaration, type FlagTable } from './clauses.js';
import type { Env } from './converted.js';
import { checkLabels } from './labels.js';
import { familyOf } from './families.js';

/** A clause that means something on some Service types only, checked once the type is known. */
export interface TypedClause {
  readonly clause: string;
  readonly span: Span;
  readonly types: readonly ServiceType[];
}

/** A Service as its clauses leave it, before the cross-clause checks. */
export interface ServiceDraft {
  type: ServiceType;
  /** The `type` value's span, when given. */
  typeSpan?: Span;
  headless: boolean;
  selector: Labels | null;
  selectorSpan?: Span;
  /** The `no-selector` flag's span, when given. */
  noSelector?: Span;
  /** Checked once the type is known (service-checks.ts). */
  readonly portClauses: ServicePortClause[];
  clusterIP?: string;
  secondaryClusterIP?: string;
  clusterIpSpan?: Span;
  ipFamilyPolicy?: ServiceSpec['ipFamilyPolicy'];
  ipFamilies?: ('IPv4' | 'IPv6')[];
  familySpan?: Span;
  externalTrafficPolicy: TrafficPolicy;
  internalTrafficPolicy: TrafficPolicy;
  sessionAffinity: ServiceSpec['sessionAffinity'];
  sessionAffinityTimeout: number;
  externalIPs: string[];
  loadBalancerSourceRanges: string[];
  loadBalancerIPs: string[];
  loadBalancerIPMode: ServiceSpec['loadBalancerIPMode'];
  allocateLoadBalancerNodePorts: boolean;
  externalName?: string;
  publishNotReadyAddresses: boolean;
  trafficDistribution?: ServiceSpec['trafficDistribution'];
  annotations: Labels;
  readonly typed: TypedClause[];
}

/** A Service before any clause: the API server's defaults. */
export function emptyService(): ServiceDraft {
  return {
    type: 'ClusterIP',
    headless: false,
    selector: null,
    portClauses: [],
    externalTrafficPolicy: SERVICE_DEFAULTS.externalTrafficPolicy,
    internalTrafficPolicy: SERVICE_DEFAULTS.internalTrafficPolicy,
    sessionAffinity: SERVICE_DEFAULTS.sessionAffinity,
    sessionAffinityTimeout: SERVICE_DEFAULTS.sessionAffinityTimeout,
    externalIPs: [],
    loadBalancerSourceRanges: [],
    loadBalancerIPs: [],
    loadBalancerIPMode: SERVICE_DEFAULTS.loadBalancerIPMode,
    allocateLoadBalancerNodePorts: SERVICE_DEFAULTS.allocateLoadBalancerNodePorts,
    publishNotReadyAddresses: false,
    annotations: {},
    typed: [],
  };
}

type Clause<K extends ServiceClause['kind']> = Extract<ServiceClause, { kind: K }>;

/** The AST clause each service clause word parses to. */
const KINDS = {
  in: 'In',
  type: 'Type',
  selector: 'Selector',
  port: 'Port',
  'cluster-ip': 'ClusterIp',
  'external-traffic-policy': ['TrafficPolicy', 'external'],
  'internal-traffic-policy': ['TrafficPolicy', 'internal'],
  'session-affinity': 'SessionAffinity',
  'external-ips': ['AddrList', 'external-ips'],
  'source-ranges': ['AddrList', 'source-ranges'],
  'lb-ip': ['AddrList', 'lb-ip'],
  'lb-ip-mode': 'LbIpMode',
  'external-name': 'ExternalName',
  'traffic-distribution': 'TrafficDistribution',
  annotations: 'Annotations',
  'ip-family-policy': 'IpFamilyPolicy',
  'ip-families': 'IpFamilies',
} as const satisfies ClauseKinds<'service', ServiceClause>;

/** `cluster-ip None | ADDR [ADDR6]`: headless, or pinned addresses inside the service CIDR of their family, one per family. */
export function clusterIpClause(ctx: Ctx, c: Clause<'ClusterIp'>, s: ServiceDraft, env: Env): void {
  if (c.addr.kind === 'Word') {
    if (c.addr.value.toLowerCase() === 'none') s.headless = true;
    else error(ctx, DIAG.invalidAddress, c.addr.span, message(DIAG.invalidAddress, { what: 'cluster IP', text: c.addr.value }), { expected: 'an address in the service CIDR, or `None` for a headless Service' });
    return;
  }
  const pins = [c.addr, ...(c.second ? [c.second] : [])];
  const accepted: string[] = [];
  for (const a of pins) {
    const ip = checkIp(ctx, a, 'cluster IP');
    if (!ip) continue;
    const cidr = ip.family === 'IPv6' ? env.base.secondaryServiceCidr : env.base.serviceCidr;
    if (!cidr) {
      error(ctx, DIAG.outsideCidr, a.span, `cluster IP ${ip.text} is IPv6, but the cluster is single-stack IPv4`, {
        label: 'no IPv6 service CIDR',
        help: 'give `pod-cidr` an IPv6 block too for a dual-stack cluster',
      });
      continue;
    }
    if (!ipInCidr(ip, cidr)) {
      error(ctx, DIAG.outsideCidr, a.span, message(DIAG.outsideCidr, { what: 'cluster IP', ip: ip.text, range: `service CIDR ${cidr.text}` }), {
        label: `not in ${cidr.text}`,
        help: 'pick an address inside `service-cidr`, or leave `cluster-ip` out to have one allocated',
      });
      continue;
    }
    if (accepted.length === 1 && familyOf(accepted[0] as string) === ip.family) {
      error(ctx, DIAG.invalidAddress, a.span, `two ${ip.family} cluster IPs`, { label: 'same family as the first', notes: ['clusterIPs holds at most one address per IP family'] });
      continue;
    }
    accepted.push(ip.text);
  }
  s.clusterIP = accepted[0];
  s.secondaryClusterIP = accepted[1];
  s.clusterIpSpan = c.span;
}

/** `ip-families ipv4 ipv6`: each family once; kept only when every word is a family. */
export function ipFamiliesClause(ctx: Ctx, c: Clause<'IpFamilies'>, s: ServiceDraft): void {
  const fams: ('IPv4' | 'IPv6')[] = [];
  for (const w of c.families) {
    const f = lookup(ctx, w, FAMILIES, 'IP family');
    if (!f) continue;
    if (fams.includes(f)) error(ctx, DIAG.duplicate, w.span, `${f} is listed twice`, { label: 'second time' });
    else fams.push(f);
  }
  if (fams.length === c.families.length) s.ipFamilies = fams;
  s.familySpan = c.span;
}

/** `session-affinity clientip [TIMEOUT]`: the timeout in seconds, 1 to 86400. */
export function sessionAffinityClause(ctx: Ctx, c: Clause<'SessionAffinity'>, s: ServiceDraft): void {
  const a = lookup(ctx, c.value, AFFINITIES, 'session affinity');
  if (a) s.sessionAffinity = a;
  if (!c.timeout) return;
  if (c.timeout.value < 1 || c.timeout.value > 86400) {
    error(ctx, DIAG.settingValue, c.timeout.span, `session affinity timeout ${c.timeout.text} is out of range`, { expected: 'seconds from 1 to 86400' });
  } else s.sessionAffinityTimeout = c.timeout.value;
}

/** `external-name NAME`: a DNS name (a trailing dot allowed). */
export function externalNameClause(ctx: Ctx, c: Clause<'ExternalName'>, s: ServiceDraft): void {
  const problem = dns1123SubdomainProblem(c.value.value.replace(/\.$/, '').toLowerCase());
  if (problem) error(ctx, DIAG.invalidName, c.value.span, message(DIAG.invalidName, { what: 'external', name: c.value.value }), { label: problem, expected: 'a DNS name like db.example.com' });
  else s.externalName = c.value.value;
  s.typed.push({ clause: 'external-name', span: c.span, types: ['ExternalName'] });
}

/** The addresses of an `external-ips` or `lb-ip` clause that are valid. */
function addresses(ctx: Ctx, c: Clause<'AddrList'>, what: string): string[] {
  return c.addrs.flatMap((a) => {
    const r = checkIp(ctx, a, what);
    return r ? [r.text] : [];
  });
}

const CLAUSES: ClauseTable<'service', ClauseByWord<ServiceClause, typeof KINDS>, ServiceDraft, Env> = {
  in: { once: true, apply: () => undefined },
  type: oneWordClause(SERVICE_TYPES, 'Service type', (s: ServiceDraft, t, c: Clause<'Type'>) => {
    if (!t) return;
    s.type = t;
    s.typeSpan = c.value.span;
  }),
  selector: {
    once: true,
    apply: (ctx, c, s) => {
      s.selector = checkLabels(ctx, c.labels);
      s.selectorSpan = c.span;
    },
  },
  port: { once: false, apply: (_ctx, c, s) => void s.portClauses.push(c) },
  'cluster-ip': { once: true, apply: clusterIpClause },
  'ip-family-policy': oneWordClause(FAMILY_POLICIES, 'IP family policy', (s: ServiceDraft, p, c: Clause<'IpFamilyPolicy'>) => {
    if (p) s.ipFamilyPolicy = p;
    s.familySpan = c.span;
  }),
  'ip-families': { once: true, values: FAMILIES, apply: ipFamiliesClause },
  'external-traffic-policy': oneWordClause(TRAFFIC_POLICIES, 'traffic policy', (s: ServiceDraft, p, c: Clause<'TrafficPolicy'>) => {
    if (!p) return;
    s.externalTrafficPolicy = p;
    s.typed.push({ clause: 'external-traffic-policy', span: c.span, types: ['NodePort', 'LoadBalancer'] });
  }),
  'internal-traffic-policy': oneWordClause(TRAFFIC_POLICIES, 'traffic policy', (s: ServiceDraft, p) => {
    if (p) s.internalTrafficPolicy = p;
  }),
  'session-affinity': { once: true, values: AFFINITIES, apply: sessionAffinityClause },
  'source-ranges': {
    once: true,
    apply: (ctx, c, s) => {
      s.loadBalancerSourceRanges = c.addrs.flatMap((a) => {
        const r = checkCidr(ctx, a, 'source range');
        return r ? [r.text] : [];
      });
      s.typed.push({ clause: 'source-ranges', span: c.span, types: ['LoadBalancer'] });
    },
  },
  'external-ips': { once: true, apply: (ctx, c, s) => void (s.externalIPs = addresses(ctx, c, 'external IP')) },
  'lb-ip': {
    once: true,
    apply: (ctx, c, s) => {
      s.loadBalancerIPs = addresses(ctx, c, 'load balancer IP');
      s.typed.push({ clause: 'lb-ip', span: c.span, types: ['LoadBalancer'] });
    },
  },
  'lb-ip-mode': oneWordClause(IP_MODES, 'load balancer IP mode', (s: ServiceDraft, m, c: Clause<'LbIpMode'>) => {
    if (m) s.loadBalancerIPMode = m;
    s.typed.push({ clause: 'lb-ip-mode', span: c.span, types: ['LoadBalancer'] });
  }),
  'external-name': { once: true, apply: externalNameClause },
  'traffic-distribution': oneWordClause(DISTRIBUTIONS, 'traffic distribution', (s: ServiceDraft, t) => {
    if (t) s.trafficDistribution = t;
  }),
  annotations: { once: true, apply: (ctx, c, s) => void (s.annotations = checkLabels(ctx, c.labels, 'annotation')) },
};

const FLAGS: FlagTable<(typeof SERVICE_FLAGS)[number], ServiceDraft> = {
  headless: (s) => void (s.headless = true),
  'publish-not-ready': (s) => void (s.publishNotReadyAddresses = true),
  'no-selector': (s, c) => void (s.noSelector = c.flag.span),
  'no-node-ports': (s, c) => {
    s.allocateLoadBalancerNodePorts = false;
    s.typed.push({ clause: 'no-node-ports', span: c.span, types: ['LoadBalancer'] });
  },
};

/** The service declaration's clause and flag tables. */
export const SERVICE: Declaration<'service', ServiceClause, ServiceDraft, Env> = {
  decl: 'service',
  wordOf: wordOfKinds<'service', ServiceClause>(KINDS),
  clauses: CLAUSES,
  flagWords: SERVICE_FLAGS,
  flags: FLAGS,
};

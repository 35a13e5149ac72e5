/**
 * Cluster statements → spec objects. Each conversion validates the values it can judge alone and
 * returns the references it makes (see refs.ts) for resolution against the whole cluster.
 */
import type {
  ContainerPort,
  EndpointSlicePortSpec,
  EndpointSpec,
  HostSpec,
  Labels,
  NamespaceSpec,
  NodeAddress,
  NodeSpec,
  PodSpec,
  Protocol,
  SecurityGroupRule,
  ServicePortSpec,
  ServiceSpec,
  ServiceType,
  Span,
  TrafficPolicy,
} from '../spec/types.js';
import { SERVICE_DEFAULTS } from '../spec/types.js';
import type {
  Addr,
  EndpointSliceDecl,
  HostDecl,
  LabelPair,
  NamespaceDecl,
  NodeClause,
  NodeDecl,
  PodDecl,
  PodPort,
  PoolDecl,
  QName,
  ServiceClause,
  ServiceDecl,
  SgRuleAst,
  Word,
} from '../syntax/ast.js';
import { closest, didYouMean } from '../diag/suggest.js';
import type { SpecObject } from '../spec/objects.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, warn, where, type Ctx } from './context.js';
import type { Ref } from './refs.js';
import type { ClusterBase } from './settings.js';
import { checkRange } from './settings.js';
import { checkCidr, checkIp, checkPort, dns1035LabelProblem, dns1123LabelProblem, dns1123SubdomainProblem, labelKeyProblem, labelValueProblem } from './values.js';
import { cidrInCidr, ipInCidr } from '../address/validate.js';
import type { FamilyName } from '../address/families.js';
import { isPrivateAddress } from '../address/ip.js';
import {
  ENDPOINT_CLAUSES,
  ENDPOINT_FLAGS,
  NODE_CLAUSES,
  NODE_FLAGS,
  POD_CLAUSES,
  POD_FLAGS,
  PROTOCOL_WORDS,
  SERVICE_CLAUSES,
  SERVICE_FLAGS,
  lookup,
  oneOf,
} from './words.js';

export interface Converted {
  readonly object: SpecObject;
  readonly refs: readonly Ref[];
  /** Where the object is declared (for duplicate notes). */
  readonly span: Span;
}

/** What conversions need to know about the cluster around them. */
export interface Env {
  readonly base: ClusterBase;
  /** Pool declarations by name: defaults for the nodes in the pool. */
  readonly pools: ReadonlyMap<string, PoolDecl>;
  /** The node a pod without `on` is placed on; undefined when the cluster has no node. */
  readonly defaultNode?: string;
}

// ---------------------------------------------------------------- shared helpers

export function protocolOf(ctx: Ctx, w: Word | undefined): Protocol | undefined {
  if (!w) return 'TCP';
  return lookup(ctx, w, PROTOCOL_WORDS, 'protocol');
}

export function checkLabels(ctx: Ctx, pairs: readonly LabelPair[], what = 'label'): Labels {
  const out: Record<string, string> = {};
  const seen = new Map<string, Span>();
  for (const p of pairs) {
    const keyProblem = labelKeyProblem(p.key);
    if (keyProblem) {
      error(ctx, DIAG.invalidLabel, p.span, `invalid ${what} key \`${p.key}\``, { label: keyProblem, notes: ['a key is an optional DNS-subdomain prefix and "/", then a name of at most 63 characters'] });
      continue;
    }
    const valueProblem = what === 'annotation' ? undefined : labelValueProblem(p.value);
    if (valueProblem) {
      error(ctx, DIAG.invalidLabel, p.span, `invalid ${what} value \`${p.value}\``, { label: valueProblem });
      continue;
    }
    const first = seen.get(p.key);
    if (first) {
      error(ctx, DIAG.duplicate, p.span, `${what} \`${p.key}\` is given twice`, { label: 'second value', notes: [`first given at ${where(first)}`] });
      continue;
    }
    seen.set(p.key, p.span);
    out[p.key] = p.value;
  }
  return out;
}

type NameRule = 'label' | 'subdomain' | 'dns1035';

export function checkName(ctx: Ctx, name: string, span: Span, what: string, rule: NameRule): void {
  const problem = rule === 'label' ? dns1123LabelProblem(name) : rule === 'subdomain' ? dns1123SubdomainProblem(name) : dns1035LabelProblem(name);
  if (!problem) return;
  const kind = rule === 'label' ? 'a DNS-1123 label' : rule === 'subdomain' ? 'a DNS-1123 subdomain' : 'a DNS-1035 label';
  const lower = name.toLowerCase().replace(/_/g, '-');
  const fixed = lower !== name && !(rule === 'label' ? dns1123LabelProblem(lower) : rule === 'subdomain' ? dns1123SubdomainProblem(lower) : dns1035LabelProblem(lower));
  error(ctx, DIAG.invalidName, span, message(DIAG.invalidName, { what, name }), {
    label: problem,
    notes: [`${what} names must be ${kind}`],
    help: fixed ? `write \`${lower}\`` : undefined,
  });
}

/** The namespace and name of `kind name [in ns]`; `ns/name` and `in ns` must agree. Default namespace: `default`. */
export function qualify(ctx: Ctx, q: QName, inClause: Word | undefined, what: string): { namespace: string; name: string; nsSpan: Span } {
  if (q.namespace !== undefined && inClause && inClause.value !== q.namespace) {
    error(ctx, DIAG.conflictingNamespace, inClause.span, message(DIAG.conflictingNamespace, { what, name: `${q.namespace}/${q.name}`, namespace: inClause.value }), {
      label: `conflicts with the namespace \`${q.namespace}\` in the name`,
      help: 'give the namespace once: either `ns/name` or `in ns`',
    });
  }
  const namespace = q.namespace ?? inClause?.value ?? 'default';
  return { namespace, name: q.name, nsSpan: inClause?.span ?? q.span };
}

class Once {
  private readonly seen = new Map<string, Span>();
  constructor(private readonly ctx: Ctx, private readonly what: string) {}
  /** False (and an error) when `clause` was already given for this object. */
  first(clause: string, span: Span): boolean {
    const prev = this.seen.get(clause);
    if (prev) {
      error(this.ctx, DIAG.duplicate, span, `\`${clause}\` is given twice for this ${this.what}`, { label: 'second time', notes: [`first given at ${where(prev)}`] });
      return false;
    }
    this.seen.set(clause, span);
    return true;
  }
}

/**
 * An unknown flag of a declaration with free-order clauses. A flag right after an unknown flag
 * that is a near miss of a clause word is that clause's value (`domian idc`): it gets no error of
 * its own.
 */
function unknownFlag(ctx: Ctx, flag: Word, what: string, flags: readonly string[], clauses: readonly string[], previous: { kind: string; flag?: Word } | undefined): void {
  const meantClause = (w: Word): boolean => !flags.includes(w.value) && clauses.includes(closest(w.value, [...flags, ...clauses])?.candidate ?? '');
  if (previous?.kind === 'Flag' && previous.flag && meantClause(previous.flag)) return;
  const shown = clauses.length > 5 ? `${clauses.slice(0, 5).join(', ')}, ...` : clauses.join(', ');
  error(ctx, DIAG.unknownFlag, flag.span, message(DIAG.unknownFlag, { what, flag: flag.value }), {
    label: `not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} flag or clause`,
    expected: `a flag (${flags.join(', ')}) or a clause (${shown})`,
    help: didYouMean(flag.value, [...flags, ...clauses]),
  });
}

/** The clause before `c` in its declaration. */
function before<T>(clauses: readonly T[], c: T): T | undefined {
  return clauses[clauses.indexOf(c) - 1];
}

const IANA_SVC_NAME = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function checkPortName(ctx: Ctx, name: Word): boolean {
  if (name.value.length <= 15 && IANA_SVC_NAME.test(name.value) && !name.value.includes('--')) return true;
  error(ctx, DIAG.invalidName, name.span, message(DIAG.invalidName, { what: 'port', name: name.value }), {
    label: 'not an IANA service name',
    notes: ["a port name has at most 15 lower-case letters, digits and '-', with at least one letter, no '--', and no '-' at either end"],
  });
  return false;
}

function familyOf(text: string): FamilyName {
  return text.includes(':') ? 'IPv6' : 'IPv4';
}

// ---------------------------------------------------------------- namespaces

export function convertNamespace(ctx: Ctx, d: NamespaceDecl): Converted {
  checkName(ctx, d.name.value, d.name.span, 'namespace', 'label');
  const spec: NamespaceSpec = { name: d.name.value, labels: checkLabels(ctx, d.labels), span: d.span };
  return { object: { kind: 'namespace', spec }, refs: [], span: d.span };
}

// ---------------------------------------------------------------- nodes

interface NodeParts {
  addresses: NodeAddress[];
  eip?: string;
  pool?: string;
  zone?: string;
  domain?: string;
  podCidr?: string;
  ready: boolean;
  labels: Labels;
}

function applyNodeClauses(ctx: Ctx, env: Env, clauses: readonly NodeClause[], parts: NodeParts, what: string): void {
  const once = new Once(ctx, what);
  const families = new Map<FamilyName, boolean>();
  for (const c of clauses) {
    switch (c.kind) {
      case 'Ip': {
        const ip = checkIp(ctx, c.addr, 'node address');
        if (!ip) break;
        if (parts.addresses.some((a) => a.ip === ip.text)) {
          error(ctx, DIAG.duplicate, c.addr.span, `address ${ip.text} is given twice`, { label: 'second time' });
          break;
        }
        if (c.primary && families.get(ip.family)) {
          error(ctx, DIAG.duplicate, c.span, `a second primary ${ip.family} address`, { label: 'one primary address per IP family' });
          break;
        }
        if (c.primary) families.set(ip.family, true);
        parts.addresses.push({ ip: ip.text, primary: c.primary });
        break;
      }
      case 'Pool':
        if (once.first('pool', c.span)) parts.pool = c.pool.value;
        break;
      case 'Zone':
        if (once.first('zone', c.span)) parts.zone = c.zone.value;
        break;
      case 'Eip': {
        if (!once.first('eip', c.span)) break;
        const ip = checkIp(ctx, c.addr, 'elastic IP');
        if (!ip) break;
        if (ip.family !== 'IPv4' || isPrivateAddress(ip.text) || ip.text.startsWith('127.') || ip.text.startsWith('169.254.')) {
          error(ctx, DIAG.invalidAddress, c.addr.span, `${ip.text} is not a public IPv4 address`, {
            label: ip.family === 'IPv4' ? 'a private address' : 'IPv6',
            notes: ['an elastic IP (the node\'s ExternalIP) is the public address the cloud maps onto the node'],
          });
          break;
        }
        parts.eip = ip.text;
        break;
      }
      case 'Domain':
        if (once.first('domain', c.span)) parts.domain = c.domain.value;
        break;
      case 'PodCidr': {
        if (!once.first('pod-cidr', c.span)) break;
        const cidr = checkCidr(ctx, c.cidr, 'node pod CIDR');
        if (!cidr) break;
        if (!env.base.podCidrs.some((p) => cidrInCidr(cidr, p))) {
          error(ctx, DIAG.outsideCidr, c.cidr.span, message(DIAG.outsideCidr, { what: 'node pod CIDR', ip: cidr.text, range: 'cluster pod CIDR' }), {
            label: `not inside ${env.base.podCidrs.map((p) => p.text).join(' or ')}`,
            notes: ['node pod CIDRs are carved from the cluster pod CIDR (`pod-cidr`)'],
          });
          break;
        }
        parts.podCidr = cidr.text;
        break;
      }
      case 'Labels':
        parts.labels = { ...parts.labels, ...checkLabels(ctx, c.labels) };
        break;
      case 'Flag':
        if (c.flag.value === 'not-ready') parts.ready = false;
        else unknownFlag(ctx, c.flag, what, NODE_FLAGS, NODE_CLAUSES, before(clauses, c));
        break;
      default:
        assertNever(c);
    }
  }
}

/** Exactly one primary address per family: the marked one, else the first given. */
function withPrimaries(addresses: readonly NodeAddress[]): NodeAddress[] {
  const marked = new Set(addresses.filter((a) => a.primary).map((a) => familyOf(a.ip)));
  const done = new Set<FamilyName>();
  return addresses.map((a) => {
    const f = familyOf(a.ip);
    const primary = marked.has(f) ? a.primary : !done.has(f);
    if (primary) done.add(f);
    return { ip: a.ip, primary };
  });
}

export function convertPool(ctx: Ctx, env: Env, d: PoolDecl): void {
  const parts: NodeParts = { addresses: [], ready: true, labels: {} };
  applyNodeClauses(ctx, env, d.clauses, parts, 'pool');
  for (const c of d.clauses) {
    if (c.kind === 'Ip' || c.kind === 'PodCidr' || c.kind === 'Eip') {
      error(ctx, DIAG.misplaced, c.span, 'a pool cannot give node addresses, elastic IPs or pod CIDRs', { label: 'per-node clause', help: 'give it on each `node` instead' });
    } else if (c.kind === 'Pool') {
      error(ctx, DIAG.misplaced, c.span, 'a pool cannot belong to another pool', { label: 'not valid on a pool' });
    }
  }
}

export function convertNode(ctx: Ctx, env: Env, d: NodeDecl): Converted {
  checkName(ctx, d.name.value, d.name.span, 'node', 'subdomain');
  const own: NodeParts = { addresses: [], ready: true, labels: {} };
  applyNodeClauses(ctx, env, d.clauses, own, 'node');
  const refs: Ref[] = [];
  let parts = own;
  if (own.pool !== undefined) {
    const poolDecl = env.pools.get(own.pool);
    if (poolDecl) {
      const fromPool: NodeParts = { addresses: [], ready: true, labels: {} };
      applyNodeClauses({ file: ctx.file, diagnostics: [] }, env, poolDecl.clauses.filter((c) => c.kind !== 'Ip' && c.kind !== 'PodCidr' && c.kind !== 'Pool' && c.kind !== 'Eip'), fromPool, 'pool');
      parts = {
        ...fromPool,
        ...own,
        zone: own.zone ?? fromPool.zone,
        domain: own.domain ?? fromPool.domain,
        ready: own.ready && fromPool.ready,
        labels: { ...fromPool.labels, ...own.labels },
      };
    }
  }
  const spec: NodeSpec = {
    name: d.name.value,
    addresses: withPrimaries(parts.addresses),
    ...(parts.pool !== undefined ? { pool: parts.pool } : {}),
    ...(parts.zone !== undefined ? { zone: parts.zone } : {}),
    ...(own.eip !== undefined ? { eip: own.eip } : {}),
    ...(parts.domain !== undefined ? { domain: parts.domain } : {}),
    ...(parts.podCidr !== undefined ? { podCidr: parts.podCidr } : {}),
    ready: parts.ready,
    labels: parts.labels,
    span: d.span,
  };
  return { object: { kind: 'node', spec }, refs, span: d.span };
}

// ---------------------------------------------------------------- pods

export const DNS_POLICIES = {
  clusterfirst: 'ClusterFirst',
  'cluster-first': 'ClusterFirst',
  clusterfirstwithhostnet: 'ClusterFirstWithHostNet',
  'cluster-first-with-host-net': 'ClusterFirstWithHostNet',
  default: 'Default',
  none: 'None',
} as const;

export function convertPodPorts(ctx: Ctx, ports: readonly PodPort[], what: string): ContainerPort[] {
  const out: ContainerPort[] = [];
  for (const p of ports) {
    if (!checkPort(ctx, p.port)) continue;
    const protocol = protocolOf(ctx, p.protocol);
    if (!protocol) continue;
    if (p.name && !checkPortName(ctx, p.name)) continue;
    const clash = out.find((o) => (o.containerPort === p.port.value && o.protocol === protocol) || (p.name !== undefined && o.name === p.name.value));
    if (clash) {
      const byName = p.name !== undefined && clash.name === p.name.value;
      error(ctx, DIAG.duplicate, p.span, byName ? `port name \`${p.name?.value}\` is used twice in this ${what}` : `port ${p.port.value}/${protocol} is listed twice in this ${what}`, { label: 'second time' });
      continue;
    }
    out.push({ ...(p.name ? { name: p.name.value } : {}), containerPort: p.port.value, protocol });
  }
  return out;
}

export function convertPod(ctx: Ctx, env: Env, d: PodDecl): Converted | undefined {
  const once = new Once(ctx, 'pod');
  const inClause = d.clauses.find((c): c is Extract<typeof c, { kind: 'In' }> => c.kind === 'In');
  const { namespace, name, nsSpan } = qualify(ctx, d.name, inClause?.namespace, 'pod');
  checkName(ctx, name, d.name.span, 'pod', 'subdomain');
  const refs: Ref[] = [{ kind: 'namespace', name: namespace, span: nsSpan }];
  let node: { name: string; span: Span } | undefined;
  let labels: Labels = {};
  let ports: ContainerPort[] = [];
  let ip: { text: string; span: Span; parsed: NonNullable<ReturnType<typeof checkIp>> } | undefined;
  let ip6: string | undefined;
  let hostNetwork = false;
  let hostname: string | undefined;
  let subdomain: string | undefined;
  let ready = true;
  let terminating = false;
  let dnsPolicy: PodSpec['dnsPolicy'] = 'ClusterFirst';
  let owner: PodSpec['owner'];
  const hostPorts: { hostPort: number; target: Extract<(typeof d.clauses)[number], { kind: 'HostPort' }>['target']; span: Span }[] = [];

  for (const c of d.clauses) {
    switch (c.kind) {
      case 'In':
        once.first('in', c.span);
        break;
      case 'On':
        if (once.first('on', c.span)) node = { name: c.node.value, span: c.node.span };
        break;
      case 'Labels':
        if (once.first('labels', c.span)) labels = checkLabels(ctx, c.labels);
        break;
      case 'Ports':
        if (once.first('ports', c.span)) ports = convertPodPorts(ctx, c.ports, 'pod');
        break;
      case 'Ip': {
        if (!once.first('ip', c.span)) break;
        const parsed = checkIp(ctx, c.addr, 'pod IP');
        if (parsed) ip = { text: parsed.text, span: c.addr.span, parsed };
        if (c.addr6) {
          const v6 = checkIp(ctx, c.addr6, 'pod IPv6 address');
          if (!v6) break;
          if (parsed?.family !== 'IPv4' || v6.family !== 'IPv6') {
            error(ctx, DIAG.invalidAddress, c.span, 'a pod pins its IPv4 address, then its IPv6 one', { label: 'two addresses', expected: '`ip 10.244.0.5 fd00:10:244::5`' });
            break;
          }
          const cidr6 = env.base.podCidrs.find((pc) => pc.family === 'IPv6');
          if (!cidr6) {
            error(ctx, DIAG.notSupported, c.addr6.span, 'an IPv6 pod address on a single-stack IPv4 cluster', { label: 'an IPv6 address', help: 'give `pod-cidr` an IPv6 block too for a dual-stack cluster' });
            break;
          }
          if (!ipInCidr(v6, cidr6)) {
            error(ctx, DIAG.invalidAddress, c.addr6.span, `${v6.text} is outside the IPv6 pod CIDR ${cidr6.text}`, { label: 'not a pod address' });
            break;
          }
          ip6 = v6.text;
        }
        break;
      }
      case 'HostPort':
        if (checkPort(ctx, c.hostPort, 'host port')) hostPorts.push({ hostPort: c.hostPort.value, target: c.target, span: c.span });
        break;
      case 'Hostname':
        if (once.first('hostname', c.span)) {
          checkName(ctx, c.value.value, c.value.span, 'host', 'label');
          hostname = c.value.value;
        }
        break;
      case 'Subdomain':
        if (once.first('subdomain', c.span)) {
          checkName(ctx, c.value.value, c.value.span, 'subdomain', 'label');
          subdomain = c.value.value;
        }
        break;
      case 'DnsPolicy': {
        if (!once.first('dns-policy', c.span)) break;
        const p = lookup(ctx, c.value, DNS_POLICIES, 'DNS policy');
        if (p) dnsPolicy = p;
        break;
      }
      case 'Owner':
        if (once.first('owner', c.span)) owner = { kind: c.ownerKind.value, name: c.name.value };
        break;
      case 'Flag':
        switch (c.flag.value) {
          case 'host-network':
            hostNetwork = true;
            break;
          case 'not-ready':
            ready = false;
            break;
          case 'terminating':
            terminating = true;
            break;
          default:
            unknownFlag(ctx, c.flag, 'pod', POD_FLAGS, POD_CLAUSES, before(d.clauses, c));
        }
        break;
      default:
        assertNever(c);
    }
  }

  for (const hp of hostPorts) {
    if (hostNetwork) {
      warn(ctx, DIAG.clauseIgnored, hp.span, '`host-port` has no effect on a host-network pod', { label: 'ignored', notes: ['a host-network pod listens on the node addresses directly'] });
      continue;
    }
    const protocol = protocolOf(ctx, hp.target.protocol);
    if (!protocol) continue;
    const t = hp.target.port;
    if (t.kind === 'Word') {
      const i = ports.findIndex((p) => p.name === t.value);
      const found = ports[i];
      if (!found) {
        error(ctx, DIAG.unknownName, t.span, `this pod has no port named \`${t.value}\``, {
          label: 'unknown port name',
          help: didYouMean(t.value, ports.flatMap((p) => (p.name ? [p.name] : []))) ?? 'name it in `ports`, e.g. `ports http:8080`',
        });
        continue;
      }
      ports = ports.map((p, j) => (j === i ? { ...p, hostPort: hp.hostPort } : p));
    } else {
      if (!checkPort(ctx, t)) continue;
      const i = ports.findIndex((p) => p.containerPort === t.value && p.protocol === protocol);
      ports = i >= 0 ? ports.map((p, j) => (j === i ? { ...p, hostPort: hp.hostPort } : p)) : [...ports, { containerPort: t.value, protocol, hostPort: hp.hostPort }];
    }
  }

  const nodeName = node?.name ?? env.defaultNode;
  if (nodeName === undefined) {
    error(ctx, DIAG.noNodes, d.name.span, message(DIAG.noNodes, { pod: `${namespace}/${name}` }), {
      label: 'no node declared',
      help: 'declare at least one node in the cluster block, e.g. `node n1 ip 192.168.0.11`',
    });
    return undefined;
  }
  if (node) refs.push({ kind: 'node', name: node.name, span: node.span });
  if (ip) {
    if (hostNetwork) warn(ctx, DIAG.clauseIgnored, ip.span, 'a pinned IP has no effect on a host-network pod', { label: 'ignored', notes: ['a host-network pod uses its node addresses'] });
    else refs.push({ kind: 'pod-ip', ip: ip.parsed, node: nodeName, span: ip.span });
  }
  const spec: PodSpec = {
    name,
    namespace,
    node: nodeName,
    labels,
    ports,
    ...(ip && !hostNetwork ? { ip: ip.text } : {}),
    ...(ip6 !== undefined && !hostNetwork ? { ip6 } : {}),
    hostNetwork,
    ...(hostname !== undefined ? { hostname } : {}),
    ...(subdomain !== undefined ? { subdomain } : {}),
    ready,
    terminating,
    dnsPolicy,
    ...(owner ? { owner } : {}),
    generation: 1,
    span: d.span,
  };
  return { object: { kind: 'pod', spec }, refs, span: d.span };
}

// ---------------------------------------------------------------- services

/**
 * The API server's dual-stack rules for one Service: families must exist in the cluster,
 * SingleStack takes one family, RequireDualStack needs a dual-stack cluster, two families
 * without a policy default to RequireDualStack, pinned cluster IPs follow ipFamilies' order.
 */
function checkFamilies(
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

export const SERVICE_TYPES: Readonly<Record<string, ServiceType>> = {
  clusterip: 'ClusterIP',
  nodeport: 'NodePort',
  loadbalancer: 'LoadBalancer',
  externalname: 'ExternalName',
};
export const TRAFFIC_POLICIES: Readonly<Record<string, TrafficPolicy>> = { cluster: 'Cluster', local: 'Local' };
export const AFFINITIES = { none: 'None', clientip: 'ClientIP', 'client-ip': 'ClientIP' } as const;
export const IP_MODES = { vip: 'VIP', proxy: 'Proxy' } as const;
export const FAMILY_POLICIES = {
  singlestack: 'SingleStack',
  'single-stack': 'SingleStack',
  preferdualstack: 'PreferDualStack',
  'prefer-dual-stack': 'PreferDualStack',
  requiredualstack: 'RequireDualStack',
  'require-dual-stack': 'RequireDualStack',
} as const;
export const FAMILIES = { ipv4: 'IPv4', ipv6: 'IPv6' } as const;
export const DISTRIBUTIONS = {
  prefersamezone: 'PreferSameZone',
  'prefer-same-zone': 'PreferSameZone',
  prefersamenode: 'PreferSameNode',
  'prefer-same-node': 'PreferSameNode',
  preferclose: 'PreferClose',
  'prefer-close': 'PreferClose',
} as const;

export function convertService(ctx: Ctx, env: Env, d: ServiceDecl): Converted {
  const once = new Once(ctx, 'service');
  const inClause = d.clauses.find((c): c is Extract<ServiceClause, { kind: 'In' }> => c.kind === 'In');
  const { namespace, name, nsSpan } = qualify(ctx, d.name, inClause?.namespace, 'service');
  checkName(ctx, name, d.name.span, 'service', 'dns1035');
  const refs: Ref[] = [{ kind: 'namespace', name: namespace, span: nsSpan }];
  let type: ServiceType = 'ClusterIP';
  let typeSpan: Span | undefined;
  let headless = false;
  let selector: Labels | null = null;
  let selectorSpan: Span | undefined;
  let noSelector: Span | undefined;
  const ports: ServicePortSpec[] = [];
  const portClauses: Extract<ServiceClause, { kind: 'Port' }>[] = [];
  let clusterIP: string | undefined;
  let secondaryClusterIP: string | undefined;
  let clusterIpSpan: Span | undefined;
  let ipFamilyPolicy: ServiceSpec['ipFamilyPolicy'];
  let ipFamilies: ('IPv4' | 'IPv6')[] | undefined;
  let familySpan: Span | undefined;
  let externalTrafficPolicy: TrafficPolicy = SERVICE_DEFAULTS.externalTrafficPolicy;
  let internalTrafficPolicy: TrafficPolicy = SERVICE_DEFAULTS.internalTrafficPolicy;
  let sessionAffinity: ServiceSpec['sessionAffinity'] = SERVICE_DEFAULTS.sessionAffinity;
  let sessionAffinityTimeout: number = SERVICE_DEFAULTS.sessionAffinityTimeout;
  let externalIPs: string[] = [];
  let loadBalancerSourceRanges: string[] = [];
  let loadBalancerIPs: string[] = [];
  let loadBalancerIPMode: ServiceSpec['loadBalancerIPMode'] = SERVICE_DEFAULTS.loadBalancerIPMode;
  let allocateLoadBalancerNodePorts: boolean = SERVICE_DEFAULTS.allocateLoadBalancerNodePorts;
  let externalName: string | undefined;
  let publishNotReadyAddresses = false;
  let trafficDistribution: ServiceSpec['trafficDistribution'];
  let annotations: Labels = {};
  /** Clauses that only mean something on some types, checked once the type is known. */
  const typed: { clause: string; span: Span; types: readonly ServiceType[] }[] = [];

  for (const c of d.clauses) {
    switch (c.kind) {
      case 'In':
        once.first('in', c.span);
        break;
      case 'Type': {
        if (!once.first('type', c.span)) break;
        const t = lookup(ctx, c.value, SERVICE_TYPES, 'Service type');
        if (t) {
          type = t;
          typeSpan = c.value.span;
        }
        break;
      }
      case 'Selector':
        if (once.first('selector', c.span)) {
          selector = checkLabels(ctx, c.labels);
          selectorSpan = c.span;
        }
        break;
      case 'Port':
        portClauses.push(c);
        break;
      case 'ClusterIp': {
        if (!once.first('cluster-ip', c.span)) break;
        if (c.addr.kind === 'Word') {
          if (c.addr.value.toLowerCase() === 'none') headless = true;
          else error(ctx, DIAG.invalidAddress, c.addr.span, message(DIAG.invalidAddress, { what: 'cluster IP', text: c.addr.value }), { expected: 'an address in the service CIDR, or `None` for a headless Service' });
          break;
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
        clusterIP = accepted[0];
        secondaryClusterIP = accepted[1];
        clusterIpSpan = c.span;
        break;
      }
      case 'IpFamilyPolicy': {
        if (!once.first('ip-family-policy', c.span)) break;
        const p = lookup(ctx, c.value, FAMILY_POLICIES, 'IP family policy');
        if (p) ipFamilyPolicy = p;
        familySpan = c.span;
        break;
      }
      case 'IpFamilies': {
        if (!once.first('ip-families', c.span)) break;
        const fams: ('IPv4' | 'IPv6')[] = [];
        for (const w of c.families) {
          const f = lookup(ctx, w, FAMILIES, 'IP family');
          if (!f) continue;
          if (fams.includes(f)) error(ctx, DIAG.duplicate, w.span, `${f} is listed twice`, { label: 'second time' });
          else fams.push(f);
        }
        if (fams.length === c.families.length) ipFamilies = fams;
        familySpan = c.span;
        break;
      }
      case 'TrafficPolicy': {
        if (!once.first(`${c.which}-traffic-policy`, c.span)) break;
        const p = lookup(ctx, c.value, TRAFFIC_POLICIES, 'traffic policy');
        if (!p) break;
        if (c.which === 'external') {
          externalTrafficPolicy = p;
          typed.push({ clause: 'external-traffic-policy', span: c.span, types: ['NodePort', 'LoadBalancer'] });
        } else internalTrafficPolicy = p;
        break;
      }
      case 'SessionAffinity': {
        if (!once.first('session-affinity', c.span)) break;
        const a = lookup(ctx, c.value, AFFINITIES, 'session affinity');
        if (a) sessionAffinity = a;
        if (c.timeout) {
          if (c.timeout.value < 1 || c.timeout.value > 86400) {
            error(ctx, DIAG.settingValue, c.timeout.span, `session affinity timeout ${c.timeout.text} is out of range`, { expected: 'seconds from 1 to 86400' });
          } else sessionAffinityTimeout = c.timeout.value;
        }
        break;
      }
      case 'AddrList': {
        if (!once.first(c.which, c.span)) break;
        if (c.which === 'source-ranges') {
          loadBalancerSourceRanges = c.addrs.flatMap((a) => {
            const r = checkCidr(ctx, a, 'source range');
            return r ? [r.text] : [];
          });
          typed.push({ clause: 'source-ranges', span: c.span, types: ['LoadBalancer'] });
        } else {
          const ips = c.addrs.flatMap((a) => {
            const r = checkIp(ctx, a, c.which === 'lb-ip' ? 'load balancer IP' : 'external IP');
            return r ? [r.text] : [];
          });
          if (c.which === 'lb-ip') {
            loadBalancerIPs = ips;
            typed.push({ clause: 'lb-ip', span: c.span, types: ['LoadBalancer'] });
          } else externalIPs = ips;
        }
        break;
      }
      case 'LbIpMode': {
        if (!once.first('lb-ip-mode', c.span)) break;
        const m = lookup(ctx, c.value, IP_MODES, 'load balancer IP mode');
        if (m) loadBalancerIPMode = m;
        typed.push({ clause: 'lb-ip-mode', span: c.span, types: ['LoadBalancer'] });
        break;
      }
      case 'ExternalName':
        if (!once.first('external-name', c.span)) break;
        {
          const problem = dns1123SubdomainProblem(c.value.value.replace(/\.$/, '').toLowerCase());
          if (problem) error(ctx, DIAG.invalidName, c.value.span, message(DIAG.invalidName, { what: 'external', name: c.value.value }), { label: problem, expected: 'a DNS name like db.example.com' });
          else externalName = c.value.value;
        }
        typed.push({ clause: 'external-name', span: c.span, types: ['ExternalName'] });
        break;
      case 'TrafficDistribution': {
        if (!once.first('traffic-distribution', c.span)) break;
        const t = lookup(ctx, c.value, DISTRIBUTIONS, 'traffic distribution');
        if (t) trafficDistribution = t;
        break;
      }
      case 'Annotations':
        if (once.first('annotations', c.span)) annotations = checkLabels(ctx, c.labels, 'annotation');
        break;
      case 'Flag':
        switch (c.flag.value) {
          case 'headless':
            headless = true;
            break;
          case 'publish-not-ready':
            publishNotReadyAddresses = true;
            break;
          case 'no-selector':
            noSelector = c.flag.span;
            break;
          case 'no-node-ports':
            allocateLoadBalancerNodePorts = false;
            typed.push({ clause: 'no-node-ports', span: c.span, types: ['LoadBalancer'] });
            break;
          default:
            unknownFlag(ctx, c.flag, 'service', SERVICE_FLAGS, SERVICE_CLAUSES, before(d.clauses, c));
        }
        break;
      default:
        assertNever(c);
    }
  }

  if (noSelector && selectorSpan) {
    error(ctx, DIAG.misplaced, noSelector, '`no-selector` contradicts the `selector` clause', { label: 'here', notes: [`selector given at ${where(selectorSpan)}`] });
  }

  // Ports.
  const [lo, hi] = env.base.nodePortRange;
  for (const p of portClauses) {
    if (!checkPort(ctx, p.port)) continue;
    const protocol = protocolOf(ctx, p.protocol);
    if (!protocol) continue;
    if (p.name && !checkPortName(ctx, p.name)) continue;
    let targetPort: number | string = p.port.value;
    if (p.target) {
      if (p.target.kind === 'Num') {
        if (!checkPort(ctx, p.target, 'target port')) continue;
        targetPort = p.target.value;
      } else {
        if (!checkPortName(ctx, p.target)) continue;
        targetPort = p.target.value;
      }
    }
    let nodePort: number | undefined;
    if (p.nodePort) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        error(ctx, DIAG.serviceType, p.nodePort.span, `a ${type} Service has no node ports`, {
          label: 'node-port needs type nodeport or loadbalancer',
          help: 'add `type nodeport`',
        });
      } else if (p.nodePort.value < lo || p.nodePort.value > hi) {
        error(ctx, DIAG.nodePort, p.nodePort.span, message(DIAG.nodePort, { port: p.nodePort.text, range: `${lo}-${hi}` }), {
          label: 'out of range',
          expected: `a port from ${lo} to ${hi}`,
          notes: ['the range is the API server flag --service-node-port-range (`node-port-range` here)'],
        });
      } else nodePort = p.nodePort.value;
    }
    const clash = ports.find((o) => (o.port === p.port.value && o.protocol === protocol) || (p.name !== undefined && o.name === p.name.value));
    if (clash) {
      const byName = p.name !== undefined && clash.name === p.name.value;
      error(ctx, DIAG.servicePorts, p.span, byName ? `port name \`${p.name?.value}\` is used twice in this Service` : `port ${p.port.value}/${protocol} is defined twice in this Service`, { label: 'second time' });
      continue;
    }
    ports.push({ ...(p.name ? { name: p.name.value } : {}), port: p.port.value, protocol, targetPort, ...(nodePort !== undefined ? { nodePort } : {}), span: p.span });
  }
  if (ports.length > 1) {
    for (const p of ports) {
      if (p.name === undefined && p.span) {
        error(ctx, DIAG.servicePorts, p.span, message(DIAG.servicePorts, { port: p.port }), {
          label: 'unnamed port',
          notes: ['when a Service has more than one port, every port must be named'],
          help: `name it, e.g. \`port p${p.port}:${p.port}\``,
        });
      }
    }
  }

  // Type-dependent rules.
  for (const t of typed) {
    if (!t.types.includes(type)) {
      warn(ctx, DIAG.clauseIgnored, t.span, message(DIAG.clauseIgnored, { clause: t.clause, what: `${type} Service` }), {
        label: 'ignored',
        notes: [`it applies to type ${t.types.join(' or ')}`],
        ...(typeSpan ? {} : { help: `add \`type ${t.types[0]?.toLowerCase()}\`` }),
      });
    }
  }
  if (type === 'ExternalName') {
    if (externalName === undefined) {
      error(ctx, DIAG.serviceType, typeSpan ?? d.name.span, message(DIAG.serviceType, {}), {
        label: 'no external name',
        help: 'add `external-name db.example.com` (the DNS name the Service aliases)',
      });
    }
  } else if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    error(ctx, DIAG.serviceType, typeSpan ?? d.name.span, `a headless Service cannot be of type ${type}`, {
      label: 'clusterIP None needs type ClusterIP',
    });
  }
  if (headless && clusterIP !== undefined) {
    error(ctx, DIAG.serviceType, d.name.span, 'a headless Service has no cluster IP', { label: 'both `headless` and a `cluster-ip` address' });
  }
  if (type !== 'ExternalName' && ports.length === 0 && !headless) {
    error(ctx, DIAG.servicePorts, d.name.span, `service ${namespace}/${name} has no port`, {
      label: 'no `port` clause',
      help: 'add one, e.g. `port 80 -> 8080`',
    });
  }

  checkFamilies(ctx, env, { type, headless, clusterIP, secondaryClusterIP, ipFamilyPolicy, ipFamilies, span: familySpan ?? clusterIpSpan ?? d.span });

  const spec: ServiceSpec = {
    name,
    namespace,
    type,
    headless,
    selector: type === 'ExternalName' || noSelector ? null : selector,
    ports,
    ...(clusterIP !== undefined ? { clusterIP } : {}),
    ...(secondaryClusterIP !== undefined ? { secondaryClusterIP } : {}),
    ...(ipFamilyPolicy !== undefined ? { ipFamilyPolicy } : {}),
    ...(ipFamilies !== undefined ? { ipFamilies } : {}),
    externalTrafficPolicy,
    internalTrafficPolicy,
    sessionAffinity,
    sessionAffinityTimeout,
    externalIPs,
    loadBalancerSourceRanges,
    loadBalancerIPs,
    loadBalancerIPMode,
    allocateLoadBalancerNodePorts,
    ...(externalName !== undefined ? { externalName } : {}),
    publishNotReadyAddresses,
    ...(trafficDistribution ? { trafficDistribution } : {}),
    annotations,
    span: d.span,
  };
  return { object: { kind: 'service', spec }, refs, span: d.span };
}

// ---------------------------------------------------------------- endpoint slices

export function convertEndpointSlice(ctx: Ctx, d: EndpointSliceDecl): Converted {
  const { namespace, name, nsSpan } = qualify(ctx, d.name, d.namespace, 'endpoint-slice');
  checkName(ctx, name, d.name.span, 'endpoint-slice', 'subdomain');
  const refs: Ref[] = [
    { kind: 'namespace', name: namespace, span: nsSpan },
    { kind: 'service', namespace, name: d.service.value, span: d.service.span },
  ];
  const ports: EndpointSlicePortSpec[] = convertPodPorts(ctx, d.ports, 'endpoint-slice').map((p) => ({
    ...(p.name !== undefined ? { name: p.name } : {}),
    port: p.containerPort,
    protocol: p.protocol,
  }));
  const endpoints: EndpointSpec[] = [];
  let family: { family: FamilyName; span: Span } | undefined;
  for (const e of d.endpoints) {
    const ip = checkIp(ctx, e.addr, 'endpoint address');
    if (!ip) continue;
    if (family && family.family !== ip.family) {
      error(ctx, DIAG.invalidAddress, e.addr.span, `an ${ip.family} endpoint in an ${family.family} EndpointSlice`, {
        label: `not ${family.family}`,
        notes: ['every address of an EndpointSlice has the same family; write a second slice for the other one'],
      });
      continue;
    }
    family ??= { family: ip.family, span: e.addr.span };
    const once = new Once(ctx, 'endpoint');
    let ep: { -readonly [K in keyof EndpointSpec]: EndpointSpec[K] } = { addresses: [ip.text] };
    for (const c of e.clauses) {
      switch (c.kind) {
        case 'Node':
          if (once.first('node', c.span)) {
            ep.nodeName = c.node.value;
            refs.push({ kind: 'node', name: c.node.value, span: c.node.span });
          }
          break;
        case 'Zone':
          if (once.first('zone', c.span)) ep.zone = c.zone.value;
          break;
        case 'Hostname':
          if (once.first('hostname', c.span)) {
            checkName(ctx, c.value.value, c.value.span, 'host', 'label');
            ep.hostname = c.value.value;
          }
          break;
        case 'Hints':
          if (once.first(`hints-${c.which}`, c.span)) {
            if (c.which === 'zones') ep.hintsForZones = c.values.map((v) => v.value);
            else ep.hintsForNodes = c.values.map((v) => v.value);
          }
          break;
        case 'Flag':
          switch (c.flag.value) {
            case 'ready':
              ep = { ...ep, ready: true };
              break;
            case 'not-ready':
              ep = { ...ep, ready: false };
              break;
            case 'serving':
              ep = { ...ep, serving: true };
              break;
            case 'not-serving':
              ep = { ...ep, serving: false };
              break;
            case 'terminating':
              ep = { ...ep, terminating: true };
              break;
            default:
              unknownFlag(ctx, c.flag, 'endpoint', ENDPOINT_FLAGS, ENDPOINT_CLAUSES, before(e.clauses, c));
          }
          break;
        default:
          assertNever(c);
      }
    }
    endpoints.push(ep);
  }
  const spec = { name, namespace, service: d.service.value, addressType: family?.family ?? 'IPv4', ports, endpoints, span: d.span } as const;
  return { object: { kind: 'endpoint-slice', spec }, refs, span: d.span };
}

// ---------------------------------------------------------------- hosts and security groups

export function convertHost(ctx: Ctx, d: HostDecl): Converted | undefined {
  checkName(ctx, d.name.value, d.name.span, 'host', 'subdomain');
  const ip = checkIp(ctx, d.ip, 'host address');
  const kind = d.where ? oneOf(ctx, d.where, ['vpc', 'internet'] as const, 'host location') : d.domain ? 'vpc' : 'internet';
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

const SG_PROTOCOLS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP', ipip: 'IPIP', all: 'all', any: 'all' } as const;

export function convertSgRule(ctx: Ctx, r: SgRuleAst): SecurityGroupRule | undefined {
  const protocol = lookup(ctx, r.protocol, SG_PROTOCOLS, 'security-group protocol');
  const ports = r.ports ? checkRange(ctx, r.ports) : ([1, 65535] as const);
  const cidr = r.cidr ? checkCidr(ctx, r.cidr, 'security-group CIDR') : undefined;
  if (!protocol || !ports || (r.cidr && !cidr)) return undefined;
  const portless = protocol === 'all' || protocol === 'IPIP';
  if (r.group) return { direction: r.direction, protocol, ports: portless ? [1, 65535] : ports, cidr: '', group: r.group.value, span: r.span };
  if (portless && r.ports) {
    warn(ctx, DIAG.clauseIgnored, r.ports.span, protocol === 'all' ? 'a rule for every protocol covers every port' : 'IP-in-IP has no ports', { label: 'ignored' });
  }
  return { direction: r.direction, protocol, ports: portless ? [1, 65535] : ports, cidr: cidr?.text ?? (familyOfAddr(r.cidr) === 'IPv6' ? '::/0' : '0.0.0.0/0'), span: r.span };
}

function familyOfAddr(a: Addr | undefined): FamilyName {
  return a && a.text.includes(':') ? 'IPv6' : 'IPv4';
}

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

/**
 * Assertions → Checks with fully qualified probe sources and targets, validated against the
 * cluster as it stands when they run.
 */
import { clusterFamilies } from '../model/ip-families.js';
import type { Cause, ProbeSource, ProbeTarget, Via } from '../net/types.js';
import type { Protocol, Span } from '../spec/types.js';
import type { PacketProtocol } from '../spec/packet-protocol.js';
import type {
  Assertion,
  DnsExpectation,
  ExpectExtra,
  Expectation,
  GroupReachAssertion,
  PodGroupRef,
  PortRef,
  QName,
  ReachAssertion,
  RequestAssertion,
  RequestExtra,
  ResolveAssertion,
  SourceRef,
  TableAssertion,
  TargetRef,
  Word,
} from '../syntax/ast.js';
import type { Check, DnsExpect, GroupCheck, PodGroup, ReachCheck, ReachExpectation, RequestCheck, RequestExpectation, ResolveCheck, TableCheck } from './scenario.js';
import { changeOutsideStep } from './change.js';
import { convertSelector } from './policy.js';
import { DIAG, message } from '../diag/catalogue.js';
import { error, type Ctx } from './context.js';
import { protocolOf } from './declarations/ports.js';
import { requireObject, type View } from './resolve.js';
import { checkCidr, checkIp, checkPort } from './values.js';
import { networkOption } from './network-option.js';
import { CAUSE_WORDS, OVER_FAMILIES, RECORD_TYPES, STAGE_WORDS, TLS_PLACES, VIA_WORDS, YES_NO, lookup } from './words.js';
import { assertNever } from '../spec/never.js';

function qualified(q: { namespace?: string; name: string }): { namespace: string; name: string } {
  return { namespace: q.namespace ?? 'default', name: q.name };
}

export function convertSource(ctx: Ctx, view: View, s: SourceRef): ProbeSource | undefined {
  switch (s.kind) {
    case 'PodRef': {
      const q = qualified(s.name);
      return requireObject(ctx, view, 'pod', q.namespace, q.name, s.name.span) ? { kind: 'pod', ...q } : undefined;
    }
    case 'NodeRef':
      return requireObject(ctx, view, 'node', undefined, s.name.value, s.name.span) ? { kind: 'node', name: s.name.value } : undefined;
    case 'HostRef': {
      if (!requireObject(ctx, view, 'host', undefined, s.name.value, s.name.span)) return undefined;
      const host = view.spec.hosts.find((h) => h.name === s.name.value);
      if (host?.ip.includes(':') && !isDualStack(view)) {
        error(ctx, DIAG.notSupported, s.name.span, `host ${host.name} has an IPv6 address, and the cluster is single-stack IPv4`, {
          label: host.ip,
          help: 'give `pod-cidr` an IPv6 block too for a dual-stack cluster',
        });
        return undefined;
      }
      return { kind: 'host', name: s.name.value };
    }
    case 'InternetRef':
      return { kind: 'internet' };
    case 'IpRef': {
      const ip = checkIp(ctx, s.addr);
      // ::1 is every machine's own loopback, single-stack IPv4 ones too.
      if (ip && ip.family === 'IPv6' && ip.text !== '::1' && !isDualStack(view)) {
        error(ctx, DIAG.notSupported, s.addr.span, 'an IPv6 address on a single-stack IPv4 cluster', {
          label: 'an IPv6 address',
          help: 'give `pod-cidr` an IPv6 block too for a dual-stack cluster',
        });
        return undefined;
      }
      return ip ? { kind: 'ip', ip: ip.text } : undefined;
    }
    default:
      return assertNever(s);
  }
}

export function convertTarget(ctx: Ctx, view: View, t: TargetRef, via?: Via, node?: string): ProbeTarget | undefined {
  switch (t.kind) {
    case 'SvcRef': {
      const q = qualified(t.name);
      if (!requireObject(ctx, view, 'service', q.namespace, q.name, t.name.span)) return undefined;
      return { kind: 'service', ...q, ...(via ? { via } : {}), ...(node ? { node } : {}) };
    }
    case 'PodRef': {
      const q = qualified(t.name);
      if (!requireObject(ctx, view, 'pod', q.namespace, q.name, t.name.span)) return undefined;
      return { kind: 'pod', ...q, ...(via ? { via } : {}), ...(node ? { node } : {}) };
    }
    case 'DnsRef':
      return { kind: 'dns', name: t.name.value };
    case 'NodeRef':
    case 'HostRef':
    case 'InternetRef':
    case 'IpRef': {
      const s = convertSource(ctx, view, t);
      return s;
    }
    default:
      return assertNever(t);
  }
}

/** `via`, `at node`, `port` shared by reach assertions and tables. */
function reachOptions(
  ctx: Ctx,
  view: View,
  opts: { via?: Word; atNode?: Word; port?: PortRef; over?: Word },
  target: readonly TargetRef[],
): { ok: boolean; via?: Via; node?: string; port?: number | string; protocol?: Protocol; family?: 4 | 6 } {
  let ok = true;
  const via = opts.via ? lookup(ctx, opts.via, VIA_WORDS, 'path (`via`)') : undefined;
  if (opts.via && !via) ok = false;
  if (via && opts.via) {
    const wrong = target.find((t) => t.kind !== 'SvcRef' && t.kind !== 'PodRef');
    if (wrong) {
      error(ctx, DIAG.clauseForTarget, opts.via.span, `\`via ${via}\` needs a Service or pod target`, {
        label: 'the target is not a Service or a pod',
        notes: ['`via` picks which address of a Service or pod is used'],
      });
      ok = false;
    }
  }
  let node: string | undefined;
  if (opts.atNode) {
    if (via !== 'nodeport' && via !== 'hostport') {
      error(ctx, DIAG.atNode, opts.atNode.span, message(DIAG.atNode, {}), {
        label: 'no node address is used on this path',
        help: 'add `via nodeport` (Services) or `via hostport` (pods) before `at node`',
      });
      ok = false;
    } else if (requireObject(ctx, view, 'node', undefined, opts.atNode.value, opts.atNode.span)) node = opts.atNode.value;
    else ok = false;
  }
  let port: number | string | undefined;
  let protocol: Protocol | undefined;
  if (opts.port) {
    const r = opts.port;
    if (r.endPort) {
      error(ctx, DIAG.portRange, r.span, 'an assertion connects to one port, not a range', { label: 'port range', help: 'use a table or one assertion per port' });
      ok = false;
    } else if (r.port.kind === 'Num') {
      if (checkPort(ctx, r.port)) port = r.port.value;
      else ok = false;
    } else port = r.port.value;
    if (r.protocol) {
      protocol = protocolOf(ctx, r.protocol);
      if (!protocol) ok = false;
    }
  }
  let family: 4 | 6 | undefined;
  if (opts.over) {
    const f = lookup(ctx, opts.over, OVER_FAMILIES, 'IP family');
    if (f === undefined) ok = false;
    else if (f === 6 && !isDualStack(view)) {
      error(ctx, DIAG.notSupported, opts.over.span, 'an IPv6 connection on a single-stack IPv4 cluster', {
        label: 'nothing has an IPv6 address',
        help: 'give `pod-cidr` an IPv6 block too (e.g. `pod-cidr 10.244.0.0/16 fd00:10:244::/56`) for a dual-stack cluster',
      });
      ok = false;
    } else family = f;
  }
  return { ok, ...(via ? { via } : {}), ...(node ? { node } : {}), ...(port !== undefined ? { port } : {}), ...(protocol ? { protocol } : {}), ...(family ? { family } : {}) };
}

function isDualStack(view: View): boolean {
  return clusterFamilies(view.spec).length > 1;
}

/** `by CAUSE`: ok false after an error (a cause on `expect allow`, an unknown cause). */
function convertCause(ctx: Ctx, outcome: string | undefined, word: Word | undefined): { ok: boolean; cause?: Cause } {
  if (!word) return { ok: true };
  if (outcome === 'allow') {
    error(ctx, DIAG.expectationOutcome, word.span, '`expect allow` takes no cause', { label: 'only a failure has a cause', help: 'remove `by ...`' });
    return { ok: false };
  }
  const cause = lookup(ctx, word, CAUSE_WORDS, 'cause');
  return cause ? { ok: true, cause } : { ok: false };
}

type MutableReachExpectation = { -readonly [K in keyof ReachExpectation]: ReachExpectation[K] };

/** How one kind of extra of a reach expectation is checked. */
interface ReachExtraHandler<K extends ExpectExtra['kind']> {
  /** Holds for failing paths too (which stages a path takes, kube-proxy's mark); the others need `expect allow`. */
  readonly anyOutcome: boolean;
  /** The extra's word, for "only applies to `expect allow`". */
  readonly word: string;
  /** Records the extra on `out`; false after an error. */
  readonly apply: (ctx: Ctx, view: View, x: Extract<ExpectExtra, { kind: K }>, out: MutableReachExpectation) => boolean;
}

const REACH_EXTRAS: { readonly [K in ExpectExtra['kind']]: ReachExtraHandler<K> } = {
  Through: {
    anyOutcome: true,
    word: 'through',
    apply: (ctx, _view, x, out) => {
      const stage = lookup(ctx, x.stage, STAGE_WORDS, 'stage');
      if (!stage) return false;
      out.through = [...(out.through ?? []), { stage, negated: x.negated, span: x.span }];
      return true;
    },
  },
  MasqueradeMark: {
    anyOutcome: true,
    word: 'masquerade-mark',
    apply: (ctx, _view, x, out) => {
      const v = lookup(ctx, x.value, YES_NO, 'masquerade-mark value');
      if (v === undefined) return false;
      out.masqueradeMark = { marked: v, span: x.span };
      return true;
    },
  },
  SourceSeen: { anyOutcome: false, word: 'source', apply: (ctx, view, x, out) => sourceSeen(ctx, view, x, out) },
  PodShare: {
    anyOutcome: false,
    word: 'share',
    apply: (ctx, view, x, out) => {
      const share = shareOf(ctx, view, 'pod', x);
      if (share) out.podShares = [...(out.podShares ?? []), share];
      return share !== undefined;
    },
  },
  Backends: {
    anyOutcome: false,
    word: 'backends',
    apply: (ctx, view, x, out) => {
      let ok = true;
      const pods: { namespace: string; name: string }[] = [];
      for (const q of x.pods) {
        const p = qualified(q);
        if (requireObject(ctx, view, 'pod', p.namespace, p.name, q.span)) pods.push(p);
        else ok = false;
      }
      out.backends = { pods, span: x.span };
      return ok;
    },
  },
};

/** `share NAME N%`: at most 100%, of a pod or Service that exists; undefined after an error. */
function shareOf(ctx: Ctx, view: View, kind: 'pod' | 'service', x: { readonly name: QName; readonly percent: number; readonly span: Span }): { namespace: string; name: string; percent: number; span: Span } | undefined {
  const q = qualified(x.name);
  if (x.percent > 100) {
    error(ctx, DIAG.shareOver100, x.span, message(DIAG.shareOver100, { percent: x.percent }));
    return undefined;
  }
  if (!requireObject(ctx, view, kind, q.namespace, q.name, x.name.span)) return undefined;
  return { ...q, percent: x.percent, span: x.span };
}

/** `source preserved|masqueraded|ADDR|node N`: the address the destination sees. */
function sourceSeen(ctx: Ctx, view: View, x: Extract<ExpectExtra, { kind: 'SourceSeen' }>, out: MutableReachExpectation): boolean {
  if (x.mode !== 'address') {
    out.sourceSeen = { mode: x.mode, span: x.span };
    return true;
  }
  if (x.addr) {
    const ip = checkIp(ctx, x.addr, 'source address');
    if (!ip) return false;
    out.sourceSeen = { mode: 'address', ip: ip.text, span: x.span };
  } else if (x.node) {
    const name = x.node.value;
    if (!requireObject(ctx, view, 'node', undefined, name, x.node.span)) return false;
    const n = view.spec.nodes.find((nd) => nd.name === name);
    const primary = n?.addresses.find((a) => a.primary) ?? n?.addresses[0];
    if (!primary) {
      error(ctx, DIAG.nodeWithoutAddress, x.node.span, message(DIAG.nodeWithoutAddress, { node: name }), { label: 'no `ip` clause', help: `give it one: \`node ${name} ip 192.168.0.11\`` });
      return false;
    }
    out.sourceSeen = { mode: 'address', ip: primary.ip, span: x.span };
  }
  return true;
}

function convertExpectation(ctx: Ctx, view: View, e: Expectation): ReachExpectation | undefined {
  const converted = convertCause(ctx, e.intermittent ? 'intermittent' : e.outcome, e.cause);
  let ok = converted.ok;
  const cause = converted.cause;
  const out: MutableReachExpectation = { outcome: e.outcome, outcomeSpan: e.outcomeSpan };
  for (const x of e.extras) {
    // The table pairs each kind with its extra (REACH_EXTRAS' type).
    const h = REACH_EXTRAS[x.kind] as ReachExtraHandler<ExpectExtra['kind']>;
    if (!h.anyOutcome && e.outcome !== 'allow') {
      error(ctx, DIAG.expectationOutcome, x.span, `\`${h.word}\` only applies to \`expect allow\``, { label: 'nothing is delivered to check this on' });
      ok = false;
    } else if (!h.apply(ctx, view, x, out)) ok = false;
  }
  if (!ok) return undefined;
  return {
    outcome: e.outcome,
    ...(e.intermittent ? { intermittent: true } : {}),
    outcomeSpan: e.outcomeSpan,
    ...(cause ? { cause } : {}),
    ...(out.sourceSeen ? { sourceSeen: out.sourceSeen } : {}),
    ...(out.backends ? { backends: out.backends } : {}),
    ...(out.podShares ? { podShares: out.podShares } : {}),
    ...(out.through ? { through: out.through } : {}),
    ...(out.masqueradeMark ? { masqueradeMark: out.masqueradeMark } : {}),
  };
}

function convertReach(ctx: Ctx, view: View, a: ReachAssertion): ReachCheck | GroupCheck | undefined {
  if (a.anyPort) return convertGroupReach(ctx, view, { ...a, kind: 'GroupReach' });
  const source = convertSource(ctx, view, a.source);
  const o = reachOptions(ctx, view, a, [a.target]);
  const target = convertTarget(ctx, view, a.target, o.via, o.node);
  const expect = convertExpectation(ctx, view, a.expect);
  const pingOk = a.ping !== true || pingFits(ctx, a, o.via);
  const net = networkOption(ctx, view, a);
  if (!source || !target || !expect || !o.ok || !pingOk || !net.ok) return undefined;
  const protocol: PacketProtocol | undefined = a.ping === true ? 'ICMP' : o.protocol;
  return {
    kind: 'reach',
    text: a.text,
    span: a.span,
    probe: {
      source,
      target,
      ...(o.port !== undefined ? { port: o.port } : {}),
      ...(protocol ? { protocol } : {}),
      ...(o.family ? { family: o.family } : {}),
      ...(net.network !== undefined ? { network: net.network } : {}),
    },
    expect,
  };
}

/** A `ping`: no path that is a port, no `refused` (nothing resets an echo request; a rejection is `unreachable`). */
function pingFits(ctx: Ctx, a: ReachAssertion, via: Via | undefined): boolean {
  if (via === 'hostport' && a.via) {
    error(ctx, DIAG.pingPath, a.via.span, '`ping` sends no port, so it takes no `via hostport`', {
      label: 'a hostPort is a port',
      help: 'ping the node (`ping node NAME`), or `reach pod NAME via hostport port N`',
    });
    return false;
  }
  if (a.expect.outcome === 'refused') {
    error(ctx, DIAG.pingPath, a.expect.outcomeSpan, 'a ping is never `refused`: nothing resets an ICMP echo request', {
      label: 'a rejected ping comes back `unreachable`',
      help: 'expect `unreachable` (rejected), `timeout` (dropped) or `deny` (either)',
    });
    return false;
  }
  return true;
}

/** Paths that reach a pod (rather than a Service): the only `via` a pod group target takes. */
const POD_PATHS: readonly Via[] = ['pod-ip', 'hostport', 'hostnetwork'];

function convertPodGroup(ctx: Ctx, view: View, g: PodGroupRef): PodGroup | undefined {
  let ok = true;
  const pods = g.pods ? convertSelector(ctx, g.pods) : undefined;
  if (g.pods && !pods) ok = false;
  const namespaces = g.namespaces ? convertSelector(ctx, g.namespaces) : undefined;
  if (g.namespaces && !namespaces) ok = false;
  if (g.namespace && !requireObject(ctx, view, 'namespace', undefined, g.namespace.value, g.namespace.span)) ok = false;
  if (!ok) return undefined;
  const label = g.text;
  return {
    kind: 'pod-group',
    ...(g.namespace ? { namespace: g.namespace.value } : {}),
    ...(namespaces ? { namespaces } : {}),
    ...(pods ? { pods } : {}),
    label,
  };
}

function convertGroupReach(ctx: Ctx, view: View, a: GroupReachAssertion): GroupCheck | undefined {
  let ok = true;
  const targetGroup = a.target.kind === 'PodGroup';
  const source = a.source.kind === 'PodGroup' ? convertPodGroup(ctx, view, a.source) : convertSource(ctx, view, a.source);
  // A group target is made of pods: `via` is checked here rather than against a single target.
  const o = reachOptions(ctx, view, a, a.target.kind === 'PodGroup' ? [] : [a.target]);
  if (!o.ok) ok = false;
  if (targetGroup && o.via !== undefined && !POD_PATHS.includes(o.via)) {
    error(ctx, DIAG.clauseForTarget, a.via!.span, `\`via ${o.via}\` reaches a Service, but the target is a group of pods`, {
      label: 'not a path to a pod',
      expected: POD_PATHS.map((v) => `\`${v}\``).join(', '),
    });
    ok = false;
  }
  const target = a.target.kind === 'PodGroup' ? convertPodGroup(ctx, view, a.target) : convertTarget(ctx, view, a.target, o.via, o.node);
  if (a.expect.intermittent) {
    error(ctx, DIAG.clauseForTarget, a.expect.outcomeSpan, '`expect intermittent` speaks of one connection’s paths, not of a group', {
      label: 'not for a group',
      help: 'name one source and one target',
    });
    return undefined;
  }
  const expect = convertExpectation(ctx, view, a.expect);
  if (a.network) {
    error(ctx, DIAG.networkGroup, a.network.span, message(DIAG.networkGroup, { what: a.anyPort ? '`on any port` tries many' : 'a group of pods makes many' }), {
      label: 'not for many connections',
      help: 'write one assertion per connection, or list the network with `netscn connlist`',
    });
    ok = false;
  }
  if (a.anyPort && a.port) {
    error(ctx, DIAG.contradictingPorts, a.anyPort, message(DIAG.contradictingPorts, { first: '`on any port`', second: '`port`' }), { label: 'every port', help: 'keep one of them' });
    ok = false;
  }
  if (targetGroup && expect?.backends) {
    error(ctx, DIAG.clauseForTarget, expect.backends.span, '`backends` needs a Service target, not a group of pods', { label: 'each pod of the group is its own backend' });
    ok = false;
  }
  if (!source || !target || !expect || !ok) return undefined;
  return {
    kind: 'group',
    text: a.text,
    span: a.span,
    source,
    target,
    ...(o.via ? { via: o.via } : {}),
    ...(o.node ? { node: o.node } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
    ...(o.family ? { family: o.family } : {}),
    anyPort: a.anyPort !== undefined,
    expect,
  };
}

type MutableRequestExpectation = { -readonly [K in keyof RequestExpectation]: RequestExpectation[K] };

/** The request's URL: http or https, with a host; undefined after an error. */
function requestUrl(ctx: Ctx, a: RequestAssertion): URL | undefined {
  let url: URL | undefined;
  try {
    url = new URL(a.url.value);
  } catch {
    url = undefined;
  }
  if (url && (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '') return url;
  error(ctx, DIAG.notHttpUrl, a.url.span, message(DIAG.notHttpUrl, { url: a.url.value }), { expected: 'a URL such as https://shop.example.com/api' });
  return undefined;
}

/** One extra of a request's expectation into `out`; false after an error. `l4` is the expectation as a reach assertion's, for the extras both take. */
type RequestExtraHandler<K extends RequestExtra['kind']> = (ctx: Ctx, view: View, x: Extract<RequestExtra, { kind: K }>, out: MutableRequestExpectation, l4: Expectation) => boolean;

/** The extras a reach assertion takes too, checked as there. */
function likeReach(ctx: Ctx, view: View, x: Extract<RequestExtra, { kind: 'SourceSeen' | 'Backends' | 'Through' | 'MasqueradeMark' }>, out: MutableRequestExpectation, l4: Expectation): boolean {
  const r = convertExpectation(ctx, view, { ...l4, extras: [x] });
  if (!r) return false;
  if (r.sourceSeen) out.sourceSeen = r.sourceSeen;
  if (r.backends) out.backends = r.backends;
  if (r.through) out.through = r.through;
  if (r.masqueradeMark) out.masqueradeMark = r.masqueradeMark;
  return true;
}

const REQUEST_EXTRAS: { readonly [K in RequestExtra['kind']]: RequestExtraHandler<K> } = {
  SourceSeen: likeReach,
  Backends: likeReach,
  Through: likeReach,
  MasqueradeMark: likeReach,
  PodShare: (ctx, _view, x) => {
    error(ctx, DIAG.clauseForTarget, x.span, '`share POD N%` is for reach assertions', { label: 'not for requests', help: 'a request takes `share svc NAME N%`' });
    return false;
  },
  BackendSvc: (ctx, view, x, out) => {
    const q = qualified(x.name);
    if (!requireObject(ctx, view, 'service', q.namespace, q.name, x.name.span)) return false;
    out.backendService = { ...q, span: x.span };
    return true;
  },
  Share: (ctx, view, x, out) => {
    const share = shareOf(ctx, view, 'service', x);
    if (share) out.shares = [...(out.shares ?? []), share];
    return share !== undefined;
  },
  TlsAt: (ctx, _view, x, out) => {
    const where = lookup(ctx, x.where, TLS_PLACES, 'place TLS ends');
    if (!where) return false;
    out.tlsAt = { where, span: x.span };
    return true;
  },
  Xff: (ctx, view, x, out) => {
    if (x.mode === 'client' || x.mode === 'masqueraded') out.xff = { mode: x.mode, span: x.span };
    else if (x.addr) {
      const ip = checkIp(ctx, x.addr, 'address');
      if (!ip) return false;
      out.xff = { mode: 'address', ip: ip.text, span: x.span };
    } else if (x.node) {
      const n = view.spec.nodes.find((nd) => nd.name === x.node!.value);
      const primary = n?.addresses.find((ad) => ad.primary) ?? n?.addresses[0];
      if (!requireObject(ctx, view, 'node', undefined, x.node.value, x.node.span) || !primary) return false;
      out.xff = { mode: 'address', ip: primary.ip, span: x.span };
    }
    return true;
  },
};

/** A request's expectation: the outcome or status, the cause, each extra through its handler; undefined after an error. */
function requestExpectation(ctx: Ctx, view: View, e: RequestAssertion['expect']): RequestExpectation | undefined {
  let ok = true;
  const converted = convertCause(ctx, e.intermittent ? 'intermittent' : e.outcome, e.cause);
  if (!converted.ok) ok = false;
  const cause = converted.cause;
  if (e.status && (e.status.value < 100 || e.status.value > 599)) {
    error(ctx, DIAG.httpStatus, e.status.span, message(DIAG.httpStatus, { status: e.status.value }), { expected: 'a number from 100 to 599' });
    ok = false;
  }
  const out: MutableRequestExpectation = {
    ...(e.outcome ? { outcome: e.outcome } : {}),
    ...(e.intermittent ? { intermittent: true } : {}),
    ...(e.status ? { status: e.status.value } : {}),
    ...(cause ? { cause } : {}),
    outcomeSpan: e.outcomeSpan,
  };
  const l4: Expectation = { kind: 'Expect', outcome: e.outcome ?? 'allow', outcomeSpan: e.outcomeSpan, extras: [], span: e.span };
  for (const x of e.extras) {
    // The table pairs each kind with its extra (REQUEST_EXTRAS' type).
    if (!(REQUEST_EXTRAS[x.kind] as RequestExtraHandler<RequestExtra['kind']>)(ctx, view, x, out, l4)) ok = false;
  }
  if (e.outcome !== undefined && e.outcome !== 'allow' && (out.backendService || out.shares || out.xff || out.sourceSeen || out.backends)) {
    error(ctx, DIAG.expectationOutcome, e.span, 'backends, shares, source and X-Forwarded-For only apply to `expect allow`', { label: 'nothing is delivered to check them on' });
    ok = false;
  }
  return ok ? out : undefined;
}

function convertRequest(ctx: Ctx, view: View, a: RequestAssertion): RequestCheck | undefined {
  const source = convertSource(ctx, view, a.source);
  const url = requestUrl(ctx, a);
  const expect = requestExpectation(ctx, view, a.expect);
  if (!source || !url || !expect) return undefined;
  const lower = (pairs: readonly { key: string; value: string }[], lc: boolean): Record<string, string> =>
    Object.fromEntries(pairs.map((p) => [lc ? p.key.toLowerCase() : p.key, p.value]));
  return {
    kind: 'request',
    text: a.text,
    span: a.span,
    source,
    request: { url: url.href, method: (a.method?.value ?? 'GET').toUpperCase(), headers: lower(a.headers, true), cookies: lower(a.cookies, false) },
    expect,
  };
}

function convertDnsExpect(ctx: Ctx, view: View, e: DnsExpectation): DnsExpect | undefined {
  switch (e.kind) {
    case 'DnsNx':
      return { kind: 'nxdomain' };
    case 'DnsNoData':
      return { kind: 'no-records' };
    case 'DnsAddrIn': {
      const c = checkCidr(ctx, e.cidr);
      return c ? { kind: 'address-in', cidr: c.text } : undefined;
    }
    case 'DnsAddrs': {
      const ips = e.addrs.map((a) => checkIp(ctx, a));
      return ips.every((x) => x !== undefined) ? { kind: 'addresses', ips: ips.map((x) => x.text) } : undefined;
    }
    case 'DnsAddrOf': {
      const t = convertTarget(ctx, view, e.target);
      return t ? { kind: 'address-of', target: t } : undefined;
    }
    case 'DnsCname':
      return { kind: 'cname', name: e.target.value };
    case 'DnsSrv':
      return checkPort(ctx, e.port) ? { kind: 'srv', port: e.port.value } : undefined;
    default:
      return assertNever(e);
  }
}

function convertResolve(ctx: Ctx, view: View, a: ResolveAssertion): ResolveCheck | undefined {
  const source = convertSource(ctx, view, a.source);
  const recordType = a.recordType ? lookup(ctx, a.recordType, RECORD_TYPES, 'record type') : a.expect.kind === 'DnsSrv' ? 'SRV' : 'A';
  const expect = convertDnsExpect(ctx, view, a.expect);
  if (!source || !recordType || !expect) return undefined;
  return { kind: 'resolve', text: a.text, span: a.span, source, name: a.name.value, recordType, expect, expectSpan: a.expect.span };
}

export function refLabel(r: TargetRef): string {
  switch (r.kind) {
    case 'PodRef':
      return `pod ${r.name.namespace ? `${r.name.namespace}/` : ''}${r.name.name}`;
    case 'SvcRef':
      return `svc ${r.name.namespace ? `${r.name.namespace}/` : ''}${r.name.name}`;
    case 'NodeRef':
      return `node ${r.name.value}`;
    case 'HostRef':
      return `host ${r.name.value}`;
    case 'InternetRef':
      return 'internet';
    case 'IpRef':
      return `ip ${r.addr.text}`;
    case 'DnsRef':
      return `dns ${r.name.value}`;
    default:
      return assertNever(r);
  }
}

function convertTable(ctx: Ctx, view: View, t: TableAssertion): TableCheck | undefined {
  const single = t.columns.flatMap((c) => (c.kind === 'PodGroup' ? [] : [c]));
  const o = reachOptions(ctx, view, t, single);
  let ok = o.ok;
  if (t.network) {
    error(ctx, DIAG.networkGroup, t.network.span, message(DIAG.networkGroup, { what: 'a table checks many' }), {
      label: 'not for a table',
      help: 'write one assertion per cell with `on network`, or list the network with `netscn connlist`',
    });
    ok = false;
  }
  const ports: { port: number | string; protocol?: Protocol }[] = [];
  if (t.ports && t.port) {
    error(ctx, DIAG.contradictingPorts, t.ports[0]!.span, message(DIAG.contradictingPorts, { first: '`port`', second: '`ports`' }), { label: 'give one of them' });
    ok = false;
  }
  for (const r of t.ports ?? []) {
    const one = reachOptions(ctx, view, { port: r }, []);
    if (!one.ok || one.port === undefined) ok = false;
    else ports.push({ port: one.port, ...(one.protocol ? { protocol: one.protocol } : {}) });
  }
  const columns: TableCheck['columns'][number][] = [];
  for (const c of t.columns) {
    const target = c.kind === 'PodGroup' ? convertPodGroup(ctx, view, c) : convertTarget(ctx, view, c, o.via, o.node);
    if (target) columns.push({ target, label: c.kind === 'PodGroup' ? c.text : refLabel(c), span: c.span });
    else ok = false;
  }
  const rows: TableCheck['rows'][number][] = [];
  for (const r of t.rows) {
    const source = r.source.kind === 'PodGroup' ? convertPodGroup(ctx, view, r.source) : convertSource(ctx, view, r.source);
    if (!source) ok = false;
    if (r.cells.length !== t.columns.length) {
      const extra = r.cells[t.columns.length];
      const span: Span = extra ? { ...extra.span, end: (r.cells[r.cells.length - 1] ?? extra).span.end } : r.span;
      error(ctx, DIAG.tableShape, span, message(DIAG.tableShape, { cells: `${r.cells.length} cell${r.cells.length === 1 ? '' : 's'}`, columns: `${t.columns.length} column${t.columns.length === 1 ? '' : 's'}` }), {
        label: extra ? 'extra cells' : 'cells missing',
        help: 'give one outcome per column; `*` accepts any outcome',
      });
      ok = false;
      continue;
    }
    const label = r.source.kind === 'PodGroup' ? r.source.text : refLabel(r.source);
    if (source) rows.push({ source, label, span: r.span, cells: r.cells.map((c) => ({ expect: c.outcome, span: c.span })) });
  }
  if (!ok) return undefined;
  return {
    kind: 'table',
    text: t.text,
    span: t.span,
    ...(o.via ? { via: o.via } : {}),
    ...(o.port !== undefined ? { port: o.port } : {}),
    ...(o.protocol ? { protocol: o.protocol } : {}),
    ...(ports.length > 0 ? { ports } : {}),
    columns,
    rows,
  };
}

export function convertAssertion(ctx: Ctx, view: View, a: Assertion): Check | undefined {
  switch (a.kind) {
    case 'Reach':
      return convertReach(ctx, view, a);
    case 'GroupReach':
      return convertGroupReach(ctx, view, a);
    case 'Request':
      return convertRequest(ctx, view, a);
    case 'Resolve':
      return convertResolve(ctx, view, a);
    case 'Table':
      return convertTable(ctx, view, a);
    case 'Change':
      return changeOutsideStep(ctx, a);
    default:
      return assertNever(a);
  }
}

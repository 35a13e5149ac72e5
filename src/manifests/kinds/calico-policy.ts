/**
 * projectcalico.org/v3 NetworkPolicy and GlobalNetworkPolicy → their specs (spec/calico.ts), with
 * Calico's validation (https://docs.tigera.io/calico/latest/reference/resources/networkpolicy,
 * .../globalnetworkpolicy, .../resources/networkpolicy#rule, #entityrule, #ports):
 * - NetworkPolicy is namespaced (default `default`), GlobalNetworkPolicy cluster-scoped;
 * - `order`: a number (fractions allowed), absent = after every ordered policy; `tier` defaults
 *   to `default`;
 * - `selector` (and a GlobalNetworkPolicy's `namespaceSelector`, and `serviceAccountSelector`)
 *   in Calico's selector language (calico-selector-parse.ts), absent = `all()`;
 * - `types`: Ingress and/or Egress; absent = Ingress, plus Egress when egress rules exist (Egress
 *   alone when only egress rules exist);
 * - rules: `action` Allow, Deny, Log or Pass (required); `protocol` / `notProtocol` TCP, UDP,
 *   SCTP, ICMP, ICMPv6, UDPLite or a number 1-255 (6, 17 and 132 are TCP, UDP, SCTP);
 *   `ipVersion` 4 or 6; `source` / `destination` entities with nets, notNets, selector,
 *   notSelector, namespaceSelector, serviceAccounts {names, selector}, ports, notPorts;
 * - ports: a number, `"a:b"` (inclusive) or a port name; ports and notPorts need protocol TCP,
 *   UDP or SCTP;
 * - `icmp` / `notICMP`: `{type, code}`, type 0-254, code 0-255 (a code needs a type); they need
 *   the rule's protocol to be ICMP or ICMPv6 (1 or 58). ICMP matches the model's ping
 *   (net/icmp.ts).
 * - a GlobalNetworkPolicy's host endpoint flags `preDNAT`, `applyOnForward`, `doNotTrack`
 *   (booleans) as Calico validates them (NS2131): preDNAT and doNotTrack need applyOnForward,
 *   exclude each other, and a preDNAT policy has no egress rules nor the Egress type; a namespaced
 *   NetworkPolicy has none of them.
 * The tier's existence is checked across objects (calico-resources.ts checkCalicoTiers).
 * Not modelled, with a warning (NS9103): a rule's `http` match (read without it), `services`
 * entities and source ports (such a rule is left out: it never matches).
 */
import type {
  CalicoAction,
  CalicoEntity,
  CalicoGlobalNetworkPolicySpec,
  CalicoIcmpMatch,
  CalicoNetworkPolicySpec,
  CalicoPolicyBody,
  CalicoPort,
  CalicoProtocol,
  CalicoRule,
  CalicoSelector,
} from '../../spec/calico.js';
import type { Protocol, Span } from '../../spec/types.js';
import { DIAG } from '../../diag/catalogue.js';
import { cidrFamily } from '../../address/api-syntax.js';
import { parseCalicoSelector } from '../calico-selector-parse.js';
import { readMeta } from '../object-meta.js';
import type { RawObject } from '../object-meta.js';
import { asBool, asEnum, asInt, asMap, asSeq, asString, child, describe, field, invalid, isPortName, missing, report } from '../read.js';
import type { Reader } from '../read.js';
import type { LMap, LNode } from '../yaml-tree.js';
import { TRANSPORT_PROTOCOLS } from '../../spec/packet-protocol.js';

const ACTIONS: readonly CalicoAction[] = ['Allow', 'Deny', 'Log', 'Pass'];
const TYPES = ['Ingress', 'Egress'] as const;
const OTHER_PROTOCOLS = ['ICMP', 'ICMPv6', 'UDPLite'] as const;
const NUMBERED: Readonly<Record<number, Protocol>> = { 6: 'TCP', 17: 'UDP', 132: 'SCTP' };
/** ICMP's names and numbers, by family. */
const ICMP_BY_NAME: Readonly<Record<string, 4 | 6>> = { ICMP: 4, ICMPv6: 6 };
const ICMP_BY_NUMBER: Readonly<Record<number, 4 | 6>> = { 1: 4, 58: 6 };
const HOST_FIELDS = ['doNotTrack', 'preDNAT', 'applyOnForward'] as const;

export function calicoNetworkPolicyFromManifest(r: Reader, obj: RawObject): CalicoNetworkPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: true });
  const body = readBody(r, obj, false);
  if (!meta || !body) return undefined;
  return { ...body.body, name: meta.name, namespace: meta.namespace ?? 'default', span: meta.span };
}

export function calicoGlobalNetworkPolicyFromManifest(r: Reader, obj: RawObject): CalicoGlobalNetworkPolicySpec | undefined {
  const meta = readMeta(r, obj, { nameRule: 'subdomain', namespaced: false });
  const body = readBody(r, obj, true);
  if (!meta || !body) return undefined;
  return { ...body.body, name: meta.name, ...(body.namespaceSelector ? { namespaceSelector: body.namespaceSelector } : {}), ...body.flags, span: meta.span };
}

type HostFlags = { -readonly [F in (typeof HOST_FIELDS)[number]]?: boolean };

function readBody(
  r: Reader,
  obj: RawObject,
  isGlobal: boolean,
): { body: Omit<CalicoPolicyBody, 'name' | 'span'>; namespaceSelector?: CalicoSelector; flags: HostFlags } | undefined {
  const sp = child(obj.path, 'spec');
  const spec = asMap(r, field(obj.map, 'spec'), sp);
  if (!spec) {
    if (field(obj.map, 'spec') === undefined) report(r, DIAG.missingField, 'error', `${sp}: required field is missing (expected the policy spec)`, obj.map.span);
    return undefined;
  }
  let ok = true;
  const orderNode = field(spec, 'order');
  let order: number | undefined;
  if (orderNode !== undefined) {
    if (orderNode.kind === 'scalar' && typeof orderNode.value === 'number' && Number.isFinite(orderNode.value)) order = orderNode.value;
    else ok = invalid(r, orderNode, child(sp, 'order'), 'a number') ?? false;
  }
  const tier = asString(r, field(spec, 'tier'), child(sp, 'tier')) ?? 'default';
  const tierSpan = field(spec, 'tier')?.span;
  const selector = readSelector(r, field(spec, 'selector'), child(sp, 'selector'));
  const namespaceSelector = isGlobal ? readSelector(r, field(spec, 'namespaceSelector'), child(sp, 'namespaceSelector')) : undefined;
  if (!isGlobal && field(spec, 'namespaceSelector') !== undefined) {
    report(r, DIAG.conflict, 'error', `${child(sp, 'namespaceSelector')}: a namespaced NetworkPolicy has no namespaceSelector (it applies to its own namespace); use a GlobalNetworkPolicy`, field(spec, 'namespaceSelector')!.span);
    ok = false;
  }
  const serviceAccountSelector = readSelector(r, field(spec, 'serviceAccountSelector'), child(sp, 'serviceAccountSelector'));
  const flags: HostFlags = {};
  for (const f of HOST_FIELDS) {
    const n = field(spec, f);
    if (n === undefined) continue;
    if (!isGlobal) {
      report(r, DIAG.calicoHostPolicyFlags, 'error', `${child(sp, f)}: a namespaced NetworkPolicy has no ${f} (host endpoint policy is a GlobalNetworkPolicy)`, n.span);
      ok = false;
      continue;
    }
    const v = asBool(r, n, child(sp, f));
    if (v === undefined) ok = false;
    else if (v) flags[f] = true;
  }
  const ingress = readRules(r, spec, sp, 'ingress');
  const egress = readRules(r, spec, sp, 'egress');
  const typesNode = field(spec, 'types');
  let types: ('Ingress' | 'Egress')[];
  if (typesNode === undefined) {
    const hasEgress = (field(spec, 'egress') !== undefined && asSeq(r, field(spec, 'egress'), child(sp, 'egress')).length > 0);
    const hasIngress = (field(spec, 'ingress') !== undefined && asSeq(r, field(spec, 'ingress'), child(sp, 'ingress')).length > 0);
    types = hasEgress && !hasIngress ? ['Egress'] : hasEgress ? ['Ingress', 'Egress'] : ['Ingress'];
  } else {
    types = [];
    asSeq(r, typesNode, child(sp, 'types')).forEach((t, i) => {
      const v = asEnum(r, t, child(child(sp, 'types'), i), TYPES);
      if (v === undefined) ok = false;
      else if (!types.includes(v)) types.push(v);
    });
  }
  ok = hostFlagsAgree(r, spec, sp, flags, types, egress?.length ?? 0) && ok;
  if (!ok || selector === null || namespaceSelector === null || serviceAccountSelector === null || !ingress || !egress) return undefined;
  return {
    flags,
    body: {
      tier,
      ...(tierSpan ? { tierSpan } : {}),
      ...(order !== undefined ? { order } : {}),
      selector: selector ?? { kind: 'all' },
      ...(serviceAccountSelector ? { serviceAccountSelector } : {}),
      types,
      ingress,
      egress,
    },
    ...(namespaceSelector ? { namespaceSelector } : {}),
  };
}

/** Calico's validation of the host endpoint flags (NS2131); false when they contradict (reported). */
function hostFlagsAgree(r: Reader, spec: LMap, sp: string, flags: HostFlags, types: readonly ('Ingress' | 'Egress')[], egressRules: number): boolean {
  const at = (f: string) => field(spec, f)!.span;
  const fail = (f: string, detail: string): false => {
    report(r, DIAG.calicoHostPolicyFlags, 'error', `${child(sp, f)}: ${detail}`, at(f));
    return false;
  };
  if (flags.preDNAT && flags.doNotTrack) return fail('preDNAT', 'a policy cannot be both preDNAT and doNotTrack');
  for (const f of ['preDNAT', 'doNotTrack'] as const)
    if (flags[f] && !flags.applyOnForward) return fail(f, `a ${f} policy applies to forwarded traffic too, so it needs applyOnForward: true`);
  if (flags.preDNAT && (egressRules > 0 || types.includes('Egress'))) return fail('preDNAT', 'a preDNAT policy has ingress rules only (no egress rules, no Egress type)');
  return true;
}

/** undefined when absent; null when bad (reported). */
function readSelector(r: Reader, n: LNode | undefined, path: string): CalicoSelector | undefined | null {
  if (n === undefined) return undefined;
  const text = asString(r, n, path, 'a Calico selector such as `app == \'web\'`');
  if (text === undefined) return null;
  const parsed = parseCalicoSelector(text);
  if (parsed.ok) return parsed.selector;
  report(r, DIAG.calicoSelector, 'error', `${path}: bad Calico selector: expected ${parsed.expected}, found ${parsed.found}`, spanInScalar(n.span, text, parsed.offset), {
    label: `found ${parsed.found}`,
    expected: parsed.expected,
    ...(parsed.help === undefined ? {} : { help: parsed.help }),
  });
  return null;
}

/**
 * The span of character `offset` of a scalar's value: exact when the scalar is written on one
 * line as it reads (plain, or quoted with no escapes); the scalar's start otherwise.
 */
function spanInScalar(span: Span, text: string, offset: number): Span {
  const written = span.end.offset - span.start.offset;
  const lead = written === text.length ? 0 : written === text.length + 2 ? 1 : undefined;
  if (lead === undefined || span.start.line !== span.end.line) return { ...span, end: span.start };
  const at = (k: number) => ({ offset: span.start.offset + lead + k, line: span.start.line, column: span.start.column + lead + k });
  return { file: span.file, start: at(offset), end: at(Math.min(offset + 1, text.length)) };
}

/** A policy's or profile's rules of one direction; undefined when one is bad (reported). */
export function readRules(r: Reader, spec: LMap, sp: string, direction: 'ingress' | 'egress'): CalicoRule[] | undefined {
  const path = child(sp, direction);
  const out: CalicoRule[] = [];
  let ok = true;
  asSeq(r, field(spec, direction), path).forEach((item, i) => {
    const rule = readRule(r, item, child(path, i));
    if (rule === undefined) ok = false;
    else if (rule !== 'dropped') out.push(rule);
  });
  return ok ? out : undefined;
}

/** The rule; undefined when bad (reported); 'dropped' when it is left out as never matching (warned). */
function readRule(r: Reader, n: LNode, path: string): CalicoRule | 'dropped' | undefined {
  const m = asMap(r, n, path);
  if (!m) return undefined;
  const actionNode = field(m, 'action');
  const action = actionNode === undefined ? missing(r, m, child(path, 'action'), ACTIONS.join(', ')) : asEnum(r, actionNode, child(path, 'action'), ACTIONS);
  const protocol = readProtocol(r, field(m, 'protocol'), child(path, 'protocol'));
  const notProtocol = readProtocol(r, field(m, 'notProtocol'), child(path, 'notProtocol'));
  const ipNode = field(m, 'ipVersion');
  let ipVersion: 4 | 6 | undefined;
  let ok = action !== undefined && protocol !== null && notProtocol !== null;
  if (ipNode !== undefined) {
    if (ipNode.kind === 'scalar' && (ipNode.value === 4 || ipNode.value === 6)) ipVersion = ipNode.value;
    else ok = invalid(r, ipNode, child(path, 'ipVersion'), '4 or 6') ?? false;
  }
  const httpNode = field(m, 'http');
  if (httpNode !== undefined) {
    report(r, DIAG.approximated, 'warning', `${child(path, 'http')}: HTTP matches need Calico's application layer, which is not modelled; the rule is read without it`, httpNode.span);
  }
  const icmp = readIcmp(r, field(m, 'icmp'), child(path, 'icmp'), protocol ?? undefined);
  const notICMP = readIcmp(r, field(m, 'notICMP'), child(path, 'notICMP'), protocol ?? undefined);
  if (icmp === null || notICMP === null) ok = false;
  const source = readEntity(r, field(m, 'source'), child(path, 'source'), protocol ?? undefined, 'source');
  const destination = readEntity(r, field(m, 'destination'), child(path, 'destination'), protocol ?? undefined, 'destination');
  if (!ok || action === undefined || source === undefined || destination === undefined) return undefined;
  if (source === 'dropped' || destination === 'dropped') return 'dropped';
  return {
    action,
    ...(protocol ? { protocol } : {}),
    ...(notProtocol ? { notProtocol } : {}),
    ...(ipVersion !== undefined ? { ipVersion } : {}),
    ...(icmp ? { icmp } : {}),
    ...(notICMP ? { notICMP } : {}),
    source,
    destination,
    span: m.span,
  };
}

/** undefined when absent; null when bad (reported). */
function readProtocol(r: Reader, n: LNode | undefined, path: string): CalicoProtocol | undefined | null {
  if (n === undefined) return undefined;
  const expected = 'TCP, UDP, SCTP, ICMP, ICMPv6, UDPLite or a protocol number 1-255';
  if (n.kind === 'scalar' && typeof n.value === 'number' && Number.isInteger(n.value) && n.value >= 1 && n.value <= 255) {
    const p = NUMBERED[n.value];
    const icmp = ICMP_BY_NUMBER[n.value];
    if (icmp !== undefined) return { kind: 'icmp', family: icmp, name: String(n.value) };
    return p ? { kind: 'modelled', protocol: p } : { kind: 'other', name: String(n.value) };
  }
  if (n.kind === 'scalar' && typeof n.value === 'string') {
    const v = n.value;
    if (v === 'TCP' || v === 'UDP' || v === 'SCTP') return { kind: 'modelled', protocol: v };
    const icmp = ICMP_BY_NAME[v];
    if (icmp !== undefined) return { kind: 'icmp', family: icmp, name: v };
    if ((OTHER_PROTOCOLS as readonly string[]).includes(v)) return { kind: 'other', name: v };
    const near = [...TRANSPORT_PROTOCOLS, ...OTHER_PROTOCOLS].find((p) => p.toLowerCase() === v.toLowerCase());
    invalid(r, n, path, expected, near ? { help: `did you mean \`${near}\`?` } : {});
    return null;
  }
  invalid(r, n, path, expected);
  return null;
}

/** `icmp` / `notICMP`: undefined when absent; null when bad (reported). */
function readIcmp(r: Reader, n: LNode | undefined, path: string, protocol: CalicoProtocol | undefined): CalicoIcmpMatch | undefined | null {
  if (n === undefined) return undefined;
  const m = asMap(r, n, path);
  if (!m) return null;
  if (protocol?.kind !== 'icmp') {
    report(r, DIAG.conflict, 'error', `${path}: ICMP matches need the rule's protocol to be ICMP or ICMPv6 (1 or 58)`, m.span);
    return null;
  }
  const typeNode = field(m, 'type');
  const codeNode = field(m, 'code');
  if (typeNode === undefined) {
    if (codeNode !== undefined) report(r, DIAG.conflict, 'error', `${path}: a code needs a type`, m.span);
    else missing(r, m, child(path, 'type'), 'an ICMP type 0-254');
    return null;
  }
  const type = asInt(r, typeNode, child(path, 'type'), 0, 254);
  const code = codeNode === undefined ? undefined : asInt(r, codeNode, child(path, 'code'), 0, 255);
  if (type === undefined || (codeNode !== undefined && code === undefined)) return null;
  return { type, ...(code !== undefined ? { code } : {}) };
}

function readEntity(
  r: Reader,
  n: LNode | undefined,
  path: string,
  protocol: CalicoProtocol | undefined,
  side: 'source' | 'destination',
): CalicoEntity | 'dropped' | undefined {
  const empty: CalicoEntity = { nets: [], notNets: [], serviceAccountNames: [], ports: [], notPorts: [] };
  if (n === undefined) return empty;
  const m = asMap(r, n, path);
  if (!m) return undefined;
  let ok = true;
  const nets = readNets(r, field(m, 'nets'), child(path, 'nets'));
  const notNets = readNets(r, field(m, 'notNets'), child(path, 'notNets'));
  const selector = readSelector(r, field(m, 'selector'), child(path, 'selector'));
  const notSelector = readSelector(r, field(m, 'notSelector'), child(path, 'notSelector'));
  const namespaceSelector = readSelector(r, field(m, 'namespaceSelector'), child(path, 'namespaceSelector'));
  const saPath = child(path, 'serviceAccounts');
  const sa = asMap(r, field(m, 'serviceAccounts'), saPath);
  const serviceAccountNames = sa ? asSeq(r, field(sa, 'names'), child(saPath, 'names')).map((x, i) => asString(r, x, child(child(saPath, 'names'), i))) : [];
  const serviceAccountSelector = sa ? readSelector(r, field(sa, 'selector'), child(saPath, 'selector')) : undefined;
  const ports = readPorts(r, field(m, 'ports'), child(path, 'ports'));
  const notPorts = readPorts(r, field(m, 'notPorts'), child(path, 'notPorts'));
  if (!nets || !notNets || selector === null || notSelector === null || namespaceSelector === null || serviceAccountSelector === null || !ports || !notPorts) ok = false;
  if (serviceAccountNames.some((x) => x === undefined)) ok = false;
  if ((ports?.length || notPorts?.length) && !(protocol?.kind === 'modelled')) {
    report(r, DIAG.conflict, 'error', `${path}: ports and notPorts need the rule's protocol to be TCP, UDP or SCTP`, m.span);
    ok = false;
  }
  if (!ok) return undefined;
  const servicesNode = field(m, 'services');
  if (servicesNode !== undefined) {
    report(r, DIAG.approximated, 'warning', `${child(path, 'services')}: service matches are not modelled; the rule is left out (it never matches)`, servicesNode.span);
    return 'dropped';
  }
  if (side === 'source' && (ports!.length > 0 || notPorts!.length > 0)) {
    report(r, DIAG.approximated, 'warning', `${path}: source ports are not modelled (a connection's source port is ephemeral); the rule is left out (it never matches)`, m.span);
    return 'dropped';
  }
  return {
    nets: nets!,
    notNets: notNets!,
    ...(selector ? { selector } : {}),
    ...(notSelector ? { notSelector } : {}),
    ...(namespaceSelector ? { namespaceSelector } : {}),
    serviceAccountNames: serviceAccountNames as string[],
    ...(serviceAccountSelector ? { serviceAccountSelector } : {}),
    ports: ports!,
    notPorts: notPorts!,
  };
}

/** CIDRs (`nets`, `notNets`); undefined when one is bad (reported). */
export function readNets(r: Reader, n: LNode | undefined, path: string): string[] | undefined {
  const out: string[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((c, i) => {
    const s = asString(r, c, child(path, i));
    if (s === undefined) ok = false;
    else if (cidrFamily(s) === undefined) ok = invalid(r, c, child(path, i), 'a CIDR such as 10.0.0.0/16') ?? false;
    else out.push(s);
  });
  return ok ? out : undefined;
}

function readPorts(r: Reader, n: LNode | undefined, path: string): CalicoPort[] | undefined {
  const out: CalicoPort[] = [];
  let ok = true;
  asSeq(r, n, path).forEach((p, i) => {
    const port = readPort(r, p, child(path, i));
    if (port === undefined) ok = false;
    else out.push(port);
  });
  return ok ? out : undefined;
}

function readPort(r: Reader, n: LNode, path: string): CalicoPort | undefined {
  const expected = 'a port 0-65535, a range "a:b" or a port name';
  if (n.kind === 'scalar' && typeof n.value === 'number') {
    return Number.isInteger(n.value) && n.value >= 0 && n.value <= 65535 ? { kind: 'range', start: n.value, end: n.value } : invalid(r, n, path, expected);
  }
  if (n.kind !== 'scalar' || typeof n.value !== 'string') return invalid(r, n, path, expected);
  const range = /^(\d+)(?::(\d+))?$/.exec(n.value);
  if (range) {
    const start = Number(range[1]);
    const end = range[2] === undefined ? start : Number(range[2]);
    if (start > 65535 || end > 65535) return invalid(r, n, path, expected);
    if (end < start) {
      report(r, DIAG.conflict, 'error', `${path}: a port range's end must be at least its start, found ${describe(n)}`, n.span);
      return undefined;
    }
    return { kind: 'range', start, end };
  }
  return isPortName(n.value) ? { kind: 'named', name: n.value } : invalid(r, n, path, expected);
}

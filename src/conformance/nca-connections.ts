/**
 * Connection sets of the NCA corpus (../shared/conformance/nca/README.md, "Connections"), in one
 * normalised form that both NCA's text and netscn's connlist result are turned into, so the two
 * are compared as sets rather than as strings.
 *
 * netscn models TCP, UDP and SCTP by destination port only. The normalised form keeps exactly
 * what can be compared without losing information, and marks the rest so it can never compare
 * equal to a netscn answer:
 * - `ports`: per modelled protocol (TCP, UDP, SCTP), the allowed destination ports 1-65535 as
 *   sorted disjoint ranges (a protocol with none is absent);
 * - `others`: every other IP protocol (ICMP, VRRP, protocol numbers 0-255 other than 6, 17, 132)
 *   taken together: `all` (each with every type/code), `none`, or `some` (anything in between:
 *   one protocol but not another, ICMP restricted by type or code, or a cube that restricts
 *   destination ports without naming protocols, where the part of the port-less protocols is not
 *   decidable from the text). `some` is never produced for netscn, so it always fails.
 * - `beyond`: dimensions an NCA cube restricts that netscn has no notion of (`src_ports`); a
 *   set with any is never equal to a netscn answer;
 * - `requests`: TCP ports admitted for some HTTP requests only (an NCA cube restricting
 *   `methods`, `hosts` or `paths`; netscn's request-level ports, connlist/request-space.ts),
 *   each with a test on the request and the values it names; nca-requests.ts compares them by
 *   sampling and replaces them with `requestText` before the sets are compared as texts.
 *
 * The other protocols of netscn's answer (`fromConnlist`) are connlist's own ICMP and
 * other-protocol dimensions (connlist/protocol-space.ts): `all` when both are whole, `none` when
 * both are empty; an answer that allows part of them (some ICMP types, some protocol numbers)
 * restricts a dimension this form does not hold and is marked `beyond`, so it fails rather than
 * compare equal to NCA's `some`. A case therefore passes when the expected answer agrees on
 * TCP/UDP/SCTP ports AND on the other protocols taken together.
 *
 * Istio sections: under `TCP Connections:` the universe is TCP, under `non-TCP Connections:`
 * it is everything else; a cube without `protocols` means its section's universe. In the
 * non-TCP section the rule for the other protocols reads UDP and SCTP only: the sidecar
 * (AuthorizationPolicy) narrows TCP alone.
 *
 * Pieces: NCA's txt_no_fw_rules prints a set of several cubes as one line per cube (the pair's
 * lines are never `{cube},{cube}`), its cubes grouping the protocols that allow the same ports.
 * So a set is compared as its pieces (`connSetPieces`): the whole section, or one piece per
 * group of modelled protocols with equal ports plus one for the other protocols; a set
 * restricting dimensions beyond the model stays one piece.
 */
import type { Protocol } from '../spec/types.js';
import { isWhole } from '../connlist/protocol-space.js';
import { TRANSPORT_PROTOCOLS } from '../spec/packet-protocol.js';
import type { Connections, RequestPorts } from '../connlist/connlist.js';
import { ncaRequestCube, netscnRequestCube } from './nca-requests.js';
import { assertNever } from '../spec/never.js';
import type { MeshRequest } from '../mesh/authorization.js';
import type { RequestDimension } from '../connlist/request-space.js';

export const MODELLED: readonly Protocol[] = TRANSPORT_PROTOCOLS;

/** connlist's dimensions beyond the ports, NCA's "others" together. */
const PORTLESS = ['ICMP', 'IP'] as const;

/** Sorted, disjoint, non-adjacent inclusive port ranges within 1-65535. */
export type Ports = readonly (readonly [number, number])[];

/** The other IP protocols together (see the header). */
export type Others = 'all' | 'none' | 'some';

export interface ConnSet {
  readonly ports: ReadonlyMap<Protocol, Ports>;
  readonly others: Others;
  /** Dimensions beyond the model that some cube restricts, sorted, unique. */
  readonly beyond: readonly string[];
  /** TCP ports admitted for some HTTP requests only (absent: none). */
  readonly requests?: readonly RequestCube[];
  /** The requests settled against the other answer (nca-requests.ts): part of the set's text. */
  readonly requestText?: string;
}

/** TCP ports on which the requests `admits` passes are allowed. */
export interface RequestCube {
  readonly ports: Ports;
  readonly admits: (r: MeshRequest) => boolean;
  /** Values worth sampling, per dimension: those the cube's test names and values around them. */
  readonly samples: Readonly<Record<RequestDimension, readonly string[]>>;
}

/** Which part of the protocol space a txt_no_fw_rules section speaks of. */
export type Section =
  /** No Istio layer: one answer over every protocol. */
  | 'all'
  /** `TCP Connections:` of an Istio-layered config. */
  | 'tcp'
  /** `non-TCP Connections:`: every protocol but TCP. */
  | 'non-tcp';

const ALL_PORTS: Ports = [[1, 65535]];

export const EMPTY: ConnSet = { ports: new Map(), others: 'none', beyond: [] };

/** Every connection of the section. */
export function universe(section: Section): ConnSet {
  const protocols = MODELLED.filter((p) => inSection(section, p));
  return { ports: new Map(protocols.map((p) => [p, ALL_PORTS])), others: section === 'tcp' ? 'none' : 'all', beyond: [] };
}

function inSection(section: Section, p: Protocol): boolean {
  switch (section) {
    case 'all':
      return true;
    case 'tcp':
      return p === 'TCP';
    case 'non-tcp':
      return p !== 'TCP';
    default:
      return assertNever(section);
  }
}


export function unionPorts(a: Ports, b: Ports): Ports {
  const all = [...a, ...b].sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [from, to] of all) {
    const last = out[out.length - 1];
    if (last && last[1] + 1 >= from) last[1] = Math.max(last[1], to);
    else out.push([from, to]);
  }
  return out;
}

function complementPorts(a: Ports): Ports {
  const out: [number, number][] = [];
  let next = 1;
  for (const [from, to] of a) {
    if (from > next) out.push([next, from - 1]);
    next = to + 1;
  }
  if (next <= 65535) out.push([next, 65535]);
  return out;
}

function unionOthers(a: Others, b: Others): Others {
  if (a === 'all' || b === 'all') return 'all';
  if (a === 'none') return b;
  return 'some';
}

export function union(a: ConnSet, b: ConnSet): ConnSet {
  const ports = new Map<Protocol, Ports>();
  for (const p of MODELLED) {
    const u = unionPorts(a.ports.get(p) ?? [], b.ports.get(p) ?? []);
    if (u.length > 0) ports.set(p, u);
  }
  const requests = [...(a.requests ?? []), ...(b.requests ?? [])];
  return { ports, others: unionOthers(a.others, b.others), beyond: [...new Set([...a.beyond, ...b.beyond])].sort(), ...(requests.length > 0 ? { requests } : {}) };
}

/** The section's universe minus `a`; what `a` restricts beyond the model stays marked. */
function complement(section: Section, a: ConnSet): ConnSet {
  const ports = new Map<Protocol, Ports>();
  for (const p of MODELLED.filter((q) => inSection(section, q))) {
    const c = complementPorts(a.ports.get(p) ?? []);
    if (c.length > 0) ports.set(p, c);
  }
  const others: Others = section === 'tcp' ? 'none' : a.others === 'all' ? 'none' : a.others === 'none' ? 'all' : 'some';
  // The complement of request-level ports is not stated here (NCA prints none): marked instead.
  return { ports, others, beyond: a.requests ? [...a.beyond, 'requests (complemented)'].sort() : a.beyond };
}

export function isEmpty(a: ConnSet): boolean {
  return a.ports.size === 0 && a.others === 'none' && a.beyond.length === 0 && (a.requests ?? []).length === 0 && a.requestText === undefined;
}

/** A parse failure: the text is not NCA's connection syntax. */
export class ConnectionSyntaxError extends Error {}

const DIMENSIONS = ['protocols', 'src_ports', 'dst_ports', 'methods', 'hosts', 'paths', 'icmp_type', 'icmp_code'] as const;
const DIMENSION_START = new RegExp(`,(?=(?:${DIMENSIONS.join('|')}):)`);

/**
 * NCA's connection text (`All connections`, `{cube},{cube}`, `All but {cube},...`) within a
 * section, normalised.
 */
export function parseConnections(text: string, section: Section): ConnSet {
  const t = text.trim();
  if (t === 'All connections') return universe(section);
  if (t === 'No connections') return EMPTY;
  if (t.startsWith('All but ')) return complement(section, cubes(t.slice('All but '.length), section));
  return cubes(t, section);
}

function cubes(text: string, section: Section): ConnSet {
  const found = text.match(/\{[^{}]*\}/g);
  if (!found || found.join(',') !== text.trim()) throw new ConnectionSyntaxError(`not a list of {cubes}: ${text}`);
  return found.map((c) => cube(c.slice(1, -1), section)).reduce(union, EMPTY);
}

/** One cube: the product of its dimensions, within the section. */
function cube(body: string, section: Section): ConnSet {
  const dims = new Map<string, string>();
  for (const part of body.split(DIMENSION_START)) {
    const colon = part.indexOf(':');
    const name = part.slice(0, colon);
    if (colon < 0 || !(DIMENSIONS as readonly string[]).includes(name) || dims.has(name)) throw new ConnectionSyntaxError(`bad cube dimension "${part}" in {${body}}`);
    dims.set(name, part.slice(colon + 1));
  }
  const protocols = dims.has('protocols') ? protocolSet(dims.get('protocols')!) : { modelled: new Set(MODELLED), others: 'all' as Others };
  const dstPorts = dims.has('dst_ports') ? portList(dims.get('dst_ports')!) : ALL_PORTS;
  const ports = new Map<Protocol, Ports>();
  for (const p of MODELLED) if (protocols.modelled.has(p) && inSection(section, p) && dstPorts.length > 0) ports.set(p, dstPorts);
  let others: Others = section === 'tcp' ? 'none' : protocols.others;
  // ICMP type/code restrict part of the other protocols; ports restricted with no protocol named
  // leave the port-less protocols' part undecidable from the text (see the header).
  if (others !== 'none' && (dims.has('icmp_type') || dims.has('icmp_code') || (dims.has('dst_ports') && !dims.has('protocols')))) others = 'some';
  const beyond = ['src_ports'].filter((d) => dims.has(d));
  const requestDims = REQUEST_DIMENSIONS_OF_NCA.filter((d) => dims.has(d));
  const tcp = ports.get('TCP');
  if (requestDims.length === 0 || tcp === undefined) return { ports, others, beyond };
  // Methods, hosts and paths restrict the requests on the cube's TCP ports (NCA reads every
  // TCP connection as HTTP requests, see nca-requests.ts).
  ports.delete('TCP');
  return { ports, others, beyond, requests: [ncaRequestCube(tcp, dims)] };
}

const REQUEST_DIMENSIONS_OF_NCA = ['methods', 'hosts', 'paths'] as const;

/** `TCP, UDP` or `all but ICMP, VRRP`: the modelled protocols named, and the part of the others. */
function protocolSet(text: string): { modelled: Set<Protocol>; others: Others } {
  const negated = text.startsWith('all but ');
  const names = (negated ? text.slice('all but '.length) : text).split(',').map((s) => s.trim());
  if (names.some((n) => n === '')) throw new ConnectionSyntaxError(`bad protocol list "${text}"`);
  const modelled = new Set(MODELLED.filter((p) => names.includes(p)));
  const namesOthers = names.some((n) => !(MODELLED as readonly string[]).includes(n));
  if (!negated) return { modelled, others: namesOthers ? 'some' : 'none' };
  return { modelled: new Set(MODELLED.filter((p) => !modelled.has(p))), others: namesOthers ? 'some' : 'all' };
}

/** `53-54,70` → ranges. */
export function portList(text: string): Ports {
  const ranges = text.split(',').map((s): [number, number] => {
    const m = /^\s*(\d+)(?:-(\d+))?\s*$/.exec(s);
    if (!m) throw new ConnectionSyntaxError(`bad port list "${text}"`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (from < 1 || to > 65535 || from > to) throw new ConnectionSyntaxError(`bad port range "${s}"`);
    return [from, to];
  });
  return unionPorts(ranges, []);
}

/**
 * netscn's connlist answer for a pair, within a section: its TCP/UDP/SCTP ports, and the other
 * protocols by the rule of the header (judged on the whole answer, not the section).
 */
export function fromConnlist(conns: Connections, section: Section, requests?: readonly RequestPorts[]): ConnSet {
  const ports = new Map<Protocol, Ports>();
  for (const p of MODELLED) {
    const r = conns.get(p);
    if (r && r.length > 0 && inSection(section, p)) ports.set(p, unionPorts(r, []));
  }
  // connlist's ICMP and other-protocol dimensions (connlist/protocol-space.ts): both whole is
  // `all`, both absent `none`; anything between is marked beyond the comparison, as it can be
  // compared with no `some` of NCA's.
  const whole = PORTLESS.every((p) => isWhole(p, conns.get(p)));
  const none = PORTLESS.every((p) => !conns.has(p));
  const partly = section !== 'tcp' && !whole && !none;
  const cubes = section === 'non-tcp' ? [] : (requests ?? []).map(netscnRequestCube);
  return {
    ports,
    others: section !== 'tcp' && whole ? 'all' : 'none',
    beyond: partly ? ['ICMP types or other protocols in part'] : [],
    ...(cubes.length > 0 ? { requests: cubes } : {}),
  };
}

/**
 * The pieces NCA prints a set as, each as canonical text (see the header); `ignoreOthers`
 * leaves the other protocols out (then a set without modelled ports has no pieces).
 */
export function connSetPieces(a: ConnSet, section: Section, ignoreOthers = false): string[] {
  if (a.beyond.length > 0 || a.requests !== undefined || a.requestText !== undefined) return [connSetText(a, ignoreOthers)];
  if (!ignoreOthers && connSetText(a) === connSetText(universe(section))) return ['All connections'];
  const groups = new Map<string, Protocol[]>();
  for (const p of MODELLED) {
    const ports = a.ports.get(p);
    if (ports === undefined) continue;
    const key = ports.map(([x, y]) => (x === y ? `${x}` : `${x}-${y}`)).join(',');
    groups.set(key, [...(groups.get(key) ?? []), p]);
  }
  const out = [...groups].map(([ports, protocols]) => `${protocols.join(',')} ${ports}`);
  if (!ignoreOthers && a.others !== 'none') out.push(`others ${a.others}`);
  return out;
}

/** The canonical text of a set: equal sets, equal texts. */
export function connSetText(a: ConnSet, ignoreOthers = false): string {
  const parts = MODELLED.filter((p) => a.ports.has(p)).map((p) => `${p} ${a.ports.get(p)!.map(([x, y]) => (x === y ? `${x}` : `${x}-${y}`)).join(',')}`);
  if (!ignoreOthers) parts.push(`others ${a.others}`);
  if (a.beyond.length > 0) parts.push(`restricts ${a.beyond.join(',')}`);
  if (a.requests !== undefined) parts.push('HTTP requests (unsettled)');
  if (a.requestText !== undefined) parts.push(a.requestText);
  return parts.join('; ');
}

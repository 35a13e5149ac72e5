/**
 * HTTP requests in the NCA comparison: NCA's `methods`, `hosts` and `paths` dimensions
 * (../shared/conformance/nca/README.md, "Connections") as tests on a request, netscn's
 * request-level ports (connlist/request-space.ts) likewise, and the settlement that makes the two
 * answers' texts comparable.
 *
 * NCA's value texts: a `, `-separated list, or `all but` and a list (the complement); an item is
 * an exact value, a prefix `abc*`, a suffix `*abc`, `*` (any value), `/p(/*)?` (the path `/p` and
 * every path below it, an Ingress prefix), `(A)|(B)` (union) or `(A)-(B)` (difference). Methods
 * range over the nine HTTP methods (NCA's universe: `all but PUT` is the other eight); hosts
 * compare ignoring case, as in Istio.
 *
 * Settling (`settleRequests`): the two answers' sets speak of infinitely many requests, so for
 * each pair (section, source, destination) where either answer restricts requests, the lines of
 * that pair are joined (union) on each side and judged on one common sample: the nine methods,
 * and per path and host every value either side names with values around it (`v`, `v/~q`,
 * `v~q`, `~q v`) and one value neither names. Each TCP port piece (cut at both sides' port
 * boundaries) gets the bits of the samples it admits: a piece admitting every sample is an
 * ordinary TCP port of the set, one admitting some is listed in `requestText` with its count and
 * a digest of the bits, so equal answers get equal texts. The sample holds a representative of
 * every class of netscn's request set (its patterns' classes), so two answers that differ on
 * netscn's classes differ on the sample; an answer NCA states with values netscn's policies do not
 * name is sampled at those values too.
 *
 * NCA reads every TCP connection of a meshed pod as HTTP requests; Istio does not (a DENY rule's
 * HTTP fields are ignored for plain TCP, which is then denied: mesh/authorization.ts). netscn
 * states a port refused as TCP but admitting every request as `TCP 80 (HTTP)`; here that port
 * admits every sample and counts as an ordinary TCP port, as NCA states it.
 */
import { createHash } from 'node:crypto';
import type { MeshRequest } from '../mesh/authorization.js';
import { hasRequest, REQUEST_DIMENSIONS, sampleValues, type RequestDimension } from '../connlist/request-space.js';
import type { RequestPorts } from '../connlist/connlist.js';
import { unionPorts, union, type ConnSet, type Ports, type RequestCube } from './nca-connections.js';
import { endpointText, splitAtBoundaries, type PairLine } from './nca-endpoints.js';

/** NCA's universe of methods. */
export const HTTP_METHODS: readonly string[] = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

/** A sample's free part: no value of the corpus holds it. */
const FREE = '~q';

type Test = (v: string) => boolean;

/** One item of a value list: its test and the values worth sampling around it. */
function item(d: RequestDimension, raw: string): { test: Test; samples: string[] } {
  const text = d === 'hosts' ? raw.toLowerCase() : raw;
  const binary = splitBinary(text);
  if (binary) {
    const [a, op, b] = binary;
    const x = item(d, a);
    const y = item(d, b);
    return { test: op === '|' ? (v) => x.test(v) || y.test(v) : (v) => x.test(v) && !y.test(v), samples: [...x.samples, ...y.samples] };
  }
  if (text === '*') return { test: (v) => v !== '', samples: [] };
  if (text.endsWith('(/*)?')) {
    const p = text.slice(0, -'(/*)?'.length);
    return { test: (v) => v === p || v.startsWith(`${p}/`), samples: [p, `${p}/${FREE}`, `${p}${FREE}`] };
  }
  if (text.endsWith('*')) {
    const p = text.slice(0, -1);
    return { test: (v) => v.startsWith(p), samples: [p, `${p}${FREE}`] };
  }
  if (text.startsWith('*')) {
    const s = text.slice(1);
    return { test: (v) => v.endsWith(s), samples: [s, `${FREE}${s}`] };
  }
  return { test: (v) => v === text, samples: [text, `${text}/${FREE}`, `${text}${FREE}`] };
}

/** `(A)|(B)` or `(A)-(B)` at the top level: its parts. */
function splitBinary(text: string): [string, '|' | '-', string] | undefined {
  if (!text.startsWith('(') || !text.endsWith(')')) return undefined;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    if (depth === 0) {
      const op = text[i + 1];
      if ((op === '|' || op === '-') && text[i + 2] === '(') return [text.slice(1, i), op, text.slice(i + 3, -1)];
      return undefined;
    }
  }
  return undefined;
}

/** One dimension's value text: its test and samples. */
function dimension(d: RequestDimension, text: string): { test: Test; samples: string[] } {
  const negated = text.startsWith('all but ');
  const items = (negated ? text.slice('all but '.length) : text).split(', ').map((t) => item(d, t.trim()));
  const any: Test = (v) => items.some((i) => i.test(d === 'hosts' ? v.toLowerCase() : v));
  const samples = items.flatMap((i) => i.samples);
  if (d === 'methods') return { test: negated ? (v) => HTTP_METHODS.includes(v) && !any(v) : any, samples: [] };
  return { test: negated ? (v) => !any(v) : any, samples };
}

/** An NCA cube restricting requests on its TCP ports: `dims` holds its dimensions' texts. */
export function ncaRequestCube(ports: Ports, dims: ReadonlyMap<string, string>): RequestCube {
  const tests: [RequestDimension, Test][] = [];
  const samples: Record<RequestDimension, string[]> = { methods: [], paths: [], hosts: [] };
  for (const d of REQUEST_DIMENSIONS) {
    const text = dims.get(d);
    if (text === undefined) continue;
    const parsed = dimension(d, text);
    tests.push([d, parsed.test]);
    samples[d].push(...parsed.samples);
  }
  const value = (r: MeshRequest, d: RequestDimension): string => (d === 'methods' ? r.method : d === 'paths' ? r.path : r.host);
  return { ports, admits: (r) => tests.every(([d, t]) => t(value(r, d))), samples };
}

/** netscn's request-level ports as a cube. */
export function netscnRequestCube(rp: RequestPorts): RequestCube {
  return { ports: rp.ports, admits: (r) => hasRequest(rp.requests, r), samples: sampleValues(rp.requests, FREE) };
}

const holds = (ports: Ports, port: number): boolean => ports.some(([a, b]) => a <= port && port <= b);

/** The answers with the request-level pairs settled on common samples (see the header). */
export function settleRequests(answers: readonly (readonly PairLine[])[]): PairLine[][] {
  const split = splitAtBoundaries(answers);
  const key = (l: PairLine): string => `${l.section} ${endpointText(l.src)} ${endpointText(l.dst)}`;
  const keys = new Set(split.flatMap((lines) => lines.filter((l) => l.conns.requests !== undefined).map(key)));
  if (keys.size === 0) return split;
  const samplesOf = (k: string): MeshRequest[] => {
    const cubes = split.flatMap((lines) => lines.filter((l) => key(l) === k).flatMap((l) => l.conns.requests ?? []));
    const values = (d: RequestDimension, free: string): string[] => [...new Set([free, ...cubes.flatMap((c) => c.samples[d])])].filter((v) => v !== '').sort();
    const paths = values('paths', `/${FREE}`);
    const hosts = values('hosts', `${FREE}.example`);
    return HTTP_METHODS.flatMap((method) => paths.flatMap((path) => hosts.map((host) => ({ method, path, host, headers: {} }))));
  };
  return split.map((lines) => {
    const out = lines.filter((l) => !keys.has(key(l)));
    for (const k of keys) {
      const mine = lines.filter((l) => key(l) === k);
      if (mine.length === 0) continue;
      const joined = mine.map((l) => l.conns).reduce(union);
      out.push({ ...mine[0]!, conns: settled(joined, samplesOf(k)) });
    }
    return out;
  });
}

/** A joined set's TCP ports and request-level ports, judged on the samples. */
function settled(set: ConnSet, samples: readonly MeshRequest[]): ConnSet {
  const tcp = set.ports.get('TCP') ?? [];
  const cubes = set.requests ?? [];
  const cuts = new Set<number>([1]);
  for (const [a, b] of [...tcp, ...cubes.flatMap((c) => c.ports)]) {
    cuts.add(a);
    if (b < 65535) cuts.add(b + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const full: [number, number][] = [];
  const partial = new Map<string, [number, number][]>();
  starts.forEach((start, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]! - 1 : 65535;
    if (holds(tcp, start)) return full.push([start, end]);
    const on = cubes.filter((c) => holds(c.ports, start));
    if (on.length === 0) return;
    const bits = samples.map((r) => (on.some((c) => c.admits(r)) ? '1' : '0')).join('');
    if (!bits.includes('0')) return full.push([start, end]);
    if (!bits.includes('1')) return;
    partial.set(bits, [...(partial.get(bits) ?? []), [start, end]]);
  });
  const ports = new Map(set.ports);
  const tcpFull = unionPorts(full, []);
  if (tcpFull.length > 0) ports.set('TCP', tcpFull);
  else ports.delete('TCP');
  const texts = [...partial].map(([bits, ranges]) => {
    const admitted = samples.filter((_, i) => bits[i] === '1');
    const first = admitted.slice(0, 2).map((r) => `${r.method} ${r.path} ${r.host}`).join(', ');
    const digest = createHash('sha1').update(bits).digest('hex').slice(0, 10);
    return `TCP ${unionPorts(ranges, []).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')} HTTP ${admitted.length}/${samples.length} sampled (${first}, …) #${digest}`;
  });
  const { requests: _requests, ...rest } = set;
  return { ...rest, ports, ...(texts.length > 0 ? { requestText: texts.sort().join('; ') } : {}) };
}

/**
 * Request-level dimensions of a connectivity list: the HTTP requests (method × path × host) that
 * a destination's sidecar admits on a port where it refuses plain TCP, and how connlist states
 * them.
 *
 * How a connection allowed for some requests only is stated (every connlist format prints this
 * one text, `connectionText` in connlist.ts):
 * - a TCP port whose plain connections are allowed admits every request (see "Monotone" below)
 *   and prints as before: `TCP 9080`; nothing changes for clusters without AuthorizationPolicies;
 * - a TCP port refused as plain TCP but admitting some requests prints with the requests:
 *   `TCP 9080 (HTTP: methods GET; paths /api/*)`, or `TCP 9080 (HTTP)` when it admits every
 *   request but no plain TCP (an ALLOW rule naming `methods: ["*"]`, say); ports with the same
 *   requests share one item: `TCP 80,TCP 9080 (HTTP: methods GET)`; the item follows the ports
 *   allowed for everything;
 * - the requests are a union of rectangles `[methods …; paths …; hosts …] or […]` (brackets only
 *   when there are several), a dimension left out being unrestricted; a dimension lists Istio
 *   patterns (`GET`, `/api/*`, `*.example.com`, `/a*&*.html` for both a prefix and a suffix),
 *   `all but …` for the complement of what it lists, `… except (…)` for a pattern minus
 *   narrower ones (`/api/* except (/api/admin/*)`).
 *
 * Semantics (no second evaluator): the admitted set is computed by the trace engine's own
 * evaluator, src/mesh/authorization.ts `authorize`, on one representative request per cell.
 * Istio's operation fields compare by exact, prefix (`abc*`), suffix (`*abc`) or presence (`*`)
 * match, hosts ignoring case (https://istio.io/latest/docs/reference/config/security/authorization-policy/,
 * "Operation" and "Rule"), so the values of each dimension fall into finitely many classes: two
 * values matching the same patterns of the policies are admitted alike. The classes of a
 * dimension are represented by: each exact value the policies name; `p·F`, `F·s` and `p·F·s` for
 * each prefix p and suffix s; `F` alone (F a character no pattern holds). Every value that is not
 * an exact value matches exactly the prefixes of its longest matched prefix and the suffixes of
 * its longest matched suffix, as the representative built from those two does, so the cells of
 * the product of the three dimensions' classes cover every request. Not dimensions here:
 * request headers (`when: request.headers[…]`) and JWT attributes (`requestPrincipals`,
 * `request.auth.*`): the listed requests carry neither, as the trace engine's requests carry
 * none by default; the empty string is no value (a request always has a method, a path and a
 * host).
 *
 * Monotone: on plain TCP an ALLOW rule naming HTTP fields never matches and a DENY rule ignores
 * them (authorization.ts' header, citing https://istio.io/latest/docs/concepts/security/#authorization-policies-for-tcp-traffic),
 * so a port whose TCP connections are allowed admits every request; a port refused as TCP can
 * still admit requests (ALLOW with `methods`; DENY with `methods`, which denies all of TCP but
 * only those methods of HTTP).
 *
 * Cilium's L7 HTTP rules (https://docs.cilium.io/en/stable/security/policy/language/#layer-7-examples:
 * method and path are regular expressions, host and headers) are not cut into classes here: a
 * port they filter is listed with the rules as written (cilium-http.ts).
 *
 * Cost: classes(methods) × classes(paths) × classes(hosts) evaluator calls per decided port.
 */
import type { AuthorizationPolicySpec, OperationField } from '../spec/authorization-policy.js';
import type { MeshRequest } from '../mesh/authorization.js';

/** The dimensions, in printing order. */
export const REQUEST_DIMENSIONS = ['methods', 'paths', 'hosts'] as const satisfies readonly OperationField[];
export type RequestDimension = (typeof REQUEST_DIMENSIONS)[number];

/** A character no pattern holds: the free part of a representative. */
const FREE = '\u0000';

/** One dimension's values cut into classes by the patterns the policies name. */
interface Axis {
  readonly exact: readonly string[];
  readonly prefixes: readonly string[];
  readonly suffixes: readonly string[];
  /** One representative per class; index = class. */
  readonly reps: readonly string[];
}

/** The requests admitted: cells of the product of the axes' classes. */
export interface RequestSet {
  readonly axes: Readonly<Record<RequestDimension, Axis>>;
  /** `m,p,h` class indices of the admitted cells. */
  readonly cells: ReadonlySet<string>;
}

/** The request a cell stands for. */
function requestOf(axes: RequestSet['axes'], m: number, p: number, h: number): MeshRequest {
  return { method: axes.methods.reps[m]!, path: axes.paths.reps[p]!, host: axes.hosts.reps[h]!, headers: {} };
}

const norm = (d: RequestDimension, v: string): string => (d === 'hosts' ? v.toLowerCase() : v);

function axisOf(d: RequestDimension, patterns: readonly string[]): Axis {
  const exact = new Set<string>();
  const prefixes = new Set<string>();
  const suffixes = new Set<string>();
  for (const raw of patterns) {
    const s = norm(d, raw);
    if (s === '*' || s === '' || s.includes(FREE)) continue;
    if (s.endsWith('*')) prefixes.add(s.slice(0, -1));
    else if (s.startsWith('*')) suffixes.add(s.slice(1));
    else exact.add(s);
  }
  const axis = { exact: [...exact].sort(), prefixes: [...prefixes].sort(), suffixes: [...suffixes].sort() };
  const candidates = [FREE, ...axis.exact, ...axis.prefixes.map((p) => p + FREE), ...axis.suffixes.map((s) => FREE + s), ...axis.prefixes.flatMap((p) => axis.suffixes.map((s) => p + FREE + s))];
  const seen = new Set<string>();
  const reps: string[] = [];
  for (const c of candidates) {
    const key = signature({ ...axis, reps: [] }, c);
    if (seen.has(key)) continue;
    seen.add(key);
    reps.push(c);
  }
  return { ...axis, reps };
}

/** Which patterns a (normalised) value matches: equal signatures, one class. */
function signature(axis: Omit<Axis, 'reps'> & { reps: readonly string[] }, v: string): string {
  return [axis.exact.map((e) => (e === v ? 1 : 0)).join(''), axis.prefixes.map((p) => (v.startsWith(p) ? 1 : 0)).join(''), axis.suffixes.map((s) => (v.endsWith(s) ? 1 : 0)).join('')].join('|');
}

/** The class of a value. */
function classOf(axis: Axis, d: RequestDimension, value: string): number {
  const key = signature(axis, norm(d, value));
  return axis.reps.findIndex((r) => signature(axis, r) === key);
}

/** The patterns the operations of `policies` name, per dimension. */
function patternsOf(policies: readonly AuthorizationPolicySpec[]): Record<RequestDimension, string[]> {
  const out: Record<RequestDimension, string[]> = { methods: [], paths: [], hosts: [] };
  for (const p of policies)
    for (const r of p.rules)
      for (const o of r.to)
        for (const d of REQUEST_DIMENSIONS) {
          const m = o[d];
          if (m) out[d].push(...m.values, ...m.notValues);
        }
  return out;
}

/**
 * The requests `admits` lets through, decided on one representative per cell; `policies` are
 * those that apply to the destination (their patterns cut the dimensions).
 */
export function requestSetOf(policies: readonly AuthorizationPolicySpec[], admits: (request: MeshRequest) => boolean): RequestSet {
  return requestSetOfPatterns(patternsOf(policies), admits);
}

/**
 * The requests `admits` lets through, the dimensions cut by Istio-style patterns (exact, `p*`,
 * `*s`, `*`) that `admits` decides alike within each class (gateway-fold.ts: a VirtualService's
 * matches and hosts).
 */
export function requestSetOfPatterns(patterns: Readonly<Record<RequestDimension, readonly string[]>>, admits: (request: MeshRequest) => boolean): RequestSet {
  const axes = { methods: axisOf('methods', patterns.methods), paths: axisOf('paths', patterns.paths), hosts: axisOf('hosts', patterns.hosts) };
  const cells = new Set<string>();
  axes.methods.reps.forEach((_, m) =>
    axes.paths.reps.forEach((_, p) =>
      axes.hosts.reps.forEach((_, h) => {
        if (admits(requestOf(axes, m, p, h))) cells.add(`${m},${p},${h}`);
      }),
    ),
  );
  return { axes, cells };
}

function size(set: RequestSet): number {
  return set.axes.methods.reps.length * set.axes.paths.reps.length * set.axes.hosts.reps.length;
}

export function isEveryRequest(set: RequestSet): boolean {
  return set.cells.size === size(set);
}

export function isNoRequest(set: RequestSet): boolean {
  return set.cells.size === 0;
}

/** Whether the set holds a request (its headers are not a dimension: see the header). */
export function hasRequest(set: RequestSet, r: MeshRequest): boolean {
  const m = classOf(set.axes.methods, 'methods', r.method);
  const p = classOf(set.axes.paths, 'paths', r.path);
  const h = classOf(set.axes.hosts, 'hosts', r.host);
  return set.cells.has(`${m},${p},${h}`);
}

/** The patterns an axis was cut by, as written. */
function axisPatterns(a: Axis): string[] {
  return [...a.exact, ...a.prefixes.map((p) => `${p}*`), ...a.suffixes.map((s) => `*${s}`)];
}

/** Whether every request of `a` is in `b`: decided on the classes of both sets' patterns together. */
export function requestSetWithin(a: RequestSet, b: RequestSet): boolean {
  const axes = {
    methods: axisOf('methods', [...axisPatterns(a.axes.methods), ...axisPatterns(b.axes.methods)]),
    paths: axisOf('paths', [...axisPatterns(a.axes.paths), ...axisPatterns(b.axes.paths)]),
    hosts: axisOf('hosts', [...axisPatterns(a.axes.hosts), ...axisPatterns(b.axes.hosts)]),
  };
  return axes.methods.reps.every((_, m) => axes.paths.reps.every((_, p) => axes.hosts.reps.every((_, h) => {
    const r = requestOf(axes, m, p, h);
    return !hasRequest(a, r) || hasRequest(b, r);
  })));
}

/** The requests of both sets, or of either: decided on the classes of both sets' patterns together. */
export function requestSetCombined(a: RequestSet, b: RequestSet, how: 'both' | 'either'): RequestSet {
  const patterns = (d: RequestDimension): string[] => [...axisPatterns(a.axes[d]), ...axisPatterns(b.axes[d])];
  return requestSetOfPatterns({ methods: patterns('methods'), paths: patterns('paths'), hosts: patterns('hosts') }, (r) =>
    how === 'both' ? hasRequest(a, r) && hasRequest(b, r) : hasRequest(a, r) || hasRequest(b, r),
  );
}

/** Per dimension, one value of every class, its free part written `free`: what a comparison samples. */
export function sampleValues(set: RequestSet, free: string): Record<RequestDimension, string[]> {
  const of = (a: Axis): string[] => a.reps.map((r) => r.split(FREE).join(free));
  return { methods: of(set.axes.methods), paths: of(set.axes.paths), hosts: of(set.axes.hosts) };
}

/** A rectangle: the classes of each dimension. */
export type RequestRectangle = Readonly<Record<RequestDimension, readonly number[]>>;

/**
 * The set as disjoint rectangles: per method class the (path, host) cells, paths with the same
 * hosts grouped, then methods with the same groups of paths and hosts grouped.
 */
export function rectangles(set: RequestSet): RequestRectangle[] {
  const { axes } = set;
  const byMethod = new Map<string, number[]>();
  const shapes = new Map<string, { paths: number[]; hosts: number[] }[]>();
  axes.methods.reps.forEach((_, m) => {
    const hostsOfPath = new Map<string, number[]>();
    axes.paths.reps.forEach((_, p) => {
      const hosts = axes.hosts.reps.map((_, h) => h).filter((h) => set.cells.has(`${m},${p},${h}`));
      if (hosts.length === 0) return;
      const key = hosts.join(',');
      hostsOfPath.set(key, [...(hostsOfPath.get(key) ?? []), p]);
    });
    if (hostsOfPath.size === 0) return;
    const shape = [...hostsOfPath].map(([hosts, paths]) => ({ paths, hosts: hosts.split(',').map(Number) }));
    const key = JSON.stringify(shape);
    byMethod.set(key, [...(byMethod.get(key) ?? []), m]);
    shapes.set(key, shape);
  });
  return [...byMethod].flatMap(([key, methods]) => shapes.get(key)!.map((s) => ({ methods, paths: s.paths, hosts: s.hosts })));
}

/** The pattern a class stands for: its exact value, or its longest prefix and suffix. */
function patternText(axis: Axis, c: number): string {
  const r = axis.reps[c]!;
  if (!r.includes(FREE)) return r;
  const prefix = longest(axis.prefixes.filter((p) => r.startsWith(p)));
  const suffix = longest(axis.suffixes.filter((s) => r.endsWith(s)));
  if (prefix === undefined && suffix === undefined) return '*';
  if (suffix === undefined) return `${prefix}*`;
  if (prefix === undefined) return `*${suffix}`;
  return `${prefix}*&*${suffix}`;
}

function longest(xs: readonly string[]): string | undefined {
  return xs.reduce<string | undefined>((a, b) => (a === undefined || b.length > a.length ? b : a), undefined);
}

/** Whether class `a`'s pattern holds every value of class `b`. */
function covers(axis: Axis, a: number, b: number): boolean {
  const ra = axis.reps[a]!;
  const rb = axis.reps[b]!;
  if (!ra.includes(FREE)) return a === b;
  return axis.prefixes.every((p) => !ra.startsWith(p) || rb.startsWith(p)) && axis.suffixes.every((s) => !ra.endsWith(s) || rb.endsWith(s));
}

/** A set of classes as patterns, minus (recursively) what those patterns hold beyond it. */
function describe(axis: Axis, classes: readonly number[]): string {
  const inSet = new Set(classes);
  const top = classes.filter((c) => !classes.some((d) => d !== c && covers(axis, d, c)));
  const extra = axis.reps.map((_, x) => x).filter((x) => !inSet.has(x) && top.some((c) => covers(axis, c, x)));
  const text = top.map((c) => patternText(axis, c)).sort().join(', ');
  return extra.length === 0 ? text : `${text} except (${describe(axis, extra)})`;
}

/** One dimension of a rectangle; undefined when unrestricted. */
function dimensionText(axis: Axis, classes: readonly number[]): string | undefined {
  if (classes.length === axis.reps.length) return undefined;
  // Class 0 is the free class (every value no pattern names): its pattern holds every class.
  if (!classes.includes(0)) return describe(axis, classes);
  return `all but ${describe(axis, axis.reps.map((_, x) => x).filter((x) => !classes.includes(x)))}`;
}

function rectangleText(set: RequestSet, r: RequestRectangle): string {
  return REQUEST_DIMENSIONS.flatMap((d) => {
    const t = dimensionText(set.axes[d], r[d]);
    return t === undefined ? [] : [`${d} ${t}`];
  }).join('; ');
}

/** `HTTP`, `HTTP: methods GET; paths /api/*`, `HTTP: [methods GET] or [methods POST; paths /a]`, `HTTP: none`. */
export function requestSetText(set: RequestSet): string {
  if (isEveryRequest(set)) return 'HTTP';
  if (isNoRequest(set)) return 'HTTP: none';
  const rs = rectangles(set).map((r) => rectangleText(set, r));
  return `HTTP: ${rs.length === 1 ? rs[0] : rs.map((r) => `[${r}]`).join(' or ')}`;
}

/**
 * Classes of alike connections for "for all" assertions (groups.ts) and pod-group table cells.
 *
 * An assertion's connections are every (source, target) pair of its two sides, a pod never
 * paired with itself, in plan order: targets in order, then sources, then ports. Each member of
 * a side has a class key; the caller guarantees (src/net/alike.ts `forAllSignature`, and
 * groups.ts `scopeOf` for when it applies) that two members with equal keys are interchangeable
 * as that end of a connection, up to one relation between the two ends: whether they are on the
 * same node (the bridge instead of the wire, and NetworkPolicy's rule that a node reaches its
 * own pods). So the verdict of a connection is a function of its kind: (source class, target
 * class, same node or not) and the port, and one probe of one connection per kind answers for
 * all of them.
 *
 * Kinds are counted without listing pairs: the pairs of classes A × B on one node n are
 * |A on n| × |B on n|, less the pods in both classes (a pod and itself); the rest are on two
 * nodes. Each kind's representative is its first connection in plan order, so the outcomes seen
 * (in first-seen order) and the first failing connections come out as probing every pair would
 * give them. With keys that tell every member apart, each kind is one connection and this is
 * pairwise probing.
 */

/** One side of the assertion's connections, in the order the assertion lists them. */
export interface Side {
  /** The class key of each member: equal keys, interchangeable members. */
  readonly keys: readonly string[];
  /** The node each member is on; undefined: not on a node (the internet, a host, a Service). */
  readonly nodes: readonly (string | undefined)[];
  /** The pod each member is (`namespace/name`), to pair no pod with itself; undefined: not a pod. */
  readonly pods: readonly (string | undefined)[];
}

/** The members of one class, by index into their side, ascending. */
export interface Class {
  readonly key: string;
  readonly members: readonly number[];
  /** Members by node, each list ascending. */
  readonly byNode: ReadonlyMap<string, readonly number[]>;
  /** The first member not on the first member's node (nor off nodes with it). */
  readonly elsewhere?: number;
}

/** Connections that one probe answers for. */
export interface Kind {
  readonly source: number;
  readonly target: number;
  /** Both ends on one node. */
  readonly sameNode: boolean;
  /** How many connections (per port). */
  readonly count: number;
  /** The first connection of the kind in plan order: member indexes. */
  readonly first: { readonly source: number; readonly target: number };
}

function sameNode(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && a === b;
}

/** The classes of a side, in the order of their first member. */
export function classesOf(side: Side): Class[] {
  const byKey = new Map<string, { key: string; members: number[]; byNode: Map<string, number[]> }>();
  side.keys.forEach((key, i) => {
    let c = byKey.get(key);
    if (!c) {
      c = { key, members: [], byNode: new Map() };
      byKey.set(key, c);
    }
    c.members.push(i);
    const n = side.nodes[i];
    if (n !== undefined) {
      const list = c.byNode.get(n);
      if (list) list.push(i);
      else c.byNode.set(n, [i]);
    }
  });
  return [...byKey.values()].map((c) => {
    const n0 = side.nodes[c.members[0]!];
    const elsewhere = c.members.find((i) => !sameNode(side.nodes[i], n0));
    return { ...c, ...(elsewhere !== undefined ? { elsewhere } : {}) };
  });
}

/**
 * The kinds of connections between source class `a` and target class `b` (at most two: same
 * node, other nodes), each with its count and first connection; kinds with no connection are left out.
 */
export function kindsOf(sources: Side, a: Class, ai: number, targets: Side, b: Class, bi: number): Kind[] {
  const out: Kind[] = [];
  // Same node: over the nodes both classes have members on (the smaller map walked).
  let same = 0;
  let first: { source: number; target: number } | undefined;
  const [small, large, smallIsA] = a.byNode.size <= b.byNode.size ? [a.byNode, b.byNode, true] : [b.byNode, a.byNode, false];
  for (const [node, list] of small) {
    const other = large.get(node);
    if (!other) continue;
    const [as, bs] = smallIsA ? [list, other] : [other, list];
    let pairs = as.length * bs.length;
    // A pod in both classes is not paired with itself (possible only when the keys are equal).
    if (a.key === b.key) {
      const inA = new Set(as.map((i) => sources.pods[i]));
      for (const t of bs) if (targets.pods[t] !== undefined && inA.has(targets.pods[t])) pairs--;
    }
    if (pairs === 0) continue;
    same += pairs;
    // The first target of this node with a source other than itself, and that source.
    for (const t of bs) {
      const s = as.find((i) => sources.pods[i] === undefined || sources.pods[i] !== targets.pods[t]);
      if (s === undefined) continue;
      if (first === undefined || t < first.target || (t === first.target && s < first.source)) first = { source: s, target: t };
      break;
    }
  }
  if (same > 0 && first) out.push({ source: ai, target: bi, sameNode: true, count: same, first });
  const onNodes = [...a.byNode].reduce((n, [node, list]) => n + list.length * (b.byNode.get(node)?.length ?? 0), 0);
  const other = a.members.length * b.members.length - onNodes;
  if (other > 0) {
    const a0 = a.members[0]!;
    const b0 = b.members[0]!;
    const rep =
      a.elsewhere !== undefined
        ? { target: b0, source: sameNode(sources.nodes[a0], targets.nodes[b0]) ? a.elsewhere : a0 }
        : (() => {
            const t = !sameNode(sources.nodes[a0], targets.nodes[b0]) ? b0 : b.elsewhere;
            return t === undefined ? undefined : { target: t, source: a0 };
          })();
    if (rep) out.push({ source: ai, target: bi, sameNode: false, count: other, first: rep });
  }
  return out;
}

/**
 * The connections of failing kinds, in plan order, at most `limit` of them: `failing(s, t)` gives
 * the ports (indexes, ascending) on which the kind of (source class s, target class t, same
 * node or not) fails.
 */
export function firstFailures(
  sources: Side,
  sourceClasses: readonly Class[],
  targets: Side,
  targetClasses: readonly Class[],
  failing: (sourceClass: number, targetClass: number, sameNode: boolean) => readonly number[],
  limit: number,
): { source: number; target: number; port: number }[] {
  const out: { source: number; target: number; port: number }[] = [];
  const classOfTarget = new Int32Array(targets.keys.length);
  targetClasses.forEach((c, ci) => {
    for (const m of c.members) classOfTarget[m] = ci;
  });
  // Per target class: the source classes with a failing kind.
  const failingSources = targetClasses.map((_b, bi) => sourceClasses.map((_a, ai) => ai).filter((ai) => failing(ai, bi, true).length > 0 || failing(ai, bi, false).length > 0));
  for (let t = 0; t < targets.keys.length && out.length < limit; t++) {
    const bi = classOfTarget[t]!;
    const candidates: { source: number; ports: readonly number[] }[] = [];
    const node = targets.nodes[t];
    for (const ai of failingSources[bi]!) {
      const a = sourceClasses[ai]!;
      const sameFails = failing(ai, bi, true);
      const otherFails = failing(ai, bi, false);
      const need = limit - out.length;
      let taken = 0;
      // Only same-node kinds fail: only the class's members on the target's node can.
      const members = otherFails.length === 0 ? (node === undefined ? [] : (a.byNode.get(node) ?? [])) : a.members;
      for (const s of members) {
        if (taken >= need) break;
        if (sources.pods[s] !== undefined && sources.pods[s] === targets.pods[t]) continue;
        const ports = sameNode(sources.nodes[s], node) ? sameFails : otherFails;
        if (ports.length === 0) continue;
        candidates.push({ source: s, ports });
        taken++;
      }
    }
    candidates.sort((x, y) => x.source - y.source);
    for (const c of candidates) {
      for (const port of c.ports) {
        if (out.length >= limit) break;
        out.push({ source: c.source, target: t, port });
      }
    }
  }
  return out;
}

/**
 * A for-all assertion between pods at their own addresses, factored: the NetworkPolicy verdict
 * of every pair from the reachability matrix (src/matrix), the rest of the path from classes of
 * pods alike with namespace and labels left out (src/net/alike.ts, scope `pod-ip-path`).
 *
 * Why it is sound. For a connection from pod s to pod t's own address (not hostNetwork), the
 * engine reads s's and t's namespace and labels only in NetworkPolicy (delivery.ts `policyGate`
 * → policy-check.ts `checkPolicy` → policy/evaluate.ts `evaluatePolicies`); everything else it
 * reads of them (ports, hostNetwork, security groups bound to them, names the spec mentions,
 * addresses against every block written, their nodes) is in the `pod-ip-path` signature. When
 * the packet reaches t unrewritten (no SNAT, the source being s's own address), the policy
 * verdict is `evaluatePolicies(s, t, port)`, which the matrix answers for every pair
 * (src/matrix/engine.ts `allowed`, `cellRow`, the same per-pod rules; connlist's tests compare
 * them). A flow's outcome and cause then depend only on that verdict and the path signatures:
 * denied, the walk fails with `timeout` by `policy` there; allowed, it goes on as for any pair
 * of those signatures. So connections of one kind — (source path class, target path class, same
 * node or not, port, matrix verdict) — share outcome and cause, and one probe per kind answers
 * for all; expectations that read more than outcome and cause are left to the classes of
 * groups.ts.
 *
 * Checked as it runs: each representative's flows must agree with the matrix (no SNAT on the
 * way, no `policy` cause where the matrix allows, no delivery where it denies); otherwise the
 * factoring is dropped (undefined) and the caller uses its classes.
 *
 * Counting: per group of sources with equal rows (the matrix's source groups: the destination
 * cells their policies allow before per-pod exceptions), the number of targets of each path
 * class in those cells; the pairs on a source's own node (where the exceptions live: self, a
 * node reaching its pods) are taken one by one. Without cell rows (admin policies, an egress
 * ipBlock admitting pods by address) each source's pod row is used.
 */
import { hasBit } from '../matrix/bitset.js';
import { forEachSourceGroup, podCell, type PortQuery, type ReachMatrix } from '../matrix/index.js';
import type { Flow } from '../net/types.js';
import type { Protocol } from '../spec/types.js';
import type { Class, Side } from './forall-classes.js';

/** The reachability matrix of a step's state, and the matrix index of each pod (`namespace/name`). */
export interface PolicyMatrix {
  readonly matrix: ReachMatrix;
  readonly index: ReadonlyMap<string, number>;
  /** Admin policies are in force: rows are decided pod by pod (no source groups). */
  readonly tiered: boolean;
}

/** One kind of connection of the factored assertion. */
export interface FactoredKind {
  readonly sourceClass: number;
  readonly targetClass: number;
  readonly sameNode: boolean;
  /** Index into the target class's ports. */
  readonly port: number;
  readonly allowed: boolean;
  readonly count: number;
  /** One connection of the kind: member indexes. */
  readonly rep: { readonly source: number; readonly target: number };
}

/** A port resolved to what the matrix is asked (per target class: its members' ports are alike). */
export type Query = PortQuery | undefined;

interface Tallies {
  readonly count: Float64Array;
  readonly rep: Int32Array;
}

/**
 * The kinds of the assertion with their counts and representatives. `queries[j][p]`: port p of
 * target class j as the matrix is asked it. Undefined when a member is not in the matrix.
 */
export function factoredKinds(
  policy: PolicyMatrix,
  sources: Side,
  sourceClasses: readonly Class[],
  targets: Side,
  targetClasses: readonly Class[],
  queries: readonly (readonly PortQuery[])[],
  sourceHostNetwork: readonly boolean[],
): FactoredKind[] | undefined {
  const { matrix } = policy;
  const mIndex = (id: string | undefined): number | undefined => (id === undefined ? undefined : policy.index.get(id));
  const srcM = sources.pods.map(mIndex);
  const tgtM = targets.pods.map(mIndex);
  if (srcM.some((x) => x === undefined) || tgtM.some((x) => x === undefined)) return undefined;
  const J = targetClasses.length;
  const classOfSource = new Int32Array(sources.keys.length);
  sourceClasses.forEach((c, ci) => c.members.forEach((m) => (classOfSource[m] = ci)));
  const classOfTarget = new Int32Array(targets.keys.length);
  targetClasses.forEach((c, ci) => c.members.forEach((m) => (classOfTarget[m] = ci)));
  // Targets by node, and per target class its targets by matrix cell.
  const targetsOnNode = new Map<string, number[]>();
  targets.nodes.forEach((n, t) => {
    if (n === undefined) return;
    const list = targetsOnNode.get(n);
    if (list) list.push(t);
    else targetsOnNode.set(n, [t]);
  });
  const cellOfTarget = new Int32Array(targets.keys.length);
  const cellsOf: Map<number, number[]>[] = targetClasses.map((c) => {
    const byCell = new Map<number, number[]>();
    for (const t of c.members) {
      const cell = podCell(matrix, tgtM[t]!);
      cellOfTarget[t] = cell;
      const list = byCell.get(cell);
      if (list) list.push(t);
      else byCell.set(cell, [t]);
    }
    return byCell;
  });
  // Per cell: the target classes with members in it, and how many — flat (cell c's entries are
  // inCellClass/inCellCount[inCellStart[c]..inCellStart[c+1]]), since every source group sums
  // them over each cell its row allows.
  const cellCount = matrixCellCount(cellsOf);
  const inCellStart = new Int32Array(cellCount + 1);
  cellsOf.forEach((byCell) => {
    for (const cell of byCell.keys()) inCellStart[cell + 1]!++;
  });
  for (let c = 0; c < cellCount; c++) inCellStart[c + 1]! += inCellStart[c]!;
  const inCellClass = new Int32Array(inCellStart[cellCount]!);
  const inCellCount = new Float64Array(inCellStart[cellCount]!);
  const fill = inCellStart.slice(0, cellCount);
  cellsOf.forEach((byCell, j) => {
    for (const [cell, members] of byCell) {
      const at = fill[cell]!++;
      inCellClass[at] = j;
      inCellCount[at] = members.length;
    }
  });
  // Distinct queries, and which (class, port) pairs ask each.
  const distinct = new Map<string, { q: PortQuery; uses: { j: number; p: number }[] }>();
  queries.forEach((qs, j) =>
    qs.forEach((q, p) => {
      const key = `${q.protocol}/${q.port}`;
      const d = distinct.get(key);
      if (d) d.uses.push({ j, p });
      else distinct.set(key, { q, uses: [{ j, p }] });
    }),
  );
  const I = sourceClasses.length;
  const maxPorts = Math.max(1, ...queries.map((q) => q.length));
  // Slot of (i, j, same, port, allowed).
  const slot = (i: number, j: number, same: boolean, p: number, allowed: boolean): number => ((((i * J + j) * 2 + (same ? 1 : 0)) * maxPorts + p) * 2 + (allowed ? 1 : 0));
  const size = I * J * 2 * maxPorts * 2;
  const tallies: Tallies = { count: new Float64Array(size), rep: new Int32Array(size * 2).fill(-1) };
  const note = (k: number, n: number, s: number, t: number): void => {
    if (n <= 0) return;
    tallies.count[k]! += n;
    if (tallies.rep[2 * k]! < 0) {
      tallies.rep[2 * k] = s;
      tallies.rep[2 * k + 1] = t;
    }
  };
  // Matrix index → the sources that are that pod.
  const sourcesAt = new Map<number, number[]>();
  srcM.forEach((m, s) => {
    const list = sourcesAt.get(m!);
    if (list) list.push(s);
    else sourcesAt.set(m!, [s]);
  });
  // The targets on each node, by class (built once: every source on the node reads them).
  const localByNode = new Map<string, Map<number, number[]>>();
  for (const [node, local] of targetsOnNode) {
    const byClass = new Map<number, number[]>();
    for (const t of local) {
      const list = byClass.get(classOfTarget[t]!);
      if (list) list.push(t);
      else byClass.set(classOfTarget[t]!, [t]);
    }
    localByNode.set(node, byClass);
  }
  const NONE_LOCAL: ReadonlyMap<number, readonly number[]> = new Map();
  /** One source's connections on query q: its row by cells (with the per-class counts) or by pods. */
  const visit = (s: number, q: PortQuery, uses: readonly { j: number; p: number }[], cells: Uint32Array | undefined, perClass: Float64Array | undefined): void => {
    const i = classOfSource[s]!;
    const ms = srcM[s]!;
    const node = sources.nodes[s];
    const podRow = cells === undefined ? matrix.row(ms, q) : undefined;
    const localByClass = (node === undefined ? undefined : localByNode.get(node)) ?? NONE_LOCAL;
    for (const { j, p } of uses) {
      const b = targetClasses[j]!;
      // All targets of the class this source's row allows, by the row (cell or pod).
      let all = perClass ? perClass[j]! : countIn(podRow!, b.members, tgtM);
      let onNode = 0;
      for (const t of localByClass.get(j) ?? []) {
        onNode++;
        const mt = tgtM[t]!;
        // The row's answer, which counted this pair among `all`.
        const rowSays = cells ? hasBit(cells, cellOfTarget[t]!) : hasBit(podRow!, mt);
        if (rowSays) all--;
        if (ms === mt) continue;
        // A pod row holds the per-pod exceptions (src/matrix/engine.ts `row`, `exceptions`); a
        // cell row does not, and they are a pod with itself and a pod NetworkPolicy treats as
        // its node (hostNetwork) with the pods of that node: targets here are never hostNetwork,
        // so only a hostNetwork source is asked pair by pair.
        const exact = cells && sourceHostNetwork[s] ? matrix.allowed(ms, mt, q.port, q.protocol) : rowSays;
        note(slot(i, j, true, p, exact), 1, s, t);
      }
      const elsewhere = b.members.length - onNode;
      note(slot(i, j, false, p, true), all, s, -1);
      note(slot(i, j, false, p, false), elsewhere - all, s, -1);
    }
  };
  for (const { q, uses } of distinct.values()) {
    if (policy.tiered) {
      // Admin tiers: rows pod by pod.
      for (let s = 0; s < sources.keys.length; s++) visit(s, q, uses, undefined, undefined);
      continue;
    }
    // Groups of sources whose rows are equal before per-pod exceptions (src/matrix/engine.ts
    // `sourceGroups`): the per-class counts once per group.
    forEachSourceGroup(matrix, q, (g) => {
      const ours = g.members.flatMap((m) => sourcesAt.get(m) ?? []);
      if (ours.length === 0) return;
      // Pods an egress ipBlock admits by address make the row non-uniform per cell: pod rows then.
      if (g.egressPods !== undefined && g.egressPods.some((w) => w !== 0)) {
        for (const s of ours) visit(s, q, uses, undefined, undefined);
        return;
      }
      const perClass = new Float64Array(J);
      const cells = g.cells;
      for (let w = 0; w < cells.length; w++) {
        let v = cells[w]!;
        while (v !== 0) {
          const low = v & -v;
          const cell = w * 32 + (31 - Math.clz32(low));
          v ^= low;
          if (cell >= cellCount) continue;
          for (let at = inCellStart[cell]!; at < inCellStart[cell + 1]!; at++) perClass[inCellClass[at]!]! += inCellCount[at]!;
        }
      }
      for (const s of ours) visit(s, q, uses, g.cells, perClass);
    });
  }
  const out: FactoredKind[] = [];
  for (let i = 0; i < I; i++)
    for (let j = 0; j < J; j++)
      for (const same of [false, true])
        for (let p = 0; p < queries[j]!.length; p++)
          for (const allowed of [true, false]) {
            const k = slot(i, j, same, p, allowed);
            const count = tallies.count[k]!;
            if (count <= 0) continue;
            const s = tallies.rep[2 * k]!;
            let t = tallies.rep[2 * k + 1]!;
            if (t < 0) t = otherNodeTarget(matrix, sources, targets, s, srcM[s]!, tgtM, queries[j]![p]!, allowed, cellsOf[j]!);
            if (t < 0) return undefined;
            out.push({ sourceClass: i, targetClass: j, sameNode: same, port: p, allowed, count, rep: { source: s, target: t } });
          }
  return out;
}

/** One past the highest cell any target class has members in. */
function matrixCellCount(cellsOf: readonly ReadonlyMap<number, readonly number[]>[]): number {
  let n = 0;
  for (const byCell of cellsOf) for (const cell of byCell.keys()) n = Math.max(n, cell + 1);
  return n;
}

function countIn(podRow: Uint32Array, members: readonly number[], tgtM: readonly (number | undefined)[]): number {
  let n = 0;
  for (const t of members) if (hasBit(podRow, tgtM[t]!)) n++;
  return n;
}

/** A target of the class (its members by cell) on another node than source `s` whose pair the matrix allows (or denies); -1: none. */
function otherNodeTarget(
  matrix: ReachMatrix,
  sources: Side,
  targets: Side,
  s: number,
  ms: number,
  tgtM: readonly (number | undefined)[],
  q: PortQuery,
  allowed: boolean,
  byCell: ReadonlyMap<number, readonly number[]>,
): number {
  const node = sources.nodes[s];
  for (const members of byCell.values()) {
    // The first member off the source's node speaks for its cell (members of a cell share the
    // verdict off the source's node, but ipBlocks may tell them apart: asked, not assumed).
    const x = members.find((m) => node === undefined || targets.nodes[m] !== node);
    if (x !== undefined && matrix.allowed(ms, tgtM[x]!, q.port, q.protocol) === allowed) return x;
  }
  for (const members of byCell.values())
    for (const x of members) if ((node === undefined || targets.nodes[x] !== node) && matrix.allowed(ms, tgtM[x]!, q.port, q.protocol) === allowed) return x;
  return -1;
}

/** Whether a representative's flows agree with the matrix's verdict (see the header). */
export function agreesWithMatrix(flows: readonly Flow[], allowed: boolean): boolean {
  for (const f of flows) {
    if (f.masqueraded || f.hops.some((h) => (h.nat ?? []).some((n) => n.kind === 'SNAT' || n.kind === 'masquerade'))) return false;
    if (allowed && f.cause === 'policy') return false;
    if (!allowed && (f.outcome === 'allow' || f.cause === 'no-listener')) return false;
  }
  return true;
}

/** The port a probe of a pod with these container ports uses, as probe.ts `containerPort` resolves it; undefined: unresolvable here. */
export function queryOf(ports: readonly { readonly name?: string; readonly containerPort: number; readonly protocol: Protocol }[], port: number | string, protocol: Protocol | undefined): PortQuery | undefined {
  const ok = (c: { readonly protocol: Protocol }): boolean => protocol === undefined || c.protocol === protocol;
  if (port === '') {
    const first = ports.find(ok);
    return first ? { port: first.containerPort, protocol: first.protocol } : { port: 0, protocol: protocol ?? 'TCP' };
  }
  if (typeof port === 'number') return { port, protocol: protocol ?? ports.find((c) => c.containerPort === port)?.protocol ?? 'TCP' };
  const named = ports.find((c) => c.name === port && ok(c));
  return named ? { port: named.containerPort, protocol: named.protocol } : undefined;
}

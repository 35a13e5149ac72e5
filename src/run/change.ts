/**
 * Change checks (`expect no new connections [from END] [to END]` in a step): the connection list
 * of the cluster the step started from and of the cluster it leaves (connlist on each, as
 * `netscn diff FILE.netscn --from-step N-1 --to-step N` lists them: src/connlist/diff.ts), the
 * changes whose ends fall in the scope, and of those the ones the expectation forbids:
 * - `no new connections`: an added connection, or one that gained ports (diff.ts `widens`);
 * - `no lost connections`: a removed connection, or one that lost ports;
 * - `connections unchanged`: any change.
 * A change that both gains and loses ports breaks both. Scope, per end (an absent end: any):
 * `namespace X`, the workloads of X; `pod P`, P's workload (its owner, else P) before or after the
 * step; `internet`, external address ranges, and as a source also the ingress controller (what an
 * Ingress or Route exposes). A failure lists the forbidden changes in the diff's review order
 * (most exposed first).
 */
import type { ChangeCheck, ChangeScopeEnd } from '../check/scenario.js';
import { connlistInputFromCluster } from '../connlist/cluster-input.js';
import { CONTROLLER_LABEL, workloadLabel, workloadsOf } from '../connlist/connlist.js';
import { changeLine } from '../connlist/diff-formats.js';
import { diffConnlists, widens, type ConnectionChange, type ConnlistSide } from '../connlist/diff.js';
import { connlist } from '../connlist/matrix-list.js';
import { parseRangeLabel } from '../connlist/ranges.js';
import { parseDnsLabel } from '../connlist/dns-destinations.js';
import { assertNever } from '../spec/never.js';
import { changePhrase } from '../syntax/keywords.js';
import type { ClusterSpec } from '../spec/types.js';

/** A cluster's connection list and workloads, computed once per cluster of a run. */
export type ConnlistSides = (spec: ClusterSpec) => ConnlistSide;

/** A memo of connlist sides, for one run: consecutive steps share the cluster between them. */
export function connlistSides(): ConnlistSides {
  const memo = new WeakMap<ClusterSpec, ConnlistSide>();
  return (spec) => {
    let side = memo.get(spec);
    if (!side) {
      const input = connlistInputFromCluster(spec);
      side = { workloads: workloadsOf(input.pods, input.kindlessOwners).map(workloadLabel), connections: connlist(input) };
      memo.set(spec, side);
    }
    return side;
  };
}

/** What a change check compares: the cluster the step started from, and the lists' memo. */
export interface StepChange {
  readonly before: ClusterSpec;
  readonly sides: ConnlistSides;
}

export interface ChangeVerdict {
  readonly passed: boolean;
  /** One line. */
  readonly message: string;
  /** The changes in scope that the expectation forbids, in review order. */
  readonly changes: readonly ConnectionChange[];
}

/** Failing changes named in the message before "and N more". */
const NAMED = 1;

export function evaluateChange(check: ChangeCheck, step: StepChange, after: ClusterSpec): ChangeVerdict {
  const diff = diffConnlists(step.sides(step.before), step.sides(after));
  const inScope = (end: ChangeScopeEnd | undefined, label: string, source: boolean): boolean => end === undefined || matches(end, label, source, step.before, after);
  const scoped = diff.connections.filter((c) => inScope(check.from, c.src, true) && inScope(check.to, c.dst, false));
  const forbidden = scoped.filter((c) => breaks(check, c));
  if (forbidden.length === 0) {
    const total = diff.connections.length;
    const what = total === 0 ? 'the step changes no connection' : `the step changes ${count(total, 'connection')}, ${scoped.length} of them in scope, and ${VERB[check.expect]} none`;
    return { passed: true, message: what, changes: [] };
  }
  const named = forbidden.slice(0, NAMED).map(changeLine).join('; ');
  const more = forbidden.length > NAMED ? ` (and ${forbidden.length - NAMED} more)` : '';
  const found = `the step ${VERB[check.expect]} ${count(forbidden.length, 'connection')}`;
  return { passed: false, message: `expected ${changePhrase(check.expect)}, but ${found}: ${named}${more}`, changes: forbidden };
}

/** What each expectation forbids, as a verb of the step. */
const VERB: Readonly<Record<ChangeCheck['expect'], string>> = { 'no-new': 'opens', 'no-lost': 'closes', unchanged: 'changes' };

function breaks(check: ChangeCheck, c: ConnectionChange): boolean {
  switch (check.expect) {
    case 'no-new':
      return widens(c);
    case 'no-lost':
      return c.lost.size > 0;
    case 'unchanged':
      return true;
    default:
      return assertNever(check.expect);
  }
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Whether a connection end (a connlist label) is in the scope end; `source`: the connection's source end. */
function matches(end: ChangeScopeEnd, label: string, source: boolean, before: ClusterSpec, after: ClusterSpec): boolean {
  const external = parseRangeLabel(label) !== undefined || parseDnsLabel(label) !== undefined;
  const controller = label === CONTROLLER_LABEL;
  switch (end.kind) {
    case 'internet':
      return external || (source && controller);
    case 'namespace':
      return !external && !controller && label.slice(0, label.indexOf('/')) === end.name;
    case 'pod':
      return [before, after].some((spec) => {
        const pod = spec.pods.find((p) => p.namespace === end.namespace && p.name === end.name);
        return pod !== undefined && workloadsOf([pod]).some((w) => workloadLabel(w) === label);
      });
    default:
      return assertNever(end);
  }
}

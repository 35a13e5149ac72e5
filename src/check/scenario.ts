/**
 * A checked scenario: what `check` produces from an AST and `run` executes. Names are resolved
 * (qualified with their namespace), values validated; only a file with no error diagnostics
 * becomes a Scenario.
 */
import type {
  ClusterSpec,
  LabelSelector,
  Span,
} from '../spec/types.js';
import type { Change } from '../spec/objects.js';
import type { Cause, HttpRequestSpec, Probe, ProbeSource, ProbeTarget, RecordType, Stage, Via } from '../net/types.js';
import type { Protocol } from '../spec/types.js';
import type { OutcomeWord } from '../syntax/ast.js';
import type { ChangeExpectation } from '../syntax/keywords.js';
import type { Binding } from './params/variant.js';

/** A graded task of an exercise: its checks are the step `step` (no changes, the declared cluster). */
export interface TaskInfo {
  readonly title: string;
  readonly points: number;
  readonly description?: string;
  readonly step: number;
  /** Per check of that step: hidden from the learner. */
  readonly hidden: readonly boolean[];
  readonly span: Span;
}

export interface Scenario {
  readonly file: string;
  readonly title: string;
  /** Exercises: the graded tasks. */
  readonly tasks?: readonly TaskInfo[];
  /** Exercises: the files a learner hands in (`load … learner "name"`). */
  readonly learnerFiles?: readonly string[];
  /** A template's variant (params/template.ts): its seed and every parameter's value. */
  readonly variant?: { readonly seed: string; readonly bindings: readonly Binding[] };
  /** The cluster as declared (before any step). */
  readonly cluster: ClusterSpec;
  /** steps[0] holds the top-level assertions (no title); each later step starts from the state the previous one left. */
  readonly steps: readonly Step[];
}

export interface Step {
  readonly title?: string;
  readonly span?: Span;
  /** Applied in order before the checks. */
  readonly changes: readonly Change[];
  readonly checks: readonly Check[];
}

export type ExpectedOutcome = OutcomeWord;

export interface ReachExpectation {
  readonly outcome: ExpectedOutcome;
  /**
   * `expect intermittent`: some of the paths succeed and some fail (with `cause`, when given);
   * the extras then speak of the successful ones.
   */
  readonly intermittent?: boolean;
  readonly outcomeSpan: Span;
  /** `deny by policy` etc.: the cause every failing flow must have. */
  readonly cause?: Cause;
  readonly sourceSeen?:
    | { readonly mode: 'preserved' | 'masqueraded'; readonly span: Span }
    | { readonly mode: 'address'; readonly ip: string; readonly span: Span };
  /** `backends a, b`: every flow lands on one of these; with `only`... see run. */
  readonly backends?: { readonly pods: readonly { readonly namespace: string; readonly name: string }[]; readonly span: Span };
  /** `share POD N%`: the fraction of connections landing on each pod named, in percent. */
  readonly podShares?: readonly { readonly namespace: string; readonly name: string; readonly percent: number; readonly span: Span }[];
  /** `[not] through STAGE`: every path passes (or no path passes) the stage. */
  readonly through?: readonly { readonly stage: Stage; readonly negated: boolean; readonly span: Span }[];
  /**
   * `masquerade-mark yes|no`: kube-proxy marks every path's packet for masquerade (or none), a
   * decision that shows even where the source address does not change (a node's own packets).
   */
  readonly masqueradeMark?: { readonly marked: boolean; readonly span: Span };
}

export interface ReachCheck {
  readonly kind: 'reach';
  readonly text: string;
  readonly span: Span;
  readonly probe: Probe;
  readonly expect: ReachExpectation;
}

export type DnsExpect =
  | { readonly kind: 'nxdomain' }
  /** The name exists but has no record of the asked type (NOERROR, empty: "NODATA"). */
  | { readonly kind: 'no-records' }
  | { readonly kind: 'address-in'; readonly cidr: string }
  | { readonly kind: 'addresses'; readonly ips: readonly string[] }
  | { readonly kind: 'address-of'; readonly target: ProbeTarget }
  | { readonly kind: 'cname'; readonly name: string }
  | { readonly kind: 'srv'; readonly port: number };

export interface ResolveCheck {
  readonly kind: 'resolve';
  readonly text: string;
  readonly span: Span;
  readonly source: ProbeSource;
  readonly name: string;
  readonly recordType: RecordType;
  readonly expect: DnsExpect;
  readonly expectSpan: Span;
}

export interface TableCheck {
  readonly kind: 'table';
  readonly text: string;
  readonly span: Span;
  readonly via?: Via;
  readonly port?: number | string;
  readonly protocol?: Protocol;
  /** `ports …`: every cell is judged on each of these (port and protocol) and must hold on all. */
  readonly ports?: readonly { readonly port: number | string; readonly protocol?: Protocol }[];
  /** A pod-group column or row makes each of its cells hold for every pair of the groups. */
  readonly columns: readonly { readonly target: ProbeTarget | PodGroup; readonly label: string; readonly span: Span }[];
  readonly rows: readonly {
    readonly source: ProbeSource | PodGroup;
    readonly label: string;
    readonly span: Span;
    /** One per column; '*' accepts any outcome. */
    readonly cells: readonly { readonly expect: ExpectedOutcome | '*'; readonly span: Span }[];
  }[];
}

/**
 * Pods chosen by labels when the assertion runs: declared pods (not the model's built-in ones)
 * whose namespace is `namespace` (or matches `namespaces`) and whose labels match `pods`.
 * Absent fields select everything.
 */
export interface PodGroup {
  readonly kind: 'pod-group';
  readonly namespace?: string;
  readonly namespaces?: LabelSelector;
  readonly pods?: LabelSelector;
  /** As written, e.g. `pods app=web in namespace shop`. */
  readonly label: string;
}

/**
 * A "for all" assertion: every (source, destination) pair of the groups (a pod never paired
 * with itself), on one port, the default port, or every port class (`anyPort`), must meet the
 * expectation. A failure counts the failing connections and shows the first one's trace.
 */
export interface GroupCheck {
  readonly kind: 'group';
  readonly text: string;
  readonly span: Span;
  readonly source: ProbeSource | PodGroup;
  readonly target: ProbeTarget | PodGroup;
  /** Applies to pod members of a target group (pod paths only) and to a single target. */
  readonly via?: Via;
  readonly node?: string;
  readonly port?: number | string;
  readonly protocol?: Protocol;
  /** `over ipv6`: connect over this IP family. */
  readonly family?: 4 | 6;
  /**
   * Every port a destination could be told apart on: a pod's declared container ports, or for
   * a pod that declares none, one port of each class the cluster's policies distinguish, per
   * protocol; a Service's ports.
   */
  readonly anyPort: boolean;
  readonly expect: ReachExpectation;
}

export interface RequestExpectation {
  /** undefined when only a status was asked for. */
  readonly outcome?: ExpectedOutcome;
  /** `expect intermittent`: some paths succeed and some fail. */
  readonly intermittent?: boolean;
  readonly status?: number;
  readonly cause?: Cause;
  readonly outcomeSpan: Span;
  readonly sourceSeen?: ReachExpectation['sourceSeen'];
  readonly backends?: ReachExpectation['backends'];
  readonly through?: ReachExpectation['through'];
  readonly masqueradeMark?: ReachExpectation['masqueradeMark'];
  readonly backendService?: { readonly namespace: string; readonly name: string; readonly span: Span };
  /** `share svc X 10%`: the fraction of such requests routed to X, in percent (one per Service named). */
  readonly shares?: readonly { readonly namespace: string; readonly name: string; readonly percent: number; readonly span: Span }[];
  readonly tlsAt?: { readonly where: 'controller' | 'load-balancer'; readonly span: Span };
  /** client: the original client address; masqueraded: some other address (a node's, after SNAT). */
  readonly xff?: { readonly mode: 'client' | 'masqueraded'; readonly span: Span } | { readonly mode: 'address'; readonly ip: string; readonly span: Span };
}

export interface RequestCheck {
  readonly kind: 'request';
  readonly text: string;
  readonly span: Span;
  readonly source: ProbeSource;
  readonly request: HttpRequestSpec;
  readonly expect: RequestExpectation;
}

/** One end of a change check's scope, its names resolved. */
export type ChangeScopeEnd =
  /** The workloads of a namespace. */
  | { readonly kind: 'namespace'; readonly name: string }
  /** The workload a pod belongs to (its owner, else the pod itself), on either side of the step. */
  | { readonly kind: 'pod'; readonly namespace: string; readonly name: string }
  /** Addresses outside the cluster; as a source, the ingress controller too (what reaches in from outside). */
  | { readonly kind: 'internet' };

/**
 * A step's change checked (`expect no new connections [from END] [to END]`): the connection
 * lists of the cluster the step started from and of the cluster it leaves, compared as `netscn
 * diff` compares them; the changes whose ends fall in the scope (an absent end: any) must be
 * none of the kind `expect` forbids.
 */
export interface ChangeCheck {
  readonly kind: 'change';
  readonly text: string;
  readonly span: Span;
  readonly expect: ChangeExpectation;
  readonly from?: ChangeScopeEnd;
  readonly to?: ChangeScopeEnd;
}

export type Check = ReachCheck | ResolveCheck | TableCheck | GroupCheck | RequestCheck | ChangeCheck;

/**
 * The functions a run needs from the rest of the pipeline, passed in as one object so the runner
 * holds no module state and tests can hand it small fakes. `defaultEngine` (engine-default.ts)
 * wires the real front end, model and trace engine.
 */
import type { ReadFile } from '../check/file-read.js';
import type { Change } from '../spec/objects.js';
import type { Scenario } from '../check/scenario.js';
import type { Diagnostic } from '../diag/diagnostic.js';
import type { DnsResult, HttpRequestSpec, Probe, ProbeResult, ProbeSource, ProbeTarget, RecordType } from '../net/types.js';
import type { ClusterSpec } from '../spec/types.js';
import type { ForAllScope } from '../net/index.js';
import type { PolicyMatrix } from './forall-matrix.js';

/** The part of a built cluster state the runner reads itself; the rest is opaque to it. */
export interface EngineState {
  readonly problems: readonly Diagnostic[];
}

export interface FrontEndOptions {
  /** Reads what the scenario names (`load`), confined to its project (check/file-read.ts). */
  readonly readFile?: ReadFile;
  /** Grading: the learner's file of this name, read in place of the author's (`load … learner`). */
  readonly learnerFile?: (name: string) => string | undefined;
  /** A template (a file with parameters): the seed of the variant to check (check/params/variant.ts). */
  readonly seed?: string;
  /** A template: values given by parameter name, in place of drawn ones. */
  readonly values?: ReadonlyMap<string, string>;
}

export interface CheckedSource {
  readonly scenario?: Scenario;
  readonly diagnostics: readonly Diagnostic[];
}

/*
 * Method syntax on purpose: the real functions take the concrete ClusterState, and method
 * parameters stay assignable to this narrower view of it.
 */
export interface Engine {
  parseAndCheck(text: string, file: string, opts?: FrontEndOptions): CheckedSource;
  applyChange(spec: ClusterSpec, change: Change): ClusterSpec;
  buildState(spec: ClusterSpec): EngineState;
  /**
   * The state after `changes`, derived from the previous step's state without a rebuild, when
   * the changes allow it (pod conditions); undefined: the runner rebuilds from `spec`.
   */
  updateState?(previous: EngineState, spec: ClusterSpec, changes: readonly Change[]): EngineState | undefined;
  probe(state: EngineState, probe: Probe): ProbeResult;
  resolve(state: EngineState, source: ProbeSource, name: string, type: RecordType): DnsResult;
  /** Every path an HTTP request may take: to the Ingress controller, its routing, on to a backend. */
  request(state: EngineState, source: ProbeSource, request: HttpRequestSpec): ProbeResult;
  /**
   * The addresses DNS should answer for a pod or Service: a pod's IP; a Service's ClusterIP, or
   * for a headless Service its ready endpoint IPs. undefined when the object does not exist.
   */
  addressesOf(state: EngineState, target: ProbeTarget, type?: RecordType): readonly string[] | undefined;
  /**
   * A pod's signature as one end of a for-all assertion's connections (src/net/alike.ts
   * `forAllSignature`): pods with equal signatures in `scope` get the same verdict. Absent (small
   * fakes): every pod is a class of its own and the assertion is probed pair by pair.
   */
  forAllSignature?(state: EngineState, namespace: string, name: string, scope: ForAllScope): string | undefined;
  /** The reachability matrix of the state's pods and policies (src/run/forall-matrix.ts); undefined: none. */
  forAllPolicy?(state: EngineState): PolicyMatrix | undefined;
}

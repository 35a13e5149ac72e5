/**
 * Istio AuthorizationPolicy (security.istio.io/v1 and v1beta1) as data: what the manifest reader
 * produces and the mesh evaluator (src/mesh/) reads. Values are validated: ports are numbers,
 * ipBlocks parse, condition keys are ones Istio accepts. Semantics, with citations, are in
 * src/mesh/authorization.ts.
 *
 * Empty lists mean "not set" (Istio: a field that is not set matches anything), so a field is
 * kept as its two lists, `values` and `notValues`, each possibly empty.
 */
import type { Labels, Span } from './types.js';

/** What a policy does with the requests its rules match. */
export type AuthorizationAction =
  /** Requests must match a rule of some ALLOW policy of the workload (once it has one). */
  | 'ALLOW'
  /** A request matching a rule is denied, whatever ALLOW policies say. */
  | 'DENY'
  /** Matching requests are logged; the verdict does not change. */
  | 'AUDIT'
  /** Delegated to an external authorizer (not simulated: the reader skips such policies). */
  | 'CUSTOM';

/** One attribute's constraint: any of `values` (when given) and none of `notValues`. */
export interface AttributeMatch {
  readonly values: readonly string[];
  readonly notValues: readonly string[];
}

/** The source attributes a `from.source` can constrain. */
export type SourceField = 'principals' | 'requestPrincipals' | 'namespaces' | 'ipBlocks' | 'remoteIpBlocks';

/** The operation attributes a `to.operation` can constrain. */
export type OperationField = 'hosts' | 'ports' | 'methods' | 'paths';

/** A `from.source` or `to.operation`: every field given must match (absent fields match anything). */
export type AttributeSet<F extends string> = { readonly [K in F]?: AttributeMatch };

/** A `when` condition: the attribute named by `key` matches one of `values` and none of `notValues`. */
export interface AuthorizationCondition {
  /** As written, e.g. `source.namespace`, `request.headers[x-token]`. */
  readonly key: string;
  readonly match: AttributeMatch;
}

/**
 * One rule: it matches when some source matches (or `from` is empty), some operation matches
 * (or `to` is empty) and every condition matches. `{}` matches everything.
 */
export interface AuthorizationRule {
  readonly from: readonly AttributeSet<SourceField>[];
  readonly to: readonly AttributeSet<OperationField>[];
  readonly when: readonly AuthorizationCondition[];
}

export interface AuthorizationPolicySpec {
  readonly name: string;
  readonly namespace: string;
  /** spec.selector.matchLabels; undefined: every workload of the namespace (of the mesh, in the root namespace). */
  readonly selector?: Labels;
  readonly action: AuthorizationAction;
  /** In order; empty: an ALLOW policy allows nothing, a DENY or AUDIT policy matches nothing. */
  readonly rules: readonly AuthorizationRule[];
  readonly span?: Span;
}

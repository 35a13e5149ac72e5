/**
 * What converting one declaration gives (a spec object and the references it makes, resolved
 * later against the whole cluster: ../refs.ts) and what it may know of the cluster around it.
 */
import type { Span } from '../../spec/types.js';
import type { SpecObject } from '../../spec/objects.js';
import type { PoolDecl } from '../../syntax/ast.js';
import type { Ref } from '../refs.js';
import type { ClusterBase } from '../settings.js';

export interface Converted {
  readonly object: SpecObject;
  readonly refs: readonly Ref[];
  /** Where the object is declared (for duplicate notes). */
  readonly span: Span;
}

/** What conversions need to know about the cluster around them. */
export interface Env {
  readonly base: ClusterBase;
  /** Pool declarations by name: defaults for the nodes in the pool. */
  readonly pools: ReadonlyMap<string, PoolDecl>;
  /** The node a pod without `on` is placed on; undefined when the cluster has no node. */
  readonly defaultNode?: string;
}

/**
 * References an object makes to others, collected while converting and resolved once the cluster
 * (or a step's evolved cluster) is known, so declaration order never matters.
 */
import type { Span } from '../spec/types.js';
import type { ParsedIp } from '../address/validate.js';

export type Ref =
  /** A node that must exist (a pod's `on`, an endpoint's `node`, `attach node`). */
  | { readonly kind: 'node'; readonly name: string; readonly span: Span }
  /** A Service that must exist in `namespace`. */
  | { readonly kind: 'service'; readonly namespace: string; readonly name: string; readonly span: Span }
  /** A network domain some node is in (`host … domain NAME`). */
  | { readonly kind: 'domain'; readonly name: string; readonly span: Span }
  /** A host that must exist (`attach host`). */
  | { readonly kind: 'host'; readonly name: string; readonly span: Span }
  /** A security group a rule references (`from group NAME`). */
  | { readonly kind: 'security-group'; readonly name: string; readonly span: Span }
  /** A node pool that must exist (declared with `pool` or named by some node). */
  | { readonly kind: 'pool'; readonly name: string; readonly span: Span }
  /** A namespace an object lives in: created implicitly when undeclared. */
  | { readonly kind: 'namespace'; readonly name: string; readonly span: Span }
  /** A pinned pod IP that must lie in its node's pod CIDR (or the cluster's). */
  | { readonly kind: 'pod-ip'; readonly ip: ParsedIp; readonly node: string; readonly span: Span };

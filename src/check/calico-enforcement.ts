/**
 * Calico's policy objects where Calico does not run (spec/types.ts Settings.calicoPolicy 'off':
 * the scenario names a CNI without Calico, or none on a network that enforces no NetworkPolicy, and
 * no `set calico-policy enforced`): a warning at each
 * Calico NetworkPolicy, GlobalNetworkPolicy, Profile and HostEndpoint of the cluster, which are
 * read and not enforced (policy/evaluate.ts and model/build-state.ts leave them out). In a step,
 * only the objects the step declares (`focus`, their objectKeys) are warned about again.
 */
import { DIAG, message } from '../diag/catalogue.js';
import { objectKey } from '../spec/kinds.js';
import type { ClusterSpec } from '../spec/types.js';
import { warn, type Ctx } from './context.js';

export function warnUnenforcedCalico(ctx: Ctx, spec: ClusterSpec, focus?: ReadonlySet<string>): void {
  if (spec.settings.calicoPolicy === 'enforced') return;
  const objects = [
    ...spec.calicoNetworkPolicies.map((p) => ({ kind: 'NetworkPolicy (projectcalico.org/v3)', name: `${p.namespace}/${p.name}`, key: objectKey('calico-network-policy', p.namespace, p.name), span: p.span })),
    ...spec.calicoGlobalNetworkPolicies.map((p) => ({ kind: 'GlobalNetworkPolicy', name: p.name, key: objectKey('calico-global-network-policy', undefined, p.name), span: p.span })),
    ...spec.calicoProfiles.map((p) => ({ kind: 'Profile', name: p.name, key: objectKey('calico-profile', undefined, p.name), span: p.span })),
    ...spec.calicoHostEndpoints.map((h) => ({ kind: 'HostEndpoint', name: h.name, key: objectKey('calico-host-endpoint', undefined, h.name), span: h.span })),
  ];
  for (const o of objects) {
    if (o.span === undefined || (focus !== undefined && !focus.has(o.key))) continue;
    warn(ctx, DIAG.calicoNotEnforced, o.span, message(DIAG.calicoNotEnforced, { kind: o.kind, name: o.name, why: spec.cni !== undefined ? `cni ${spec.cni}` : 'no CNI named, and the network enforces no NetworkPolicy' }), {
      help: 'use `set calico-policy enforced` when Calico runs in policy-only mode beside this CNI, or `cni calico` when it is the CNI',
    });
  }
}

/**
 * Cilium's policies under another CNI (policy/cilium.ts's header, 13): a scenario that names a
 * CNI other than Cilium gets a warning at each CiliumNetworkPolicy and
 * CiliumClusterwideNetworkPolicy of its cluster, which are read and not enforced (build-state.ts
 * leaves them out of the policy index). In a step, only the policies the step declares (`focus`,
 * their objectKeys) are warned about again. A cluster with Calico policies as well, where Calico
 * enforces them too (no CNI named, or `set calico-policy enforced` beside Cilium), is evaluated by
 * Calico's tiers alone (policy/evaluate.ts): its Cilium policies get NS2125 instead. Under
 * `cni cilium` Calico does not run by default, and Cilium's policies decide; there a policy with
 * fromNodes / toNodes gets NS2126 unless `set cilium-node-selector-labels true`: Cilium refuses it
 * (policy/cilium.ts, 7b).
 */
import { DIAG, message } from '../diag/catalogue.js';
import { hasCalicoPolicies } from '../spec/calico.js';
import { CILIUM_CNI, ciliumEnforced, namedCiliumPolicies, usesNodeSelectors } from '../spec/cilium.js';
import { objectKey } from '../spec/kinds.js';
import type { ClusterSpec } from '../spec/types.js';
import { warn, type Ctx } from './context.js';

export function warnUnenforcedCilium(ctx: Ctx, spec: ClusterSpec, focus?: ReadonlySet<string>): void {
  const besideCalico = ciliumEnforced(spec.cni) && spec.settings.calicoPolicy === 'enforced' && hasCalicoPolicies(spec);
  const policies = namedCiliumPolicies(spec).map(({ kind, name, namespace, policy }) => ({
    kind,
    name,
    key: objectKey(kind === 'CiliumNetworkPolicy' ? 'cilium-network-policy' : 'cilium-clusterwide-network-policy', namespace, policy.name),
    span: policy.span,
    body: policy,
  }));
  if (ciliumEnforced(spec.cni) && !besideCalico) {
    // Enforced: a policy with fromNodes / toNodes is refused without enable-node-selector-labels (policy/cilium.ts, 7b).
    if (spec.settings.ciliumNodeSelectorLabels) return;
    for (const p of policies) {
      if (p.span === undefined || (focus !== undefined && !focus.has(p.key)) || !usesNodeSelectors(p.body)) continue;
      warn(ctx, DIAG.ciliumNodeSelectorsRefused, p.span, message(DIAG.ciliumNodeSelectorsRefused, { kind: p.kind, name: p.name }), {
        help: 'add `set cilium-node-selector-labels true` if the cluster\'s Cilium runs with enable-node-selector-labels',
      });
    }
    return;
  }
  for (const p of policies) {
    if (p.span === undefined || (focus !== undefined && !focus.has(p.key))) continue;
    if (besideCalico) warn(ctx, DIAG.ciliumBesideCalico, p.span, message(DIAG.ciliumBesideCalico, { kind: p.kind, name: p.name }));
    else
      warn(ctx, DIAG.ciliumNotEnforced, p.span, message(DIAG.ciliumNotEnforced, { kind: p.kind, name: p.name, cni: spec.cni ?? '' }), {
        help: `use \`cni ${CILIUM_CNI}\` for Cilium to enforce it`,
      });
  }
}

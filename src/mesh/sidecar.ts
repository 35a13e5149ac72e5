/**
 * Which pods run Istio's sidecar proxy, and the identity it presents.
 *
 * Injection (https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/, "Controlling
 * the injection policy"): the injector's webhooks see a pod when its namespace has the label
 * `istio-injection=enabled` (or a revision label `istio.io/rev`, without `istio-injection`), or
 * when the pod itself has the label `sidecar.istio.io/inject=true` in a namespace without the
 * `istio-injection` label. A pod the webhook sees is injected unless the pod's label (or the
 * older annotation) `sidecar.istio.io/inject` is "false". `istio-injection=disabled` on the
 * namespace wins over everything. hostNetwork pods are never injected (they share the node's
 * network namespace, which the sidecar's iptables rules must not rewrite), nor are pods of
 * kube-system and kube-public (the injector's namespaceSelector excludes them).
 *
 * Identity (https://istio.io/latest/docs/concepts/security/#istio-identity): a sidecar presents
 * the SPIFFE identity `<trust domain>/ns/<namespace>/sa/<service account>` over mutual TLS; the
 * trust domain defaults to `cluster.local` and the service account to `default`. A client
 * without a sidecar talks plain text and has no principal (and no namespace) at the destination.
 */
import type { Labels } from '../spec/types.js';

export const INJECTION_LABEL = 'istio-injection';
export const REVISION_LABEL = 'istio.io/rev';
export const INJECT_LABEL = 'sidecar.istio.io/inject';
export const TRUST_DOMAIN = 'cluster.local';
export { ROOT_NAMESPACE } from '../spec/istio-root-namespace.js';

const NEVER_INJECTED: readonly string[] = ['kube-system', 'kube-public'];

/** What decides a pod's injection. */
export interface InjectionFacts {
  readonly namespace: string;
  readonly namespaceLabels: Labels;
  readonly podLabels: Labels;
  /** The pod's `sidecar.istio.io/inject` annotation, when set. */
  readonly podAnnotation?: string | undefined;
  readonly hostNetwork: boolean;
}

/** Whether the pod runs a sidecar, with the reason in words (for traces). */
export function sidecarOf(f: InjectionFacts): { readonly injected: boolean; readonly why: string } {
  if (f.hostNetwork) return { injected: false, why: 'hostNetwork pods get no sidecar' };
  if (NEVER_INJECTED.includes(f.namespace)) return { injected: false, why: `the injector never injects pods of ${f.namespace}` };
  const ns = f.namespaceLabels[INJECTION_LABEL];
  const pod = f.podLabels[INJECT_LABEL] ?? f.podAnnotation;
  if (ns === 'disabled') return { injected: false, why: `namespace ${f.namespace} has ${INJECTION_LABEL}=disabled` };
  const seen = ns === 'enabled' || (ns === undefined && f.namespaceLabels[REVISION_LABEL] !== undefined) || (ns === undefined && f.podLabels[INJECT_LABEL] === 'true');
  if (!seen) return { injected: false, why: `neither namespace ${f.namespace} (${INJECTION_LABEL}=enabled) nor the pod (${INJECT_LABEL}=true) asks for injection` };
  if (pod === 'false') return { injected: false, why: `the pod opts out (${INJECT_LABEL}=false)` };
  return { injected: true, why: ns === 'enabled' ? `namespace ${f.namespace} has ${INJECTION_LABEL}=enabled` : ns === undefined && f.namespaceLabels[REVISION_LABEL] !== undefined ? `namespace ${f.namespace} has ${REVISION_LABEL}` : `the pod has ${INJECT_LABEL}=true` };
}

/** The principal a sidecar presents over mutual TLS. */
export function principalOf(namespace: string, serviceAccount: string | undefined): string {
  return `${TRUST_DOMAIN}/ns/${namespace}/sa/${serviceAccount ?? 'default'}`;
}

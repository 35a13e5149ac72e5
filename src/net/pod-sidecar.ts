/**
 * Whether a pod of the cluster state runs Istio's sidecar (the injection rules, with citations,
 * are src/mesh/sidecar.ts): read by the destination's stage (sidecar.ts) and the client's
 * (sidecar-egress.ts).
 */
import type { ClusterState, PodState } from '../model/state.js';
import { sidecarOf } from '../mesh/sidecar.js';

/** Whether the pod runs a sidecar, and why. */
export function podSidecar(state: ClusterState, pod: PodState): ReturnType<typeof sidecarOf> {
  return sidecarOf({
    namespace: pod.namespace,
    namespaceLabels: state.namespaces.get(pod.namespace)?.labels ?? {},
    podLabels: pod.spec.labels,
    podAnnotation: pod.spec.sidecarInject,
    hostNetwork: pod.spec.hostNetwork,
  });
}

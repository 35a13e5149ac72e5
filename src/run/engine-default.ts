/** The real pipeline behind the Engine interface. */
import { parseAndCheck } from '../check/index.js';
import { buildState, type ClusterState } from '../model/index.js';
import { forAllSignature, probe, request, resolve } from '../net/index.js';
import { applyChange } from '../spec/apply.js';
import type { Engine } from './engine.js';
import type { PolicyMatrix } from './forall-matrix.js';
import { buildMatrix, type MatrixPod } from '../matrix/index.js';
import { expectedAddresses } from './expected-addresses.js';
import { withPodConditions } from '../model/incremental.js';
import type { Change } from '../spec/objects.js';
import type { ClusterSpec } from '../spec/types.js';
import { kindsOutsideMatrix } from '../spec/kinds.js';
import { CILIUM_CNI } from '../spec/cilium.js';

/** Pod condition changes (ready, not-ready, terminate, restart) go the incremental way. */
function updateState(previous: ClusterState, spec: ClusterSpec, changes: readonly Change[]): ClusterState | undefined {
  let state: ClusterState | undefined = previous;
  for (const c of changes) {
    if (!state || c.kind !== 'pod-lifecycle' || c.action === 'recreate') return undefined;
    const pod = spec.pods.find((p) => p.namespace === c.namespace && p.name === c.name);
    if (!pod) return undefined;
    state = withPodConditions(state, spec, `${c.namespace}/${c.name}`, { ready: pod.ready, terminating: pod.terminating });
  }
  return state;
}

const matrixByState = new WeakMap<ClusterState, PolicyMatrix | null>();

/**
 * The reachability matrix of the state's pods (declared and built-in, at their primary
 * addresses) under its policies, as the model's policy index has them (build-state.ts: the
 * namespaces with their implied labels, nodes with kubernetes.io/hostname). Undefined when a pod
 * has no address, or when the cluster holds a kind the matrix cannot answer for (the kind
 * registry's `outsideMatrix`: user-defined networks, Calico policies, Istio
 * AuthorizationPolicies), or when Istio's meshConfig drops unknown outbound traffic
 * (`set mesh-outbound-traffic-policy registry-only`: net/sidecar-egress.ts), or when its CNI is
 * Cilium (whose ipBlocks match only addresses outside the cluster: policy/cilium.ts, 8); for-all
 * assertions then go pair by pair through the trace engine.
 * Built once per state.
 */
function policyMatrix(state: ClusterState): PolicyMatrix | undefined {
  const known = matrixByState.get(state);
  if (known !== undefined) return known ?? undefined;
  const spec = state.spec;
  if (kindsOutsideMatrix(spec).length > 0 || spec.settings.meshOutboundTrafficPolicy === 'REGISTRY_ONLY' || spec.cni === CILIUM_CNI) {
    matrixByState.set(state, null);
    return undefined;
  }
  const pods: MatrixPod[] = [];
  const index = new Map<string, number>();
  for (const p of state.pods) {
    if (p.ip === undefined) {
      matrixByState.set(state, null);
      return undefined;
    }
    index.set(p.key, pods.length);
    pods.push({ name: p.name, namespace: p.namespace, node: p.spec.node, labels: p.spec.labels, ports: p.spec.ports, hostNetwork: p.spec.hostNetwork, ip: p.ip });
  }
  const matrix = buildMatrix({
    namespaces: [...state.namespaces.values()],
    pods,
    policies: spec.networkPolicies,
    settings: spec.settings,
    ...(spec.adminNetworkPolicies ? { adminNetworkPolicies: spec.adminNetworkPolicies } : {}),
    ...(spec.baselineAdminNetworkPolicy ? { baselineAdminNetworkPolicy: spec.baselineAdminNetworkPolicy } : {}),
    nodes: spec.nodes.map((n) => ({ name: n.name, labels: { 'kubernetes.io/hostname': n.name, ...n.labels } })),
  });
  const out = { matrix, index, tiered: (spec.adminNetworkPolicies?.length ?? 0) > 0 || spec.baselineAdminNetworkPolicy !== undefined };
  matrixByState.set(state, out);
  return out;
}

export const defaultEngine: Engine = {
  parseAndCheck,
  applyChange,
  buildState,
  updateState: (previous, spec, changes) => updateState(previous as ClusterState, spec, changes),
  probe,
  forAllSignature: (state, namespace, name, scope) => forAllSignature(state as ClusterState, namespace, name, scope),
  forAllPolicy: (state) => policyMatrix(state as ClusterState),
  resolve,
  request,
  // AAAA: the addresses of the dual-stack IPv6 plane (none on a single-stack cluster).
  addressesOf: (state, target, type) => {
    const s = state as ClusterState;
    if (type !== 'AAAA') return expectedAddresses(s, target);
    const all = expectedAddresses(s, target);
    return all === undefined ? undefined : s.ipv6 ? expectedAddresses(s.ipv6, target) : [];
  },
};
